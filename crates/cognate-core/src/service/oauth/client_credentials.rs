//! The `client_credentials` grant: an access token for a confidential client itself, with the
//! custom scopes it asks for (or all it may have), and no user.

use cognate_crypto::random;

use super::{
    client::ClientAuth,
    error::{OAuthError, OAuthResult},
    token_response::OAuthTokens,
};
use crate::{
    model::TokenUse,
    service::{tokens::claims::MachineClaims, Cognate},
};

impl Cognate {
    /// `grant_type=client_credentials`.
    pub async fn client_credentials_grant(
        &self,
        auth: &ClientAuth,
        scope: Option<&str>,
    ) -> OAuthResult<OAuthTokens> {
        let (client, pool) = self.authenticate_client(auth).await?;
        if client.sealed_secret.is_none() {
            return Err(OAuthError::InvalidClient);
        }
        if !client.allows_oauth_flow("client_credentials") {
            return Err(OAuthError::UnauthorizedClient);
        }
        let allowed = client
            .settings
            .allowed_o_auth_scopes
            .as_deref()
            .unwrap_or_default();
        let granted: Vec<&str> = match scope.map(str::trim).filter(|s| !s.is_empty()) {
            Some(asked) => {
                let asked: Vec<&str> = asked.split(' ').filter(|s| !s.is_empty()).collect();
                if asked.iter().any(|s| !allowed.iter().any(|a| a == s)) {
                    return Err(OAuthError::InvalidScope);
                }
                asked
            }
            None => allowed.iter().map(String::as_str).collect(),
        };
        if granted.is_empty() {
            return Err(OAuthError::InvalidScope);
        }
        let keys = self.pool_keys(&pool.id).await?;
        let now = self.clock.now_secs();
        let iss = self.issuer(&pool.id);
        let scope = granted.join(" ");
        let claims = MachineClaims {
            sub: &client.client_id,
            token_use: "access",
            scope: &scope,
            auth_time: now,
            iss: &iss,
            exp: now + client.access_token_seconds(),
            iat: now,
            version: 2,
            jti: random::uuid_v4(),
            client_id: &client.client_id,
        };
        let access_token = keys
            .signing(TokenUse::Access)?
            .sign(&claims)
            .map_err(|e| OAuthError::Internal(crate::error::CoreError::Internal(e.into())))?;
        Ok(OAuthTokens {
            access_token,
            id_token: None,
            refresh_token: None,
            token_type: "Bearer",
            expires_in: client.access_token_seconds(),
        })
    }
}
