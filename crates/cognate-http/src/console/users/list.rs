//! The users list of a pool: ListUsers, a page at a time, with the `Filter` the operator
//! types and Cognito's message when it refuses one.

use axum::{
    extract::{Path, RawQuery},
    http::StatusCode,
    response::Response,
};
use maud::{html, Markup};
use serde_json::{json, Value};

use super::common::{attribute, place, user_url, users_url};
use crate::console::{
    access::Operator,
    pool_settings::{pool_header, query_param, text},
    shell::{text_field, Shell},
};

/// Users on one page of the list.
const PAGE_SIZE: i64 = 50;

/// The examples under the Filter field.
const FILTER_HINT: &str = "One condition, as ListUsers reads it: = finds an exact value, ^= a \
    prefix. Examples: email ^= \"ann\", username = \"ann.lee\", phone_number ^= \"+1555\", \
    cognito:user_status = \"UNCONFIRMED\", status = \"Disabled\".";

/// What one page of the users list shows.
struct Listing<'a> {
    filter: &'a str,
    users: &'a [Value],
    /// The next page's PaginationToken.
    next: Option<&'a str>,
    /// Why ListUsers refused the filter.
    error: Option<&'a str>,
    notice: Option<&'a str>,
}

/// `GET /console/pools/{pool_id}/users?filter=…&token=…`: ListUsers with the typed filter.
pub(super) async fn list(
    operator: Operator,
    Path(pool_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let pool = pool_header(&operator, &pool_id).await?;
    let query = query.as_deref();
    let typed = query_param(query, "filter").unwrap_or_default();
    let filter = typed.trim();
    let notice = query_param(query, "notice");
    let mut request = json!({ "UserPoolId": pool_id, "Limit": PAGE_SIZE });
    if !filter.is_empty() {
        request["Filter"] = Value::from(filter);
    }
    if let Some(token) = query_param(query, "token").filter(|t| !t.is_empty()) {
        request["PaginationToken"] = Value::from(token);
    }
    Ok(match operator.call("ListUsers", request).await {
        Ok(page) => {
            let users = page
                .get("Users")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let listing = Listing {
                filter,
                users,
                next: page.get("PaginationToken").and_then(Value::as_str),
                error: None,
                notice: notice.as_deref(),
            };
            list_page(&operator, &pool_id, &pool, &listing, StatusCode::OK)
        }
        Err(error) => {
            let (kind, message) = error.parts();
            if kind != "InvalidParameterException" {
                return Err(operator.failure(&error));
            }
            let listing = Listing {
                filter,
                users: &[],
                next: None,
                error: Some(message),
                notice: notice.as_deref(),
            };
            list_page(
                &operator,
                &pool_id,
                &pool,
                &listing,
                StatusCode::BAD_REQUEST,
            )
        }
    })
}

/// The users list page.
fn list_page(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    listing: &Listing<'_>,
    status: StatusCode,
) -> Response {
    let base = users_url(pool_id);
    let next_url = listing.next.map(|token| {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("filter", listing.filter)
            .append_pair("token", token)
            .finish();
        format!("{base}?{query}")
    });
    let body = html! {
        p { a class="button" href=(format!("{base}/new")) { "Create user" } }
        form method="get" action=(base) role="search" {
            (text_field("Filter", "filter", "text", listing.filter, Some(FILTER_HINT), listing.error))
            div class="actions" {
                button type="submit" class="secondary" { "Search" }
                @if !listing.filter.is_empty() {
                    a href=(base) { "Show all users" }
                }
            }
        }
        @if listing.error.is_none() {
            @if listing.users.is_empty() {
                @if listing.filter.is_empty() {
                    p class="empty" { "This pool has no users yet. Create one with Create user, or let people sign up through an app client." }
                } @else {
                    p class="empty" { "No user matches this filter. Check the attribute name and the value, or show all users." }
                }
            } @else {
                div class="table-wrap" {
                    table {
                        thead {
                            tr {
                                th { "User name" }
                                th { "Email" }
                                th { "Phone number" }
                                th { "Confirmation status" }
                                th { "Status" }
                            }
                        }
                        tbody {
                            @for user in listing.users {
                                (user_row(pool_id, user))
                            }
                        }
                    }
                }
            }
            @if let Some(next) = next_url {
                p { a href=(next) { "Next page" } }
            }
        }
    };
    Shell {
        title: "Users",
        place: place(pool_id, pool),
        notice: listing.notice,
        error: listing.error,
        body,
    }
    .respond(operator, status)
}

/// One user of the list.
fn user_row(pool_id: &str, user: &Value) -> Markup {
    let username = text(user, "Username");
    let attributes = user.get("Attributes");
    let enabled = user.get("Enabled").and_then(Value::as_bool).unwrap_or(true);
    html! {
        tr {
            td { a href=(user_url(pool_id, username)) { (username) } }
            td { (attribute(attributes, "email").unwrap_or("–")) }
            td { (attribute(attributes, "phone_number").unwrap_or("–")) }
            td { (text(user, "UserStatus")) }
            td { (if enabled { "Enabled" } else { "Disabled" }) }
        }
    }
}
