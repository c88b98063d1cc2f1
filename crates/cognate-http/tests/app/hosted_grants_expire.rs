//! What the hosted sign-in leaves behind expires as Cognito's does: an authorization code after
//! five minutes, the browser's managed-login session after an hour.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::{json, Value};

use crate::helpers::*;

const CALLBACK: &str = "http://localhost:3999/cb";

/// A browser's cookie jar, as `name=value; …`.
#[derive(Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn take(&mut self, response: &axum::response::Response) {
        for value in response.headers().get_all(header::SET_COOKIE) {
            let pair = value.to_str().unwrap().split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            self.0.retain(|(n, _)| n != name);
            self.0.push((name.to_string(), value.to_string()));
        }
    }

    fn header(&self) -> String {
        self.0
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn get(app: &TestApp, jar: &mut Jar, uri: &str) -> (StatusCode, String) {
    let request = Request::get(uri)
        .header(header::COOKIE, jar.header())
        .body(Body::empty())
        .unwrap();
    let response = app.respond(request).await;
    jar.take(&response);
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string())
        .unwrap_or_default();
    (response.status(), location)
}

async fn post_form(app: &TestApp, jar: &mut Jar, uri: &str, form: &str) -> (StatusCode, String) {
    let request = Request::post(uri)
        .header(header::COOKIE, jar.header())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    let response = app.respond(request).await;
    jar.take(&response);
    let status = response.status();
    let location = response
        .headers()
        .get(header::LOCATION)
        .map(|l| l.to_str().unwrap().to_string());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        location.unwrap_or_else(|| String::from_utf8_lossy(&body).into()),
    )
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A pool with a code-flow client and a confirmed user.
async fn hosted_app(app: &TestApp) -> (Pool, TestUser) {
    let pool_id = app.create_pool(seed_pool_request()).await;
    let client_id = app
        .create_client(
            &pool_id,
            json!({
                "AllowedOAuthFlowsUserPoolClient": true,
                "AllowedOAuthFlows": ["code"],
                "AllowedOAuthScopes": ["openid", "email"],
                "CallbackURLs": [CALLBACK],
                "SupportedIdentityProviders": ["COGNITO"],
            }),
        )
        .await;
    let pool = Pool { pool_id, client_id };
    let user = app.sign_up_confirmed_user(&pool).await;
    (pool, user)
}

fn authorize_uri(pool: &Pool) -> String {
    format!(
        "/oauth2/authorize?response_type=code&client_id={}&redirect_uri={}&scope=openid",
        pool.client_id,
        enc(CALLBACK)
    )
}

/// Signs in on the page; the code the browser came back with.
async fn sign_in(app: &TestApp, jar: &mut Jar, pool: &Pool, user: &TestUser) -> String {
    let (status, login) = get(app, jar, &authorize_uri(pool)).await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(login.starts_with("/login?"), "{login}");
    get(app, jar, &login).await;
    let csrf = jar.get("cognate_csrf").unwrap().to_string();
    let form = format!(
        "_csrf={csrf}&username={}&password={}",
        enc(&user.email),
        enc(&user.password)
    );
    let (status, landed) = post_form(app, jar, &login, &form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{landed}");
    code_of(&landed)
}

fn code_of(landed: &str) -> String {
    assert!(landed.starts_with(CALLBACK), "{landed}");
    landed
        .split_once("code=")
        .unwrap()
        .1
        .split('&')
        .next()
        .unwrap()
        .to_string()
}

async fn exchange(app: &TestApp, pool: &Pool, code: &str) -> (StatusCode, Value) {
    let form = format!(
        "grant_type=authorization_code&client_id={}&code={code}&redirect_uri={}",
        pool.client_id,
        enc(CALLBACK)
    );
    let request = Request::post("/oauth2/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let response = app.respond(request).await;
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test]
async fn an_authorization_code_works_at_4_minutes_59_and_has_expired_at_5_minutes_1() {
    let app = spawn_app().await;
    let (pool, user) = hosted_app(&app).await;
    let mut jar = Jar::default();
    let code = sign_in(&app, &mut jar, &pool, &user).await;
    app.advance_ms(4 * MINUTE + 59_000);
    let (status, tokens) = exchange(&app, &pool, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert!(tokens["id_token"].is_string());

    let (status, landed) = get(&app, &mut jar, &authorize_uri(&pool)).await;
    assert_eq!(status, StatusCode::FOUND);
    let code = code_of(&landed);
    app.advance_ms(5 * MINUTE + 1_000);
    let (status, error) = exchange(&app, &pool, &code).await;
    assert_eq!(
        (status, error),
        (StatusCode::BAD_REQUEST, json!({"error": "invalid_grant"}))
    );
}

#[tokio::test]
async fn the_managed_login_session_lasts_an_hour() {
    let app = spawn_app().await;
    let (pool, user) = hosted_app(&app).await;
    let mut jar = Jar::default();
    sign_in(&app, &mut jar, &pool, &user).await;

    app.advance_ms(59 * MINUTE);
    let (status, landed) = get(&app, &mut jar, &authorize_uri(&pool)).await;
    assert_eq!(status, StatusCode::FOUND);
    assert!(
        landed.starts_with(CALLBACK),
        "still signed in at 59 minutes: {landed}"
    );

    app.advance_ms(2 * MINUTE);
    let (_, landed) = get(&app, &mut jar, &authorize_uri(&pool)).await;
    assert!(
        landed.starts_with("/login?"),
        "signed out at 61 minutes: {landed}"
    );
}
