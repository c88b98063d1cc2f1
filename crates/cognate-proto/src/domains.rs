//! User-pool domains: CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain,
//! DeleteUserPoolDomain.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `CustomDomainConfigType`: the certificate of a custom domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CustomDomainConfigType {
    /// ACM certificate ARN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_arn: Option<String>,
    /// `TLS_V1`, `TLS_V1_2_2021` or `TLS_V1_3_2025`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<String>,
}

/// CreateUserPoolDomain and UpdateUserPoolDomain input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomainRequest {
    /// The prefix (`myprefix`) or the custom domain's name (`auth.example.com`).
    #[serde(default)]
    pub domain: Option<String>,
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// `1` hosted UI (classic), `2` managed login.
    #[serde(default)]
    pub managed_login_version: Option<i64>,
    /// The certificate, for a custom domain.
    #[serde(default)]
    pub custom_domain_config: Option<CustomDomainConfigType>,
    /// Routing, kept as sent.
    #[serde(default)]
    pub routing: Option<Value>,
}

/// CreateUserPoolDomain and UpdateUserPoolDomain output.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDomainResponse {
    /// The managed-login version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_login_version: Option<i64>,
    /// For a custom domain, the name its DNS alias points to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloud_front_domain: Option<String>,
}

/// DescribeUserPoolDomain input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolDomainRequest {
    /// The domain.
    #[serde(default)]
    pub domain: Option<String>,
}

/// `DomainDescriptionType`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct DomainDescriptionType {
    /// Pool id.
    #[serde(
        rename = "UserPoolId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub user_pool_id: Option<String>,
    /// Account id.
    #[serde(
        rename = "AWSAccountId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub aws_account_id: Option<String>,
    /// The domain.
    #[serde(rename = "Domain", default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// Where the pages are served from.
    #[serde(
        rename = "CloudFrontDistribution",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cloud_front_distribution: Option<String>,
    /// Version.
    #[serde(rename = "Version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `ACTIVE` once created.
    #[serde(rename = "Status", default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The certificate, for a custom domain.
    #[serde(
        rename = "CustomDomainConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_domain_config: Option<CustomDomainConfigType>,
    /// The managed-login version.
    #[serde(
        rename = "ManagedLoginVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub managed_login_version: Option<i64>,
}

/// DescribeUserPoolDomain output (empty `DomainDescription` for an unknown domain, as in
/// Cognito).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeUserPoolDomainResponse {
    /// The domain, or an empty object.
    pub domain_description: DomainDescriptionType,
}
