//! A user of a pool: attributes, status, password verifier, pending codes, MFA lockout and rate
//! windows. One document per user, written with optimistic concurrency (`version`). Failed
//! sign-ins are counted apart from it ([`super::Attempts`]), as they are for unknown names.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `UserStatusType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// Signed up, not confirmed.
    Unconfirmed,
    /// Confirmed.
    Confirmed,
    /// Created by an administrator; must change the temporary password.
    ForceChangePassword,
    /// An administrator reset the password; must use ForgotPassword's code.
    ResetRequired,
}

impl UserStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ResetRequired => "RESET_REQUIRED",
        }
    }
}

/// The password as SRP needs it: salt and verifier (the verifier sealed with the master key).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PasswordRecord {
    /// Salt, hex.
    pub salt_hex: String,
    /// `v = g^x mod N`, sealed, base64.
    pub sealed_verifier: String,
    /// When set, epoch ms.
    pub set_ms: i64,
    /// Expiry of a temporary password, epoch ms.
    #[serde(default)]
    pub temporary_until_ms: Option<i64>,
}

/// A pending one-time code, kept as a keyed hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CodeRecord {
    /// Keyed hash of the code, in the encoding of the code's issuer.
    pub hash: String,
    /// Expiry, epoch ms.
    pub expires_ms: i64,
    /// Wrong attempts so far.
    #[serde(default)]
    pub failed_attempts: u32,
    /// The attribute the code verifies (`email` / `phone_number`), if any.
    #[serde(default)]
    pub attribute: Option<String>,
    /// The attribute's value when the code was sent; a later change voids the code.
    #[serde(default)]
    pub value: Option<String>,
    /// A new value of the attribute that takes effect when this code is redeemed (pools with
    /// `AttributesRequireVerificationBeforeUpdate`); the code was sent there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
}

/// Failed sign-in or MFA bookkeeping (Cognito's exponential lockout).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Lockout {
    /// Consecutive failures.
    pub failures: u32,
    /// Locked until, epoch ms.
    pub locked_until_ms: i64,
    /// Last failure, epoch ms.
    pub last_failure_ms: i64,
}

/// A user's MFA settings (SetUserMFAPreference and friends).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MfaSettings {
    /// SMS MFA enabled.
    #[serde(default)]
    pub sms_enabled: bool,
    /// Software-token MFA enabled.
    #[serde(default)]
    pub totp_enabled: bool,
    /// The preferred factor.
    #[serde(default)]
    pub preferred: Option<super::challenge::MfaFactor>,
}

/// A user's authenticator-app secret.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SoftwareToken {
    /// The shared secret sealed with the master key (base64).
    pub sealed_secret: String,
    /// `FriendlyDeviceName` given at verification.
    #[serde(default)]
    pub friendly_name: Option<String>,
    /// Last accepted step (`unix_secs / 30`); codes of this step or older are refused.
    #[serde(default)]
    pub last_step: u64,
}

/// A single-use recovery code, kept only as a keyed hash; accepted in place of an MFA code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecoveryCode {
    /// Keyed hash of the normalised code (hex).
    pub hash: String,
    /// When it was used, epoch ms; a used code never works again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_ms: Option<i64>,
}

/// A user.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct User {
    /// Owning pool.
    pub pool_id: String,
    /// UUID v4; never changes.
    pub sub: String,
    /// Internal username: as given, or the `sub` in username-attribute pools.
    pub username: String,
    /// Attributes other than `sub`.
    pub attributes: BTreeMap<String, String>,
    /// Status.
    pub status: UserStatus,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// Creation, epoch ms.
    pub created_ms: i64,
    /// Last change, epoch ms.
    pub modified_ms: i64,
    /// Password verifier, once a password is set.
    #[serde(default)]
    pub password: Option<PasswordRecord>,
    /// Pending codes by purpose.
    #[serde(default)]
    pub codes: BTreeMap<String, CodeRecord>,
    /// Recent calls of rate-limited operations, epoch ms, by operation.
    #[serde(default)]
    pub rate: BTreeMap<String, Vec<i64>>,
    /// MFA settings.
    #[serde(default)]
    pub mfa: MfaSettings,
    /// Verified authenticator app.
    #[serde(default)]
    pub software_token: Option<SoftwareToken>,
    /// Authenticator secret handed out by AssociateSoftwareToken, awaiting verification.
    #[serde(default)]
    pub pending_software_token: Option<String>,
    /// Failed MFA answers, counted like password failures (Cognito's MFA lockout).
    #[serde(default)]
    pub mfa_lockout: Lockout,
    /// Confirmed devices (and tombstones of forgotten ones), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub devices: Vec<super::device::Device>,
    /// Recovery codes of the current set (Cognate's own: Cognito has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recovery_codes: Vec<RecoveryCode>,
    /// Optimistic-concurrency version, maintained by the store.
    #[serde(skip)]
    pub version: i64,
}

impl User {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// A confirmed, not forgotten device of this user.
    pub fn device(&self, key: &str) -> Option<&super::device::Device> {
        self.devices.iter().find(|d| d.key == key && d.is_active())
    }

    /// Whether `<name>_verified` is `true`.
    pub fn is_verified(&self, name: &str) -> bool {
        self.attr(&format!("{name}_verified")) == Some("true")
    }
}
