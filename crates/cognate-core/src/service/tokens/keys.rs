//! Each pool's two RS256 signing keys (ID and access tokens): generated with the pool, sealed
//! at rest with the master key, cached unsealed, and published as JWKS and OIDC discovery.

use std::sync::Arc;

use cognate_crypto::{jwt, secretbox::MasterKey};
use serde_json::{json, Value};

use super::key_cache::PoolKeys;
use crate::{
    error::{CoreError, CoreResult},
    model::{SealedPoolKeys, UserPool},
    service::Cognate,
};

const KEY_PURPOSE: &str = "token-signing-key";

fn internal(e: impl Into<anyhow::Error>) -> CoreError {
    CoreError::Internal(e.into())
}

/// Generates and seals a new pool's two key pairs.
pub(crate) fn new_pool_keys(master: &MasterKey) -> CoreResult<SealedPoolKeys> {
    let seal = |key: jwt::SigningKey| {
        master
            .seal_b64(KEY_PURPOSE, &key.to_pkcs8_der())
            .map_err(internal)
    };
    Ok(SealedPoolKeys {
        id_token: seal(jwt::SigningKey::generate().map_err(internal)?)?,
        access_token: seal(jwt::SigningKey::generate().map_err(internal)?)?,
    })
}

impl Cognate {
    /// The pool's unsealed keys, when the cache has them.
    pub(crate) fn cached_pool_keys(&self, pool_id: &str) -> Option<Arc<PoolKeys>> {
        self.keys.0.read().ok()?.get(pool_id).cloned()
    }

    /// The pool's unsealed keys, from the cache or unsealed once.
    pub(crate) fn pool_keys(&self, pool: &UserPool) -> CoreResult<Arc<PoolKeys>> {
        if let Some(keys) = self.cached_pool_keys(&pool.id) {
            return Ok(keys);
        }
        let unseal = |sealed: &str| -> CoreResult<jwt::SigningKey> {
            let der = self
                .master_key
                .open_b64(KEY_PURPOSE, sealed)
                .map_err(internal)?;
            jwt::SigningKey::from_pkcs8_der(&der).map_err(internal)
        };
        let keys = Arc::new(PoolKeys {
            id_token: unseal(&pool.keys.id_token)?,
            access_token: unseal(&pool.keys.access_token)?,
        });
        self.keys
            .0
            .write()
            .map_err(|_| internal(anyhow::anyhow!("key cache poisoned")))?
            .insert(pool.id.clone(), keys.clone());
        Ok(keys)
    }

    /// Drops a deleted pool's keys from the cache.
    pub(crate) fn forget_pool_keys(&self, pool_id: &str) {
        if let Ok(mut cache) = self.keys.0.write() {
            cache.remove(pool_id);
        }
    }

    /// `GET /{userPoolId}/.well-known/jwks.json`.
    pub async fn jwks(&self, pool_id: &str) -> CoreResult<Value> {
        let pool = self.pool(pool_id).await?;
        let keys = self.pool_keys(&pool)?;
        Ok(json!({ "keys": [keys.id_token.jwk(), keys.access_token.jwk()] }))
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
