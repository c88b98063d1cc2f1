//! The client side of Cognito SRP, computed the way the Cognito client libraries do.
//!
//! The server never needs this; it exists so that tests, integration tests and benchmarks can
//! sign in with `USER_SRP_AUTH` / `DEVICE_SRP_AUTH` without a JavaScript or Python client.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use super::claim::claim_signature;
use super::encoding::{pad_bytes, parse_hex, to_hex};
use super::error::SrpError;
use super::group::{g_pow, CLIENT_SECRET_LEN, GROUP};
use super::hashes::{compute_u, compute_x, derive_key, SESSION_KEY_LEN};
use super::verifier::SALT_LEN;
use crate::random::random_bytes;

/// Longest `SRP_B` / `SALT` hex accepted by [`ClientHandshake::session_key`].
const MAX_HEX_LEN: usize = 1024;

/// A client's ephemeral SRP key pair: secret `a` and public `A = g^a mod N`.
pub struct ClientHandshake {
    /// The secret exponent `a` (already reduced mod N).
    a: BigUint,
    /// The public value `A`.
    big_a: BigUint,
}

impl std::fmt::Debug for ClientHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientHandshake")
            .field("a", &"..")
            .field("big_a", &to_hex(&self.big_a))
            .finish()
    }
}

impl ClientHandshake {
    /// Draws a random 128-byte `a`, as Cognito clients do, and computes `A`.
    #[must_use]
    pub fn new() -> ClientHandshake {
        loop {
            let secret = Zeroizing::new(random_bytes(CLIENT_SECRET_LEN));
            if let Ok(handshake) = ClientHandshake::from_secret(&secret) {
                return handshake;
            }
        }
    }

    /// Uses a given secret `a` (big-endian bytes; reduced mod N like the clients do).
    /// Meant for known-answer tests.
    ///
    /// # Errors
    /// [`SrpError::InvalidSecret`] if `a mod N` is zero.
    pub fn from_secret(a: &[u8]) -> Result<ClientHandshake, SrpError> {
        let group = &*GROUP;
        let a = BigUint::from_bytes_be(a) % &group.n;
        if a.is_zero() {
            return Err(SrpError::InvalidSecret);
        }
        let big_a = g_pow(&a);
        Ok(ClientHandshake { a, big_a })
    }

    /// The public value `A`.
    #[must_use]
    pub fn big_a(&self) -> &BigUint {
        &self.big_a
    }

    /// `SRP_A` as clients send it: lowercase hex without padding.
    #[must_use]
    pub fn srp_a(&self) -> String {
        to_hex(&self.big_a)
    }

    /// Derives the session key from the `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`)
    /// challenge: `S = (B − k·g^x)^(a + u·x) mod N`, then Cognito's HKDF.
    ///
    /// `srp_b_hex` and `salt_hex` are the `SRP_B` and `SALT` challenge parameters as sent.
    /// For user SRP pass the pool name and `USER_ID_FOR_SRP`; for device SRP the device group
    /// key, device key and device password.
    ///
    /// # Errors
    /// [`SrpError::InvalidHex`] for unparsable `SRP_B` / `SALT`,
    /// [`SrpError::ZeroPublicValue`] if `B mod N == 0`, [`SrpError::ZeroScrambler`] if
    /// `u == 0`.
    pub fn session_key(
        &self,
        pool_name: &str,
        user_id: &str,
        password: &str,
        srp_b_hex: &str,
        salt_hex: &str,
    ) -> Result<[u8; SESSION_KEY_LEN], SrpError> {
        let group = &*GROUP;
        let big_b = parse_hex(srp_b_hex, MAX_HEX_LEN)?;
        let salt = parse_hex(salt_hex, MAX_HEX_LEN)?;
        let b_reduced = &big_b % &group.n;
        if b_reduced.is_zero() {
            return Err(SrpError::ZeroPublicValue);
        }
        let u = compute_u(&self.big_a, &big_b);
        if u.is_zero() {
            return Err(SrpError::ZeroScrambler);
        }
        let x = compute_x(pool_name, user_id, password, &salt);
        let kgx = (&group.k * g_pow(&x)) % &group.n;
        // B − k·g^x, kept non-negative by adding N before subtracting.
        let base = (b_reduced + &group.n - kgx) % &group.n;
        let exponent = &self.a + &u * &x;
        let s = base.modpow(&exponent, &group.n);
        Ok(derive_key(&u, &s))
    }
}

impl Default for ClientHandshake {
    fn default() -> Self {
        ClientHandshake::new()
    }
}

/// Builds the `PASSWORD_CLAIM_SIGNATURE` challenge response: base64 (standard, padded) of
/// [`claim_signature`] over the base64 `SECRET_BLOCK` as received.
///
/// # Errors
/// [`SrpError::InvalidHex`] if `secret_block_b64` is not standard base64.
pub fn password_claim_signature(
    key: &[u8; SESSION_KEY_LEN],
    pool_name: &str,
    user_id: &str,
    secret_block_b64: &str,
    timestamp: &str,
) -> Result<String, SrpError> {
    let block = STANDARD
        .decode(secret_block_b64)
        .map_err(|_| SrpError::InvalidHex)?;
    Ok(STANDARD.encode(claim_signature(key, pool_name, user_id, &block, timestamp)))
}

/// What a client generates before `ConfirmDevice`: the device password it keeps, and the
/// `DeviceSecretVerifierConfig` it sends.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceSecret {
    /// The random device password (base64 of 40 random bytes); the client keeps it.
    pub password: String,
    /// `DeviceSecretVerifierConfig.Salt`: base64 of `padHex(salt)` bytes.
    pub salt_b64: String,
    /// `DeviceSecretVerifierConfig.PasswordVerifier`: base64 of `padHex(v)` bytes.
    pub verifier_b64: String,
}

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSecret")
            .field("password", &"..")
            .field("salt_b64", &self.salt_b64)
            .field("verifier_b64", &self.verifier_b64)
            .finish()
    }
}

/// Generates a device secret like the clients' `generateHashDevice`: a random device
/// password (base64 of 40 bytes), a random 16-byte salt and the matching verifier.
#[must_use]
pub fn generate_device_secret(device_group_key: &str, device_key: &str) -> DeviceSecret {
    let password = STANDARD.encode(Zeroizing::new(random_bytes(40)).as_slice());
    let salt = random_bytes(SALT_LEN);
    device_secret_from_parts(device_group_key, device_key, &password, &salt)
}

/// [`generate_device_secret`] with a given password and salt (big-endian bytes), for
/// known-answer tests.
#[must_use]
pub fn device_secret_from_parts(
    device_group_key: &str,
    device_key: &str,
    password: &str,
    salt: &[u8],
) -> DeviceSecret {
    let group = &*GROUP;
    let salt = BigUint::from_bytes_be(salt);
    let x = compute_x(device_group_key, device_key, password, &salt);
    let v = group.g.modpow(&x, &group.n);
    DeviceSecret {
        password: password.to_owned(),
        salt_b64: STANDARD.encode(pad_bytes(&salt)),
        verifier_b64: STANDARD.encode(pad_bytes(&v)),
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::STANDARD;
    use time::OffsetDateTime;

    use super::*;
    use crate::srp::vectors::{
        bytes, ALL, DEVICE, DEVICE_CONFIG_SALT_B64, DEVICE_CONFIG_VERIFIER_B64,
    };
    use crate::srp::{
        compute_verifier, device_verifier, format_timestamp, new_salt, normalize_verifier,
        parse_srp_a, salt_hex, server_public_b, server_session_key, server_start, verify_claim,
        SALT_LEN, SERVER_SECRET_LEN,
    };

    #[test]
    fn the_device_secret_config_matches_pycognitos_generate_hash_device() {
        let secret = device_secret_from_parts(
            DEVICE.pool_name,
            DEVICE.user_id,
            DEVICE.password,
            &bytes(DEVICE.salt),
        );
        assert_eq!(secret.salt_b64, DEVICE_CONFIG_SALT_B64);
        assert_eq!(secret.verifier_b64, DEVICE_CONFIG_VERIFIER_B64);
        // What the server does with a received config: decode, normalize, hand out SALT.
        let salt = STANDARD.decode(DEVICE_CONFIG_SALT_B64).unwrap();
        let verifier = normalize_verifier(&STANDARD.decode(DEVICE_CONFIG_VERIFIER_B64).unwrap());
        assert_eq!(salt_hex(&salt), DEVICE.salt);
        assert_eq!(
            verifier.unwrap(),
            device_verifier(DEVICE.pool_name, DEVICE.user_id, DEVICE.password, &salt)
        );
    }

    #[test]
    fn the_client_side_matches_the_vectors() {
        for kat in ALL {
            let client = ClientHandshake::from_secret(&bytes(kat.a)).unwrap();
            assert_eq!(client.srp_a(), kat.big_a);
            let key = client
                .session_key(
                    kat.pool_name,
                    kat.user_id,
                    kat.password,
                    kat.big_b,
                    &salt_hex(&bytes(kat.salt)),
                )
                .unwrap();
            assert_eq!(hex::encode(key), kat.key, "{}", kat.pool_name);
            let signature = password_claim_signature(
                &key,
                kat.pool_name,
                kat.user_id,
                kat.secret_block_b64,
                kat.timestamp,
            )
            .unwrap();
            assert_eq!(signature, kat.signature);
        }
    }

    #[test]
    fn a_random_client_and_server_agree_on_the_key() {
        let salt = new_salt();
        assert_eq!(salt.len(), SALT_LEN);
        let verifier = compute_verifier("AbC123xYz", "user-1", "s3cret!", &salt);
        let client = ClientHandshake::new();
        let a = parse_srp_a(&client.srp_a()).unwrap();
        let server = server_start(&verifier);
        assert_eq!(server.b.len(), SERVER_SECRET_LEN);
        assert_eq!(server_public_b(&server.b, &verifier), server.big_b);
        let server_key = server_session_key(&a, &server.big_b, &server.b, &verifier).unwrap();
        let client_key = client
            .session_key(
                "AbC123xYz",
                "user-1",
                "s3cret!",
                &to_hex(&server.big_b),
                &salt_hex(&salt),
            )
            .unwrap();
        assert_eq!(server_key, client_key);

        let block = random_bytes(64);
        let ts = format_timestamp(OffsetDateTime::now_utc());
        let sig = password_claim_signature(
            &client_key,
            "AbC123xYz",
            "user-1",
            &STANDARD.encode(&block),
            &ts,
        )
        .unwrap();
        assert!(verify_claim(
            &server_key,
            "AbC123xYz",
            "user-1",
            &block,
            &ts,
            &sig
        ));
    }

    #[test]
    fn a_wrong_password_gives_a_different_key() {
        let salt = new_salt();
        let verifier = compute_verifier("AbC123xYz", "user-1", "right", &salt);
        let client = ClientHandshake::new();
        let server = server_start(&verifier);
        let server_key =
            server_session_key(client.big_a(), &server.big_b, &server.b, &verifier).unwrap();
        for (pool, user, password) in [
            ("AbC123xYz", "user-1", "wrong"),
            ("AbC123xYz", "user-2", "right"),
            ("Other0000", "user-1", "right"),
        ] {
            let client_key = client
                .session_key(
                    pool,
                    user,
                    password,
                    &to_hex(&server.big_b),
                    &salt_hex(&salt),
                )
                .unwrap();
            assert_ne!(server_key, client_key);
        }
    }

    #[test]
    fn device_srp_round_trips_with_a_generated_device_secret() {
        let group_key = crate::random::device_group_key();
        let device_key = format!("us-east-1_{}", crate::random::uuid_v4());
        let secret = generate_device_secret(&group_key, &device_key);
        let salt = STANDARD.decode(&secret.salt_b64).unwrap();
        let verifier = normalize_verifier(&STANDARD.decode(&secret.verifier_b64).unwrap()).unwrap();
        let client = ClientHandshake::new();
        let server = server_start(&verifier);
        let server_key =
            server_session_key(client.big_a(), &server.big_b, &server.b, &verifier).unwrap();
        let client_key = client
            .session_key(
                &group_key,
                &device_key,
                &secret.password,
                &to_hex(&server.big_b),
                &salt_hex(&salt),
            )
            .unwrap();
        assert_eq!(server_key, client_key);
    }

    #[test]
    fn the_client_rejects_a_zero_b_and_bad_hex() {
        let client = ClientHandshake::new();
        assert_eq!(
            client.session_key("p", "u", "pw", &to_hex(&GROUP.n), "ab"),
            Err(SrpError::ZeroPublicValue)
        );
        assert_eq!(
            client.session_key("p", "u", "pw", "zz", "ab"),
            Err(SrpError::InvalidHex)
        );
        assert_eq!(
            ClientHandshake::from_secret(&[0]).unwrap_err(),
            SrpError::InvalidSecret
        );
    }
}
