//! Challenge sessions in the store: a step is opened with what it waits for and found again by
//! the opaque `Session` the client holds (or by a pointer derived from what an answer carries),
//! and taken exactly once.

use cognate_crypto::random;

use super::{
    attempt::Attempt,
    state::{Awaiting, Stored},
};
use crate::service::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::{AuthSession, SignIn, User},
};

/// Wrong answers one challenge session takes before it is void.
pub(super) const MAX_FAILURES: u32 = 5;

/// A live, unanswered step, as read from the store.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    /// The session row's id.
    pub id: String,
    /// The user (empty for the fake challenge of an unknown user).
    pub sub: String,
    pub pool_id: String,
    /// The sign-in so far (none before the first factor).
    pub sign_in: Option<SignIn>,
    pub awaiting: Awaiting,
    row: AuthSession,
}

impl Step {
    /// The sign-in this step continues (a step after the first factor always has one).
    pub(crate) fn sign_in(&self) -> CoreResult<SignIn> {
        self.sign_in.clone().ok_or_else(CoreError::session_expired)
    }
}

/// The row id of a session token: a keyed hash, so the store never holds usable tokens.
pub(crate) fn id_of(c: &Cognate, token: &str) -> String {
    c.master_key.mac_hex("auth-session", token.as_bytes())
}

/// Opens a step for `user` and returns the `Session` token the client answers with. With
/// `resume`, a second row under that id points at the step, for answers that carry no
/// `Session`.
pub(crate) async fn open(
    at: &Attempt<'_>,
    user: &User,
    sign_in: &SignIn,
    awaiting: Awaiting,
    resume: Option<String>,
) -> CoreResult<String> {
    open_as(at, &user.sub, sign_in, awaiting, resume).await
}

/// [`open`] for the user `sub` (empty for an unknown user the client must not learn about).
pub(crate) async fn open_as(
    at: &Attempt<'_>,
    sub: &str,
    sign_in: &SignIn,
    awaiting: Awaiting,
    resume: Option<String>,
) -> CoreResult<String> {
    let token = random::opaque_token(96);
    let id = id_of(at.c, &token);
    insert(at, &id, sub, Some(sign_in), awaiting).await?;
    if let Some(pointer) = resume {
        let row = row(at, &pointer, sub, Stored::resumes(&id));
        at.c.store.insert_session(&row).await?;
    }
    if rand::random::<u8>() == 0 {
        at.c.store.purge_sessions(at.c.now_ms()).await?;
    }
    Ok(token)
}

/// Stores a step under a known id (a PASSWORD_VERIFIER block's, which the client returns
/// instead of a `Session`).
pub(crate) async fn insert(
    at: &Attempt<'_>,
    id: &str,
    sub: &str,
    sign_in: Option<&SignIn>,
    awaiting: Awaiting,
) -> CoreResult<()> {
    let row = row(at, id, sub, Stored::step(sign_in, awaiting));
    at.c.store.insert_session(&row).await?;
    Ok(())
}

fn row(at: &Attempt<'_>, id: &str, sub: &str, stored: Stored) -> AuthSession {
    AuthSession {
        id: id.to_string(),
        pool_id: at.pool.id.clone(),
        client_id: at.client.client_id.clone(),
        sub: sub.to_string(),
        expires_ms: at.c.now_ms() + at.client.auth_session_seconds() * 1000,
        failed_attempts: 0,
        data: stored.to_value(),
        used: false,
    }
}

/// The live step a `Session` token names, for this attempt's client.
pub(crate) async fn by_token(at: &Attempt<'_>, token: Option<&str>) -> CoreResult<Step> {
    let token = token
        .filter(|s| !s.is_empty())
        .ok_or_else(CoreError::session_expired)?;
    by_id(at, &id_of(at.c, token)).await
}

/// The live step stored under `id`, for this attempt's client.
pub(crate) async fn by_id(at: &Attempt<'_>, id: &str) -> CoreResult<Step> {
    let (row, _) = live(at, id).await?;
    step_of(row)
}

/// The step stored under `id` whether or not it is still live (to remember a refusal on it;
/// writes to a used or expired step change nothing).
pub(crate) async fn by_id_any_state(at: &Attempt<'_>, id: &str) -> CoreResult<Step> {
    let row =
        at.c.store
            .find_session(id)
            .await?
            .ok_or_else(CoreError::session_expired)?;
    step_of(row)
}

/// The step a row holds (no liveness check: see [`by_id`]).
pub(crate) fn step_of(row: AuthSession) -> CoreResult<Step> {
    match Stored::read(&row.data) {
        Some(Stored::Step {
            sign_in, awaiting, ..
        }) => Ok(Step {
            id: row.id.clone(),
            sub: row.sub.clone(),
            pool_id: row.pool_id.clone(),
            sign_in,
            awaiting,
            row,
        }),
        _ => Err(CoreError::session_expired()),
    }
}

/// The live step a pointer row (see [`open`]) stands for.
pub(crate) async fn by_pointer(at: &Attempt<'_>, pointer: &str) -> CoreResult<Step> {
    match live(at, pointer).await? {
        (_, Stored::Resumes { target, .. }) => by_id(at, &target).await,
        (_, Stored::Step { .. }) => Err(CoreError::session_expired()),
    }
}

async fn live(at: &Attempt<'_>, id: &str) -> CoreResult<(AuthSession, Stored)> {
    let row =
        at.c.store
            .find_session(id)
            .await?
            .filter(|s| s.expires_ms > at.c.now_ms() && s.client_id == at.client.client_id)
            .ok_or_else(CoreError::session_expired)?;
    if row.used {
        return Err(CoreError::session_used());
    }
    let stored = Stored::read(&row.data).ok_or_else(CoreError::session_expired)?;
    Ok((row, stored))
}

/// Marks a step answered and returns its row; of two racing answers, the second is refused.
pub(crate) async fn take(at: &Attempt<'_>, id: &str) -> CoreResult<AuthSession> {
    at.c.store
        .take_session(id)
        .await?
        .ok_or_else(CoreError::session_used)
}

/// Replaces what a live step waits for (the step keeps its id and expiry).
pub(crate) async fn update(at: &Attempt<'_>, step: &Step, awaiting: Awaiting) -> CoreResult<()> {
    let mut row = step.row.clone();
    row.data = Stored::step(step.sign_in.as_ref(), awaiting).to_value();
    at.c.store.update_session(&row).await?;
    Ok(())
}

/// Counts a wrong answer on the step, voiding it after too many.
pub(crate) async fn count_failure(at: &Attempt<'_>, step: &Step) -> CoreResult<()> {
    let mut row = step.row.clone();
    row.failed_attempts += 1;
    if row.failed_attempts >= MAX_FAILURES {
        at.c.store.take_session(&row.id).await?;
    } else {
        at.c.store.update_session(&row).await?;
    }
    Ok(())
}
