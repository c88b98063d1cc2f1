//! The audit log through the router, under a clock that stands still: AdminListUserAuthEvents
//! shows a sign-up and each sign-in as Cognito does (a wrong password one failed event; a
//! password then a wrong and a right SMS code one event that was in progress, then passed,
//! with every answer), newest first, paged with sealed tokens, right after the requests that
//! made them; feedback is set by the Admin form and refused to a wrong token.

use serde_json::{json, Value};

use crate::helpers::*;

async fn events(app: &TestApp, pool: &Pool, user: &TestUser, extra: Value) -> Value {
    app.ok(
        "AdminListUserAuthEvents",
        merged(
            json!({"UserPoolId": pool.pool_id, "Username": user.email}),
            extra,
        ),
    )
    .await
}

fn answers(event: &Value) -> Vec<(String, String)> {
    event["ChallengeResponses"]
        .as_array()
        .expect("ChallengeResponses")
        .iter()
        .map(|c| {
            (
                c["ChallengeName"].as_str().unwrap_or_default().to_string(),
                c["ChallengeResponse"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

fn pair(name: &str, response: &str) -> (String, String) {
    (name.to_string(), response.to_string())
}

async fn answer_sms(
    app: &TestApp,
    pool: &Pool,
    user: &TestUser,
    session: &Value,
    code: &str,
) -> Reply {
    app.call(
        "RespondToAuthChallenge",
        json!({"ClientId": pool.client_id, "ChallengeName": "SMS_MFA", "Session": session,
               "ChallengeResponses": {"USERNAME": user.email, "SMS_MFA_CODE": code}}),
    )
    .await
}

#[tokio::test]
async fn sign_ins_show_each_step_folded_into_one_event_newest_first() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sms_mfa_user(&pool, SMS_PHONE).await;

    let refused = app
        .password_auth(&pool.client_id, &user.email, "WrongPass999")
        .await;
    assert_error(&refused, "NotAuthorizedException", INCORRECT);

    let challenge = assert_ok(
        app.password_auth(&pool.client_id, &user.email, &user.password)
            .await,
    );
    assert_eq!(challenge["ChallengeName"], "SMS_MFA", "{challenge}");
    let listed = events(&app, &pool, &user, json!({})).await;
    let newest = &listed["AuthEvents"][0];
    assert_eq!(newest["EventType"], "SignIn");
    assert_eq!(newest["EventResponse"], "InProgress");
    assert_eq!(answers(newest), [pair("Password", "Success")]);

    let code = app.last_code(SMS_PHONE);
    let other = if code == "000000" { "111111" } else { "000000" };
    let wrong = answer_sms(&app, &pool, &user, &challenge["Session"], other).await;
    assert_eq!(wrong.1["__type"], "CodeMismatchException", "{}", wrong.1);
    assert_ok(answer_sms(&app, &pool, &user, &challenge["Session"], &code).await);

    let listed = events(&app, &pool, &user, json!({})).await;
    let all = listed["AuthEvents"].as_array().expect("AuthEvents");
    let kinds: Vec<_> = all.iter().map(|e| e["EventType"].clone()).collect();
    // Confirmation, the Admin actions and the MFA change are the audit log's own kinds.
    assert_eq!(kinds, [json!("SignIn"), json!("SignIn"), json!("SignUp")]);
    assert!(listed.get("NextToken").is_none(), "{listed}");

    let signed_in = &all[0];
    assert_eq!(signed_in["EventId"], newest["EventId"], "the same sign-in");
    assert_eq!(signed_in["EventResponse"], "Pass");
    assert_eq!(
        answers(signed_in),
        [
            pair("Password", "Success"),
            pair("Mfa", "Failure"),
            pair("Mfa", "Success"),
        ]
    );
    assert_eq!(signed_in["EventRisk"]["RiskDecision"], "NoRisk");
    assert!(signed_in["CreationDate"].is_number());
    let failed = &all[1];
    assert_eq!(failed["EventResponse"], "Fail");
    assert_eq!(answers(failed), [pair("Password", "Failure")]);
    assert_eq!(all[2]["EventResponse"], "Pass");

    // One at a time: the same events, each once.
    let mut paged = Vec::new();
    let mut token: Option<Value> = None;
    loop {
        let extra = match &token {
            Some(t) => json!({"MaxResults": 1, "NextToken": t}),
            None => json!({"MaxResults": 1}),
        };
        let page = events(&app, &pool, &user, extra).await;
        let items = page["AuthEvents"].as_array().expect("AuthEvents");
        assert_eq!(items.len(), 1, "{page}");
        paged.push(items[0]["EventId"].clone());
        match page.get("NextToken") {
            Some(next) => token = Some(next.clone()),
            None => break,
        }
    }
    let ids: Vec<_> = all.iter().map(|e| e["EventId"].clone()).collect();
    assert_eq!(paged, ids);
}

#[tokio::test]
async fn feedback_is_given_by_an_administrator_and_refused_to_a_wrong_token() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    let user = app.sign_up_confirmed_user(&pool).await;
    app.sign_in(&pool.client_id, &user).await;
    let listed = events(&app, &pool, &user, json!({})).await;
    let event_id = listed["AuthEvents"][0]["EventId"].clone();
    assert!(listed["AuthEvents"][0].get("EventFeedback").is_none());

    let named = json!({"UserPoolId": pool.pool_id, "Username": user.email, "EventId": event_id});
    let given = app
        .ok(
            "AdminUpdateAuthEventFeedback",
            merged(named.clone(), json!({"FeedbackValue": "Invalid"})),
        )
        .await;
    assert_eq!(given, json!({}));
    let listed = events(&app, &pool, &user, json!({})).await;
    let feedback = &listed["AuthEvents"][0]["EventFeedback"];
    assert_eq!(feedback["FeedbackValue"], "Invalid");
    assert_eq!(feedback["Provider"], "Admin");

    let wrong = app
        .call(
            "UpdateAuthEventFeedback",
            merged(
                named.clone(),
                json!({"FeedbackToken": "not-the-token", "FeedbackValue": "Valid"}),
            ),
        )
        .await;
    assert_eq!(wrong.1["__type"], "NotAuthorizedException", "{}", wrong.1);
    let unknown = app
        .call(
            "AdminUpdateAuthEventFeedback",
            merged(
                named,
                json!({"EventId": "no-such-event", "FeedbackValue": "Valid"}),
            ),
        )
        .await;
    assert_error(
        &unknown,
        "ResourceNotFoundException",
        "Auth event not found.",
    );
    let nobody = app
        .call(
            "AdminListUserAuthEvents",
            json!({"UserPoolId": pool.pool_id, "Username": "nobody@example.com"}),
        )
        .await;
    assert_error(&nobody, "UserNotFoundException", "User does not exist.");
}
