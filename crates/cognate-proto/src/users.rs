//! User operations: sign-up and confirmation, admin user management, self-service attributes
//! and passwords.

use serde::{Deserialize, Serialize};

use crate::types::{AttributeType, CodeDeliveryDetailsType, MfaOptionType, UserType};

/// SignUp input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    /// App client id.
    pub client_id: Option<String>,
    /// SECRET_HASH when the client has a secret.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// Username (or email / phone in username-attribute pools).
    pub username: Option<String>,
    /// Password.
    #[serde(default)]
    pub password: Option<String>,
    /// Attributes.
    #[serde(default)]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Passed to Lambda triggers; ignored.
    #[serde(default)]
    pub validation_data: Option<Vec<AttributeType>>,
    /// Passed to the pool's trigger functions as `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// SignUp output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// Whether the user is already confirmed.
    pub user_confirmed: bool,
    /// Where the confirmation code went.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetailsType>,
    /// The user's `sub`.
    pub user_sub: String,
}

/// ConfirmSignUp input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    /// App client id.
    pub client_id: Option<String>,
    /// SECRET_HASH.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// The code.
    pub confirmation_code: Option<String>,
    /// Ignored.
    #[serde(default)]
    pub force_alias_creation: Option<bool>,
    /// Key-value pairs for the pool's Lambda functions.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// ResendConfirmationCode / ForgotPassword input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResendConfirmationCodeRequest {
    /// App client id.
    pub client_id: Option<String>,
    /// SECRET_HASH.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// Key-value pairs for the pool's Lambda functions.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// ForgotPassword input.
pub type ForgotPasswordRequest = ResendConfirmationCodeRequest;

/// Output carrying one `CodeDeliveryDetails` (ResendConfirmationCode, ForgotPassword,
/// GetUserAttributeVerificationCode).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    /// Where the code went.
    pub code_delivery_details: CodeDeliveryDetailsType,
}

/// ConfirmForgotPassword input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    /// App client id.
    pub client_id: Option<String>,
    /// SECRET_HASH.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// The code.
    pub confirmation_code: Option<String>,
    /// New password.
    pub password: Option<String>,
    /// Key-value pairs for the pool's Lambda functions.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// Input of admin operations addressing one user (AdminGetUser, AdminDeleteUser,
/// AdminDisableUser, AdminEnableUser, AdminConfirmSignUp, AdminResetUserPassword,
/// AdminUserGlobalSignOut).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// AdminConfirmSignUp's and AdminResetUserPassword's, passed to the pool's functions as
    /// `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// AdminCreateUser input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Username (or email / phone in username-attribute pools).
    pub username: Option<String>,
    /// Attributes.
    #[serde(default)]
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Ignored.
    #[serde(default)]
    pub validation_data: Option<Vec<AttributeType>>,
    /// Passed to the pool's trigger functions as `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
    /// Temporary password; generated when absent.
    #[serde(default)]
    pub temporary_password: Option<String>,
    /// Ignored.
    #[serde(default)]
    pub force_alias_creation: Option<bool>,
    /// `RESEND` or `SUPPRESS`.
    #[serde(default)]
    pub message_action: Option<String>,
    /// `EMAIL` and/or `SMS`.
    #[serde(default)]
    pub desired_delivery_mediums: Option<Vec<String>>,
}

/// AdminCreateUser output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserResponse {
    /// The new user.
    pub user: UserType,
}

/// AdminGetUser output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetUserResponse {
    /// Internal username.
    pub username: String,
    /// Attributes.
    pub user_attributes: Vec<AttributeType>,
    /// Epoch seconds.
    pub user_create_date: f64,
    /// Epoch seconds.
    pub user_last_modified_date: f64,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// Status.
    pub user_status: String,
    /// Legacy MFA options.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOptionType>>,
    /// Preferred MFA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods.
    #[serde(
        rename = "UserMFASettingList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// AdminUpdateUserAttributes input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateUserAttributesRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// Attributes to set.
    pub user_attributes: Option<Vec<AttributeType>>,
    /// Passed to the pool's CustomMessage function as `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// AdminDeleteUserAttributes input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeleteUserAttributesRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// Attribute names.
    pub user_attribute_names: Option<Vec<String>>,
}

/// AdminSetUserPassword input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Username or alias.
    pub username: Option<String>,
    /// New password.
    pub password: Option<String>,
    /// Permanent (CONFIRMED) or temporary (FORCE_CHANGE_PASSWORD).
    #[serde(default)]
    pub permanent: Option<bool>,
}

/// ListUsers input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Attributes to return (all when absent).
    #[serde(default)]
    pub attributes_to_get: Option<Vec<String>>,
    /// 0-60.
    #[serde(default)]
    pub limit: Option<i64>,
    /// From a previous page.
    #[serde(default)]
    pub pagination_token: Option<String>,
    /// `attr = "value"` or `attr ^= "prefix"`.
    #[serde(default)]
    pub filter: Option<String>,
}

/// ListUsers output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersResponse {
    /// One page of users.
    pub users: Vec<UserType>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// Input of operations authorized by an access token alone (GetUser, DeleteUser,
/// GlobalSignOut).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// The access token.
    pub access_token: Option<String>,
}

/// GetUser output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// Internal username.
    pub username: String,
    /// Readable attributes.
    pub user_attributes: Vec<AttributeType>,
    /// Legacy MFA options.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOptionType>>,
    /// Preferred MFA.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
    /// Enabled MFA methods.
    #[serde(
        rename = "UserMFASettingList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_mfa_setting_list: Option<Vec<String>>,
}

/// UpdateUserAttributes input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    /// Attributes to set.
    pub user_attributes: Option<Vec<AttributeType>>,
    /// The access token.
    pub access_token: Option<String>,
    /// Passed to the pool's CustomMessage function as `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// UpdateUserAttributes output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    /// Codes sent for changed email / phone numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_delivery_details_list: Option<Vec<CodeDeliveryDetailsType>>,
}

/// DeleteUserAttributes input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserAttributesRequest {
    /// Attribute names.
    pub user_attribute_names: Option<Vec<String>>,
    /// The access token.
    pub access_token: Option<String>,
}

/// GetUserAttributeVerificationCode input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    /// The access token.
    pub access_token: Option<String>,
    /// `email` or `phone_number`.
    pub attribute_name: Option<String>,
    /// Passed to the pool's CustomMessage function as `clientMetadata`.
    #[serde(default)]
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// VerifyUserAttribute input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    /// The access token.
    pub access_token: Option<String>,
    /// `email` or `phone_number`.
    pub attribute_name: Option<String>,
    /// The code.
    pub code: Option<String>,
}

/// ChangePassword input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    /// Current password.
    pub previous_password: Option<String>,
    /// New password.
    pub proposed_password: Option<String>,
    /// The access token.
    pub access_token: Option<String>,
}
