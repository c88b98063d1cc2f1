//! The behaviour every [`Store`] backend must show: uniqueness of sign-in keys, guarded
//! updates, stable pagination, single-use sessions, revocation, cascading deletes, group
//! memberships, identity providers and their identifiers, user import jobs and their files,
//! the SMS settings and spend ledger, the deployment's settings, the attempt counters, the
//! rate counters, the audit log, the pools' signing keys, and the rewrite of every sealed
//! secret for a master-key rotation. Each backend runs [`run_all`] against a fresh database.

// Test code compiled only for the backends' tests (feature `conformance`): a failed step stops
// the test with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod attempts;
mod audit;
mod groups;
mod identity_providers;
mod rate_counts;
mod records;
mod settings;
mod signing_keys;
mod user_imports;

pub use records::{pool, user};

use cognate_proto::UserPoolClientSettings;

use crate::{
    model::{
        AppClient, AuthSession, RefreshTokenRecord, SmsAccount, SmsCaps, SmsCharge, SmsLimits,
        SmsReservation, UiCustomization, UserStatus,
    },
    store::{Store, StoreError},
};

fn ui(pool_id: &str, client_id: &str, version: &str) -> UiCustomization {
    UiCustomization {
        pool_id: pool_id.into(),
        client_id: client_id.into(),
        css: Some(".label-customizable { color: red }".into()),
        image_b64: None,
        image_type: None,
        version: version.into(),
        created_ms: 1,
        modified_ms: 1,
    }
}

fn token(hash: &str, sub: &str, origin: &str) -> RefreshTokenRecord {
    RefreshTokenRecord {
        hash: hash.into(),
        pool_id: "us-east-1_conform".into(),
        client_id: "client".into(),
        sub: sub.into(),
        origin_jti: origin.into(),
        device_key: None,
        auth_time: 1,
        expires_ms: i64::MAX,
        revoked: false,
        scope: None,
    }
}

/// Runs every conformance check against `store`, which must start empty.
pub async fn run_all<S: Store>(store: &S) {
    pools_are_unique_and_paginate_in_id_order(store).await;
    sign_in_keys_are_unique_per_pool(store).await;
    updates_are_guarded_by_version(store).await;
    users_paginate_exactly_once(store).await;
    sessions_are_taken_once(store).await;
    revocation_covers_origin_and_user(store).await;
    deleting_a_pool_removes_everything_in_it(store).await;
    sms_settings_are_versioned_and_spend_never_passes_the_limit(store).await;
    groups::memberships_follow_groups_and_users(store).await;
    identity_providers::identifiers_are_held_once_and_follow_their_provider(store).await;
    user_imports::jobs_are_guarded_and_keep_their_file(store).await;
    user_imports::a_batch_leaves_out_only_the_users_whose_keys_are_taken(store).await;
    settings::the_first_value_recorded_stays_until_replaced(store).await;
    attempts::saves_are_guarded_by_version_and_old_records_are_purged(store).await;
    rate_counts::counts_add_up_per_key_and_window_and_old_windows_are_purged(store).await;
    audit::steps_fold_into_events_listed_newest_first_and_purged_by_age(store).await;
    signing_keys::keys_are_kept_per_pool_generation_and_use(store).await;
    // Last: it rewrites every record of the store.
    signing_keys::a_reseal_rewrites_every_sealed_secret_or_none(store).await;
}

async fn pools_are_unique_and_paginate_in_id_order<S: Store>(store: &S) {
    for id in ["us-east-1_c", "us-east-1_a", "us-east-1_b"] {
        store.insert_pool(&pool(id), &[]).await.unwrap();
    }
    assert!(matches!(
        store.insert_pool(&pool("us-east-1_a"), &[]).await,
        Err(StoreError::Conflict(_))
    ));
    let first = store.list_pools(None, 2).await.unwrap();
    let ids: Vec<_> = first.items.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["us-east-1_a", "us-east-1_b"]);
    let second = store.list_pools(first.next.as_deref(), 2).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert!(second.next.is_none());
    let mut p = store.find_pool("us-east-1_b").await.unwrap().unwrap();
    p.name = "renamed".into();
    store.update_pool(&p).await.unwrap();
    assert_eq!(
        store.find_pool("us-east-1_b").await.unwrap().unwrap().name,
        "renamed"
    );
    assert!(store.find_pool("us-east-1_zzz").await.unwrap().is_none());
    for id in ["us-east-1_a", "us-east-1_b", "us-east-1_c"] {
        store.delete_pool(id).await.unwrap();
    }
}

async fn sign_in_keys_are_unique_per_pool<S: Store>(store: &S) {
    store
        .insert_pool(&pool("us-east-1_keys"), &[])
        .await
        .unwrap();
    let a = user("us-east-1_keys", "a");
    store
        .insert_user(&a, &["u:a".into(), "e:x@example.com".into()])
        .await
        .unwrap();
    let b = user("us-east-1_keys", "b");
    match store
        .insert_user(&b, &["u:b".into(), "e:x@example.com".into()])
        .await
    {
        Err(StoreError::Conflict(key)) => assert_eq!(key, "e:x@example.com"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(
        store
            .find_user("us-east-1_keys", "b")
            .await
            .unwrap()
            .is_none(),
        "a failed insert leaves nothing"
    );
    let found = store
        .find_user_by_key("us-east-1_keys", "e:x@example.com")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.sub, "a");
    // The same key in another pool is fine.
    store
        .insert_pool(&pool("us-east-1_other"), &[])
        .await
        .unwrap();
    store
        .insert_user(&user("us-east-1_other", "a"), &["e:x@example.com".into()])
        .await
        .unwrap();
    store.delete_pool("us-east-1_other").await.unwrap();
    store.delete_pool("us-east-1_keys").await.unwrap();
}

async fn updates_are_guarded_by_version<S: Store>(store: &S) {
    store
        .insert_pool(&pool("us-east-1_ver"), &[])
        .await
        .unwrap();
    store
        .insert_user(&user("us-east-1_ver", "v"), &["u:v".into()])
        .await
        .unwrap();
    let mut first = store
        .find_user("us-east-1_ver", "v")
        .await
        .unwrap()
        .unwrap();
    let mut second = first.clone();
    first.status = UserStatus::Confirmed;
    store
        .update_user(&first, &["u:v".into(), "e:new@example.com".into()])
        .await
        .unwrap();
    second.enabled = false;
    assert!(matches!(
        store.update_user(&second, &["u:v".into()]).await,
        Err(StoreError::VersionMismatch)
    ));
    let now = store
        .find_user("us-east-1_ver", "v")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(now.status, UserStatus::Confirmed);
    assert!(now.enabled);
    assert_eq!(
        store
            .find_user_by_key("us-east-1_ver", "e:new@example.com")
            .await
            .unwrap()
            .unwrap()
            .sub,
        "v"
    );
    // A key conflict on update changes nothing.
    store
        .insert_user(&user("us-east-1_ver", "w"), &["u:w".into()])
        .await
        .unwrap();
    let w = store
        .find_user("us-east-1_ver", "w")
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        store
            .update_user(&w, &["u:w".into(), "e:new@example.com".into()])
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .find_user("us-east-1_ver", "w")
            .await
            .unwrap()
            .unwrap()
            .version,
        w.version
    );
    assert!(store
        .find_user_by_key("us-east-1_ver", "u:w")
        .await
        .unwrap()
        .is_some());
    store.delete_pool("us-east-1_ver").await.unwrap();
}

async fn users_paginate_exactly_once<S: Store>(store: &S) {
    store
        .insert_pool(&pool("us-east-1_page"), &[])
        .await
        .unwrap();
    for i in 0..7 {
        let sub = format!("sub-{i}");
        store
            .insert_user(&user("us-east-1_page", &sub), &[format!("u:{sub}")])
            .await
            .unwrap();
    }
    let mut seen = vec![];
    let mut cursor: Option<String> = None;
    loop {
        let page = store
            .list_users("us-east-1_page", cursor.as_deref(), 3)
            .await
            .unwrap();
        seen.extend(page.items.into_iter().map(|u| u.sub));
        match page.next {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, (0..7).map(|i| format!("sub-{i}")).collect::<Vec<_>>());
    assert_eq!(store.count_users("us-east-1_page").await.unwrap(), 7);
    store.delete_user("us-east-1_page", "sub-3").await.unwrap();
    assert!(store
        .find_user_by_key("us-east-1_page", "u:sub-3")
        .await
        .unwrap()
        .is_none());
    assert_eq!(store.count_users("us-east-1_page").await.unwrap(), 6);
    store.delete_pool("us-east-1_page").await.unwrap();
}

async fn sessions_are_taken_once<S: Store>(store: &S) {
    let mut session = AuthSession {
        id: "s1".into(),
        pool_id: "us-east-1_sess".into(),
        client_id: "c".into(),
        sub: "u".into(),
        expires_ms: 1_000,
        failed_attempts: 0,
        data: serde_json::json!({"k": "v"}),
        used: false,
    };
    store.insert_session(&session).await.unwrap();
    session.failed_attempts = 2;
    store.update_session(&session).await.unwrap();
    assert_eq!(
        store
            .find_session("s1")
            .await
            .unwrap()
            .unwrap()
            .failed_attempts,
        2
    );
    assert!(!store.find_session("s1").await.unwrap().unwrap().used);
    let taken = store.take_session("s1").await.unwrap().unwrap();
    assert_eq!(taken.data["k"], "v");
    assert!(store.take_session("s1").await.unwrap().is_none());
    // A taken session stays as a tombstone, and no longer changes.
    session.failed_attempts = 3;
    store.update_session(&session).await.unwrap();
    let tombstone = store.find_session("s1").await.unwrap().unwrap();
    assert!(tombstone.used);
    assert_eq!(tombstone.failed_attempts, 2);
    let old = AuthSession {
        id: "s2".into(),
        expires_ms: 10,
        ..session.clone()
    };
    let fresh = AuthSession {
        id: "s3".into(),
        expires_ms: 10_000,
        ..session
    };
    store.insert_session(&old).await.unwrap();
    store.insert_session(&fresh).await.unwrap();
    assert_eq!(
        store.purge_sessions(5_000).await.unwrap(),
        2,
        "s1's tombstone and s2"
    );
    assert!(store.find_session("s1").await.unwrap().is_none());
    assert!(store.find_session("s3").await.unwrap().is_some());
    store.take_session("s3").await.unwrap();
}

async fn revocation_covers_origin_and_user<S: Store>(store: &S) {
    store
        .insert_pool(&pool("us-east-1_conform"), &[])
        .await
        .unwrap();
    store
        .insert_refresh_token(&token("h1", "u1", "o1"))
        .await
        .unwrap();
    store
        .insert_refresh_token(&token("h2", "u1", "o2"))
        .await
        .unwrap();
    store
        .insert_refresh_token(&token("h3", "u2", "o3"))
        .await
        .unwrap();
    assert_eq!(store.is_origin_revoked("o1").await.unwrap(), Some(false));
    assert_eq!(store.is_origin_revoked("unknown").await.unwrap(), None);
    store.revoke_origin("o1").await.unwrap();
    assert_eq!(store.is_origin_revoked("o1").await.unwrap(), Some(true));
    assert!(
        store
            .find_refresh_token("h1")
            .await
            .unwrap()
            .unwrap()
            .revoked
    );
    assert!(
        !store
            .find_refresh_token("h2")
            .await
            .unwrap()
            .unwrap()
            .revoked
    );
    store
        .revoke_user_tokens("us-east-1_conform", "u1")
        .await
        .unwrap();
    assert!(
        store
            .find_refresh_token("h2")
            .await
            .unwrap()
            .unwrap()
            .revoked
    );
    assert!(
        !store
            .find_refresh_token("h3")
            .await
            .unwrap()
            .unwrap()
            .revoked
    );
    store.delete_pool("us-east-1_conform").await.unwrap();
    assert!(store.find_refresh_token("h3").await.unwrap().is_none());
}

async fn deleting_a_pool_removes_everything_in_it<S: Store>(store: &S) {
    store
        .insert_pool(&pool("us-east-1_del"), &[])
        .await
        .unwrap();
    let client = AppClient {
        pool_id: "us-east-1_del".into(),
        client_id: "clientdel".into(),
        sealed_secret: None,
        created_ms: 1,
        modified_ms: 1,
        settings: UserPoolClientSettings::default(),
    };
    store.insert_client(&client).await.unwrap();
    assert_eq!(
        store
            .list_clients("us-east-1_del", None, 10)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    store
        .insert_user(&user("us-east-1_del", "d"), &["u:d".into()])
        .await
        .unwrap();
    for client_id in ["ALL", "clientdel"] {
        store
            .put_ui_customization(&ui("us-east-1_del", client_id, "v1"))
            .await
            .unwrap();
    }
    // Put replaces; deleting a client takes its branding with it.
    store
        .put_ui_customization(&ui("us-east-1_del", "ALL", "v2"))
        .await
        .unwrap();
    let found = store
        .find_ui_customization("us-east-1_del", "ALL")
        .await
        .unwrap();
    assert_eq!(found.unwrap().version, "v2");
    store
        .delete_client("us-east-1_del", "clientdel")
        .await
        .unwrap();
    assert!(store
        .find_ui_customization("us-east-1_del", "clientdel")
        .await
        .unwrap()
        .is_none());
    store.delete_pool("us-east-1_del").await.unwrap();
    assert!(store
        .find_ui_customization("us-east-1_del", "ALL")
        .await
        .unwrap()
        .is_none());
    assert!(store.find_pool("us-east-1_del").await.unwrap().is_none());
    assert!(store.find_client("clientdel").await.unwrap().is_none());
    assert!(store
        .find_user("us-east-1_del", "d")
        .await
        .unwrap()
        .is_none());
    assert!(store
        .find_user_by_key("us-east-1_del", "u:d")
        .await
        .unwrap()
        .is_none());
}

async fn sms_settings_are_versioned_and_spend_never_passes_the_limit<S: Store>(store: &S) {
    assert!(store.find_sms_account().await.unwrap().is_none());
    let mut account = SmsAccount::default();
    account
        .attributes
        .insert("MonthlySpendLimit".into(), "2".into());
    store.save_sms_account(&account).await.unwrap();
    assert!(matches!(
        store.save_sms_account(&account).await,
        Err(StoreError::VersionMismatch)
    ));
    let mut stored = store.find_sms_account().await.unwrap().unwrap();
    assert!(stored.in_sandbox);
    assert_eq!(stored.attributes["MonthlySpendLimit"], "2");
    stored.in_sandbox = false;
    store.save_sms_account(&stored).await.unwrap();
    assert!(matches!(
        store.save_sms_account(&stored).await,
        Err(StoreError::VersionMismatch)
    ));
    assert!(!store.find_sms_account().await.unwrap().unwrap().in_sandbox);

    let charge = |pool: &str, country: &str, micro_usd: i64| SmsCharge {
        month: "2026-12".into(),
        pool_id: pool.into(),
        phone_number: format!("+1555000{micro_usd:04}"),
        country: country.into(),
        micro_usd,
        at_ms: 1_000_000,
    };
    let limits = SmsLimits {
        monthly_micro_usd: 100,
        caps: SmsCaps::default(),
    };
    let reserve =
        |c: SmsCharge, l: SmsLimits| async move { store.reserve_sms_spend(&c, &l).await.unwrap() };
    use SmsReservation::{OverCountryCap, OverNumberCap, OverSpendLimit, Reserved};
    assert_eq!(reserve(charge("p1", "US", 40), limits).await, Reserved);
    assert_eq!(reserve(charge("p1", "US", 40), limits).await, Reserved);
    assert_eq!(
        reserve(charge("p2", "GB", 40), limits).await,
        OverSpendLimit
    );
    assert_eq!(reserve(charge("p2", "GB", 20), limits).await, Reserved);
    assert_eq!(reserve(charge("p2", "GB", 1), limits).await, OverSpendLimit);
    store
        .refund_sms_spend(&charge("p1", "US", 40))
        .await
        .unwrap();
    assert_eq!(reserve(charge("p2", "GB", 40), limits).await, Reserved);
    let report = store.sms_spend("2026-12").await.unwrap();
    let lines: Vec<(&str, &str, i64, i64)> = report
        .iter()
        .map(|r| {
            (
                r.pool_id.as_str(),
                r.country.as_str(),
                r.messages,
                r.micro_usd,
            )
        })
        .collect();
    assert_eq!(lines, vec![("p1", "US", 1, 40), ("p2", "GB", 2, 60)]);

    // Hourly caps, in another month with room to spare: one number (+15550000000) had two
    // messages and the country three in the last hour.
    let capped = SmsLimits {
        monthly_micro_usd: 1_000_000,
        caps: SmsCaps {
            per_number_per_hour: Some(2),
            per_country_per_hour: Some(3),
        },
    };
    let at = |phone: &str, country: &str, at_ms: i64| SmsCharge {
        month: "2027-01".into(),
        pool_id: "p1".into(),
        phone_number: phone.into(),
        country: country.into(),
        micro_usd: 1,
        at_ms,
    };
    assert_eq!(
        reserve(at("+15550000000", "US", 10_000_000), capped).await,
        Reserved
    );
    assert_eq!(
        reserve(at("+15550000000", "US", 10_000_001), capped).await,
        Reserved
    );
    assert_eq!(
        reserve(at("+15550000000", "US", 10_000_002), capped).await,
        OverNumberCap
    );
    assert_eq!(
        reserve(at("+15550000001", "US", 10_000_003), capped).await,
        Reserved
    );
    assert_eq!(
        reserve(at("+15550000002", "US", 10_000_004), capped).await,
        OverCountryCap
    );
    assert_eq!(
        reserve(at("+447000000000", "GB", 10_000_005), capped).await,
        Reserved
    );
    // An hour later the window has moved on.
    assert_eq!(
        reserve(at("+15550000000", "US", 13_700_000), capped).await,
        Reserved
    );
}
