//! A pool's list of app clients, a page at a time, and the form that creates one
//! (CreateUserPoolClient), whose answer is the new client's page with its secret.

use axum::{
    extract::{Path, RawQuery},
    http::StatusCode,
    response::Response,
};
use maud::{html, Markup};
use serde_json::{json, Map, Value};

use super::{
    client::client_body,
    common::{client_url, field_of, flow_boxes, offered_flows, refusal, Frame},
};
use crate::console::{
    access::{Form, Operator},
    pool_settings::{pool_header, text},
    problems::error_for,
    shell::{checkbox, csrf_field, query_map, submit, text_field},
};

/// The flows a new client starts with, as in the AWS console.
const NEW_CLIENT_FLOWS: [&str; 2] = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

/// `GET /console/pools/{pool_id}/clients`: the pool's app clients, a page at a time.
pub(super) async fn list(
    operator: Operator,
    Path(pool_id): Path<String>,
    RawQuery(raw_query): RawQuery,
) -> Response {
    let query = query_map(raw_query.as_deref());
    let pool = match pool_header(&operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let frame = Frame::new(&operator, &pool_id, &pool);
    let mut request = Map::new();
    request.insert("UserPoolId".into(), json!(pool_id));
    request.insert("MaxResults".into(), json!(60));
    if let Some(next) = query.get("next").filter(|n| !n.is_empty()) {
        request.insert("NextToken".into(), json!(next));
    }
    let response = match operator
        .call("ListUserPoolClients", Value::Object(request))
        .await
    {
        Ok(response) => response,
        Err(e) => return operator.failure(&e),
    };
    let clients: Vec<Value> = response
        .get("UserPoolClients")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let next = response
        .get("NextToken")
        .and_then(Value::as_str)
        .map(|token| {
            let token: String = form_urlencoded::byte_serialize(token.as_bytes()).collect();
            format!("/console/pools/{pool_id}/clients?next={token}")
        });
    let body = html! {
        p class="hint" {
            "An app client is how an application reaches this pool: its client ID goes into the app's configuration, and its settings say how users may sign in and what the app may read and change."
        }
        div class="actions" {
            a class="button" href=(format!("/console/pools/{pool_id}/clients/new")) { "Create app client" }
        }
        @if clients.is_empty() {
            p class="empty" {
                "This pool has no app clients yet. Create an app client so that an application can sign users in to this pool."
            }
        } @else {
            h2 { "App clients" }
            div class="table-wrap" {
                table {
                    thead { tr { th scope="col" { "App client name" } th scope="col" { "Client ID" } } }
                    tbody {
                        @for c in &clients {
                            tr {
                                td { a href=(client_url(&pool_id, text(c, "ClientId"))) { (text(c, "ClientName")) } }
                                td { code { (text(c, "ClientId")) } }
                            }
                        }
                    }
                }
            }
        }
        @if let Some(next) = next {
            p { a href=(next) { "Next page" } }
        }
    };
    let notice = query.get("notice").map(String::as_str);
    frame.show("App clients", notice, None, body, StatusCode::OK)
}

/// The "Create app client" form.
fn new_body(
    operator: &Operator,
    pool_id: &str,
    name: &str,
    secret: bool,
    flows: &[String],
    error: Option<(&str, &str)>,
) -> Markup {
    html! {
        form method="post" action=(format!("/console/pools/{pool_id}/clients/new")) {
            (csrf_field(operator))
            section class="panel" {
                h2 { "App client" }
                (text_field(
                    "App client name",
                    "client_name",
                    "text",
                    name,
                    Some("1 to 128 characters, how the console and the sign-in pages name the application."),
                    error_for(error, "client_name"),
                ))
                (checkbox("Generate a client secret", "generate_secret", "1", secret))
                p class="hint" {
                    "For an application that runs on a server and can keep a secret. Browser and mobile apps cannot keep one, and go without."
                }
            }
            section class="panel" {
                (flow_boxes(&offered_flows(flows), flows, error_for(error, "flow")))
            }
            (submit("Create app client"))
        }
    }
}

/// `GET /console/pools/{pool_id}/clients/new`.
pub(super) async fn new_client(operator: Operator, Path(pool_id): Path<String>) -> Response {
    let pool = match pool_header(&operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let frame = Frame::new(&operator, &pool_id, &pool);
    let flows: Vec<String> = NEW_CLIENT_FLOWS.iter().map(|f| f.to_string()).collect();
    let body = new_body(&operator, &pool_id, "", false, &flows, None);
    frame.show("Create app client", None, None, body, StatusCode::OK)
}

/// `POST /console/pools/{pool_id}/clients/new`: CreateUserPoolClient. The answer is the new
/// client's page itself, the only page that ever shows its secret.
pub(super) async fn create_client(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let frame = Frame::new(operator, &pool_id, &pool);
    let name = form.get("client_name");
    let generate_secret = form.checked("generate_secret");
    let flows: Vec<String> = form.all_owned("flow");
    // As the AWS console creates them: user existence errors hidden, token revocation on.
    let request = json!({
        "UserPoolId": pool_id,
        "ClientName": name,
        "GenerateSecret": generate_secret,
        "ExplicitAuthFlows": flows,
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": true,
    });
    match operator.call("CreateUserPoolClient", request).await {
        Ok(response) => {
            let client = response
                .get("UserPoolClient")
                .cloned()
                .unwrap_or(Value::Null);
            let secret = client.get("ClientSecret").and_then(Value::as_str);
            let notice = format!("App client {} created.", text(&client, "ClientName"));
            let body = client_body(&pool_id, &client, secret);
            frame.show(
                text(&client, "ClientName"),
                Some(notice.as_str()),
                None,
                body,
                StatusCode::OK,
            )
        }
        Err(e) => {
            let Some(message) = refusal(&e) else {
                return operator.failure(&e);
            };
            let error = field_of(&message).map(|field| (field, message.as_str()));
            let body = new_body(operator, &pool_id, name, generate_secret, &flows, error);
            frame.show(
                "Create app client",
                None,
                Some(message.as_str()),
                body,
                StatusCode::BAD_REQUEST,
            )
        }
    }
}
