//! `/console/signin` and `/console/signout`: an operator signs in with an admin access key id
//! and its secret and gets a session cookie (`SameSite=Strict`, on `/console` only); signing
//! out ends the session on the server.

use axum::{
    extract::{RawQuery, Request},
    http::StatusCode,
    response::Response,
};
use cognate_core::service::console_sessions::CONSOLE_SECONDS;
use maud::html;

use super::{
    access::{csrf_refusal, read_form, Form, Visitor, SESSION},
    replies::{html_response, redirect},
};
use crate::{browser::CONSOLE, error::ApiError};

/// Where to go after signing in: a console page, never another site.
fn next_page(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with("/console") && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/console/pools",
    }
}

/// `GET /console/signin`.
pub(super) async fn page(visitor: Visitor, RawQuery(raw_query): RawQuery) -> Response {
    let query = super::shell::query_map(raw_query.as_deref());
    if visitor.open {
        return redirect("/console/pools", StatusCode::FOUND);
    }
    let next = next_page(query.get("next").map(String::as_str)).to_string();
    form(&visitor, &next, "", None, StatusCode::OK)
}

fn form(
    visitor: &Visitor,
    next: &str,
    key_id: &str,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let markup = html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Sign in · Cognate console" }
                link rel="stylesheet" href="/console/static/console.css";
            }
            body class="lone" {
                main class="card" {
                    h1 { "Sign in to the Cognate console" }
                    p class="hint" { "Use one of the server's admin access keys: the key pair that signs admin API calls (--admin-key)." }
                    @if let Some(error) = error {
                        p class="error" role="alert" { (error) }
                    }
                    form method="post" action="/console/signin" {
                        input type="hidden" name="_csrf" value=(visitor.csrf);
                        input type="hidden" name="next" value=(next);
                        div class="field" {
                            label for="key_id" { "Access key ID" }
                            input id="key_id" name="key_id" type="text" value=(key_id) autocomplete="username" autocapitalize="off" spellcheck="false" required autofocus;
                        }
                        div class="field" {
                            label for="secret" { "Secret access key" }
                            input id="secret" name="secret" type="password" autocomplete="current-password" required;
                        }
                        div class="actions" { button type="submit" { "Sign in" } }
                    }
                }
            }
        }
    };
    visitor.finish(html_response(markup, status))
}

/// `POST /console/signin`.
pub(super) async fn submit(mut visitor: Visitor, request: Request) -> Response {
    let fields = match read_form(request.into_body()).await {
        Ok(f) => f,
        Err(refusal) => return refusal,
    };
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    };
    if !CONSOLE.csrf_holds(&visitor.headers, Some(get("_csrf").as_str())) {
        return csrf_refusal();
    }
    let next = next_page(Some(get("next").as_str())).to_string();
    if visitor.open {
        return redirect(&next, StatusCode::SEE_OTHER);
    }
    let key_id = get("key_id");
    if let Err(e) = visitor
        .state
        .cognate
        .limit_console_sign_in(visitor.rc.source_ip.as_deref())
        .await
    {
        let error = ApiError::from(e);
        let text = match error.parts().0 {
            "TooManyRequestsException" => {
                "Too many sign-in attempts from this address. Wait a minute before you try again."
                    .to_string()
            }
            _ => format!(
                "Something went wrong on the server (request {}).",
                visitor.rc.request_id
            ),
        };
        return form(
            &visitor,
            &next,
            &key_id,
            Some(&text),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    if !visitor.keys_hold(&key_id, &get("secret")) {
        tracing::info!(key_id = %key_id, "console sign-in refused");
        return form(
            &visitor,
            &next,
            &key_id,
            Some("The access key ID or the secret access key is not right."),
            StatusCode::UNAUTHORIZED,
        );
    }
    match visitor.state.cognate.open_console_session(&key_id).await {
        Ok(token) => {
            let cookie = CONSOLE.set(SESSION, &token, CONSOLE_SECONDS, visitor.secure);
            visitor.set_cookie(cookie);
            tracing::info!(key_id = %key_id, "console sign-in");
            visitor.finish(redirect(&next, StatusCode::SEE_OTHER))
        }
        Err(e) => {
            let text = format!(
                "Something went wrong on the server (request {}).",
                visitor.rc.request_id
            );
            tracing::error!(error = ?e, "console session not opened");
            form(
                &visitor,
                &next,
                &key_id,
                Some(&text),
                StatusCode::INTERNAL_SERVER_ERROR,
            )
        }
    }
}

/// `POST /console/signout`.
pub(super) async fn sign_out(form: Form) -> Response {
    let operator = &form.operator;
    if let Some(token) = &operator.session {
        if let Err(e) = operator.state.cognate.end_console_session(token).await {
            return operator.failure(&ApiError::from(e));
        }
    }
    let mut response = redirect("/console/signin", StatusCode::SEE_OTHER);
    if let Some(clear) = CONSOLE.set(SESSION, "", 0, operator.secure) {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, clear);
    }
    response
}
