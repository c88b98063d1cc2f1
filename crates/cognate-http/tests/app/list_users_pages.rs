//! ListUsers pagination tokens last an hour and belong to their pool.

use serde_json::json;

use crate::helpers::*;

async fn page(app: &TestApp, pool: &Pool, token: Option<&str>) -> Reply {
    let mut body = json!({ "UserPoolId": pool.pool_id, "Limit": 1 });
    if let Some(token) = token {
        body["PaginationToken"] = json!(token);
    }
    app.call("ListUsers", body).await
}

fn next_token(reply: &Reply) -> String {
    assert_eq!(reply.0.as_u16(), 200, "{}", reply.1);
    reply.1["PaginationToken"]
        .as_str()
        .expect("PaginationToken")
        .to_string()
}

#[track_caller]
fn assert_invalid_marker(reply: &Reply, token: &str) {
    let message = format!("Paging marker {token} is invalid for request.");
    assert_error(reply, "InvalidParameterException", &message);
}

#[tokio::test]
async fn a_pagination_token_works_for_59_minutes_not_61() {
    let app = spawn_app().await;
    let pool = app.create_seed_pool().await;
    for _ in 0..3 {
        app.sign_up_confirmed_user(&pool).await;
    }
    let first = next_token(&page(&app, &pool, None).await);
    app.advance_ms(59 * MINUTE);
    let second = next_token(&page(&app, &pool, Some(&first)).await);
    app.advance_ms(61 * MINUTE);
    assert_invalid_marker(&page(&app, &pool, Some(&second)).await, &second);
}

#[tokio::test]
async fn a_pagination_token_of_another_pool_or_made_up_is_refused() {
    let app = spawn_app().await;
    let (one, other) = (app.create_seed_pool().await, app.create_seed_pool().await);
    for _ in 0..2 {
        app.sign_up_confirmed_user(&one).await;
    }
    let token = next_token(&page(&app, &one, None).await);
    assert_invalid_marker(&page(&app, &other, Some(&token)).await, &token);
    let made_up = page(&app, &one, Some("not-a-token")).await;
    assert_invalid_marker(&made_up, "not-a-token");
    // the listing itself still pages through every user once
    let mut seen = Vec::new();
    let mut token = None;
    for _ in 0..5 {
        let reply = page(&app, &one, token.as_deref()).await;
        for user in reply.1["Users"].as_array().expect("Users") {
            seen.push(user["Username"].as_str().expect("Username").to_string());
        }
        token = reply.1["PaginationToken"].as_str().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    assert!(token.is_none(), "the listing did not end");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 2);
}
