//! The checks every access-token operation makes: signature (by a key the pool still has),
//! issuer, `token_use`, scope, expiry, the user's existence and state, and revocation.
//! Signature checks are remembered per token (tokens are immutable); the key's presence and
//! the state are checked every time.

use std::sync::Arc;

use cognate_crypto::jwt;
use serde_json::Value;

use super::{
    claims::{AccessClaims, ADMIN_SCOPE},
    verified::{AccessContext, Verified},
};
use crate::{
    error::{CoreError, CoreResult},
    model::{AccessToken, TokenUse, UserPool},
    service::Cognate,
};

fn invalid_access_token() -> CoreError {
    CoreError::NotAuthorized("Invalid Access Token".into())
}

impl Cognate {
    /// Checks an access token as every token-authorized operation must; the user-pool API
    /// needs `aws.cognito.signin.user.admin`.
    pub async fn authorize_access_token(&self, token: &AccessToken) -> CoreResult<AccessContext> {
        self.authorize_access_token_for(token, ADMIN_SCOPE).await
    }

    /// Checks an access token that must carry `scope`.
    pub(crate) async fn authorize_access_token_for(
        &self,
        token: &AccessToken,
        scope: &str,
    ) -> CoreResult<AccessContext> {
        let token = token.as_str();
        let claims = match self.verified.get(token) {
            Some(hit) => {
                // A retired key takes the tokens it signed with it.
                let key = self
                    .verifying_key(hit.claims.pool_id(), TokenUse::Access, &hit.kid)
                    .await?;
                if key.is_none() {
                    return Err(invalid_access_token());
                }
                hit.claims
            }
            None => {
                let (kid, claims) = self.verify_access_signature(token).await?;
                let claims = Arc::new(claims);
                self.verified.insert(
                    token,
                    Verified {
                        kid,
                        claims: claims.clone(),
                    },
                );
                claims
            }
        };
        if !claims.has_scope(scope) {
            return Err(CoreError::NotAuthorized(
                "Access Token does not have required scopes".into(),
            ));
        }
        if claims.exp <= self.clock.now_secs() {
            return Err(CoreError::NotAuthorized("Access Token has expired".into()));
        }
        let pool_id = claims.pool_id();
        let subject = self
            .store
            .find_token_subject(pool_id, &claims.sub, &claims.client_id, &claims.origin_jti)
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

    /// Verifies signature, issuer and `token_use` of an access token; the signing key's id and
    /// the claims.
    async fn verify_access_signature(&self, token: &str) -> CoreResult<(String, AccessClaims)> {
        let unverified = jwt::decode_unverified(token).map_err(|_| invalid_access_token())?;
        let iss = unverified
            .get("iss")
            .and_then(Value::as_str)
            .ok_or_else(invalid_access_token)?;
        let pool_id = iss.rsplit('/').next().unwrap_or_default();
        if iss != self.issuer(pool_id) {
            return Err(invalid_access_token());
        }
        let kid = jwt::decode_header(token)
            .ok()
            .and_then(|header| header.kid)
            .ok_or_else(invalid_access_token)?;
        let key = self
            .verifying_key(pool_id, TokenUse::Access, &kid)
            .await?
            .ok_or_else(invalid_access_token)?;
        let verified =
            jwt::verify(token, &key.verifying_key()).map_err(|_| invalid_access_token())?;
        let claims: AccessClaims =
            serde_json::from_value(Value::Object(verified)).map_err(|_| invalid_access_token())?;
        if claims.token_use != "access" {
            return Err(invalid_access_token());
        }
        Ok((kid, claims))
    }

    /// The pool of an access token, for operations that need its settings.
    pub(crate) async fn token_pool(&self, ctx: &AccessContext) -> CoreResult<UserPool> {
        self.store
            .find_pool(&ctx.pool_id)
            .await?
            .ok_or_else(invalid_access_token)
    }
}
