//! User import jobs: ids unique across pools, updates guarded by version, a file written with
//! its job or not at all (bytes kept as sent), listings per pool in pages and per status across
//! pools, and everything gone with the pool. And the users an import adds in batches: a user
//! whose key is taken is left out alone.

use super::records::{pool, user};
use crate::{
    model::{UserImportJob, UserImportJobStatus},
    store::{Store, StoreError},
};

const POOL: &str = "us-east-1_imports";
const OTHER: &str = "us-east-1_imports2";
const BATCHES: &str = "us-east-1_batches";

fn job(pool_id: &str, job_id: &str) -> UserImportJob {
    UserImportJob {
        pool_id: pool_id.into(),
        job_id: job_id.into(),
        job_name: "nightly".into(),
        cloud_watch_logs_role_arn: "arn:aws:iam::123456789012:role/CognitoImport".into(),
        status: UserImportJobStatus::Created,
        created_ms: 1,
        started_ms: None,
        completed_ms: None,
        url_expires_ms: 2,
        uploaded_ms: None,
        heartbeat_ms: 0,
        imported_users: 0,
        skipped_users: 0,
        failed_users: 0,
        completion_message: None,
        version: 1,
    }
}

async fn reread<S: Store>(store: &S, job_id: &str) -> UserImportJob {
    store.find_import_job(job_id).await.unwrap().unwrap()
}

async fn ids_in<S: Store>(store: &S, status: UserImportJobStatus) -> Vec<String> {
    store
        .list_import_jobs_in_status(status, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.pool_id == POOL || j.pool_id == OTHER)
        .map(|j| j.job_id)
        .collect()
}

pub(super) async fn jobs_are_guarded_and_keep_their_file<S: Store>(store: &S) {
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    store.insert_pool(&pool(OTHER), &[]).await.unwrap();
    for id in ["import-c", "import-a", "import-b"] {
        store.insert_import_job(&job(POOL, id)).await.unwrap();
    }
    store
        .insert_import_job(&job(OTHER, "import-z"))
        .await
        .unwrap();
    assert!(matches!(
        store.insert_import_job(&job(OTHER, "import-a")).await,
        Err(StoreError::Conflict(_))
    ));

    // Only the version read may write: one of two workers claims a job.
    let read = reread(store, "import-a").await;
    assert_eq!(read.pool_id, POOL);
    let mut started = read.clone();
    started.status = UserImportJobStatus::Pending;
    store.update_import_job(&started).await.unwrap();
    let mut stale = read.clone();
    stale.status = UserImportJobStatus::Stopping;
    assert!(matches!(
        store.update_import_job(&stale).await,
        Err(StoreError::VersionMismatch)
    ));
    let now = reread(store, "import-a").await;
    assert_eq!(now.status, UserImportJobStatus::Pending);
    assert_eq!(now.version, read.version + 1);
    assert!(matches!(
        store.update_import_job(&job(POOL, "import-gone")).await,
        Err(StoreError::NotFound)
    ));

    // A file is kept with its job's update, or not at all; bytes come back as sent.
    let mut b = reread(store, "import-b").await;
    b.uploaded_ms = Some(5);
    store
        .attach_import_csv(&b, b"cognito:username\nalice\n")
        .await
        .unwrap();
    let first = store.find_import_csv("import-b").await.unwrap();
    assert_eq!(
        first.as_deref(),
        Some(b"cognito:username\nalice\n".as_slice())
    );
    assert!(matches!(
        store.attach_import_csv(&b, b"stale").await,
        Err(StoreError::VersionMismatch)
    ));
    assert_eq!(store.find_import_csv("import-b").await.unwrap(), first);
    let every_byte: Vec<u8> = (0..=255).collect();
    let b = reread(store, "import-b").await;
    assert_eq!(b.uploaded_ms, Some(5));
    store.attach_import_csv(&b, &every_byte).await.unwrap();
    assert_eq!(
        store.find_import_csv("import-b").await.unwrap(),
        Some(every_byte)
    );
    store.delete_import_csv("import-b").await.unwrap();
    store.delete_import_csv("import-b").await.unwrap();
    assert!(store.find_import_csv("import-b").await.unwrap().is_none());
    assert!(store
        .find_import_csv("import-nope")
        .await
        .unwrap()
        .is_none());

    // A pool's jobs page in job-id order; statuses are found across pools.
    let page = store.list_import_jobs(POOL, None, 2).await.unwrap();
    let ids: Vec<&str> = page.items.iter().map(|j| j.job_id.as_str()).collect();
    assert_eq!(ids, ["import-a", "import-b"]);
    let rest = store
        .list_import_jobs(POOL, page.next.as_deref(), 2)
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].job_id, "import-c");
    assert!(rest.next.is_none());
    assert_eq!(
        ids_in(store, UserImportJobStatus::Pending).await,
        ["import-a"]
    );
    assert_eq!(
        ids_in(store, UserImportJobStatus::Created).await,
        ["import-b", "import-c", "import-z"]
    );
    let listed = store
        .list_import_jobs_in_status(UserImportJobStatus::Pending, 100)
        .await
        .unwrap();
    assert!(listed.iter().all(|j| j.version > 0));

    // Deleting a pool removes its jobs and their files, and nothing of another pool.
    let c = reread(store, "import-c").await;
    store.attach_import_csv(&c, b"x").await.unwrap();
    let z = reread(store, "import-z").await;
    store.attach_import_csv(&z, b"z").await.unwrap();
    store.delete_pool(POOL).await.unwrap();
    assert!(store.find_import_job("import-a").await.unwrap().is_none());
    assert!(store.find_import_csv("import-c").await.unwrap().is_none());
    assert!(store
        .list_import_jobs(POOL, None, 10)
        .await
        .unwrap()
        .items
        .is_empty());
    assert_eq!(reread(store, "import-z").await.pool_id, OTHER);
    assert_eq!(
        store.find_import_csv("import-z").await.unwrap().as_deref(),
        Some(b"z".as_slice())
    );
    store.delete_pool(OTHER).await.unwrap();
    assert!(store.find_import_job("import-z").await.unwrap().is_none());
}

pub(super) async fn a_batch_leaves_out_only_the_users_whose_keys_are_taken<S: Store>(store: &S) {
    store.insert_pool(&pool(BATCHES), &[]).await.unwrap();
    store
        .insert_user(&user(BATCHES, "old"), &["u:old".into()])
        .await
        .unwrap();
    let keys = |keys: &[&str]| keys.iter().map(|k| (*k).to_string()).collect::<Vec<_>>();
    let batch = vec![
        (user(BATCHES, "b1"), keys(&["u:b1"])),
        // Taken by a user already there; its first key must not stay behind.
        (user(BATCHES, "b2"), keys(&["u:b2", "u:old"])),
        // Taken by an earlier user of the batch.
        (user(BATCHES, "b3"), keys(&["u:b1"])),
        (user(BATCHES, "b4"), keys(&["u:b4", "e:b4@example.com"])),
    ];
    let outcomes = store.insert_users(&batch).await.unwrap();
    assert_eq!(outcomes.len(), 4);
    assert!(outcomes[0].is_ok());
    assert!(matches!(&outcomes[1], Err(StoreError::Conflict(k)) if k == "u:old"));
    assert!(matches!(&outcomes[2], Err(StoreError::Conflict(k)) if k == "u:b1"));
    assert!(outcomes[3].is_ok());
    for (sub, added) in [("b1", true), ("b2", false), ("b3", false), ("b4", true)] {
        let found = store.find_user(BATCHES, sub).await.unwrap();
        assert_eq!(found.is_some(), added, "{sub}");
    }
    assert!(store
        .find_user_by_key(BATCHES, "u:b2")
        .await
        .unwrap()
        .is_none());
    let b4 = store
        .find_user_by_key(BATCHES, "e:b4@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((b4.sub.as_str(), b4.version), ("b4", 1));
    assert!(store.insert_users(&[]).await.unwrap().is_empty());
    store.delete_pool(BATCHES).await.unwrap();
}
