//! The operator's side of the pools' signing keys (`cognate keys …`): listing them, adding a
//! generation that signs new tokens from then on, and retiring an older key, after which the
//! tokens it signed no longer verify. Nodes see either change when they next read the pool's
//! keys (`key_cache`).

use std::cmp::Reverse;

use cognate_crypto::secretbox::MasterKey;

use super::keys::{new_generation, unseal};
use crate::{
    error::{CoreError, CoreResult},
    model::{SealedSigningKey, SigningKeyInfo, TokenUse},
    service::Cognate,
    store::StoreError,
};

/// The stored keys as listed: their ids (which takes unsealing them), newest generation first.
fn described(master: &MasterKey, stored: &[SealedSigningKey]) -> CoreResult<Vec<SigningKeyInfo>> {
    let newest = |token_use: TokenUse| {
        stored
            .iter()
            .filter(|k| k.token_use == token_use)
            .map(|k| k.generation)
            .max()
    };
    let mut listed = stored
        .iter()
        .map(|k| -> CoreResult<SigningKeyInfo> {
            Ok(SigningKeyInfo {
                kid: unseal(master, k)?.kid().to_string(),
                token_use: k.token_use,
                generation: k.generation,
                created_ms: k.created_ms,
                is_current: newest(k.token_use) == Some(k.generation),
            })
        })
        .collect::<CoreResult<Vec<_>>>()?;
    listed.sort_by_key(|k| (Reverse(k.generation), k.token_use));
    Ok(listed)
}

impl Cognate {
    /// The pool's signing keys, newest generation first.
    pub async fn list_signing_keys(&self, pool_id: &str) -> CoreResult<Vec<SigningKeyInfo>> {
        self.pool(pool_id).await?;
        let stored = self.store.list_signing_keys(pool_id).await?;
        described(&self.master_key, &stored)
    }

    /// Adds a generation of keys to the pool, one per token use: they sign new tokens from then
    /// on, and the older keys keep verifying the tokens they signed. Returns the new keys.
    pub async fn rotate_signing_keys(&self, pool_id: &str) -> CoreResult<Vec<SigningKeyInfo>> {
        self.pool(pool_id).await?;
        let stored = self.store.list_signing_keys(pool_id).await?;
        let generation = stored.iter().map(|k| k.generation).max().unwrap_or(0) + 1;
        let added = new_generation(&self.master_key, pool_id, generation, self.now_ms())?;
        match self.store.insert_signing_keys(&added).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(CoreError::InvalidParameter(format!(
                    "another rotation of pool {pool_id} added generation {generation} first; \
                     list the keys and rotate again if another generation is still wanted"
                )))
            }
            Err(e) => return Err(e.into()),
        }
        self.forget_pool_keys(pool_id);
        described(&self.master_key, &added)
    }

    /// Removes the key `kid` from the pool: it leaves the JWKS, and tokens it signed stop
    /// verifying. The current key of either use cannot be retired.
    pub async fn retire_signing_key(&self, pool_id: &str, kid: &str) -> CoreResult<SigningKeyInfo> {
        let listed = self.list_signing_keys(pool_id).await?;
        let Some(key) = listed.into_iter().find(|k| k.kid == kid) else {
            return Err(CoreError::ResourceNotFound(format!(
                "pool {pool_id} has no signing key {kid}"
            )));
        };
        if key.is_current {
            return Err(CoreError::InvalidParameter(format!(
                "{kid} is the current {use_} token key of pool {pool_id}: it signs new tokens, so \
                 it cannot be retired. Rotate first (cognate keys rotate --pool {pool_id}), then \
                 retire it once the tokens it signed have expired.",
                use_ = key.token_use.as_str()
            )));
        }
        self.store
            .delete_signing_key(pool_id, key.generation, key.token_use)
            .await?;
        self.forget_pool_keys(pool_id);
        Ok(key)
    }
}
