//! Groups and their members: names unique per pool, memberships added once, listed both ways
//! in order and in pages, and gone with their group, their user or their pool.

use super::records::{pool, user};
use crate::{
    model::Group,
    store::{Store, StoreError},
};

const POOL: &str = "us-east-1_groups";

fn group(name: &str) -> Group {
    Group {
        pool_id: POOL.into(),
        name: name.into(),
        description: None,
        role_arn: None,
        precedence: None,
        created_ms: 1,
        modified_ms: 1,
    }
}

async fn names_of<S: Store>(store: &S, sub: &str) -> Vec<String> {
    let page = store.list_user_groups(POOL, sub, None, 10).await.unwrap();
    page.items.into_iter().map(|g| g.name).collect()
}

async fn members_of<S: Store>(store: &S, name: &str) -> Vec<String> {
    let page = store
        .list_group_members(POOL, name, None, 10)
        .await
        .unwrap();
    page.items.into_iter().map(|u| u.sub).collect()
}

pub(super) async fn memberships_follow_groups_and_users<S: Store>(store: &S) {
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    for name in ["c", "a", "b"] {
        store.insert_group(&group(name)).await.unwrap();
    }
    assert!(matches!(
        store.insert_group(&group("a")).await,
        Err(StoreError::Conflict(_))
    ));
    let mut changed = group("a");
    changed.precedence = Some(3);
    store.update_group(&changed).await.unwrap();
    assert_eq!(
        store
            .find_group(POOL, "a")
            .await
            .unwrap()
            .unwrap()
            .precedence,
        Some(3)
    );
    assert!(matches!(
        store.update_group(&group("missing")).await,
        Err(StoreError::NotFound)
    ));

    // Groups page in name order.
    let first = store.list_groups(POOL, None, 2).await.unwrap();
    let names: Vec<&str> = first.items.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
    let rest = store
        .list_groups(POOL, first.next.as_deref(), 2)
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next.is_none());

    for sub in ["u1", "u2", "u3"] {
        store
            .insert_user(&user(POOL, sub), &[format!("u:{sub}")])
            .await
            .unwrap();
    }
    for (name, sub) in [
        ("a", "u1"),
        ("b", "u1"),
        ("a", "u2"),
        ("a", "u3"),
        ("a", "u1"),
    ] {
        store.add_group_member(POOL, name, sub).await.unwrap();
    }
    assert_eq!(names_of(store, "u1").await, ["a", "b"]);
    assert_eq!(members_of(store, "a").await, ["u1", "u2", "u3"]);
    let page = store.list_group_members(POOL, "a", None, 2).await.unwrap();
    assert_eq!(page.items.len(), 2);
    let rest = store
        .list_group_members(POOL, "a", page.next.as_deref(), 2)
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert!(rest.next.is_none());

    store.remove_group_member(POOL, "b", "u1").await.unwrap();
    store.remove_group_member(POOL, "b", "u1").await.unwrap();
    assert_eq!(names_of(store, "u1").await, ["a"]);

    // A deleted user leaves every group; a deleted group leaves every user.
    store.delete_user(POOL, "u2").await.unwrap();
    assert_eq!(members_of(store, "a").await, ["u1", "u3"]);
    assert!(store.delete_group(POOL, "a").await.unwrap());
    assert!(!store.delete_group(POOL, "a").await.unwrap());
    assert!(names_of(store, "u1").await.is_empty());
    store.insert_group(&group("a")).await.unwrap();
    assert!(members_of(store, "a").await.is_empty());

    store.add_group_member(POOL, "c", "u3").await.unwrap();
    store.delete_pool(POOL).await.unwrap();
    assert!(store.find_group(POOL, "c").await.unwrap().is_none());
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    store.insert_group(&group("c")).await.unwrap();
    store
        .insert_user(&user(POOL, "u3"), &["u:u3".into()])
        .await
        .unwrap();
    assert!(members_of(store, "c").await.is_empty());
    store.delete_pool(POOL).await.unwrap();
}
