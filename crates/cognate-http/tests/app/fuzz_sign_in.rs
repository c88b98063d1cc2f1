//! The sign-in's untrusted values through the API: any `SRP_A` (multiples of N and oversized
//! values included) is challenged exactly when it is an SRP public value and refused as an
//! invalid parameter otherwise; a PASSWORD_VERIFIER answer with one character of its
//! SECRET_BLOCK, TIMESTAMP or signature changed, or made of any text, is not authorized; a
//! challenge `Session` that is not one the server issued is expired. Never a 5xx, never a panic.

use axum::http::StatusCode;
use cognate_crypto::srp::{
    self,
    client::{password_claim_signature, ClientHandshake},
};
use proptest::{prelude::*, sample::Index};
use serde_json::{json, Value};
use time::OffsetDateTime;

use cognate_near_miss::BASE64;

use crate::fuzz_support::{check, expect_error, post, substitute, Fuzzing};
use crate::helpers::{spawn_app, Pool, TestApp, TestUser, MINUTE, SESSION_EXPIRED};

/// N, the 3072-bit MODP prime of RFC 3526 (group 15), in lowercase hex.
const N_HEX: &str = concat!(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74",
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437",
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed",
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05",
    "98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb",
    "9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b",
    "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718",
    "3995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33",
    "a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7",
    "abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864",
    "d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e2",
    "08e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff",
);

/// The characters of a TIMESTAMP (`Tue Nov 3 04:07:06 UTC 2026`), and a few more.
const TIMESTAMP_CHARS: &str = "ADFJMNOSTUWadefghijlnoprtuvy0123456789: ";

/// `hex` (lowercase) times `k`, in lowercase hex without leading zeros.
fn times(hex: &str, k: u32) -> String {
    let mut digits = Vec::new();
    let mut carry = 0_u64;
    for c in hex.chars().rev() {
        let value = u64::from(c.to_digit(16).expect("a hex digit")) * u64::from(k) + carry;
        digits.push(value % 16);
        carry = value / 16;
    }
    while carry > 0 {
        digits.push(carry % 16);
        carry /= 16;
    }
    let text: String = digits
        .iter()
        .rev()
        .map(|d| char::from_digit(u32::try_from(*d).expect("a digit"), 16).expect("a digit"))
        .collect();
    match text.trim_start_matches('0') {
        "" => "0".to_string(),
        digits => digits.to_string(),
    }
}

/// What a client might send as `SRP_A`: hex of any length, multiples of N (with leading zeros
/// and in capitals too), hex with spaces around, near-hex, or any text.
fn srp_a() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9a-fA-F]{1,1100}",
        (any::<u32>(), 0_usize..300, any::<bool>()).prop_map(|(k, zeros, upper)| {
            let a = format!("{}{}", "0".repeat(zeros), times(N_HEX, k));
            if upper {
                a.to_uppercase()
            } else {
                a
            }
        }),
        "[ \t]{0,2}[0-9a-f]{1,40}[ \t]{0,2}",
        "[0-9a-fA-FxX+_ -]{0,40}",
        any::<String>(),
    ]
}

/// A pool, a confirmed user, and a client's SRP key pair.
struct World {
    fuzzing: Fuzzing,
    pool: Pool,
    user: TestUser,
    client: ClientHandshake,
}

fn world() -> World {
    let fuzzing = Fuzzing::start(spawn_app());
    let (pool, user) = fuzzing.run(async {
        let app = fuzzing.app();
        let pool = app.create_seed_pool().await;
        let user = app.sign_up_confirmed_user(&pool).await;
        (pool, user)
    });
    World {
        fuzzing,
        pool,
        user,
        client: ClientHandshake::new(),
    }
}

impl World {
    fn app(&self) -> &TestApp {
        self.fuzzing.app()
    }

    /// InitiateAuth USER_SRP_AUTH with `srp_a`, a quarter of an hour after the previous
    /// request, so that the failures earlier cases counted no longer lock the user.
    fn initiate(&self, srp_a: &str) -> Result<(StatusCode, Value), TestCaseError> {
        self.app().advance_ms(16 * MINUTE);
        let body = json!({
            "ClientId": self.pool.client_id, "AuthFlow": "USER_SRP_AUTH",
            "AuthParameters": {"USERNAME": self.user.email, "SRP_A": srp_a},
        });
        self.fuzzing.reply(post("InitiateAuth", body.to_string()))
    }

    /// A fresh PASSWORD_VERIFIER challenge and the ChallengeResponses that prove the password.
    fn proof(&self) -> Result<Value, TestCaseError> {
        let (status, challenge) = self.initiate(&self.client.srp_a())?;
        prop_assert_eq!(status, StatusCode::OK, "{}", challenge);
        let parameters = &challenge["ChallengeParameters"];
        let text = |name: &str| parameters[name].as_str().unwrap_or_default().to_string();
        let (_, pool_name) = self
            .pool
            .pool_id
            .split_once('_')
            .expect("a pool id names its region");
        let user_id = text("USER_ID_FOR_SRP");
        let block = text("SECRET_BLOCK");
        let key = self
            .client
            .session_key(
                pool_name,
                &user_id,
                &self.user.password,
                &text("SRP_B"),
                &text("SALT"),
            )
            .map_err(|e| TestCaseError::fail(format!("client session key: {e}")))?;
        let now = OffsetDateTime::from_unix_timestamp(self.app().clock_secs()).expect("a time");
        let timestamp = srp::format_timestamp(now);
        let signature = password_claim_signature(&key, pool_name, &user_id, &block, &timestamp)
            .map_err(|e| TestCaseError::fail(format!("claim signature: {e}")))?;
        Ok(json!({
            "USERNAME": self.user.email, "PASSWORD_CLAIM_SECRET_BLOCK": block,
            "TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature,
        }))
    }

    /// RespondToAuthChallenge PASSWORD_VERIFIER with `responses`.
    fn answer(&self, responses: &Value) -> Result<(StatusCode, Value), TestCaseError> {
        let body = json!({
            "ClientId": self.pool.client_id, "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": responses,
        });
        self.fuzzing
            .reply(post("RespondToAuthChallenge", body.to_string()))
    }
}

#[test]
fn fuzz_an_unchanged_password_claim_signs_in() {
    let world = world();
    let responses = world.proof().expect("a PASSWORD_VERIFIER challenge");
    let (status, body) = world.answer(&responses).expect("a Cognito answer");
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["AuthenticationResult"]["AccessToken"].is_string(),
        "{body}"
    );
}

#[test]
fn fuzz_any_srp_a_is_challenged_only_when_it_is_an_srp_public_value() {
    let world = world();
    check(srp_a(), |a| {
        let reply = world.initiate(&a)?;
        if srp::parse_srp_a(&a).is_ok() {
            prop_assert_eq!(reply.0, StatusCode::OK, "{}", reply.1);
            prop_assert_eq!(reply.1["ChallengeName"].as_str(), Some("PASSWORD_VERIFIER"));
            Ok(())
        } else {
            expect_error(&reply, "InvalidParameterException")
        }
    });
}

#[test]
fn fuzz_a_password_claim_with_one_character_changed_is_not_authorized() {
    let world = world();
    check(
        (0_u8..3, any::<Index>(), any::<Index>()),
        |(field, at, with)| {
            let mut responses = world.proof()?;
            let (name, alphabet) = match field {
                0 => ("PASSWORD_CLAIM_SECRET_BLOCK", BASE64),
                1 => ("TIMESTAMP", TIMESTAMP_CHARS),
                _ => ("PASSWORD_CLAIM_SIGNATURE", BASE64),
            };
            let original = responses[name].as_str().unwrap_or_default().to_string();
            responses[name] = json!(substitute(&original, at, with, alphabet));
            expect_error(&world.answer(&responses)?, "NotAuthorizedException")
        },
    );
}

#[test]
fn fuzz_a_password_claim_of_any_text_is_not_authorized() {
    let world = world();
    let stale = world.proof().expect("a PASSWORD_VERIFIER challenge");
    let stale_block = stale["PASSWORD_CLAIM_SECRET_BLOCK"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let text = || {
        prop_oneof![
            any::<String>(),
            "[A-Za-z0-9+/=]{0,400}",
            "[A-Za-z]{3} [A-Za-z]{3} [0-9]{1,2} [0-9:]{8} UTC [0-9]{4}",
        ]
    };
    let block = prop_oneof![Just(stale_block), text()];
    check((block, text(), text()), |(block, timestamp, signature)| {
        let responses = json!({
            "USERNAME": world.user.email, "PASSWORD_CLAIM_SECRET_BLOCK": block,
            "TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature,
        });
        let kind = if block.is_empty() || timestamp.is_empty() || signature.is_empty() {
            "InvalidParameterException"
        } else {
            "NotAuthorizedException"
        };
        expect_error(&world.answer(&responses)?, kind)
    });
}

#[test]
fn fuzz_a_session_the_server_did_not_issue_is_expired() {
    let world = world();
    let app = world.app();
    let (user, session) = world.fuzzing.run(async {
        let user = app.admin_create_user(&world.pool, "TempPass123").await;
        let reply = app
            .password_auth(&world.pool.client_id, &user.email, "TempPass123")
            .await;
        assert_eq!(
            reply.1["ChallengeName"], "NEW_PASSWORD_REQUIRED",
            "{}",
            reply.1
        );
        let session = reply.1["Session"].as_str().expect("Session").to_string();
        (user, session)
    });
    let answer = |session: &str| {
        let body = json!({
            "ClientId": world.pool.client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": session,
            "ChallengeResponses": {"USERNAME": user.email, "NEW_PASSWORD": "NewPass456"},
        });
        world
            .fuzzing
            .reply(post("RespondToAuthChallenge", body.to_string()))
    };
    let made_up = prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map({
            let session = session.clone();
            move |(at, with)| substitute(&session, at, with, BASE64)
        }),
        "[A-Za-z0-9_-]{1,200}",
        "\\PC{1,100}",
    ];
    check(made_up, |made_up| {
        let reply = answer(&made_up)?;
        expect_error(&reply, "NotAuthorizedException")?;
        prop_assert_eq!(reply.1["message"].as_str(), Some(SESSION_EXPIRED));
        Ok(())
    });
    let (status, body) = answer(&session).expect("a Cognito answer");
    assert_eq!(
        status,
        StatusCode::OK,
        "the session itself still answers: {body}"
    );
}
