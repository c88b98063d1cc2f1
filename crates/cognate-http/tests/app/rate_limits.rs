//! Per-user hourly limits: ResendConfirmationCode 5 per hour, ChangePassword 5 per hour
//! (LimitExceededException beyond), both allowed again once the hour has passed.

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn more_than_five_confirmation_code_resends_in_an_hour_are_refused_until_the_hour_passes() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let email = unique_email();
    app.sign_up(&pool.client_id, &email, PASSWORD).await;
    let resend = || {
        app.call(
            "ResendConfirmationCode",
            json!({ "ClientId": pool.client_id, "Username": email }),
        )
    };

    for i in 1..=5 {
        let reply = resend().await;
        assert_eq!(
            reply.0,
            axum::http::StatusCode::OK,
            "resend {i}: {}",
            reply.1
        );
        app.advance_ms(MINUTE);
    }
    let sixth = resend().await;
    assert_error(&sixth, "LimitExceededException", ATTEMPT_LIMIT);
    assert_eq!(app.emails_to(&email), 6, "sign-up + five resends");

    app.advance_ms(53 * MINUTE); // 58 min after the first resend
    assert_error(&resend().await, "LimitExceededException", ATTEMPT_LIMIT);

    app.advance_ms(2 * MINUTE + SECOND); // the first resend is more than an hour old
    assert_ok(resend().await);
    assert_eq!(app.emails_to(&email), 7);
    let code = app.last_code(&email);
    assert_ok(app.confirm_sign_up(&pool.client_id, &email, &code).await);
}

#[tokio::test]
async fn change_password_is_limited_to_five_per_hour_per_user() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let other = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    let change = |access: String, previous: String, proposed: String| {
        app.call(
            "ChangePassword",
            json!({
                "AccessToken": access, "PreviousPassword": previous, "ProposedPassword": proposed,
            }),
        )
    };

    let mut current = user.password.clone();
    for i in 1..=5 {
        let next = format!("NewPass{i}00");
        let reply = change(tokens.access.clone(), current.clone(), next.clone()).await;
        assert_eq!(
            reply.0,
            axum::http::StatusCode::OK,
            "change {i}: {}",
            reply.1
        );
        current = next;
        app.advance_ms(MINUTE);
    }
    let sixth = change(tokens.access.clone(), current.clone(), "NewPass600".into()).await;
    assert_error(&sixth, "LimitExceededException", ATTEMPT_LIMIT);

    // The refused change changed nothing.
    let refused = app
        .password_auth(&pool.client_id, &user.email, "NewPass600")
        .await;
    assert_error(&refused, "NotAuthorizedException", INCORRECT);
    let signed_in = TestUser {
        password: current.clone(),
        ..user.clone()
    };
    app.sign_in(&pool.client_id, &signed_in).await;

    // The limit is per user.
    let other_tokens = app.sign_in(&pool.client_id, &other).await;
    assert_ok(
        change(
            other_tokens.access,
            other.password.clone(),
            "OtherPass100".into(),
        )
        .await,
    );

    // An hour after the first change, one more is allowed.
    app.advance_ms(HOUR - 5 * MINUTE + SECOND);
    let access = app
        .refreshed(
            &pool.client_id,
            tokens.refresh.as_deref().expect("refresh token"),
        )
        .await
        .access;
    assert_ok(change(access, current, "NewPass600".into()).await);
}
