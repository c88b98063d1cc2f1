//! Token lifetimes: access and ID tokens live the client's AccessTokenValidity /
//! IdTokenValidity (in TokenValidityUnits), refresh tokens RefreshTokenValidity; a refresh
//! mints new tokens for the original sign-in.

use serde_json::json;

use crate::helpers::*;

const ACCESS_EXPIRED: &str = "Access Token has expired";

async fn signed_in(app: &TestApp, client_overrides: serde_json::Value) -> (Pool, TestUser, Tokens) {
    let pool_id = app.create_pool(seed_pool_request()).await;
    let client_id = app.create_client(&pool_id, client_overrides).await;
    let pool = Pool { pool_id, client_id };
    let user = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    (pool, user, tokens)
}

#[tokio::test]
async fn an_access_token_works_at_59_minutes_and_has_expired_at_61() {
    let app = spawn_app().await;
    let (_, user, tokens) = signed_in(&app, json!({})).await;
    assert_eq!(tokens.expires_in, 3600);

    app.advance_ms(59 * MINUTE);
    let reply = assert_ok(app.get_user(&tokens.access).await);
    assert_eq!(reply["Username"], user.sub.as_str());

    app.advance_ms(2 * MINUTE);
    let reply = app.get_user(&tokens.access).await;
    assert_error(&reply, "NotAuthorizedException", ACCESS_EXPIRED);
}

#[tokio::test]
async fn an_access_token_valid_for_five_minutes_expires_after_five_minutes() {
    let app = spawn_app().await;
    let (_, _, tokens) = signed_in(
        &app,
        json!({
            "AccessTokenValidity": 5,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
        }),
    )
    .await;
    assert_eq!(tokens.expires_in, 300);
    assert_eq!(
        int_claim(&tokens.access, "exp") - int_claim(&tokens.access, "iat"),
        300
    );

    app.advance_ms(5 * MINUTE - SECOND);
    assert_ok(app.get_user(&tokens.access).await);

    app.advance_ms(2 * SECOND);
    let reply = app.get_user(&tokens.access).await;
    assert_error(&reply, "NotAuthorizedException", ACCESS_EXPIRED);
}

#[tokio::test]
async fn a_refresh_after_the_access_token_expired_gives_working_tokens_of_the_same_sign_in() {
    let app = spawn_app().await;
    let (pool, user, tokens) = signed_in(&app, json!({})).await;
    let auth_time = int_claim(&tokens.access, "auth_time");
    assert_eq!(int_claim(&tokens.id, "auth_time"), auth_time);

    app.advance_ms(61 * MINUTE);
    assert_error(
        &app.get_user(&tokens.access).await,
        "NotAuthorizedException",
        ACCESS_EXPIRED,
    );
    let refresh = tokens.refresh.as_deref().expect("a refresh token");
    let renewed = app.refreshed(&pool.client_id, refresh).await;

    let reply = assert_ok(app.get_user(&renewed.access).await);
    assert_eq!(reply["Username"], user.sub.as_str());
    assert_eq!(int_claim(&renewed.access, "auth_time"), auth_time);
    assert_eq!(int_claim(&renewed.id, "auth_time"), auth_time);
    assert_eq!(
        int_claim(&renewed.access, "iat"),
        auth_time + 61 * 60,
        "the new token is issued now"
    );
    assert_eq!(
        claims(&renewed.access).get("origin_jti"),
        claims(&tokens.access).get("origin_jti")
    );
    assert!(
        renewed.refresh.is_none(),
        "REFRESH_TOKEN_AUTH returns no new refresh token"
    );
}

#[tokio::test]
async fn a_refresh_token_still_works_a_minute_before_30_days() {
    let app = spawn_app().await;
    let (pool, _, tokens) = signed_in(&app, json!({})).await;
    let refresh = tokens.refresh.as_deref().expect("a refresh token");

    app.advance_ms(30 * DAY - MINUTE);
    let renewed = app.refreshed(&pool.client_id, refresh).await;

    assert_ok(app.get_user(&renewed.access).await);
}

#[tokio::test]
async fn a_refresh_token_has_expired_a_minute_after_30_days() {
    let app = spawn_app().await;
    let (pool, _, tokens) = signed_in(&app, json!({})).await;
    let refresh = tokens.refresh.as_deref().expect("a refresh token");

    app.advance_ms(30 * DAY + MINUTE);
    let reply = app.refresh(&pool.client_id, refresh).await;

    assert_error(
        &reply,
        "NotAuthorizedException",
        "Refresh Token has expired",
    );
}

#[tokio::test]
async fn id_and_access_tokens_live_exactly_their_configured_validity() {
    let app = spawn_app().await;

    let (pool, _, seed) = signed_in(&app, json!({})).await;
    for token in [&seed.id, &seed.access] {
        assert_eq!(int_claim(token, "exp") - int_claim(token, "iat"), 3600);
    }
    app.advance_ms(10 * MINUTE);
    let renewed = app
        .refreshed(&pool.client_id, seed.refresh.as_deref().expect("refresh"))
        .await;
    for token in [&renewed.id, &renewed.access] {
        assert_eq!(int_claim(token, "exp") - int_claim(token, "iat"), 3600);
    }

    let (_, _, custom) = signed_in(
        &app,
        json!({
            "IdTokenValidity": 2, "AccessTokenValidity": 5,
            "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "hours", "RefreshToken": "days"},
        }),
    )
    .await;
    assert_eq!(
        int_claim(&custom.id, "exp") - int_claim(&custom.id, "iat"),
        2 * 3600
    );
    assert_eq!(
        int_claim(&custom.access, "exp") - int_claim(&custom.access, "iat"),
        5 * 60
    );
    assert_eq!(
        int_claim(&custom.id, "iat"),
        app.clock_secs(),
        "tokens are issued at the service's now"
    );
}
