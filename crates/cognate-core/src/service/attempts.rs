//! The counters kept per subject of a pool ([`Attempts`]): failed sign-ins and calls of the
//! rate-limited operations that answer for any name (ForgotPassword, ResendConfirmationCode),
//! for a user and for a name that no user holds alike.
//!
//! Where a client hides which users exist, an unknown name must cost what a known one costs
//! and be refused when a known one would be. Counting both the same way gives both: one record
//! per subject, read before the check and saved after it in one single-row write (the durable,
//! synced part of a failed sign-in), and the same lockout and hourly limits for either. The
//! subject is stored only as a keyed hash, so the names people tried are not kept in clear.

use std::sync::Arc;

use super::{attributes, codes, lockout, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{Attempts, UserPool},
    store::StoreError,
};

const SUBJECT_PURPOSE: &str = "attempts-subject";

/// Whose attempts are counted.
#[derive(Debug, Clone, Copy)]
pub(super) enum Subject<'a> {
    /// A user, by `sub`, whichever of their names they gave.
    User(&'a str),
    /// A name that no user holds, as given.
    Name(&'a str),
}

/// The one form that every spelling of an unknown name shares: its email or phone key where it
/// has one, else its username key, each folded as sign-in folds it in this pool.
pub(super) fn name_key(pool: &UserPool, name: &str) -> String {
    let keys = attributes::lookup_keys(pool, name);
    keys.iter()
        .find(|k| k.starts_with("e:") || k.starts_with("p:"))
        .or(keys.first())
        .cloned()
        .unwrap_or_default()
}

/// When nothing in `attempts` counts any more: its failures are forgotten and its calls are an
/// hour old (`now_ms` when it holds nothing).
fn expiry(attempts: &Attempts, now_ms: i64) -> i64 {
    let calls = attempts
        .calls
        .values()
        .flatten()
        .map(|t| t + codes::HOUR_MS);
    let failures =
        (attempts.lockout.failures > 0).then(|| lockout::forgotten_at(&attempts.lockout));
    calls.chain(failures).fold(now_ms, i64::max)
}

impl Cognate {
    fn attempts_subject(&self, pool: &UserPool, subject: Subject<'_>) -> String {
        let data = match subject {
            Subject::User(sub) => format!("{}|user|{sub}", pool.id),
            Subject::Name(name) => format!("{}|name|{}", pool.id, name_key(pool, name)),
        };
        self.master_key.mac_hex(SUBJECT_PURPOSE, data.as_bytes())
    }

    /// The counters of `subject`: empty ones, not stored yet, when none were kept.
    pub(super) async fn attempts(
        &self,
        pool: &UserPool,
        subject: Subject<'_>,
    ) -> CoreResult<Attempts> {
        let key = self.attempts_subject(pool, subject);
        let found = self.store.find_attempts(&pool.id, &key).await?;
        Ok(found.unwrap_or_else(|| Attempts::new(&pool.id, key)))
    }

    /// Counts a failed password for the subject of `attempts` (as read before the check). A
    /// locked subject is refused before any check, so a lock now is this failure's: it is
    /// counted in the metrics.
    pub(super) async fn count_failure(&self, attempts: Attempts) -> CoreResult<()> {
        let now = self.now_ms();
        let mut locked = false;
        self.modify_attempts(attempts, |a| {
            lockout::record_failure(&mut a.lockout, now);
            locked = lockout::is_locked(&a.lockout, now);
            Ok(())
        })
        .await?;
        if locked {
            self.metrics.count_lockout();
        }
        Ok(())
    }

    /// Forgets the failures of the subject of `attempts` once its password passed; no write
    /// when none were counted.
    pub(super) async fn forget_failures(&self, attempts: Attempts) -> CoreResult<()> {
        if attempts.lockout.failures == 0 {
            return Ok(());
        }
        self.modify_attempts(attempts, |a| {
            lockout::record_success(&mut a.lockout);
            Ok(())
        })
        .await
    }

    /// Forgets a user's failed sign-ins (a new password was set).
    pub(super) async fn forget_user_failures(&self, pool: &UserPool, sub: &str) -> CoreResult<()> {
        let attempts = self.attempts(pool, Subject::User(sub)).await?;
        self.forget_failures(attempts).await
    }

    /// Counts a call of `operation` for `subject`: at most `per_hour` in any hour, beyond
    /// which `LimitExceededException` and nothing counted.
    pub(super) async fn count_call(
        &self,
        pool: &UserPool,
        subject: Subject<'_>,
        operation: &str,
        per_hour: usize,
    ) -> CoreResult<()> {
        let attempts = self.attempts(pool, subject).await?;
        let now = self.now_ms();
        self.modify_attempts(attempts, |a| {
            let calls = a.calls.entry(operation.to_string()).or_default();
            codes::count_hourly(calls, per_hour, now)
        })
        .await
    }

    /// Applies `change` to `attempts` (as read) and saves them; when another request saved
    /// first, reads them again and re-applies it. `change` may refuse: nothing is saved then.
    async fn modify_attempts<T>(
        &self,
        mut attempts: Attempts,
        mut change: impl FnMut(&mut Attempts) -> CoreResult<T>,
    ) -> CoreResult<T> {
        for _ in 0..8 {
            let out = change(&mut attempts)?;
            attempts.expires_ms = expiry(&attempts, self.now_ms());
            match self.store.save_attempts(&attempts).await {
                Ok(()) => {
                    self.purge_attempts_now_and_then();
                    return Ok(out);
                }
                Err(StoreError::VersionMismatch) => {
                    let (pool_id, subject) = (attempts.pool_id.clone(), attempts.subject.clone());
                    let found = self.store.find_attempts(&pool_id, &subject).await?;
                    attempts = found.unwrap_or_else(|| Attempts::new(&pool_id, subject));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(anyhow::anyhow!(
            "attempt counters kept changing under concurrent updates"
        )))
    }

    /// One save in 256 also deletes the expired counters, on a task of its own so that no
    /// request waits for it.
    fn purge_attempts_now_and_then(&self) {
        if rand::random::<u8>() != 0 {
            return;
        }
        let (store, now) = (Arc::clone(&self.store), self.now_ms());
        tokio::spawn(async move {
            if let Err(e) = store.purge_attempts(now).await {
                tracing::warn!(error = %e, "purging expired attempt counters failed");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lockout;

    #[test]
    fn counters_expire_when_their_last_call_is_an_hour_old_or_their_failures_are_forgotten() {
        let mut a = Attempts::new("p", "s".into());
        assert_eq!(expiry(&a, 5), 5, "nothing counted: expired at once");
        a.calls.insert("ForgotPassword".into(), vec![10, 20]);
        assert_eq!(expiry(&a, 5), 20 + codes::HOUR_MS);
        a.lockout = Lockout {
            failures: 1,
            locked_until_ms: 0,
            last_failure_ms: 30,
        };
        assert_eq!(expiry(&a, 5), 20 + codes::HOUR_MS, "the later of the two");
        a.calls.clear();
        assert_eq!(expiry(&a, 5), lockout::forgotten_at(&a.lockout));
        assert!(lockout::forgotten_at(&a.lockout) > 30);
    }
}
