//! What a pool's OAuth 2.0 side is configured with: its domain (where the hosted pages answer)
//! and its resource servers with their custom scopes. Each is its own record, keyed for the
//! lookups it needs (a domain by its name and by its pool; a resource server by pool and
//! identifier).

use serde::{Deserialize, Serialize};

/// A pool's domain: a prefix (`myprefix`) or a custom domain (`auth.example.com`) with its
/// certificate. One per pool; unique across pools.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PoolDomain {
    /// The domain as given.
    pub domain: String,
    /// The pool it serves.
    pub pool_id: String,
    /// ACM certificate ARN, for a custom domain.
    #[serde(default)]
    pub certificate_arn: Option<String>,
    /// TLS policy of a custom domain, as given.
    #[serde(default)]
    pub security_policy: Option<String>,
    /// `1` hosted UI (classic), `2` managed login.
    #[serde(default)]
    pub managed_login_version: Option<i64>,
    /// Creation, epoch ms.
    pub created_ms: i64,
}

impl PoolDomain {
    /// Whether this is a custom domain (it carries a certificate) rather than a prefix.
    pub fn is_custom(&self) -> bool {
        self.certificate_arn.is_some()
    }
}

/// One custom scope of a resource server: `<identifier>/<name>` in tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomScope {
    /// The scope's name.
    pub name: String,
    /// What it grants.
    pub description: String,
}

/// The branding of a pool's hosted pages (SetUICustomization): for every client (`ALL`) or
/// one client.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UiCustomization {
    /// The pool.
    pub pool_id: String,
    /// The client, or `ALL` for the pool's default.
    pub client_id: String,
    /// The CSS, as given (only Cognito's `*-customizable` classes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    /// The logo (PNG or JPEG), base64.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_b64: Option<String>,
    /// `image/png` or `image/jpeg`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    /// Changes with every SetUICustomization (`CSSVersion`, and the cache key of the URLs).
    pub version: String,
    /// Epoch ms.
    pub created_ms: i64,
    /// Epoch ms.
    pub modified_ms: i64,
}

/// A resource server: an API whose custom scopes app clients may be given.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResourceServer {
    /// The pool.
    pub pool_id: String,
    /// Unique in the pool, usually the API's URL.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// Its scopes.
    pub scopes: Vec<CustomScope>,
}

impl ResourceServer {
    /// The full names of its scopes, `<identifier>/<name>`.
    pub fn scope_names(&self) -> impl Iterator<Item = String> + '_ {
        self.scopes
            .iter()
            .map(|s| format!("{}/{}", self.identifier, s.name))
    }
}
