//! Administration of users: AdminCreateUser, AdminGetUser, AdminDeleteUser, AdminDisableUser,
//! AdminEnableUser, AdminUpdateUserAttributes, AdminDeleteUserAttributes,
//! AdminUserGlobalSignOut and ListUsers (with its filter language).

use std::collections::BTreeMap;

use cognate_proto::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminGetUserResponse, AttributeType,
    ListUsersRequest, ListUsersResponse, MfaOptionType, UserType,
};

use super::{
    attributes,
    codes::MessageKind,
    paging, password,
    signup::{apply_decision, new_user},
    triggers::{SignUpDecision, SignUpSource},
    Cognate,
};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AuditKind, MfaFactor, PoolId, User, UserStatus, Username},
};

/// The MFA members of GetUser / AdminGetUser: (`MFAOptions`, `PreferredMfaSetting`,
/// `UserMFASettingList`), each omitted when empty as Cognito does.
pub(super) fn mfa_members(
    user: &User,
) -> (
    Option<Vec<MfaOptionType>>,
    Option<String>,
    Option<Vec<String>>,
) {
    let mut list = Vec::new();
    if user.mfa.sms_enabled {
        list.push(MfaFactor::Sms.as_str().to_string());
    }
    if user.mfa.totp_enabled {
        list.push(MfaFactor::SoftwareToken.as_str().to_string());
    }
    let options = user.mfa.sms_enabled.then(|| {
        vec![MfaOptionType {
            delivery_medium: Some("SMS".into()),
            attribute_name: Some("phone_number".into()),
        }]
    });
    (
        options,
        user.mfa.preferred.map(|f| f.as_str().to_string()),
        (!list.is_empty()).then_some(list),
    )
}

/// `UserType` for listings.
pub(super) fn user_type(user: &User, keep: impl Fn(&str) -> bool) -> UserType {
    UserType {
        username: user.username.clone(),
        attributes: attributes::attribute_list(user, keep),
        user_create_date: user.created_ms as f64 / 1000.0,
        user_last_modified_date: user.modified_ms as f64 / 1000.0,
        enabled: user.enabled,
        user_status: user.status.as_str().into(),
        mfa_options: mfa_members(user).0,
    }
}

/// One ListUsers filter: `attr = "value"` or `attr ^= "prefix"`.
#[derive(Debug, PartialEq, Eq)]
struct Filter {
    attribute: String,
    prefix: bool,
    value: String,
}

const SEARCHABLE: &[&str] = &[
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

fn parse_filter(text: &str) -> CoreResult<Option<Filter>> {
    let bad = || CoreError::InvalidParameter("Error while parsing filter".into());
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (attribute, rest, prefix) = if let Some((a, r)) = text.split_once("^=") {
        (a, r, true)
    } else if let Some((a, r)) = text.split_once('=') {
        (a, r, false)
    } else {
        return Err(bad());
    };
    let attribute = attribute.trim().trim_matches('"').to_string();
    let quoted = rest
        .trim()
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(bad)?;
    let mut value = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.push(chars.next().ok_or_else(bad)?),
            '"' => return Err(bad()),
            c => value.push(c),
        }
    }
    if !SEARCHABLE.contains(&attribute.as_str()) {
        return Err(CoreError::InvalidParameter(format!(
            "Invalid search attribute: {attribute}"
        )));
    }
    Ok(Some(Filter {
        attribute,
        prefix,
        value,
    }))
}

impl Filter {
    fn matches(&self, user: &User) -> bool {
        let (actual, case_insensitive) = match self.attribute.as_str() {
            "username" => (Some(user.username.as_str()), false),
            "sub" => (Some(user.sub.as_str()), false),
            "cognito:user_status" => (Some(user.status.as_str()), true),
            "status" => (
                Some(if user.enabled { "Enabled" } else { "Disabled" }),
                false,
            ),
            other => (user.attr(other), true),
        };
        let Some(actual) = actual else { return false };
        let (actual, wanted) = if case_insensitive {
            (actual.to_lowercase(), self.value.to_lowercase())
        } else {
            (actual.to_string(), self.value.clone())
        };
        if self.prefix {
            actual.starts_with(&wanted)
        } else {
            actual == wanted
        }
    }
}

impl Cognate {
    /// AdminCreateUser.
    pub async fn admin_create_user(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        req: AdminCreateUserRequest,
    ) -> CoreResult<AdminCreateUserResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let username = username.as_str();
        let policy = pool.password_policy();
        let temporary = match req.temporary_password.as_deref().filter(|p| !p.is_empty()) {
            Some(p) => {
                password::check_policy(&policy, p)?;
                p.to_string()
            }
            None => password::temporary_password(&policy),
        };
        let until = self.now_ms() + policy.temporary_password_validity_days * 86_400_000;
        let action = req.message_action.as_deref();
        let user = match action {
            Some("RESEND") => {
                let existing = self.user(&pool, username).await?;
                if existing.status != UserStatus::ForceChangePassword {
                    return Err(CoreError::UnsupportedUserState(format!(
                        "Resend not possible. {} status is not FORCE_CHANGE_PASSWORD",
                        existing.username
                    )));
                }
                let record = self.password_record(&pool, &existing.username, &temporary, Some(until)).await?;
                self.modify_user(&pool, &existing, |u| {
                    u.password = Some(record.clone());
                    Ok(())
                })
                .await?
                .0
            }
            None | Some("SUPPRESS") => {
                let mut user = new_user(&pool, username, req.user_attributes.as_deref().unwrap_or(&[]), UserStatus::ForceChangePassword, self.now_ms())?;
                let decision = self.pre_sign_up(&pool, &user, SignUpSource::AdminCreateUser, None, req.validation_data.as_deref().unwrap_or(&[]), req.client_metadata.as_ref()).await?;
                apply_decision(&mut user, SignUpDecision { auto_confirm: false, ..decision });
                user.password = Some(self.password_record(&pool, &user.username, &temporary, Some(until)).await?);
                self.insert_new_user(&pool, &user).await?;
                user
            }
            Some(other) => {
                return Err(CoreError::InvalidParameter(format!(
                    "1 validation error detected: Value '{other}' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]"
                )))
            }
        };
        if action != Some("SUPPRESS") {
            let mediums = req.desired_delivery_mediums.unwrap_or_default();
            let targets: Vec<&str> = if mediums.is_empty() {
                ["phone_number", "email"]
                    .into_iter()
                    .filter(|a| user.attr(a).is_some())
                    .take(1)
                    .collect()
            } else {
                mediums
                    .iter()
                    .map(|m| if m == "SMS" { "phone_number" } else { "email" })
                    .filter(|a| user.attr(a).is_some())
                    .collect()
            };
            for target in targets {
                self.deliver_code(
                    &pool,
                    &user,
                    target,
                    &temporary,
                    MessageKind::Invitation.with(req.client_metadata.as_ref()),
                )
                .await?;
            }
        }
        self.audit_admin_action(rc, "AdminCreateUser", &user);
        Ok(AdminCreateUserResponse {
            user: user_type(&user, |_| true),
        })
    }

    /// AdminGetUser (by username or alias).
    pub async fn admin_get_user(
        &self,
        pool: &PoolId,
        username: &Username,
    ) -> CoreResult<AdminGetUserResponse> {
        let (_pool, user) = self.admin_target(pool, username).await?;
        let (mfa_options, preferred_mfa_setting, user_mfa_setting_list) = mfa_members(&user);
        Ok(AdminGetUserResponse {
            username: user.username.clone(),
            user_attributes: attributes::attribute_list(&user, |_| true),
            user_create_date: user.created_ms as f64 / 1000.0,
            user_last_modified_date: user.modified_ms as f64 / 1000.0,
            enabled: user.enabled,
            user_status: user.status.as_str().into(),
            mfa_options,
            preferred_mfa_setting,
            user_mfa_setting_list,
        })
    }

    /// AdminDeleteUser.
    pub async fn admin_delete_user(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.store.delete_user(&pool.id, &user.sub).await?;
        self.audit_admin_action(rc, "AdminDeleteUser", &user);
        Ok(())
    }

    /// AdminDisableUser / AdminEnableUser. Disabling also ends the user's sessions, as in Cognito.
    pub async fn admin_set_user_enabled(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        enabled: bool,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.modify_user(&pool, &user, |u| {
            u.enabled = enabled;
            Ok(())
        })
        .await?;
        if !enabled {
            self.store.revoke_user_tokens(&pool.id, &user.sub).await?;
        }
        let operation = if enabled {
            "AdminEnableUser"
        } else {
            "AdminDisableUser"
        };
        self.audit_admin_action(rc, operation, &user);
        Ok(())
    }

    /// AdminUpdateUserAttributes.
    pub async fn admin_update_user_attributes(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        attributes: &[AttributeType],
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.update_attributes(&pool, &user, attributes, None, metadata)
            .await?;
        let names: Vec<&str> = attributes.iter().map(|a| a.name.as_str()).collect();
        self.audit_note(rc, AuditKind::AdminAction, &user)
            .detail("operation", "AdminUpdateUserAttributes")
            .detail("attributes", names)
            .record();
        Ok(())
    }

    /// AdminDeleteUserAttributes.
    pub async fn admin_delete_user_attributes(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        names: &[String],
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.delete_attributes(&pool, &user, names, None).await?;
        self.audit_note(rc, AuditKind::AdminAction, &user)
            .detail("operation", "AdminDeleteUserAttributes")
            .detail("attributes", names)
            .record();
        Ok(())
    }

    /// AdminUserGlobalSignOut.
    pub async fn admin_user_global_sign_out(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.store.revoke_user_tokens(&pool.id, &user.sub).await?;
        self.audit_note(rc, AuditKind::GlobalSignOut, &user)
            .detail("operation", "AdminUserGlobalSignOut")
            .record();
        Ok(())
    }

    /// ListUsers: pages in `sub` order; the filter is applied while scanning.
    pub async fn list_users(
        &self,
        pool: &PoolId,
        req: ListUsersRequest,
    ) -> CoreResult<ListUsersResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let limit = paging::limit(req.limit)?;
        let listing = format!("users|{}", pool.id);
        let filter = parse_filter(req.filter.as_deref().unwrap_or(""))?;
        let wanted = req.attributes_to_get;
        let keep = |name: &str| wanted.as_ref().is_none_or(|w| w.iter().any(|a| a == name));
        let mut users = Vec::new();
        let mut cursor = self.open_cursor(&listing, req.pagination_token.as_deref())?;
        loop {
            let page = self
                .store
                .list_users(&pool.id, cursor.as_deref(), limit)
                .await?;
            let scanned = page.items.len();
            for (i, user) in page.items.iter().enumerate() {
                if filter.as_ref().is_none_or(|f| f.matches(user)) {
                    let mut t = user_type(user, keep);
                    if wanted
                        .as_ref()
                        .is_some_and(|w| !w.iter().any(|a| a == "sub"))
                    {
                        t.attributes.retain(|a| a.name != "sub");
                    }
                    users.push(t);
                    if users.len() == limit {
                        let more = i + 1 < scanned || page.next.is_some();
                        return Ok(ListUsersResponse {
                            users,
                            pagination_token: more
                                .then(|| self.seal_cursor(&listing, &user.sub))
                                .transpose()?,
                        });
                    }
                }
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => {
                    return Ok(ListUsersResponse {
                        users,
                        pagination_token: None,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_parse_exact_and_prefix_forms() {
        let f = parse_filter("email = \"a@b.com\"").unwrap().unwrap();
        assert_eq!(
            f,
            Filter {
                attribute: "email".into(),
                prefix: false,
                value: "a@b.com".into()
            }
        );
        let f = parse_filter("family_name ^= \"Re\\\"d\"").unwrap().unwrap();
        assert!(f.prefix);
        assert_eq!(f.value, "Re\"d");
        assert!(parse_filter("").unwrap().is_none());
        assert!(parse_filter("email \"x\"").is_err());
        assert!(parse_filter("custom:team = \"x\"").is_err());
        assert!(parse_filter("email = x").is_err());
    }
}
