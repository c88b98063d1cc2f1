//! User pools and their MFA settings: CreateUserPool, DescribeUserPool, UpdateUserPool,
//! ListUserPools, DeleteUserPool, AddCustomAttributes, SetUserPoolMfaConfig,
//! GetUserPoolMfaConfig.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AddCustomAttributesRequest, CreateUserPoolRequest, CreateUserPoolResponse,
    DescribeUserPoolRequest, ListUserPoolsRequest, ListUserPoolsResponse,
    SetUserPoolMfaConfigRequest, UpdateUserPoolRequest, UserPoolMfaConfigResponse,
};

use super::wire::{pool_id, present, required};

/// CreateUserPool.
pub async fn create_user_pool(
    c: &Cognate,
    rc: &RequestContext,
    req: CreateUserPoolRequest,
) -> CoreResult<CreateUserPoolResponse> {
    let name = required(&req.pool_name, "poolName")?.to_string();
    c.create_user_pool(name, req, rc.region.as_deref()).await
}

/// DescribeUserPool.
pub async fn describe_user_pool(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolRequest,
) -> CoreResult<CreateUserPoolResponse> {
    c.describe_user_pool(&pool_id(&req.user_pool_id)?).await
}

/// UpdateUserPool.
pub async fn update_user_pool(
    c: &Cognate,
    _rc: &RequestContext,
    req: UpdateUserPoolRequest,
) -> CoreResult<()> {
    let pool = pool_id(&req.user_pool_id)?;
    c.update_user_pool(&pool, req).await
}

/// AddCustomAttributes.
pub async fn add_custom_attributes(
    c: &Cognate,
    _rc: &RequestContext,
    req: AddCustomAttributesRequest,
) -> CoreResult<()> {
    let pool = pool_id(&req.user_pool_id)?;
    let attributes = present(req.custom_attributes.as_deref(), "customAttributes")?;
    c.add_custom_attributes(&pool, attributes).await
}

/// ListUserPools.
pub async fn list_user_pools(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListUserPoolsRequest,
) -> CoreResult<ListUserPoolsResponse> {
    let max_results = present(req.max_results, "maxResults")?;
    c.list_user_pools(max_results, req.next_token.as_deref())
        .await
}

/// DeleteUserPool.
pub async fn delete_user_pool(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolRequest,
) -> CoreResult<()> {
    c.delete_user_pool(&pool_id(&req.user_pool_id)?).await
}

/// SetUserPoolMfaConfig.
pub async fn set_user_pool_mfa_config(
    c: &Cognate,
    _rc: &RequestContext,
    req: SetUserPoolMfaConfigRequest,
) -> CoreResult<UserPoolMfaConfigResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.set_user_pool_mfa_config(&pool, req).await
}

/// GetUserPoolMfaConfig.
pub async fn get_user_pool_mfa_config(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolRequest,
) -> CoreResult<UserPoolMfaConfigResponse> {
    c.get_user_pool_mfa_config(&pool_id(&req.user_pool_id)?)
        .await
}
