//! Cognito's SRP-6a variant (`USER_SRP_AUTH` / `PASSWORD_VERIFIER` and `DEVICE_SRP_AUTH` /
//! `DEVICE_PASSWORD_VERIFIER`), bit-compatible with the Cognito client libraries
//! (amazon-cognito-identity-js, Amplify JS, pycognito).
//!
//! Group: N = the 3072-bit MODP prime of RFC 3526 (group 15), g = 2, H = SHA-256.
//! Encodings that all clients share:
//!
//! * `padHex(x)`: hex of `x` without leading zeros, prefixed with `0` if of odd length, then with
//!   `00` if its first digit is 8-f. "Hashing padHex values" means hashing the bytes those hex
//!   strings decode to, i.e. the minimal big-endian bytes of `x` plus a `0x00` byte when the top
//!   bit is set ([`pad_hex`]).
//! * `k = H(padHex(N) || padHex(g))`, `u = H(padHex(A) || padHex(B))`,
//!   `x = H(padHex(salt) || H(poolName || userId || ":" || password))`, `v = g^x mod N`.
//! * Session key: `K = HKDF-SHA256(salt = padHex(u), ikm = padHex(S),
//!   info = "Caldera Derived Key")`, truncated to 16 bytes.
//! * Claim: `PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(K, poolName || userId ||
//!   secretBlockBytes || timestamp))`.
//!
//! For device SRP, use the device group key as the pool name, the device key as the user id and
//! the client-generated device password as the password; every function here takes them as
//! plain strings.
//!
//! Value formats:
//!
//! * salts are big-endian bytes interpreted as an unsigned integer (leading zero bytes do not
//!   matter); on the wire, `SALT` = [`salt_hex`] (the integer in minimal lowercase hex);
//! * verifiers returned here are always [`VERIFIER_LEN`] (384) big-endian bytes, left-padded
//!   with zeros; functions taking a verifier accept any big-endian encoding of the integer;
//! * `SRP_A` / `SRP_B` are [`BigUint`]s, parsed with [`parse_srp_a`] and rendered with [`to_hex`].
//!
//! Performance: the server uses a 256-bit secret exponent `b`, and `u` is a 256-bit hash, so a
//! login costs three 3072-bit modular exponentiations with 256-bit exponents. `g^e` goes
//! through a fixed-base table; the two variable-base ones (`v^u`, then the secret `b`) through
//! aws-lc's constant-time Montgomery code ([`cognate_modexp`]). The group constants are
//! computed once.

use std::sync::LazyLock;

use aws_lc_rs::{digest, hmac};
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use num_bigint::BigUint;
use num_traits::Zero;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};
use zeroize::Zeroizing;

use cognate_modexp::{FixedBase, Modulus};

use crate::ct::ct_eq;
use crate::random::random_bytes;

/// Length in bytes of a salt made by [`new_salt`].
pub const SALT_LEN: usize = 16;

/// Length in bytes of a verifier returned by [`compute_verifier`] / [`device_verifier`]
/// (the byte length of N).
pub const VERIFIER_LEN: usize = 384;

/// Length in bytes of the server's secret exponent `b`.
pub const SERVER_SECRET_LEN: usize = 32;

/// Length in bytes of the client's secret exponent `a` (what Cognito clients use).
pub const CLIENT_SECRET_LEN: usize = 128;

/// Length in bytes of the derived session key `K`.
pub const SESSION_KEY_LEN: usize = 16;

/// Longest `SRP_A` hex string accepted (A < N needs 768 digits; some slack for leading zeros).
const MAX_PUBLIC_HEX_LEN: usize = 1024;

/// `info` of the HKDF step, followed by the block counter `0x01`.
const DERIVED_KEY_INFO: &[u8] = b"Caldera Derived Key\x01";

/// Errors from the SRP computations. The server should answer all of them with
/// `NotAuthorizedException` and never reveal which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    /// A public value or salt is empty, too long, or not hexadecimal.
    #[error("SRP value is not valid hexadecimal")]
    InvalidHex,
    /// `A` (or, client side, `B`) is a multiple of N.
    #[error("SRP public value is zero modulo N")]
    ZeroPublicValue,
    /// The scrambling parameter `u = H(A, B)` is zero.
    #[error("SRP scrambling parameter is zero")]
    ZeroScrambler,
    /// The stored verifier is zero modulo N or longer than N.
    #[error("SRP verifier is invalid")]
    InvalidVerifier,
    /// The secret exponent is empty or zero.
    #[error("SRP secret exponent is invalid")]
    InvalidSecret,
}

/// The RFC 3526 3072-bit MODP prime (group 15), big-endian.
#[rustfmt::skip]
const N_BYTES: [u8; VERIFIER_LEN] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xC9, 0x0F, 0xDA, 0xA2,
    0x21, 0x68, 0xC2, 0x34, 0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1,
    0x29, 0x02, 0x4E, 0x08, 0x8A, 0x67, 0xCC, 0x74, 0x02, 0x0B, 0xBE, 0xA6,
    0x3B, 0x13, 0x9B, 0x22, 0x51, 0x4A, 0x08, 0x79, 0x8E, 0x34, 0x04, 0xDD,
    0xEF, 0x95, 0x19, 0xB3, 0xCD, 0x3A, 0x43, 0x1B, 0x30, 0x2B, 0x0A, 0x6D,
    0xF2, 0x5F, 0x14, 0x37, 0x4F, 0xE1, 0x35, 0x6D, 0x6D, 0x51, 0xC2, 0x45,
    0xE4, 0x85, 0xB5, 0x76, 0x62, 0x5E, 0x7E, 0xC6, 0xF4, 0x4C, 0x42, 0xE9,
    0xA6, 0x37, 0xED, 0x6B, 0x0B, 0xFF, 0x5C, 0xB6, 0xF4, 0x06, 0xB7, 0xED,
    0xEE, 0x38, 0x6B, 0xFB, 0x5A, 0x89, 0x9F, 0xA5, 0xAE, 0x9F, 0x24, 0x11,
    0x7C, 0x4B, 0x1F, 0xE6, 0x49, 0x28, 0x66, 0x51, 0xEC, 0xE4, 0x5B, 0x3D,
    0xC2, 0x00, 0x7C, 0xB8, 0xA1, 0x63, 0xBF, 0x05, 0x98, 0xDA, 0x48, 0x36,
    0x1C, 0x55, 0xD3, 0x9A, 0x69, 0x16, 0x3F, 0xA8, 0xFD, 0x24, 0xCF, 0x5F,
    0x83, 0x65, 0x5D, 0x23, 0xDC, 0xA3, 0xAD, 0x96, 0x1C, 0x62, 0xF3, 0x56,
    0x20, 0x85, 0x52, 0xBB, 0x9E, 0xD5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6D,
    0x67, 0x0C, 0x35, 0x4E, 0x4A, 0xBC, 0x98, 0x04, 0xF1, 0x74, 0x6C, 0x08,
    0xCA, 0x18, 0x21, 0x7C, 0x32, 0x90, 0x5E, 0x46, 0x2E, 0x36, 0xCE, 0x3B,
    0xE3, 0x9E, 0x77, 0x2C, 0x18, 0x0E, 0x86, 0x03, 0x9B, 0x27, 0x83, 0xA2,
    0xEC, 0x07, 0xA2, 0x8F, 0xB5, 0xC5, 0x5D, 0xF0, 0x6F, 0x4C, 0x52, 0xC9,
    0xDE, 0x2B, 0xCB, 0xF6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7C,
    0xEA, 0x95, 0x6A, 0xE5, 0x15, 0xD2, 0x26, 0x18, 0x98, 0xFA, 0x05, 0x10,
    0x15, 0x72, 0x8E, 0x5A, 0x8A, 0xAA, 0xC4, 0x2D, 0xAD, 0x33, 0x17, 0x0D,
    0x04, 0x50, 0x7A, 0x33, 0xA8, 0x55, 0x21, 0xAB, 0xDF, 0x1C, 0xBA, 0x64,
    0xEC, 0xFB, 0x85, 0x04, 0x58, 0xDB, 0xEF, 0x0A, 0x8A, 0xEA, 0x71, 0x57,
    0x5D, 0x06, 0x0C, 0x7D, 0xB3, 0x97, 0x0F, 0x85, 0xA6, 0xE1, 0xE4, 0xC7,
    0xAB, 0xF5, 0xAE, 0x8C, 0xDB, 0x09, 0x33, 0xD7, 0x1E, 0x8C, 0x94, 0xE0,
    0x4A, 0x25, 0x61, 0x9D, 0xCE, 0xE3, 0xD2, 0x26, 0x1A, 0xD2, 0xEE, 0x6B,
    0xF1, 0x2F, 0xFA, 0x06, 0xD9, 0x8A, 0x08, 0x64, 0xD8, 0x76, 0x02, 0x73,
    0x3E, 0xC8, 0x6A, 0x64, 0x52, 0x1F, 0x2B, 0x18, 0x17, 0x7B, 0x20, 0x0C,
    0xBB, 0xE1, 0x17, 0x57, 0x7A, 0x61, 0x5D, 0x6C, 0x77, 0x09, 0x88, 0xC0,
    0xBA, 0xD9, 0x46, 0xE2, 0x08, 0xE2, 0x4F, 0xA0, 0x74, 0xE5, 0xAB, 0x31,
    0x43, 0xDB, 0x5B, 0xFC, 0xE0, 0xFD, 0x10, 0x8E, 0x4B, 0x82, 0xD1, 0x20,
    0xA9, 0x3A, 0xD2, 0xCA, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
];

/// The group constants, computed once.
struct Group {
    /// The prime modulus N.
    n: BigUint,
    /// The generator g = 2.
    g: BigUint,
    /// The multiplier k = H(padHex(N) || padHex(g)).
    k: BigUint,
}

/// N prepared for aws-lc's Montgomery exponentiation (the server's exponentiations: `g^b`,
/// `g^x`, `v^u` and `(A·v^u)^b`).
static N_MONT: LazyLock<Option<Modulus>> = LazyLock::new(|| Modulus::new(&N_BYTES).ok());

/// `base^e mod N` for `base < N`, through aws-lc: constant-time when `e` is secret, the faster
/// variable-time code when it is public (`u`); `num-bigint` should aws-lc be unable to set up
/// (it never is on supported platforms).
fn mod_pow(base: &BigUint, e: &BigUint, e_is_secret: bool) -> BigUint {
    let fast = N_MONT.as_ref().and_then(|m| {
        let (base, e) = (base.to_bytes_be(), e.to_bytes_be());
        if e_is_secret {
            m.pow(&base, &e).ok()
        } else {
            m.pow_public_exponent(&base, &e).ok()
        }
    });
    match fast {
        Some(bytes) => BigUint::from_bytes_be(&bytes),
        None => base.modpow(e, &GROUP.n),
    }
}

static GROUP: LazyLock<Group> = LazyLock::new(|| {
    let n = BigUint::from_bytes_be(&N_BYTES);
    let g = BigUint::from(2_u32);
    let k = hash_to_int(&[&pad_bytes(&n), &pad_bytes(&g)]);
    Group { n, g, k }
});

/// Bytes of exponent covered by the fixed-base table (256-bit exponents).
const TABLE_BYTES: usize = 32;

/// `g^(j · 256^i) mod N` for every byte value `j` and position `i`: a fixed-base comb, in
/// Montgomery form, that turns `g^e` for a 256-bit `e` into at most 32 Montgomery
/// multiplications (aws-lc's) instead of a full exponentiation. About 3 MiB, built on first use.
static G_TABLE: LazyLock<Option<FixedBase>> =
    LazyLock::new(|| FixedBase::new(&N_BYTES, &[2], TABLE_BYTES).ok());

/// `g^e mod N` for a secret `e` (the server's `b`, a password's `x`): constant-time.
fn g_pow_secret(e: &BigUint) -> BigUint {
    mod_pow(&GROUP.g, e, true)
}

/// `g^e mod N`, through the fixed-base table when `e` fits in 256 bits. The table is read at
/// places chosen by `e`'s bytes, so this is for the client side of the tests and the
/// benchmark; the server uses [`g_pow_secret`].
fn g_pow(e: &BigUint) -> BigUint {
    G_TABLE
        .as_ref()
        .and_then(|table| table.pow(&e.to_bytes_be()).ok())
        .map_or_else(
            || GROUP.g.modpow(e, &GROUP.n),
            |bytes| BigUint::from_bytes_be(&bytes),
        )
}

/// `padHex(x)` as bytes: the minimal big-endian bytes of `x`, with a `0x00` byte in front when
/// the top bit is set (zero encodes as one `0x00` byte).
fn pad_bytes(x: &BigUint) -> Vec<u8> {
    let bytes = x.to_bytes_be();
    match bytes.first() {
        Some(first) if first & 0x80 != 0 => {
            let mut padded = Vec::with_capacity(bytes.len() + 1);
            padded.push(0);
            padded.extend_from_slice(&bytes);
            padded
        }
        _ => bytes,
    }
}

/// The clients' `padHex`: lowercase hex of `x`, even length, with a leading `00` when the first
/// digit would be 8-f. Examples: 2 → `02`, 0xabc → `0abc`, 0x9a → `009a`.
#[must_use]
pub fn pad_hex(x: &BigUint) -> String {
    hex::encode(pad_bytes(x))
}

/// Lowercase hex of `x` without padding or leading zeros (zero is `"0"`): the form the server
/// sends for `SRP_B` and `SALT`.
#[must_use]
pub fn to_hex(x: &BigUint) -> String {
    x.to_str_radix(16)
}

/// The `SALT` challenge parameter for a stored salt: [`to_hex`] of the salt read as a big-endian
/// integer. Clients re-pad it themselves.
#[must_use]
pub fn salt_hex(salt: &[u8]) -> String {
    to_hex(&BigUint::from_bytes_be(salt))
}

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
fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    BigUint::from_bytes_be(&sha256(parts))
}

/// Parses case-insensitive hex of any length (odd allowed, at most `max_len` digits) into an
/// integer. Rejects empty input, signs, separators and non-hex characters.
fn parse_hex(text: &str, max_len: usize) -> Result<BigUint, SrpError> {
    let text = text.trim();
    if text.is_empty() || text.len() > max_len || !text.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(SrpError::InvalidHex);
    }
    let bytes = if text.len() % 2 == 1 {
        hex::decode(format!("0{text}"))
    } else {
        hex::decode(text)
    }
    .map_err(|_| SrpError::InvalidHex)?;
    Ok(BigUint::from_bytes_be(&bytes))
}

/// `x = H(padHex(salt) || H(pool_name || user_id || ":" || password))`.
fn compute_x(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = Zeroizing::new(sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]));
    hash_to_int(&[&pad_bytes(salt), inner.as_slice()])
}

/// `u = H(padHex(A) || padHex(B))`.
fn compute_u(big_a: &BigUint, big_b: &BigUint) -> BigUint {
    hash_to_int(&[&pad_bytes(big_a), &pad_bytes(big_b)])
}

/// Cognito's HKDF step: `PRK = HMAC(padHex(u), padHex(S))`,
/// `K = HMAC(PRK, "Caldera Derived Key" || 0x01)[..16]`.
fn derive_key(u: &BigUint, s: &BigUint) -> [u8; SESSION_KEY_LEN] {
    let salt_key = hmac::Key::new(hmac::HMAC_SHA256, &pad_bytes(u));
    let s_bytes = Zeroizing::new(pad_bytes(s));
    let prk = Zeroizing::new(hmac::sign(&salt_key, &s_bytes).as_ref().to_vec());
    let prk_key = hmac::Key::new(hmac::HMAC_SHA256, &prk);
    let okm = hmac::sign(&prk_key, DERIVED_KEY_INFO);
    let mut key = [0_u8; SESSION_KEY_LEN];
    key.copy_from_slice(&okm.as_ref()[..SESSION_KEY_LEN]);
    key
}

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

/// English weekday abbreviations, Monday first.
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// English month abbreviations, January first.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats an instant as Cognito's SRP `TIMESTAMP`, in UTC:
/// `EEE MMM d HH:mm:ss UTC yyyy`, e.g. `Tue Nov 3 04:07:06 UTC 2026` (day not zero-padded).
#[must_use]
pub fn format_timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(UtcOffset::UTC);
    let weekday = WEEKDAYS[usize::from(t.weekday().number_days_from_monday())];
    let month = MONTHS[usize::from(u8::from(t.month()) - 1)];
    format!(
        "{weekday} {month} {} {:02}:{:02}:{:02} UTC {}",
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.year()
    )
}

/// Parses a 1- or 2-digit decimal field.
fn parse_small(field: &str) -> Option<u8> {
    if field.is_empty() || field.len() > 2 || !field.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// Parses an SRP `TIMESTAMP` as produced by [`format_timestamp`].
///
/// Lenient about what clients are known to vary: the day (and the time fields) may be
/// zero-padded or not, runs of spaces are accepted, names are matched case-insensitively and
/// the zone may be `UTC` or `GMT`. The weekday must be a valid name but is not checked against
/// the date (the signature covers the string as sent). Returns `None` for anything else.
#[must_use]
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let mut fields = s.split_ascii_whitespace();
    let weekday = fields.next()?;
    let month = fields.next()?;
    let day = fields.next()?;
    let clock = fields.next()?;
    let zone = fields.next()?;
    let year = fields.next()?;
    if fields.next().is_some() {
        return None;
    }
    if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(weekday)) {
        return None;
    }
    if !(zone.eq_ignore_ascii_case("UTC") || zone.eq_ignore_ascii_case("GMT")) {
        return None;
    }
    let month_index = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))?;
    let month = Month::try_from(u8::try_from(month_index + 1).ok()?).ok()?;
    let day = parse_small(day)?;
    let mut clock = clock.split(':');
    let hour = parse_small(clock.next()?)?;
    let minute = parse_small(clock.next()?)?;
    let second = parse_small(clock.next()?)?;
    if clock.next().is_some() {
        return None;
    }
    if year.len() != 4 || !year.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year.parse().ok()?;
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// The client side of Cognito SRP, computed the way the Cognito client libraries do.
///
/// The server never needs this; it exists so that tests, integration tests and benchmarks can
/// sign in with `USER_SRP_AUTH` / `DEVICE_SRP_AUTH` without a JavaScript or Python client.
pub mod client {
    use num_bigint::BigUint;
    use num_traits::Zero;
    use zeroize::Zeroizing;

    use super::{
        claim_signature, compute_u, compute_x, derive_key, pad_bytes, parse_hex, SrpError,
        CLIENT_SECRET_LEN, GROUP, SESSION_KEY_LEN,
    };
    use crate::random::random_bytes;
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;

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
                .field("big_a", &super::to_hex(&self.big_a))
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
            let big_a = super::g_pow(&a);
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
            super::to_hex(&self.big_a)
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
            let kgx = (&group.k * super::g_pow(&x)) % &group.n;
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
        let salt = random_bytes(super::SALT_LEN);
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
}

#[cfg(test)]
mod tests {
    use super::client::{device_secret_from_parts, password_claim_signature, ClientHandshake};
    use super::*;
    use base64::engine::general_purpose::STANDARD;
    use time::macros::datetime;

    // Known-answer vectors computed with pycognito 2024.5.1 aws_srp (client side) and plain
    // Python pow() (server side), cross-checked with amazon-cognito-identity-js 6.3.21.

    /// One full SRP exchange with fixed secrets; every field is lowercase hex unless named
    /// otherwise.
    struct Kat {
        pool_name: &'static str,
        user_id: &'static str,
        password: &'static str,
        salt: &'static str,
        a: &'static str,
        b: &'static str,
        x: &'static str,
        verifier: &'static str,
        big_a: &'static str,
        big_b: &'static str,
        u: &'static str,
        s: &'static str,
        key: &'static str,
        secret_block_b64: &'static str,
        timestamp: &'static str,
        signature: &'static str,
    }

    const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

    const USER_HIGHBIT_SALT: Kat = Kat {
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

    const USER_LOWBIT_SALT_UTF8: Kat = Kat {
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

    const DEVICE: Kat = Kat {
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

    const LEADING_ZERO_SALT: (&str, &str, &str, &str, &str, &str) = (
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
    const DEVICE_CONFIG_SALT_B64: &str = "AMD/7gARIjNEVWZ3iJmqu8w=";
    const DEVICE_CONFIG_VERIFIER_B64: &str = concat!(
        "WRyS0w8oHZTpN3dN93tcaIAxFSa/foexJ++urUwsaOfz/68UjYtUTwgGC73Ojxa22Djj49SA/kSBk1ovad2yW5BQ",
        "Jv+uDzyyrfCE56SY9L/2fgpkNw1uBwWe36IS+C2zqY0T6gnEPYxZdwqD4wGWMonz3jH2Khi5YTT/FCsBF36cuay6",
        "K5vFQjhnMO5NUp7azeDvUDXkSVlUzkxH4L0V1cfoxrLH38+hVN6tR2jtYO9oYneSq9LR+iNrxytGJgHga2HggDS8",
        "yrNuCBfMGINcvXDnymdZmLjPTEEM59HJVNB8eY+L9u6lyoUkE0qE6S5i/mLgjKCjAgF2grE9KJ5gvNniiAkyvK/z",
        "879Zyc+5ReqRrDXY0Zr1EQ69juP78i7nQX2CDmPao4UPt3IvRCvPW8jMNEN1VIYvt9feWRMaC/DywTPePryoS3pq",
        "4UZTtDfe8D+YwfHyeiSPHti7u+C9gOZ/p5rsXtS10iPqlyANa4h1djSmI88dH/0AEX2g9TGz",
    );

    const ALL: [&Kat; 3] = [&USER_HIGHBIT_SALT, &USER_LOWBIT_SALT_UTF8, &DEVICE];

    fn int(hex: &str) -> BigUint {
        parse_hex(hex, 4096).unwrap()
    }

    fn bytes(hex: &str) -> Vec<u8> {
        hex::decode(hex).unwrap()
    }

    fn key_bytes(hex: &str) -> [u8; 16] {
        bytes(hex).try_into().unwrap()
    }

    #[test]
    fn the_modulus_is_the_3072_bit_rfc_3526_prime() {
        let n = &GROUP.n;
        assert_eq!(n.bits(), 3072);
        let hex = to_hex(n);
        assert!(hex.starts_with("ffffffffffffffffc90fdaa22168c234"));
        assert!(hex.ends_with("a93ad2caffffffffffffffff"));
        assert_eq!(GROUP.g, BigUint::from(2_u32));
    }

    #[test]
    fn k_matches_the_client_libraries() {
        assert_eq!(to_hex(&GROUP.k), K_HEX);
    }

    #[test]
    fn pad_hex_follows_the_client_padding_rule() {
        assert_eq!(pad_hex(&BigUint::from(2_u32)), "02");
        assert_eq!(pad_hex(&BigUint::from(0x9a_u32)), "009a");
        assert_eq!(pad_hex(&BigUint::from(0xabc_u32)), "0abc");
        assert_eq!(pad_hex(&BigUint::from(0x7f12_u32)), "7f12");
        assert_eq!(pad_hex(&BigUint::from(0x80_u32)), "0080");
        assert_eq!(pad_hex(&BigUint::zero()), "00");
        let n = pad_hex(&GROUP.n);
        assert_eq!(n.len(), 770);
        assert!(n.starts_with("00ffff"));
    }

    #[test]
    fn to_hex_is_lowercase_and_unpadded() {
        assert_eq!(to_hex(&BigUint::from(0x0abc_u32)), "abc");
        assert_eq!(to_hex(&BigUint::from(0xff_u32)), "ff");
        assert_eq!(to_hex(&BigUint::zero()), "0");
        assert_eq!(salt_hex(&[0x00, 0x7c, 0x1d]), "7c1d");
        assert_eq!(salt_hex(&bytes("9a3f")), "9a3f");
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
        let secret = client::generate_device_secret(&group_key, &device_key);
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
    fn normalize_verifier_pads_and_validates() {
        let v = normalize_verifier(&[0, 0, 5]).unwrap();
        assert_eq!(v.len(), VERIFIER_LEN);
        assert_eq!(v[VERIFIER_LEN - 1], 5);
        assert!(v[..VERIFIER_LEN - 1].iter().all(|b| *b == 0));
        assert_eq!(normalize_verifier(&[]), Err(SrpError::InvalidVerifier));
        assert_eq!(normalize_verifier(&[0, 0]), Err(SrpError::InvalidVerifier));
        assert_eq!(normalize_verifier(&N_BYTES), Err(SrpError::InvalidVerifier));
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

    #[test]
    fn debug_output_hides_secret_exponents() {
        let server = server_start(&bytes(USER_HIGHBIT_SALT.verifier));
        let shown = format!("{server:?}");
        assert!(shown.contains("b: \"..\""));
        assert!(!shown.contains(&hex::encode(server.b.as_slice())));
        let client = ClientHandshake::from_secret(&bytes(USER_HIGHBIT_SALT.a)).unwrap();
        assert!(!format!("{client:?}").contains(&USER_HIGHBIT_SALT.a[..32]));
    }

    #[test]
    fn timestamps_format_like_the_clients() {
        assert_eq!(
            format_timestamp(datetime!(2026-11-03 04:07:06 UTC)),
            "Tue Nov 3 04:07:06 UTC 2026"
        );
        assert_eq!(
            format_timestamp(datetime!(2026-01-15 23:59:01 UTC)),
            "Thu Jan 15 23:59:01 UTC 2026"
        );
        // Other offsets are converted to UTC first.
        assert_eq!(
            format_timestamp(datetime!(2025-02-09 02:00:00 +02:00)),
            "Sun Feb 9 00:00:00 UTC 2025"
        );
        assert_eq!(
            format_timestamp(datetime!(2024-12-31 23:00:00 -01:00)),
            "Wed Jan 1 00:00:00 UTC 2025"
        );
    }

    #[test]
    fn every_weekday_and_month_name_is_english() {
        let mut t = datetime!(2026-01-05 12:00:00 UTC); // a Monday
        for expected in WEEKDAYS {
            assert!(format_timestamp(t).starts_with(expected));
            t += time::Duration::days(1);
        }
        for (i, expected) in MONTHS.iter().enumerate() {
            let month = Month::try_from(u8::try_from(i + 1).unwrap()).unwrap();
            let t = Date::from_calendar_date(2026, month, 1)
                .unwrap()
                .midnight()
                .assume_utc();
            assert_eq!(&format_timestamp(t)[4..7], *expected);
        }
    }

    #[test]
    fn timestamps_parse_with_or_without_a_padded_day() {
        let expected = datetime!(2026-11-03 04:07:06 UTC);
        for text in [
            "Tue Nov 3 04:07:06 UTC 2026",
            "Tue Nov 03 04:07:06 UTC 2026",
            "Tue  Nov  3 04:07:06 UTC 2026",
            "tue nov 3 4:7:6 GMT 2026",
        ] {
            assert_eq!(parse_timestamp(text), Some(expected), "{text}");
        }
        for kat in ALL {
            let t = parse_timestamp(kat.timestamp).unwrap();
            assert_eq!(format_timestamp(t), kat.timestamp);
        }
    }

    #[test]
    fn formatted_timestamps_parse_back_to_the_same_second() {
        let now = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap();
        assert_eq!(parse_timestamp(&format_timestamp(now)), Some(now));
    }

    #[test]
    fn malformed_timestamps_do_not_parse() {
        for bad in [
            "",
            "Tue Nov 3 04:07:06 UTC",
            "Tue Nov 3 04:07:06 UTC 2026 extra",
            "Xyz Nov 3 04:07:06 UTC 2026",
            "Tue Foo 3 04:07:06 UTC 2026",
            "Tue Nov 31 04:07:06 UTC 2026",
            "Tue Nov 3 24:07:06 UTC 2026",
            "Tue Nov 3 04:07 UTC 2026",
            "Tue Nov 3 04:07:06:01 UTC 2026",
            "Tue Nov 3 04:07:06 PST 2026",
            "Tue Nov 3 04:07:06 UTC 26",
            "Tue Nov 003 04:07:06 UTC 2026",
            "Tue Nov +3 04:07:06 UTC 2026",
            "2026-11-03T04:07:06Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad:?}");
        }
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
