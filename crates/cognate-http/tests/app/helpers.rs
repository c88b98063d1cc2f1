//! The service assembled in-process — SQLite store in a temp dir, captured email/SMS, a manual
//! clock — and the few calls every test repeats.

use std::{path::PathBuf, sync::Arc};

use axum::{
    body::Body,
    http::{Request, StatusCode},
    Router,
};
use cognate_core::{
    clock::{Clock, ManualClock},
    model::SmsCaps,
    service::{limits::RateLimits, Cognate, ServiceConfig},
    store::Store,
};
use cognate_crypto::{secret::Secret, secretbox::MasterKey};
use cognate_delivery::CaptureSender;
use cognate_http::{AdminAuth, AppState, TrustedProxies};
use cognate_store_sqlite::SqliteStore;
use http_body_util::BodyExt;
use serde_json::{json, Map, Value};
use tower::ServiceExt;

pub const SECOND: i64 = 1_000;
pub const MINUTE: i64 = 60 * SECOND;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// The password every helper-made user starts with (satisfies the seed 001 policy).
pub const PASSWORD: &str = "TestPass123";

/// Cognito's messages, spelled once.
pub const EXPIRED_CODE: &str = "Invalid code provided, please request a code again.";
pub const CODE_MISMATCH: &str = "Invalid verification code provided, please try again.";
pub const ATTEMPT_LIMIT: &str = "Attempt limit exceeded, please try after some time.";
/// The phone number the SMS helpers use.
pub const SMS_PHONE: &str = "+15555550123";

pub const SESSION_EXPIRED: &str = "Invalid session for the user, session is expired.";
pub const INCORRECT: &str = "Incorrect username or password.";
pub const ATTEMPTS_EXCEEDED: &str = "Password attempts exceeded";

/// A response: status and parsed JSON body.
pub type Reply = (StatusCode, Value);

/// One Cognate behind its router, with everything a test needs to reach into.
pub struct TestApp {
    pub router: Router,
    /// The service behind the router: its metrics, and the codes it sends after answering.
    pub cognate: Arc<Cognate>,
    /// Every email and SMS the service sent.
    pub sender: CaptureSender,
    /// The service's only notion of time.
    pub clock: Arc<ManualClock>,
    /// Another node of the same deployment: the same store, master key and clock, with caches
    /// of its own (what an operator's command run beside the service is).
    pub other_node: Arc<Cognate>,
    // Last, so the directory goes after the store inside `router` has been dropped.
    _dir: TempDir,
}

/// A pool and its app client.
#[derive(Debug, Clone)]
pub struct Pool {
    pub pool_id: String,
    pub client_id: String,
}

/// A user the helpers created.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub email: String,
    pub password: String,
    pub sub: String,
}

/// `AuthenticationResult` of a sign-in.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub id: String,
    pub refresh: Option<String>,
    pub expires_in: i64,
}

impl Tokens {
    fn from_result(result: &Value) -> Tokens {
        let text = |k: &str| result[k].as_str().map(str::to_string);
        Tokens {
            access: text("AccessToken").expect("AccessToken in AuthenticationResult"),
            id: text("IdToken").expect("IdToken in AuthenticationResult"),
            refresh: text("RefreshToken"),
            expires_in: result["ExpiresIn"].as_i64().expect("ExpiresIn"),
        }
    }
}

struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh service: new SQLite database, new master key, clock at the real current time.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(CaptureSender::default(), SmsCaps::default()).await
}

/// [`spawn_app`] with a given sender and SMS caps.
pub async fn spawn_app_with(sender: CaptureSender, sms_caps: SmsCaps) -> TestApp {
    spawn_app_configured(sender, sms_caps, AdminAuth::Open, unlimited()).await
}

/// [`spawn_app`] enforcing `limits`, behind `trusted_proxies`.
pub async fn spawn_app_with_rate_limits(
    limits: RateLimits,
    trusted_proxies: TrustedProxies,
) -> TestApp {
    let sender = CaptureSender::default();
    let front = (limits, trusted_proxies);
    spawn_app_configured(sender, SmsCaps::default(), AdminAuth::Open, front).await
}

/// No abuse limit, no trusted proxy: what the other tests run with.
fn unlimited() -> (RateLimits, TrustedProxies) {
    (RateLimits::none(), TrustedProxies::default())
}

/// [`spawn_app`] whose admin operations must be signed (SigV4) with one of `keys`: pairs of
/// access key id and secret access key.
pub async fn spawn_app_with_admin_keys(keys: &[(&str, &str)]) -> TestApp {
    let keys = keys
        .iter()
        .map(|(id, secret)| (id.to_string(), Secret::new(secret.to_string())))
        .collect();
    spawn_app_configured(
        CaptureSender::default(),
        SmsCaps::default(),
        AdminAuth::Keys(keys),
        unlimited(),
    )
    .await
}

async fn spawn_app_configured(
    sender: CaptureSender,
    sms_caps: SmsCaps,
    admin_auth: AdminAuth,
    (limits, trusted_proxies): (RateLimits, TrustedProxies),
) -> TestApp {
    let dir = std::env::temp_dir().join(format!("cognate-app-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("creating the test's temp dir");
    let dir = TempDir(dir);
    let store = SqliteStore::open(&dir.0.join("cognate.db"))
        .await
        .expect("opening the SQLite store");
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis();
    let clock = Arc::new(ManualClock::at(
        i64::try_from(now_ms).expect("time fits in i64"),
    ));
    let store: Arc<dyn Store> = Arc::new(store);
    let master_key = MasterKey::generate();
    let node = || {
        Cognate::new(
            Arc::clone(&store),
            Arc::new(sender.clone()),
            Arc::new(sender.clone()),
            clock.clone(),
            master_key.clone(),
            ServiceConfig {
                region: "us-east-1".into(),
                public_url: "http://cognate.test".into(),
                account_id: "000000000000".into(),
                sms_prices: Default::default(),
                sms_caps,
            },
        )
        .with_rate_limits(limits.clone())
    };
    let other_node = Arc::new(node());
    let cognate = Arc::new(node());
    let router = cognate_http::router(AppState {
        cognate: Arc::clone(&cognate),
        admin_auth: Arc::new(admin_auth),
        trusted_proxies: Arc::new(trusted_proxies),
        outbox: None,
    });
    TestApp {
        router,
        cognate,
        sender,
        clock,
        other_node,
        _dir: dir,
    }
}

/// A fresh address per call.
pub fn unique_email() -> String {
    format!("user-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// Asserts a Cognito error: HTTP 400, `__type` and exact message.
#[track_caller]
pub fn assert_error(reply: &Reply, kind: &str, message: &str) {
    assert_eq!(
        (
            reply.0,
            reply.1["__type"].as_str(),
            reply.1["message"].as_str()
        ),
        (StatusCode::BAD_REQUEST, Some(kind), Some(message)),
        "expected {kind}: {message}; got {} {}",
        reply.0,
        reply.1
    );
}

/// Asserts success and returns the body.
#[track_caller]
pub fn assert_ok(reply: Reply) -> Value {
    assert_eq!(reply.0, StatusCode::OK, "expected success, got {}", reply.1);
    reply.1
}

/// The claims of a JWT (signature not checked: these tests are about time, not keys).
pub fn claims(jwt: &str) -> Map<String, Value> {
    cognate_crypto::jwt::decode_unverified(jwt).expect("a decodable JWT")
}

/// A claim as an integer.
#[track_caller]
pub fn int_claim(jwt: &str, name: &str) -> i64 {
    claims(jwt)
        .get(name)
        .and_then(Value::as_i64)
        .unwrap_or_else(|| panic!("integer claim {name} in {jwt}"))
}

/// The seed 001 step 2 CreateUserPool request.
pub fn seed_pool_request() -> Value {
    json!({
        "PoolName": "mfa-sms-pool",
        "Policies": {"PasswordPolicy": {
            "MinimumLength": 8, "RequireUppercase": true, "RequireLowercase": true,
            "RequireNumbers": true, "RequireSymbols": false,
        }},
        "UsernameAttributes": ["email"],
        "AutoVerifiedAttributes": ["email"],
        "MfaConfiguration": "OPTIONAL",
        "SmsAuthenticationMessage": "Your MFA code is {####}",
        "SmsConfiguration": {
            "SnsCallerArn": "arn:aws:iam::123456789012:role/CognitoMFASMSRole",
            "ExternalId": "mfa-sms-external-id",
        },
        "UsernameConfiguration": {"CaseSensitive": false},
        "Schema": [
            {"Name": "email", "AttributeDataType": "String", "Mutable": true, "Required": true},
            {"Name": "name", "AttributeDataType": "String", "Mutable": true, "Required": true},
        ],
    })
}

/// The seed 001 step 3 CreateUserPoolClient request (without `UserPoolId`).
pub fn seed_client_request() -> Value {
    json!({
        "ClientName": "mfa-sms-client",
        "GenerateSecret": false,
        "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": true,
        "AuthSessionValidity": 3,
        "AccessTokenValidity": 60,
        "IdTokenValidity": 60,
        "RefreshTokenValidity": 30,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"},
    })
}

/// `base` with the members of `overrides` set (top level only).
pub fn merged(mut base: Value, overrides: Value) -> Value {
    if let (Some(base), Value::Object(overrides)) = (base.as_object_mut(), overrides) {
        base.extend(overrides);
    }
    base
}

impl TestApp {
    /// `POST /` with `X-Amz-Target: AWSCognitoIdentityProviderService.<op>`; the raw body.
    pub async fn call_raw(&self, op: &str, body: Value) -> (StatusCode, Vec<u8>) {
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{op}"),
            )
            .body(Body::from(body.to_string()))
            .expect("a valid request");
        self.send(request).await
    }

    /// Runs a request through the router; the whole response, once what the service does
    /// after answering (a code it sends) is done too.
    pub async fn respond(&self, request: Request<Body>) -> axum::response::Response {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        self.cognate.settle().await;
        response
    }

    /// Runs a request through the router; status and body.
    async fn send(&self, request: Request<Body>) -> (StatusCode, Vec<u8>) {
        let response = self.respond(request).await;
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("reading the response body")
            .to_bytes()
            .to_vec();
        (status, bytes)
    }

    /// An SNS query request (`Action` and form parameters); status and XML body.
    pub async fn sns(&self, action: &str, params: &[(&str, &str)]) -> (StatusCode, String) {
        let mut form = format!("Action={action}&Version=2010-03-31");
        for (name, value) in params {
            form.push_str(&format!("&{name}={}", value.replace('+', "%2B")));
        }
        let request = Request::builder()
            .method("POST")
            .uri("/")
            .header(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )
            .body(Body::from(form))
            .expect("a valid request");
        let (status, bytes) = self.send(request).await;
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// `POST /` for `op`; status and JSON body.
    pub async fn call(&self, op: &str, body: Value) -> Reply {
        let (status, bytes) = self.call_raw(op, body).await;
        let value = serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{op} answered {status} with a non-JSON body ({e}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, value)
    }

    /// `op` must succeed; its body.
    pub async fn ok(&self, op: &str, body: Value) -> Value {
        let (status, value) = self.call(op, body).await;
        assert_eq!(status, StatusCode::OK, "{op} failed: {value}");
        value
    }

    /// Moves the service's clock forward.
    pub fn advance_ms(&self, ms: i64) {
        self.clock.advance_ms(ms);
    }

    /// The service's now, in whole seconds.
    pub fn clock_secs(&self) -> i64 {
        self.clock.now_secs()
    }

    /// The last six-digit code sent to `recipient`.
    #[track_caller]
    pub fn last_code(&self, recipient: &str) -> String {
        self.sender
            .last_code(recipient)
            .unwrap_or_else(|| panic!("no code was sent to {recipient}"))
    }

    /// How many emails went to `recipient`.
    pub fn emails_to(&self, recipient: &str) -> usize {
        self.sender
            .emails()
            .iter()
            .filter(|m| m.to == recipient)
            .count()
    }

    /// CreateUserPool; the pool id.
    pub async fn create_pool(&self, request: Value) -> String {
        let reply = self.ok("CreateUserPool", request).await;
        reply["UserPool"]["Id"]
            .as_str()
            .expect("UserPool.Id")
            .to_string()
    }

    /// CreateUserPoolClient with the seed 001 settings, `overrides` applied; the client id.
    pub async fn create_client(&self, pool_id: &str, overrides: Value) -> String {
        let request = merged(
            merged(seed_client_request(), json!({ "UserPoolId": pool_id })),
            overrides,
        );
        let reply = self.ok("CreateUserPoolClient", request).await;
        reply["UserPoolClient"]["ClientId"]
            .as_str()
            .expect("UserPoolClient.ClientId")
            .to_string()
    }

    /// The pool and app client of seed 001 steps 2 and 3.
    pub async fn create_seed_pool(&self) -> Pool {
        let pool_id = self.create_pool(seed_pool_request()).await;
        let client_id = self.create_client(&pool_id, json!({})).await;
        Pool { pool_id, client_id }
    }

    /// SignUp (not confirmed); the user's sub.
    pub async fn sign_up(&self, client_id: &str, email: &str, password: &str) -> String {
        let reply = self
            .ok(
                "SignUp",
                json!({
                    "ClientId": client_id, "Username": email, "Password": password,
                    "UserAttributes": [
                        {"Name": "email", "Value": email},
                        {"Name": "name", "Value": "Test User"},
                    ],
                }),
            )
            .await;
        reply["UserSub"].as_str().expect("UserSub").to_string()
    }

    /// ConfirmSignUp with `code`.
    pub async fn confirm_sign_up(&self, client_id: &str, email: &str, code: &str) -> Reply {
        self.call(
            "ConfirmSignUp",
            json!({ "ClientId": client_id, "Username": email, "ConfirmationCode": code }),
        )
        .await
    }

    /// SignUp + ConfirmSignUp with the emailed code: a CONFIRMED user with a verified email.
    pub async fn sign_up_confirmed_user(&self, pool: &Pool) -> TestUser {
        let email = unique_email();
        let sub = self.sign_up(&pool.client_id, &email, PASSWORD).await;
        let code = self.last_code(&email);
        assert_ok(self.confirm_sign_up(&pool.client_id, &email, &code).await);
        TestUser {
            email,
            password: PASSWORD.into(),
            sub,
        }
    }

    /// AdminCreateUser with a temporary password (invitation suppressed): FORCE_CHANGE_PASSWORD.
    pub async fn admin_create_user(&self, pool: &Pool, temporary_password: &str) -> TestUser {
        let email = unique_email();
        let reply = self
            .ok(
                "AdminCreateUser",
                json!({
                    "UserPoolId": pool.pool_id, "Username": email,
                    "TemporaryPassword": temporary_password, "MessageAction": "SUPPRESS",
                    "UserAttributes": [
                        {"Name": "email", "Value": email},
                        {"Name": "email_verified", "Value": "true"},
                        {"Name": "name", "Value": "Test User"},
                    ],
                }),
            )
            .await;
        assert_eq!(reply["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
        let sub = reply["User"]["Attributes"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Name"] == "sub"))
            .and_then(|x| x["Value"].as_str())
            .expect("sub attribute")
            .to_string();
        TestUser {
            email,
            password: temporary_password.into(),
            sub,
        }
    }

    /// InitiateAuth USER_PASSWORD_AUTH.
    pub async fn password_auth(&self, client_id: &str, username: &str, password: &str) -> Reply {
        self.call(
            "InitiateAuth",
            json!({
                "ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": username, "PASSWORD": password},
            }),
        )
        .await
    }

    /// USER_PASSWORD_AUTH that must end in tokens.
    pub async fn sign_in(&self, client_id: &str, user: &TestUser) -> Tokens {
        let reply = assert_ok(
            self.password_auth(client_id, &user.email, &user.password)
                .await,
        );
        assert!(
            reply.get("ChallengeName").is_none(),
            "expected tokens, got a challenge: {reply}"
        );
        Tokens::from_result(&reply["AuthenticationResult"])
    }

    /// InitiateAuth REFRESH_TOKEN_AUTH.
    pub async fn refresh(&self, client_id: &str, refresh_token: &str) -> Reply {
        self.call(
            "InitiateAuth",
            json!({
                "ClientId": client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
                "AuthParameters": {"REFRESH_TOKEN": refresh_token},
            }),
        )
        .await
    }

    /// REFRESH_TOKEN_AUTH that must succeed.
    pub async fn refreshed(&self, client_id: &str, refresh_token: &str) -> Tokens {
        let reply = assert_ok(self.refresh(client_id, refresh_token).await);
        Tokens::from_result(&reply["AuthenticationResult"])
    }

    /// GetUser with an access token.
    pub async fn get_user(&self, access_token: &str) -> Reply {
        self.call("GetUser", json!({ "AccessToken": access_token }))
            .await
    }

    /// AdminGetUser; the body.
    pub async fn admin_get_user(&self, pool: &Pool, username: &str) -> Value {
        self.ok(
            "AdminGetUser",
            json!({ "UserPoolId": pool.pool_id, "Username": username }),
        )
        .await
    }

    /// A confirmed user with a verified `phone` and SMS MFA on (preferred).
    pub async fn sms_mfa_user(&self, pool: &Pool, phone: &str) -> TestUser {
        let user = self.sign_up_confirmed_user(pool).await;
        self.ok(
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": pool.pool_id, "Username": user.email, "UserAttributes": [
                {"Name": "phone_number", "Value": phone},
                {"Name": "phone_number_verified", "Value": "true"},
            ]}),
        )
        .await;
        self.ok(
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": pool.pool_id, "Username": user.email,
                   "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await;
        user
    }

    /// An attribute of a user, as AdminGetUser shows it.
    pub async fn attribute(&self, pool: &Pool, username: &str, name: &str) -> Option<String> {
        let user = self.admin_get_user(pool, username).await;
        user["UserAttributes"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["Name"] == name))
            .and_then(|x| x["Value"].as_str())
            .map(str::to_string)
    }
}
