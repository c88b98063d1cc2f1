//! `POST /` under arbitrary input: any bytes, any JSON, objects of Cognito's member names with
//! values of the wrong type, huge or odd strings and real names from the app, valid requests
//! with edits, odd media types and targets, each sent to an operation of the table (or a name
//! that is none). Whatever comes in, the answer is Cognito's: a success, or a 4xx JSON error
//! with `__type`; never a 5xx, never a panic.
//!
//! 64 cases per property; `PROPTEST_CASES=20000 cargo test -p cognate-http --test app fuzz`
//! runs the long version.

use axum::{
    body::Body,
    http::{header::CONTENT_TYPE, Request},
};
use cognate_http::OPERATIONS;
use proptest::prelude::*;
use serde_json::{json, Map, Number, Value};

use crate::fuzz_support::{check, edited, edits, post, Fuzzing, TARGET_PREFIX};
use crate::helpers::spawn_app;

/// Member names of Cognito's requests, and a few near them.
const MEMBERS: &[&str] = &[
    "AccessToken",
    "AdminCreateUserConfig",
    "AliasAttributes",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AttributeMapping",
    "AttributeName",
    "AttributesToGet",
    "AuthFlow",
    "AuthParameters",
    "AutoVerifiedAttributes",
    "CallbackURLs",
    "ChallengeName",
    "ChallengeResponses",
    "ClientId",
    "ClientMetadata",
    "ClientName",
    "ClientSecret",
    "CloudWatchLogsRoleArn",
    "Code",
    "ConfirmationCode",
    "CSS",
    "CustomAttributes",
    "CustomDomainConfig",
    "Description",
    "DesiredDeliveryMediums",
    "DeviceConfiguration",
    "DeviceKey",
    "DeviceName",
    "DeviceRememberedStatus",
    "DeviceSecretVerifierConfig",
    "Domain",
    "EmailConfiguration",
    "EmailMfaConfiguration",
    "EmailMfaSettings",
    "ExplicitAuthFlows",
    "Filter",
    "ForceAliasCreation",
    "FriendlyDeviceName",
    "GenerateSecret",
    "GroupName",
    "Identifier",
    "IdpIdentifier",
    "IdpIdentifiers",
    "ImageFile",
    "JobId",
    "JobName",
    "LambdaConfig",
    "Limit",
    "ManagedLoginVersion",
    "MaxResults",
    "MessageAction",
    "MfaConfiguration",
    "Name",
    "NextToken",
    "PaginationToken",
    "Password",
    "Permanent",
    "Policies",
    "PoolName",
    "Precedence",
    "PreventUserExistenceErrors",
    "PreviousPassword",
    "ProposedPassword",
    "ProviderDetails",
    "ProviderName",
    "ProviderType",
    "RefreshToken",
    "ResourceArn",
    "RoleArn",
    "Routing",
    "Schema",
    "Scopes",
    "SecretHash",
    "Session",
    "Settings",
    "SmsConfiguration",
    "SMSMfaSettings",
    "SmsMfaConfiguration",
    "SoftwareTokenMfaConfiguration",
    "SoftwareTokenMfaSettings",
    "TagKeys",
    "Tags",
    "TemporaryPassword",
    "Token",
    "TokenValidityUnits",
    "UserAttributeNames",
    "UserAttributes",
    "UserCode",
    "UserPoolId",
    "UserPoolTags",
    "Username",
    "UsernameAttributes",
    "UsernameConfiguration",
    "ValidationData",
    "WebAuthnConfiguration",
    "__type",
    "userPoolId",
    "",
];

/// Enum values and other words the operations know.
const WORDS: &[&str] = &[
    "USER_PASSWORD_AUTH",
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "USER_AUTH",
    "PASSWORD_VERIFIER",
    "NEW_PASSWORD_REQUIRED",
    "SMS_MFA",
    "SOFTWARE_TOKEN_MFA",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
    "CUSTOM_CHALLENGE",
    "EMAIL_OTP",
    "USERNAME",
    "PASSWORD",
    "SRP_A",
    "SECRET_HASH",
    "DEVICE_KEY",
    "NEW_PASSWORD",
    "SMS_MFA_CODE",
    "SOFTWARE_TOKEN_MFA_CODE",
    "ANSWER",
    "ON",
    "OFF",
    "OPTIONAL",
    "ENABLED",
    "LEGACY",
    "SUPPRESS",
    "RESEND",
    "EMAIL",
    "SMS",
    "email",
    "phone_number",
    "name",
    "sub",
    "email_verified",
    "String",
    "Number",
    "minutes",
    "days",
    "seconds",
    "hours",
    "remembered",
    "not_remembered",
    "email = \"a\"",
    "sub ^= \"\"",
    "username =",
    "cognito:user_status = \"CONFIRMED\"",
    "TestPass123",
    "123456",
    "",
];

/// What the app holds for requests to name: a pool and its client, a signed-in user and their
/// tokens, a group.
struct World {
    fuzzing: Fuzzing,
    known: Vec<String>,
    valid: Vec<(&'static str, Value)>,
}

fn world() -> World {
    let fuzzing = Fuzzing::start(spawn_app());
    let (known, valid) = fuzzing.run(async {
        let app = fuzzing.app();
        let pool = app.create_seed_pool().await;
        let user = app.sign_up_confirmed_user(&pool).await;
        let tokens = app.sign_in(&pool.client_id, &user).await;
        app.ok(
            "CreateGroup",
            json!({"UserPoolId": pool.pool_id, "GroupName": "fuzzers"}),
        )
        .await;
        let valid = valid_requests(&pool.pool_id, &pool.client_id, &user.email, &tokens.access);
        let known = vec![
            pool.pool_id,
            pool.client_id,
            user.email,
            user.sub,
            user.password,
            tokens.access,
            tokens.id,
            tokens.refresh.unwrap_or_default(),
            "fuzzers".to_string(),
            "us-east-1".to_string(),
            "us-east-1_AbC123xYz".to_string(),
        ];
        (known, valid)
    });
    World {
        fuzzing,
        known,
        valid,
    }
}

/// Requests the app answers with a success or an expected refusal, to be edited.
fn valid_requests(
    pool_id: &str,
    client_id: &str,
    email: &str,
    access: &str,
) -> Vec<(&'static str, Value)> {
    vec![
        (
            "InitiateAuth",
            json!({"ClientId": client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                   "AuthParameters": {"USERNAME": email, "PASSWORD": "TestPass123"}}),
        ),
        (
            "InitiateAuth",
            json!({"ClientId": client_id, "AuthFlow": "USER_SRP_AUTH",
                   "AuthParameters": {"USERNAME": email, "SRP_A": "2f1e"}}),
        ),
        (
            "RespondToAuthChallenge",
            json!({"ClientId": client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED",
                   "Session": "x",
                   "ChallengeResponses": {"USERNAME": email, "NEW_PASSWORD": "N3wPass!!"}}),
        ),
        (
            "SignUp",
            json!({"ClientId": client_id, "Username": "fuzz@example.com", "Password": "TestPass123",
                   "UserAttributes": [{"Name": "email", "Value": "fuzz@example.com"},
                                      {"Name": "name", "Value": "Fuzz"}]}),
        ),
        ("GetUser", json!({"AccessToken": access})),
        (
            "UpdateUserAttributes",
            json!({"AccessToken": access,
                   "UserAttributes": [{"Name": "name", "Value": "Renamed"}]}),
        ),
        (
            "ListUsers",
            json!({"UserPoolId": pool_id, "Limit": 1, "Filter": "email ^= \"user\""}),
        ),
        (
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "admin-made@example.com",
                   "MessageAction": "SUPPRESS", "TemporaryPassword": "TempPass123",
                   "UserAttributes": [{"Name": "email", "Value": "admin-made@example.com"},
                                      {"Name": "name", "Value": "Admin Made"}]}),
        ),
        (
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": email}),
        ),
        ("ListGroups", json!({"UserPoolId": pool_id, "Limit": 1})),
        (
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "fuzz",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH"],
                   "TokenValidityUnits": {"AccessToken": "hours"}, "AccessTokenValidity": 2}),
        ),
        (
            "CreateUserPool",
            json!({"PoolName": "fuzz", "Policies": {"PasswordPolicy": {"MinimumLength": 6}},
                   "Schema": [{"Name": "nickname", "AttributeDataType": "String"}]}),
        ),
        (
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": false}}),
        ),
        (
            "ForgotPassword",
            json!({"ClientId": client_id, "Username": email}),
        ),
    ]
}

/// A JSON value that is not an array or object: real names, words the operations know, edge
/// numbers, any text, and strings of up to 200,000 characters.
fn leaf(known: Vec<String>) -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_map(|x| Number::from_f64(x).map_or(Value::Null, Value::Number)),
        6 => prop::sample::select(known).prop_map(Value::String),
        4 => prop::sample::select(WORDS).prop_map(|w| Value::String(w.to_string())),
        4 => any::<String>().prop_map(Value::String),
        1 => (any::<char>(), 0_usize..200_000)
            .prop_map(|(c, n)| Value::String(c.to_string().repeat(n))),
    ]
}

/// A member name: mostly Cognito's, sometimes any text.
fn member() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(MEMBERS).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

/// Any JSON value, nested up to four levels.
fn json_value(known: Vec<String>) -> impl Strategy<Value = Value> {
    leaf(known).prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(member(), inner, 0..8)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An object of Cognito's member names with values of any type and shape.
fn request(known: Vec<String>) -> impl Strategy<Value = Value> {
    prop::collection::btree_map(member(), json_value(known), 0..10)
        .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>()))
}

/// An operation of the table, or now and then a name that is none.
fn operation() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => prop::sample::select(OPERATIONS).prop_map(str::to_string),
        1 => "[A-Za-z]{0,30}",
    ]
}

/// Pieces of JSON text, put together in any order.
const JSON_PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "\"",
    "\"UserPoolId\"",
    "\"ClientId\"",
    "\"AuthParameters\"",
    "\"Limit\"",
    "null",
    "true",
    "-0",
    "1e999",
    "-1e999",
    "18446744073709551616",
    "9223372036854775808",
    "0.5",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\uDFFF\\uD800\"",
    "\"\\x\"",
    " ",
    "\n",
    "\u{feff}",
    "\u{0}",
    "é",
    "\"a\"",
    "{}",
    "[]",
];

/// Media types `POST /` reads, and some it does not.
const MEDIA_TYPES: &[&str] = &[
    "application/x-amz-json-1.1",
    "application/x-amz-json-1.0",
    "application/json",
    "APPLICATION/JSON; charset=utf-8",
    "application/x-www-form-urlencoded",
    "text/plain",
    "",
];

/// A body of any bytes, of JSON pieces in any order, or of whitespace only.
fn raw_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(prop::sample::select(JSON_PIECES), 0..60)
            .prop_map(|pieces| pieces.concat().into_bytes()),
        "[ \t\r\n]{0,10}".prop_map(String::into_bytes),
    ]
}

#[test]
fn fuzz_any_bytes_as_a_body_get_cognitos_answer() {
    let world = world();
    check((operation(), raw_body()), |(op, body)| {
        world.fuzzing.reply(post(&op, body))?;
        Ok(())
    });
}

#[test]
fn fuzz_any_json_as_a_body_gets_cognitos_answer() {
    let world = world();
    let strategy = (operation(), json_value(world.known.clone()));
    check(strategy, |(op, body)| {
        world.fuzzing.reply(post(&op, body.to_string()))?;
        Ok(())
    });
}

#[test]
fn fuzz_members_of_any_type_and_size_get_cognitos_answer() {
    let world = world();
    let strategy = (operation(), request(world.known.clone()));
    check(strategy, |(op, body)| {
        world.fuzzing.reply(post(&op, body.to_string()))?;
        Ok(())
    });
}

#[test]
fn fuzz_valid_requests_with_edits_get_cognitos_answer() {
    let world = world();
    let strategy = (
        prop::sample::select(world.valid.clone()),
        edits("{}[]\":,\\ 0aZ"),
    );
    check(strategy, |((op, body), edits)| {
        let body = edited(&body.to_string(), &edits);
        world.fuzzing.reply(post(op, body))?;
        Ok(())
    });
}

#[test]
fn fuzz_any_media_type_and_target_get_cognitos_answer() {
    let world = world();
    let content_type = prop_oneof![
        prop::sample::select(MEDIA_TYPES).prop_map(str::to_string),
        "[ -~]{0,40}",
    ];
    let target = prop_oneof![
        operation().prop_map(|op| format!("{TARGET_PREFIX}{op}")),
        Just(TARGET_PREFIX.to_string()),
        "[ -~]{0,60}",
    ];
    let strategy = (
        prop::option::of(content_type),
        target,
        request(world.known.clone()),
    );
    check(strategy, |(content_type, target, body)| {
        let mut request = Request::post("/").header("x-amz-target", target);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        let request = request.body(Body::from(body.to_string())).unwrap();
        world.fuzzing.reply(request)?;
        Ok(())
    });
}
