//! The pools' signing keys once unsealed, cached by pool id. An entry serves for the cache's
//! refresh period (a minute unless the service is built with another) and is then read again
//! from the store, so that a rotation or a retirement made with `cognate keys …` reaches every
//! node within that period. A token naming a `kid` the entry lacks has the store read again at
//! once (a rotation this node has not seen yet), at most once a second per pool.

use std::{
    cmp::Reverse,
    collections::HashMap,
    sync::{Arc, RwLock},
};

use cognate_crypto::jwt;
use serde_json::Value;

use crate::{
    error::{CoreError, CoreResult},
    model::{SealedSigningKey, TokenUse},
};

/// How long a pool's keys serve before they are read again, unless the service is built with
/// another period.
pub const DEFAULT_REFRESH_MS: i64 = 60_000;

/// The least time between a read of a pool's keys and one caused by an unknown `kid`, so that
/// tokens naming made-up keys cannot make every request read the store.
const MIN_EARLY_RELOAD_MS: i64 = 1_000;

/// One key of a pool, unsealed, with its stored record.
pub(crate) struct LoadedKey {
    pub(crate) stored: SealedSigningKey,
    pub(crate) key: jwt::SigningKey,
}

/// A pool's unsealed signing keys, as read from the store at one time.
pub struct PoolKeys {
    /// By generation, then use.
    keys: Vec<LoadedKey>,
    /// When they were read, epoch ms (the service's clock).
    loaded_ms: i64,
}

impl PoolKeys {
    /// The keys read at `loaded_ms`.
    pub(crate) fn new(mut keys: Vec<LoadedKey>, loaded_ms: i64) -> Self {
        keys.sort_by_key(|k| (k.stored.generation, k.stored.token_use));
        Self { keys, loaded_ms }
    }

    /// The key that signs new tokens of `token_use`: the newest generation of that use.
    pub(crate) fn current(&self, token_use: TokenUse) -> Option<&LoadedKey> {
        self.keys
            .iter()
            .rev()
            .find(|k| k.stored.token_use == token_use)
    }

    /// [`PoolKeys::current`]'s key, which every pool has.
    pub(crate) fn signing(&self, token_use: TokenUse) -> CoreResult<&jwt::SigningKey> {
        self.current(token_use).map(|k| &k.key).ok_or_else(|| {
            CoreError::Internal(anyhow::anyhow!(
                "the pool has no {} token signing key",
                token_use.as_str()
            ))
        })
    }

    /// The key of `token_use` whose key id is `kid`.
    pub(crate) fn by_kid(&self, token_use: TokenUse, kid: &str) -> Option<&jwt::SigningKey> {
        self.keys
            .iter()
            .find(|k| k.stored.token_use == token_use && k.key.kid() == kid)
            .map(|k| &k.key)
    }

    /// The key unsealed from `stored` when these keys were read, if `stored` was among them
    /// unchanged: a refresh parses only the keys it has not seen.
    pub(crate) fn unsealed(&self, stored: &SealedSigningKey) -> Option<&jwt::SigningKey> {
        self.keys
            .iter()
            .find(|k| k.stored == *stored)
            .map(|k| &k.key)
    }

    /// The public keys as JWKs: the newest generation first, ID before access within one.
    pub(crate) fn jwks(&self) -> Vec<Value> {
        let mut newest_first: Vec<&LoadedKey> = self.keys.iter().collect();
        newest_first.sort_by_key(|k| (Reverse(k.stored.generation), k.stored.token_use));
        newest_first.iter().map(|k| k.key.jwk()).collect()
    }
}

/// Unsealed keys by pool id, each entry serving for `refresh_ms`.
pub(crate) struct KeyCache {
    pools: RwLock<HashMap<String, Arc<PoolKeys>>>,
    refresh_ms: i64,
}

impl Default for KeyCache {
    fn default() -> Self {
        Self::with_refresh_ms(DEFAULT_REFRESH_MS)
    }
}

impl KeyCache {
    /// An empty cache whose entries serve for `refresh_ms` (at least a millisecond).
    pub(crate) fn with_refresh_ms(refresh_ms: i64) -> Self {
        Self {
            pools: RwLock::default(),
            refresh_ms: refresh_ms.max(1),
        }
    }

    /// The pool's entry, fresh or not.
    pub(crate) fn get(&self, pool_id: &str) -> Option<Arc<PoolKeys>> {
        self.pools.read().ok()?.get(pool_id).cloned()
    }

    /// Whether `keys` may still serve at `now_ms` (a clock that went back counts as stale).
    pub(crate) fn is_fresh(&self, keys: &PoolKeys, now_ms: i64) -> bool {
        (0..self.refresh_ms).contains(&now_ms.saturating_sub(keys.loaded_ms))
    }

    /// Whether an unknown `kid` may have `keys` read again at `now_ms`.
    pub(crate) fn may_reload_early(&self, keys: &PoolKeys, now_ms: i64) -> bool {
        let age = now_ms.saturating_sub(keys.loaded_ms);
        !(0..MIN_EARLY_RELOAD_MS).contains(&age)
    }

    /// Replaces the pool's entry.
    pub(crate) fn put(&self, pool_id: &str, keys: Arc<PoolKeys>) {
        if let Ok(mut pools) = self.pools.write() {
            pools.insert(pool_id.to_string(), keys);
        }
    }

    /// Drops the pool's entry.
    pub(crate) fn remove(&self, pool_id: &str) {
        if let Ok(mut pools) = self.pools.write() {
            pools.remove(pool_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(generation: i64, token_use: TokenUse, key: &jwt::SigningKey) -> LoadedKey {
        LoadedKey {
            stored: SealedSigningKey {
                pool_id: "us-east-1_keys".into(),
                generation,
                token_use,
                created_ms: generation,
                sealed: format!("sealed-{generation}-{}", token_use.as_str()),
            },
            key: key.clone(),
        }
    }

    #[test]
    fn the_newest_generation_of_each_use_signs_and_every_key_verifies_its_own_use() {
        let keys: Vec<jwt::SigningKey> = (0..4)
            .map(|_| jwt::SigningKey::generate().unwrap())
            .collect();
        let pool = PoolKeys::new(
            vec![
                loaded(2, TokenUse::Access, &keys[3]),
                loaded(1, TokenUse::Id, &keys[0]),
                loaded(2, TokenUse::Id, &keys[2]),
                loaded(1, TokenUse::Access, &keys[1]),
            ],
            0,
        );
        assert_eq!(pool.signing(TokenUse::Id).unwrap().kid(), keys[2].kid());
        assert_eq!(pool.signing(TokenUse::Access).unwrap().kid(), keys[3].kid());
        assert!(pool.by_kid(TokenUse::Access, keys[1].kid()).is_some());
        assert!(pool.by_kid(TokenUse::Id, keys[1].kid()).is_none());
        let kids: Vec<String> = pool
            .jwks()
            .iter()
            .map(|jwk| jwk["kid"].as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> = [2, 3, 0, 1]
            .iter()
            .map(|&i| keys[i].kid().to_string())
            .collect();
        assert_eq!(kids, expected);
        let stored = loaded(1, TokenUse::Id, &keys[0]).stored;
        assert_eq!(pool.unsealed(&stored).unwrap().kid(), keys[0].kid());
        let changed = SealedSigningKey {
            sealed: "resealed".into(),
            ..stored
        };
        assert!(pool.unsealed(&changed).is_none());
    }

    #[test]
    fn an_entry_serves_for_the_refresh_period_and_reloads_early_after_a_second() {
        let cache = KeyCache::with_refresh_ms(60_000);
        let keys = PoolKeys::new(Vec::new(), 100_000);
        assert!(cache.is_fresh(&keys, 100_000));
        assert!(cache.is_fresh(&keys, 159_999));
        assert!(!cache.is_fresh(&keys, 160_000));
        assert!(!cache.is_fresh(&keys, 99_999));
        assert!(!cache.may_reload_early(&keys, 100_999));
        assert!(cache.may_reload_early(&keys, 101_000));
        assert!(cache.may_reload_early(&keys, 99_000));
    }
}
