//! Resource servers and their custom scopes: CreateResourceServer, DescribeResourceServer,
//! UpdateResourceServer, ListResourceServers, DeleteResourceServer.

use serde::{Deserialize, Serialize};

/// `ResourceServerScopeType`: one custom scope, `<identifier>/<ScopeName>` in tokens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerScopeType {
    /// The scope's name.
    #[serde(default)]
    pub scope_name: Option<String>,
    /// What it grants.
    #[serde(default)]
    pub scope_description: Option<String>,
}

/// CreateResourceServer and UpdateResourceServer input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Unique in the pool, usually the API's URL.
    #[serde(default)]
    pub identifier: Option<String>,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Custom scopes.
    #[serde(default)]
    pub scopes: Option<Vec<ResourceServerScopeType>>,
}

/// DescribeResourceServer and DeleteResourceServer input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerIdRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The resource server.
    #[serde(default)]
    pub identifier: Option<String>,
}

/// `ResourceServerType`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerType {
    /// Pool id.
    pub user_pool_id: String,
    /// Identifier.
    pub identifier: String,
    /// Display name.
    pub name: String,
    /// Custom scopes.
    pub scopes: Vec<ResourceServerScopeType>,
}

/// Create, Describe and UpdateResourceServer output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ResourceServerResponse {
    /// The resource server.
    pub resource_server: ResourceServerType,
}

/// ListResourceServers input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceServersRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Page size, 1–50.
    #[serde(default)]
    pub max_results: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// ListResourceServers output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListResourceServersResponse {
    /// One page.
    pub resource_servers: Vec<ResourceServerType>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
