//! MFA_SETUP continued outside RespondToAuthChallenge: AssociateSoftwareToken and
//! VerifySoftwareToken with the challenge's `Session` instead of an access token. Each call
//! that succeeds takes the step and opens the next one (`verified` once an authenticator app
//! is verified), which RespondToAuthChallenge `MFA_SETUP` then finishes. A wrong code leaves
//! the step open for another try, counted like every wrong answer, so that a mistyped code
//! does not send the user back to the password.

use super::{
    attempt::Attempt,
    session::{self, Step},
    state::Awaiting,
};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{ClientId, MfaFactor, PoolId, User, UserPool},
    service::Cognate,
};

/// MFA_SETUP answered with a phone number (the hosted pages): it becomes the user's unverified
/// `phone_number` and their SMS factor; the code sent to it next proves it.
pub(super) async fn set_phone(at: &Attempt<'_>, user: &User, phone: &str) -> CoreResult<User> {
    if !super::mfa::setup_factors(&at.pool).contains(&MfaFactor::Sms) {
        return Err(CoreError::InvalidParameter(
            "SMS_MFA is not available in this user pool.".into(),
        ));
    }
    let phone = phone.trim();
    crate::service::attributes::validate_phone(phone)?;
    let (user, ()) =
        at.c.modify_user(&at.pool, user, |u| {
            u.attributes
                .insert("phone_number".into(), phone.to_string());
            u.attributes
                .insert("phone_number_verified".into(), "false".into());
            u.mfa.sms_enabled = true;
            if u.mfa.preferred.is_none() {
                u.mfa.preferred = Some(MfaFactor::Sms);
            }
            Ok(())
        })
        .await?;
    Ok(user)
}

/// A live MFA_SETUP step and its user.
pub(crate) struct Setup<'a> {
    at: Attempt<'a>,
    step: Step,
    /// The user setting up a factor.
    pub user: User,
}

impl<'a> Setup<'a> {
    /// The live MFA_SETUP step a `Session` token names (of whichever client started it).
    pub(crate) async fn find(
        c: &'a Cognate,
        rc: &'a RequestContext,
        token: &str,
    ) -> CoreResult<Setup<'a>> {
        let id = session::id_of(c, token);
        let row = c
            .store
            .find_session(&id)
            .await?
            .filter(|s| s.expires_ms > c.now_ms())
            .ok_or_else(CoreError::session_expired)?;
        if row.used {
            return Err(CoreError::session_used());
        }
        let pool = PoolId::new(row.pool_id.clone());
        let at = Attempt::open(c, rc, Some(&pool), &ClientId::new(row.client_id.clone())).await?;
        let step = session::step_of(row)?;
        if !matches!(step.awaiting, Awaiting::MfaSetup { .. }) {
            return Err(CoreError::session_expired());
        }
        let user = c
            .store
            .find_user(&at.pool.id, &step.sub)
            .await?
            .ok_or_else(CoreError::session_expired)?;
        Ok(Setup { at, step, user })
    }

    /// The pool.
    pub(crate) fn pool(&self) -> &UserPool {
        &self.at.pool
    }

    /// Counts a wrong code on the step (too many void it).
    pub(crate) async fn fail(&self) -> CoreResult<()> {
        session::count_failure(&self.at, &self.step).await
    }

    /// Takes the step (of two racing calls, the second is refused) and opens the next
    /// MFA_SETUP step for `user`; its `Session` token.
    pub(crate) async fn next(&self, user: &User, verified: bool) -> CoreResult<String> {
        session::take(&self.at, &self.step.id).await?;
        let awaiting = Awaiting::MfaSetup { verified };
        session::open(&self.at, user, &self.step.sign_in()?, awaiting, None).await
    }
}
