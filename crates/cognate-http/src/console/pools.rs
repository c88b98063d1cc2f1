//! `/console/pools`: the server's user pools. Their list, a pool's overview (identifiers, users
//! by status, its key set and discovery document) and its deletion, which asks for the pool's
//! name first; the form that creates a pool is in [`new_pool`](super::new_pool). Each action is
//! the Cognito operation itself (ListUserPools, DescribeUserPool, ListUsers, DeleteUserPool).

use std::collections::BTreeMap;

use axum::{
    extract::{Path, RawQuery},
    http::StatusCode,
    response::Response,
    routing::get,
    Router,
};
use maud::html;
use serde_json::{json, Map, Value};

use super::{
    access::{Form, Operator},
    new_pool::{create, new_pool},
    pool_settings::{date, member_text, pool_header, pool_name, query_param, MFA_CHOICES},
    problems::{field_error, refusal, Problem},
    shell::{csrf_field, notice_query, text_field, Place, Section, Shell},
};
use crate::{error::ApiError, state::AppState};

/// How many pages of users the overview counts (60 users a page) before it stops.
const COUNT_PAGES: usize = 10;
/// Users a ListUsers page holds.
const COUNT_PAGE_SIZE: u64 = 60;

/// The routes of the pool list, the pool form, the overview and the deletion.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/pools", get(list))
        .route("/console/pools/new", get(new_pool).post(create))
        .route("/console/pools/{pool_id}", get(overview))
        .route(
            "/console/pools/{pool_id}/delete",
            get(confirm_delete).post(delete),
        )
}

/// `text` for a URL's query.
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

// ------------------------------------------------------------------ the list

/// `GET /console/pools`: the pools, 60 a page, with the way to create one.
async fn list(operator: Operator, RawQuery(query): RawQuery) -> Response {
    let query = query.as_deref();
    let mut request = Map::new();
    request.insert("MaxResults".into(), json!(60));
    if let Some(next) = query_param(query, "next") {
        request.insert("NextToken".into(), json!(next));
    }
    let page = match operator.call("ListUserPools", Value::Object(request)).await {
        Ok(page) => page,
        Err(e) => return operator.failure(&e),
    };
    let pools: &[Value] = page
        .get("UserPools")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let next = page.get("NextToken").and_then(Value::as_str);
    let notice = query_param(query, "notice");
    let body = html! {
        div class="actions" {
            a class="button" href="/console/pools/new" { "Create user pool" }
        }
        @if pools.is_empty() {
            p class="empty" {
                "There are no user pools yet. A user pool holds users and the app clients they sign in with: choose Create user pool to make the first one."
            }
        } @else {
            div class="table-wrap" {
                table {
                    thead { tr { th { "User pool name" } th { "User pool ID" } th { "Created" } } }
                    tbody {
                        @for pool in pools {
                            @let id = member_text(pool, &["Id"]);
                            tr {
                                td { a href=(format!("/console/pools/{id}")) { (pool_name(pool)) } }
                                td { code { (id) } }
                                td { (date(pool.get("CreationDate"))) }
                            }
                        }
                    }
                }
            }
            @if let Some(next) = next {
                p { a href=(format!("/console/pools?next={}", encode(next))) { "Next page" } }
            }
        }
    };
    Shell {
        title: "User pools",
        place: Place::Pools,
        notice: notice.as_deref(),
        error: None,
        body,
    }
    .respond(&operator, StatusCode::OK)
}

// ------------------------------------------------------------------ the overview

/// Users of a pool by status, as far as the overview counted them.
#[derive(Default)]
struct UserCounts {
    by_status: BTreeMap<String, u64>,
    disabled: u64,
    counted: u64,
    /// Whether every user was counted (false when the count stopped after its pages).
    complete: bool,
}

/// Counts a pool's users by status with ListUsers, for at most [`COUNT_PAGES`] pages.
async fn count_users(operator: &Operator, pool_id: &str) -> Result<UserCounts, ApiError> {
    let mut counts = UserCounts::default();
    let mut token: Option<String> = None;
    for _ in 0..COUNT_PAGES {
        let mut request = Map::new();
        request.insert("UserPoolId".into(), json!(pool_id));
        request.insert("Limit".into(), json!(COUNT_PAGE_SIZE));
        request.insert("AttributesToGet".into(), json!(["sub"]));
        if let Some(token) = &token {
            request.insert("PaginationToken".into(), json!(token));
        }
        let page = operator.call("ListUsers", Value::Object(request)).await?;
        for user in page
            .get("Users")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            counts.counted += 1;
            let status = member_text(user, &["UserStatus"]);
            *counts.by_status.entry(status).or_default() += 1;
            if user.get("Enabled").and_then(Value::as_bool) == Some(false) {
                counts.disabled += 1;
            }
        }
        token = page
            .get("PaginationToken")
            .and_then(Value::as_str)
            .map(str::to_string);
        if token.is_none() {
            counts.complete = true;
            break;
        }
    }
    Ok(counts)
}

/// The users-by-status line of the overview.
fn status_line(counts: &UserCounts) -> String {
    if counts.counted == 0 {
        return "No users yet: create one under Users, or let users sign up through an app client."
            .into();
    }
    let mut parts: Vec<String> = counts
        .by_status
        .iter()
        .map(|(status, n)| format!("{status}: {n}"))
        .collect();
    if counts.disabled > 0 {
        parts.push(format!("disabled: {}", counts.disabled));
    }
    let line = parts.join(", ");
    if counts.complete {
        line
    } else {
        format!(
            "More than {} users; the first {} counted are {line}.",
            counts.counted, counts.counted
        )
    }
}

/// `GET /console/pools/{pool_id}`: the pool's overview.
async fn overview(
    operator: Operator,
    Path(pool_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let pool = pool_header(&operator, &pool_id).await?;
    let counts = count_users(&operator, &pool_id)
        .await
        .map_err(|e| operator.failure(&e))?;
    let name = pool_name(&pool);
    let estimated = pool
        .get("EstimatedNumberOfUsers")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    let joined = |key: &str| {
        pool.get(key)
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let (usernames, aliases) = (joined("UsernameAttributes"), joined("AliasAttributes"));
    let sign_in = match (usernames.is_empty(), aliases.is_empty()) {
        (false, _) => usernames,
        (true, false) => format!("User name, or {aliases}"),
        (true, true) => "User name".to_string(),
    };
    let mfa = member_text(&pool, &["MfaConfiguration"]);
    let mfa_label = MFA_CHOICES
        .iter()
        .find(|(value, _, _)| *value == mfa)
        .map_or("No MFA", |(_, label, _)| *label);
    let protected = member_text(&pool, &["DeletionProtection"]) == "ACTIVE";
    let domain = member_text(&pool, &["Domain"]);
    let notice = query_param(query.as_deref(), "notice");
    let body = html! {
        section class="panel" {
            h2 { "User pool information" }
            dl class="facts" {
                dt { "User pool ID" } dd { code { (pool_id) } }
                dt { "ARN" } dd { code { (member_text(&pool, &["Arn"])) } }
                dt { "Estimated number of users" } dd { (estimated) }
                dt { "Users by status" } dd { (status_line(&counts)) }
                dt { "Sign-in identifiers" } dd { (sign_in) }
                dt { "Multi-factor authentication" } dd { (mfa_label) }
                @if !domain.is_empty() {
                    dt { "Domain" } dd { code { (domain) } }
                }
                dt { "Created" } dd { (date(pool.get("CreationDate"))) }
                dt { "Last modified" } dd { (date(pool.get("LastModifiedDate"))) }
                dt { "Token signing keys" }
                dd { a href=(format!("/{pool_id}/.well-known/jwks.json")) { "JWKS" } }
                dt { "Discovery document" }
                dd { a href=(format!("/{pool_id}/.well-known/openid-configuration")) { "OpenID configuration" } }
            }
        }
        section class="panel" {
            h2 { "Deletion" }
            @if protected {
                p class="hint" { "Deletion protection is active: Cognito refuses to delete this pool until it is turned off." }
            }
            p { a href=(format!("/console/pools/{pool_id}/delete")) { "Delete user pool" } }
        }
    };
    Ok(Shell {
        title: name,
        place: Place::Pool {
            id: &pool_id,
            name,
            section: Section::Overview,
        },
        notice: notice.as_deref(),
        error: None,
        body,
    }
    .respond(&operator, StatusCode::OK))
}

// ------------------------------------------------------------------ deleting a pool

/// `GET /console/pools/{pool_id}/delete`: asks for the pool's name first.
async fn confirm_delete(operator: Operator, Path(pool_id): Path<String>) -> Response {
    let pool = match pool_header(&operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    delete_page(&operator, &pool_id, &pool, "", None, StatusCode::OK)
}

/// The deletion's confirmation form.
fn delete_page(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    typed: &str,
    problem: Option<&Problem>,
    status: StatusCode,
) -> Response {
    let name = pool_name(pool);
    let body = html! {
        section class="panel" {
            p {
                "Deleting the user pool " strong { (name) } " (" code { (pool_id) } ") deletes its users, groups, app clients and signing keys. Tokens it issued stop working. This cannot be undone."
            }
            form method="post" action=(format!("/console/pools/{pool_id}/delete")) {
                (csrf_field(operator))
                (text_field("Pool name", "confirm", "text", typed,
                    Some("Type the pool's name to confirm."),
                    field_error(problem, "confirm")))
                div class="actions" {
                    button class="danger" type="submit" { "Delete" }
                    a href=(format!("/console/pools/{pool_id}")) { "Cancel" }
                }
            }
        }
    };
    Shell {
        title: "Delete user pool",
        place: Place::Pool {
            id: pool_id,
            name,
            section: Section::Overview,
        },
        notice: None,
        error: problem.map(|p| p.message.as_str()),
        body,
    }
    .respond(operator, status)
}

/// `POST /console/pools/{pool_id}/delete`: DeleteUserPool once the typed name matches.
async fn delete(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let name = pool_name(&pool);
    let typed = form.get("confirm");
    let problem = if typed != name {
        Problem::new(
            "confirm",
            format!("The name typed is not the pool's name, {name}: nothing was deleted."),
        )
    } else {
        match operator
            .call("DeleteUserPool", json!({ "UserPoolId": pool_id }))
            .await
        {
            Ok(_) => {
                let notice = format!("Deleted user pool {name} ({pool_id}).");
                return operator.see_other(&format!("/console/pools?{}", notice_query(&notice)));
            }
            Err(e) => match refusal(operator, &e, |_| "confirm") {
                Ok(problem) => problem,
                Err(page) => return *page,
            },
        }
    };
    delete_page(
        operator,
        &pool_id,
        &pool,
        typed,
        Some(&problem),
        StatusCode::BAD_REQUEST,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_that_stopped_early_says_more_than() {
        let mut counts = UserCounts {
            counted: 600,
            ..UserCounts::default()
        };
        counts.by_status.insert("CONFIRMED".into(), 600);
        assert!(status_line(&counts).starts_with("More than 600 users"));
        counts.complete = true;
        assert_eq!(status_line(&counts), "CONFIRMED: 600");
    }
}
