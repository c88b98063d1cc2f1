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
//! * `SRP_A` / `SRP_B` are [`BigUint`](num_bigint::BigUint)s, parsed with [`parse_srp_a`] and
//!   rendered with [`to_hex`].
//!
//! Performance: the server uses a 256-bit secret exponent `b`, and `u` is a 256-bit hash, so a
//! login costs three 3072-bit modular exponentiations with 256-bit exponents. `g^e` goes
//! through a fixed-base table; the two variable-base ones (`v^u`, then the secret `b`) through
//! aws-lc's constant-time Montgomery code ([`cognate_modexp`]). The group constants are
//! computed once.
//!
//! Files: `group` (N, g, k and exponentiation modulo N), `encoding` (`padHex` and hex),
//! `hashes` (`x`, `u` and the session key), `verifier`, `server` (the handshake), `claim` (the
//! claim signature), `timestamp`, and `client` (the client side, for tests and the benchmark).

mod claim;
pub mod client;
mod encoding;
mod error;
mod group;
mod hashes;
mod server;
mod timestamp;
mod verifier;

pub use claim::{claim_signature, verify_claim};
pub use encoding::{pad_hex, salt_hex, to_hex};
pub use error::SrpError;
pub use group::{CLIENT_SECRET_LEN, VERIFIER_LEN};
pub use hashes::SESSION_KEY_LEN;
pub use server::{
    parse_srp_a, server_public_b, server_session_key, server_start, ServerHandshake,
    SERVER_SECRET_LEN,
};
pub use timestamp::{format_timestamp, parse_timestamp};
pub use verifier::{compute_verifier, device_verifier, new_salt, normalize_verifier, SALT_LEN};

#[cfg(test)]
mod vectors;
