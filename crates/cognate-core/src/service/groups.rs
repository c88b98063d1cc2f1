//! Groups: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups, AdminAddUserToGroup,
//! AdminRemoveUserFromGroup, AdminListGroupsForUser, ListUsersInGroup; and what a user's groups
//! put in their tokens (`cognito:groups`, `cognito:roles`, `cognito:preferred_role`).

use cognate_proto::{
    GroupRequest, GroupResponse, GroupType, GroupsResponse, ListUsersInGroupResponse,
};

use super::{admin_users::user_type, arns, group_claims::GroupClaims, Cognate};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AuditKind, Group, PoolId, User, UserPool, Username},
    store::StoreError,
};

/// Groups one user may belong to (Cognito's quota); tokens list them all.
pub(crate) const MAX_GROUPS_PER_USER: usize = 100;
/// Groups a pool may have (Cognito's quota).
const MAX_GROUPS_PER_POOL: usize = 10_000;

/// 1–128 letters, marks, symbols, digits and punctuation (`[\p{L}\p{M}\p{S}\p{N}\p{P}]+`):
/// no spaces, no control or format characters.
fn check_name(name: &str) -> CoreResult<()> {
    let len = name.chars().count();
    if !(1..=128).contains(&len) {
        return Err(CoreError::constraint(
            "groupName",
            name,
            "Member must have length between 1 and 128",
        ));
    }
    if name
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || is_format(c))
    {
        return Err(CoreError::constraint(
            "groupName",
            name,
            "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

/// Unicode format characters that look like nothing (zero-width, direction marks, BOM).
pub(super) fn is_format(c: char) -> bool {
    matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// The optional members of CreateGroup and UpdateGroup, checked.
fn check_details(req: &GroupRequest) -> CoreResult<()> {
    if let Some(description) = &req.description {
        if description.chars().count() > 2048 {
            return Err(CoreError::constraint(
                "description",
                description,
                "Member must have length less than or equal to 2048",
            ));
        }
    }
    if let Some(arn) = &req.role_arn {
        arns::check("roleArn", arn)?;
    }
    if let Some(precedence) = req.precedence {
        if precedence < 0 {
            return Err(CoreError::constraint(
                "precedence",
                &precedence.to_string(),
                "Member must have value greater than or equal to 0",
            ));
        }
        if precedence > i64::from(i32::MAX) {
            return Err(CoreError::constraint(
                "precedence",
                &precedence.to_string(),
                "Member must have value less than or equal to 2147483647",
            ));
        }
    }
    Ok(())
}

fn group_type(group: Group) -> GroupType {
    GroupType {
        group_name: group.name,
        user_pool_id: group.pool_id,
        description: group.description,
        role_arn: group.role_arn,
        precedence: group.precedence,
        last_modified_date: group.modified_ms as f64 / 1000.0,
        creation_date: group.created_ms as f64 / 1000.0,
    }
}

fn not_found() -> CoreError {
    CoreError::ResourceNotFound("Group not found.".into())
}

impl Cognate {
    /// CreateGroup.
    pub async fn create_group(
        &self,
        pool: &PoolId,
        name: &str,
        req: &GroupRequest,
    ) -> CoreResult<GroupResponse> {
        let pool = self.pool(pool.as_str()).await?;
        check_name(name)?;
        check_details(req)?;
        let count = self
            .store
            .list_groups(&pool.id, None, MAX_GROUPS_PER_POOL)
            .await?
            .items
            .len();
        if count >= MAX_GROUPS_PER_POOL {
            return Err(CoreError::LimitExceeded(format!(
                "A user pool can have at most {MAX_GROUPS_PER_POOL} groups."
            )));
        }
        let now = self.now_ms();
        let group = Group {
            pool_id: pool.id.clone(),
            name: name.to_string(),
            description: req.description.clone(),
            role_arn: req.role_arn.clone(),
            precedence: req.precedence,
            created_ms: now,
            modified_ms: now,
        };
        match self.store.insert_group(&group).await {
            Ok(()) => Ok(GroupResponse {
                group: group_type(group),
            }),
            Err(StoreError::Conflict(_)) => Err(CoreError::GroupExists(
                "A group with the name already exists.".into(),
            )),
            Err(e) => Err(e.into()),
        }
    }

    /// A group of a pool, or Cognito's `ResourceNotFoundException`.
    async fn group(&self, pool: &UserPool, name: &str) -> CoreResult<Group> {
        self.store
            .find_group(&pool.id, name)
            .await?
            .ok_or_else(not_found)
    }

    /// GetGroup.
    pub async fn get_group(&self, pool: &PoolId, name: &str) -> CoreResult<GroupResponse> {
        let pool = self.pool(pool.as_str()).await?;
        Ok(GroupResponse {
            group: group_type(self.group(&pool, name).await?),
        })
    }

    /// UpdateGroup: the members sent replace the group's; those not sent stay.
    pub async fn update_group(
        &self,
        pool: &PoolId,
        name: &str,
        req: &GroupRequest,
    ) -> CoreResult<GroupResponse> {
        let pool = self.pool(pool.as_str()).await?;
        check_details(req)?;
        let mut group = self.group(&pool, name).await?;
        if req.description.is_some() {
            group.description.clone_from(&req.description);
        }
        if req.role_arn.is_some() {
            group.role_arn.clone_from(&req.role_arn);
        }
        if req.precedence.is_some() {
            group.precedence = req.precedence;
        }
        group.modified_ms = self.now_ms();
        match self.store.update_group(&group).await {
            Ok(()) => Ok(GroupResponse {
                group: group_type(group),
            }),
            Err(StoreError::NotFound) => Err(not_found()),
            Err(e) => Err(e.into()),
        }
    }

    /// DeleteGroup, with its memberships.
    pub async fn delete_group(&self, pool: &PoolId, name: &str) -> CoreResult<()> {
        let pool = self.pool(pool.as_str()).await?;
        if self.store.delete_group(&pool.id, name).await? {
            Ok(())
        } else {
            Err(not_found())
        }
    }

    /// ListGroups, by name.
    pub async fn list_groups(
        &self,
        pool: &PoolId,
        limit: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<GroupsResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let listing = format!("groups|{}", pool.id);
        let (groups, next_token) = self
            .page_of(&listing, limit, next_token, async |after, limit| {
                self.store
                    .list_groups(&pool.id, after.as_deref(), limit)
                    .await
            })
            .await?;
        Ok(GroupsResponse {
            groups: groups.into_iter().map(group_type).collect(),
            next_token,
        })
    }

    /// AdminAddUserToGroup; adding a member again changes nothing.
    pub async fn admin_add_user_to_group(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        name: &str,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        let group = self.group(&pool, name).await?;
        let member_of = self
            .store
            .list_user_groups(&pool.id, &user.sub, None, MAX_GROUPS_PER_USER)
            .await?;
        let already = member_of.items.iter().any(|g| g.name == group.name);
        if !already && member_of.items.len() >= MAX_GROUPS_PER_USER {
            return Err(CoreError::LimitExceeded(format!(
                "A user can be a member of at most {MAX_GROUPS_PER_USER} groups."
            )));
        }
        self.store
            .add_group_member(&pool.id, &group.name, &user.sub)
            .await?;
        self.audit_note(rc, AuditKind::AdminAction, &user)
            .detail("operation", "AdminAddUserToGroup")
            .detail("group", group.name.as_str())
            .record();
        Ok(())
    }

    /// AdminRemoveUserFromGroup; removing a non-member changes nothing.
    pub async fn admin_remove_user_from_group(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        name: &str,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        let group = self.group(&pool, name).await?;
        self.store
            .remove_group_member(&pool.id, &group.name, &user.sub)
            .await?;
        self.audit_note(rc, AuditKind::AdminAction, &user)
            .detail("operation", "AdminRemoveUserFromGroup")
            .detail("group", group.name.as_str())
            .record();
        Ok(())
    }

    /// AdminListGroupsForUser, by name.
    pub async fn admin_list_groups_for_user(
        &self,
        pool: &PoolId,
        username: &Username,
        limit: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<GroupsResponse> {
        let (pool, user) = self.admin_target(pool, username).await?;
        let listing = format!("user-groups|{}|{}", pool.id, user.sub);
        let (groups, next_token) = self
            .page_of(&listing, limit, next_token, async |after, limit| {
                self.store
                    .list_user_groups(&pool.id, &user.sub, after.as_deref(), limit)
                    .await
            })
            .await?;
        Ok(GroupsResponse {
            groups: groups.into_iter().map(group_type).collect(),
            next_token,
        })
    }

    /// ListUsersInGroup, in `sub` order.
    pub async fn list_users_in_group(
        &self,
        pool: &PoolId,
        name: &str,
        limit: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<ListUsersInGroupResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let group = self.group(&pool, name).await?;
        let listing = format!("members|{}|{}", pool.id, group.name);
        let (users, next_token) = self
            .page_of(&listing, limit, next_token, async |after, limit| {
                self.store
                    .list_group_members(&pool.id, &group.name, after.as_deref(), limit)
                    .await
            })
            .await?;
        Ok(ListUsersInGroupResponse {
            users: users.iter().map(|u| user_type(u, |_| true)).collect(),
            next_token,
        })
    }

    /// What the user's groups put in their tokens.
    pub(crate) async fn group_claims(&self, user: &User) -> CoreResult<GroupClaims> {
        let groups = self
            .store
            .list_user_groups(&user.pool_id, &user.sub, None, MAX_GROUPS_PER_USER)
            .await?;
        Ok(GroupClaims::of(groups.items))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_as_cognito_does() {
        assert!(check_name("admins").is_ok());
        assert!(check_name("Ädmins-ü_1/2").is_ok());
        assert!(check_name("two words").is_err());
        assert!(check_name("").is_err());
        assert!(check_name(&"g".repeat(129)).is_err());
    }
}
