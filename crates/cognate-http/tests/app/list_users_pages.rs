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

fn is_invalid_marker(reply: &Reply) -> bool {
    reply.1["__type"] == "InvalidParameterException"
        && reply.1["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Paging marker"))
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
    assert!(is_invalid_marker(&page(&app, &pool, Some(&second)).await));
}

#[tokio::test]
async fn a_pagination_token_of_another_pool_or_made_up_is_refused() {
    let app = spawn_app().await;
    let (one, other) = (app.create_seed_pool().await, app.create_seed_pool().await);
    for _ in 0..2 {
        app.sign_up_confirmed_user(&one).await;
    }
    let token = next_token(&page(&app, &one, None).await);
    assert!(is_invalid_marker(&page(&app, &other, Some(&token)).await));
    assert!(is_invalid_marker(
        &page(&app, &one, Some("not-a-token")).await
    ));
    // the listing itself still pages through every user once
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let reply = page(&app, &one, token.as_deref()).await;
        seen.extend(reply.1["Users"].as_array().expect("Users").clone());
        match reply.1["PaginationToken"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 2);
}
