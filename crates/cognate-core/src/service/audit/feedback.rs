//! Feedback on an auth event: AdminUpdateAuthEventFeedback (provider `Admin`) and
//! UpdateAuthEventFeedback (provider `User`), which proves itself with the event's feedback
//! token. Cognito sends that token in its risk notification emails, which Cognate does not
//! send; the operator's export shows it. It is a keyed hash of the pool, the user and the
//! event, so it is good for that one event of that one user, and compared in constant time.

use cognate_crypto::{ct::ct_eq, secretbox::MasterKey};

use crate::{
    error::{CoreError, CoreResult},
    model::{AuditFeedback, FeedbackValue, PoolId, User, UserPool, Username},
    service::Cognate,
};

const FEEDBACK_PURPOSE: &str = "auth-event-feedback";

/// The feedback token of the event `event_id` of the user `sub` in `pool_id`.
pub(super) fn feedback_token(key: &MasterKey, pool_id: &str, sub: &str, event_id: &str) -> String {
    key.mac_hex(
        FEEDBACK_PURPOSE,
        format!("{pool_id}|{sub}|{event_id}").as_bytes(),
    )
}

/// Whether `given` is the feedback token of that event.
fn token_matches(key: &MasterKey, pool_id: &str, sub: &str, event_id: &str, given: &str) -> bool {
    let expected = feedback_token(key, pool_id, sub, event_id);
    ct_eq(expected.as_bytes(), given.as_bytes())
}

fn event_not_found() -> CoreError {
    CoreError::ResourceNotFound("Auth event not found.".into())
}

impl Cognate {
    /// AdminUpdateAuthEventFeedback.
    pub async fn admin_update_auth_event_feedback(
        &self,
        pool: &PoolId,
        username: &Username,
        event_id: &str,
        value: FeedbackValue,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        self.give_feedback(&pool, &user, event_id, value, "Admin")
            .await
    }

    /// UpdateAuthEventFeedback: as the Admin form, with the event's feedback token.
    pub async fn update_auth_event_feedback(
        &self,
        pool: &PoolId,
        username: &Username,
        event_id: &str,
        token: &str,
        value: FeedbackValue,
    ) -> CoreResult<()> {
        let (pool, user) = self.admin_target(pool, username).await?;
        if !token_matches(&self.master_key, &pool.id, &user.sub, event_id, token) {
            return Err(CoreError::NotAuthorized(
                "The feedback token is not valid for this event.".into(),
            ));
        }
        self.give_feedback(&pool, &user, event_id, value, "User")
            .await
    }

    /// Sets the feedback on an auth event of `user`.
    async fn give_feedback(
        &self,
        pool: &UserPool,
        user: &User,
        event_id: &str,
        value: FeedbackValue,
        provider: &str,
    ) -> CoreResult<()> {
        self.flush_audit().await;
        let event = self
            .store
            .find_audit_event(&pool.id, event_id)
            .await?
            .filter(|e| e.is_auth_event() && e.sub.as_deref() == Some(user.sub.as_str()))
            .ok_or_else(event_not_found)?;
        let feedback = AuditFeedback {
            value,
            provider: provider.to_string(),
            date_ms: self.now_ms(),
        };
        if self
            .store
            .update_audit_feedback(&pool.id, &event.event_id, &feedback)
            .await?
        {
            Ok(())
        } else {
            Err(event_not_found())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feedback_token_is_good_for_its_own_event_user_and_pool_only() {
        let key = MasterKey::generate();
        let token = feedback_token(&key, "p", "s", "e");
        assert!(token_matches(&key, "p", "s", "e", &token));
        assert!(!token_matches(&key, "p", "s", "e2", &token));
        assert!(!token_matches(&key, "p", "s2", "e", &token));
        assert!(!token_matches(&key, "p2", "s", "e", &token));
        assert!(!token_matches(
            &MasterKey::generate(),
            "p",
            "s",
            "e",
            &token
        ));
        assert!(!token_matches(&key, "p", "s", "e", ""));
        assert!(!token_matches(&key, "p", "s", "e", &token[1..]));
    }
}
