//! The OAuth 2.0 endpoints' work (RFC 6749, RFC 7009), over the same clients, keys and tokens
//! as the JSON API: the `client_credentials` and `refresh_token` grants and token revocation. Errors are RFC 6749's,
//! not Cognito's JSON errors.

mod client;
mod client_credentials;
mod error;
mod refresh;
mod revoke;

pub use client::ClientAuth;
pub use error::{OAuthError, OAuthResult};

/// What the token endpoint answers (RFC 6749 §5.1).
#[derive(Debug, Clone, serde::Serialize)]
pub struct OAuthTokens {
    /// The access token.
    pub access_token: String,
    /// An ID token, for grants with a user and the `openid` scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// A refresh token, for grants with a user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// `Bearer`.
    pub token_type: &'static str,
    /// Seconds the access token lives.
    pub expires_in: i64,
}
