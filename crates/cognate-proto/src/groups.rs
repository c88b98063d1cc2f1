//! Groups and their members: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups,
//! AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup.

use serde::{Deserialize, Serialize};

use crate::types::UserType;

/// `GroupType`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupType {
    /// The group's name, unique in the pool.
    pub group_name: String,
    /// Pool id.
    pub user_pool_id: String,
    /// What the group is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// IAM role of the group's members (`cognito:roles`, `cognito:preferred_role`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Lower values take precedence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
    /// Epoch seconds.
    pub last_modified_date: f64,
    /// Epoch seconds.
    pub creation_date: f64,
}

/// CreateGroup and UpdateGroup input.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupRequest {
    /// The group.
    #[serde(default)]
    pub group_name: Option<String>,
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// What the group is for.
    #[serde(default)]
    pub description: Option<String>,
    /// IAM role ARN.
    #[serde(default)]
    pub role_arn: Option<String>,
    /// Non-negative; lower values take precedence.
    #[serde(default)]
    pub precedence: Option<i64>,
}

/// GetGroup and DeleteGroup input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdRequest {
    /// The group.
    #[serde(default)]
    pub group_name: Option<String>,
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
}

/// CreateGroup, GetGroup and UpdateGroup output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupResponse {
    /// The group.
    pub group: GroupType,
}

/// ListGroups input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListGroupsRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Page size, 0–60 (0 or absent: 60).
    #[serde(default)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// ListGroups and AdminListGroupsForUser output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupsResponse {
    /// One page of groups.
    pub groups: Vec<GroupType>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// AdminAddUserToGroup and AdminRemoveUserFromGroup input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupMemberRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The user (username or alias).
    #[serde(default)]
    pub username: Option<String>,
    /// The group.
    #[serde(default)]
    pub group_name: Option<String>,
}

/// AdminListGroupsForUser input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListGroupsForUserRequest {
    /// The user (username or alias).
    #[serde(default)]
    pub username: Option<String>,
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Page size, 0–60.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// ListUsersInGroup input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersInGroupRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The group.
    #[serde(default)]
    pub group_name: Option<String>,
    /// Page size, 0–60.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// ListUsersInGroup output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersInGroupResponse {
    /// One page of members.
    pub users: Vec<UserType>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}
