//! A pool's identity providers (federation with social, OIDC and SAML providers):
//! CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider,
//! DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier.
//! <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_IdentityProviderType.html>

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `IdentityProviderType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderType {
    /// Pool id.
    pub user_pool_id: String,
    /// The provider's name, unique in the pool (`Google`, `MyOkta`).
    pub provider_name: String,
    /// `SAML`, `Facebook`, `Google`, `LoginWithAmazon`, `SignInWithApple` or `OIDC`.
    pub provider_type: String,
    /// Scopes, URLs and identifiers of the provider, with the endpoints Cognito adds for social
    /// providers. Apple's `private_key` is never shown, as in Cognito.
    pub provider_details: BTreeMap<String, String>,
    /// User pool attribute → provider attribute.
    pub attribute_mapping: BTreeMap<String, String>,
    /// Friendly names for the `idp_identifier` parameter of the authorize endpoint.
    pub idp_identifiers: Vec<String>,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Epoch seconds.
    pub creation_date: f64,
}

/// CreateIdentityProvider input.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateIdentityProviderRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// 1–32 characters; a social provider's name is its type.
    #[serde(default)]
    pub provider_name: Option<String>,
    /// `SAML`, `Facebook`, `Google`, `LoginWithAmazon`, `SignInWithApple` or `OIDC`.
    #[serde(default)]
    pub provider_type: Option<String>,
    /// The keys each type requires (`client_id`, `MetadataURL`, ...).
    #[serde(default)]
    pub provider_details: Option<BTreeMap<String, String>>,
    /// User pool attribute → provider attribute.
    #[serde(default)]
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    /// Up to 50 identifiers, unique in the pool.
    #[serde(default)]
    pub idp_identifiers: Option<Vec<String>>,
}

/// UpdateIdentityProvider input: the members sent replace the provider's, the others stay.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateIdentityProviderRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The provider.
    #[serde(default)]
    pub provider_name: Option<String>,
    /// The new details (all of them).
    #[serde(default)]
    pub provider_details: Option<BTreeMap<String, String>>,
    /// The new mapping (all of it).
    #[serde(default)]
    pub attribute_mapping: Option<BTreeMap<String, String>>,
    /// The new identifiers (all of them).
    #[serde(default)]
    pub idp_identifiers: Option<Vec<String>>,
}

/// DescribeIdentityProvider and DeleteIdentityProvider input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderNameRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The provider.
    #[serde(default)]
    pub provider_name: Option<String>,
}

/// GetIdentityProviderByIdentifier input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetIdentityProviderByIdentifierRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// One of the provider's `IdpIdentifiers`.
    #[serde(default)]
    pub idp_identifier: Option<String>,
}

/// Create, Describe, Update and GetIdentityProviderByIdentifier output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct IdentityProviderResponse {
    /// The provider.
    pub identity_provider: IdentityProviderType,
}

/// ListIdentityProviders input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Page size, 0–60 (0 or absent: 60).
    #[serde(default)]
    pub max_results: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// `ProviderDescription`: a provider as ListIdentityProviders shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProviderDescription {
    /// The provider's name.
    pub provider_name: String,
    /// Its type.
    pub provider_type: String,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Epoch seconds.
    pub creation_date: f64,
}

/// ListIdentityProviders output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListIdentityProvidersResponse {
    /// One page, by name.
    pub providers: Vec<ProviderDescription>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
