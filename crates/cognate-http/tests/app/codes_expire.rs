//! One-time codes: sign-up confirmation and attribute verification codes live 24 hours,
//! password-reset codes one hour; a wrong code is a mismatch, five void the code; a new code
//! voids the old one, and so does a change of the address the code was sent to.

use serde_json::json;

use crate::helpers::*;

async fn confirm_status(app: &TestApp, pool: &Pool, email: &str) -> String {
    app.admin_get_user(pool, email).await["UserStatus"]
        .as_str()
        .expect("UserStatus")
        .to_string()
}

/// A signed-up, unconfirmed user of the seed pool and the code emailed to them.
async fn unconfirmed_user(app: &TestApp) -> (Pool, String, String) {
    let pool = app.create_seed_pool().await;
    let email = unique_email();
    app.sign_up(&pool.client_id, &email, PASSWORD).await;
    let code = app.last_code(&email);
    (pool, email, code)
}

#[tokio::test]
async fn a_sign_up_code_still_confirms_a_second_before_24_hours() {
    let app = spawn_app().await;
    let (pool, email, code) = unconfirmed_user(&app).await;

    app.advance_ms(DAY - SECOND);
    assert_ok(app.confirm_sign_up(&pool.client_id, &email, &code).await);

    assert_eq!(confirm_status(&app, &pool, &email).await, "CONFIRMED");
    assert_eq!(
        app.attribute(&pool, &email, "email_verified")
            .await
            .as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn a_sign_up_code_has_expired_a_second_after_24_hours() {
    let app = spawn_app().await;
    let (pool, email, code) = unconfirmed_user(&app).await;

    app.advance_ms(DAY + SECOND);
    let reply = app.confirm_sign_up(&pool.client_id, &email, &code).await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    assert_eq!(confirm_status(&app, &pool, &email).await, "UNCONFIRMED");
}

#[tokio::test]
async fn a_wrong_sign_up_code_is_a_code_mismatch_and_the_right_one_still_works() {
    let app = spawn_app().await;
    let (pool, email, code) = unconfirmed_user(&app).await;

    let reply = app
        .confirm_sign_up(&pool.client_id, &email, &wrong(&code))
        .await;
    assert_error(&reply, "CodeMismatchException", CODE_MISMATCH);
    assert_eq!(confirm_status(&app, &pool, &email).await, "UNCONFIRMED");

    assert_ok(app.confirm_sign_up(&pool.client_id, &email, &code).await);
    assert_eq!(confirm_status(&app, &pool, &email).await, "CONFIRMED");
}

#[tokio::test]
async fn five_wrong_sign_up_codes_void_the_code() {
    let app = spawn_app().await;
    let (pool, email, code) = unconfirmed_user(&app).await;

    for attempt in 1..=4 {
        let reply = app
            .confirm_sign_up(&pool.client_id, &email, &wrong(&code))
            .await;
        assert_eq!(
            reply.1["__type"], "CodeMismatchException",
            "wrong code #{attempt}: {}",
            reply.1
        );
    }
    let fifth = app
        .confirm_sign_up(&pool.client_id, &email, &wrong(&code))
        .await;
    assert_error(&fifth, "LimitExceededException", ATTEMPT_LIMIT);

    let right = app.confirm_sign_up(&pool.client_id, &email, &code).await;
    assert_error(&right, "ExpiredCodeException", EXPIRED_CODE);
    assert_eq!(confirm_status(&app, &pool, &email).await, "UNCONFIRMED");

    // A new code is the way out.
    app.ok(
        "ResendConfirmationCode",
        json!({ "ClientId": pool.client_id, "Username": email }),
    )
    .await;
    let fresh = app.last_code(&email);
    assert_ok(app.confirm_sign_up(&pool.client_id, &email, &fresh).await);
}

#[tokio::test]
async fn resending_the_confirmation_code_voids_the_previous_one() {
    let app = spawn_app().await;
    let (pool, email, first) = unconfirmed_user(&app).await;

    app.ok(
        "ResendConfirmationCode",
        json!({ "ClientId": pool.client_id, "Username": email }),
    )
    .await;
    assert_eq!(app.emails_to(&email), 2);
    let second = app.last_code(&email);
    assert_ne!(first, second, "a resend must send a new code");

    let old = app.confirm_sign_up(&pool.client_id, &email, &first).await;
    assert_error(&old, "CodeMismatchException", CODE_MISMATCH);
    assert_eq!(confirm_status(&app, &pool, &email).await, "UNCONFIRMED");

    assert_ok(app.confirm_sign_up(&pool.client_id, &email, &second).await);
}

#[tokio::test]
async fn a_sign_up_code_is_void_once_the_email_it_was_sent_to_changes() {
    let app = spawn_app().await;
    let (pool, email, code) = unconfirmed_user(&app).await;
    let other = unique_email();

    app.ok(
        "AdminUpdateUserAttributes",
        json!({
            "UserPoolId": pool.pool_id, "Username": email,
            "UserAttributes": [{"Name": "email", "Value": other}],
        }),
    )
    .await;
    let reply = app.confirm_sign_up(&pool.client_id, &other, &code).await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    assert_eq!(confirm_status(&app, &pool, &other).await, "UNCONFIRMED");
    assert_ne!(
        app.attribute(&pool, &other, "email_verified")
            .await
            .as_deref(),
        Some("true"),
        "a code mailed to {email} must not verify {other}"
    );
}

// ------------------------------------------------------------------------- forgot password

async fn forgot_password(app: &TestApp) -> (Pool, TestUser, String) {
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    app.ok(
        "ForgotPassword",
        json!({ "ClientId": pool.client_id, "Username": user.email }),
    )
    .await;
    let code = app.last_code(&user.email);
    (pool, user, code)
}

async fn confirm_forgot_password(app: &TestApp, pool: &Pool, user: &TestUser, code: &str) -> Reply {
    app.call(
        "ConfirmForgotPassword",
        json!({
            "ClientId": pool.client_id, "Username": user.email,
            "ConfirmationCode": code, "Password": "NewPass456",
        }),
    )
    .await
}

#[tokio::test]
async fn a_forgot_password_code_still_works_after_59_minutes() {
    let app = spawn_app().await;
    let (pool, user, code) = forgot_password(&app).await;

    app.advance_ms(59 * MINUTE);
    assert_ok(confirm_forgot_password(&app, &pool, &user, &code).await);

    let renewed = TestUser {
        password: "NewPass456".into(),
        ..user.clone()
    };
    app.sign_in(&pool.client_id, &renewed).await;
    let old = app
        .password_auth(&pool.client_id, &user.email, &user.password)
        .await;
    assert_error(&old, "NotAuthorizedException", INCORRECT);
}

#[tokio::test]
async fn a_forgot_password_code_has_expired_after_61_minutes() {
    let app = spawn_app().await;
    let (pool, user, code) = forgot_password(&app).await;

    app.advance_ms(61 * MINUTE);
    let reply = confirm_forgot_password(&app, &pool, &user, &code).await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    app.sign_in(&pool.client_id, &user).await;
}

// ------------------------------------------------------------------ attribute verification

/// A confirmed user who changed their email (now unverified) and then asked for a
/// verification code with GetUserAttributeVerificationCode: the pool, the new address, the
/// code and a refresh token to come back with later.
async fn pending_email_verification(app: &TestApp) -> (Pool, String, String, String) {
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    let new_email = unique_email();
    app.ok(
        "UpdateUserAttributes",
        json!({
            "AccessToken": tokens.access,
            "UserAttributes": [{"Name": "email", "Value": new_email}],
        }),
    )
    .await;
    assert_eq!(
        app.attribute(&pool, &new_email, "email_verified")
            .await
            .as_deref(),
        Some("false")
    );
    let reply = app
        .ok(
            "GetUserAttributeVerificationCode",
            json!({ "AccessToken": tokens.access, "AttributeName": "email" }),
        )
        .await;
    assert_eq!(reply["CodeDeliveryDetails"]["AttributeName"], "email");
    let code = app.last_code(&new_email);
    let refresh = tokens.refresh.expect("a refresh token");
    (pool, new_email, code, refresh)
}

async fn verify_email(app: &TestApp, access_token: &str, code: &str) -> Reply {
    app.call(
        "VerifyUserAttribute",
        json!({ "AccessToken": access_token, "AttributeName": "email", "Code": code }),
    )
    .await
}

#[tokio::test]
async fn an_attribute_verification_code_still_verifies_a_minute_before_24_hours() {
    let app = spawn_app().await;
    let (pool, email, code, refresh) = pending_email_verification(&app).await;

    app.advance_ms(DAY - MINUTE);
    let access = app.refreshed(&pool.client_id, &refresh).await.access;
    assert_ok(verify_email(&app, &access, &code).await);

    assert_eq!(
        app.attribute(&pool, &email, "email_verified")
            .await
            .as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn an_attribute_verification_code_has_expired_a_minute_after_24_hours() {
    let app = spawn_app().await;
    let (pool, email, code, refresh) = pending_email_verification(&app).await;

    app.advance_ms(DAY + MINUTE);
    let access = app.refreshed(&pool.client_id, &refresh).await.access;
    let reply = verify_email(&app, &access, &code).await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    assert_eq!(
        app.attribute(&pool, &email, "email_verified")
            .await
            .as_deref(),
        Some("false")
    );
}

#[tokio::test]
async fn a_verification_code_is_void_once_the_attribute_it_verifies_changes() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    app.ok(
        "GetUserAttributeVerificationCode",
        json!({ "AccessToken": tokens.access, "AttributeName": "email" }),
    )
    .await;
    let code_for_old_address = app.last_code(&user.email);

    let new_email = unique_email();
    app.ok(
        "UpdateUserAttributes",
        json!({
            "AccessToken": tokens.access,
            "UserAttributes": [{"Name": "email", "Value": new_email}],
        }),
    )
    .await;
    let reply = verify_email(&app, &tokens.access, &code_for_old_address).await;

    assert_eq!(reply.0, axum::http::StatusCode::BAD_REQUEST, "{}", reply.1);
    assert_eq!(
        app.attribute(&pool, &new_email, "email_verified")
            .await
            .as_deref(),
        Some("false"),
        "a code mailed to the old address must not verify the new one"
    );
    // The code the change itself sent to the new address is the one that counts.
    let code_for_new_address = app.last_code(&new_email);
    assert_ok(verify_email(&app, &tokens.access, &code_for_new_address).await);
    assert_eq!(
        app.attribute(&pool, &new_email, "email_verified")
            .await
            .as_deref(),
        Some("true")
    );
}

#[tokio::test]
async fn a_verification_code_does_not_verify_an_address_an_administrator_put_in_its_place() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    app.ok(
        "GetUserAttributeVerificationCode",
        json!({ "AccessToken": tokens.access, "AttributeName": "email" }),
    )
    .await;
    let code_for_old_address = app.last_code(&user.email);

    // Setting email_verified alongside the email keeps the pool from mailing a new code.
    let new_email = unique_email();
    app.ok(
        "AdminUpdateUserAttributes",
        json!({
            "UserPoolId": pool.pool_id, "Username": user.email,
            "UserAttributes": [
                {"Name": "email", "Value": new_email},
                {"Name": "email_verified", "Value": "false"},
            ],
        }),
    )
    .await;
    assert_eq!(app.emails_to(&new_email), 0);
    let reply = verify_email(&app, &tokens.access, &code_for_old_address).await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    assert_eq!(
        app.attribute(&pool, &new_email, "email_verified")
            .await
            .as_deref(),
        Some("false")
    );
}

/// A six-digit code that is not `code`.
fn wrong(code: &str) -> String {
    if code == "000000" {
        "111111".into()
    } else {
        "000000".into()
    }
}

#[tokio::test]
async fn a_new_email_waiting_for_its_code_is_dropped_after_24_hours() {
    let app = spawn_app().await;
    let settings = json!({"UserAttributeUpdateSettings":
        {"AttributesRequireVerificationBeforeUpdate": ["email"]}});
    let pool_id = app.create_pool(merged(seed_pool_request(), settings)).await;
    let client_id = app.create_client(&pool_id, json!({})).await;
    let pool = Pool { pool_id, client_id };
    let user = app.sign_up_confirmed_user(&pool).await;
    let token = app.sign_in(&pool.client_id, &user).await.access;
    let new_email = unique_email();
    app.ok(
        "UpdateUserAttributes",
        json!({"AccessToken": token, "UserAttributes": [{"Name": "email", "Value": new_email}]}),
    )
    .await;
    let code = app.last_code(&new_email);

    app.advance_ms(DAY + SECOND);
    let token = app.sign_in(&pool.client_id, &user).await.access;
    let reply = app
        .call(
            "VerifyUserAttribute",
            json!({"AccessToken": token, "AttributeName": "email", "Code": code}),
        )
        .await;

    assert_error(&reply, "ExpiredCodeException", EXPIRED_CODE);
    let email = app.attribute(&pool, &user.email, "email").await;
    assert_eq!(email.as_deref(), Some(user.email.as_str()));
}
