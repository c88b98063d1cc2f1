//! The password as a first factor (`USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`): the
//! lockout, then the presented password against the stored verifier. An unknown user may be
//! brought in by the pool's UserMigration function. Otherwise, where the client hides which
//! users exist, an unknown name goes the way a wrong password goes, step for step: its lockout
//! read, a password check against the dummy verifier, its failure counted in one write, and
//! the same refusal; elsewhere it costs the time of a check and is not found.

use super::attempt::Attempt;
use crate::{
    error::{CoreError, CoreResult},
    model::{Attempts, User, UserStatus},
    service::{attempts::Subject, lockout},
};

/// Cognito's answer to a sign-in with a password by a user who must reset it first.
pub(super) fn password_reset_required() -> CoreError {
    CoreError::PasswordResetRequired("Password reset required for the user".into())
}

/// The user whose password `password` is; counts a failure otherwise.
pub(super) async fn check(at: &Attempt<'_>, username: &str, password: &str) -> CoreResult<User> {
    let now = at.c.now_ms();
    let found = at.c.find_user(&at.pool, username).await?;
    if let Some(user) = &found {
        at.seen.user(user);
    }
    at.c.pre_authentication(
        (&at.pool, &at.client),
        username,
        found.as_ref(),
        &at.client_metadata,
    )
    .await?;
    let Some(user) = found else {
        if let Some(user) =
            at.c.migrate_user(
                &at.pool,
                (&at.client.client_id, Some(&at.client_metadata)),
                username,
                Some(password),
            )
            .await?
        {
            // The pool's function vouched for the password it was given.
            return Ok(user);
        }
        if !at.client.prevents_user_existence_errors() {
            at.c.burn_password_check(password).await;
            return Err(CoreError::UserNotFound("User does not exist.".into()));
        }
        let attempts = at.c.attempts(&at.pool, Subject::Name(username)).await?;
        if lockout::is_locked(&attempts.lockout, now) {
            return Err(lockout::attempts_exceeded());
        }
        at.c.burn_password_check(password).await;
        record(at, attempts, false).await?;
        return Err(CoreError::bad_credentials());
    };
    let attempts = at.c.attempts(&at.pool, Subject::User(&user.sub)).await?;
    if lockout::is_locked(&attempts.lockout, now) {
        return Err(lockout::attempts_exceeded());
    }
    if user.status == UserStatus::ResetRequired {
        // An imported user, or one whose password an administrator reset: no password
        // signs them in until they set a new one.
        return Err(password_reset_required());
    }
    let passed = at.c.password_matches(&at.pool, &user, password).await?;
    record(at, attempts, passed).await?;
    if !passed {
        return Err(CoreError::bad_credentials());
    }
    Ok(user)
}

/// Records a password check's outcome in the counters `attempts` (of a user, or of a name no
/// user holds, read before the check): a failure is counted, a success forgets earlier ones.
pub(super) async fn record(at: &Attempt<'_>, attempts: Attempts, passed: bool) -> CoreResult<()> {
    if passed {
        at.c.forget_failures(attempts).await
    } else {
        at.c.count_failure(attempts).await
    }
}
