//! Attempt counters: one record per subject of a pool, saved in one guarded write (a first save
//! meets no record, a later one the version it read), purged once expired, and gone with the
//! pool.

use super::records::pool;
use crate::{
    model::Attempts,
    store::{Store, StoreError},
};

fn counters(pool_id: &str, subject: &str, failures: u32, expires_ms: i64) -> Attempts {
    let mut attempts = Attempts::new(pool_id, subject.to_string());
    attempts.lockout.failures = failures;
    attempts.lockout.last_failure_ms = 1_000;
    attempts
        .calls
        .insert("ForgotPassword".into(), vec![1_000, 2_000]);
    attempts.expires_ms = expires_ms;
    attempts
}

async fn stored<S: Store>(store: &S, pool_id: &str, subject: &str) -> Option<Attempts> {
    store.find_attempts(pool_id, subject).await.unwrap()
}

pub(super) async fn saves_are_guarded_by_version_and_old_records_are_purged<S: Store>(store: &S) {
    let p = "us-east-1_attempts";
    store.insert_pool(&pool(p), &[]).await.unwrap();
    assert!(stored(store, p, "s1").await.is_none());

    store
        .save_attempts(&counters(p, "s1", 1, 10_000))
        .await
        .unwrap();
    let first = stored(store, p, "s1").await.unwrap();
    assert_eq!(first.version, 1);
    assert_eq!(first.lockout.failures, 1);
    assert_eq!(first.calls["ForgotPassword"], vec![1_000, 2_000]);
    assert!(
        matches!(
            store.save_attempts(&counters(p, "s1", 9, 10_000)).await,
            Err(StoreError::VersionMismatch)
        ),
        "a first save meets a stored record"
    );

    let mut second = first.clone();
    second.lockout.failures = 2;
    store.save_attempts(&second).await.unwrap();
    assert!(
        matches!(
            store.save_attempts(&first).await,
            Err(StoreError::VersionMismatch)
        ),
        "a save from a stale read"
    );
    let now = stored(store, p, "s1").await.unwrap();
    assert_eq!((now.version, now.lockout.failures), (2, 2));

    // Two requests counting from the same read: exactly one is stored.
    let (mut a, mut b) = (now.clone(), now);
    a.lockout.failures = 3;
    b.lockout.failures = 3;
    let (one, two) = tokio::join!(store.save_attempts(&a), store.save_attempts(&b));
    assert_eq!(
        [&one, &two].iter().filter(|r| r.is_ok()).count(),
        1,
        "{one:?} {two:?}"
    );
    assert!([one, two]
        .into_iter()
        .any(|r| matches!(r, Err(StoreError::VersionMismatch))));
    assert_eq!(stored(store, p, "s1").await.unwrap().version, 3);

    // Subjects and pools are apart.
    store
        .save_attempts(&counters(p, "s2", 1, 30_000))
        .await
        .unwrap();
    store
        .save_attempts(&counters("us-east-1_elsewhere", "s1", 1, 30_000))
        .await
        .unwrap();
    assert_eq!(stored(store, p, "s2").await.unwrap().version, 1);
    assert_eq!(
        stored(store, "us-east-1_elsewhere", "s1")
            .await
            .unwrap()
            .lockout
            .failures,
        1
    );

    assert_eq!(store.purge_attempts(20_000).await.unwrap(), 1, "s1 only");
    assert!(stored(store, p, "s1").await.is_none());
    assert!(stored(store, p, "s2").await.is_some());
    // A subject whose record was purged starts again from none.
    store
        .save_attempts(&counters(p, "s1", 1, 30_000))
        .await
        .unwrap();
    assert_eq!(stored(store, p, "s1").await.unwrap().version, 1);

    store.delete_pool(p).await.unwrap();
    assert!(stored(store, p, "s1").await.is_none());
    assert!(stored(store, p, "s2").await.is_none());
    assert!(stored(store, "us-east-1_elsewhere", "s1").await.is_some());
    store.purge_attempts(i64::MAX).await.unwrap();
}
