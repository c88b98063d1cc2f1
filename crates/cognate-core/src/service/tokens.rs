//! Tokens: per-pool RS256 signing keys (sealed at rest, cached unsealed), ID/access/refresh
//! issuance with Cognito's claims, the checks every access-token operation makes, refresh,
//! revocation and global sign-out.

use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::{jwt, random};
use cognate_proto::{
    AccessTokenRequest, AuthResponse, AuthenticationResultType, GetTokensFromRefreshTokenRequest,
    GetTokensFromRefreshTokenResponse, RevokeTokenRequest,
};
use serde_json::{json, Map, Value};

use super::{required, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, AuthFlow, RefreshTokenRecord, SealedPoolKeys, User, UserPool},
};

const KEY_PURPOSE: &str = "token-signing-key";
/// The scope of tokens from API sign-ins; user-pool API calls require it.
pub(super) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// A pool's unsealed signing keys.
pub struct PoolKeys {
    id_token: jwt::SigningKey,
    access_token: jwt::SigningKey,
}

/// Unsealed keys by pool id; keys never change for a pool, so the cache never goes stale.
#[derive(Default)]
pub(super) struct KeyCache(RwLock<HashMap<String, Arc<PoolKeys>>>);

/// Who an access token speaks for, after every check passed.
#[derive(Debug, Clone)]
pub struct AccessContext {
    /// The pool's id (load the pool with [`Cognate::token_pool`] when an operation needs it).
    pub pool_id: String,
    /// The user, as stored now.
    pub user: User,
    /// The client the token was issued to.
    pub client: AppClient,
    /// The token's verified claims.
    pub claims: Arc<Map<String, Value>>,
}

/// Access tokens whose signature already verified, by SHA-256 of the token. Bounded: cleared
/// when full. Only the signature check is remembered; expiry, revocation and the user's state
/// are checked on every use.
#[derive(Default)]
pub(super) struct VerifiedTokens(std::sync::Mutex<HashMap<[u8; 32], Claims>>);

/// Verified claims of one token.
type Claims = Arc<Map<String, Value>>;

const VERIFIED_CAPACITY: usize = 50_000;

impl VerifiedTokens {
    fn key(token: &str) -> [u8; 32] {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
        let mut key = [0_u8; 32];
        key.copy_from_slice(digest.as_ref());
        key
    }

    fn get(&self, token: &str) -> Option<Arc<Map<String, Value>>> {
        self.0.lock().ok()?.get(&Self::key(token)).cloned()
    }

    fn insert(&self, token: &str, claims: Arc<Map<String, Value>>) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= VERIFIED_CAPACITY {
                map.clear();
            }
            map.insert(Self::key(token), claims);
        }
    }
}

/// One sign-in: what every token minted from it shares. `device_key` is the device the client
/// named (DEVICE_KEY) until the sign-in completes, then the device its tokens are bound to.
/// `srp_a` is the `SRP_A` of an SRP password step answered without a `Session` (pycognito),
/// which then answers DEVICE_SRP_AUTH with the same `A` and no `Session` either; it is not
/// kept in sessions.
#[derive(Debug, Clone)]
pub(super) struct SignIn {
    pub auth_time: i64,
    pub origin_jti: String,
    pub device_key: Option<String>,
    pub srp_a: Option<String>,
}

impl SignIn {
    pub(super) fn new(now_secs: i64, device_key: Option<&str>) -> Self {
        Self {
            auth_time: now_secs,
            origin_jti: random::uuid_v4(),
            device_key: device_key.filter(|k| !k.is_empty()).map(str::to_string),
            srp_a: None,
        }
    }

    /// The sign-in a challenge session carries (see [`Cognate::challenge`]).
    pub(super) fn from_session(data: &Value, now_secs: i64) -> Self {
        Self {
            auth_time: data["auth_time"].as_i64().unwrap_or(now_secs),
            origin_jti: data["origin_jti"]
                .as_str()
                .map_or_else(random::uuid_v4, str::to_string),
            device_key: data["device_key"].as_str().map(str::to_string),
            srp_a: None,
        }
    }

    /// What a challenge session keeps of the sign-in.
    pub(super) fn to_session(&self) -> Map<String, Value> {
        let mut data = Map::new();
        data.insert("auth_time".into(), json!(self.auth_time));
        data.insert("origin_jti".into(), json!(self.origin_jti));
        if let Some(key) = &self.device_key {
            data.insert("device_key".into(), json!(key));
        }
        data
    }
}

fn internal(e: impl Into<anyhow::Error>) -> CoreError {
    CoreError::Internal(e.into())
}

fn invalid_access_token() -> CoreError {
    CoreError::NotAuthorized("Invalid Access Token".into())
}

/// Generates and seals a new pool's two key pairs.
pub(super) fn new_pool_keys(
    master: &cognate_crypto::secretbox::MasterKey,
) -> CoreResult<SealedPoolKeys> {
    let seal = |key: jwt::SigningKey| {
        let sealed = master.seal(KEY_PURPOSE, &key.to_pkcs8_der());
        sealed.map(|sealed| B64.encode(sealed)).map_err(internal)
    };
    Ok(SealedPoolKeys {
        id_token: seal(jwt::SigningKey::generate().map_err(internal)?)?,
        access_token: seal(jwt::SigningKey::generate().map_err(internal)?)?,
    })
}

impl Cognate {
    /// The pool's unsealed keys, from the cache or unsealed once.
    fn cached_pool_keys(&self, pool_id: &str) -> Option<Arc<PoolKeys>> {
        self.keys.0.read().ok()?.get(pool_id).cloned()
    }

    pub(super) fn pool_keys(&self, pool: &UserPool) -> CoreResult<Arc<PoolKeys>> {
        if let Some(keys) = self
            .keys
            .0
            .read()
            .map_err(|_| internal(anyhow::anyhow!("key cache poisoned")))?
            .get(&pool.id)
        {
            return Ok(keys.clone());
        }
        let unseal = |sealed: &str| -> CoreResult<jwt::SigningKey> {
            let bytes = B64.decode(sealed).map_err(internal)?;
            let der = self
                .master_key
                .open(KEY_PURPOSE, &bytes)
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

    pub(super) fn forget_pool_keys(&self, pool_id: &str) {
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
        Ok(json!({
            "issuer": issuer,
            "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }))
    }

    fn refresh_hash(&self, token: &str) -> String {
        hex::encode(self.master_key.mac("refresh-token", token.as_bytes()))
    }

    /// Mints ID and access tokens (and a refresh token when `with_refresh`) for a sign-in.
    pub(super) async fn issue_tokens(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &SignIn,
        with_refresh: bool,
    ) -> CoreResult<AuthenticationResultType> {
        let keys = self.pool_keys(pool)?;
        let now = self.clock.now_secs();
        let iss = self.issuer(&pool.id);
        let event_id = random::uuid_v4();
        let mut id = Map::new();
        id.insert("sub".into(), json!(user.sub));
        for (name, value) in &user.attributes {
            if !client.can_read(name) {
                continue;
            }
            let v = match name.as_str() {
                "email_verified" | "phone_number_verified" => json!(value == "true"),
                _ => json!(value),
            };
            id.insert(name.clone(), v);
        }
        let common: Map<String, Value> = [
            ("iss", json!(iss)),
            ("origin_jti", json!(sign_in.origin_jti)),
            ("event_id", json!(event_id)),
            ("auth_time", json!(sign_in.auth_time)),
            ("iat", json!(now)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        id.extend(common.clone());
        id.insert("cognito:username".into(), json!(user.username));
        id.insert("aud".into(), json!(client.client_id));
        id.insert("token_use".into(), json!("id"));
        id.insert("exp".into(), json!(now + client.id_token_seconds()));
        id.insert("jti".into(), json!(random::uuid_v4()));
        let mut access = Map::new();
        access.insert("sub".into(), json!(user.sub));
        if let Some(device_key) = &sign_in.device_key {
            access.insert("device_key".into(), json!(device_key));
        }
        access.extend(common);
        access.insert("client_id".into(), json!(client.client_id));
        access.insert("token_use".into(), json!("access"));
        access.insert("scope".into(), json!(ADMIN_SCOPE));
        access.insert("exp".into(), json!(now + client.access_token_seconds()));
        access.insert("jti".into(), json!(random::uuid_v4()));
        access.insert("username".into(), json!(user.username));
        let id_token = keys.id_token.sign(&Value::Object(id)).map_err(internal)?;
        let access_token = keys
            .access_token
            .sign(&Value::Object(access))
            .map_err(internal)?;
        let refresh_token = if with_refresh {
            let token = random::opaque_token(48);
            self.store
                .insert_refresh_token(&RefreshTokenRecord {
                    hash: self.refresh_hash(&token),
                    pool_id: pool.id.clone(),
                    client_id: client.client_id.clone(),
                    sub: user.sub.clone(),
                    origin_jti: sign_in.origin_jti.clone(),
                    device_key: sign_in.device_key.clone(),
                    auth_time: sign_in.auth_time,
                    expires_ms: self.now_ms() + client.refresh_token_seconds() * 1000,
                    revoked: false,
                })
                .await?;
            Some(token)
        } else {
            None
        };
        Ok(AuthenticationResultType {
            access_token,
            expires_in: client.access_token_seconds(),
            token_type: "Bearer".into(),
            refresh_token,
            id_token,
            new_device_metadata: None,
        })
    }

    /// Checks an access token as every token-authorized operation must: signature, issuer,
    /// `token_use`, scope, expiry, the user's existence and state, and revocation. Signature
    /// checks are remembered per token (tokens are immutable); state is read fresh every time.
    pub async fn authorize_access_token(&self, token: Option<&str>) -> CoreResult<AccessContext> {
        let token = token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| CoreError::missing("accessToken"))?;
        let claims = match self.verified.get(token) {
            Some(claims) => claims,
            None => {
                let claims = Arc::new(self.verify_access_signature(token).await?);
                self.verified.insert(token, claims.clone());
                claims
            }
        };
        let exp = claims
            .get("exp")
            .and_then(Value::as_i64)
            .ok_or_else(invalid_access_token)?;
        if exp <= self.clock.now_secs() {
            return Err(CoreError::NotAuthorized("Access Token has expired".into()));
        }
        let text = |name: &str| {
            claims
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(invalid_access_token)
        };
        let iss = text("iss")?;
        let pool_id = iss.rsplit('/').next().unwrap_or_default();
        let subject = self
            .store
            .find_token_subject(
                pool_id,
                text("sub")?,
                text("client_id")?,
                text("origin_jti")?,
            )
            .await?;
        if !subject.pool_exists {
            return Err(invalid_access_token());
        }
        if subject.revoked != Some(false) {
            return Err(CoreError::NotAuthorized(
                "Access Token has been revoked".into(),
            ));
        }
        let user = subject
            .user
            .ok_or_else(|| CoreError::UserNotFound("User does not exist.".into()))?;
        if !user.enabled {
            return Err(CoreError::NotAuthorized("User is disabled.".into()));
        }
        let client = subject
            .client
            .filter(|c| c.pool_id == pool_id)
            .ok_or_else(invalid_access_token)?;
        Ok(AccessContext {
            pool_id: pool_id.to_string(),
            user,
            client,
            claims,
        })
    }

    /// Verifies signature, issuer, `token_use` and scope of an access token.
    async fn verify_access_signature(&self, token: &str) -> CoreResult<Map<String, Value>> {
        let unverified = jwt::decode_unverified(token).map_err(|_| invalid_access_token())?;
        let iss = unverified
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(invalid_access_token)?;
        let pool_id = iss.rsplit('/').next().unwrap_or_default();
        if iss != self.issuer(pool_id) {
            return Err(invalid_access_token());
        }
        let keys = match self.cached_pool_keys(pool_id) {
            Some(keys) => keys,
            None => {
                let pool = self
                    .store
                    .find_pool(pool_id)
                    .await?
                    .ok_or_else(invalid_access_token)?;
                self.pool_keys(&pool)?
            }
        };
        let claims = jwt::verify(token, &keys.access_token.verifying_key())
            .map_err(|_| invalid_access_token())?;
        if claims.get("token_use").and_then(Value::as_str) != Some("access") {
            return Err(invalid_access_token());
        }
        let has_scope = claims
            .get("scope")
            .and_then(Value::as_str)
            .is_some_and(|s| s.split(' ').any(|s| s == ADMIN_SCOPE));
        if !has_scope {
            return Err(CoreError::NotAuthorized(
                "Access Token does not have required scopes".into(),
            ));
        }
        Ok(claims)
    }

    /// The pool of an access token, for operations that need its settings.
    pub(super) async fn token_pool(&self, ctx: &AccessContext) -> CoreResult<UserPool> {
        self.store
            .find_pool(&ctx.pool_id)
            .await?
            .ok_or_else(invalid_access_token)
    }

    /// The record behind a presented refresh token, checked for this client.
    async fn live_refresh_token(
        &self,
        token: &str,
        client: &AppClient,
    ) -> CoreResult<RefreshTokenRecord> {
        let invalid = || CoreError::NotAuthorized("Invalid Refresh Token".into());
        let record = self
            .store
            .find_refresh_token(&self.refresh_hash(token))
            .await?
            .ok_or_else(invalid)?;
        if record.client_id != client.client_id {
            return Err(invalid());
        }
        if record.revoked {
            return Err(CoreError::NotAuthorized(
                "Refresh Token has been revoked".into(),
            ));
        }
        if record.expires_ms <= self.now_ms() {
            return Err(CoreError::NotAuthorized("Refresh Token has expired".into()));
        }
        Ok(record)
    }

    /// New ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH and
    /// GetTokensFromRefreshToken); the caller has already checked the client's secret. A token
    /// issued to a confirmed device needs that device's key; a forgotten device's tokens are
    /// refused.
    pub(super) async fn refresh_tokens(
        &self,
        pool: &UserPool,
        client: &AppClient,
        token: &str,
        device_key: Option<&str>,
    ) -> CoreResult<AuthenticationResultType> {
        if !client.allows(AuthFlow::RefreshToken) {
            return Err(CoreError::InvalidParameter(
                "Refresh Token flow not enabled for this client".into(),
            ));
        }
        let record = self.live_refresh_token(token, client).await?;
        let user = self
            .store
            .find_user(&pool.id, &record.sub)
            .await?
            .ok_or_else(|| CoreError::NotAuthorized("Invalid Refresh Token".into()))?;
        if !user.enabled {
            return Err(CoreError::NotAuthorized("User is disabled.".into()));
        }
        if let Some(bound) = &record.device_key {
            super::devices::check_refresh_device(&user, bound, device_key)?;
        }
        let sign_in = SignIn {
            auth_time: record.auth_time,
            origin_jti: record.origin_jti.clone(),
            device_key: record.device_key.clone(),
            srp_a: None,
        };
        self.issue_tokens(pool, client, &user, &sign_in, false)
            .await
    }

    /// `InitiateAuth` with `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`.
    pub(super) async fn refresh_token_auth(
        &self,
        pool: &UserPool,
        client: &AppClient,
        params: &std::collections::BTreeMap<String, String>,
    ) -> CoreResult<AuthResponse> {
        let token = params.get("REFRESH_TOKEN").ok_or_else(|| {
            CoreError::InvalidParameter("Missing required parameter REFRESH_TOKEN".into())
        })?;
        if client.sealed_secret.is_some() {
            // Clients hash the internal username here; accept any of the user's identifiers.
            let record = self.live_refresh_token(token, client).await?;
            let user = self.store.find_user(&pool.id, &record.sub).await?;
            let names = user.map(|u| identifiers(&u)).unwrap_or_default();
            self.check_secret_hash_any(
                client,
                &names,
                params.get("SECRET_HASH").map(String::as_str),
            )?;
        }
        let device_key = params.get("DEVICE_KEY").map(String::as_str);
        let result = self.refresh_tokens(pool, client, token, device_key).await?;
        Ok(AuthResponse {
            authentication_result: Some(result),
            ..AuthResponse::default()
        })
    }

    /// GetTokensFromRefreshToken.
    pub async fn get_tokens_from_refresh_token(
        &self,
        req: GetTokensFromRefreshTokenRequest,
    ) -> CoreResult<GetTokensFromRefreshTokenResponse> {
        let client_id = required(&req.client_id, "clientId")?;
        let token = required(&req.refresh_token, "refreshToken")?;
        let (client, pool) = self.client_and_pool(client_id).await?;
        self.check_client_secret(&client, req.client_secret.as_deref())?;
        let authentication_result = self
            .refresh_tokens(&pool, &client, token, req.device_key.as_deref())
            .await?;
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result,
        })
    }

    /// RevokeToken: revokes the refresh token and every access token minted from its sign-in.
    pub async fn revoke_token(&self, req: RevokeTokenRequest) -> CoreResult<()> {
        let client_id = required(&req.client_id, "clientId")?;
        let token = required(&req.token, "token")?;
        let (client, _pool) = self.client_and_pool(client_id).await?;
        if !client.is_token_revocation_enabled() {
            return Err(CoreError::UnsupportedOperation(
                "Token revocation is not enabled for this client.".into(),
            ));
        }
        self.check_client_secret(&client, req.client_secret.as_deref())?;
        if token.split('.').count() == 3 {
            return Err(CoreError::UnsupportedTokenType(
                "Only refresh tokens can be revoked.".into(),
            ));
        }
        let Some(record) = self
            .store
            .find_refresh_token(&self.refresh_hash(token))
            .await?
        else {
            return Ok(());
        };
        if record.client_id != client.client_id {
            return Err(CoreError::Unauthorized(
                "The token was not issued to this client.".into(),
            ));
        }
        self.store.revoke_origin(&record.origin_jti).await?;
        Ok(())
    }

    /// GlobalSignOut: every refresh token of the user, and the access tokens minted from them.
    pub async fn global_sign_out(&self, req: AccessTokenRequest) -> CoreResult<()> {
        let ctx = self
            .authorize_access_token(req.access_token.as_deref())
            .await?;
        self.store
            .revoke_user_tokens(&ctx.pool_id, &ctx.user.sub)
            .await?;
        Ok(())
    }

    /// Checks `ClientSecret` (RevokeToken, GetTokensFromRefreshToken).
    fn check_client_secret(&self, client: &AppClient, presented: Option<&str>) -> CoreResult<()> {
        let Some(secret) = self.client_secret(client)? else {
            return Ok(());
        };
        match presented {
            Some(p) if cognate_crypto::ct::ct_eq(p.as_bytes(), secret.as_bytes()) => Ok(()),
            _ => Err(CoreError::NotAuthorized(format!(
                "Unable to verify secret hash for client {}",
                client.client_id
            ))),
        }
    }
}

/// Every name a client may have hashed into SECRET_HASH for this user.
pub(super) fn identifiers(user: &User) -> Vec<String> {
    let mut names = vec![user.username.clone(), user.sub.clone()];
    names.extend(user.attr("email").map(str::to_string));
    names.extend(user.attr("phone_number").map(str::to_string));
    names
}
