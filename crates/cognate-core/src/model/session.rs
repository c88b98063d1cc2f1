//! A challenge session: the state between two steps of a sign-in, shared by every node.

use serde::{Deserialize, Serialize};

/// A pending sign-in step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthSession {
    /// Keyed hash of the opaque `Session` string handed to the client (hex).
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Client that started the sign-in.
    pub client_id: String,
    /// The user.
    pub sub: String,
    /// The challenge this session answers, e.g. `NEW_PASSWORD_REQUIRED`.
    pub challenge: String,
    /// Expiry, epoch ms.
    pub expires_ms: i64,
    /// Wrong answers so far.
    #[serde(default)]
    pub failed_attempts: u32,
    /// Challenge-specific state.
    #[serde(default)]
    pub data: serde_json::Value,
    /// Already answered: kept (until it expires) only to tell a second answer so.
    #[serde(skip)]
    pub used: bool,
}
