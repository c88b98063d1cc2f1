//! The answer to SMS_MFA or SOFTWARE_TOKEN_MFA: the factor's code, or one of the user's
//! recovery codes in its place. Wrong answers keep the session (as Cognito does) but are
//! bounded per session and counted per user, like password failures.

use cognate_crypto::totp;

use super::{
    attempt::Attempt,
    session::{self, Step},
    sms_code,
    state::SentCode,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{MfaFactor, User},
    service::lockout,
};

fn mismatch() -> CoreError {
    CoreError::CodeMismatch("Invalid code or auth state for the user.".into())
}

/// Checks `code` for `factor`; the user as stored after the success.
pub(super) async fn check(
    at: &Attempt<'_>,
    user: &User,
    step: &Step,
    factor: MfaFactor,
    sent: Option<&SentCode>,
    code: &str,
) -> CoreResult<User> {
    let now = at.c.now_ms();
    if lockout::is_locked(&user.mfa_lockout, now) {
        return Err(lockout::attempts_exceeded());
    }
    let accepted = match factor {
        MfaFactor::Sms => sent
            .filter(|sent| sms_code::matches(at, user, sent, code))
            .map(|_| Accepted::Factor(0)),
        MfaFactor::SoftwareToken => totp_step(at, user, code)?.map(Accepted::Factor),
    }
    .or_else(|| {
        at.c.matching_recovery_code(&at.pool, user, code)
            .map(|_| Accepted::Recovery)
    });
    let Some(accepted) = accepted else {
        session::count_failure(at, step).await?;
        let (user, ()) =
            at.c.modify_user(&at.pool, user, |u| {
                lockout::record_failure(&mut u.mfa_lockout, now);
                Ok(())
            })
            .await?;
        // A locked user is refused before any check, so a lock now is this failure's.
        if lockout::is_locked(&user.mfa_lockout, now) {
            at.c.metrics.count_lockout();
        }
        return Err(mismatch());
    };
    session::take(at, &step.id).await?;
    let (user, ()) =
        at.c.modify_user(&at.pool, user, |u| {
            match (accepted, factor) {
                // Single use even when two answers race: the code is looked up again in the
                // user as stored.
                (Accepted::Recovery, _) => {
                    let index =
                        at.c.matching_recovery_code(&at.pool, u, code)
                            .ok_or_else(mismatch)?;
                    u.recovery_codes[index].used_ms = Some(now);
                }
                // Cognito: a successful SMS MFA proves the phone number.
                (Accepted::Factor(_), MfaFactor::Sms) => {
                    u.attributes
                        .insert("phone_number_verified".into(), "true".into());
                }
                (Accepted::Factor(accepted_step), MfaFactor::SoftwareToken) => {
                    if let Some(token) = u.software_token.as_mut() {
                        if accepted_step <= token.last_step {
                            return Err(mismatch());
                        }
                        token.last_step = accepted_step;
                    }
                }
            }
            lockout::record_success(&mut u.mfa_lockout);
            Ok(())
        })
        .await?;
    Ok(user)
}

/// What an MFA answer was accepted as.
#[derive(Debug, Clone, Copy)]
enum Accepted {
    /// The factor's own code (for TOTP, its step).
    Factor(u64),
    /// One of the user's recovery codes.
    Recovery,
}

/// The step of a valid authenticator code newer than the last one accepted. A valid code that
/// was already accepted once is Cognito's `ExpiredCodeException`.
fn totp_step(at: &Attempt<'_>, user: &User, code: &str) -> CoreResult<Option<u64>> {
    let Some(token) = user.software_token.as_ref() else {
        return Ok(None);
    };
    let secret = at.c.unseal_totp(&token.sealed_secret)?;
    let now = u64::try_from(at.c.clock.now_secs()).unwrap_or_default();
    match totp::matching_step(&secret, code, now) {
        Some(step) if step <= token.last_step => Err(CoreError::ExpiredCode(
            "Your software token has already been used once.".into(),
        )),
        step => Ok(step),
    }
}
