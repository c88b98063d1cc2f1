//! The claims of Cognito's ID and access tokens, as typed values serialised once.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The scope of tokens from API sign-ins; user-pool API calls require it.
pub(crate) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Claims of an ID token: the user's readable attributes and who the token is for.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IdClaims<'a> {
    pub sub: &'a str,
    /// The user's groups, when any.
    #[serde(
        rename = "cognito:groups",
        skip_serializing_if = "<[String]>::is_empty"
    )]
    pub groups: &'a [String],
    /// Their role ARNs, when any.
    #[serde(rename = "cognito:roles", skip_serializing_if = "<[String]>::is_empty")]
    pub roles: &'a [String],
    /// The role of the group that takes precedence.
    #[serde(
        rename = "cognito:preferred_role",
        skip_serializing_if = "Option::is_none"
    )]
    pub preferred_role: Option<&'a str>,
    /// Attributes the client may read (`email_verified` and `phone_number_verified` as booleans).
    #[serde(flatten)]
    pub attributes: BTreeMap<&'a str, Value>,
    #[serde(flatten)]
    pub common: Common<'a>,
    #[serde(rename = "cognito:username")]
    pub username: &'a str,
    /// The `nonce` of the authorization request (OIDC Core §2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<&'a str>,
    /// Left half of the access token's SHA-256, base64url (OIDC Core §3.1.3.6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    pub aud: &'a str,
    pub token_use: &'static str,
    pub exp: i64,
    pub jti: String,
}

/// What the ID and access tokens of one sign-in share.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Common<'a> {
    pub iss: &'a str,
    pub origin_jti: &'a str,
    pub event_id: &'a str,
    pub auth_time: i64,
    pub iat: i64,
}

/// Claims of an access token issued to a client itself (`client_credentials`): no user.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MachineClaims<'a> {
    pub sub: &'a str,
    pub token_use: &'static str,
    pub scope: &'a str,
    pub auth_time: i64,
    pub iss: &'a str,
    pub exp: i64,
    pub iat: i64,
    pub version: u8,
    pub jti: String,
    pub client_id: &'a str,
}

/// Claims of an access token, as issued and as read back after its signature verified.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    /// The user.
    pub sub: String,
    /// The user's groups, when any.
    #[serde(
        rename = "cognito:groups",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub groups: Vec<String>,
    /// The device the sign-in is bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_key: Option<String>,
    /// `{public_url}/{userPoolId}`.
    pub iss: String,
    /// Shared by every token of the sign-in.
    pub origin_jti: String,
    /// The sign-in's event.
    #[serde(default)]
    pub event_id: String,
    /// When the sign-in authenticated, epoch seconds.
    #[serde(default)]
    pub auth_time: i64,
    /// Issued at, epoch seconds.
    #[serde(default)]
    pub iat: i64,
    /// The client the token was issued to.
    pub client_id: String,
    /// `access`.
    pub token_use: String,
    /// Space-separated scopes.
    #[serde(default)]
    pub scope: String,
    /// Expiry, epoch seconds.
    pub exp: i64,
    /// This token's id.
    #[serde(default)]
    pub jti: String,
    /// The user's username.
    #[serde(default)]
    pub username: String,
    /// The access token format's version (Cognito's are `2`).
    #[serde(default)]
    pub version: u8,
}

impl AccessClaims {
    /// The pool id the issuer names (`…/{userPoolId}`).
    pub fn pool_id(&self) -> &str {
        self.iss.rsplit('/').next().unwrap_or_default()
    }

    /// Whether the token carries `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|s| s == scope)
    }
}
