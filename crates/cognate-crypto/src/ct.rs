//! Constant-time comparison of secrets (MACs, hashes, verifiers, signatures).
//!
//! Every comparison of a value an attacker may try to guess byte by byte must go through
//! [`ct_eq`] instead of `==`.

/// Compares two byte strings in time that depends only on their lengths, never on their contents.
///
/// Returns `false` when the lengths differ (lengths are not treated as secret).
#[must_use]
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    aws_lc_rs::constant_time::verify_slices_are_equal(a, b).is_ok()
}

#[cfg(test)]
mod tests {
    use super::ct_eq;

    #[test]
    fn equal_slices_compare_equal() {
        assert!(ct_eq(b"same bytes", b"same bytes"));
        assert!(ct_eq(b"", b""));
    }

    #[test]
    fn a_single_differing_byte_makes_slices_unequal() {
        assert!(!ct_eq(b"same bytes", b"same bytez"));
        assert!(!ct_eq(&[0x00], &[0x80]));
    }

    #[test]
    fn slices_of_different_length_are_unequal() {
        assert!(!ct_eq(b"abc", b"abcd"));
        assert!(!ct_eq(b"", b"a"));
    }
}
