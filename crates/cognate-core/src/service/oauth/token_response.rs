//! What the token endpoint answers for every grant.

use crate::service::tokens::issue::Minted;

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

impl From<Minted> for OAuthTokens {
    fn from(minted: Minted) -> Self {
        OAuthTokens {
            access_token: minted.access_token,
            id_token: minted.id_token,
            refresh_token: minted.refresh_token,
            token_type: "Bearer",
            expires_in: minted.expires_in,
        }
    }
}
