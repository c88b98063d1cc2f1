//! A pool's identity providers: what an administrator configured for federation with a social
//! provider (Google, Facebook, Login with Amazon, Sign in with Apple), an OIDC provider or a
//! SAML provider. This is the record only; signing in through a provider is not here. Each is
//! keyed by pool and name, and its IdP identifiers are taken once in the pool.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `IdentityProviderTypeType`: the kinds of provider Cognito federates with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProviderType {
    /// A SAML 2.0 provider.
    #[serde(rename = "SAML")]
    Saml,
    /// Facebook.
    Facebook,
    /// Google.
    Google,
    /// Login with Amazon.
    LoginWithAmazon,
    /// Sign in with Apple.
    SignInWithApple,
    /// An OpenID Connect provider.
    #[serde(rename = "OIDC")]
    Oidc,
}

impl ProviderType {
    /// Every type, in the order of Cognito's enum.
    pub const ALL: [ProviderType; 6] = [
        ProviderType::Saml,
        ProviderType::Facebook,
        ProviderType::Google,
        ProviderType::LoginWithAmazon,
        ProviderType::SignInWithApple,
        ProviderType::Oidc,
    ];

    /// The type named as on the wire.
    pub fn parse(name: &str) -> Option<ProviderType> {
        Self::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProviderType::Saml => "SAML",
            ProviderType::Facebook => "Facebook",
            ProviderType::Google => "Google",
            ProviderType::LoginWithAmazon => "LoginWithAmazon",
            ProviderType::SignInWithApple => "SignInWithApple",
            ProviderType::Oidc => "OIDC",
        }
    }

    /// Whether this is a social provider, whose name must be its type.
    pub fn is_social(self) -> bool {
        !matches!(self, ProviderType::Saml | ProviderType::Oidc)
    }
}

/// An identity provider of a pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentityProvider {
    /// The pool.
    pub pool_id: String,
    /// Unique in the pool (case-sensitive).
    pub name: String,
    /// What kind of provider it is.
    pub provider_type: ProviderType,
    /// `ProviderDetails` as given, without the secret ones.
    pub details: BTreeMap<String, String>,
    /// The secret `ProviderDetails` (`client_secret`, `private_key`), each sealed under the
    /// master key for this provider and key, standard base64.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sealed_details: BTreeMap<String, String>,
    /// User pool attribute → provider attribute.
    #[serde(default)]
    pub attribute_mapping: BTreeMap<String, String>,
    /// Identifiers for the authorize endpoint's `idp_identifier`, unique in the pool.
    #[serde(default)]
    pub idp_identifiers: Vec<String>,
    /// Epoch ms.
    pub created_ms: i64,
    /// Epoch ms.
    pub modified_ms: i64,
}
