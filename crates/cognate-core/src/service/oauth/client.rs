//! Which app client calls the token endpoint, and whether its secret holds.

use cognate_crypto::ct::ct_eq;

use super::error::{OAuthError, OAuthResult};
use crate::{
    error::CoreError,
    model::{AppClient, ClientId, UserPool},
    service::Cognate,
};

/// The client's credentials as the request carried them (HTTP Basic or the form body).
#[derive(Clone)]
pub struct ClientAuth {
    /// `client_id`.
    pub client_id: ClientId,
    /// `client_secret`, when given.
    pub secret: Option<String>,
}

impl std::fmt::Debug for ClientAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuth")
            .field("client_id", &self.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Cognate {
    /// The client and its pool, when the client exists and its secret (if it has one) matches.
    pub(super) async fn authenticate_client(
        &self,
        auth: &ClientAuth,
    ) -> OAuthResult<(AppClient, UserPool)> {
        let (client, pool) = match self.client_and_pool(auth.client_id.as_str()).await {
            Ok(found) => found,
            Err(CoreError::ResourceNotFound(_)) => return Err(OAuthError::InvalidClient),
            Err(e) => return Err(e.into()),
        };
        match (self.client_secret(&client)?, auth.secret.as_deref()) {
            (None, None) => {}
            (Some(secret), Some(given)) if ct_eq(secret.as_bytes(), given.as_bytes()) => {}
            _ => return Err(OAuthError::InvalidClient),
        }
        Ok((client, pool))
    }
}
