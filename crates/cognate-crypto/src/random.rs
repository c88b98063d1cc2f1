//! Randomness for secrets and identifiers: raw bytes, one-time codes, pool / client ids,
//! client secrets, UUIDs and device group keys.
//!
//! Everything here draws from the operating system's CSPRNG (`rand::rngs::OsRng`); nothing is
//! seeded or deterministic. Choices from an alphabet use rejection sampling, so every symbol is
//! equally likely (no modulo bias).

use rand::rngs::OsRng;
use rand::RngCore;

/// Upper- and lower-case ASCII letters and digits, the alphabet of pool-id suffixes.
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Lower-case ASCII letters and digits, the alphabet of app client ids and secrets.
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Returns `n` bytes from the operating system's CSPRNG.
///
/// Panics only if the operating system cannot provide randomness at all, which a server cannot
/// sensibly survive.
#[must_use]
pub fn random_bytes(n: usize) -> Vec<u8> {
    let mut out = vec![0_u8; n];
    OsRng.fill_bytes(&mut out);
    out
}

/// An opaque token (sessions, refresh tokens): `n` random bytes in URL-safe base64 without
/// padding, redrawn until it starts with a letter or digit, so that a command line never takes
/// it for an option (`--session -abc…`).
#[must_use]
pub fn opaque_token(n: usize) -> String {
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
    loop {
        let token = URL_SAFE_NO_PAD.encode(random_bytes(n));
        if token.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return token;
        }
    }
}

/// Returns a uniformly distributed 6-digit decimal code (`"000000"` to `"999999"`), as used for
/// e-mail / SMS verification and MFA codes.
#[must_use]
pub fn code6() -> String {
    const RANGE: u32 = 1_000_000;
    // Largest multiple of RANGE that fits in u32; draws at or above it are rejected.
    const LIMIT: u32 = (u32::MAX / RANGE) * RANGE;
    loop {
        let draw = OsRng.next_u32();
        if draw < LIMIT {
            return format!("{:06}", draw % RANGE);
        }
    }
}

/// Returns `n` characters drawn uniformly from `A-Za-z0-9`.
#[must_use]
pub fn alnum(n: usize) -> String {
    sample(ALNUM, n)
}

/// Returns `n` characters drawn uniformly from `a-z0-9`.
#[must_use]
pub fn lower_alnum(n: usize) -> String {
    sample(LOWER_ALNUM, n)
}

/// Returns `n` characters drawn uniformly from the lower-case letters and digits that cannot be
/// mistaken for one another when read aloud or copied by hand (no `0`/`o`, `1`/`l`/`i`).
#[must_use]
pub fn unambiguous(n: usize) -> String {
    sample(b"23456789abcdefghjkmnpqrstuvwxyz", n)
}

/// Returns a new user pool id for `region`, shaped like Cognito's: `"{region}_{9 alnum}"`,
/// e.g. `us-east-1_AbC123xYz`.
#[must_use]
pub fn user_pool_id(region: &str) -> String {
    format!("{region}_{}", alnum(9))
}

/// Returns a new app client id: 26 characters from `a-z0-9`.
#[must_use]
pub fn client_id() -> String {
    lower_alnum(26)
}

/// Returns a new app client secret: 52 characters from `a-z0-9` (about 268 bits).
#[must_use]
pub fn client_secret() -> String {
    lower_alnum(52)
}

/// Returns a random (version 4) UUID in lower-case hyphenated form.
#[must_use]
pub fn uuid_v4() -> String {
    let mut bytes = [0_u8; 16];
    OsRng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// Returns a new device group key: `"-"` followed by 8 characters from `A-Za-z0-9`
/// (Cognito's look like `-nNwnPidS`).
#[must_use]
pub fn device_group_key() -> String {
    format!("-{}", alnum(8))
}

/// Draws `n` symbols uniformly from `alphabet` (at most 256 symbols) by rejection sampling bytes.
fn sample(alphabet: &[u8], n: usize) -> String {
    debug_assert!(!alphabet.is_empty() && alphabet.len() <= 256);
    let len = alphabet.len();
    // Bytes below `limit` map evenly onto the alphabet; the rest are thrown away.
    let limit = 256 - (256 % len);
    let mut out = String::with_capacity(n);
    let mut buf = [0_u8; 64];
    while out.len() < n {
        OsRng.fill_bytes(&mut buf);
        for &byte in &buf {
            if out.len() == n {
                break;
            }
            let byte = usize::from(byte);
            if byte < limit {
                out.push(char::from(alphabet[byte % len]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_tokens_never_look_like_options() {
        for _ in 0..2000 {
            let token = opaque_token(12);
            assert!(
                token.starts_with(|c: char| c.is_ascii_alphanumeric()),
                "{token}"
            );
            assert_eq!(token.len(), 16);
        }
    }

    #[test]
    fn random_bytes_has_the_requested_length_and_varies() {
        assert_eq!(random_bytes(0).len(), 0);
        assert_eq!(random_bytes(33).len(), 33);
        assert_ne!(random_bytes(32), random_bytes(32));
    }

    #[test]
    fn code6_is_six_decimal_digits() {
        for _ in 0..200 {
            let code = code6();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|c| c.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn code6_leading_digits_cover_all_ten_values() {
        let mut seen = [false; 10];
        for _ in 0..2000 {
            let first = code6().as_bytes()[0] - b'0';
            seen[usize::from(first)] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn alnum_uses_only_its_alphabet_and_reaches_all_of_it() {
        let s = alnum(20_000);
        assert_eq!(s.len(), 20_000);
        assert!(s.bytes().all(|c| c.is_ascii_alphanumeric()));
        for c in ALNUM {
            assert!(s.as_bytes().contains(c), "missing {}", char::from(*c));
        }
    }

    #[test]
    fn lower_alnum_uses_only_lowercase_letters_and_digits() {
        let s = lower_alnum(10_000);
        assert!(s
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
        for c in LOWER_ALNUM {
            assert!(s.as_bytes().contains(c), "missing {}", char::from(*c));
        }
    }

    #[test]
    fn alphabet_sampling_is_roughly_uniform() {
        let s = lower_alnum(36_000);
        let mut counts = [0_u32; 36];
        for c in s.bytes() {
            let idx = LOWER_ALNUM.iter().position(|a| *a == c).unwrap();
            counts[idx] += 1;
        }
        // Expected 1000 each; a biased sampler over bytes (256 % 36 = 4) would skew by ~3%,
        // which this loose bound does not try to detect, but gross errors are caught.
        assert!(counts.iter().all(|n| (800..1200).contains(n)), "{counts:?}");
    }

    #[test]
    fn user_pool_id_looks_like_cognitos() {
        let id = user_pool_id("us-east-1");
        let (region, suffix) = id.split_once('_').unwrap();
        assert_eq!(region, "us-east-1");
        assert_eq!(suffix.len(), 9);
        assert!(suffix.bytes().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn client_id_and_secret_have_cognitos_lengths() {
        let id = client_id();
        let secret = client_secret();
        assert_eq!(id.len(), 26);
        assert_eq!(secret.len(), 52);
        assert!(id
            .bytes()
            .chain(secret.bytes())
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    }

    #[test]
    fn uuid_v4_is_a_lowercase_version_4_uuid() {
        let s = uuid_v4();
        let parsed = uuid::Uuid::parse_str(&s).unwrap();
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(s, s.to_ascii_lowercase());
        assert_eq!(s.len(), 36);
        assert_ne!(uuid_v4(), uuid_v4());
    }

    #[test]
    fn device_group_key_is_a_dash_and_eight_alnum() {
        let key = device_group_key();
        assert_eq!(key.len(), 9);
        assert!(key.starts_with('-'));
        assert!(key[1..].bytes().all(|c| c.is_ascii_alphanumeric()));
    }
}
