//! Administration of users: AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminDisableUser,
//! AdminEnableUser, AdminUpdateUserAttributes, AdminDeleteUserAttributes,
//! AdminUserGlobalSignOut, ListUsers.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminDeleteUserAttributesRequest,
    AdminGetUserResponse, AdminUpdateUserAttributesRequest, AdminUserRequest, ListUsersRequest,
    ListUsersResponse,
};

use super::wire::{named, pool_id, present};

/// AdminCreateUser.
pub async fn admin_create_user(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminCreateUserRequest,
) -> CoreResult<AdminCreateUserResponse> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_create_user(rc, &pool, &user, req).await
}

/// AdminGetUser.
pub async fn admin_get_user(
    c: &Cognate,
    _rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<AdminGetUserResponse> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_get_user(&pool, &user).await
}

/// AdminDeleteUser.
pub async fn admin_delete_user(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_delete_user(rc, &pool, &user).await
}

/// AdminDisableUser.
pub async fn admin_disable_user(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_set_user_enabled(rc, &pool, &user, false).await
}

/// AdminEnableUser.
pub async fn admin_enable_user(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_set_user_enabled(rc, &pool, &user, true).await
}

/// AdminUpdateUserAttributes.
pub async fn admin_update_user_attributes(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUpdateUserAttributesRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let attributes = present(req.user_attributes, "userAttributes")?;
    c.admin_update_user_attributes(rc, &pool, &user, &attributes, req.client_metadata.as_ref())
        .await
}

/// AdminDeleteUserAttributes.
pub async fn admin_delete_user_attributes(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminDeleteUserAttributesRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let names = present(req.user_attribute_names, "userAttributeNames")?;
    c.admin_delete_user_attributes(rc, &pool, &user, &names)
        .await
}

/// AdminUserGlobalSignOut.
pub async fn admin_user_global_sign_out(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_user_global_sign_out(rc, &pool, &user).await
}

/// ListUsers.
pub async fn list_users(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListUsersRequest,
) -> CoreResult<ListUsersResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.list_users(&pool, req).await
}
