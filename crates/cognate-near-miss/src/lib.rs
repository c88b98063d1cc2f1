//! What the property tests of every crate share: their configuration, and edits that turn a
//! valid value (a token, a signature, a request) into a nearly valid one. A property then
//! checks that the near miss is refused the way a client must see it, and never panics.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{contextualize_config, Config as ProptestConfig};

/// Standard base64 with its padding character: SRP claims, SECRET_BLOCKs, sealed boxes.
pub const BASE64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

/// Unpadded base64url and the separator of a JWT's parts.
pub const BASE64URL_AND_DOT: &str =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

/// 64 cases per property, so that `cargo test` stays quick; `PROPTEST_CASES` sets another
/// number for a long run (README.md, "Test it"). A failure is reported with its smallest input
/// rather than saved under `proptest-regressions/`.
pub fn config() -> ProptestConfig {
    contextualize_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })
}

/// `text` with the character at `at` replaced by a different one from `alphabet` (an empty
/// `text` becomes one character of it).
pub fn substitute(text: &str, at: Index, with: Index, alphabet: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let alphabet: Vec<char> = alphabet.chars().collect();
    if chars.is_empty() {
        return alphabet[with.index(alphabet.len())].to_string();
    }
    let i = at.index(chars.len());
    let mut k = with.index(alphabet.len());
    if alphabet[k] == chars[i] {
        k = (k + 1) % alphabet.len();
    }
    chars[i] = alphabet[k];
    chars.into_iter().collect()
}

/// One edit of a text, at places chosen relative to its length.
#[derive(Debug, Clone)]
pub enum Edit {
    /// The character at a place becomes another (possibly the same).
    Replace(Index, char),
    /// A character is put in.
    Insert(Index, char),
    /// A character is taken out.
    Remove(Index),
    /// The text ends early.
    Cut(Index),
    /// A piece of the text is written twice.
    Repeat(Index, Index),
}

impl Edit {
    /// `text` with this edit made.
    pub fn apply(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        let len = chars.len();
        // A place among the characters, or `None` in an empty text.
        let place = |i: &Index| (len > 0).then(|| i.index(len));
        match self {
            Edit::Replace(i, c) => {
                if let Some(i) = place(i) {
                    chars[i] = *c;
                }
            }
            Edit::Insert(i, c) => chars.insert(i.index(len + 1), *c),
            Edit::Remove(i) => {
                if let Some(i) = place(i) {
                    chars.remove(i);
                }
            }
            Edit::Cut(i) => chars.truncate(i.index(len + 1)),
            Edit::Repeat(a, b) => {
                if let (Some(a), Some(b)) = (place(a), place(b)) {
                    let (from, to) = (a.min(b), a.max(b) + 1);
                    let piece: Vec<char> = chars[from..to].to_vec();
                    chars.splice(to..to, piece);
                }
            }
        }
        chars.into_iter().collect()
    }
}

/// One to three edits, with characters from anywhere in Unicode or, as often, from
/// `alphabet` (when it is not empty).
pub fn edits(alphabet: &str) -> impl Strategy<Value = Vec<Edit>> {
    let chars: Vec<char> = alphabet.chars().collect();
    let char = if chars.is_empty() {
        any::<char>().boxed()
    } else {
        prop_oneof![any::<char>(), prop::sample::select(chars)].boxed()
    };
    let edit = prop_oneof![
        (any::<Index>(), char.clone()).prop_map(|(i, c)| Edit::Replace(i, c)),
        (any::<Index>(), char).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<Index>().prop_map(Edit::Remove),
        any::<Index>().prop_map(Edit::Cut),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::Repeat(a, b)),
    ];
    prop::collection::vec(edit, 1..4)
}

/// `text` after `edits`, in order.
pub fn edited(text: &str, edits: &[Edit]) -> String {
    edits
        .iter()
        .fold(text.to_string(), |text, edit| edit.apply(&text))
}
