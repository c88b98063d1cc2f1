//! Sign-in lockout: five failed passwords lock the user for 1 s, each further failure doubles
//! the lock; attempts during a lock are refused without counting; fifteen quiet minutes or a
//! successful sign-in start the count again.

use crate::helpers::*;

const WRONG: &str = "WrongPass999";

struct Subject {
    app: TestApp,
    pool: Pool,
    user: TestUser,
}

impl Subject {
    async fn new() -> Subject {
        let app = spawn_app().await;
        let pool = app.create_seed_pool().await;
        let user = app.sign_up_confirmed_user(&pool).await;
        Subject { app, pool, user }
    }

    async fn attempt(&self, password: &str) -> Reply {
        self.app
            .password_auth(&self.pool.client_id, &self.user.email, password)
            .await
    }

    /// A wrong password that the server checks (not locked): "Incorrect username or password."
    async fn fail(&self, what: &str) {
        let reply = self.attempt(WRONG).await;
        assert_eq!(
            reply.1["message"], INCORRECT,
            "{what}: expected a counted failure, got {}",
            reply.1
        );
        assert_error(&reply, "NotAuthorizedException", INCORRECT);
    }

    /// The right password is refused: the user is locked.
    async fn assert_locked(&self, what: &str) {
        let reply = self.attempt(&self.user.password).await;
        let got = if reply.1.get("AuthenticationResult").is_some() {
            "tokens".to_string()
        } else {
            reply.1.to_string()
        };
        assert_eq!(
            reply.1["message"], ATTEMPTS_EXCEEDED,
            "{what}: expected the lock, got {got}"
        );
        assert_error(&reply, "NotAuthorizedException", ATTEMPTS_EXCEEDED);
    }

    /// The right password signs in.
    async fn assert_signs_in(&self, what: &str) {
        let reply = self.attempt(&self.user.password).await;
        assert!(
            reply.1["AuthenticationResult"]["AccessToken"].is_string(),
            "{what}: expected tokens, got {}",
            reply.1
        );
    }

    async fn fail_times(&self, n: usize, what: &str) {
        for i in 1..=n {
            self.fail(&format!("{what}, failure {i}")).await;
        }
    }
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_user_for_one_second() {
    let s = Subject::new().await;

    s.fail_times(5, "first five").await;
    s.app.advance_ms(500);
    s.assert_locked("0.5 s after the fifth failure").await;
    let wrong_while_locked = s.attempt(WRONG).await;
    assert_error(
        &wrong_while_locked,
        "NotAuthorizedException",
        ATTEMPTS_EXCEEDED,
    );

    s.app.advance_ms(600);
    s.assert_signs_in("1.1 s after the fifth failure").await;
}

#[tokio::test]
async fn four_wrong_passwords_do_not_lock() {
    let s = Subject::new().await;

    s.fail_times(4, "first four").await;

    s.assert_signs_in("right after the fourth failure").await;
}

#[tokio::test]
async fn each_failure_after_the_fifth_doubles_the_lock() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;

    s.app.advance_ms(1_100);
    s.fail("sixth failure, after the 1 s lock").await;
    s.app.advance_ms(1_900);
    s.assert_locked("1.9 s after the sixth failure").await;

    s.app.advance_ms(200);
    s.fail("seventh failure, after the 2 s lock").await;
    s.app.advance_ms(3_900);
    s.assert_locked("3.9 s after the seventh failure").await;

    s.app.advance_ms(200);
    s.assert_signs_in("4.1 s after the seventh failure").await;
}

#[tokio::test]
async fn attempts_during_a_lock_do_not_extend_it() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;
    s.app.advance_ms(1_100);
    s.fail("sixth failure").await; // locked for 2 s from here

    for _ in 0..3 {
        s.app.advance_ms(500);
        let reply = s.attempt(WRONG).await;
        assert_error(&reply, "NotAuthorizedException", ATTEMPTS_EXCEEDED);
    }
    s.app.advance_ms(600); // 2.1 s after the sixth failure

    s.assert_signs_in("2.1 s after the last counted failure")
        .await;
}

#[tokio::test]
async fn fifteen_quiet_minutes_restart_the_count() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;

    // Fifteen minutes and a second after the end of the 1 s lock (and so after the failure).
    s.app.advance_ms(15 * MINUTE + 2 * SECOND);
    // Counting on from five, the first of these would lock for 2 s and refuse the next.
    s.fail_times(5, "five after the quiet period").await;
    s.assert_locked("right after the fifth new failure").await;
    s.app.advance_ms(1_100);
    s.assert_signs_in("1.1 s later: the lock was the first, 1 s one")
        .await;
}

#[tokio::test]
async fn a_successful_sign_in_after_a_lock_resets_the_count() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;
    s.app.advance_ms(1_100);
    s.assert_signs_in("after the 1 s lock").await;

    s.fail_times(4, "four after the success").await;
    s.assert_signs_in("after four new failures").await;

    s.fail_times(5, "five after the second success").await;
    s.assert_locked("right after the fifth new failure").await;
    s.app.advance_ms(1_100);
    s.assert_signs_in("1.1 s later").await;
}

/// One counted failure after each lock in `locks_ms` has run out (0.1 s after its end).
async fn fail_through_locks(s: &Subject, locks_ms: &[i64]) {
    for (i, lock) in locks_ms.iter().enumerate() {
        s.app.advance_ms(lock + 100);
        s.fail(&format!("failure {} after a {lock} ms lock", i + 6))
            .await;
    }
}

#[tokio::test]
async fn the_lock_never_exceeds_fifteen_minutes() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;
    // Failures 6..=14 lock for 2 s .. 512 s; failure 15 would lock 1024 s but is capped.
    let doubling: Vec<i64> = (0..10).map(|k| 1_000 << k).collect();
    fail_through_locks(&s, &doubling).await;

    s.app.advance_ms(15 * MINUTE - SECOND);
    s.assert_locked("a second before fifteen minutes").await;
    s.app.advance_ms(2 * SECOND);
    s.assert_signs_in("a second after fifteen minutes").await;
}

/// Cognito: "After a temporary lockout period, if the next attempt fails, a new temporary
/// lockout starts with twice the duration as the last" — capped at about fifteen minutes, so
/// a failure right after a fifteen-minute lock locks again.
#[tokio::test]
async fn a_failure_right_after_a_fifteen_minute_lock_locks_again() {
    let s = Subject::new().await;
    s.fail_times(5, "first five").await;
    let doubling: Vec<i64> = (0..10).map(|k| 1_000 << k).collect();
    fail_through_locks(&s, &doubling).await;

    s.app.advance_ms(15 * MINUTE + 100);
    s.fail("the first failure after the fifteen-minute lock")
        .await;
    s.assert_locked("right after that failure").await;
}
