//! A user pool: its settings as CreateUserPool/UpdateUserPool set them and its schema. Its
//! token-signing keys are records of their own ([`super::SealedSigningKey`]).

use cognate_proto::{
    PasswordPolicyType, SchemaAttributeType, UserPoolSettings, UsernameConfigurationType,
};
use serde::{Deserialize, Serialize};

/// A user pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserPool {
    /// `<region>_<9 alnum>`.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Creation time, epoch ms.
    pub created_ms: i64,
    /// Last change, epoch ms.
    pub modified_ms: i64,
    /// Mutable settings as last set.
    pub settings: UserPoolSettings,
    /// `AliasAttributes` (immutable).
    #[serde(default)]
    pub alias_attributes: Vec<String>,
    /// `UsernameAttributes` (immutable).
    #[serde(default)]
    pub username_attributes: Vec<String>,
    /// `UsernameConfiguration` (immutable).
    #[serde(default)]
    pub username_configuration: Option<UsernameConfigurationType>,
    /// Standard and custom attributes.
    pub schema: Vec<SchemaAttributeType>,
    /// `SoftwareTokenMfaConfiguration.Enabled` (SetUserPoolMfaConfig).
    #[serde(default)]
    pub software_token_mfa_enabled: bool,
    /// Whether SetUserPoolMfaConfig was ever given a `SoftwareTokenMfaConfiguration`: until
    /// then GetUserPoolMfaConfig shows none, as Cognito's does.
    #[serde(default)]
    pub software_token_mfa_configured: bool,
    /// `EmailMfaConfiguration`, kept as sent.
    #[serde(default)]
    pub email_mfa_configuration: Option<serde_json::Value>,
    /// `WebAuthnConfiguration`, kept as sent.
    #[serde(default)]
    pub web_authn_configuration: Option<serde_json::Value>,
}

/// The effective password policy with Cognito's defaults applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length.
    pub minimum_length: usize,
    /// Needs an uppercase letter.
    pub require_uppercase: bool,
    /// Needs a lowercase letter.
    pub require_lowercase: bool,
    /// Needs a digit.
    pub require_numbers: bool,
    /// Needs a symbol.
    pub require_symbols: bool,
    /// Days a temporary password stays valid.
    pub temporary_password_validity_days: i64,
}

/// `MfaConfiguration`: whether the pool asks for a second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MfaMode {
    /// `OFF`: never.
    Off,
    /// `OPTIONAL`: from users who turned a factor on.
    Optional,
    /// `ON`: from every user.
    On,
}

impl MfaMode {
    /// The mode a wire name names.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "OFF" => Some(MfaMode::Off),
            "OPTIONAL" => Some(MfaMode::Optional),
            "ON" => Some(MfaMode::On),
            _ => None,
        }
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            MfaMode::Off => "OFF",
            MfaMode::Optional => "OPTIONAL",
            MfaMode::On => "ON",
        }
    }
}

impl UserPool {
    /// The pool's MFA mode (`OFF` when unset).
    pub fn mfa_mode(&self) -> MfaMode {
        self.settings
            .mfa_configuration
            .as_deref()
            .and_then(MfaMode::parse)
            .unwrap_or(MfaMode::Off)
    }

    /// The SRP "pool name": the id after the first `_`.
    pub fn srp_pool_name(&self) -> &str {
        self.id.split_once('_').map_or(self.id.as_str(), |(_, n)| n)
    }

    /// Whether usernames and sign-in aliases are compared case-sensitively.
    /// Pools created without `UsernameConfiguration` are case sensitive, as in Cognito.
    pub fn is_case_sensitive(&self) -> bool {
        self.username_configuration
            .as_ref()
            .is_none_or(|c| c.case_sensitive)
    }

    /// Whether `attr` (`email` / `phone_number`) is a username attribute.
    pub fn has_username_attribute(&self, attr: &str) -> bool {
        self.username_attributes.iter().any(|a| a == attr)
    }

    /// Whether `attr` is a sign-in alias.
    pub fn has_alias_attribute(&self, attr: &str) -> bool {
        self.alias_attributes.iter().any(|a| a == attr)
    }

    /// Whether `attr` is verified automatically (codes sent at sign-up and on change).
    pub fn auto_verifies(&self, attr: &str) -> bool {
        self.settings
            .auto_verified_attributes
            .as_ref()
            .is_some_and(|v| v.iter().any(|a| a == attr))
    }

    /// Whether a new value of `attr` waits for verification before it replaces the old one
    /// (`AttributesRequireVerificationBeforeUpdate`).
    pub fn verifies_before_update(&self, attr: &str) -> bool {
        self.settings
            .user_attribute_update_settings
            .as_ref()
            .is_some_and(|u| {
                u.attributes_require_verification_before_update
                    .iter()
                    .any(|a| a == attr)
            })
    }

    /// The password policy, defaults filled in.
    pub fn password_policy(&self) -> PasswordPolicy {
        let p: Option<&PasswordPolicyType> = self
            .settings
            .policies
            .as_ref()
            .and_then(|p| p.password_policy.as_ref());
        let flag = |f: fn(&PasswordPolicyType) -> Option<bool>| p.and_then(f).unwrap_or(false);
        PasswordPolicy {
            minimum_length: p
                .and_then(|p| p.minimum_length)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(8),
            require_uppercase: flag(|p| p.require_uppercase),
            require_lowercase: flag(|p| p.require_lowercase),
            require_numbers: flag(|p| p.require_numbers),
            require_symbols: flag(|p| p.require_symbols),
            temporary_password_validity_days: p
                .and_then(|p| p.temporary_password_validity_days)
                .filter(|d| *d > 0)
                .unwrap_or(7),
        }
    }

    /// The schema entry of `name` (`custom:x` or a standard attribute).
    pub fn schema_attribute(&self, name: &str) -> Option<&SchemaAttributeType> {
        self.schema.iter().find(|a| a.name.as_deref() == Some(name))
    }

    /// Whether SignUp is closed to the public.
    pub fn is_admin_create_only(&self) -> bool {
        self.settings
            .admin_create_user_config
            .as_ref()
            .and_then(|c| c.allow_admin_create_user_only)
            .unwrap_or(false)
    }

    /// Whether device tracking is on: any `DeviceConfiguration` property is set.
    pub fn tracks_devices(&self) -> bool {
        self.settings
            .device_configuration
            .as_ref()
            .is_some_and(|c| {
                c.challenge_required_on_new_device.is_some()
                    || c.device_only_remembered_on_user_prompt.is_some()
            })
    }

    /// Whether a remembered device may sign in with device authentication instead of MFA
    /// (`ChallengeRequiredOnNewDevice`).
    pub fn remembered_devices_skip_mfa(&self) -> bool {
        self.settings
            .device_configuration
            .as_ref()
            .and_then(|c| c.challenge_required_on_new_device)
            .unwrap_or(false)
    }

    /// Whether a confirmed device stays not remembered until the user opts in
    /// (`DeviceOnlyRememberedOnUserPrompt`).
    pub fn devices_remembered_on_prompt(&self) -> bool {
        self.settings
            .device_configuration
            .as_ref()
            .and_then(|c| c.device_only_remembered_on_user_prompt)
            .unwrap_or(false)
    }
}
