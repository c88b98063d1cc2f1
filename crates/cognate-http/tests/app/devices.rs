//! Remembered devices in process: NewDeviceMetadata → ConfirmDevice → DEVICE_SRP_AUTH instead of
//! SMS MFA, the device proof's clock window and single use, and what forgetting revokes.

use cognate_crypto::srp::{
    client::{generate_device_secret, password_claim_signature, ClientHandshake, DeviceSecret},
    format_timestamp,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::helpers::*;

/// A device as a client keeps it after ConfirmDevice.
struct KeptDevice {
    key: String,
    group_key: String,
    secret: DeviceSecret,
}

async fn device_pool(app: &TestApp, on_prompt: bool) -> Pool {
    let request = merged(
        seed_pool_request(),
        json!({"DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": true,
            "DeviceOnlyRememberedOnUserPrompt": on_prompt,
        }}),
    );
    let pool_id = app.create_pool(request).await;
    let client_id = app.create_client(&pool_id, json!({})).await;
    Pool { pool_id, client_id }
}

async fn start(app: &TestApp, pool: &Pool, user: &TestUser, device: Option<&str>) -> Reply {
    let mut params = json!({"USERNAME": user.email, "PASSWORD": user.password});
    if let Some(key) = device {
        params["DEVICE_KEY"] = json!(key);
    }
    app.call(
        "InitiateAuth",
        json!({"ClientId": pool.client_id, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": params}),
    )
    .await
}

async fn answer(
    app: &TestApp,
    pool: &Pool,
    name: &str,
    session: &Value,
    responses: Value,
) -> Reply {
    app.call(
        "RespondToAuthChallenge",
        json!({"ClientId": pool.client_id, "ChallengeName": name, "Session": session,
               "ChallengeResponses": responses}),
    )
    .await
}

/// Signs in through SMS MFA without a device key; confirms the new device.
async fn sign_in_and_confirm(app: &TestApp, pool: &Pool, user: &TestUser) -> (KeptDevice, Value) {
    let challenge = assert_ok(start(app, pool, user, None).await);
    assert_eq!(challenge["ChallengeName"], "SMS_MFA", "{challenge}");
    let code = app.last_code(SMS_PHONE);
    let done = assert_ok(
        answer(
            app,
            pool,
            "SMS_MFA",
            &challenge["Session"],
            json!({"USERNAME": user.email, "SMS_MFA_CODE": code}),
        )
        .await,
    );
    let result = done["AuthenticationResult"].clone();
    let meta = &result["NewDeviceMetadata"];
    let key = meta["DeviceKey"]
        .as_str()
        .expect("NewDeviceMetadata.DeviceKey")
        .to_string();
    let group_key = meta["DeviceGroupKey"]
        .as_str()
        .expect("DeviceGroupKey")
        .to_string();
    assert!(key.starts_with("us-east-1_"), "{key}");
    let access = result["AccessToken"].as_str().expect("AccessToken");
    assert_eq!(claims(access)["device_key"], json!(key));
    let secret = generate_device_secret(&group_key, &key);
    let confirmed = app
        .ok(
            "ConfirmDevice",
            json!({"AccessToken": access, "DeviceKey": key, "DeviceName": "test phone",
                   "DeviceSecretVerifierConfig": {"Salt": secret.salt_b64, "PasswordVerifier": secret.verifier_b64}}),
        )
        .await;
    assert_eq!(confirmed["UserConfirmationNecessary"], json!(false));
    (
        KeptDevice {
            key,
            group_key,
            secret,
        },
        result,
    )
}

/// Answers DEVICE_SRP_AUTH and returns the DEVICE_PASSWORD_VERIFIER challenge and the handshake.
async fn device_srp(
    app: &TestApp,
    pool: &Pool,
    user: &TestUser,
    device: &KeptDevice,
) -> (Value, ClientHandshake) {
    let first = assert_ok(start(app, pool, user, Some(&device.key)).await);
    assert_eq!(first["ChallengeName"], "DEVICE_SRP_AUTH", "{first}");
    let handshake = ClientHandshake::new();
    let verifier = assert_ok(
        answer(
            app,
            pool,
            "DEVICE_SRP_AUTH",
            &first["Session"],
            json!({"USERNAME": user.email, "DEVICE_KEY": device.key, "SRP_A": handshake.srp_a()}),
        )
        .await,
    );
    assert_eq!(
        verifier["ChallengeName"], "DEVICE_PASSWORD_VERIFIER",
        "{verifier}"
    );
    (verifier, handshake)
}

fn proof(
    device: &KeptDevice,
    challenge: &Value,
    handshake: &ClientHandshake,
    password: &str,
    at: OffsetDateTime,
) -> Value {
    let p = &challenge["ChallengeParameters"];
    let text = |k: &str| {
        p[k].as_str()
            .unwrap_or_else(|| panic!("{k} in {challenge}"))
            .to_string()
    };
    let key = handshake
        .session_key(
            &device.group_key,
            &device.key,
            password,
            &text("SRP_B"),
            &text("SALT"),
        )
        .expect("device session key");
    let timestamp = format_timestamp(at);
    let signature = password_claim_signature(
        &key,
        &device.group_key,
        &device.key,
        &text("SECRET_BLOCK"),
        &timestamp,
    )
    .expect("claim signature");
    json!({"USERNAME": text("USERNAME"), "DEVICE_KEY": device.key, "TIMESTAMP": timestamp,
           "PASSWORD_CLAIM_SECRET_BLOCK": text("SECRET_BLOCK"), "PASSWORD_CLAIM_SIGNATURE": signature})
}

/// Answers DEVICE_PASSWORD_VERIFIER with a proof of `password` made at `at`.
async fn answer_proof(
    app: &TestApp,
    pool: &Pool,
    device: &KeptDevice,
    (challenge, handshake): (&Value, &ClientHandshake),
    password: &str,
    at: OffsetDateTime,
) -> Reply {
    let responses = proof(device, challenge, handshake, password, at);
    answer(
        app,
        pool,
        "DEVICE_PASSWORD_VERIFIER",
        &challenge["Session"],
        responses,
    )
    .await
}

fn now(app: &TestApp) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(app.clock_secs()).expect("clock in range")
}

#[tokio::test]
async fn remembered_device_replaces_sms_mfa_until_forgotten() {
    let app = spawn_app().await;
    let pool = device_pool(&app, false).await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    let (device, first) = sign_in_and_confirm(&app, &pool, &user).await;
    let sms_before = app.sender.sms().len();

    let (challenge, handshake) = device_srp(&app, &pool, &user, &device).await;
    let reply = answer_proof(
        &app,
        &pool,
        &device,
        (&challenge, &handshake),
        &device.secret.password,
        now(&app),
    )
    .await;
    let done = assert_ok(reply);
    let result = &done["AuthenticationResult"];
    assert!(result.get("NewDeviceMetadata").is_none(), "{done}");
    assert_eq!(
        claims(result["AccessToken"].as_str().expect("token"))["device_key"],
        json!(device.key)
    );
    assert_eq!(
        app.sender.sms().len(),
        sms_before,
        "no SMS for a remembered device"
    );

    // The device's refresh token needs the device's key.
    let refresh = first["RefreshToken"].as_str().expect("RefreshToken");
    assert_error(
        &app.refresh(&pool.client_id, refresh).await,
        "NotAuthorizedException",
        "Invalid Refresh Token",
    );
    let with_key = app
        .call(
            "InitiateAuth",
            json!({"ClientId": pool.client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
        "AuthParameters": {"REFRESH_TOKEN": refresh, "DEVICE_KEY": device.key}}),
        )
        .await;
    assert_ok(with_key);

    app.ok(
        "AdminForgetDevice",
        json!({"UserPoolId": pool.pool_id, "Username": user.email, "DeviceKey": device.key}),
    )
    .await;
    assert_error(
        &start(&app, &pool, &user, Some(&device.key)).await,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
    let with_key = app
        .call(
            "InitiateAuth",
            json!({"ClientId": pool.client_id, "AuthFlow": "REFRESH_TOKEN_AUTH",
        "AuthParameters": {"REFRESH_TOKEN": refresh, "DEVICE_KEY": device.key}}),
        )
        .await;
    assert_error(&with_key, "NotAuthorizedException", "Invalid Refresh Token");
    let again = assert_ok(start(&app, &pool, &user, None).await);
    assert_eq!(again["ChallengeName"], "SMS_MFA");
}

#[tokio::test]
async fn device_proof_must_be_right_fresh_and_used_once() {
    let app = spawn_app().await;
    let pool = device_pool(&app, false).await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    let (device, _) = sign_in_and_confirm(&app, &pool, &user).await;

    let (challenge, handshake) = device_srp(&app, &pool, &user, &device).await;
    let reply = answer_proof(
        &app,
        &pool,
        &device,
        (&challenge, &handshake),
        "not the device password",
        now(&app),
    )
    .await;
    assert_error(
        &reply,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );
    let reused = answer_proof(
        &app,
        &pool,
        &device,
        (&challenge, &handshake),
        &device.secret.password,
        now(&app),
    )
    .await;
    assert_error(
        &reused,
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    );

    let (challenge, handshake) = device_srp(&app, &pool, &user, &device).await;
    let stale = now(&app) - time::Duration::minutes(10);
    let reply = answer_proof(
        &app,
        &pool,
        &device,
        (&challenge, &handshake),
        &device.secret.password,
        stale,
    )
    .await;
    assert_error(
        &reply,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );

    let (challenge, handshake) = device_srp(&app, &pool, &user, &device).await;
    app.advance_ms(4 * 60 * 1000);
    let late = answer_proof(
        &app,
        &pool,
        &device,
        (&challenge, &handshake),
        &device.secret.password,
        now(&app),
    )
    .await;
    assert_error(&late, "NotAuthorizedException", SESSION_EXPIRED);
}

#[tokio::test]
async fn device_remembered_only_on_prompt_still_asks_for_mfa() {
    let app = spawn_app().await;
    let pool = device_pool(&app, true).await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;
    let challenge = assert_ok(start(&app, &pool, &user, None).await);
    let code = app.last_code(SMS_PHONE);
    let done = assert_ok(
        answer(
            &app,
            &pool,
            "SMS_MFA",
            &challenge["Session"],
            json!({"USERNAME": user.email, "SMS_MFA_CODE": code}),
        )
        .await,
    );
    let result = &done["AuthenticationResult"];
    let key = result["NewDeviceMetadata"]["DeviceKey"]
        .as_str()
        .expect("DeviceKey");
    let group = result["NewDeviceMetadata"]["DeviceGroupKey"]
        .as_str()
        .expect("DeviceGroupKey");
    let access = result["AccessToken"].as_str().expect("AccessToken");
    let secret = generate_device_secret(group, key);
    let confirmed = app.ok("ConfirmDevice", json!({"AccessToken": access, "DeviceKey": key,
        "DeviceSecretVerifierConfig": {"Salt": secret.salt_b64, "PasswordVerifier": secret.verifier_b64}})).await;
    assert_eq!(confirmed["UserConfirmationNecessary"], json!(true));
    let listed = app.ok("ListDevices", json!({"AccessToken": access})).await;
    assert_eq!(listed["Devices"], json!([]), "not remembered yet");

    let next = assert_ok(start(&app, &pool, &user, Some(key)).await);
    assert_eq!(
        next["ChallengeName"], "SMS_MFA",
        "a device not remembered does not skip MFA"
    );

    app.ok(
        "UpdateDeviceStatus",
        json!({"AccessToken": access, "DeviceKey": key, "DeviceRememberedStatus": "remembered"}),
    )
    .await;
    let listed = app.ok("ListDevices", json!({"AccessToken": access})).await;
    assert_eq!(listed["Devices"][0]["DeviceKey"], json!(key));
    let next = assert_ok(start(&app, &pool, &user, Some(key)).await);
    assert_eq!(next["ChallengeName"], "DEVICE_SRP_AUTH");

    let again = app.call("ConfirmDevice", json!({"AccessToken": access, "DeviceKey": key,
        "DeviceSecretVerifierConfig": {"Salt": secret.salt_b64, "PasswordVerifier": secret.verifier_b64}})).await;
    assert_error(
        &again,
        "DeviceKeyExistsException",
        "Device key already exists.",
    );
    let other = app.call("ConfirmDevice", json!({"AccessToken": access, "DeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000",
        "DeviceSecretVerifierConfig": {"Salt": secret.salt_b64, "PasswordVerifier": secret.verifier_b64}})).await;
    assert_error(
        &other,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
}
