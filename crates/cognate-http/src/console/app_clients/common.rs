//! What the app client pages share: the frame of a page in the pool's "App clients"
//! section, reading a client's JSON, the client's URL and the redirect to it after a save, Cognito's refusal and the field it
//! concerns, the pool and client a page is about (and the page showing them), the UpdateUserPoolClient request that
//! carries every member over, and the authentication-flow checkboxes of the create and edit
//! forms.

use std::collections::HashSet;

use axum::{http::StatusCode, response::Response};
use maud::{html, Markup};
use serde_json::{json, Map, Value};

use crate::{
    console::{
        access::Operator,
        pool_settings::{pool_header, pool_name, text},
        shell::{checkbox, notice_query, Place, Section, Shell},
    },
    error::ApiError,
};

/// The authentication flows the forms offer, in the AWS console's order.
const FLOWS: [&str; 5] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// The members of UpdateUserPoolClient besides the pool and client ids.
const UPDATABLE: [&str; 21] = [
    "ClientName",
    "RefreshTokenValidity",
    "AccessTokenValidity",
    "IdTokenValidity",
    "TokenValidityUnits",
    "ReadAttributes",
    "WriteAttributes",
    "ExplicitAuthFlows",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration",
    "PreventUserExistenceErrors",
    "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData",
    "AuthSessionValidity",
    "RefreshTokenRotation",
];

/// The pool a page belongs to, for the frame around the page.
pub(super) struct Frame<'a> {
    operator: &'a Operator,
    pool_id: &'a str,
    pool_name: &'a str,
}

impl<'a> Frame<'a> {
    /// The frame of a page about `pool` (DescribeUserPool's `UserPool`).
    pub(super) fn new(operator: &'a Operator, pool_id: &'a str, pool: &'a Value) -> Frame<'a> {
        Frame {
            operator,
            pool_id,
            pool_name: pool_name(pool),
        }
    }

    /// The page in the pool's "App clients" section.
    pub(super) fn show(
        &self,
        title: &str,
        notice: Option<&str>,
        error: Option<&str>,
        body: Markup,
        status: StatusCode,
    ) -> Response {
        Shell {
            title,
            place: Place::Pool {
                id: self.pool_id,
                name: self.pool_name,
                section: Section::AppClients,
            },
            notice,
            error,
            body,
        }
        .respond(self.operator, status)
    }
}

/// A list-of-strings member of a JSON object; `None` when absent.
pub(super) fn strings(value: &Value, key: &str) -> Option<Vec<String>> {
    value.get(key).and_then(Value::as_array).map(|items| {
        items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    })
}

/// A whole-number member as the text of a number field; empty when absent.
pub(super) fn number(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_i64)
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// Whether `list` holds `name`.
pub(super) fn has(list: &[String], name: &str) -> bool {
    list.iter().any(|item| item == name)
}

/// `list` without repeats, in its order.
pub(super) fn dedupe(list: &mut Vec<String>) {
    let mut seen = HashSet::new();
    list.retain(|item| seen.insert(item.clone()));
}

/// The client's page.
pub(super) fn client_url(pool_id: &str, client_id: &str) -> String {
    format!("/console/pools/{pool_id}/clients/{client_id}")
}

/// What the operator reads when Cognito refuses a change; `None` for a failure no form can
/// mend (the server's own, or a client that is gone), which gets the failure page.
pub(super) fn refusal(error: &ApiError) -> Option<String> {
    let (kind, message) = error.parts();
    match kind {
        "InternalErrorException" | "ResourceNotFoundException" => None,
        _ if message.is_empty() => Some(kind.to_string()),
        _ => Some(message.to_string()),
    }
}

/// The form field a refusal concerns, found by the member Cognito's message names.
pub(super) fn field_of(message: &str) -> Option<&'static str> {
    const FIELDS: [(&str, &str); 16] = [
        ("DefaultRedirectURI", "default_redirect_uri"),
        ("LogoutURL", "logout_urls"),
        ("CallbackURL", "callback_urls"),
        ("clientName", "client_name"),
        ("Access token", "access_token_validity"),
        ("accessTokenValidity", "access_token_validity"),
        ("Id token", "id_token_validity"),
        ("idTokenValidity", "id_token_validity"),
        ("Refresh token", "refresh_token_validity"),
        ("refreshTokenValidity", "refresh_token_validity"),
        ("AuthSessionValidity", "auth_session_validity"),
        ("Invalid scope", "custom_scopes"),
        ("auth flow", "flow"),
        ("allowedOAuthFlows", "oauth_flow"),
        ("client_credentials flow", "oauth_flow"),
        ("provider", "identity_provider"),
    ];
    FIELDS
        .iter()
        .find(|(needle, _)| message.contains(*needle))
        .map(|(_, field)| *field)
}

/// The client as DescribeUserPoolClient returns it (its `UserPoolClient`).
async fn describe(operator: &Operator, pool_id: &str, client_id: &str) -> Result<Value, ApiError> {
    let response = operator
        .call(
            "DescribeUserPoolClient",
            json!({ "UserPoolId": pool_id, "ClientId": client_id }),
        )
        .await?;
    Ok(response
        .get("UserPoolClient")
        .cloned()
        .unwrap_or(Value::Null))
}

/// The pool and the client a page is about, or the page that says why they cannot be shown.
pub(super) async fn pool_and_client(
    operator: &Operator,
    pool_id: &str,
    client_id: &str,
) -> Result<(Value, Value), Response> {
    let pool = pool_header(operator, pool_id).await?;
    let client = describe(operator, pool_id, client_id)
        .await
        .map_err(|e| operator.failure(&e))?;
    Ok((pool, client))
}

/// A 303 back to the client's page, saying what was saved.
pub(super) fn client_saved(
    operator: &Operator,
    pool_id: &str,
    client_id: &str,
    notice: &str,
) -> Response {
    let url = format!(
        "{}?{}",
        client_url(pool_id, client_id),
        notice_query(notice)
    );
    operator.see_other(&url)
}

/// The page about one client of the pool, with 200: `page` gives its title and body from the
/// pool and the client (DescribeUserPoolClient's `UserPoolClient`). When either cannot be read,
/// the page that says why.
pub(super) async fn show_client(
    operator: &Operator,
    pool_id: &str,
    client_id: &str,
    notice: Option<&str>,
    page: impl FnOnce(&Value, &Value) -> (String, Markup),
) -> Response {
    let (pool, client) = match pool_and_client(operator, pool_id, client_id).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let (title, body) = page(&pool, &client);
    Frame::new(operator, pool_id, &pool).show(&title, notice, None, body, StatusCode::OK)
}

/// An UpdateUserPoolClient request that leaves `client` (a DescribeUserPoolClient
/// `UserPoolClient`) as it is: every updatable member it has, copied over. A form then changes
/// only its own members in it.
pub(super) fn update_request(pool_id: &str, client: &Value) -> Map<String, Value> {
    let mut request = Map::new();
    request.insert("UserPoolId".into(), json!(pool_id));
    request.insert("ClientId".into(), json!(text(client, "ClientId")));
    for member in UPDATABLE {
        if let Some(value) = client.get(member).filter(|v| !v.is_null()) {
            request.insert(member.to_string(), value.clone());
        }
    }
    request
}

/// The authentication-flow checkboxes: the five `ALLOW_` flows, and any other flow the client
/// already has (so that saving keeps it), the ticked ones those in `ticked`.
pub(super) fn flow_boxes(offered: &[String], ticked: &[String], error: Option<&str>) -> Markup {
    html! {
        fieldset class="choices" {
            legend { "Authentication flows" }
            @for flow in offered {
                div { (checkbox(flow, "flow", flow, has(ticked, flow))) }
            }
            p class="hint" {
                "ALLOW_REFRESH_TOKEN_AUTH lets the app renew its tokens; ALLOW_USER_SRP_AUTH is the sign-in the AWS SDKs and Amplify use."
            }
            @if let Some(error) = error {
                p class="field-error" role="alert" { (error) }
            }
        }
    }
}

/// The flows a form offers: the five `ALLOW_` flows, then any other in `also`.
pub(super) fn offered_flows<'a>(also: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut flows: Vec<String> = FLOWS.iter().map(|f| f.to_string()).collect();
    flows.extend(also.into_iter().cloned());
    dedupe(&mut flows);
    flows
}
