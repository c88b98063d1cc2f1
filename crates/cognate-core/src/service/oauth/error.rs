//! RFC 6749 §5.2 errors of the token endpoint.

use crate::error::CoreError;

/// Result of a grant.
pub type OAuthResult<T> = Result<T, OAuthError>;

/// What went wrong, as the token endpoint reports it.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// A parameter is missing, repeated or malformed.
    #[error("invalid_request")]
    InvalidRequest,
    /// The client is unknown or its secret is wrong (HTTP 401).
    #[error("invalid_client")]
    InvalidClient,
    /// The code, refresh token or credentials do not hold.
    #[error("invalid_grant")]
    InvalidGrant,
    /// The client may not use this grant.
    #[error("unauthorized_client")]
    UnauthorizedClient,
    /// A grant type the endpoint does not know.
    #[error("unsupported_grant_type")]
    UnsupportedGrantType,
    /// A scope the client may not have.
    #[error("invalid_scope")]
    InvalidScope,
    /// Revocation of a token that is not a refresh token (RFC 7009 §2.2.1).
    #[error("unsupported_token_type")]
    UnsupportedTokenType,
    /// Anything unexpected; details go to the log only.
    #[error(transparent)]
    Internal(#[from] CoreError),
}

impl From<crate::store::StoreError> for OAuthError {
    fn from(e: crate::store::StoreError) -> Self {
        OAuthError::Internal(e.into())
    }
}

impl OAuthError {
    /// The `error` member.
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::InvalidRequest => "invalid_request",
            OAuthError::InvalidClient => "invalid_client",
            OAuthError::InvalidGrant => "invalid_grant",
            OAuthError::UnauthorizedClient => "unauthorized_client",
            OAuthError::UnsupportedGrantType => "unsupported_grant_type",
            OAuthError::InvalidScope => "invalid_scope",
            OAuthError::UnsupportedTokenType => "unsupported_token_type",
            OAuthError::Internal(_) => "server_error",
        }
    }
}
