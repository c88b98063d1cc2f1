//! Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp, and the user
//! creation shared with AdminCreateUser.

use std::collections::BTreeMap;

use cognate_crypto::random;
use cognate_proto::{AttributeType, CodeDeliveryDetailsType, CodeDeliveryResponse, SignUpResponse};

use super::{
    attempts::Subject,
    attributes,
    codes::{self, delivery_details, MessageKind, Sending},
    password,
    triggers::{Confirmation, SignUpDecision, SignUpSource},
    Cognate,
};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{
        AuditKind, ClientUser, Lockout, MfaSettings, PoolId, User, UserPool, UserStatus, Username,
    },
    store::StoreError,
};

/// ResendConfirmationCode's calls a user (or an unknown name) may make in any hour.
const RESEND_PER_HOUR: usize = 5;
const RESEND: &str = "ResendConfirmationCode";

/// A user about to be created, before the store accepts it.
pub(super) fn new_user(
    pool: &UserPool,
    username: &str,
    attrs: &[AttributeType],
    status: UserStatus,
    now_ms: i64,
) -> CoreResult<User> {
    if username.is_empty()
        || username.chars().count() > 128
        || username.chars().any(char::is_whitespace)
    {
        return Err(CoreError::InvalidParameter(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+".into(),
        ));
    }
    let mut attributes: BTreeMap<String, String> = attributes::collect(pool, attrs)?
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let sub = random::uuid_v4();
    let internal_username = if pool.username_attributes.is_empty() {
        if pool.has_alias_attribute("email") && username.contains('@') {
            return Err(CoreError::InvalidParameter(
                "Username cannot be of email format, since user pool is configured for email alias.".into(),
            ));
        }
        if pool.has_alias_attribute("phone_number") && username.starts_with('+') {
            return Err(CoreError::InvalidParameter(
                "Username cannot be of phone number format, since user pool is configured for phone number alias.".into(),
            ));
        }
        username.to_string()
    } else {
        let attr = if pool.has_username_attribute("email") && username.contains('@') {
            "email"
        } else if pool.has_username_attribute("phone_number") && username.starts_with('+') {
            "phone_number"
        } else {
            let what = match pool.username_attributes.as_slice() {
                [one] if one == "email" => "an email",
                [one] if one == "phone_number" => "a phone number",
                _ => "either an email or a phone number",
            };
            return Err(CoreError::InvalidParameter(format!(
                "Username should be {what}."
            )));
        };
        attributes::validate(pool, attr, username)?;
        attributes.insert(attr.to_string(), username.to_string());
        sub.clone()
    };
    attributes::check_required(pool, &attributes)?;
    Ok(User {
        pool_id: pool.id.clone(),
        sub,
        username: internal_username,
        attributes,
        status,
        enabled: true,
        created_ms: now_ms,
        modified_ms: now_ms,
        password: None,
        codes: BTreeMap::new(),
        rate: BTreeMap::new(),
        mfa: MfaSettings::default(),
        software_token: None,
        pending_software_token: None,
        mfa_lockout: Lockout::default(),
        recovery_codes: Vec::new(),
        devices: Vec::new(),
        version: 1,
    })
}

/// The attribute sign-up codes go to: the phone when both are auto-verified (as the Cognito
/// guide says), otherwise whichever auto-verified attribute the user has.
pub(super) fn verification_target(pool: &UserPool, user: &User) -> Option<&'static str> {
    ["phone_number", "email"]
        .into_iter()
        .find(|a| pool.auto_verifies(a) && user.attr(a).is_some())
}

/// What an unknown user's code delivery looks like when existence errors are prevented.
fn simulated_delivery(pool: &UserPool, username: &str) -> CodeDeliveryDetailsType {
    if username.starts_with('+') {
        delivery_details("phone_number", username)
    } else if username.contains('@') || pool.auto_verifies("email") {
        delivery_details(
            "email",
            if username.contains('@') {
                username
            } else {
                "x@x"
            },
        )
    } else {
        delivery_details("phone_number", "+10000000000")
    }
}

/// What a PreSignUp function decided, applied to the user about to be created.
pub(super) fn apply_decision(user: &mut User, decision: SignUpDecision) {
    if decision.auto_confirm {
        user.status = UserStatus::Confirmed;
    }
    for (wanted, attr) in [
        (decision.auto_verify_email, "email"),
        (decision.auto_verify_phone, "phone_number"),
    ] {
        if wanted && user.attributes.contains_key(attr) {
            user.attributes
                .insert(format!("{attr}_verified"), "true".into());
        }
    }
}

impl Cognate {
    /// Inserts a new user; a taken username or alias becomes Cognito's error for it.
    pub(super) async fn insert_new_user(&self, pool: &UserPool, user: &User) -> CoreResult<()> {
        let keys = attributes::sign_in_keys(pool, user);
        match self.store.insert_user(user, &keys).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict(key))
                if !pool.username_attributes.is_empty() && !key.starts_with("u:") =>
            {
                let attr = if key.starts_with("p:") {
                    "phone_number"
                } else {
                    "email"
                };
                Err(CoreError::UsernameExists(format!(
                    "An account with the given {attr} already exists."
                )))
            }
            Err(StoreError::Conflict(key)) => Err(attributes::key_conflict(&key)),
            Err(e) => Err(e.into()),
        }
    }

    /// SignUp, within the abuse limits on code sending. The pool's PreSignUp function, if any,
    /// may refuse the user, confirm them or mark their email or phone number verified; a
    /// confirmed user is sent no code.
    pub async fn sign_up(
        &self,
        rc: &RequestContext,
        who: &ClientUser,
        password: &str,
        attrs: &[AttributeType],
        validation_data: &[AttributeType],
    ) -> CoreResult<SignUpResponse> {
        let (client, pool, username) = self.client_user(who).await?;
        self.limit_code_sending(rc, &pool, username).await?;
        if pool.is_admin_create_only() {
            return Err(CoreError::NotAuthorized(
                "SignUp is not permitted for this user pool".into(),
            ));
        }
        password::check_policy(&pool.password_policy(), password)?;
        if attrs.iter().any(|a| a.name.ends_with("_verified")) {
            return Err(CoreError::InvalidParameter(
                "Cannot set verified attributes at sign-up.".into(),
            ));
        }
        let mut user = new_user(
            &pool,
            username,
            attrs,
            UserStatus::Unconfirmed,
            self.now_ms(),
        )?;
        let decision = self
            .pre_sign_up(
                &pool,
                &user,
                SignUpSource::SignUp,
                Some(&client.client_id),
                validation_data,
                who.client_metadata.as_ref(),
            )
            .await?;
        apply_decision(&mut user, decision);
        user.password = Some(
            self.password_record(&pool, &user.username, password, None)
                .await?,
        );
        let target = verification_target(&pool, &user).filter(|_| !decision.auto_confirm);
        let code = target
            .map(|attr| self.issue_code(&mut user, codes::SIGN_UP, codes::DAY_MS, Some(attr)));
        self.insert_new_user(&pool, &user).await?;
        self.audit_note(rc, AuditKind::SignUp, &user)
            .client(&client.client_id)
            .record();
        let code_delivery_details = match (target, code) {
            (Some(attr), Some(code)) => Some(
                self.deliver_code(
                    &pool,
                    &user,
                    attr,
                    &code,
                    MessageKind::SignUp.with(who.client_metadata.as_ref()),
                )
                .await?,
            ),
            _ => None,
        };
        Ok(SignUpResponse {
            user_confirmed: decision.auto_confirm,
            code_delivery_details,
            user_sub: user.sub,
        })
    }

    /// ConfirmSignUp.
    pub async fn confirm_sign_up(
        &self,
        rc: &RequestContext,
        who: &ClientUser,
        code: &str,
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
        let now = self.now_ms();
        let confirmed = self
            .modify_user(&pool, &user, |u| {
                if u.status != UserStatus::Unconfirmed {
                    return Err(CoreError::NotAuthorized(format!(
                        "User cannot be confirmed. Current status is {}",
                        u.status.as_str()
                    )));
                }
                codes::rate_limit(u, "ConfirmSignUp", 15, now)?;
                Ok(self.redeem_code(u, codes::SIGN_UP, code).map(|record| {
                    u.status = UserStatus::Confirmed;
                    if let Some(attr) = record.attribute {
                        u.attributes
                            .insert(format!("{attr}_verified"), "true".into());
                    }
                }))
            })
            .await
            .and_then(|(user, outcome)| outcome.map(|()| user));
        self.audit_note(rc, AuditKind::Confirmation, &user)
            .client(&client.client_id)
            .detail("operation", "ConfirmSignUp")
            .outcome(&confirmed);
        let user = confirmed?;
        self.post_confirmation(
            &pool,
            &user,
            Confirmation::SignUp,
            Some(&client.client_id),
            who.client_metadata.as_ref(),
        )
        .await
    }

    /// ResendConfirmationCode, within the abuse limits on code sending. Where the client hides
    /// which users exist, an unknown name is answered as a user is: the same lookups, the same
    /// hourly limit counted in the same single-row write, and an answer that comes before the
    /// code is issued and sent.
    pub async fn resend_confirmation_code(
        &self,
        rc: &RequestContext,
        who: &ClientUser,
    ) -> CoreResult<CodeDeliveryResponse> {
        let (client, pool, username) = self.client_user(who).await?;
        self.limit_code_sending(rc, &pool, username).await?;
        let hides = client.prevents_user_existence_errors();
        let Some(user) = self.find_user(&pool, username).await? else {
            if !hides {
                return Err(CoreError::UserNotFound(
                    "Username/client id combination not found.".into(),
                ));
            }
            let subject = Subject::Name(username);
            self.count_call(&pool, subject, RESEND, RESEND_PER_HOUR)
                .await?;
            return Ok(CodeDeliveryResponse {
                code_delivery_details: simulated_delivery(&pool, username),
            });
        };
        if user.status != UserStatus::Unconfirmed {
            return Err(CoreError::InvalidParameter(
                "User is already confirmed.".into(),
            ));
        }
        let target = verification_target(&pool, &user).ok_or_else(|| {
            CoreError::InvalidParameter(
                "Cannot resend codes. Auto verification not turned on.".into(),
            )
        })?;
        let subject = Subject::User(&user.sub);
        self.count_call(&pool, subject, RESEND, RESEND_PER_HOUR)
            .await?;
        let note = self
            .audit_note(rc, AuditKind::ResendCode, &user)
            .client(&client.client_id);
        let sending = Sending {
            pool,
            user,
            purpose: codes::SIGN_UP,
            ttl_ms: codes::DAY_MS,
            attribute: target,
            kind: MessageKind::ResendCode,
            client_metadata: who.client_metadata.clone(),
        };
        let sent = self.send_code(sending, hides).await;
        note.outcome(&sent);
        Ok(CodeDeliveryResponse {
            code_delivery_details: sent?,
        })
    }

    /// AdminConfirmSignUp.
    pub async fn admin_confirm_sign_up(
        &self,
        rc: &RequestContext,
        pool: &PoolId,
        username: &Username,
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        let (user, ()) = self
            .modify_user(&pool, &user, |u| {
                if u.status != UserStatus::Unconfirmed {
                    return Err(CoreError::NotAuthorized(format!(
                        "User cannot be confirmed. Current status is {}",
                        u.status.as_str()
                    )));
                }
                u.status = UserStatus::Confirmed;
                u.codes.remove(codes::SIGN_UP);
                Ok(())
            })
            .await?;
        self.audit_note(rc, AuditKind::Confirmation, &user)
            .detail("operation", "AdminConfirmSignUp")
            .record();
        self.post_confirmation(&pool, &user, Confirmation::SignUp, None, metadata)
            .await
    }
}
