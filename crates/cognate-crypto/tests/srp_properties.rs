//! The SRP values a client sends, as untrusted input: any text as `SRP_A` is parsed or refused
//! (multiples of N and values past 1024 digits included), the server's key takes any `A` that
//! parses, a `PASSWORD_CLAIM_SIGNATURE` verifies only as the exact signature, and any text as a
//! `TIMESTAMP` parses or not. No input panics.

// Test code: a failed setup step should stop the test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use cognate_crypto::srp::{self, SrpError};
use num_bigint::BigUint;
use num_traits::Zero;
use proptest::prelude::*;
use proptest::sample::Index;
use time::OffsetDateTime;

use cognate_near_miss::{config, edited, edits, substitute, BASE64};

/// N, the 3072-bit MODP prime of RFC 3526 (group 15).
const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The longest `SRP_A` the server reads, in hex digits.
const MAX_A_DIGITS: usize = 1024;

/// 9999-12-31T23:59:59Z, the last second with a four-digit year.
const LAST_FOUR_DIGIT_YEAR_SECOND: i64 = 253_402_300_799;

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap()
}

/// What a client might send as a hex value: hex of any case and length, with or without
/// surrounding whitespace, near-hex (signs, `0x`, separators), or any text at all.
fn hexish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-fA-F]{0,1100}",
        "[ \t\r\n]{0,3}[0-9a-f]{1,800}[ \t\r\n]{0,3}",
        "[0-9a-fA-FxX+_ ,-]{0,64}",
        "\\PC{0,64}",
        any::<String>(),
    ]
}

/// Words of `TIMESTAMP`s, good and bad.
const TIMESTAMP_WORDS: &[&str] = &[
    "Mon", "tue", "Nov", "feb", "UTC", "GMT", "PST", "3", "00", "31", "99", "2026", "9999", "0000",
    "+3", "04:07:06", "24:00:00", "4:7:6:1", "::",
];

/// Text near a `TIMESTAMP`: a real one edited, words of one put together, or anything.
fn timestampish() -> impl Strategy<Value = String> {
    let word = prop::sample::select(TIMESTAMP_WORDS);
    prop_oneof![
        (0..=LAST_FOUR_DIGIT_YEAR_SECOND, edits("")).prop_map(|(secs, edits)| {
            let t = OffsetDateTime::from_unix_timestamp(secs).unwrap();
            edited(&srp::format_timestamp(t), &edits)
        }),
        (prop::collection::vec(word, 0..8), "[ \t]{1,2}")
            .prop_map(|(words, space)| words.join(space.as_str())),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_as_srp_a_is_a_value_below_n_or_refused(text in hexish()) {
        let digits = text.trim();
        let is_hex = !digits.is_empty()
            && digits.len() <= MAX_A_DIGITS
            && digits.bytes().all(|b| b.is_ascii_hexdigit());
        match srp::parse_srp_a(&text) {
            Ok(a) => {
                prop_assert!(is_hex, "{text:?} parsed");
                prop_assert_eq!(&a, &BigUint::parse_bytes(digits.as_bytes(), 16).unwrap());
                prop_assert!(!(a % n()).is_zero());
            }
            Err(SrpError::InvalidHex) => prop_assert!(!is_hex, "{text:?} refused as not hex"),
            Err(SrpError::ZeroPublicValue) => {
                prop_assert!(is_hex, "{text:?} refused as zero");
                let a = BigUint::parse_bytes(digits.as_bytes(), 16).unwrap();
                prop_assert!((a % n()).is_zero());
            }
            Err(other) => {
                return Err(TestCaseError::fail(format!("{text:?} refused as {other:?}")));
            }
        }
    }

    #[test]
    fn a_multiple_of_n_is_refused_as_zero_whatever_its_spelling(
        k in any::<u64>(),
        leading_zeros in 0_usize..300,
        upper in any::<bool>(),
    ) {
        let mut text = format!("{}{}", "0".repeat(leading_zeros), (n() * k).to_str_radix(16));
        if upper {
            text = text.to_uppercase();
        }
        let expected = if text.len() > MAX_A_DIGITS {
            SrpError::InvalidHex
        } else {
            SrpError::ZeroPublicValue
        };
        prop_assert_eq!(srp::parse_srp_a(&text), Err(expected));
    }

    #[test]
    fn a_value_past_1024_digits_is_refused(text in "[0-9a-fA-F]{1025,1600}") {
        prop_assert_eq!(srp::parse_srp_a(&text), Err(SrpError::InvalidHex));
    }

    #[test]
    fn the_server_key_takes_any_a_that_parses(
        a in "[0-9a-f]{1,1024}",
        b in prop::collection::vec(any::<u8>(), 0..48),
        verifier in prop::collection::vec(any::<u8>(), 0..400),
        big_b in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let Ok(a) = srp::parse_srp_a(&a) else {
            return Ok(());
        };
        let big_b = BigUint::from_bytes_be(&big_b);
        match srp::server_session_key(&a, &big_b, &b, &verifier) {
            Ok(_) | Err(SrpError::InvalidSecret) | Err(SrpError::InvalidVerifier) => {}
            Err(SrpError::ZeroScrambler) => {}
            Err(other) => return Err(TestCaseError::fail(format!("{other:?}"))),
        }
    }

    #[test]
    fn the_server_key_refuses_a_multiple_of_n(
        k in any::<u32>(),
        b in prop::collection::vec(any::<u8>(), 1..48),
        verifier in prop::collection::vec(any::<u8>(), 1..400),
    ) {
        let big_b = BigUint::from(2_u32);
        prop_assert_eq!(
            srp::server_session_key(&(n() * k), &big_b, &b, &verifier),
            Err(SrpError::ZeroPublicValue)
        );
    }

    #[test]
    fn a_claim_verifies_as_its_signature_and_not_with_one_character_changed(
        key in any::<[u8; 16]>(),
        block in prop::collection::vec(any::<u8>(), 0..96),
        secs in 0..=LAST_FOUR_DIGIT_YEAR_SECOND,
        padded in any::<bool>(),
        (at, with) in (any::<Index>(), any::<Index>()),
        change_timestamp in any::<bool>(),
    ) {
        let timestamp = srp::format_timestamp(OffsetDateTime::from_unix_timestamp(secs).unwrap());
        let raw = srp::claim_signature(&key, "AbC123xYz", "user", &block, &timestamp);
        let mut signature = STANDARD.encode(raw);
        if !padded {
            signature = signature.trim_end_matches('=').to_string();
        }
        let verifies = |timestamp: &str, signature: &str| {
            srp::verify_claim(&key, "AbC123xYz", "user", &block, timestamp, signature)
        };
        prop_assert!(verifies(&timestamp, &signature));
        if change_timestamp {
            let changed = substitute(&timestamp, at, with, "ADFJMNOSTUadfjmnostu0123456789: ");
            prop_assert!(!verifies(&changed, &signature), "{changed:?} verified");
        } else {
            let changed = substitute(&signature, at, with, BASE64);
            prop_assert!(!verifies(&timestamp, &changed), "{changed:?} verified");
        }
    }

    #[test]
    fn a_claim_in_any_other_encoding_does_not_verify(
        key in any::<[u8; 16]>(),
        presented in prop_oneof![
            any::<String>(),
            "[A-Za-z0-9+/=]{0,64}",
            prop::collection::vec(any::<u8>(), 0..40).prop_map(|b| STANDARD.encode(b)),
        ],
    ) {
        let expected = STANDARD.encode(srp::claim_signature(&key, "pool", "user", b"", "t"));
        prop_assume!(presented.trim().trim_end_matches('=') != expected.trim_end_matches('='));
        prop_assert!(!srp::verify_claim(&key, "pool", "user", b"", "t", &presented));
    }

    #[test]
    fn any_text_as_a_timestamp_parses_to_an_instant_that_formats_back(text in timestampish()) {
        if let Some(t) = srp::parse_timestamp(&text) {
            prop_assert_eq!(srp::parse_timestamp(&srp::format_timestamp(t)), Some(t));
        }
    }

    #[test]
    fn every_second_of_four_digit_years_formats_and_parses_back(
        secs in 0..=LAST_FOUR_DIGIT_YEAR_SECOND,
    ) {
        let t = OffsetDateTime::from_unix_timestamp(secs).unwrap();
        prop_assert_eq!(srp::parse_timestamp(&srp::format_timestamp(t)), Some(t));
    }

    #[test]
    fn a_client_verifier_is_normalized_below_n_or_refused(
        bytes in prop::collection::vec(any::<u8>(), 0..420),
    ) {
        let value = BigUint::from_bytes_be(&bytes);
        match srp::normalize_verifier(&bytes) {
            Ok(v) => {
                prop_assert_eq!(v.len(), srp::VERIFIER_LEN);
                prop_assert_eq!(BigUint::from_bytes_be(&v), value.clone());
                prop_assert!(!value.is_zero() && value < n());
            }
            Err(e) => {
                prop_assert_eq!(e, SrpError::InvalidVerifier);
                prop_assert!(value.is_zero() || value >= n());
            }
        }
    }
}
