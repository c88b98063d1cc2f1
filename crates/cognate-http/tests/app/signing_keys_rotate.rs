//! Signing-key rotation as a running node sees it: a rotation made beside it (the operator's
//! command, here another node of the same store) reaches it when it next reads the pool's keys,
//! a minute at most; tokens signed with an older key keep working until that key is retired.

use serde_json::Value;

use crate::helpers::*;

fn kid(jwt: &str) -> String {
    cognate_crypto::jwt::decode_header(jwt)
        .expect("a JWT header")
        .kid
        .expect("a kid")
}

async fn jwks_kids(app: &TestApp, pool_id: &str) -> Vec<String> {
    let request = axum::http::Request::builder()
        .uri(format!("/{pool_id}/.well-known/jwks.json"))
        .body(axum::body::Body::empty())
        .expect("a valid request");
    let response = app.respond(request).await;
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("the JWKS body")
        .to_bytes();
    let jwks: Value = serde_json::from_slice(&bytes).expect("JSON");
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| k["kid"].as_str().expect("kid").to_string())
        .collect()
}

#[tokio::test]
async fn a_rotation_signs_after_the_refresh_and_a_retired_key_takes_its_tokens() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let before = app.sign_in(&pool.client_id, &user).await;
    let old_kids = jwks_kids(&app, &pool.pool_id).await;
    assert_eq!(old_kids.len(), 2);

    let added = app
        .other_node
        .rotate_signing_keys(&pool.pool_id)
        .await
        .expect("rotating");
    assert_eq!(added.len(), 2);
    assert!(added.iter().all(|k| k.is_current && k.generation == 2));
    let new_access = added
        .iter()
        .find(|k| k.token_use.as_str() == "access")
        .expect("a new access key")
        .kid
        .clone();

    // Until the node reads the keys again it signs with the old ones.
    let cached = app.sign_in(&pool.client_id, &user).await;
    assert_eq!(kid(&cached.access), kid(&before.access));

    app.advance_ms(61 * SECOND);
    let after = app.sign_in(&pool.client_id, &user).await;
    assert_eq!(kid(&after.access), new_access);
    assert!(!old_kids.contains(&kid(&after.id)));
    assert_eq!(jwks_kids(&app, &pool.pool_id).await.len(), 4);
    assert_ok(app.get_user(&before.access).await);

    let current = app
        .other_node
        .retire_signing_key(&pool.pool_id, &new_access)
        .await;
    assert!(current.is_err(), "the current key cannot be retired");
    let retired = app
        .other_node
        .retire_signing_key(&pool.pool_id, &kid(&before.access))
        .await
        .expect("retiring the old access key");
    assert!(!retired.is_current);

    app.advance_ms(61 * SECOND);
    let reply = app.get_user(&before.access).await;
    assert_error(&reply, "NotAuthorizedException", "Invalid Access Token");
    assert_ok(app.get_user(&after.access).await);
    let kids = jwks_kids(&app, &pool.pool_id).await;
    assert_eq!(kids.len(), 3);
    assert!(!kids.contains(&kid(&before.access)));
}
