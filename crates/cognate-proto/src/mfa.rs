//! User multi-factor settings: SetUserMFAPreference, AdminSetUserMFAPreference,
//! AssociateSoftwareToken, VerifySoftwareToken.

use serde::{Deserialize, Serialize};

/// `SMSMfaSettingsType` / `SoftwareTokenMfaSettingsType` / `EmailMfaSettingsType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettingsType {
    /// Whether the factor is enabled.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Whether it is the preferred factor.
    #[serde(default)]
    pub preferred_mfa: Option<bool>,
}

/// SetUserMFAPreference and AdminSetUserMFAPreference input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
    /// SMS MFA settings; unchanged when absent.
    #[serde(rename = "SMSMfaSettings", default)]
    pub sms_mfa_settings: Option<MfaSettingsType>,
    /// Authenticator-app MFA settings; unchanged when absent.
    #[serde(default)]
    pub software_token_mfa_settings: Option<MfaSettingsType>,
    /// Email MFA settings; refused (email MFA needs Amazon SES).
    #[serde(default)]
    pub email_mfa_settings: Option<MfaSettingsType>,
    /// Access token (self-service variant).
    #[serde(default)]
    pub access_token: Option<String>,
    /// Pool id (Admin variant).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username or alias (Admin variant).
    #[serde(default)]
    pub username: Option<String>,
}

/// AssociateSoftwareToken input: an access token, or the session of an MFA_SETUP challenge.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// Access token.
    #[serde(default)]
    pub access_token: Option<String>,
    /// MFA_SETUP session.
    #[serde(default)]
    pub session: Option<String>,
}

/// AssociateSoftwareToken output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// Base32 shared secret.
    pub secret_code: String,
    /// Next session, when called with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// VerifySoftwareToken input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// Access token.
    #[serde(default)]
    pub access_token: Option<String>,
    /// MFA_SETUP session.
    #[serde(default)]
    pub session: Option<String>,
    /// Six-digit code from the app.
    pub user_code: Option<String>,
    /// Name the user gives the authenticator.
    #[serde(default)]
    pub friendly_device_name: Option<String>,
}

/// VerifySoftwareToken output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS` or `ERROR`.
    pub status: String,
    /// Next session, when called with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}
