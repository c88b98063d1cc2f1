//! Identity providers: names unique per pool, each IdP identifier held by one provider of the
//! pool (a failed write changes nothing), found by name and by identifier, listed by name in
//! pages, and gone with their pool.

use std::collections::BTreeMap;

use super::records::pool;
use crate::{
    model::{IdentityProvider, ProviderType},
    store::{Store, StoreError},
};

const POOL: &str = "us-east-1_idps";

fn provider(name: &str, identifiers: &[&str]) -> IdentityProvider {
    IdentityProvider {
        pool_id: POOL.into(),
        name: name.into(),
        provider_type: ProviderType::Oidc,
        details: BTreeMap::from([("client_id".to_string(), name.to_string())]),
        sealed_details: BTreeMap::new(),
        attribute_mapping: BTreeMap::from([("username".to_string(), "sub".to_string())]),
        idp_identifiers: identifiers.iter().map(|i| i.to_string()).collect(),
        created_ms: 1,
        modified_ms: 1,
    }
}

async fn holder<S: Store>(store: &S, identifier: &str) -> Option<String> {
    store
        .find_identity_provider_by_identifier(POOL, identifier)
        .await
        .unwrap()
        .map(|p| p.name)
}

pub(super) async fn identifiers_are_held_once_and_follow_their_provider<S: Store>(store: &S) {
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    let initial: [(&str, &[&str]); 3] = [
        ("Okta", &["okta.example.com", "okta"]),
        ("Azure", &["azure.example.com"]),
        ("Ping", &[]),
    ];
    for (name, ids) in initial {
        store
            .insert_identity_provider(&provider(name, ids))
            .await
            .unwrap();
    }
    match store.insert_identity_provider(&provider("Okta", &[])).await {
        Err(StoreError::Conflict(key)) => assert_eq!(key, "Okta"),
        other => panic!("expected a conflict on the name, got {other:?}"),
    }
    match store
        .insert_identity_provider(&provider("Auth0", &["auth0", "okta"]))
        .await
    {
        Err(StoreError::Conflict(key)) => assert_eq!(key, "okta"),
        other => panic!("expected a conflict on the identifier, got {other:?}"),
    }
    assert!(
        store
            .find_identity_provider(POOL, "Auth0")
            .await
            .unwrap()
            .is_none(),
        "a failed insert leaves nothing"
    );
    assert_eq!(holder(store, "auth0").await, None);
    assert_eq!(holder(store, "okta").await.as_deref(), Some("Okta"));
    assert_eq!(holder(store, "unknown").await, None);

    // An update replaces the identifiers; one held elsewhere changes nothing.
    let mut okta = provider("Okta", &["okta", "okta2"]);
    okta.details
        .insert("oidc_issuer".into(), "https://okta".into());
    store.update_identity_provider(&okta).await.unwrap();
    let found = store
        .find_identity_provider(POOL, "Okta")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, okta);
    assert_eq!(holder(store, "okta.example.com").await, None);
    assert_eq!(holder(store, "okta2").await.as_deref(), Some("Okta"));
    match store
        .update_identity_provider(&provider("Azure", &["azure.example.com", "okta2"]))
        .await
    {
        Err(StoreError::Conflict(key)) => assert_eq!(key, "okta2"),
        other => panic!("expected a conflict on the identifier, got {other:?}"),
    }
    assert_eq!(
        holder(store, "azure.example.com").await.as_deref(),
        Some("Azure")
    );
    assert!(matches!(
        store
            .update_identity_provider(&provider("Missing", &[]))
            .await,
        Err(StoreError::NotFound)
    ));

    // Providers page in name order.
    let first = store.list_identity_providers(POOL, None, 2).await.unwrap();
    let names: Vec<&str> = first.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Azure", "Okta"]);
    let rest = store
        .list_identity_providers(POOL, first.next.as_deref(), 2)
        .await
        .unwrap();
    let names: Vec<&str> = rest.items.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Ping"]);
    assert!(rest.next.is_none());

    // Deleting a provider frees its identifiers.
    assert!(store.delete_identity_provider(POOL, "Okta").await.unwrap());
    assert!(!store.delete_identity_provider(POOL, "Okta").await.unwrap());
    assert_eq!(holder(store, "okta").await, None);
    store
        .insert_identity_provider(&provider("Auth0", &["okta"]))
        .await
        .unwrap();
    assert_eq!(holder(store, "okta").await.as_deref(), Some("Auth0"));

    // Deleting the pool takes its providers and their identifiers.
    store.delete_pool(POOL).await.unwrap();
    store.insert_pool(&pool(POOL), &[]).await.unwrap();
    assert!(store
        .find_identity_provider(POOL, "Azure")
        .await
        .unwrap()
        .is_none());
    assert_eq!(holder(store, "okta").await, None);
    store
        .insert_identity_provider(&provider("Again", &["okta", "azure.example.com"]))
        .await
        .unwrap();
    store.delete_pool(POOL).await.unwrap();
}
