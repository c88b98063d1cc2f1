//! Cognito's sign-in lockout: after five failures the user is locked for one second, and each
//! further failure doubles the lock, up to about fifteen minutes. Attempts during a lock are
//! refused without being counted; fifteen quiet minutes or a successful sign-in reset the count.
//! The rules only: where the count is kept (for users and unknown names alike) is `attempts`.

use crate::{error::CoreError, model::Lockout};

/// Failures allowed before the first lock.
const FREE_FAILURES: u32 = 5;
/// Longest lock, and the quiet period that forgets failures.
const MAX_LOCK_MS: i64 = 15 * 60 * 1000;

/// Whether sign-in is refused right now.
pub(super) fn is_locked(lockout: &Lockout, now_ms: i64) -> bool {
    now_ms < lockout.locked_until_ms
}

/// Cognito's refusal while a lock holds.
pub(super) fn attempts_exceeded() -> CoreError {
    CoreError::NotAuthorized("Password attempts exceeded".into())
}

/// When the failures counted so far are forgotten, epoch ms: the quiet period that forgets
/// them starts when the last lock ends.
pub(super) fn forgotten_at(lockout: &Lockout) -> i64 {
    lockout.last_failure_ms.max(lockout.locked_until_ms) + MAX_LOCK_MS
}

/// Counts a failed attempt and locks when the count says so.
pub(super) fn record_failure(lockout: &mut Lockout, now_ms: i64) {
    if now_ms >= forgotten_at(lockout) {
        lockout.failures = 0;
    }
    lockout.failures += 1;
    lockout.last_failure_ms = now_ms;
    if lockout.failures >= FREE_FAILURES {
        let exponent = (lockout.failures - FREE_FAILURES).min(20);
        let lock_ms = (1000_i64 << exponent).min(MAX_LOCK_MS);
        lockout.locked_until_ms = now_ms + lock_ms;
    }
}

/// Forgets failures after a successful sign-in.
pub(super) fn record_success(lockout: &mut Lockout) {
    *lockout = Lockout::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifth_failure_locks_for_a_second_and_each_next_doubles() {
        let mut l = Lockout::default();
        for i in 0..4 {
            record_failure(&mut l, 1_000 + i);
            assert!(!is_locked(&l, 1_000 + i));
        }
        record_failure(&mut l, 2_000);
        assert!(is_locked(&l, 2_999));
        assert!(!is_locked(&l, 3_000));
        record_failure(&mut l, 3_000);
        assert_eq!(l.locked_until_ms, 5_000);
        record_failure(&mut l, 5_000);
        assert_eq!(l.locked_until_ms, 9_000);
    }

    #[test]
    fn locks_never_exceed_fifteen_minutes_and_quiet_time_forgets() {
        let mut l = Lockout::default();
        let mut now = 0;
        for _ in 0..30 {
            now = l.locked_until_ms.max(now) + 1;
            record_failure(&mut l, now);
            assert!(l.locked_until_ms - now <= MAX_LOCK_MS);
        }
        let later = l.locked_until_ms + MAX_LOCK_MS + 1;
        record_failure(&mut l, later);
        assert_eq!(l.failures, 1);
        assert!(!is_locked(&l, later));
    }
}
