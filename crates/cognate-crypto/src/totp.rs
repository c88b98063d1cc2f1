//! Authenticator-app codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, one step of skew
//! either way), as Cognito's software-token MFA uses them. Replay protection is the caller's:
//! [`matching_step`] returns the step a code belongs to, and a step may be accepted only once.

use totp_rs::{Algorithm, Builder};

use crate::random::random_bytes;

/// Length of a new shared secret: 32 bytes, which Cognito shows as 52 base32 characters.
pub const SECRET_LEN: usize = 32;
/// Seconds per step.
pub const STEP_SECS: u64 = 30;

/// A fresh random shared secret.
#[must_use]
pub fn new_secret() -> Vec<u8> {
    random_bytes(SECRET_LEN)
}

/// RFC 4648 base32 (A-Z, 2-7) without padding: the `SecretCode` clients put into `otpauth://` URIs.
#[must_use]
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0_u32, 0_u32);
    for byte in bytes {
        buffer = (buffer << 8) | u32::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The step (`unix_secs / 30`) whose code equals `code`, looking one step back and ahead of
/// `now_secs`; `None` when the code matches none (or is not six digits).
#[must_use]
pub fn matching_step(secret: &[u8], code: &str, now_secs: u64) -> Option<u64> {
    let code = code.trim();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECS)
        .with_secret(secret.to_vec())
        .build()
        .ok()?;
    totp.check(code, now_secs)
}

/// The code of the step containing `unix_secs` (for tests and clients).
#[must_use]
pub fn code_at(secret: &[u8], unix_secs: u64) -> String {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(STEP_SECS)
        .with_secret(secret.to_vec())
        .build()
        .map(|t| t.generate(unix_secs).to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", last six digits.
    #[test]
    fn rfc6238_vectors_match() {
        let secret = b"12345678901234567890";
        for (t, code) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code_at(secret, t), code);
            assert_eq!(matching_step(secret, code, t), Some(t / 30));
        }
    }

    #[test]
    fn codes_are_accepted_one_step_either_side_only() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        assert_eq!(matching_step(&secret, &code, now + 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now - 30), Some(now / 30));
        assert_eq!(matching_step(&secret, &code, now + 90), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn base32_matches_rfc4648() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(&[0_u8; 32]).len(), 52);
    }
}
