//! A challenge session: the state between two steps of a sign-in, shared by every node; and
//! the sign-in itself, which every token minted from it shares.

use serde::{Deserialize, Serialize};

/// A pending sign-in step, as the store keeps it. What the step waits for is the sign-in
/// machine's own (typed, versioned) state in `data`; the store does not read it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthSession {
    /// Keyed hash of the opaque `Session` string handed to the client (hex).
    pub id: String,
    /// Pool.
    pub pool_id: String,
    /// Client that started the sign-in.
    pub client_id: String,
    /// The user (empty while an unknown user is being told a convincing lie).
    pub sub: String,
    /// Expiry, epoch ms.
    pub expires_ms: i64,
    /// Wrong answers so far.
    #[serde(default)]
    pub failed_attempts: u32,
    /// The sign-in machine's state for this step.
    #[serde(default)]
    pub data: serde_json::Value,
    /// Already answered: kept (until it expires) only to tell a second answer so.
    #[serde(skip)]
    pub used: bool,
}

/// One sign-in, from its first factor on: what every token minted from it shares.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignIn {
    /// When the first factor passed, epoch seconds (`auth_time`).
    pub auth_time: i64,
    /// `origin_jti` of every token of this sign-in.
    pub origin_jti: String,
    /// The device the client named (DEVICE_KEY) until the sign-in completes, then the device
    /// its tokens are bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// The `SRP_A` of an SRP password step answered without `Session` (pycognito), which then
    /// answers DEVICE_SRP_AUTH with the same `A` and no `Session` either. Not stored.
    #[serde(skip)]
    pub srp_a: Option<String>,
    /// The first factor was a custom challenge without the password: no MFA follows, as in
    /// Cognito, whose MFA follows only a password.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub passwordless: bool,
    /// The audit log's event of this sign-in, which each of its steps records under (none for
    /// a sign-in continued outside the sign-in machine: a refresh, the hosted pages' session).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<super::audit::AuditRef>,
}

/// One challenge of a custom sign-in (`CUSTOM_AUTH`) and how it went, as the
/// DefineAuthChallenge and CreateAuthChallenge functions see the sign-in's `session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResult {
    /// `SRP_A`, `PASSWORD_VERIFIER` or `CUSTOM_CHALLENGE`.
    pub challenge_name: String,
    /// Whether it was answered right.
    pub challenge_result: bool,
    /// The CreateAuthChallenge function's `challengeMetadata` for it.
    #[serde(default)]
    pub challenge_metadata: Option<String>,
}
