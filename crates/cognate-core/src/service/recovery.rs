//! Passwords after sign-up: ForgotPassword, ConfirmForgotPassword, ChangePassword,
//! AdminSetUserPassword, AdminResetUserPassword.
//!
//! Where the client hides which users exist, ForgotPassword answers an unknown name as it
//! answers a user: the same lookups, the same hourly limit counted in the same single-row write
//! ([`super::attempts`]), and an answer that comes before the code is issued and sent.

use std::collections::BTreeMap;

use cognate_proto::CodeDeliveryResponse;

use super::{
    attempts::Subject,
    codes::{self, delivery_details, MessageKind, Sending},
    lockout, password,
    triggers::Confirmation,
    Cognate,
};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AccessToken, AuditKind, ClientUser, PoolId, User, UserPool, UserStatus, Username},
};

/// ForgotPassword's calls a user (or an unknown name) may make in any hour.
const FORGOT_PER_HOUR: usize = 10;
/// AdminResetUserPassword's, counted with ForgotPassword's.
const ADMIN_RESET_PER_HOUR: usize = 20;
const FORGOT_PASSWORD: &str = "ForgotPassword";

/// The pool's recovery mechanisms in priority order (phone, then email, when it sets none).
fn recovery_order(pool: &UserPool) -> Vec<String> {
    let mut order: Vec<(i64, String)> = pool
        .settings
        .account_recovery_setting
        .as_ref()
        .and_then(|s| s.recovery_mechanisms.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|m| (m.priority, m.name))
        .collect();
    order.sort();
    if order.is_empty() {
        vec!["verified_phone_number".into(), "verified_email".into()]
    } else {
        order.into_iter().map(|(_, n)| n).collect()
    }
}

/// Cognito's refusal of ForgotPassword in a pool whose passwords only administrators reset
/// (`admin_only`), whoever the user is.
fn check_self_service(pool: &UserPool) -> CoreResult<()> {
    if recovery_order(pool).iter().any(|m| m == "admin_only") {
        return Err(CoreError::NotAuthorized(
            "Contact administrator to reset password.".into(),
        ));
    }
    Ok(())
}

/// Where a reset code goes: the first verified contact in the pool's recovery order.
fn recovery_target(pool: &UserPool, user: &User) -> CoreResult<&'static str> {
    check_self_service(pool)?;
    for name in recovery_order(pool) {
        let attr = match name.as_str() {
            "verified_email" => "email",
            "verified_phone_number" => "phone_number",
            _ => continue,
        };
        if user.attr(attr).is_some() && user.is_verified(attr) {
            return Ok(attr);
        }
    }
    Err(CoreError::InvalidParameter(
        "Cannot reset password for the user as there is no registered/verified email or phone_number".into(),
    ))
}

impl Cognate {
    /// Issues a reset code to the user's recovery contact `target` and sends it, before the
    /// answer or, with `after_answer`, after it.
    async fn send_reset_code(
        &self,
        (pool, user): (UserPool, User),
        target: &'static str,
        metadata: Option<&BTreeMap<String, String>>,
        after_answer: bool,
    ) -> CoreResult<CodeDeliveryResponse> {
        let sending = Sending {
            pool,
            user,
            purpose: codes::FORGOT_PASSWORD,
            ttl_ms: codes::HOUR_MS,
            attribute: target,
            kind: MessageKind::ForgotPassword,
            client_metadata: metadata.cloned(),
        };
        Ok(CodeDeliveryResponse {
            code_delivery_details: self.send_code(sending, after_answer).await?,
        })
    }

    /// ForgotPassword, within the abuse limits on code sending.
    pub async fn forgot_password(
        &self,
        rc: &RequestContext,
        who: &ClientUser,
    ) -> CoreResult<CodeDeliveryResponse> {
        let (client, pool, username) = self.client_user(who).await?;
        self.limit_code_sending(rc, &pool, username).await?;
        check_self_service(&pool)?;
        let found = match self.find_user(&pool, username).await? {
            Some(user) => Some(user),
            None => {
                self.migrate_user(
                    &pool,
                    (&client.client_id, who.client_metadata.as_ref()),
                    username,
                    None,
                )
                .await?
            }
        };
        let hides = client.prevents_user_existence_errors();
        let Some(user) = found else {
            if !hides {
                return Err(CoreError::UserNotFound(
                    "Username/client id combination not found.".into(),
                ));
            }
            let subject = Subject::Name(username);
            self.count_call(&pool, subject, FORGOT_PASSWORD, FORGOT_PER_HOUR)
                .await?;
            let (attr, dest) = if username.starts_with('+') {
                ("phone_number", username)
            } else {
                (
                    "email",
                    if username.contains('@') {
                        username
                    } else {
                        "x@x"
                    },
                )
            };
            return Ok(CodeDeliveryResponse {
                code_delivery_details: delivery_details(attr, dest),
            });
        };
        let note = self
            .audit_note(rc, AuditKind::ForgotPassword, &user)
            .client(&client.client_id);
        let metadata = who.client_metadata.as_ref();
        let sent = self.reset_code_for((pool, user), metadata, hides).await;
        note.outcome(&sent);
        sent
    }

    /// ForgotPassword for a user: refused when they are disabled, have no recovery contact or
    /// asked too often; otherwise a reset code, sent before the answer or (`after_answer`)
    /// after it.
    async fn reset_code_for(
        &self,
        (pool, user): (UserPool, User),
        metadata: Option<&BTreeMap<String, String>>,
        after_answer: bool,
    ) -> CoreResult<CodeDeliveryResponse> {
        if !user.enabled {
            return Err(CoreError::NotAuthorized("User is disabled.".into()));
        }
        let target = recovery_target(&pool, &user)?;
        let subject = Subject::User(&user.sub);
        self.count_call(&pool, subject, FORGOT_PASSWORD, FORGOT_PER_HOUR)
            .await?;
        self.send_reset_code((pool, user), target, metadata, after_answer)
            .await
    }

    /// ConfirmForgotPassword.
    pub async fn confirm_forgot_password(
        &self,
        rc: &RequestContext,
        who: &ClientUser,
        code: &str,
        new_password: &str,
    ) -> CoreResult<()> {
        let (client, pool, username) = self.client_user(who).await?;
        let Some(user) = self.find_user(&pool, username).await? else {
            return Err(if client.prevents_user_existence_errors() {
                CoreError::CodeMismatch(
                    "Invalid verification code provided, please try again.".into(),
                )
            } else {
                CoreError::UserNotFound("Username/client id combination not found.".into())
            });
        };
        password::check_policy(&pool.password_policy(), new_password)?;
        let record = self
            .password_record(&pool, &user.username, new_password, None)
            .await?;
        let now = self.now_ms();
        let changed = self
            .modify_user(&pool, &user, |u| {
                codes::rate_limit(u, "ConfirmForgotPassword", 20, now)?;
                Ok(self.redeem_code(u, codes::FORGOT_PASSWORD, code).map(|r| {
                    u.password = Some(record.clone());
                    u.status = UserStatus::Confirmed;
                    if let Some(attr) = r.attribute {
                        u.attributes
                            .insert(format!("{attr}_verified"), "true".into());
                    }
                }))
            })
            .await
            .and_then(|(user, outcome)| outcome.map(|()| user));
        self.audit_note(rc, AuditKind::PasswordChange, &user)
            .client(&client.client_id)
            .detail("operation", "ConfirmForgotPassword")
            .outcome(&changed);
        let user = changed?;
        self.forget_user_failures(&pool, &user.sub).await?;
        self.post_confirmation(
            &pool,
            &user,
            Confirmation::ForgotPassword,
            Some(&client.client_id),
            who.client_metadata.as_ref(),
        )
        .await
    }

    /// ChangePassword.
    pub async fn change_password(
        &self,
        rc: &RequestContext,
        token: &AccessToken,
        previous: &str,
        proposed: &str,
    ) -> CoreResult<()> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        let now = self.now_ms();
        let note = self
            .audit_note(rc, AuditKind::PasswordChange, &ctx.user)
            .client(&ctx.client.client_id)
            .detail("operation", "ChangePassword");
        let attempts = self.attempts(&pool, Subject::User(&ctx.user.sub)).await?;
        if lockout::is_locked(&attempts.lockout, now) {
            note.refused();
            return Err(lockout::attempts_exceeded());
        }
        if !self.password_matches(&pool, &ctx.user, previous).await? {
            self.count_failure(attempts).await?;
            note.refused();
            return Err(CoreError::bad_credentials());
        }
        password::check_policy(&pool.password_policy(), proposed)?;
        let record = self
            .password_record(&pool, &ctx.user.username, proposed, None)
            .await?;
        self.modify_user(&pool, &ctx.user, |u| {
            codes::rate_limit(u, "ChangePassword", 5, now)?;
            u.password = Some(record.clone());
            Ok(())
        })
        .await?;
        note.record();
        self.forget_failures(attempts).await
    }

    /// AdminSetUserPassword: permanent → CONFIRMED; temporary → FORCE_CHANGE_PASSWORD.
    pub async fn admin_set_user_password(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        new_password: &str,
        permanent: bool,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        let policy = pool.password_policy();
        password::check_policy(&policy, new_password)?;
        let until = (!permanent)
            .then(|| self.now_ms() + policy.temporary_password_validity_days * 86_400_000);
        let record = self
            .password_record(&pool, &user.username, new_password, until)
            .await?;
        self.modify_user(&pool, &user, |u| {
            u.password = Some(record.clone());
            u.status = if permanent {
                UserStatus::Confirmed
            } else {
                UserStatus::ForceChangePassword
            };
            Ok(())
        })
        .await?;
        self.audit_admin_action(rc, "AdminSetUserPassword", &user);
        self.forget_user_failures(&pool, &user.sub).await
    }

    /// AdminResetUserPassword: RESET_REQUIRED, and a reset code to the recovery contact.
    pub async fn admin_reset_user_password(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        recovery_target(&pool, &user)?;
        let (user, ()) = self
            .modify_user(&pool, &user, |u| {
                u.status = UserStatus::ResetRequired;
                Ok(())
            })
            .await?;
        self.audit_admin_action(rc, "AdminResetUserPassword", &user);
        let subject = Subject::User(&user.sub);
        self.count_call(&pool, subject, FORGOT_PASSWORD, ADMIN_RESET_PER_HOUR)
            .await?;
        let target = recovery_target(&pool, &user)?;
        self.send_reset_code((pool, user), target, metadata, false)
            .await?;
        Ok(())
    }
}
