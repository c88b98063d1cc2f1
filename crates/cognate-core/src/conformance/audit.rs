//! The audit log: steps appended once each (a batch written again adds nothing), read back as
//! events folded from their steps whatever order they were written in, a user's auth events
//! newest first and paged exactly once, every event oldest first (of one pool, from a time),
//! feedback set on an event, and old events purged by their time while their pool's deletion
//! leaves them.

use super::records::pool;
use crate::{
    model::{
        AuditChallenge, AuditEvent, AuditFeedback, AuditKind, AuditRef, AuditResponse,
        ChallengeOutcome, ChallengeResponse, FeedbackValue,
    },
    store::Store,
};

const POOL: &str = "us-east-1_audit";
const OTHER_POOL: &str = "us-east-1_audit2";

/// A step of event `id`, whose place in the log follows its time (two events of the same
/// time share it, and their ids order them).
fn event(id: &str, step: i64, kind: AuditKind, sub: Option<&str>, created_ms: i64) -> AuditEvent {
    let at = AuditRef {
        event_id: id.into(),
        created_ms,
        seq: created_ms / 100,
    };
    let mut e = AuditEvent::new(at, kind, POOL).with_detail("n", step);
    e.step = step;
    e.sub = sub.map(str::to_string);
    e.username = sub.map(|s| format!("name-{s}"));
    e
}

fn answered(mut e: AuditEvent, response: AuditResponse, challenge: AuditChallenge) -> AuditEvent {
    e.response = response;
    e.challenge_responses = vec![ChallengeResponse {
        challenge_name: challenge,
        challenge_response: ChallengeOutcome::Success,
    }];
    e
}

async fn user_events<S: Store>(store: &S, sub: &str, limit: usize) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .list_user_audit_events(POOL, sub, &AuditKind::AUTH_EVENTS, after.as_deref(), limit)
            .await
            .unwrap();
        assert!(page.items.len() <= limit);
        ids.extend(page.items.into_iter().map(|e| e.event_id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

async fn exported<S: Store>(store: &S, pool_id: Option<&str>, since_ms: i64) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = store
            .list_audit_events(pool_id, since_ms, after.as_deref(), 2)
            .await
            .unwrap();
        ids.extend(page.items.into_iter().map(|e| e.event_id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

pub(super) async fn steps_fold_into_events_listed_newest_first_and_purged_by_age<S: Store>(
    store: &S,
) {
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    let password = answered(
        event("e1", 1, AuditKind::SignIn, Some("s1"), 1_000),
        AuditResponse::InProgress,
        AuditChallenge::Password,
    );
    let mfa = answered(
        event("e1", 2, AuditKind::SignIn, Some("s1"), 1_000),
        AuditResponse::Pass,
        AuditChallenge::Mfa,
    );
    let mut other_pool = event("e7", 1, AuditKind::SignIn, Some("s1"), 1_500);
    other_pool.pool_id = OTHER_POOL.into();
    // The MFA step in an earlier batch than the password step: read, they fold in step order.
    store
        .insert_audit_events(std::slice::from_ref(&mfa))
        .await
        .unwrap();
    store
        .insert_audit_events(&[
            password.clone(),
            event("e2", 1, AuditKind::SignUp, Some("s1"), 2_000),
            event("e6", 1, AuditKind::ForgotPassword, Some("s1"), 2_000),
            event("e3", 1, AuditKind::MfaChange, Some("s1"), 3_000),
            event("e4", 1, AuditKind::SignIn, Some("s2"), 2_500),
            event("e5", 1, AuditKind::SignIn, None, 2_600),
            other_pool,
        ])
        .await
        .unwrap();
    // Written again (a batch retried after a failure): nothing twice.
    store.insert_audit_events(&[password, mfa]).await.unwrap();

    let e1 = store.find_audit_event(POOL, "e1").await.unwrap().unwrap();
    assert_eq!((e1.step, e1.response), (2, AuditResponse::Pass));
    let answers: Vec<_> = e1
        .challenge_responses
        .iter()
        .map(|c| c.challenge_name)
        .collect();
    assert_eq!(answers, [AuditChallenge::Password, AuditChallenge::Mfa]);
    assert_eq!(e1.sub.as_deref(), Some("s1"));
    assert_eq!(e1.username.as_deref(), Some("name-s1"));
    assert_eq!(e1.detail["n"], 2, "the later step's detail");
    assert!(store
        .find_audit_event(OTHER_POOL, "e1")
        .await
        .unwrap()
        .is_none());
    let anonymous = store.find_audit_event(POOL, "e5").await.unwrap().unwrap();
    assert_eq!(anonymous.sub, None);

    // A user's auth events, newest first, ties by event id (e6 before e2), of this pool only,
    // without the audit-only kinds; every page size lists each once.
    for limit in [1, 2, 60] {
        assert_eq!(
            user_events(store, "s1", limit).await,
            ["e6", "e2", "e1"],
            "limit {limit}"
        );
    }
    assert_eq!(user_events(store, "s2", 60).await, ["e4"]);
    let page = store
        .list_user_audit_events(POOL, "s1", &AuditKind::AUTH_EVENTS, None, 2)
        .await
        .unwrap();
    assert!(page.next.is_some());
    assert_eq!(page.items[1].kind, AuditKind::SignUp);

    // Everything, oldest first; of one pool; from a time on.
    assert_eq!(
        exported(store, None, 0).await,
        ["e1", "e7", "e2", "e6", "e4", "e5", "e3"]
    );
    assert_eq!(
        exported(store, Some(POOL), 0).await,
        ["e1", "e2", "e6", "e4", "e5", "e3"]
    );
    assert_eq!(exported(store, Some(POOL), 2_500).await, ["e4", "e5", "e3"]);
    assert_eq!(exported(store, Some("us-east-1_none"), 0).await.len(), 0);

    // Feedback, on every step of its event; none for an event the pool does not have.
    let feedback = AuditFeedback {
        value: FeedbackValue::Invalid,
        provider: "Admin".into(),
        date_ms: 9_000,
    };
    assert!(store
        .update_audit_feedback(POOL, "e1", &feedback)
        .await
        .unwrap());
    assert!(!store
        .update_audit_feedback(OTHER_POOL, "e1", &feedback)
        .await
        .unwrap());
    assert!(!store
        .update_audit_feedback(POOL, "nope", &feedback)
        .await
        .unwrap());
    let e1 = store.find_audit_event(POOL, "e1").await.unwrap().unwrap();
    assert_eq!(e1.feedback.as_ref(), Some(&feedback));
    let listed = store
        .list_user_audit_events(POOL, "s1", &AuditKind::AUTH_EVENTS, None, 60)
        .await
        .unwrap();
    assert_eq!(listed.items[2].feedback.as_ref(), Some(&feedback));

    // The pool's deletion leaves its events; age takes them.
    store.delete_pool(POOL).await.unwrap();
    assert_eq!(exported(store, Some(POOL), 0).await.len(), 6);
    assert_eq!(
        store.purge_audit_events(2_500).await.unwrap(),
        5,
        "e1's two steps, e7, e2, e6"
    );
    assert_eq!(exported(store, None, 0).await, ["e4", "e5", "e3"]);
    store.purge_audit_events(i64::MAX).await.unwrap();
    assert!(exported(store, None, 0).await.is_empty());
}
