//! Abuse limits through the router, on the manual clock: the per-username rules refuse a name
//! nobody holds exactly as they refuse a user's, a refused request sends nothing and signs no
//! one in, the window slides on, the per-address rules count the client a trusted proxy names
//! (and only then the forwarded address), the Admin API is not counted per address, and
//! Cognito's quotas, when asked for, hold a category to its rate per second.

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode},
};
use cognate_core::service::limits::RateLimits;
use cognate_http::TrustedProxies;
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::helpers::*;

const RATE_EXCEEDED: &str = "Rate exceeded";
const TOO_MANY: &str = "TooManyRequestsException";

fn limits(settings: &[&str]) -> RateLimits {
    let mut limits = RateLimits::none();
    for setting in settings {
        limits.set(setting).unwrap();
    }
    limits
}

/// `op` as the transport hands it over from `peer`, with `forwarded` as `X-Forwarded-For`.
async fn call_from(
    app: &TestApp,
    (peer, forwarded): (&str, Option<&str>),
    op: &str,
    body: Value,
) -> Reply {
    let mut request = Request::builder()
        .method("POST")
        .uri("/")
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            format!("AWSCognitoIdentityProviderService.{op}"),
        );
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request.body(Body::from(body.to_string())).unwrap();
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.respond(request).await;
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

fn password_auth(client_id: &str, user: &TestUser) -> Value {
    json!({
        "ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
        "AuthParameters": {"USERNAME": user.email, "PASSWORD": user.password},
    })
}

#[tokio::test]
async fn the_per_username_limit_refuses_a_name_nobody_holds_as_it_refuses_a_users() {
    let app = spawn_app_with_rate_limits(
        limits(&["sign-in-per-username=3/1m"]),
        TrustedProxies::default(),
    )
    .await;
    let pool = app.create_seed_pool().await; // PreventUserExistenceErrors ENABLED
    let user = app.sign_up_confirmed_user(&pool).await;
    let ghost = unique_email();
    for name in [user.email.as_str(), ghost.as_str()] {
        for _ in 0..3 {
            let reply = app
                .password_auth(&pool.client_id, name, "Wrong-pass1")
                .await;
            assert_error(&reply, "NotAuthorizedException", INCORRECT);
        }
        // The right password changes nothing: the step is refused before it is checked.
        let reply = app
            .password_auth(&pool.client_id, name, &user.password)
            .await;
        assert_error(&reply, TOO_MANY, RATE_EXCEEDED);
    }
    // Another spelling of the name is the same name.
    let shouting = user.email.to_uppercase();
    let reply = app
        .password_auth(&pool.client_id, &shouting, &user.password)
        .await;
    assert_error(&reply, TOO_MANY, RATE_EXCEEDED);

    // Two periods on, the sliding window has left every attempt behind.
    app.advance_ms(2 * MINUTE);
    app.sign_in(&pool.client_id, &user).await;
}

#[tokio::test]
async fn a_refused_code_request_sends_nothing_for_a_user_or_a_name_nobody_holds() {
    let app = spawn_app_with_rate_limits(
        limits(&["code-sending-per-username=2/10m"]),
        TrustedProxies::default(),
    )
    .await;
    let pool = app.create_seed_pool().await;
    // Its SignUp is the name's first code.
    let user = app.sign_up_confirmed_user(&pool).await;
    let forgot = |name: &str| {
        app.call(
            "ForgotPassword",
            json!({ "ClientId": pool.client_id, "Username": name }),
        )
    };
    assert_ok(forgot(&user.email).await);
    assert_eq!(app.emails_to(&user.email), 2, "sign-up code and reset code");
    assert_error(&forgot(&user.email).await, TOO_MANY, RATE_EXCEEDED);
    assert_eq!(app.emails_to(&user.email), 2, "nothing sent past the limit");

    let ghost = unique_email();
    assert_ok(forgot(&ghost).await);
    assert_ok(forgot(&ghost).await);
    assert_error(&forgot(&ghost).await, TOO_MANY, RATE_EXCEEDED);

    app.advance_ms(20 * MINUTE);
    assert_ok(forgot(&user.email).await);
    assert_eq!(app.emails_to(&user.email), 3);
}

#[tokio::test]
async fn the_per_address_limit_counts_the_client_a_trusted_proxy_names_and_no_other() {
    let app = spawn_app_with_rate_limits(
        limits(&["sign-in-per-ip=2/1m"]),
        TrustedProxies::parse(&["10.0.0.0/8"]).unwrap(),
    )
    .await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let sign_in = |from: (&'static str, Option<&'static str>)| {
        call_from(
            &app,
            from,
            "InitiateAuth",
            password_auth(&pool.client_id, &user),
        )
    };

    let direct = ("203.0.113.5", None);
    assert_ok(sign_in(direct).await);
    assert_ok(sign_in(direct).await);
    assert_error(&sign_in(direct).await, TOO_MANY, RATE_EXCEEDED);
    // A peer that is no trusted proxy cannot pose as another client.
    let posing = ("203.0.113.5", Some("198.51.100.1"));
    assert_error(&sign_in(posing).await, TOO_MANY, RATE_EXCEEDED);

    // Behind the proxies, the client they name counts, whichever proxy node it came through.
    assert_ok(sign_in(("10.0.0.1", Some("198.51.100.1"))).await);
    assert_ok(sign_in(("10.0.0.2", Some("198.51.100.1"))).await);
    assert_error(
        &sign_in(("10.0.0.1", Some("198.51.100.1"))).await,
        TOO_MANY,
        RATE_EXCEEDED,
    );
    // What the client wrote left of the proxy's entry is not believed.
    let spoofing = ("10.0.0.1", Some("198.51.100.9, 198.51.100.2"));
    assert_ok(sign_in(spoofing).await);
    assert_ok(sign_in(spoofing).await);
    assert_error(&sign_in(spoofing).await, TOO_MANY, RATE_EXCEEDED);
    assert_ok(sign_in(("10.0.0.1", Some("198.51.100.9"))).await);

    // A request the transport gives no address for is not counted per address.
    for _ in 0..3 {
        app.sign_in(&pool.client_id, &user).await;
    }
}

#[tokio::test]
async fn the_admin_api_is_counted_per_username_only() {
    let app = spawn_app_with_rate_limits(
        limits(&["sign-in-per-ip=1/1m", "sign-in-per-username=3/1m"]),
        TrustedProxies::default(),
    )
    .await;
    let pool = app.create_seed_pool().await;
    let flows = json!(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    let client_id = app
        .create_client(&pool.pool_id, json!({ "ExplicitAuthFlows": flows }))
        .await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let admin_auth = || {
        let body = json!({
            "UserPoolId": pool.pool_id, "ClientId": client_id,
            "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": user.email, "PASSWORD": user.password},
        });
        call_from(&app, ("203.0.113.5", None), "AdminInitiateAuth", body)
    };
    for _ in 0..3 {
        let reply = assert_ok(admin_auth().await);
        assert!(
            reply["AuthenticationResult"]["AccessToken"].is_string(),
            "{reply}"
        );
    }
    assert_error(&admin_auth().await, TOO_MANY, RATE_EXCEEDED);
}

#[tokio::test]
async fn operation_quotas_hold_a_category_to_its_rate_per_second_when_asked_for() {
    let app = spawn_app_with_rate_limits(
        RateLimits::none().with_operation_quotas(true),
        TrustedProxies::default(),
    )
    .await;
    let pool = app.create_seed_pool().await;
    let describe = || app.call("DescribeUserPool", json!({ "UserPoolId": pool.pool_id }));
    // UserPoolRead: 15 per second; the manual clock does not move between requests.
    for i in 1..=15 {
        let reply = describe().await;
        assert_eq!(reply.0, StatusCode::OK, "request {i}: {}", reply.1);
    }
    assert_error(&describe().await, TOO_MANY, RATE_EXCEEDED);
    // Another category has its own count.
    assert_ok(
        app.call(
            "ListUserPoolClients",
            json!({ "UserPoolId": pool.pool_id, "MaxResults": 10 }),
        )
        .await,
    );
    app.advance_ms(2 * SECOND);
    assert_ok(describe().await);
}
