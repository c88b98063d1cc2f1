//! Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup,
//! AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AdminListGroupsForUserRequest, GroupIdRequest, GroupMemberRequest, GroupRequest, GroupResponse,
    GroupsResponse, ListGroupsRequest, ListUsersInGroupRequest, ListUsersInGroupResponse,
};

use super::wire::{named, pool_id, required};

/// CreateGroup.
pub async fn create_group(
    c: &Cognate,
    _rc: &RequestContext,
    req: GroupRequest,
) -> CoreResult<GroupResponse> {
    let name = required(&req.group_name, "groupName")?;
    let pool = pool_id(&req.user_pool_id)?;
    c.create_group(&pool, name, &req).await
}

/// GetGroup.
pub async fn get_group(
    c: &Cognate,
    _rc: &RequestContext,
    req: GroupIdRequest,
) -> CoreResult<GroupResponse> {
    let name = required(&req.group_name, "groupName")?;
    let pool = pool_id(&req.user_pool_id)?;
    c.get_group(&pool, name).await
}

/// UpdateGroup.
pub async fn update_group(
    c: &Cognate,
    _rc: &RequestContext,
    req: GroupRequest,
) -> CoreResult<GroupResponse> {
    let name = required(&req.group_name, "groupName")?;
    let pool = pool_id(&req.user_pool_id)?;
    c.update_group(&pool, name, &req).await
}

/// DeleteGroup.
pub async fn delete_group(
    c: &Cognate,
    _rc: &RequestContext,
    req: GroupIdRequest,
) -> CoreResult<()> {
    let name = required(&req.group_name, "groupName")?;
    let pool = pool_id(&req.user_pool_id)?;
    c.delete_group(&pool, name).await
}

/// ListGroups.
pub async fn list_groups(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListGroupsRequest,
) -> CoreResult<GroupsResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.list_groups(&pool, req.limit, req.next_token.as_deref())
        .await
}

/// AdminAddUserToGroup.
pub async fn admin_add_user_to_group(
    c: &Cognate,
    rc: &RequestContext,
    req: GroupMemberRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let name = required(&req.group_name, "groupName")?;
    c.admin_add_user_to_group(rc, &pool, &user, name).await
}

/// AdminRemoveUserFromGroup.
pub async fn admin_remove_user_from_group(
    c: &Cognate,
    rc: &RequestContext,
    req: GroupMemberRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let name = required(&req.group_name, "groupName")?;
    c.admin_remove_user_from_group(rc, &pool, &user, name).await
}

/// AdminListGroupsForUser.
pub async fn admin_list_groups_for_user(
    c: &Cognate,
    _rc: &RequestContext,
    req: AdminListGroupsForUserRequest,
) -> CoreResult<GroupsResponse> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_list_groups_for_user(&pool, &user, req.limit, req.next_token.as_deref())
        .await
}

/// ListUsersInGroup.
pub async fn list_users_in_group(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListUsersInGroupRequest,
) -> CoreResult<ListUsersInGroupResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let name = required(&req.group_name, "groupName")?;
    c.list_users_in_group(&pool, name, req.limit, req.next_token.as_deref())
        .await
}
