//! App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
//! ListUserPoolClients, DeleteUserPoolClient.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    CreateUserPoolClientRequest, CreateUserPoolClientResponse, DescribeUserPoolClientRequest,
    ListUserPoolClientsRequest, ListUserPoolClientsResponse, UpdateUserPoolClientRequest,
};

use super::wire::{client_id, pool_id};

/// CreateUserPoolClient.
pub async fn create_user_pool_client(
    c: &Cognate,
    _rc: &RequestContext,
    req: CreateUserPoolClientRequest,
) -> CoreResult<CreateUserPoolClientResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.create_user_pool_client(&pool, req).await
}

/// DescribeUserPoolClient.
pub async fn describe_user_pool_client(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolClientRequest,
) -> CoreResult<CreateUserPoolClientResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let client = client_id(&req.client_id)?;
    c.describe_user_pool_client(&pool, &client).await
}

/// UpdateUserPoolClient.
pub async fn update_user_pool_client(
    c: &Cognate,
    _rc: &RequestContext,
    req: UpdateUserPoolClientRequest,
) -> CoreResult<CreateUserPoolClientResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let client = client_id(&req.client_id)?;
    c.update_user_pool_client(&pool, &client, req).await
}

/// ListUserPoolClients.
pub async fn list_user_pool_clients(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListUserPoolClientsRequest,
) -> CoreResult<ListUserPoolClientsResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.list_user_pool_clients(&pool, req.max_results, req.next_token.as_deref())
        .await
}

/// DeleteUserPoolClient.
pub async fn delete_user_pool_client(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolClientRequest,
) -> CoreResult<()> {
    let pool = pool_id(&req.user_pool_id)?;
    let client = client_id(&req.client_id)?;
    c.delete_user_pool_client(&pool, &client).await
}
