//! Authentication: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge,
//! AdminRespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::types::AuthenticationResultType;

/// A string map in which a `null` value means the key is absent (amazon-cognito-identity-js
/// sends `"DEVICE_KEY": null` when it retries without its device).
fn map_without_nulls<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, String>>, D::Error> {
    let map: Option<BTreeMap<String, Option<String>>> = Option::deserialize(deserializer)?;
    Ok(map.map(|m| m.into_iter().filter_map(|(k, v)| Some((k, v?))).collect()))
}

/// InitiateAuth and AdminInitiateAuth input (the Admin variant adds `UserPoolId`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// Pool id (AdminInitiateAuth only).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// App client id.
    pub client_id: Option<String>,
    /// `USER_PASSWORD_AUTH`, `USER_SRP_AUTH`, `REFRESH_TOKEN_AUTH`, ...
    pub auth_flow: Option<String>,
    /// `USERNAME`, `PASSWORD`, `SRP_A`, `REFRESH_TOKEN`, `SECRET_HASH`, `DEVICE_KEY`.
    #[serde(default, deserialize_with = "map_without_nulls")]
    pub auth_parameters: Option<BTreeMap<String, String>>,
    /// Key-value pairs for the pool's Lambda functions.
    #[serde(default)]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// Output of InitiateAuth and RespondToAuthChallenge: tokens or the next challenge.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// Next challenge, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    /// Opaque session for the next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// Challenge parameters (`{}` alongside tokens).
    pub challenge_parameters: BTreeMap<String, String>,
    /// Tokens, when sign-in completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResultType>,
}

/// RespondToAuthChallenge and AdminRespondToAuthChallenge input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
    /// Pool id (Admin variant only).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// App client id.
    pub client_id: Option<String>,
    /// The challenge answered.
    pub challenge_name: Option<String>,
    /// Session from the previous step.
    #[serde(default)]
    pub session: Option<String>,
    /// Answers, e.g. `USERNAME`, `NEW_PASSWORD`, `SMS_MFA_CODE`.
    #[serde(default, deserialize_with = "map_without_nulls")]
    pub challenge_responses: Option<BTreeMap<String, String>>,
    /// Key-value pairs for the pool's Lambda functions.
    #[serde(default)]
    pub client_metadata: Option<BTreeMap<String, String>>,
}

/// GetTokensFromRefreshToken input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: Option<String>,
    /// App client id.
    pub client_id: Option<String>,
    /// Client secret, when the client has one.
    #[serde(default)]
    pub client_secret: Option<String>,
    /// Device key for tracked devices.
    #[serde(default)]
    pub device_key: Option<String>,
}

/// GetTokensFromRefreshToken output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    /// New tokens.
    pub authentication_result: AuthenticationResultType,
}

/// RevokeToken input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token to revoke.
    pub token: Option<String>,
    /// App client id.
    pub client_id: Option<String>,
    /// Client secret, when the client has one.
    #[serde(default)]
    pub client_secret: Option<String>,
}
