//! The `PASSWORD_CLAIM_SIGNATURE`: how it is computed, and the constant-time check of the one
//! a client sends.

use aws_lc_rs::hmac;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;

use super::hashes::SESSION_KEY_LEN;
use crate::ct::ct_eq;

/// Computes the raw `PASSWORD_CLAIM_SIGNATURE`:
/// `HMAC-SHA256(key, pool_name || user_id || secret_block || timestamp)`.
///
/// `secret_block` is the *decoded* `SECRET_BLOCK`; `timestamp` is the `TIMESTAMP` string exactly
/// as the client sent it. For device SRP pass the device group key and device key.
#[must_use]
pub fn claim_signature(
    key: &[u8; SESSION_KEY_LEN],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> [u8; 32] {
    let key = hmac::Key::new(hmac::HMAC_SHA256, key);
    let mut ctx = hmac::Context::with_key(&key);
    ctx.update(pool_name.as_bytes());
    ctx.update(user_id.as_bytes());
    ctx.update(secret_block);
    ctx.update(timestamp.as_bytes());
    let mut out = [0_u8; 32];
    out.copy_from_slice(ctx.sign().as_ref());
    out
}

/// Standard alphabet; accepts input with or without `=` padding.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Checks a client's `PASSWORD_CLAIM_SIGNATURE` (standard base64, padding optional) against
/// [`claim_signature`] in constant time. Anything that does not decode is rejected.
#[must_use]
pub fn verify_claim(
    key: &[u8; SESSION_KEY_LEN],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
    presented_b64: &str,
) -> bool {
    let Ok(presented) = LENIENT_STANDARD.decode(presented_b64.trim()) else {
        return false;
    };
    let expected = claim_signature(key, pool_name, user_id, secret_block, timestamp);
    ct_eq(&expected, &presented)
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;

    use super::*;
    use crate::srp::vectors::{key_bytes, ALL, USER_HIGHBIT_SALT};

    #[test]
    fn the_claim_signature_matches_the_vectors_and_verifies() {
        for kat in ALL {
            let key = key_bytes(kat.key);
            let block = STANDARD.decode(kat.secret_block_b64).unwrap();
            let raw = claim_signature(&key, kat.pool_name, kat.user_id, &block, kat.timestamp);
            assert_eq!(STANDARD.encode(raw), kat.signature);
            assert!(verify_claim(
                &key,
                kat.pool_name,
                kat.user_id,
                &block,
                kat.timestamp,
                kat.signature
            ));
            assert!(verify_claim(
                &key,
                kat.pool_name,
                kat.user_id,
                &block,
                kat.timestamp,
                kat.signature.trim_end_matches('=')
            ));
        }
    }

    #[test]
    fn a_claim_over_different_inputs_does_not_verify() {
        let kat = &USER_HIGHBIT_SALT;
        let key = key_bytes(kat.key);
        let block = STANDARD.decode(kat.secret_block_b64).unwrap();
        let check = |key: &[u8; 16], pool: &str, user: &str, block: &[u8], ts: &str, sig: &str| {
            verify_claim(key, pool, user, block, ts, sig)
        };
        let sig = kat.signature;
        assert!(!check(
            &key,
            "Other",
            kat.user_id,
            &block,
            kat.timestamp,
            sig
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            "someone",
            &block,
            kat.timestamp,
            sig
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            kat.user_id,
            &block[1..],
            kat.timestamp,
            sig
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            kat.user_id,
            &block,
            "Tue Nov 03 04:07:06 UTC 2026",
            sig
        ));
        let mut other_key = key;
        other_key[0] ^= 1;
        assert!(!check(
            &other_key,
            kat.pool_name,
            kat.user_id,
            &block,
            kat.timestamp,
            sig
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            kat.user_id,
            &block,
            kat.timestamp,
            ""
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            kat.user_id,
            &block,
            kat.timestamp,
            "%%%"
        ));
        assert!(!check(
            &key,
            kat.pool_name,
            kat.user_id,
            &block,
            kat.timestamp,
            &sig[..20]
        ));
    }
}
