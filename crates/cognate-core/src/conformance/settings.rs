//! Deployment settings: the first value recorded under a name stays until it is replaced, two
//! nodes recording at once agree on one value, and names are independent of each other.

use crate::store::Store;

async fn value<S: Store>(store: &S, name: &str) -> Option<String> {
    store.find_setting(name).await.unwrap()
}

pub(super) async fn the_first_value_recorded_stays_until_replaced<S: Store>(store: &S) {
    assert_eq!(value(store, "conformance.a").await, None);
    let recorded = store
        .insert_setting_if_absent("conformance.a", "http://first.example")
        .await
        .unwrap();
    assert_eq!(recorded, "http://first.example");
    let recorded = store
        .insert_setting_if_absent("conformance.a", "http://second.example")
        .await
        .unwrap();
    assert_eq!(recorded, "http://first.example", "the first value wins");
    assert_eq!(
        value(store, "conformance.a").await.as_deref(),
        Some("http://first.example")
    );

    store
        .put_setting("conformance.a", "http://third.example")
        .await
        .unwrap();
    assert_eq!(
        value(store, "conformance.a").await.as_deref(),
        Some("http://third.example")
    );
    // A put records a name that had no value too, and leaves the other names alone.
    store
        .put_setting("conformance.b", "http://other.example")
        .await
        .unwrap();
    assert_eq!(
        value(store, "conformance.b").await.as_deref(),
        Some("http://other.example")
    );
    assert_eq!(
        value(store, "conformance.a").await.as_deref(),
        Some("http://third.example")
    );

    // Two nodes starting together: both are told the same winner.
    let (one, two) = tokio::join!(
        store.insert_setting_if_absent("conformance.c", "http://one.example"),
        store.insert_setting_if_absent("conformance.c", "http://two.example"),
    );
    let (one, two) = (one.unwrap(), two.unwrap());
    assert_eq!(one, two);
    assert!(
        one == "http://one.example" || one == "http://two.example",
        "{one}"
    );
    assert_eq!(value(store, "conformance.c").await, Some(one));
}
