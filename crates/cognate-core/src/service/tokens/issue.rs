//! Minting ID and access tokens (and a refresh token) for a sign-in, with Cognito's claims.

use std::collections::BTreeMap;

use cognate_crypto::random;
use cognate_proto::AuthenticationResultType;
use serde_json::Value;

use super::claims::{AccessClaims, Common, IdClaims, ADMIN_SCOPE};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, RefreshTokenRecord, SignIn, User, UserPool},
    service::Cognate,
};

impl Cognate {
    /// Mints ID and access tokens (and a refresh token when `with_refresh`) for a sign-in.
    pub(crate) async fn issue_tokens(
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
        let common = Common {
            iss: &iss,
            origin_jti: &sign_in.origin_jti,
            event_id: &event_id,
            auth_time: sign_in.auth_time,
            iat: now,
        };
        let attributes: BTreeMap<&str, Value> = user
            .attributes
            .iter()
            .filter(|(name, _)| client.can_read(name))
            .map(|(name, value)| {
                let value = match name.as_str() {
                    "email_verified" | "phone_number_verified" => Value::Bool(value == "true"),
                    _ => Value::String(value.clone()),
                };
                (name.as_str(), value)
            })
            .collect();
        let id = IdClaims {
            sub: &user.sub,
            attributes,
            common: common.clone(),
            username: &user.username,
            aud: &client.client_id,
            token_use: "id",
            exp: now + client.id_token_seconds(),
            jti: random::uuid_v4(),
        };
        let access = AccessClaims {
            sub: user.sub.clone(),
            device_key: sign_in.device_key.clone(),
            iss: iss.clone(),
            origin_jti: sign_in.origin_jti.clone(),
            event_id: event_id.clone(),
            auth_time: sign_in.auth_time,
            iat: now,
            client_id: client.client_id.clone(),
            token_use: "access".into(),
            scope: ADMIN_SCOPE.into(),
            exp: now + client.access_token_seconds(),
            jti: random::uuid_v4(),
            username: user.username.clone(),
        };
        let internal = |e: cognate_crypto::jwt::JwtError| CoreError::Internal(e.into());
        let id_token = keys.id_token.sign(&id).map_err(internal)?;
        let access_token = keys.access_token.sign(&access).map_err(internal)?;
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
}
