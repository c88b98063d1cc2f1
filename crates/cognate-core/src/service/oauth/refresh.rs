//! The `refresh_token` grant: new ID and access tokens for a refresh token of the client, under
//! the same rules as REFRESH_TOKEN_AUTH (revocation, expiry, disabled users, device binding).

use super::{
    client::ClientAuth,
    error::{OAuthError, OAuthResult},
    token_response::OAuthTokens,
};
use crate::{error::CoreError, service::Cognate};

impl Cognate {
    /// `grant_type=refresh_token`. A refresh token bound to a confirmed device cannot be used
    /// here: the form has no place for the device key, so it is an `invalid_grant`.
    pub async fn refresh_token_grant(
        &self,
        auth: &ClientAuth,
        refresh_token: &str,
    ) -> OAuthResult<OAuthTokens> {
        let (client, pool) = self.authenticate_client(auth).await?;
        match self
            .refresh_tokens(&pool, &client, refresh_token, None)
            .await
        {
            Ok(minted) => Ok(OAuthTokens::from(minted)),
            Err(CoreError::NotAuthorized(_)) => Err(OAuthError::InvalidGrant),
            Err(CoreError::InvalidParameter(_)) => Err(OAuthError::UnauthorizedClient),
            Err(e) => Err(e.into()),
        }
    }
}
