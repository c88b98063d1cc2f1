//! Salts and verifiers: `v = g^x mod N` for a password or a device secret, in its fixed-length
//! stored form, and the check of a verifier a client sends with `ConfirmDevice`.

use num_bigint::BigUint;
use num_traits::Zero;

use super::error::SrpError;
use super::group::{g_pow_secret, GROUP, VERIFIER_LEN};
use super::hashes::compute_x;
use crate::random::random_bytes;

/// Length in bytes of a salt made by [`new_salt`].
pub const SALT_LEN: usize = 16;

/// Big-endian bytes of `x`, left-padded with zeros to [`VERIFIER_LEN`] (x must be below N).
fn fixed_bytes(x: &BigUint) -> Vec<u8> {
    let bytes = x.to_bytes_be();
    let mut out = vec![0_u8; VERIFIER_LEN.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

/// Returns a fresh random salt of [`SALT_LEN`] (16) bytes.
#[must_use]
pub fn new_salt() -> Vec<u8> {
    random_bytes(SALT_LEN)
}

/// Computes the password verifier `v = g^x mod N` that is stored for a user.
///
/// `pool_name` is the part of the pool id after `_` (e.g. `AbC123xYz` for
/// `us-east-1_AbC123xYz`), `user_id` the internal username that is sent as `USER_ID_FOR_SRP`
/// (not an alias the user may have typed). The salt is read as a big-endian integer. Returns
/// [`VERIFIER_LEN`] bytes, big-endian, left-padded with zeros, so that two verifiers can be
/// compared with [`crate::ct::ct_eq`]. Costs one modular exponentiation with a 256-bit exponent
/// whatever the inputs.
#[must_use]
pub fn compute_verifier(pool_name: &str, user_id: &str, password: &str, salt: &[u8]) -> Vec<u8> {
    let x = compute_x(pool_name, user_id, password, &BigUint::from_bytes_be(salt));
    fixed_bytes(&g_pow_secret(&x))
}

/// Computes a device verifier: [`compute_verifier`] with the device group key as pool name and
/// the device key as user id. This is what a client does before `ConfirmDevice`; the server
/// normally receives the verifier instead (see [`normalize_verifier`]).
#[must_use]
pub fn device_verifier(
    device_group_key: &str,
    device_key: &str,
    random_password: &str,
    salt: &[u8],
) -> Vec<u8> {
    compute_verifier(device_group_key, device_key, random_password, salt)
}

/// Validates a verifier received from a client (`DeviceSecretVerifierConfig.PasswordVerifier`,
/// base64-decoded; clients send `padHex` bytes, possibly with a leading `0x00`) and returns it in
/// the canonical [`VERIFIER_LEN`]-byte form.
///
/// # Errors
/// [`SrpError::InvalidVerifier`] if the value is zero or not below N.
pub fn normalize_verifier(verifier: &[u8]) -> Result<Vec<u8>, SrpError> {
    let v = BigUint::from_bytes_be(verifier);
    if v.is_zero() || v >= GROUP.n {
        return Err(SrpError::InvalidVerifier);
    }
    Ok(fixed_bytes(&v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srp::encoding::to_hex;
    use crate::srp::group::N_BYTES;
    use crate::srp::vectors::{bytes, int, ALL, DEVICE, LEADING_ZERO_SALT};

    #[test]
    fn x_and_the_verifier_match_the_vectors() {
        for kat in ALL {
            let x = compute_x(kat.pool_name, kat.user_id, kat.password, &int(kat.salt));
            assert_eq!(to_hex(&x), kat.x, "{}", kat.pool_name);
            let v = compute_verifier(kat.pool_name, kat.user_id, kat.password, &bytes(kat.salt));
            assert_eq!(v.len(), VERIFIER_LEN);
            assert_eq!(to_hex(&BigUint::from_bytes_be(&v)), kat.verifier);
        }
    }

    #[test]
    fn a_salt_with_a_leading_zero_byte_is_hashed_as_an_integer() {
        let (pool, user, password, salt, x, verifier) = LEADING_ZERO_SALT;
        assert_eq!(to_hex(&compute_x(pool, user, password, &int(salt))), x);
        let v = compute_verifier(pool, user, password, &bytes(salt));
        assert_eq!(to_hex(&BigUint::from_bytes_be(&v)), verifier);
        // The same integer without the zero byte gives the same verifier.
        assert_eq!(
            compute_verifier(pool, user, password, &bytes(&salt[2..])),
            v
        );
    }

    #[test]
    fn the_device_verifier_matches_the_vector() {
        let v = device_verifier(
            DEVICE.pool_name,
            DEVICE.user_id,
            DEVICE.password,
            &bytes(DEVICE.salt),
        );
        assert_eq!(to_hex(&BigUint::from_bytes_be(&v)), DEVICE.verifier);
    }

    #[test]
    fn normalize_verifier_pads_and_validates() {
        let v = normalize_verifier(&[0, 0, 5]).unwrap();
        assert_eq!(v.len(), VERIFIER_LEN);
        assert_eq!(v[VERIFIER_LEN - 1], 5);
        assert!(v[..VERIFIER_LEN - 1].iter().all(|b| *b == 0));
        assert_eq!(normalize_verifier(&[]), Err(SrpError::InvalidVerifier));
        assert_eq!(normalize_verifier(&[0, 0]), Err(SrpError::InvalidVerifier));
        assert_eq!(normalize_verifier(&N_BYTES), Err(SrpError::InvalidVerifier));
    }
}
