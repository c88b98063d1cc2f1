//! The service's metrics as requests through the router move them: every JSON request counted
//! under its operation and outcome, each sign-in step under its factor and result, a lockout
//! once, and operations the table does not know under `unknown`.

use crate::helpers::*;

/// The value of the sample written exactly as `series` (name and labels), 0 when absent.
async fn sample(app: &TestApp, series: &str) -> f64 {
    let text = app.cognate.render_metrics().await;
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |value| value.parse().expect("a number"))
}

#[tokio::test]
async fn sign_ins_lockouts_and_refreshes_are_counted_by_factor_and_result() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let tokens = app.sign_in(&pool.client_id, &user).await;
    app.refreshed(
        &pool.client_id,
        tokens.refresh.as_deref().expect("a refresh token"),
    )
    .await;
    for _ in 0..5 {
        let reply = app
            .password_auth(&pool.client_id, &user.email, "WrongPass999")
            .await;
        assert_error(&reply, "NotAuthorizedException", INCORRECT);
    }

    let counted = [
        (
            r#"cognate_sign_ins_total{result="success",factor="password"}"#,
            1.0,
        ),
        (
            r#"cognate_sign_ins_total{result="success",factor="refresh"}"#,
            1.0,
        ),
        (
            r#"cognate_sign_ins_total{result="failure",factor="password"}"#,
            5.0,
        ),
        ("cognate_lockouts_total", 1.0),
        (
            r#"cognate_codes_sent_total{medium="email",purpose="verification"}"#,
            1.0,
        ),
        (
            r#"cognate_requests_total{operation="InitiateAuth",outcome="ok"}"#,
            2.0,
        ),
        (
            r#"cognate_requests_total{operation="InitiateAuth",outcome="NotAuthorizedException"}"#,
            5.0,
        ),
        (
            r#"cognate_request_duration_seconds_count{operation="InitiateAuth"}"#,
            7.0,
        ),
    ];
    for (series, expected) in counted {
        assert_eq!(sample(&app, series).await, expected, "{series}");
    }
}

#[tokio::test]
async fn an_operation_the_table_does_not_know_is_counted_as_unknown() {
    let app = spawn_app().await;
    let (status, _) = app.call_raw("MakeMeASandwich", serde_json::json!({})).await;
    assert_eq!(status, axum::http::StatusCode::BAD_REQUEST);
    let series =
        r#"cognate_requests_total{operation="unknown",outcome="UnknownOperationException"}"#;
    assert_eq!(sample(&app, series).await, 1.0);
    let text = app.cognate.render_metrics().await;
    assert!(!text.contains("MakeMeASandwich"), "{text}");
}
