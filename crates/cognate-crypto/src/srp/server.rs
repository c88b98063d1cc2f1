//! The server side of a handshake: parsing the client's `SRP_A`, drawing `b` and `B`, and
//! deriving the session key from `A`, `B`, `b` and the stored verifier.

use num_bigint::BigUint;
use num_traits::Zero;
use zeroize::Zeroizing;

use super::encoding::{parse_hex, to_hex};
use super::error::SrpError;
use super::group::{g_pow_secret, mod_pow, GROUP};
use super::hashes::{compute_u, derive_key, SESSION_KEY_LEN};
use crate::random::random_bytes;

/// Length in bytes of the server's secret exponent `b`.
pub const SERVER_SECRET_LEN: usize = 32;

/// Longest `SRP_A` hex string accepted (A < N needs 768 digits; some slack for leading zeros).
const MAX_PUBLIC_HEX_LEN: usize = 1024;

/// Parses the client's `SRP_A`: hexadecimal, case-insensitive, odd length allowed, surrounding
/// whitespace ignored, at most 1024 digits.
///
/// # Errors
/// [`SrpError::InvalidHex`] for empty, oversized or non-hex input; [`SrpError::ZeroPublicValue`]
/// if `A mod N == 0` (the SRP-6a safety check; answer `NotAuthorizedException`).
pub fn parse_srp_a(hex: &str) -> Result<BigUint, SrpError> {
    let a = parse_hex(hex, MAX_PUBLIC_HEX_LEN)?;
    if (&a % &GROUP.n).is_zero() {
        return Err(SrpError::ZeroPublicValue);
    }
    Ok(a)
}

/// The server's half of an SRP handshake, created by [`server_start`].
///
/// Send `SRP_B = to_hex(&big_b)`; keep `b` secret (e.g. sealed inside `SECRET_BLOCK` or the
/// session) until the client's `PASSWORD_VERIFIER` answer, then pass both to
/// [`server_session_key`].
pub struct ServerHandshake {
    /// The secret exponent `b`: [`SERVER_SECRET_LEN`] (32) random big-endian bytes.
    pub b: Zeroizing<Vec<u8>>,
    /// The public value `B = (k·v + g^b) mod N`.
    pub big_b: BigUint,
}

impl std::fmt::Debug for ServerHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandshake")
            .field("b", &"..")
            .field("big_b", &to_hex(&self.big_b))
            .finish()
    }
}

/// Computes the server's public value `B = (k·v + g^b) mod N` for a secret `b` (big-endian) and a
/// verifier. [`server_start`] calls this; it is public so a server that keeps only `b` can
/// recompute `B` (one modular exponentiation).
#[must_use]
pub fn server_public_b(b_secret: &[u8], verifier: &[u8]) -> BigUint {
    let group = &*GROUP;
    let b = BigUint::from_bytes_be(b_secret);
    let v = BigUint::from_bytes_be(verifier);
    (&group.k * v + g_pow_secret(&b)) % &group.n
}

/// Starts the server side of a handshake for a user's (or device's) verifier: draws a random
/// 256-bit `b` and computes `B`, retrying in the (astronomically unlikely) case `B mod N == 0`.
///
/// To avoid revealing whether a user exists, callers may run this on a random verifier and a
/// random salt for unknown users.
#[must_use]
pub fn server_start(verifier: &[u8]) -> ServerHandshake {
    loop {
        let b = Zeroizing::new(random_bytes(SERVER_SECRET_LEN));
        if b.iter().all(|byte| *byte == 0) {
            continue;
        }
        let big_b = server_public_b(&b, verifier);
        if !big_b.is_zero() {
            return ServerHandshake { b, big_b };
        }
    }
}

/// Derives the 16-byte session key on the server: `u = H(padHex(A) || padHex(B))`,
/// `S = (A · v^u)^b mod N`, then Cognito's HKDF.
///
/// `a` is the client's `SRP_A` (from [`parse_srp_a`]), `big_b` and `b_secret` come from
/// [`server_start`], `verifier` is the stored verifier (any big-endian encoding).
///
/// # Errors
/// [`SrpError::ZeroPublicValue`] if `A mod N == 0`, [`SrpError::ZeroScrambler`] if `u == 0`,
/// [`SrpError::InvalidSecret`] if `b` is zero, [`SrpError::InvalidVerifier`] if `v mod N == 0`.
pub fn server_session_key(
    a: &BigUint,
    big_b: &BigUint,
    b_secret: &[u8],
    verifier: &[u8],
) -> Result<[u8; SESSION_KEY_LEN], SrpError> {
    let group = &*GROUP;
    let a_reduced = a % &group.n;
    if a_reduced.is_zero() {
        return Err(SrpError::ZeroPublicValue);
    }
    let b = BigUint::from_bytes_be(b_secret);
    if b.is_zero() {
        return Err(SrpError::InvalidSecret);
    }
    let v = BigUint::from_bytes_be(verifier) % &group.n;
    if v.is_zero() {
        return Err(SrpError::InvalidVerifier);
    }
    let u = compute_u(a, big_b);
    if u.is_zero() {
        return Err(SrpError::ZeroScrambler);
    }
    let base = (a_reduced * mod_pow(&v, &u, false)) % &group.n;
    let s = mod_pow(&base, &b, true);
    Ok(derive_key(&u, &s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srp::client::ClientHandshake;
    use crate::srp::encoding::salt_hex;
    use crate::srp::group::N_BYTES;
    use crate::srp::hashes::compute_u;
    use crate::srp::vectors::{bytes, int, ALL, USER_HIGHBIT_SALT};
    use crate::srp::verifier::{compute_verifier, new_salt};

    #[test]
    fn the_server_side_matches_the_vectors() {
        for kat in ALL {
            let verifier =
                compute_verifier(kat.pool_name, kat.user_id, kat.password, &bytes(kat.salt));
            let big_b = server_public_b(&bytes(kat.b), &verifier);
            assert_eq!(to_hex(&big_b), kat.big_b);
            let a = parse_srp_a(kat.big_a).unwrap();
            let u = compute_u(&a, &big_b);
            assert_eq!(to_hex(&u), kat.u);
            let s = (a * BigUint::from_bytes_be(&verifier).modpow(&u, &GROUP.n))
                .modpow(&int(kat.b), &GROUP.n);
            assert_eq!(to_hex(&s), kat.s);
            assert_eq!(hex::encode(derive_key(&u, &s)), kat.key);
            let key = server_session_key(
                &parse_srp_a(kat.big_a).unwrap(),
                &big_b,
                &bytes(kat.b),
                &verifier,
            )
            .unwrap();
            assert_eq!(hex::encode(key), kat.key);
        }
    }

    #[test]
    fn parse_srp_a_accepts_any_case_and_odd_length() {
        assert_eq!(parse_srp_a("ABC").unwrap(), BigUint::from(0xabc_u32));
        assert_eq!(parse_srp_a("0aBc").unwrap(), BigUint::from(0xabc_u32));
        assert_eq!(parse_srp_a(" 1f\n").unwrap(), BigUint::from(0x1f_u32));
        let a = parse_srp_a(&USER_HIGHBIT_SALT.big_a.to_uppercase()).unwrap();
        assert_eq!(to_hex(&a), USER_HIGHBIT_SALT.big_a);
    }

    #[test]
    fn parse_srp_a_rejects_garbage() {
        for bad in ["", "  ", "xyz", "12g4", "+1f", "1_f", "0x1f", "-1", "ab cd"] {
            assert_eq!(parse_srp_a(bad), Err(SrpError::InvalidHex), "{bad:?}");
        }
        assert_eq!(parse_srp_a(&"1".repeat(1025)), Err(SrpError::InvalidHex));
    }

    #[test]
    fn parse_srp_a_rejects_multiples_of_n() {
        let n = &GROUP.n;
        for bad in [BigUint::zero(), n.clone(), n * 2_u32] {
            assert_eq!(parse_srp_a(&to_hex(&bad)), Err(SrpError::ZeroPublicValue));
        }
        assert_eq!(parse_srp_a("000"), Err(SrpError::ZeroPublicValue));
        assert!(parse_srp_a(&to_hex(&(n + 1_u32))).is_ok());
    }

    #[test]
    fn the_server_rejects_degenerate_inputs() {
        let verifier = bytes(USER_HIGHBIT_SALT.verifier);
        let server = server_start(&verifier);
        let a = parse_srp_a(USER_HIGHBIT_SALT.big_a).unwrap();
        assert_eq!(
            server_session_key(&GROUP.n, &server.big_b, &server.b, &verifier),
            Err(SrpError::ZeroPublicValue)
        );
        assert_eq!(
            server_session_key(&a, &server.big_b, &[0, 0], &verifier),
            Err(SrpError::InvalidSecret)
        );
        assert_eq!(
            server_session_key(&a, &server.big_b, &server.b, &[]),
            Err(SrpError::InvalidVerifier)
        );
        assert_eq!(
            server_session_key(&a, &server.big_b, &server.b, &N_BYTES),
            Err(SrpError::InvalidVerifier)
        );
    }

    #[test]
    fn debug_output_hides_secret_exponents() {
        let server = server_start(&bytes(USER_HIGHBIT_SALT.verifier));
        let shown = format!("{server:?}");
        assert!(shown.contains("b: \"..\""));
        assert!(!shown.contains(&hex::encode(server.b.as_slice())));
        let client = ClientHandshake::from_secret(&bytes(USER_HIGHBIT_SALT.a)).unwrap();
        assert!(!format!("{client:?}").contains(&USER_HIGHBIT_SALT.a[..32]));
    }

    /// Micro-benchmark: `cargo test -p cognate-crypto --release -- --ignored --nocapture srp`.
    #[test]
    #[ignore = "benchmark; run explicitly"]
    fn benchmark_server_handshake_and_verifier() {
        use std::time::Instant;
        const ROUNDS: u32 = 50;
        let salt = new_salt();
        let verifier = compute_verifier("AbC123xYz", "user", "password", &salt);
        let client = ClientHandshake::new();
        let _ = &*GROUP;

        let start = Instant::now();
        for i in 0..ROUNDS {
            let password = format!("password{i}");
            std::hint::black_box(compute_verifier("AbC123xYz", "user", &password, &salt));
        }
        let verifier_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS);

        let start = Instant::now();
        let mut start_total = 0.0;
        for _ in 0..ROUNDS {
            let t0 = Instant::now();
            let server = server_start(&verifier);
            start_total += t0.elapsed().as_secs_f64();
            std::hint::black_box(
                server_session_key(client.big_a(), &server.big_b, &server.b, &verifier).unwrap(),
            );
        }
        let handshake_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(ROUNDS);
        let start_ms = start_total * 1000.0 / f64::from(ROUNDS);

        let start = Instant::now();
        let server = server_start(&verifier);
        let b_hex = to_hex(&server.big_b);
        let s_hex = salt_hex(&salt);
        for _ in 0..10 {
            std::hint::black_box(
                client
                    .session_key("AbC123xYz", "user", "password", &b_hex, &s_hex)
                    .unwrap(),
            );
        }
        let client_ms = start.elapsed().as_secs_f64() * 1000.0 / 10.0;

        println!("compute_verifier: {verifier_ms:.2} ms");
        println!(
            "server handshake (server_start + server_session_key): {handshake_ms:.2} ms \
             (server_start alone {start_ms:.2} ms)"
        );
        println!("client session_key (1536-bit exponent): {client_ms:.2} ms");
    }
}
