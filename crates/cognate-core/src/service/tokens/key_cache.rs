//! The pools' signing keys once unsealed, cached by pool id.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use cognate_crypto::jwt;

/// A pool's unsealed signing keys.
pub struct PoolKeys {
    pub(crate) id_token: jwt::SigningKey,
    pub(crate) access_token: jwt::SigningKey,
}

/// Unsealed keys by pool id; keys never change for a pool, so the cache never goes stale.
#[derive(Default)]
pub(crate) struct KeyCache(pub(crate) RwLock<HashMap<String, Arc<PoolKeys>>>);
