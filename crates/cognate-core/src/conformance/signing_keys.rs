//! Signing keys: one per pool, generation and use, listed in generation order and gone with
//! their pool; and the rewrite of every sealed secret for a master-key rotation, all of it or
//! none of it.

use cognate_proto::UserPoolClientSettings;

use super::records::{pool, user};
use crate::{
    model::{AppClient, IdentityProvider, SealedSigningKey, TokenUse, User},
    store::{Reseal, Store, StoreError},
};

const POOL: &str = "us-east-1_signing";
const RESEALED: &str = "us-east-1_resealed";

fn key(pool_id: &str, generation: i64, token_use: TokenUse, sealed: &str) -> SealedSigningKey {
    SealedSigningKey {
        pool_id: pool_id.into(),
        generation,
        token_use,
        created_ms: generation,
        sealed: sealed.into(),
    }
}

pub(super) async fn keys_are_kept_per_pool_generation_and_use<S: Store>(store: &S) {
    let first = [
        key(POOL, 1, TokenUse::Id, "a"),
        key(POOL, 1, TokenUse::Access, "b"),
    ];
    store.insert_pool(&pool(POOL), &first).await.unwrap();
    store
        .insert_signing_keys(&[
            key(POOL, 2, TokenUse::Id, "c"),
            key(POOL, 2, TokenUse::Access, "d"),
        ])
        .await
        .unwrap();
    assert!(matches!(
        store
            .insert_signing_keys(&[key(POOL, 2, TokenUse::Id, "e")])
            .await,
        Err(StoreError::Conflict(_))
    ));
    let listed = store.list_signing_keys(POOL).await.unwrap();
    let seen: Vec<(i64, TokenUse, &str)> = listed
        .iter()
        .map(|k| (k.generation, k.token_use, k.sealed.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (1, TokenUse::Access, "b"),
            (1, TokenUse::Id, "a"),
            (2, TokenUse::Access, "d"),
            (2, TokenUse::Id, "c"),
        ]
    );
    assert_eq!(listed[1], first[0]);

    assert!(store
        .delete_signing_key(POOL, 1, TokenUse::Id)
        .await
        .unwrap());
    assert!(!store
        .delete_signing_key(POOL, 1, TokenUse::Id)
        .await
        .unwrap());
    assert_eq!(store.list_signing_keys(POOL).await.unwrap().len(), 3);
    assert!(store
        .list_signing_keys("us-east-1_nokeys")
        .await
        .unwrap()
        .is_empty());
    store.delete_pool(POOL).await.unwrap();
    assert!(store.list_signing_keys(POOL).await.unwrap().is_empty());
}

/// Marks every sealed secret it is given with a trailing `+`; refuses the user `refused`.
struct Marker {
    refused: Option<&'static str>,
}

impl Reseal for Marker {
    fn signing_key(&self, key: &mut SealedSigningKey) -> anyhow::Result<()> {
        key.sealed.push('+');
        Ok(())
    }

    fn client(&self, client: &mut AppClient) -> anyhow::Result<bool> {
        Ok(match client.sealed_secret.as_mut() {
            Some(secret) => {
                secret.push('+');
                true
            }
            None => false,
        })
    }

    fn user(&self, user: &mut User) -> anyhow::Result<bool> {
        if self.refused == Some(user.sub.as_str()) {
            anyhow::bail!("user {} does not open", user.sub);
        }
        user.attributes.insert("custom:sealed".into(), "+".into());
        Ok(true)
    }

    fn identity_provider(&self, _provider: &mut IdentityProvider) -> anyhow::Result<bool> {
        Ok(false)
    }
}

fn client(client_id: &str, secret: Option<&str>) -> AppClient {
    AppClient {
        pool_id: RESEALED.into(),
        client_id: client_id.into(),
        sealed_secret: secret.map(str::to_string),
        created_ms: 1,
        modified_ms: 1,
        settings: UserPoolClientSettings::default(),
    }
}

/// Runs last: it rewrites every record of the store.
pub(super) async fn a_reseal_rewrites_every_sealed_secret_or_none<S: Store>(store: &S) {
    store
        .insert_pool(&pool(RESEALED), &[key(RESEALED, 1, TokenUse::Id, "k")])
        .await
        .unwrap();
    store
        .insert_client(&client("resealsecret", Some("s")))
        .await
        .unwrap();
    store
        .insert_client(&client("resealpublic", None))
        .await
        .unwrap();
    // More users than one batch of the rewrite reads.
    let users: Vec<(User, Vec<String>)> = (0..501)
        .map(|i| {
            let sub = format!("r{i:04}");
            let keys = vec![format!("u:{sub}")];
            (user(RESEALED, &sub), keys)
        })
        .collect();
    for outcome in store.insert_users(&users).await.unwrap() {
        outcome.unwrap();
    }

    let refusing = Marker {
        refused: Some("r0500"),
    };
    assert!(store
        .reseal_all(&refusing, &[("conformance.reseal", "new")])
        .await
        .is_err());
    let keys = store.list_signing_keys(RESEALED).await.unwrap();
    assert_eq!(keys[0].sealed, "k", "a failed rewrite changes nothing");
    assert_eq!(
        store.find_setting("conformance.reseal").await.unwrap(),
        None
    );

    let counts = store
        .reseal_all(&Marker { refused: None }, &[("conformance.reseal", "new")])
        .await
        .unwrap();
    assert!(counts.users >= 501, "{counts:?}");
    assert!(
        counts.clients >= 1 && counts.signing_keys >= 1,
        "{counts:?}"
    );
    let keys = store.list_signing_keys(RESEALED).await.unwrap();
    assert_eq!(keys[0].sealed, "k+");
    let secret = store.find_client("resealsecret").await.unwrap().unwrap();
    assert_eq!(secret.sealed_secret.as_deref(), Some("s+"));
    let public = store.find_client("resealpublic").await.unwrap().unwrap();
    assert_eq!(public.sealed_secret, None);
    for sub in ["r0000", "r0499", "r0500"] {
        let found = store.find_user(RESEALED, sub).await.unwrap().unwrap();
        assert_eq!(found.attr("custom:sealed"), Some("+"), "{sub}");
        assert_eq!(
            found.version, 2,
            "{sub}: the rewrite is a write of the user"
        );
    }
    assert_eq!(
        store
            .find_setting("conformance.reseal")
            .await
            .unwrap()
            .as_deref(),
        Some("new")
    );
    store.delete_pool(RESEALED).await.unwrap();
}
