//! Tokens, by job: the pools' signing keys (`keys`, cached unsealed in `key_cache`, rotated and
//! retired by the operator in `rotation`), the claims every token carries (`claims`), minting
//! them for a sign-in (`issue`), the checks of every access-token operation (`access`,
//! remembered in `verified`), and refresh, revocation and sign-out (`refresh`).

mod access;
pub mod claims;
pub(crate) mod issue;
pub(crate) mod key_cache;
pub(crate) mod keys;
pub(crate) mod refresh;
pub mod rotation;
pub mod verified;
