//! The encodings every Cognito client shares: `padHex` (as bytes to hash, and as text),
//! unpadded hex for `SRP_B` and `SALT`, and the parser for hex that clients send.

use num_bigint::BigUint;

use super::error::SrpError;

/// `padHex(x)` as bytes: the minimal big-endian bytes of `x`, with a `0x00` byte in front when
/// the top bit is set (zero encodes as one `0x00` byte).
pub(super) fn pad_bytes(x: &BigUint) -> Vec<u8> {
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

/// Parses case-insensitive hex of any length (odd allowed, at most `max_len` digits) into an
/// integer. Rejects empty input, signs, separators and non-hex characters.
pub(super) fn parse_hex(text: &str, max_len: usize) -> Result<BigUint, SrpError> {
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

#[cfg(test)]
mod tests {
    use num_traits::Zero;

    use super::*;
    use crate::srp::group::GROUP;
    use crate::srp::vectors::bytes;

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
}
