//! The protocol's hashes: `x` from the password, the scrambler `u`, and Cognito's HKDF step
//! that turns the shared secret `S` into the session key.

use aws_lc_rs::{digest, hmac};
use num_bigint::BigUint;
use zeroize::Zeroizing;

use super::encoding::pad_bytes;

/// Length in bytes of the derived session key `K`.
pub const SESSION_KEY_LEN: usize = 16;

/// `info` of the HKDF step, followed by the block counter `0x01`.
const DERIVED_KEY_INFO: &[u8] = b"Caldera Derived Key\x01";

/// SHA-256 over the concatenation of `parts`.
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    for part in parts {
        ctx.update(part);
    }
    let mut out = [0_u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// SHA-256 over the concatenation of `parts`, read as a big-endian integer.
pub(super) fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    BigUint::from_bytes_be(&sha256(parts))
}

/// `x = H(padHex(salt) || H(pool_name || user_id || ":" || password))`.
pub(super) fn compute_x(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = Zeroizing::new(sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]));
    hash_to_int(&[&pad_bytes(salt), inner.as_slice()])
}

/// `u = H(padHex(A) || padHex(B))`.
pub(super) fn compute_u(big_a: &BigUint, big_b: &BigUint) -> BigUint {
    hash_to_int(&[&pad_bytes(big_a), &pad_bytes(big_b)])
}

/// Cognito's HKDF step: `PRK = HMAC(padHex(u), padHex(S))`,
/// `K = HMAC(PRK, "Caldera Derived Key" || 0x01)[..16]`.
pub(super) fn derive_key(u: &BigUint, s: &BigUint) -> [u8; SESSION_KEY_LEN] {
    let salt_key = hmac::Key::new(hmac::HMAC_SHA256, &pad_bytes(u));
    let s_bytes = Zeroizing::new(pad_bytes(s));
    let prk = Zeroizing::new(hmac::sign(&salt_key, &s_bytes).as_ref().to_vec());
    let prk_key = hmac::Key::new(hmac::HMAC_SHA256, &prk);
    let okm = hmac::sign(&prk_key, DERIVED_KEY_INFO);
    let mut key = [0_u8; SESSION_KEY_LEN];
    key.copy_from_slice(&okm.as_ref()[..SESSION_KEY_LEN]);
    key
}
