//! Known-answer vectors shared by the SRP tests.

use num_bigint::BigUint;

use super::encoding::parse_hex;

// Known-answer vectors computed with pycognito 2024.5.1 aws_srp (client side) and plain
// Python pow() (server side), cross-checked with amazon-cognito-identity-js 6.3.21.

/// One full SRP exchange with fixed secrets; every field is lowercase hex unless named
/// otherwise.
pub(super) struct Kat {
    pub(super) pool_name: &'static str,
    pub(super) user_id: &'static str,
    pub(super) password: &'static str,
    pub(super) salt: &'static str,
    pub(super) a: &'static str,
    pub(super) b: &'static str,
    pub(super) x: &'static str,
    pub(super) verifier: &'static str,
    pub(super) big_a: &'static str,
    pub(super) big_b: &'static str,
    pub(super) u: &'static str,
    pub(super) s: &'static str,
    pub(super) key: &'static str,
    pub(super) secret_block_b64: &'static str,
    pub(super) timestamp: &'static str,
    pub(super) signature: &'static str,
}

pub(super) const USER_HIGHBIT_SALT: Kat = Kat {
    pool_name: "AbC123xYz",
    user_id: "5f1c3a0e-7b7d-4c1e-9a55-0d2a8f8c6b11",
    password: "Correct-Horse-9!",
    salt: "9a3f5c0e11d24b7e8f60a1b2c3d4e5f6",
    a: concat!(
        "c3095963507779c2e6220de9252dc59c28588076535faba478389feb3876057e",
        "d2ea46771c1f5aa4404dc3bb21cd75fb3e006112a96eeed0a5fe5a0cfd1e0160",
        "8dcf0d337471afa723c9dbc2f9a544ebfb0f0d354b7206cfbb24270c1f09082a",
        "a47031bd7ed94559628deef8dc0a81567edc2496988141a6eb12b09395741c21",
    ),
    b: "2b313183523249863edbec2d3abd96e1aa6ee135ad96c33714e43233dc8beaf9",
    x: "4ffac78a15b8c812e3fbab5a0310e9d9bb020adec1b13ddad0353b1e0a2e6a82",
    verifier: concat!(
        "fb0f3af215fafda4235853cdecee2923a1b4db8f11cf948c5e1ba756a37510f9",
        "8147754dd861d6f9720a19eab6d98d23597fb079de25bcc68676b4e7105e1116",
        "8134156024fefb5d19cabb351f2d1846d73f396a1ca2c910ff72d789a1a0181c",
        "5681a6f03419d57de23e1b2ec5e446fba2a3964782acd7f4b79bc8159c8aa97d",
        "efffe971229aa0496bf6881c94757956d4e8a1c1811e61c0fcbc8cb8464eaa5a",
        "eade2972d99254971878457b037e3bfb6dc8ee96b17f2399b199bd7060e46446",
        "50063d3b37efddb3873e2b2130107c5bd85b8ed2555ab75b64de29fbd6e453bb",
        "3f024184ee949e0095491317f483d756d0db132ee0b52035a435021da813bbd3",
        "1ccca436eba6963b544615c68e35d0e032e9ca9a89bd4bf524a781ad93c80d4f",
        "9173d0f491c3e7016d254100c74cd98c8168bf04500301b911ee88d4c04e68b8",
        "4ed37dd15761f9d1dc1f4008b1379738fcf262e864de93aac41bfebc16684115",
        "80f799f0f87102426ea3d4ea73fb011bca9258d11fabadba6b03fd49a4a6a90b",
    ),
    big_a: concat!(
        "6b7700a4ef41da67d083b365b2482ddf2c98919bd16734d99228cb8af4a34d93",
        "c63db2834cf8d52efaa9fb2b9e07806ff3d689f1835598171ca8c0cbc3a884e9",
        "7a62667a8f92ba9636409ba0abafe88da248498c3ea5ee9297ff62acf0576d10",
        "0221af9adda553262b0cb8229314b6c1e63e0ad8c7063094462ad300d4fb1379",
        "a268d1ec0cce554bf4266fbc029bf6114291e9e760e7857dc4416be2983e3329",
        "37dacd15dd3921207c20579d93a2388c196363f3c653257b27a539251ec0fee6",
        "2a9ef010f9a68271c2150fca4e969c6c591477ae71cd5f9469ad8fa5137997cc",
        "d6ec61d90dff9b0819925e7924e63b67d2a129a940802048160c2dff5a23789a",
        "0a2e25ea787ee2712f6bc84a409246a4780942de1a6eb17da13d1f4ea0f327ac",
        "86a8d3b40feaf44342a208ffbcaab0ade8e8dc586c475c877fff9c6e4f07600b",
        "a5c0e385cc604db51020dcedb207a5ec8e6befc8f996660724eeb1440edf834c",
        "104e5ba4a25357a9195f8b6d06fd164c3a15ef2ccc27e3ac16e8e50e93c78bf7",
    ),
    big_b: concat!(
        "37a0277d037811491cea3d5cc723fb6310d5618d3a09e00cdb66c6e1fe6d31e5",
        "60bfbbc83816d2bfb6597044e11363995c0c1d5509b676c42940a30d61c20d35",
        "1ac8c4259a33181f16e7ae49662179ff08e8e99f784872eaafc3d5ab21ab04e7",
        "a15a7e22add06f6b7be1e93da882d0bb175d7c5fb2755fd87109d143a907dfb8",
        "7eaf60c3eb074548344ade586f0b8054b9aef112d327f584234f047e407ec3ab",
        "dd204977ccc3dca6c39c30f68f2e1f78acaa3c31daf02f1f327f98bbcf918f9e",
        "f67765847d38bc824abea0c78cc683469ad26d2ee18c1677c1d8bd67534e26b2",
        "32338c8f985b3990a3cc4f77d1741a02ca547d5c51067252671bb6b94f38c5c1",
        "a36dc24ce8fbf7672bd4d970dbf92b7a6c714810e8bfcec16eed8facbd4e14a8",
        "4b5072451777ecd699c2c1a19399d45bfaf7925ae06c0917a57e2cb2492aadf6",
        "2a76d404acc203fe975876228726b9f71d02b64b7382e4f5eb1ad46fca83aa10",
        "ece0758e3b558fcdf8d946fabb16a83bec4fa703daec6712c015412943151714",
    ),
    u: "6e3af180f12beb929d44e1186cb943708d28aabc7273e0997c417778cec2cfef",
    s: concat!(
        "2d1cb5cea99fdd81d5b01da34a84817221593880a02245e9cbc0688d7357449e",
        "8fac222eff853415ab3ae6d9ef93285f2056cce33b4c2a391c66acfa9afc8355",
        "cf65cf0eea66797c73483e3e6dac3c4e67c3624ec979ceffa9750db6e6bbbc70",
        "3474a1b47a141a13e0f0661a592c48ca2c354b02499e90eb7394dffedbd7f9c6",
        "570f8b7ca7798e59f062918b7bc177fa54e2ff4faf8cdcf1f4573725ce331b64",
        "f89c19c2615c200f7c9da46bf7034987014a7af907af650b1e87e81cfdb8d530",
        "093a4b637af51d93724628944d7a252ed29a406e8cf515ad5f5e1bcc84df6a39",
        "6d4448a2a4d88347ba23dfb61edb052712a5063a882cee6dcb95a9b380246b7c",
        "ea5ea614643d31c934a900ca82815f362255703b2851b868e2fa337444d0dd70",
        "4efe52471455bf2861dbe531bb9ef0af0228087ebf9359cc53800fd960dd6aed",
        "822db3f6d14a8f696915f5f18da04f61d460c8245151ad113e87fd842e0547b4",
        "8994bba636448a96233b243e621708e2a3032f6a143d6794bf659c358d54be39",
    ),
    key: "c92caacae6678ee6a5dac68a0233f102",
    secret_block_b64: "RoS84SUmDO4R0V6JMmfDnV6Vynd3ALGsSk1ZNvEKieAVLPdJXPU0hZpYGAzwqZWn",
    timestamp: "Tue Nov 3 04:07:06 UTC 2026",
    signature: "qm3pCQzA6Uu5f38xab055CABVL+73ePt2KsKcpzY2R0=",
};

pub(super) const USER_LOWBIT_SALT_UTF8: Kat = Kat {
    pool_name: "Zz9yX8wV7",
    user_id: "alice@example.com",
    password: "P\u{e4}ssw\u{f6}rd-\u{df}\u{20ac}9",
    salt: "1b2c3d4e5f60718293a4b5c6d7e8f901",
    a: concat!(
        "9182ac85dd4fcdd535d8a6969b79f4d40290d397169ab7676ab0335782d93ae9",
        "ac97781435694029d2d132b30bbbc96dfd9cb383f88eaff081ea081893b17a86",
        "17153d190e6bdd5fa509033e149b4a9792fcacb0b60993db47aa33385a9277d0",
        "e9e40a52911da5eb9d55cf6dd6db9edb4c1dd249ace9ac2d3c7e6a06459fb6ab",
    ),
    b: "fe2d2f5dd26be405dac652b8a81bd2f72b1c5c17187781d8f4d710506387fc98",
    x: "31b90955124fa271e7323175851534be6650e616e1907ffd48fb26e01af28991",
    verifier: concat!(
        "e58009b7aafbb76b51a17544a52d48110746a3386e8f59ee6ae7d6f63855ffd0",
        "600b79932c57408afac1e7c03f3039987d658d97fd8dcc79c5fc343fea7ff61b",
        "ac7f19fe7cb78254208b44138f46193691b0891115f0e80815b8ac3b27449ba7",
        "600add8202889170b00cde58e3dd0a49832fa0d2343a33bdf3d17881ee088ab0",
        "7418e6e23ec6103b1d358bbb1d4a310bacdc65fa736ca76c30f5527896f95c8f",
        "bd1a35ba398d4349d404be8e6ad9fb96bedcb4a0418aacb5e8f4104e123fdfe6",
        "d0056f7b70ea7306e313d1ffaf85fabf0e90e3a46cb47f9dbd0ef97fe65ed09a",
        "c81409707b11fe238cfac84ce32b6c759a00772d12ce27ff308bb02b333d7e71",
        "450c63650640f30b33a78232b10ed7c7191abd70382dc489ed841557f3619eef",
        "6ef82ebdd5838cbdf532c4700222904ceefd63fd968f8b3a2fe5b1be2f4a48cc",
        "0a160f17d808a6bbe8f12dcf9b253e4c6a07483d14c002c86a1c8ead27d96f42",
        "22e4dee4eb1ddb2295702eb06b33759571115cc48a98e6b5a6e0b9a6e94b7809",
    ),
    big_a: concat!(
        "821866d2645e5b36e2074938cf4de339e617325d7d12039d0f735215811c575c",
        "1c4ef76d1ebdc0ed85841812b621663914f9662a39ee0c26c7c9d65514a31bc7",
        "77043f3cb01edfe06794007a54030341e9a750c690a985a9e41c4778035a6ed0",
        "6632f9cffa420cc8fbd9a33713fbcb8fabcfa59ee82b0100c98a22b2dcb8c69f",
        "f31eb4b224c047a003691782035a6dd6ef8cf3508d7e2cfc86a417385eedc0c9",
        "552858f8e23efdb889d7215b5876839c0367204202666fd24ddb5e678be5f10d",
        "839c8e2d0225376d32f81d88050b382e2e800ce22e0f2b2989244f08c881a13d",
        "0e4c215d8b72b845f6be0251cd05eae231278677e607e12159cf132575a56969",
        "8a53f00587bab50a1513c8607f0b02431bc8b2041ef5b7c17c90cbfc40ae9c4a",
        "ab7dac95ff445c035535bc93ca97e9c97bab28e9e3bc4c9585379b08043d2294",
        "ed29d5c27c915c95f6e507d6b4eb6ed96cb6aab07d1ebe439393e243f8e82a41",
        "5914b6e7a920dd1ca0c12d9310f07465c87a022525cbf5ea60e6d1e82a5e57a9",
    ),
    big_b: concat!(
        "ecf418e8e2f1c4be0ec4c54d9533c087f29cae9015d34a4aca59be70cb4b7670",
        "a75dec290016065a232c59e857b066a936bc755224097cf03caf5b423b99f47f",
        "4c3b5040e008b1edf5d6b166a8152a28fdc21290dac6350f8073bd0e9e4d06ed",
        "ead8572cb7be8697c566f3037e65e6af3748d9fa4648ba06ce1abfb6ec880fe7",
        "2a5bc9cf5809badd18d0a9f5c711078885525934a8c448aa593bf35bc7203cf0",
        "9d4eb35be0e229854c257a844a016c7245af56fcfb2dd7d4ae1844e6243c721d",
        "3a259271712c90ec8e658fb590775b336602dae03998c91d372d3ea725a57734",
        "577dd6e560fb946c9075e63a4fe5f8f46c8d84534ce209e8674a621861830c90",
        "7f4222d2fd1c6fa8a4b08904fb668954c6995fbf09742869c4598dd04469a425",
        "3b9431b0bf4b9a84fe36af01f82af66b273712b6a30945040bdf4f6d2ddeb617",
        "401619a89159801105be0b2b2bff0dae586bbdaeef7128d3b348a47455799b37",
        "9b16a329caf0a44f6ab4f598f7f4ff1c4afc9e1b925ee953b201e406550013ad",
    ),
    u: "859506f2e9356150ec465357cbc14c14e5e96cd90e50e4e14d35df9fa40b43e9",
    s: concat!(
        "4664e4c5a334f63b3404f5fbe7baeeeb6649551001c687fbd63ce9f7d5ff6632",
        "7bd7d956bf1b2cb43a0f916087c2a62813b678ca948b95d3a4b17d1250d48dcf",
        "69482d839d8e135d4bffd71c49836890117438ff66cc1ef30cf542c600d47f89",
        "795ab1c51ffa54b324c35911922c34ef13151460b44cfbfd02aae36ee03f08a9",
        "d6c51338a3e1ef8af2357e7a73d0f69c3c34add29b628c2f57bdbf899131f13e",
        "0b8c0f8d4401d45cfd090ed6b94a066c72c3062d8eebcaee88d139b5bef6b67b",
        "453102ed0e348927600dfa63b8e15b5097cb1ec60400cc2f72a6b5a5f84ce2c4",
        "ddfb4da7c595425435e37553333ebac2e7c96f77e1167d43cd799708df9215d1",
        "cebd125465f511149ed7727276287254c739b31c927319f62c252d4d720e4b4d",
        "17815f64cb8cdb8be278a7f3601097b5f257d17f520a295c8a7597be3bd5133e",
        "45d1c572e29fec30044942dde9b4c9dc45505b39563be9e3d4d727124de5eccf",
        "7383645604eb03fec9f66b9b4f309b02819eb845575e4360e072a6a41b9b9a3c",
    ),
    key: "779b1ef6e3f6a4931aafe2a57c709671",
    secret_block_b64: concat!(
        "vpuekhfXnZnuPUbRrIDjx1gbC5GWBnIYd9UhM0z/h42bWOKDoJOFTLPebz7IV0JV",
        "fZrHzLpO/5y9YK1yT/Q7fDfDVnOlQ9n/EhWNpUCYgq+OTQaDOFkEnfi65I9GNmk5",
        "0vWemA==",
    ),
    timestamp: "Thu Jan 15 23:59:01 UTC 2026",
    signature: "xZ3L5zDneHvRBAIneHPQL6JWUMcZk1bwuKe4S7ruUfM=",
};

pub(super) const DEVICE: Kat = Kat {
    pool_name: "-nNwnPidS",
    user_id: "us-east-1_0d3c4f5e-6a7b-4c8d-9e0f-112233445566",
    password: "EGcgpC780w9kSY4kIXGmIixaeP0JU02mYfXC6bnuWelfyqV9y2kVbw==",
    salt: "c0ffee00112233445566778899aabbcc",
    a: concat!(
        "89abc4b0fc3c6650449e806b415930fe79a22d24726a89321964c3ba22eeb7b0",
        "18ce12ca44ca560169df898fb2ddcddaedfc2094db5c6ca7ebca3c7f678a690c",
        "be6204337f44a7da500f3df8ab6559f86a4239c93b73622c56f09249c148162b",
        "8d4f10cc38f867e6df0bef9ea280c0cacf21649025bb34838ab7bebdcbecbfd1",
    ),
    b: "0b4114706f1befeeaf1db4146ba7db02525ea8ce20cbb28c8e93ad5004bfee98",
    x: "fb3567c3580637e6d70ac457d500975ff8b7b6ffa6d206728b0729b1ec2eea50",
    verifier: concat!(
        "591c92d30f281d94e937774df77b5c6880311526bf7e87b127efaead4c2c68e7",
        "f3ffaf148d8b544f08060bbdce8f16b6d838e3e3d480fe4481935a2f69ddb25b",
        "905026ffae0f3cb2adf084e7a498f4bff67e0a64370d6e07059edfa212f82db3",
        "a98d13ea09c43d8c59770a83e301963289f3de31f62a18b96134ff142b01177e",
        "9cb9acba2b9bc542386730ee4d529edacde0ef5035e4495954ce4c47e0bd15d5",
        "c7e8c6b2c7dfcfa154dead4768ed60ef68627792abd2d1fa236bc72b462601e0",
        "6b61e08034bccab36e0817cc18835cbd70e7ca675998b8cf4c410ce7d1c954d0",
        "7c798f8bf6eea5ca8524134a84e92e62fe62e08ca0a302017682b13d289e60bc",
        "d9e2880932bcaff3f3bf59c9cfb945ea91ac35d8d19af5110ebd8ee3fbf22ee7",
        "417d820e63daa3850fb7722f442bcf5bc8cc34437554862fb7d7de59131a0bf0",
        "f2c133de3ebca84b7a6ae14653b437def03f98c1f1f27a248f1ed8bbbbe0bd80",
        "e67fa79aec5ed4b5d223ea97200d6b88757634a623cf1d1ffd00117da0f531b3",
    ),
    big_a: concat!(
        "51b437d0ce5d4615758d82b0eb077be8d81d2fb5ac5417c4fd8f6f9ca95fa843",
        "a0e9a649a5c65c3a9e305e3a8ec4d5e8178e13a247b3e87d0ed3eadaa2c00496",
        "3d72233bacd4be5f8d087f527fca30fef21ea1a0eaca35cd3c634e1abf7d8435",
        "59102b669431c18df76776601289e8a2eb4b6003d4d64853bb29f030ffe3b58c",
        "e4e1b2ac1630dff20e11c40a2f280e1ece961ef5d7b1473604a79c4fed7844cf",
        "25ea278c17e92a726bc9ff2823706789f8b0a1ebf59f9858782cf1ff21e0821d",
        "8fe97ee40444886d3194f9849fcda697cccb3ea73b8d3d07fe0a001af43957b6",
        "bad4138c7c8df953991f03f71ad2cc49a6dc3bac96205d8430de780df0bfd93f",
        "2a339b45ca981612cd68dca2f2a1242d40a017e9dd1bbe3762c9cc0e39057a93",
        "ff08c4c975372cb1b997e10afeb9f896816603962f492f4a7ac964a2a4dea8e5",
        "e37b496e8046505917a5b2c9f421415ddaad1b525d721acbcae0a3d920359dc7",
        "3efc8834fd7f9679751bfdbe28bf8be503b888328592d284d2992d824d96e24f",
    ),
    big_b: concat!(
        "e2aee15426f8dde88e5194c5112c8d2dd3e57ec141c9f3e1c5daa846476f66a4",
        "8905ba0f4f963ab7d77b617b4c0981c4969a6cbd3cd51f7a89ecf43b7c44ee8d",
        "e4755f87979378f50a331e0a5a1753917ac63c047a789d69739d9fb789706988",
        "92061f9d8ea19e14e2839c6d204328f87d3394d127ccbf01669543318054ce3d",
        "60e3369d55bcb38aa5a2fe19acea72d413855e8eb5d942bf2fa0bb35cd1afa61",
        "2897ad8bfdb89f07cbf8b48cac3106f99655c193b124d7fa481ff7166fa6d47b",
        "4b4bb6441b3eef123e430ae534072e722bc613624840b5ec03e5e51997be4d17",
        "010cd436ddc21e80bff678a5daf5e33fe4309680feea36ca2f9aefbd1961c4aa",
        "fa1be5187d22d0211ffed2fba7ec7e9ba7097145cc801c7902b5698e2428b656",
        "2830cb3761200bd693417317a52141382d0fcd66d63c84a67aded75e16c22bfb",
        "4aa8bdc9cd1e763714d93db6447c91a44d516993e064ea1a7eac4b74f06bb0e5",
        "d8f8f103a555f379f34967d86a85ee6f4dc8126118ed488fd52b917b7b37b578",
    ),
    u: "7688b666555bc332c26d18f30d45be994f7c6257471b9045cad9c6cb3bb33bd1",
    s: concat!(
        "a7f9261afefae04a0c46078a3d77794304898d738a7dabdd4e88b7cbcb04fe18",
        "c253f0f4a5fddfe37232d8afa849961b30ad56096f7e160d9be4219b6500bee3",
        "f3c8bd5b739cd4f68971c17e0579d6108ea9fa24a755b44efef319b8dd0a9203",
        "aa5814561fcd6e2cf96eb6c732847cd0ba831a9c5a543e4d77916303eb61f253",
        "f4b71935fe8537f5123c0965ae3a743cee74efe3a1c5634a04e44c2acc28b7b0",
        "096cba654e633d818ffaf627bebe43a864211284737774aa7a9fc61ad74ff03b",
        "cc6b1a34cbe81d1057c94ab7de7636a6dc78ad82cd643745ad3888f62a44b984",
        "739eaa97f3f82f679661c5c23c6a77d56cf2f9381f4528fb3f66ec94546719f5",
        "f360285762ea854c2940b6d51fc354f2f70591089e2cbfb4fcc6a4f0aba3e496",
        "169671b94da77ca130521b6af7a37c062a9d9af2807d37bd27cfadf429ba49a9",
        "59230d56e497f37edacd2277f4c5c1efa778678f7a35834f76d86f12eb147945",
        "a4c6ceb544f719e209e51107c32c44091bf1245a8db4690f3f6aebcb965601ba",
    ),
    key: "633f67a47a0b26996b6a3d7608d097d1",
    secret_block_b64: concat!(
        "CkuGKUtjV4J/S9pzPQAfK/GQ1g0GgpDtjbXNc4Y/o3n83+i2/W6vMAxuLl/4rh3K",
        "19aFOOKDV3JzIUxiQ5YM9w==",
    ),
    timestamp: "Sun Feb 9 00:00:00 UTC 2025",
    signature: "jwaFwDxDbCzjVNoDLFubuXHB3Jml76ULOCsknUXdGIs=",
};

pub(super) const LEADING_ZERO_SALT: (&str, &str, &str, &str, &str, &str) = (
    "AbC123xYz",
    "bob",
    "hunter2",
    "007c1d2e3f405162738495a6b7c8d9ea",
    "5884debf779babc5bd1c758f4f99b223b012118ea399ba184c75a6db732b80d3",
    concat!(
        "531160588c329f3d47e726829ce01f80fb0a786f58729de5b6ce4d43e50b87b4",
        "f73678173e10f9458d11cff7d668e4683f86b226a680fc2d00802626824af28b",
        "c7aa3c79c1409e85b715584d726c11ee030b1b7497261084846dfe07f18a2405",
        "740e53559d1696cbbd23323846315b08aad9be2b1821eacb93ff373258281f03",
        "023d8704d3280250217223faa0e8f51e111488798a296ccbb58aa8237c8d7f49",
        "517fcd61dcb0e8a5936a06dfce6079fb8b8fd8c46035ba321caf5fcb8e150e31",
        "24f661cfcb33bbe22de9ff5ce029e8c81f7f7130c88b903ea605322530432feb",
        "917a5550fc2d1f89515e425f2cd7c2f6c849b7606eaca1d176cabc3565225c4b",
        "1e26859273076298054987148f62e89149d69891a526764781a4915927fd6fc3",
        "7c304f4f0b11971e0cfb812611866f725fb0f4cc6d7ce417767197caa1198349",
        "6d1c737313e4c373048c940c3b4ee1b3d3e1fb02938a683b972f1a5a0baf70a0",
        "3190abeb9626f715bc32ea39b54716fa2c1563cb0e6c983f840ff1aaf99679e4",
    ),
);

/// Device secret as produced by pycognito's `generate_hash_device` for DEVICE's group key,
/// device key, password and salt (`c0ffee00...`, whose top bit forces a `00` pad byte).
pub(super) const DEVICE_CONFIG_SALT_B64: &str = "AMD/7gARIjNEVWZ3iJmqu8w=";
pub(super) const DEVICE_CONFIG_VERIFIER_B64: &str = concat!(
    "WRyS0w8oHZTpN3dN93tcaIAxFSa/foexJ++urUwsaOfz/68UjYtUTwgGC73Ojxa22Djj49SA/kSBk1ovad2yW5BQ",
    "Jv+uDzyyrfCE56SY9L/2fgpkNw1uBwWe36IS+C2zqY0T6gnEPYxZdwqD4wGWMonz3jH2Khi5YTT/FCsBF36cuay6",
    "K5vFQjhnMO5NUp7azeDvUDXkSVlUzkxH4L0V1cfoxrLH38+hVN6tR2jtYO9oYneSq9LR+iNrxytGJgHga2HggDS8",
    "yrNuCBfMGINcvXDnymdZmLjPTEEM59HJVNB8eY+L9u6lyoUkE0qE6S5i/mLgjKCjAgF2grE9KJ5gvNniiAkyvK/z",
    "879Zyc+5ReqRrDXY0Zr1EQ69juP78i7nQX2CDmPao4UPt3IvRCvPW8jMNEN1VIYvt9feWRMaC/DywTPePryoS3pq",
    "4UZTtDfe8D+YwfHyeiSPHti7u+C9gOZ/p5rsXtS10iPqlyANa4h1djSmI88dH/0AEX2g9TGz",
);

pub(super) const ALL: [&Kat; 3] = [&USER_HIGHBIT_SALT, &USER_LOWBIT_SALT_UTF8, &DEVICE];

pub(super) fn int(hex: &str) -> BigUint {
    parse_hex(hex, 4096).unwrap()
}

pub(super) fn bytes(hex: &str) -> Vec<u8> {
    hex::decode(hex).unwrap()
}

pub(super) fn key_bytes(hex: &str) -> [u8; 16] {
    bytes(hex).try_into().unwrap()
}

#[test]
fn the_vectors_exercise_every_padding_case() {
    let high = |hex: &str| hex.len() & 1 == 0 && hex.as_bytes()[0] >= b'8';
    assert!(high(USER_HIGHBIT_SALT.salt));
    assert!(!high(USER_LOWBIT_SALT_UTF8.salt));
    assert!(high(USER_LOWBIT_SALT_UTF8.big_a));
    assert!(high(USER_LOWBIT_SALT_UTF8.big_b));
    assert!(high(USER_LOWBIT_SALT_UTF8.u));
    assert!(high(DEVICE.s));
    assert!(!high(USER_HIGHBIT_SALT.s));
    assert!(LEADING_ZERO_SALT.3.starts_with("00"));
}
