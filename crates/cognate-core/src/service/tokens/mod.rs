//! Tokens, by job: the pools' signing keys (`keys`, cached unsealed in `key_cache`), the claims
//! every token carries (`claims`), minting them for a sign-in (`issue`), the checks of every
//! access-token operation (`access`, remembered in `verified`), and refresh, revocation and
//! sign-out (`refresh`).

mod access;
pub mod claims;
pub(crate) mod issue;
pub(crate) mod key_cache;
mod keys;
pub(crate) mod refresh;
pub mod verified;

pub(crate) use keys::new_pool_keys;
