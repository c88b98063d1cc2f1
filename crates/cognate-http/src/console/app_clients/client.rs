//! An app client's page (its settings, and its secret on the one page that shows it) and its
//! deletion, which asks first (DeleteUserPoolClient).

use axum::{
    extract::{Path, RawQuery},
    http::StatusCode,
    response::Response,
};
use maud::{html, Markup};
use serde_json::{json, Value};

use super::common::{client_url, number, pool_and_client, refusal, show_client, strings, Frame};
use crate::console::{
    access::{Form, Operator},
    pool_settings::text,
    shell::{csrf_field, notice_query, query_map},
};

/// An epoch-seconds member as a UTC date and time.
fn date(value: &Value, key: &str) -> String {
    let Some(seconds) = value.get(key).and_then(Value::as_f64) else {
        return String::new();
    };
    let format =
        time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    time::OffsetDateTime::from_unix_timestamp(seconds as i64)
        .ok()
        .and_then(|t| t.format(format).ok())
        .unwrap_or_default()
}

/// Items as code, separated by commas, or `none` when there are none.
fn listed(items: &[String], none: &str) -> Markup {
    html! {
        @if items.is_empty() {
            (none)
        } @else {
            @for (i, item) in items.iter().enumerate() {
                @if i > 0 { ", " }
                code { (item) }
            }
        }
    }
}

/// A token's expiration as "60 minutes".
fn validity(client: &Value, member: &str, unit: &str) -> String {
    let unit = client
        .get("TokenValidityUnits")
        .and_then(|units| units.get(unit))
        .and_then(Value::as_str)
        .unwrap_or_default();
    match client.get(member).and_then(Value::as_i64) {
        Some(amount) => format!("{amount} {unit}"),
        None => "Cognito's default".to_string(),
    }
}

/// The client's page: its settings, and links to change them. `secret` is the client secret
/// right after CreateUserPoolClient, shown that once; later pages say only that there is one.
pub(super) fn client_body(pool_id: &str, client: &Value, secret: Option<&str>) -> Markup {
    let client_id = text(client, "ClientId");
    let base = client_url(pool_id, client_id);
    let has_secret = client.get("ClientSecret").is_some_and(|s| !s.is_null());
    let read = match strings(client, "ReadAttributes") {
        Some(list) => listed(&list, "None"),
        None => html! { "All attributes (no choice made)" },
    };
    let write = match strings(client, "WriteAttributes") {
        Some(list) => listed(&list, "None"),
        None => html! { "All mutable attributes (no choice made)" },
    };
    let flag = |member: &str, default: bool| {
        if client
            .get(member)
            .and_then(Value::as_bool)
            .unwrap_or(default)
        {
            "Enabled"
        } else {
            "Disabled"
        }
    };
    let none = |list: Option<Vec<String>>| list.unwrap_or_default();
    html! {
        @if let Some(secret) = secret {
            section class="panel" {
                h2 { "Client secret" }
                code class="secret" { (secret) }
                p { strong { "Copy the client secret now: it is not shown again." } }
                p class="hint" {
                    "The application signs its requests with it (SECRET_HASH) and presents it at the token endpoint."
                }
            }
        }
        div class="actions" {
            a class="button" href=(format!("{base}/edit")) { "Edit" }
            a href=(format!("{base}/attributes")) { "Set attribute read and write permissions" }
            a href=(format!("{base}/delete")) { "Delete app client" }
        }
        section class="panel" {
            h2 { "App client information" }
            dl class="facts" {
                dt { "App client name" } dd { (text(client, "ClientName")) }
                dt { "Client ID" } dd { code { (client_id) } }
                dt { "Client secret" }
                dd {
                    @if has_secret {
                        "Generated (it was shown once, when the client was created)"
                    } @else {
                        "None"
                    }
                }
                dt { "Created" } dd { (date(client, "CreationDate")) }
                dt { "Last modified" } dd { (date(client, "LastModifiedDate")) }
                dt { "Authentication flows" } dd { (listed(&none(strings(client, "ExplicitAuthFlows")), "None")) }
                dt { "Authentication flow session duration" } dd { (number(client, "AuthSessionValidity")) " minutes" }
                dt { "Refresh token expiration" } dd { (validity(client, "RefreshTokenValidity", "RefreshToken")) }
                dt { "Access token expiration" } dd { (validity(client, "AccessTokenValidity", "AccessToken")) }
                dt { "ID token expiration" } dd { (validity(client, "IdTokenValidity", "IdToken")) }
                dt { "Prevent user existence errors" }
                dd {
                    @if text(client, "PreventUserExistenceErrors") == "ENABLED" { "Enabled" } @else { "Disabled (legacy)" }
                }
                dt { "Token revocation" } dd { (flag("EnableTokenRevocation", true)) }
            }
        }
        section class="panel" {
            h2 { "Attribute read and write permissions" }
            dl class="facts" {
                dt { "Read" } dd { (read) }
                dt { "Write" } dd { (write) }
            }
        }
        section class="panel" {
            h2 { "Hosted UI and OAuth 2.0" }
            dl class="facts" {
                dt { "Allowed OAuth flows user pool client" } dd { (flag("AllowedOAuthFlowsUserPoolClient", false)) }
                dt { "Allowed callback URLs" } dd { (listed(&none(strings(client, "CallbackURLs")), "None")) }
                dt { "Allowed sign-out URLs" } dd { (listed(&none(strings(client, "LogoutURLs")), "None")) }
                dt { "Default redirect URL" }
                dd {
                    @if text(client, "DefaultRedirectURI").is_empty() { "None" } @else { code { (text(client, "DefaultRedirectURI")) } }
                }
                dt { "OAuth grant types" } dd { (listed(&none(strings(client, "AllowedOAuthFlows")), "None")) }
                dt { "OAuth scopes" } dd { (listed(&none(strings(client, "AllowedOAuthScopes")), "None")) }
                dt { "Identity providers" } dd { (listed(&none(strings(client, "SupportedIdentityProviders")), "None")) }
            }
        }
    }
}

/// `GET /console/pools/{pool_id}/clients/{client_id}`.
pub(super) async fn client_page(
    operator: Operator,
    Path((pool_id, client_id)): Path<(String, String)>,
    RawQuery(raw_query): RawQuery,
) -> Response {
    let query = query_map(raw_query.as_deref());
    let notice = query.get("notice").map(String::as_str);
    show_client(&operator, &pool_id, &client_id, notice, |_, client| {
        let title = text(client, "ClientName").to_string();
        (title, client_body(&pool_id, client, None))
    })
    .await
}

/// The question before a client is deleted, with the form that deletes it.
fn delete_body(operator: &Operator, pool_id: &str, client: &Value) -> Markup {
    let base = client_url(pool_id, text(client, "ClientId"));
    html! {
        section class="panel" {
            p {
                "Delete app client " strong { (text(client, "ClientName")) }
                " (" code { (text(client, "ClientId")) } ")? Applications configured with this client ID can no longer sign users in. This cannot be undone."
            }
            form method="post" action=(format!("{base}/delete")) {
                (csrf_field(operator))
                div class="actions" {
                    button type="submit" class="danger" { "Delete" }
                    a href=(base) { "Cancel" }
                }
            }
        }
    }
}

/// `GET /console/pools/{pool_id}/clients/{client_id}/delete`: asks first.
pub(super) async fn delete_page(
    operator: Operator,
    Path((pool_id, client_id)): Path<(String, String)>,
) -> Response {
    show_client(&operator, &pool_id, &client_id, None, |_, client| {
        let body = delete_body(&operator, &pool_id, client);
        ("Delete app client".to_string(), body)
    })
    .await
}

/// `POST /console/pools/{pool_id}/clients/{client_id}/delete`: DeleteUserPoolClient, then the
/// list of clients.
pub(super) async fn delete_client(
    Path((pool_id, client_id)): Path<(String, String)>,
    form: Form,
) -> Result<Response, Response> {
    let operator = &form.operator;
    let (pool, client) = pool_and_client(operator, &pool_id, &client_id).await?;
    let request = json!({ "UserPoolId": pool_id, "ClientId": client_id });
    Ok(match operator.call("DeleteUserPoolClient", request).await {
        Ok(_) => {
            let notice = format!("App client {} deleted.", text(&client, "ClientName"));
            let url = format!("/console/pools/{pool_id}/clients?{}", notice_query(&notice));
            operator.see_other(&url)
        }
        Err(e) => {
            let Some(message) = refusal(&e) else {
                return Err(operator.failure(&e));
            };
            let frame = Frame::new(operator, &pool_id, &pool);
            let body = delete_body(operator, &pool_id, &client);
            frame.show(
                "Delete app client",
                None,
                Some(message.as_str()),
                body,
                StatusCode::BAD_REQUEST,
            )
        }
    })
}
