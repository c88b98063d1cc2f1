//! Tokens as untrusted input: any text, three base64url parts of anything, headers that name
//! other algorithms or keys, and a valid token with a character changed or an edit made are
//! all refused by `jwt::verify`; looking inside a token never panics.

// Test code: a failed setup step should stop the test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use cognate_crypto::jwt::{self, JwtError, SigningKey};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::json;

use cognate_near_miss::{config, edited, edits, substitute, BASE64URL_AND_DOT};

/// RSA key generation takes a while: one key for every case.
fn key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate().unwrap())
}

/// An access token as Cognate signs them.
fn token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let claims = json!({
            "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "iss": "http://cognate.test/us-east-1_AbC123xYz",
            "client_id": "client",
            "origin_jti": "origin",
            "event_id": "event",
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "auth_time": 1_700_000_000,
            "exp": 1_700_003_600,
            "iat": 1_700_000_000,
            "jti": "jti",
            "username": "alice",
        });
        key().sign(&claims).unwrap()
    })
}

/// A base64url part: of random bytes, of JSON, or of text from the part's alphabet.
fn part() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        "\\PC{0,40}".prop_map(|s| URL_SAFE_NO_PAD.encode(s)),
        "[A-Za-z0-9_=+/-]{0,60}",
    ]
}

/// A JOSE header: the right key id or another or none, RS256 or another algorithm.
fn header() -> impl Strategy<Value = (Option<String>, String)> {
    let kid = prop_oneof![
        Just(Some(key().kid().to_string())),
        "\\PC{0,50}".prop_map(Some),
        Just(None::<String>),
    ];
    let alg = prop_oneof![
        Just("RS256".to_string()),
        Just("none".to_string()),
        Just("HS256".to_string()),
        Just("rs256".to_string()),
        "\\PC{0,10}",
    ];
    (kid, alg)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_is_refused_and_looking_inside_never_panics(
        text in prop_oneof![any::<String>(), "[A-Za-z0-9_.=-]{0,400}"],
    ) {
        let _ = jwt::decode_header(&text);
        let _ = jwt::decode_unverified(&text);
        prop_assert!(jwt::verify(&text, &key().verifying_key()).is_err());
    }

    #[test]
    fn three_parts_of_anything_are_refused(h in part(), p in part(), s in part()) {
        let token = format!("{h}.{p}.{s}");
        let _ = jwt::decode_header(&token);
        let _ = jwt::decode_unverified(&token);
        prop_assert!(jwt::verify(&token, &key().verifying_key()).is_err());
    }

    #[test]
    fn a_header_is_checked_for_its_algorithm_then_its_key_then_the_signature(
        (kid, alg) in header(),
        payload in part(),
        signature in prop::collection::vec(any::<u8>(), 1..300),
    ) {
        let mut fields = serde_json::Map::new();
        if let Some(kid) = &kid {
            fields.insert("kid".into(), json!(kid));
        }
        fields.insert("alg".into(), json!(alg));
        let header = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&fields).unwrap());
        let token = format!("{header}.{payload}.{}", URL_SAFE_NO_PAD.encode(signature));
        let verified = jwt::verify(&token, &key().verifying_key());
        if alg != "RS256" {
            prop_assert_eq!(verified, Err(JwtError::UnsupportedAlg(alg)));
        } else if kid.as_deref() != Some(key().kid()) {
            prop_assert_eq!(verified, Err(JwtError::KeyMismatch));
        } else {
            prop_assert_eq!(verified, Err(JwtError::BadSignature));
        }
    }

    #[test]
    fn a_valid_token_with_one_character_changed_is_refused(
        at in any::<Index>(),
        with in any::<Index>(),
    ) {
        let changed = substitute(token(), at, with, BASE64URL_AND_DOT);
        let _ = jwt::decode_unverified(&changed);
        prop_assert!(jwt::verify(&changed, &key().verifying_key()).is_err(), "{changed}");
    }

    #[test]
    fn a_valid_token_after_any_edit_is_refused(edits in edits("")) {
        let changed = edited(token(), &edits);
        prop_assume!(changed != token());
        let _ = jwt::decode_header(&changed);
        let _ = jwt::decode_unverified(&changed);
        prop_assert!(jwt::verify(&changed, &key().verifying_key()).is_err(), "{changed}");
    }
}

#[test]
fn the_token_the_properties_change_verifies() {
    assert!(jwt::verify(token(), &key().verifying_key()).is_ok());
}
