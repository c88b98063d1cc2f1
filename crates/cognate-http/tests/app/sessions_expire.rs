//! Challenge sessions: a NEW_PASSWORD_REQUIRED session lives for the client's
//! AuthSessionValidity (3 minutes in seed 001, up to 15) and answers once.

use serde_json::{json, Value};

use crate::helpers::*;

const TEMPORARY: &str = "TempPass123";
const NEW_PASSWORD: &str = "NewPass456";

/// An AdminCreateUser'd user's sign-in: the NEW_PASSWORD_REQUIRED session.
async fn new_password_challenge(app: &TestApp, pool: &Pool) -> (TestUser, String) {
    let user = app.admin_create_user(pool, TEMPORARY).await;
    let reply = assert_ok(
        app.password_auth(&pool.client_id, &user.email, TEMPORARY)
            .await,
    );
    assert_eq!(reply["ChallengeName"], "NEW_PASSWORD_REQUIRED", "{reply}");
    assert!(reply.get("AuthenticationResult").is_none());
    let session = reply["Session"].as_str().expect("Session").to_string();
    (user, session)
}

async fn answer(app: &TestApp, pool: &Pool, user: &TestUser, session: &str) -> Reply {
    app.call(
        "RespondToAuthChallenge",
        json!({
            "ClientId": pool.client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": session,
            "ChallengeResponses": {"USERNAME": user.email, "NEW_PASSWORD": NEW_PASSWORD},
        }),
    )
    .await
}

#[track_caller]
fn assert_tokens(reply: Reply) -> Value {
    let body = assert_ok(reply);
    assert!(
        body["AuthenticationResult"]["AccessToken"].is_string(),
        "expected tokens: {body}"
    );
    body
}

async fn status(app: &TestApp, pool: &Pool, user: &TestUser) -> Value {
    app.admin_get_user(pool, &user.email).await["UserStatus"].clone()
}

#[tokio::test]
async fn a_new_password_challenge_answered_within_three_minutes_signs_in() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let (user, session) = new_password_challenge(&app, &pool).await;

    app.advance_ms(3 * MINUTE - SECOND);
    assert_tokens(answer(&app, &pool, &user, &session).await);

    assert_eq!(status(&app, &pool, &user).await, "CONFIRMED");
}

#[tokio::test]
async fn a_new_password_challenge_answered_after_three_minutes_is_refused_as_expired() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let (user, session) = new_password_challenge(&app, &pool).await;

    app.advance_ms(3 * MINUTE + SECOND);
    let reply = answer(&app, &pool, &user, &session).await;

    assert_error(&reply, "NotAuthorizedException", SESSION_EXPIRED);
    assert_eq!(status(&app, &pool, &user).await, "FORCE_CHANGE_PASSWORD");
    let with_new = app
        .password_auth(&pool.client_id, &user.email, NEW_PASSWORD)
        .await;
    assert_error(&with_new, "NotAuthorizedException", INCORRECT);
}

#[tokio::test]
async fn a_challenge_session_answers_only_once() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let (user, session) = new_password_challenge(&app, &pool).await;
    assert_tokens(answer(&app, &pool, &user, &session).await);

    let again = answer(&app, &pool, &user, &session).await;

    assert_eq!(
        again.1["__type"], "NotAuthorizedException",
        "a used session must be refused: {}",
        again.1
    );
    assert!(again.1.get("AuthenticationResult").is_none());
}

/// Cognito words the refusal of a reused session differently from that of an expired one.
#[tokio::test]
async fn a_reused_challenge_session_is_refused_in_cognitos_words() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let (user, session) = new_password_challenge(&app, &pool).await;
    assert_tokens(answer(&app, &pool, &user, &session).await);

    let again = answer(&app, &pool, &user, &session).await;

    assert_error(
        &again,
        "NotAuthorizedException",
        "Invalid session for the user, session can only be used once.",
    );
}

#[tokio::test]
async fn a_client_with_fifteen_minute_sessions_accepts_an_answer_after_fourteen_minutes() {
    let app = spawn_app().await;
    let pool_id = app.create_pool(seed_pool_request()).await;
    let client_id = app
        .create_client(&pool_id, json!({ "AuthSessionValidity": 15 }))
        .await;
    let pool = Pool { pool_id, client_id };

    let (user, session) = new_password_challenge(&app, &pool).await;
    app.advance_ms(14 * MINUTE);
    assert_tokens(answer(&app, &pool, &user, &session).await);

    let (user, session) = new_password_challenge(&app, &pool).await;
    app.advance_ms(15 * MINUTE + SECOND);
    let late = answer(&app, &pool, &user, &session).await;
    assert_error(&late, "NotAuthorizedException", SESSION_EXPIRED);
}

/// Two answers racing on one session: exactly one may win, and the password that sticks must
/// be the winner's — a refused answer must change nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_racing_answer_to_a_challenge_changes_nothing() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    for round in 1..=5 {
        let (user, session) = new_password_challenge(&app, &pool).await;
        let respond = |password: &'static str| {
            app.call(
                "RespondToAuthChallenge",
                json!({
                    "ClientId": pool.client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED",
                    "Session": session,
                    "ChallengeResponses": {"USERNAME": user.email, "NEW_PASSWORD": password},
                }),
            )
        };
        let (first, second) = tokio::join!(respond("FirstPass111"), respond("SecondPass222"));
        let winners: Vec<&str> = [(&first, "FirstPass111"), (&second, "SecondPass222")]
            .into_iter()
            .filter(|(reply, _)| reply.0.is_success())
            .map(|(_, password)| password)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {first:?} / {second:?}");
        let winner = TestUser {
            password: winners[0].into(),
            ..user.clone()
        };
        let reply = app
            .password_auth(&pool.client_id, &user.email, &winner.password)
            .await;
        assert!(
            reply.0.is_success(),
            "round {round}: the answer that got tokens set {}, but that password is refused: {}",
            winner.password,
            reply.1
        );
    }
}
