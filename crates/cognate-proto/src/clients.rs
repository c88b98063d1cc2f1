//! App-client management: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
//! ListUserPoolClients, DeleteUserPoolClient.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `TokenValidityUnitsType`: `seconds`, `minutes`, `hours` or `days` per token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnitsType {
    /// Unit of `AccessTokenValidity` (default hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Unit of `IdTokenValidity` (default hours).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// Unit of `RefreshTokenValidity` (default days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The settings CreateUserPoolClient and UpdateUserPoolClient share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientSettings {
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Refresh-token lifetime in `TokenValidityUnits.RefreshToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i64>,
    /// Access-token lifetime in `TokenValidityUnits.AccessToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i64>,
    /// ID-token lifetime in `TokenValidityUnits.IdToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i64>,
    /// Units of the three validities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnitsType>,
    /// Attributes token-authorized operations may read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    /// Attributes token-authorized operations may write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    /// `ALLOW_USER_SRP_AUTH`, `ALLOW_USER_PASSWORD_AUTH`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicit_auth_flows: Option<Vec<String>>,
    /// Identity providers (`COGNITO`, ...), kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_identity_providers: Option<Vec<String>>,
    /// OAuth callback URLs, kept as sent.
    #[serde(
        rename = "CallbackURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub callback_urls: Option<Vec<String>>,
    /// OAuth logout URLs, kept as sent.
    #[serde(
        rename = "LogoutURLs",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub logout_urls: Option<Vec<String>>,
    /// OAuth default redirect, kept as sent.
    #[serde(
        rename = "DefaultRedirectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub default_redirect_uri: Option<String>,
    /// OAuth flows, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_o_auth_flows: Option<Vec<String>>,
    /// OAuth scopes, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_o_auth_scopes: Option<Vec<String>>,
    /// OAuth enabled, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_o_auth_flows_user_pool_client: Option<bool>,
    /// Pinpoint analytics, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics_configuration: Option<Value>,
    /// `LEGACY` or `ENABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
    /// Whether RevokeToken works (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_token_revocation: Option<bool>,
    /// Kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_propagate_additional_user_context_data: Option<bool>,
    /// Minutes a challenge session lives (3-15, default 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_session_validity: Option<i64>,
    /// Refresh-token rotation, kept as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_rotation: Option<Value>,
}

/// CreateUserPoolClient input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Whether to generate a client secret.
    #[serde(default)]
    pub generate_secret: Option<bool>,
    /// Settings.
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

/// `UserPoolClientType`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientType {
    /// Pool id.
    pub user_pool_id: String,
    /// Client id (26 lowercase alphanumerics).
    pub client_id: String,
    /// Client secret, when generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Epoch seconds.
    pub creation_date: f64,
    /// Settings with defaults filled in.
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

/// CreateUserPoolClient output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientResponse {
    /// The client.
    pub user_pool_client: UserPoolClientType,
}

/// DescribeUserPoolClient / DeleteUserPoolClient input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolClientRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Client id.
    pub client_id: Option<String>,
}

/// UpdateUserPoolClient input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserPoolClientRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// Client id.
    pub client_id: Option<String>,
    /// New settings.
    #[serde(flatten)]
    pub settings: UserPoolClientSettings,
}

/// ListUserPoolClients input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolClientsRequest {
    /// Pool id.
    pub user_pool_id: Option<String>,
    /// 1-60.
    #[serde(default)]
    pub max_results: Option<i64>,
    /// From a previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// `UserPoolClientDescription`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientDescription {
    /// Client id.
    pub client_id: String,
    /// Pool id.
    pub user_pool_id: String,
    /// Display name.
    pub client_name: String,
}

/// ListUserPoolClients output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolClientsResponse {
    /// One page.
    pub user_pool_clients: Vec<UserPoolClientDescription>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
