//! What each sign-in step leaves behind: the metrics count the factor it checked and how it
//! ended, and the audit log records it as a step of the sign-in's `SignIn` event, which
//! AdminListUserAuthEvents shows as Cognito does: `InProgress` while challenges are
//! outstanding, then `Pass` or `Fail`, with the password and MFA answers so far. Every step
//! passes through the machine's entry points (and REFRESH_TOKEN_AUTH, counted only, through the
//! attempt), which hand their outcome here; the factor files only note on the attempt's
//! [`Seen`] whom a step was about and which sign-in it began or continued.
//!
//! A sign-in's event begins where its first factor is checked. A password that fails is an
//! event of its own (without a user when the name is nobody's); one that passes begins the
//! event that its `SignIn` then carries from step to step (`SignIn::audit`), so that every later
//! step is recorded under it. SRP's first step proves nothing yet and records nothing; neither
//! does a step refused for its form or by a server failure ([`crate::CoreError::is_refusal`]).

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::door::{FirstFactor, Next, Prompt};
use crate::{
    context::RequestContext,
    error::CoreResult,
    metrics::{SignInFactor, SignInResult},
    model::{
        AuditChallenge, AuditKind, AuditRef, AuditResponse, ChallengeName, ChallengeOutcome,
        ChallengeResponse, SignIn, User,
    },
    service::Cognate,
};

/// What the checks of one step learned of whom it was about, for its audit record.
#[derive(Debug, Default)]
pub(super) struct Seen(Mutex<Noted>);

#[derive(Debug, Default)]
struct Noted {
    /// `sub` and username.
    user: Option<(String, String)>,
    /// The sign-in's event.
    sign_in: Option<AuditRef>,
    /// Whether the step's first factor passed (it began the sign-in).
    began: bool,
    /// The remembered device the step proved.
    device_name: Option<String>,
}

impl Seen {
    fn noted(&self) -> MutexGuard<'_, Noted> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The step is about `user`.
    pub(super) fn user(&self, user: &User) {
        self.noted().user = Some((user.sub.clone(), user.username.clone()));
    }

    /// The step's first factor passed and began `sign_in`.
    pub(super) fn began(&self, sign_in: &SignIn) {
        let mut noted = self.noted();
        noted.sign_in.clone_from(&sign_in.audit);
        noted.began = true;
    }

    /// The step continues `sign_in`.
    pub(super) fn continues(&self, sign_in: &SignIn) {
        self.noted().sign_in.clone_from(&sign_in.audit);
    }

    /// The step proved the remembered device `key` of `user`.
    pub(super) fn device(&self, user: &User, key: &str) {
        let name = user
            .device(key)
            .map(|d| d.name.clone().unwrap_or_else(|| key.to_string()));
        self.noted().device_name = name;
    }

    fn take(&self) -> Noted {
        std::mem::take(&mut *self.noted())
    }
}

/// The request a step serves, as its audit record names it.
pub(super) struct Witness<'a> {
    pub(super) c: &'a Cognate,
    pub(super) rc: &'a RequestContext,
    pub(super) pool_id: &'a str,
    pub(super) client_id: &'a str,
    pub(super) seen: &'a Seen,
}

/// The factor a first step checks.
pub(super) fn first_factor(first: &FirstFactor) -> SignInFactor {
    match first {
        FirstFactor::Password { .. } => SignInFactor::Password,
        FirstFactor::Srp { .. } => SignInFactor::Srp,
        FirstFactor::Custom { .. } => SignInFactor::Custom,
    }
}

/// The factor an answer to `challenge` is checked against.
fn answered(challenge: ChallengeName) -> SignInFactor {
    match challenge {
        ChallengeName::PasswordVerifier => SignInFactor::Srp,
        ChallengeName::SmsMfa => SignInFactor::SmsMfa,
        ChallengeName::SoftwareTokenMfa => SignInFactor::SoftwareTokenMfa,
        ChallengeName::CustomChallenge => SignInFactor::Custom,
        ChallengeName::NewPasswordRequired => SignInFactor::NewPassword,
        ChallengeName::SelectMfaType => SignInFactor::MfaSelection,
        ChallengeName::MfaSetup => SignInFactor::MfaSetup,
        ChallengeName::DeviceSrpAuth | ChallengeName::DevicePasswordVerifier => {
            SignInFactor::DeviceSrp
        }
        _ => SignInFactor::Other,
    }
}

/// A first step (InitiateAuth) that checked `factor`: counted, recorded, and passed on.
pub(super) fn first_step(
    w: &Witness<'_>,
    factor: SignInFactor,
    outcome: CoreResult<Next>,
) -> CoreResult<Next> {
    count(w.c, factor, &outcome);
    record(w, factor, true, &outcome);
    outcome
}

/// An answer to `challenge`: counted, recorded, and passed on. PASSWORD_VERIFIER proves the
/// password itself, so it may begin an event as a first step does.
pub(super) fn answer(
    w: &Witness<'_>,
    challenge: ChallengeName,
    outcome: CoreResult<Next>,
) -> CoreResult<Next> {
    let factor = answered(challenge);
    count(w.c, factor, &outcome);
    record(
        w,
        factor,
        challenge == ChallengeName::PasswordVerifier,
        &outcome,
    );
    outcome
}

/// Counts a REFRESH_TOKEN_AUTH, which ends in tokens or a failure, and passes it on. It is no
/// sign-in of the audit log's.
pub(super) fn refresh<T>(c: &Cognate, outcome: CoreResult<T>) -> CoreResult<T> {
    let result = if outcome.is_ok() {
        SignInResult::Success
    } else {
        SignInResult::Failure
    };
    c.metrics.count_sign_in(result, SignInFactor::Refresh);
    outcome
}

fn count(c: &Cognate, factor: SignInFactor, outcome: &CoreResult<Next>) {
    let result = match outcome {
        Ok(Next::Challenge { .. }) => SignInResult::Challenge,
        Ok(Next::Tokens(_) | Next::SignedIn(_)) => SignInResult::Success,
        Err(_) => SignInResult::Failure,
    };
    c.metrics.count_sign_in(result, factor);
}

/// Records the step as one of its sign-in's event; `opens`: with no sign-in begun, the step
/// is an event of its own (it checked a password).
fn record(w: &Witness<'_>, factor: SignInFactor, opens: bool, outcome: &CoreResult<Next>) {
    let noted = w.seen.take();
    let response = match outcome {
        Ok(Next::Challenge {
            prompt: Prompt::PasswordVerifier { .. },
            ..
        }) => return,
        Ok(Next::Challenge { .. }) => AuditResponse::InProgress,
        Ok(Next::Tokens(_) | Next::SignedIn(_)) => AuditResponse::Pass,
        Err(e) if e.is_refusal() => AuditResponse::Fail,
        Err(_) => return,
    };
    let at = match noted.sign_in {
        Some(at) => at,
        None if opens => w.c.audit_ref(),
        None => return,
    };
    let mut event = Cognate::audit_step(w.rc, AuditKind::SignIn, w.pool_id, at);
    event.response = response;
    event.client_id = Some(w.client_id.to_string());
    if let Some((sub, username)) = noted.user {
        event.sub = Some(sub);
        event.username = Some(username);
    }
    event.device_name = noted.device_name;
    // The password passed where the step began the sign-in; a second factor, where the step
    // did not fail.
    let checked = match factor {
        SignInFactor::Password | SignInFactor::Srp => Some((AuditChallenge::Password, noted.began)),
        SignInFactor::SmsMfa | SignInFactor::SoftwareTokenMfa => {
            Some((AuditChallenge::Mfa, outcome.is_ok()))
        }
        _ => None,
    };
    if let Some((challenge_name, passed)) = checked {
        event.challenge_responses.push(ChallengeResponse {
            challenge_name,
            challenge_response: ChallengeOutcome::of(passed),
        });
    }
    w.c.record_audit(event);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::CoreError;

    fn sign_in(event_id: &str) -> SignIn {
        SignIn {
            auth_time: 1,
            origin_jti: "o".into(),
            device_key: None,
            srp_a: None,
            passwordless: false,
            audit: Some(AuditRef {
                event_id: event_id.into(),
                created_ms: 5,
                seq: 5_000,
            }),
        }
    }

    #[test]
    fn what_a_step_noted_is_taken_once() {
        let seen = Seen::default();
        seen.began(&sign_in("e1"));
        let noted = seen.take();
        assert_eq!(noted.sign_in.map(|a| a.event_id).as_deref(), Some("e1"));
        assert!(noted.began);
        let again = seen.take();
        assert!(again.sign_in.is_none() && !again.began);
        seen.continues(&sign_in("e2"));
        assert!(!seen.take().began, "continuing is not beginning");
    }

    #[test]
    fn refusals_are_what_a_failed_step_records() {
        assert!(CoreError::bad_credentials().is_refusal());
        assert!(CoreError::CodeMismatch("wrong".into()).is_refusal());
        assert!(!CoreError::InvalidParameter("form".into()).is_refusal());
        assert!(!CoreError::Internal(anyhow::anyhow!("db")).is_refusal());
    }
}
