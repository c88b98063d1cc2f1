//! Self-service with an access token: GetUser, UpdateUserAttributes, DeleteUserAttributes,
//! DeleteUser, GetUserAttributeVerificationCode, VerifyUserAttribute — and the attribute
//! update rules shared with the Admin variants.

use std::collections::BTreeMap;

use cognate_proto::{
    AttributeType, CodeDeliveryDetailsType, CodeDeliveryResponse, GetUserResponse,
    UpdateUserAttributesResponse,
};

use super::{
    admin_users::mfa_members,
    attributes,
    codes::{self, MessageKind},
    Cognate,
};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AccessToken, AppClient, User, UserPool},
};

const VERIFIABLE: &[&str] = &["email", "phone_number"];

/// The new value of `name` that waits for verification (`AttributesRequireVerificationBeforeUpdate`):
/// a new value replacing a verified one, unless the same call marks it verified (administrators).
fn held_back<'c>(
    pool: &UserPool,
    user: &User,
    changes: &'c attributes::Changes,
    name: &str,
) -> Option<&'c str> {
    if !(VERIFIABLE.contains(&name) && pool.verifies_before_update(name) && user.is_verified(name))
    {
        return None;
    }
    let new = changes
        .get(name)?
        .as_deref()
        .filter(|new| Some(*new) != user.attr(name))?;
    let marked_verified = changes
        .get(&format!("{name}_verified"))
        .is_some_and(|v| v.as_deref() == Some("true"));
    (!marked_verified).then_some(new)
}

/// Whether applying `changes` to `user` sends a code, as [`Cognate::update_attributes`]
/// decides it for each attribute: a new email or phone number that waits for verification, or
/// that the pool verifies automatically, unless the same call marks it verified.
fn sends_code(pool: &UserPool, user: &User, changes: &attributes::Changes) -> bool {
    VERIFIABLE.iter().any(|name| {
        if held_back(pool, user, changes, name).is_some() {
            return true;
        }
        let Some(Some(new)) = changes.get(*name) else {
            return false;
        };
        user.attr(name) != Some(new.as_str())
            && !changes.contains_key(&format!("{name}_verified"))
            && pool.auto_verifies(name)
    })
}

fn unauthorized_attribute(name: &str) -> CoreError {
    CoreError::NotAuthorized(format!(
        "A client attempted to write unauthorized attribute {name}"
    ))
}

impl Cognate {
    /// Applies attribute changes. `client` is the app client for token-authorized calls (its
    /// WriteAttributes apply and `*_verified` cannot be written); `None` for administrators.
    /// A changed email / phone number becomes unverified and, when the pool verifies it
    /// automatically, gets a code.
    pub(super) async fn update_attributes(
        &self,
        pool: &UserPool,
        user: &User,
        attrs: &[cognate_proto::AttributeType],
        client: Option<&AppClient>,
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<Vec<CodeDeliveryDetailsType>> {
        let changes = attributes::collect(pool, attrs)?;
        for name in changes.keys() {
            if let Some(client) = client {
                if !client.can_write(name) || name.ends_with("_verified") {
                    return Err(unauthorized_attribute(name));
                }
            }
        }
        self.check_pending_values_free(pool, user, &changes).await?;
        let (user, to_verify) = self
            .modify_user(pool, user, |u| {
                let mut to_verify = Vec::new();
                for (name, value) in &changes {
                    let old = u.attributes.get(name).cloned();
                    if old.is_some() && old != *value && !attributes::is_mutable(pool, name) {
                        return Err(CoreError::InvalidParameter(format!(
                            "Cannot modify the non-mutable attribute {name}"
                        )));
                    }
                    if let Some(new) = held_back(pool, u, &changes, name) {
                        let code = self.issue_verify_code(u, name, Some(new.to_string()));
                        to_verify.push((name.clone(), code, Some(new)));
                        continue;
                    }
                    match value {
                        Some(v) => {
                            u.attributes.insert(name.clone(), v.clone());
                        }
                        None => {
                            u.attributes.remove(name);
                        }
                    }
                    let verified = format!("{name}_verified");
                    if VERIFIABLE.contains(&name.as_str())
                        && old != *value
                        && !changes.contains_key(&verified)
                    {
                        u.codes.remove(&codes::verify_key(name));
                        if value.is_some() {
                            u.attributes.insert(verified, "false".into());
                            if pool.auto_verifies(name) {
                                let code = self.issue_verify_code(u, name, None);
                                to_verify.push((name.clone(), code, None));
                            }
                        } else {
                            u.attributes.remove(&verified);
                        }
                    }
                }
                attributes::check_required(pool, &u.attributes)?;
                Ok(to_verify)
            })
            .await?;
        let mut deliveries = Vec::new();
        for (name, code, held) in to_verify {
            let address = held.or_else(|| user.attr(&name)).ok_or_else(|| {
                CoreError::InvalidParameter(format!("No {name} to send a code to."))
            })?;
            let to = codes::Destination {
                attribute: &name,
                address,
            };
            deliveries.push(
                self.deliver_code_to(
                    pool,
                    &user,
                    to,
                    &code,
                    MessageKind::UpdateUserAttribute.with(metadata),
                )
                .await?,
            );
        }
        Ok(deliveries)
    }

    /// Refuses a new email / phone number that will wait for verification when another user
    /// already signs in with it (the value is not written, so the store cannot tell yet).
    async fn check_pending_values_free(
        &self,
        pool: &UserPool,
        user: &User,
        changes: &attributes::Changes,
    ) -> CoreResult<()> {
        for name in VERIFIABLE {
            let Some(new) = held_back(pool, user, changes, name) else {
                continue;
            };
            if !attributes::signs_in_with(pool, name) {
                continue;
            }
            let key = attributes::contact_key(name, new);
            if let Some(other) = self.store.find_user_by_key(&pool.id, &key).await? {
                if other.sub != user.sub {
                    return Err(attributes::key_conflict(&key));
                }
            }
        }
        Ok(())
    }

    /// Deletes attributes (required ones cannot go).
    pub(super) async fn delete_attributes(
        &self,
        pool: &UserPool,
        user: &User,
        names: &[String],
        client: Option<&AppClient>,
    ) -> CoreResult<()> {
        let unknown: String = names
            .iter()
            .filter(|n| pool.schema_attribute(n).is_none())
            .map(|n| format!("user.{n}: Attribute does not exist in the schema.\n"))
            .collect();
        if !unknown.is_empty() {
            // Cognito's words: a line for each, trailing line break included.
            return Err(CoreError::InvalidParameter(format!(
                "Invalid user attributes: {unknown}"
            )));
        }
        let attrs: Vec<cognate_proto::AttributeType> = names
            .iter()
            .map(|n| cognate_proto::AttributeType {
                name: n.clone(),
                value: None,
            })
            .collect();
        if let Some(client) = client {
            if let Some(name) = names.iter().find(|n| !client.can_write(n)) {
                return Err(unauthorized_attribute(name));
            }
        }
        self.update_attributes(pool, user, &attrs, None, None)
            .await?;
        Ok(())
    }

    /// GetUser: readable attributes and MFA settings.
    pub async fn get_user(&self, token: &AccessToken) -> CoreResult<GetUserResponse> {
        let ctx = self.authorize_access_token(token).await?;
        let client = ctx.client.clone();
        let (mfa_options, preferred_mfa_setting, user_mfa_setting_list) = mfa_members(&ctx.user);
        Ok(GetUserResponse {
            username: ctx.user.username.clone(),
            user_attributes: attributes::attribute_list(&ctx.user, |name| client.can_read(name)),
            mfa_options,
            preferred_mfa_setting,
            user_mfa_setting_list,
        })
    }

    /// UpdateUserAttributes; within the abuse limits on code sending when it sends a code.
    pub async fn update_user_attributes(
        &self,
        rc: &RequestContext,
        token: &AccessToken,
        attrs: &[AttributeType],
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<UpdateUserAttributesResponse> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        if sends_code(&pool, &ctx.user, &attributes::collect(&pool, attrs)?) {
            self.limit_code_sending(rc, &pool, &ctx.user.username)
                .await?;
        }
        let client = ctx.client.clone();
        let list = self
            .update_attributes(&pool, &ctx.user, attrs, Some(&client), metadata)
            .await?;
        Ok(UpdateUserAttributesResponse {
            code_delivery_details_list: (!list.is_empty()).then_some(list),
        })
    }

    /// DeleteUserAttributes.
    pub async fn delete_user_attributes(
        &self,
        token: &AccessToken,
        names: &[String],
    ) -> CoreResult<()> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        let client = ctx.client.clone();
        self.delete_attributes(&pool, &ctx.user, names, Some(&client))
            .await
    }

    /// DeleteUser.
    pub async fn delete_user(&self, token: &AccessToken) -> CoreResult<()> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        self.store.delete_user(&pool.id, &ctx.user.sub).await?;
        Ok(())
    }

    /// GetUserAttributeVerificationCode (email by mail, phone_number by SMS), within the abuse
    /// limits on code sending.
    pub async fn get_user_attribute_verification_code(
        &self,
        rc: &RequestContext,
        token: &AccessToken,
        name: &str,
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<CodeDeliveryResponse> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        if !VERIFIABLE.contains(&name) || ctx.user.attr(name).is_none() {
            return Err(CoreError::InvalidParameter(format!(
                "{name} cannot be verified for this user."
            )));
        }
        self.limit_code_sending(rc, &pool, &ctx.user.username)
            .await?;
        let now = self.now_ms();
        let (user, (code, pending)) = self
            .modify_user(&pool, &ctx.user, |u| {
                codes::rate_limit(u, "GetUserAttributeVerificationCode", 5, now)?;
                // A new code for a value that waits for verification goes to it and keeps
                // waiting for it.
                let pending = codes::pending_value(u, name, now);
                Ok((self.issue_verify_code(u, name, pending.clone()), pending))
            })
            .await?;
        let current = user.attr(name).unwrap_or_default();
        let to = codes::Destination {
            attribute: name,
            address: pending.as_deref().unwrap_or(current),
        };
        let code_delivery_details = self
            .deliver_code_to(
                &pool,
                &user,
                to,
                &code,
                MessageKind::VerifyUserAttribute.with(metadata),
            )
            .await?;
        Ok(CodeDeliveryResponse {
            code_delivery_details,
        })
    }

    /// VerifyUserAttribute.
    pub async fn verify_user_attribute(
        &self,
        token: &AccessToken,
        name: &str,
        code: &str,
    ) -> CoreResult<()> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        let now = self.now_ms();
        let (_, outcome) = self
            .modify_user(&pool, &ctx.user, |u| {
                codes::rate_limit(u, "VerifyUserAttribute", 15, now)?;
                Ok(self
                    .redeem_code(u, &codes::verify_key(name), code)
                    .map(|record| {
                        if let Some(new) = record.pending {
                            u.attributes.insert(name.to_string(), new);
                        }
                        u.attributes
                            .insert(format!("{name}_verified"), "true".into());
                    }))
            })
            .await?;
        outcome
    }
}
