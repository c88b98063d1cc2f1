//! User-pool management: CreateUserPool, DescribeUserPool, UpdateUserPool, ListUserPools,
//! DeleteUserPool, SetUserPoolMfaConfig, GetUserPoolMfaConfig.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `PasswordPolicyType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyType {
    /// 6-99, default 8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<i64>,
    /// Require an uppercase letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_uppercase: Option<bool>,
    /// Require a lowercase letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_lowercase: Option<bool>,
    /// Require a digit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_numbers: Option<bool>,
    /// Require a symbol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_symbols: Option<bool>,
    /// Number of previous passwords that cannot be reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_history_size: Option<i64>,
    /// Days a temporary password stays valid (default 7).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password_validity_days: Option<i64>,
}

/// `UserPoolPolicyType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicyType {
    /// Password rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyType>,
    /// `SignInPolicy` (choice-based sign-in factors), kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_in_policy: Option<Value>,
}

/// `StringAttributeConstraintsType` (values are strings on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringAttributeConstraintsType {
    /// Minimum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<String>,
    /// Maximum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
}

/// `NumberAttributeConstraintsType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NumberAttributeConstraintsType {
    /// Minimum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_value: Option<String>,
    /// Maximum value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_value: Option<String>,
}

/// `SchemaAttributeType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttributeType {
    /// Attribute name (without `custom:` on input for custom attributes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `String`, `Number`, `DateTime` or `Boolean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_data_type: Option<String>,
    /// Only administrators may read and write it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer_only_attribute: Option<bool>,
    /// Whether the value may change after creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutable: Option<bool>,
    /// Whether sign-up must provide it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// Number limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_attribute_constraints: Option<NumberAttributeConstraintsType>,
    /// String limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_attribute_constraints: Option<StringAttributeConstraintsType>,
}

/// `SmsConfigurationType`: the IAM role Cognito assumes to publish SMS through SNS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsConfigurationType {
    /// Role ARN.
    pub sns_caller_arn: String,
    /// External id the role's trust policy requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Region of SNS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sns_region: Option<String>,
}

/// `DeviceConfigurationType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceConfigurationType {
    /// Remembered devices may replace the MFA factor; new devices must do MFA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge_required_on_new_device: Option<bool>,
    /// Devices are remembered only when the user opts in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_only_remembered_on_user_prompt: Option<bool>,
}

/// `UsernameConfigurationType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameConfigurationType {
    /// Whether usernames (and email/phone sign-in values) are case sensitive.
    pub case_sensitive: bool,
}

/// `MessageTemplateType` (invitation messages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MessageTemplateType {
    /// SMS text with `{username}` and `{####}`.
    #[serde(
        rename = "SMSMessage",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_message: Option<String>,
    /// Email text with `{username}` and `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_message: Option<String>,
    /// Email subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_subject: Option<String>,
}

/// `AdminCreateUserConfigType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserConfigType {
    /// When true, SignUp is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_admin_create_user_only: Option<bool>,
    /// Legacy validity of unused accounts, in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unused_account_validity_days: Option<i64>,
    /// Invitation template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_message_template: Option<MessageTemplateType>,
}

/// `VerificationMessageTemplateType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct VerificationMessageTemplateType {
    /// SMS text with `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_message: Option<String>,
    /// Email text with `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_message: Option<String>,
    /// Email subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_subject: Option<String>,
    /// Link-style email text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_message_by_link: Option<String>,
    /// Link-style email subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_subject_by_link: Option<String>,
    /// `CONFIRM_WITH_CODE` or `CONFIRM_WITH_LINK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_email_option: Option<String>,
}

/// `RecoveryOptionType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RecoveryOptionType {
    /// Lower is tried first.
    pub priority: i64,
    /// `verified_email`, `verified_phone_number` or `admin_only`.
    pub name: String,
}

/// `AccountRecoverySettingType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccountRecoverySettingType {
    /// Recovery mechanisms by priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_mechanisms: Option<Vec<RecoveryOptionType>>,
}

/// `UserAttributeUpdateSettingsType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserAttributeUpdateSettingsType {
    /// `email` and/or `phone_number`: a new value takes effect only once verified.
    #[serde(default)]
    pub attributes_require_verification_before_update: Vec<String>,
}

/// The settings CreateUserPool and UpdateUserPool share; stored as sent and returned by
/// DescribeUserPool. Members Cognate does not act on are kept verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolSettings {
    /// Password and sign-in policies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<UserPoolPolicyType>,
    /// `ACTIVE` blocks DeleteUserPool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_protection: Option<String>,
    /// Lambda triggers, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_config: Option<Value>,
    /// `email` and/or `phone_number` verified automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_verified_attributes: Option<Vec<String>>,
    /// SMS verification template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_verification_message: Option<String>,
    /// Email verification template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verification_message: Option<String>,
    /// Email verification subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_verification_subject: Option<String>,
    /// Verification templates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_message_template: Option<VerificationMessageTemplateType>,
    /// MFA SMS template; must contain `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    /// Attributes whose new value waits for verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_attribute_update_settings: Option<UserAttributeUpdateSettingsType>,
    /// Device tracking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<DeviceConfigurationType>,
    /// Email sending, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_configuration: Option<Value>,
    /// SMS sending role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<SmsConfigurationType>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pool_tags: Option<Value>,
    /// Admin-create settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_create_user_config: Option<AdminCreateUserConfigType>,
    /// Advanced security, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pool_add_ons: Option<Value>,
    /// Account recovery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_recovery_setting: Option<AccountRecoverySettingType>,
    /// `LITE`, `ESSENTIALS` or `PLUS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_pool_tier: Option<String>,
}

/// CreateUserPool input.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    /// The pool's name.
    pub pool_name: Option<String>,
    /// Mutable settings.
    #[serde(flatten)]
    pub settings: UserPoolSettings,
    /// Immutable: alias attributes.
    #[serde(default)]
    pub alias_attributes: Option<Vec<String>>,
    /// Immutable: username attributes.
    #[serde(default)]
    pub username_attributes: Option<Vec<String>>,
    /// Immutable: username case sensitivity.
    #[serde(default)]
    pub username_configuration: Option<UsernameConfigurationType>,
    /// Attributes added to the standard ones.
    #[serde(default)]
    pub schema: Option<Vec<SchemaAttributeType>>,
}

/// `UserPoolType`, as DescribeUserPool returns it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolType {
    /// `<region>_<9 alnum>`.
    pub id: String,
    /// Pool name.
    pub name: String,
    /// `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`.
    pub arn: String,
    /// Epoch seconds.
    pub creation_date: f64,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Settings as stored.
    #[serde(flatten)]
    pub settings: UserPoolSettings,
    /// Alias attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias_attributes: Option<Vec<String>>,
    /// Username attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_attributes: Option<Vec<String>>,
    /// Username case sensitivity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<UsernameConfigurationType>,
    /// All attributes, standard and custom.
    pub schema_attributes: Vec<SchemaAttributeType>,
    /// Number of users.
    pub estimated_number_of_users: i64,
    /// The pool's prefix domain, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The pool's custom domain, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_domain: Option<String>,
}

/// CreateUserPool output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolResponse {
    /// The new pool.
    pub user_pool: UserPoolType,
}

/// DescribeUserPool input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
}

/// DescribeUserPool output.
pub type DescribeUserPoolResponse = CreateUserPoolResponse;

/// UpdateUserPool input: omitted settings return to their defaults, as in Cognito.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// New name, if given.
    #[serde(default)]
    pub pool_name: Option<String>,
    /// New settings.
    #[serde(flatten)]
    pub settings: UserPoolSettings,
}

/// ListUserPools input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsRequest {
    /// 1-60.
    pub max_results: Option<i64>,
    /// From a previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// `UserPoolDescriptionType`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDescriptionType {
    /// Pool id.
    pub id: String,
    /// Pool name.
    pub name: String,
    /// Lambda triggers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda_config: Option<Value>,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Epoch seconds.
    pub creation_date: f64,
}

/// ListUserPools output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsResponse {
    /// One page of pools.
    pub user_pools: Vec<UserPoolDescriptionType>,
    /// Present when more pools follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// DeleteUserPool input.
pub type DeleteUserPoolRequest = DescribeUserPoolRequest;

/// `SmsMfaConfigType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SmsMfaConfigType {
    /// MFA text; must contain `{####}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_authentication_message: Option<String>,
    /// SMS role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_configuration: Option<SmsConfigurationType>,
}

/// `SoftwareTokenMfaConfigType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SoftwareTokenMfaConfigType {
    /// Whether authenticator apps may be used.
    #[serde(default)]
    pub enabled: bool,
}

/// SetUserPoolMfaConfig input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserPoolMfaConfigRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// SMS MFA settings.
    #[serde(default)]
    pub sms_mfa_configuration: Option<SmsMfaConfigType>,
    /// Authenticator-app MFA settings.
    #[serde(default)]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    /// Email MFA settings, kept as sent.
    #[serde(default)]
    pub email_mfa_configuration: Option<Value>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(default)]
    pub mfa_configuration: Option<String>,
    /// WebAuthn settings, kept as sent.
    #[serde(default)]
    pub web_authn_configuration: Option<Value>,
}

/// SetUserPoolMfaConfig / GetUserPoolMfaConfig output.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolMfaConfigResponse {
    /// SMS MFA settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_mfa_configuration: Option<SmsMfaConfigType>,
    /// Authenticator-app MFA settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_token_mfa_configuration: Option<SoftwareTokenMfaConfigType>,
    /// Email MFA settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_mfa_configuration: Option<Value>,
    /// `OFF`, `ON` or `OPTIONAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_configuration: Option<String>,
    /// WebAuthn settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web_authn_configuration: Option<Value>,
}

/// AddCustomAttributes input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddCustomAttributesRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The attributes to add (named without `custom:`).
    #[serde(default)]
    pub custom_attributes: Option<Vec<SchemaAttributeType>>,
}
