//! Sealed boxes as untrusted input (the SRP `SECRET_BLOCK`s and pagination tokens clients
//! return are sealed boxes): any bytes or text, a valid box with a bit flipped, cut short,
//! lengthened or opened for another purpose are all refused; only the box itself opens, to
//! what was sealed.

// Test code: a failed setup step should stop the test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use cognate_crypto::secretbox::{MasterKey, SecretBoxError};
use proptest::prelude::*;
use proptest::sample::Index;

use cognate_near_miss::{config, edited, edits, substitute, BASE64};

/// Version byte, nonce and tag: the shortest box is this long.
const OVERHEAD: usize = 1 + 12 + 16;

fn key() -> &'static MasterKey {
    static KEY: OnceLock<MasterKey> = OnceLock::new();
    KEY.get_or_init(MasterKey::generate)
}

fn plaintext() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..200)
}

fn purpose() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("srp-secret-block".to_string()),
        Just("list-page|users|us-east-1_AbC123xYz".to_string()),
        "\\PC{0,30}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_are_refused_as_malformed_or_undecryptable(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..120),
            prop::collection::vec(any::<u8>(), 0..120).prop_map(|mut b| {
                b.insert(0, 1);
                b
            }),
        ],
        purpose in purpose(),
    ) {
        let expected = if bytes.len() < OVERHEAD || bytes[0] != 1 {
            SecretBoxError::Malformed
        } else {
            SecretBoxError::Decrypt
        };
        prop_assert_eq!(key().open(&purpose, &bytes).map(|p| p.to_vec()), Err(expected));
    }

    #[test]
    fn any_text_is_refused_as_a_base64_box(
        text in prop_oneof![any::<String>(), "[A-Za-z0-9+/=]{0,120}"],
        purpose in purpose(),
    ) {
        prop_assert!(key().open_b64(&purpose, &text).is_err());
    }

    #[test]
    fn a_box_opens_to_what_was_sealed_and_only_for_its_purpose(
        plain in plaintext(),
        purpose in purpose(),
        other in purpose(),
    ) {
        let sealed = key().seal(&purpose, &plain).unwrap();
        prop_assert_eq!(sealed.len(), plain.len() + OVERHEAD);
        prop_assert_eq!(key().open(&purpose, &sealed).unwrap().to_vec(), plain);
        if other != purpose {
            prop_assert_eq!(
                key().open(&other, &sealed).map(|p| p.to_vec()),
                Err(SecretBoxError::Decrypt)
            );
        }
        prop_assert!(MasterKey::generate().open(&purpose, &sealed).is_err());
    }

    #[test]
    fn a_box_with_one_bit_flipped_is_refused(
        plain in plaintext(),
        at in any::<Index>(),
        bit in 0_u8..8,
    ) {
        let mut sealed = key().seal("p", &plain).unwrap();
        let i = at.index(sealed.len());
        sealed[i] ^= 1 << bit;
        let expected = if i == 0 {
            SecretBoxError::Malformed
        } else {
            SecretBoxError::Decrypt
        };
        prop_assert_eq!(key().open("p", &sealed).map(|p| p.to_vec()), Err(expected));
    }

    #[test]
    fn a_box_cut_short_or_lengthened_is_refused(
        plain in plaintext(),
        cut in any::<Index>(),
        extra in prop::collection::vec(any::<u8>(), 1..40),
    ) {
        let sealed = key().seal("p", &plain).unwrap();
        let short = &sealed[..cut.index(sealed.len())];
        prop_assert!(key().open("p", short).is_err());
        let long = [sealed.as_slice(), extra.as_slice()].concat();
        prop_assert!(key().open("p", &long).is_err());
    }

    #[test]
    fn a_base64_box_with_one_character_changed_or_edited_is_refused(
        plain in plaintext(),
        (at, with) in (any::<Index>(), any::<Index>()),
        edits in edits(""),
    ) {
        let sealed = key().seal_b64("p", &plain).unwrap();
        let changed = substitute(&sealed, at, with, BASE64);
        prop_assert!(key().open_b64("p", &changed).is_err(), "{changed}");
        let after_edits = edited(&sealed, &edits);
        if after_edits != sealed {
            prop_assert!(key().open_b64("p", &after_edits).is_err(), "{after_edits}");
        }
        prop_assert_eq!(
            key().open("p", &STANDARD.decode(&sealed).unwrap()).unwrap().to_vec(),
            plain
        );
    }
}
