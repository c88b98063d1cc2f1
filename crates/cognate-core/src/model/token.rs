//! A refresh token, kept only as a keyed hash, and the sign-in it continues.

use serde::{Deserialize, Serialize};

/// An issued refresh token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshTokenRecord {
    /// Keyed hash of the token (hex).
    pub hash: String,
    /// Pool.
    pub pool_id: String,
    /// Client it was issued to.
    pub client_id: String,
    /// The user.
    pub sub: String,
    /// `origin_jti` shared by every token of this sign-in.
    pub origin_jti: String,
    /// Device the sign-in was tracked on.
    pub device_key: Option<String>,
    /// Original authentication time, epoch seconds.
    pub auth_time: i64,
    /// Expiry, epoch ms.
    pub expires_ms: i64,
    /// Revoked by RevokeToken or a global sign-out.
    pub revoked: bool,
    /// The scopes granted at `/oauth2/authorize` (none for API sign-ins); refreshed tokens keep
    /// them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}
