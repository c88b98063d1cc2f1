//! The password as a first factor (`USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`): the
//! lockout, then the presented password against the stored verifier. An unknown user may be
//! brought in by the pool's UserMigration function; otherwise unknown users cost the time of a
//! check and, where the client asks for it, look like a wrong password.

use super::attempt::Attempt;
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserStatus},
    service::lockout,
};

/// Cognito's answer to a sign-in with a password by a user who must reset it first.
pub(super) fn password_reset_required() -> CoreError {
    CoreError::PasswordResetRequired("Password reset required for the user".into())
}

/// The user whose password `password` is; counts a failure otherwise.
pub(super) async fn check(at: &Attempt<'_>, username: &str, password: &str) -> CoreResult<User> {
    let now = at.c.now_ms();
    let found = at.c.find_user(&at.pool, username).await?;
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
        at.c.burn_password_check(password).await;
        return Err(if at.client.prevents_user_existence_errors() {
            CoreError::bad_credentials()
        } else {
            CoreError::UserNotFound("User does not exist.".into())
        });
    };
    if lockout::is_locked(&user.lockout, now) {
        return Err(lockout::attempts_exceeded());
    }
    if user.status == UserStatus::ResetRequired {
        // An imported user, or one whose password an administrator reset: no password
        // signs them in until they set a new one.
        return Err(password_reset_required());
    }
    if !at.c.password_matches(&at.pool, &user, password).await? {
        record(at, &user, false).await?;
        return Err(CoreError::bad_credentials());
    }
    record(at, &user, true).await
}

/// Records a password check's outcome in the user's lockout (a success only when failures
/// were counted), and returns the user as stored.
pub(super) async fn record(at: &Attempt<'_>, user: &User, passed: bool) -> CoreResult<User> {
    let now = at.c.now_ms();
    if passed && user.lockout.failures == 0 {
        return Ok(user.clone());
    }
    let (user, ()) =
        at.c.modify_user(&at.pool, user, |u| {
            if passed {
                lockout::record_success(&mut u.lockout);
            } else {
                lockout::record_failure(&mut u.lockout, now);
            }
            Ok(())
        })
        .await?;
    // A locked user is refused before any check, so a lock now is this failure's.
    if !passed && lockout::is_locked(&user.lockout, now) {
        at.c.metrics.count_lockout();
    }
    Ok(user)
}
