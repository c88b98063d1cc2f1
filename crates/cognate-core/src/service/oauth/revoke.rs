//! `POST /oauth2/revoke` (RFC 7009): a client revokes one of its refresh tokens, and with it
//! every access token minted from the same sign-in, as RevokeToken does.

use super::{
    client::ClientAuth,
    error::{OAuthError, OAuthResult},
};
use crate::{
    error::CoreError,
    model::AuditKind,
    service::{Cognate, RequestContext},
};

impl Cognate {
    /// Revokes `token` for the authenticated client. A token the client does not own, or no
    /// token at all, is answered as a success: RFC 7009 tells nothing about other tokens.
    pub async fn revoke_grant(
        &self,
        rc: &RequestContext,
        auth: &ClientAuth,
        token: &str,
    ) -> OAuthResult<()> {
        let (client, _pool) = self.authenticate_client(auth).await?;
        if !client.is_token_revocation_enabled() {
            return Err(OAuthError::UnauthorizedClient);
        }
        match self.revoke_refresh_token(&client, token).await {
            Ok(Some(record)) => {
                self.audit_note_of(rc, AuditKind::TokenRevoked, &record.pool_id, &record.sub)
                    .client(&client.client_id)
                    .record();
                Ok(())
            }
            Ok(None) | Err(CoreError::Unauthorized(_)) => Ok(()),
            Err(CoreError::UnsupportedTokenType(_)) => Err(OAuthError::UnsupportedTokenType),
            Err(e) => Err(e.into()),
        }
    }
}
