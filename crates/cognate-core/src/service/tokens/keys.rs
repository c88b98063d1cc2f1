//! Each pool's RS256 signing keys (one for ID tokens, one for access tokens, per generation):
//! made with the pool, sealed at rest with the master key, cached unsealed (`key_cache`), and
//! published as JWKS and OIDC discovery. Adding and retiring generations is `rotation`'s.

use std::sync::Arc;

use cognate_crypto::{jwt, secretbox::MasterKey};
use serde_json::{json, Value};

use super::key_cache::{LoadedKey, PoolKeys};
use crate::{
    error::{CoreError, CoreResult},
    model::{SealedSigningKey, TokenUse},
    service::Cognate,
};

/// What signing keys are sealed for.
pub(crate) const KEY_PURPOSE: &str = "token-signing-key";

fn internal(e: impl Into<anyhow::Error>) -> CoreError {
    CoreError::Internal(e.into())
}

/// A new generation of keys for `pool_id` (one per token use), sealed.
pub(crate) fn new_generation(
    master: &MasterKey,
    pool_id: &str,
    generation: i64,
    now_ms: i64,
) -> CoreResult<Vec<SealedSigningKey>> {
    TokenUse::ALL
        .iter()
        .map(|&token_use| -> CoreResult<SealedSigningKey> {
            let key = jwt::SigningKey::generate().map_err(internal)?;
            Ok(SealedSigningKey {
                pool_id: pool_id.to_string(),
                generation,
                token_use,
                created_ms: now_ms,
                sealed: master
                    .seal_b64(KEY_PURPOSE, &key.to_pkcs8_der())
                    .map_err(internal)?,
            })
        })
        .collect()
}

/// A stored key, unsealed and parsed.
pub(crate) fn unseal(master: &MasterKey, stored: &SealedSigningKey) -> CoreResult<jwt::SigningKey> {
    let der = master.open_b64(KEY_PURPOSE, &stored.sealed).map_err(|e| {
        CoreError::Internal(anyhow::Error::new(e).context(format!(
            "unsealing the {} key of generation {} of pool {}",
            stored.token_use.as_str(),
            stored.generation,
            stored.pool_id
        )))
    })?;
    jwt::SigningKey::from_pkcs8_der(&der).map_err(internal)
}

impl Cognate {
    /// The pool's keys: the cached ones while fresh, else read from the store. `None` when the
    /// pool has none, which is when it does not exist.
    pub(crate) async fn find_pool_keys(&self, pool_id: &str) -> CoreResult<Option<Arc<PoolKeys>>> {
        let now = self.now_ms();
        match self.keys.get(pool_id) {
            Some(keys) if self.keys.is_fresh(&keys, now) => Ok(Some(keys)),
            cached => self.load_pool_keys(pool_id, cached.as_deref(), now).await,
        }
    }

    /// The keys of a pool that exists.
    pub(crate) async fn pool_keys(&self, pool_id: &str) -> CoreResult<Arc<PoolKeys>> {
        self.find_pool_keys(pool_id)
            .await?
            .ok_or_else(|| internal(anyhow::anyhow!("pool {pool_id} has no token signing keys")))
    }

    /// Reads the pool's keys from the store and caches them, unsealing only those `previous`
    /// does not hold already.
    async fn load_pool_keys(
        &self,
        pool_id: &str,
        previous: Option<&PoolKeys>,
        now_ms: i64,
    ) -> CoreResult<Option<Arc<PoolKeys>>> {
        let stored = self.store.list_signing_keys(pool_id).await?;
        if stored.is_empty() {
            self.forget_pool_keys(pool_id);
            return Ok(None);
        }
        let mut loaded = Vec::with_capacity(stored.len());
        for record in stored {
            let key = match previous.and_then(|p| p.unsealed(&record)) {
                Some(key) => key.clone(),
                None => unseal(&self.master_key, &record)?,
            };
            loaded.push(LoadedKey {
                stored: record,
                key,
            });
        }
        let keys = Arc::new(PoolKeys::new(loaded, now_ms));
        self.keys.put(pool_id, Arc::clone(&keys));
        Ok(Some(keys))
    }

    /// The pool's key of `token_use` named `kid`, reading the pool's keys again when the cached
    /// ones lack it: another node may have started signing with a key this one has not read.
    pub(crate) async fn verifying_key(
        &self,
        pool_id: &str,
        token_use: TokenUse,
        kid: &str,
    ) -> CoreResult<Option<jwt::SigningKey>> {
        let Some(keys) = self.find_pool_keys(pool_id).await? else {
            return Ok(None);
        };
        if let Some(key) = keys.by_kid(token_use, kid) {
            return Ok(Some(key.clone()));
        }
        let now = self.now_ms();
        if !self.keys.may_reload_early(&keys, now) {
            return Ok(None);
        }
        let reloaded = self.load_pool_keys(pool_id, Some(&*keys), now).await?;
        Ok(reloaded.and_then(|keys| keys.by_kid(token_use, kid).cloned()))
    }

    /// Drops a pool's keys from the cache.
    pub(crate) fn forget_pool_keys(&self, pool_id: &str) {
        self.keys.remove(pool_id);
    }

    /// `GET /{userPoolId}/.well-known/jwks.json`: every key of the pool, retired ones aside.
    pub async fn jwks(&self, pool_id: &str) -> CoreResult<Value> {
        self.pool(pool_id).await?;
        let keys = self.pool_keys(pool_id).await?;
        Ok(json!({ "keys": keys.jwks() }))
    }

    /// `GET /{userPoolId}/.well-known/openid-configuration`.
    pub async fn openid_configuration(&self, pool_id: &str) -> CoreResult<Value> {
        self.pool(pool_id).await?;
        let issuer = self.issuer(pool_id);
        let base = self.config.public_url.trim_end_matches('/');
        Ok(json!({
            "issuer": issuer,
            "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "authorization_endpoint": format!("{base}/oauth2/authorize"),
            "token_endpoint": format!("{base}/oauth2/token"),
            "userinfo_endpoint": format!("{base}/oauth2/userInfo"),
            "revocation_endpoint": format!("{base}/oauth2/revoke"),
            "end_session_endpoint": format!("{base}/logout"),
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token", "implicit"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "cognito:username", "email", "email_verified", "phone_number", "phone_number_verified", "name", "given_name", "family_name"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        }))
    }
}
