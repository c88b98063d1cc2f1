//! Cognito's `SECRET_HASH`: proof that a caller knows an app client's secret, bound to a username.
//!
//! `SECRET_HASH = base64(HMAC-SHA256(key = client_secret, msg = username || client_id))`, using the
//! standard base64 alphabet with padding.

use aws_lc_rs::hmac;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use crate::ct::ct_eq;

/// Standard alphabet; accepts input with or without `=` padding.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Raw 32-byte HMAC-SHA256 behind the secret hash.
fn secret_hash_bytes(client_secret: &str, username: &str, client_id: &str) -> hmac::Tag {
    let key = hmac::Key::new(hmac::HMAC_SHA256, client_secret.as_bytes());
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(username.as_bytes());
    ctx.update(client_id.as_bytes());
    ctx.sign()
}

/// Computes the `SECRET_HASH` a client sends for `username` on app client `client_id`:
/// standard base64 (with padding) of HMAC-SHA256 keyed with the UTF-8 client secret over
/// `username || client_id`.
#[must_use]
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    STANDARD.encode(secret_hash_bytes(client_secret, username, client_id).as_ref())
}

/// Checks a presented `SECRET_HASH` in constant time.
///
/// The presented value is base64-decoded (standard alphabet, padding optional) and compared with
/// the expected MAC bytes; anything that does not decode is rejected.
#[must_use]
pub fn verify_secret_hash(
    client_secret: &str,
    username: &str,
    client_id: &str,
    presented: &str,
) -> bool {
    let Ok(presented) = LENIENT_STANDARD.decode(presented.trim()) else {
        return false;
    };
    let expected = secret_hash_bytes(client_secret, username, client_id);
    ct_eq(expected.as_ref(), &presented)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors computed independently with Python's hmac/hashlib/base64 (via pycognito 2024.5.1
    // AWSSRP.get_secret_hash, which is a thin wrapper over them).
    const CLIENT_ID: &str = "3n4b5urk1ft4fl3mg5e62d9ado";
    const CLIENT_SECRET: &str = "1o3kq8v4l7fj2c0bq9u2m5t3n8r6s1d4h7k0p2w5y8a3c6e9g1i4";
    const ALICE_HASH: &str = "YWoL/CFag1IpxCXyMd1TjRls6Pv9qP4PxQHw+wsYQcw=";
    const JURGEN_HASH: &str = "ZLhhw+nUkrN5dwlfzH8q2RtfQMtxTnOrzmKlhh9vnIQ=";

    #[test]
    fn secret_hash_matches_the_python_vector() {
        assert_eq!(
            secret_hash(CLIENT_SECRET, "alice@example.com", CLIENT_ID),
            ALICE_HASH
        );
    }

    #[test]
    fn secret_hash_encodes_non_ascii_usernames_as_utf8() {
        assert_eq!(secret_hash("s3cr3t", "J\u{fc}rgen", "abc"), JURGEN_HASH);
    }

    #[test]
    fn verify_accepts_the_correct_hash_with_or_without_padding() {
        assert!(verify_secret_hash(
            CLIENT_SECRET,
            "alice@example.com",
            CLIENT_ID,
            ALICE_HASH
        ));
        assert!(verify_secret_hash(
            CLIENT_SECRET,
            "alice@example.com",
            CLIENT_ID,
            ALICE_HASH.trim_end_matches('=')
        ));
    }

    #[test]
    fn verify_rejects_a_hash_for_another_user_client_or_secret() {
        assert!(!verify_secret_hash(
            CLIENT_SECRET,
            "bob@example.com",
            CLIENT_ID,
            ALICE_HASH
        ));
        assert!(!verify_secret_hash(
            CLIENT_SECRET,
            "alice@example.com",
            "otherclient",
            ALICE_HASH
        ));
        assert!(!verify_secret_hash(
            "wrong",
            "alice@example.com",
            CLIENT_ID,
            ALICE_HASH
        ));
    }

    #[test]
    fn verify_rejects_garbage_and_empty_input() {
        for bad in [
            "",
            "not base64!",
            "YWoL",
            "YWoL/CFag1IpxCXyMd1TjRls6Pv9qP4PxQHw+wsYQcw=AA==",
        ] {
            assert!(
                !verify_secret_hash(CLIENT_SECRET, "alice@example.com", CLIENT_ID, bad),
                "{bad}"
            );
        }
    }
}
