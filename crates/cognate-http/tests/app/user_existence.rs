//! With PreventUserExistenceErrors ENABLED an unknown user must be indistinguishable from a
//! wrong password. Timing is not measured here (the server checks unknown users against a
//! dummy verifier); the answer itself must be the same, byte for byte.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn an_unknown_user_and_a_wrong_password_get_byte_identical_errors() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    let sign_in = |username: String, password: &'static str| {
        app.call_raw(
            "InitiateAuth",
            json!({
                "ClientId": pool.client_id, "AuthFlow": "USER_PASSWORD_AUTH",
                "AuthParameters": {"USERNAME": username, "PASSWORD": password},
            }),
        )
    };

    let wrong_password = sign_in(user.email.clone(), "WrongPass999").await;
    let unknown_user = sign_in(unique_email(), "WrongPass999").await;

    assert_eq!(wrong_password.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        String::from_utf8_lossy(&unknown_user.1),
        String::from_utf8_lossy(&wrong_password.1)
    );
    assert_eq!(unknown_user, wrong_password);
    let body: serde_json::Value =
        serde_json::from_slice(&wrong_password.1).expect("a JSON error body");
    assert_eq!(
        body,
        json!({ "__type": "NotAuthorizedException", "message": INCORRECT })
    );
}
