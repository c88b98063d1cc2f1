//! A temporary password from AdminCreateUser lasts the pool's TemporaryPasswordValidityDays.

use serde_json::json;

use crate::helpers::*;

const TEMPORARY: &str = "TempPass123";

async fn pool_with_seven_day_temporary_passwords(app: &TestApp) -> Pool {
    let mut request = seed_pool_request();
    request["Policies"]["PasswordPolicy"]["TemporaryPasswordValidityDays"] = json!(7);
    let pool_id = app.create_pool(request).await;
    let client_id = app.create_client(&pool_id, json!({})).await;
    Pool { pool_id, client_id }
}

#[tokio::test]
async fn a_temporary_password_still_works_a_minute_before_seven_days() {
    let app = spawn_app().await;
    let pool = pool_with_seven_day_temporary_passwords(&app).await;
    let user = app.admin_create_user(&pool, TEMPORARY).await;

    app.advance_ms(7 * DAY - MINUTE);
    let reply = assert_ok(
        app.password_auth(&pool.client_id, &user.email, TEMPORARY)
            .await,
    );

    assert_eq!(reply["ChallengeName"], "NEW_PASSWORD_REQUIRED", "{reply}");
}

#[tokio::test]
async fn a_temporary_password_has_expired_a_minute_after_seven_days() {
    let app = spawn_app().await;
    let pool = pool_with_seven_day_temporary_passwords(&app).await;
    let user = app.admin_create_user(&pool, TEMPORARY).await;

    app.advance_ms(7 * DAY + MINUTE);
    let reply = app
        .password_auth(&pool.client_id, &user.email, TEMPORARY)
        .await;

    assert_error(
        &reply,
        "NotAuthorizedException",
        "Temporary password has expired and must be reset by an administrator.",
    );
}
