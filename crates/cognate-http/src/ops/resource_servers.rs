//! Resource servers: CreateResourceServer, DescribeResourceServer, UpdateResourceServer,
//! ListResourceServers, DeleteResourceServer.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    ListResourceServersRequest, ListResourceServersResponse, ResourceServerIdRequest,
    ResourceServerRequest, ResourceServerResponse,
};

use super::wire::{pool_id, required};

/// CreateResourceServer.
pub async fn create_resource_server(
    c: &Cognate,
    _rc: &RequestContext,
    req: ResourceServerRequest,
) -> CoreResult<ResourceServerResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let identifier = required(&req.identifier, "identifier")?;
    let name = required(&req.name, "name")?;
    let scopes = req.scopes.as_deref().unwrap_or_default();
    c.create_resource_server(&pool, identifier, name, scopes)
        .await
}

/// DescribeResourceServer.
pub async fn describe_resource_server(
    c: &Cognate,
    _rc: &RequestContext,
    req: ResourceServerIdRequest,
) -> CoreResult<ResourceServerResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let identifier = required(&req.identifier, "identifier")?;
    c.describe_resource_server(&pool, identifier).await
}

/// UpdateResourceServer.
pub async fn update_resource_server(
    c: &Cognate,
    _rc: &RequestContext,
    req: ResourceServerRequest,
) -> CoreResult<ResourceServerResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let identifier = required(&req.identifier, "identifier")?;
    let name = required(&req.name, "name")?;
    let scopes = req.scopes.as_deref().unwrap_or_default();
    c.update_resource_server(&pool, identifier, name, scopes)
        .await
}

/// ListResourceServers.
pub async fn list_resource_servers(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListResourceServersRequest,
) -> CoreResult<ListResourceServersResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.list_resource_servers(&pool, req.max_results, req.next_token.as_deref())
        .await
}

/// DeleteResourceServer.
pub async fn delete_resource_server(
    c: &Cognate,
    _rc: &RequestContext,
    req: ResourceServerIdRequest,
) -> CoreResult<()> {
    let pool = pool_id(&req.user_pool_id)?;
    let identifier = required(&req.identifier, "identifier")?;
    c.delete_resource_server(&pool, identifier).await
}
