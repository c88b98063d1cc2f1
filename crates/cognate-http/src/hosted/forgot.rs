//! Forgot password on the pages (ForgotPassword, ConfirmForgotPassword), with the pool's rules,
//! attempt limits and PreventUserExistenceErrors as the JSON API has them.

use axum::{http::StatusCode, response::Response};
use maud::html;

use super::{
    flow::Flow,
    forms::Posted,
    page::{code_field, field, words, Page},
};

fn ask_form(flow: &Flow, username: &str, error: Option<String>, status: StatusCode) -> Response {
    let notice = (flow.extra("notice") == Some("reset_required") && error.is_none()).then(|| {
        "Your password has to be reset before you can sign in. We will send you a code.".to_string()
    });
    let body = html! {
        p { "Enter your " (flow.username_label().to_lowercase()) " and we will send you a code to reset your password." }
        form method="post" action=(flow.link("/forgotPassword", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            (field(flow.username_label(), "username", "text", "username", username))
            button class="submitButton-customizable" type="submit" { "Send code" }
        }
        div class="links" { a href=(flow.link("/login", &[])) { "Back to sign in" } }
    };
    let page = Page {
        title: "Forgot your password?",
        app: Some(flow.app_name()),
        notice,
        error,
        body,
    };
    flow.page(page, status)
}

/// `GET /forgotPassword`.
pub async fn forgot_page(flow: Flow) -> Response {
    let username = flow.extra("username").unwrap_or_default().to_string();
    ask_form(&flow, &username, None, StatusCode::OK)
}

/// `POST /forgotPassword`.
pub async fn forgot_submit(Posted { flow, fields }: Posted) -> Response {
    let username = fields.get("username").map(|u| u.trim()).unwrap_or_default();
    if username.is_empty() {
        return ask_form(
            &flow,
            username,
            Some("Enter your username.".into()),
            StatusCode::BAD_REQUEST,
        );
    }
    let cognate = flow.state.cognate.clone();
    let outcome = match cognate.hosted_client_user(&flow.authorized.client, username) {
        Ok(who) => cognate.forgot_password(&flow.rc, &who).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(sent) => {
            let to = sent.code_delivery_details.destination;
            flow.redirect(&flow.link(
                "/confirmForgotPassword",
                &[("username", username), ("sent_to", &to)],
            ))
        }
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            ask_form(&flow, username, error, StatusCode::BAD_REQUEST)
        }
    }
}

fn reset_form(flow: &Flow, username: &str, error: Option<String>, status: StatusCode) -> Response {
    let notice = match (flow.extra("sent_to").filter(|d| !d.is_empty()), &error) {
        (Some(to), None) => Some(format!("We sent a code to {to}.")),
        _ => None,
    };
    let body = html! {
        form method="post" action=(flow.link("/confirmForgotPassword", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            input type="hidden" name="username" value=(username);
            (code_field("Code", true))
            (field("New password", "new_password", "password", "new-password", ""))
            (field("Confirm the new password", "confirm_password", "password", "new-password", ""))
            button class="submitButton-customizable" type="submit" { "Change password" }
        }
        div class="links" { a href=(flow.link("/forgotPassword", &[("username", username)])) { "Send a new code" } }
    };
    let page = Page {
        title: "Choose a new password",
        app: Some(flow.app_name()),
        notice,
        error,
        body,
    };
    flow.page(page, status)
}

/// `GET /confirmForgotPassword`.
pub async fn reset_page(flow: Flow) -> Response {
    let username = flow.extra("username").unwrap_or_default().to_string();
    reset_form(&flow, &username, None, StatusCode::OK)
}

/// `POST /confirmForgotPassword`.
pub async fn reset_submit(Posted { flow, fields }: Posted) -> Response {
    let username = fields.get("username").map(|u| u.trim()).unwrap_or_default();
    let code = fields.get("code").map(|c| c.trim()).unwrap_or_default();
    let password = fields
        .get("new_password")
        .map(String::as_str)
        .unwrap_or_default();
    if code.is_empty() || password.is_empty() {
        return reset_form(
            &flow,
            username,
            Some("Enter the code and a new password.".into()),
            StatusCode::BAD_REQUEST,
        );
    }
    if fields.get("confirm_password").map(String::as_str) != Some(password) {
        return reset_form(
            &flow,
            username,
            Some("The two passwords are not the same.".into()),
            StatusCode::BAD_REQUEST,
        );
    }
    let cognate = flow.state.cognate.clone();
    let outcome = match cognate.hosted_client_user(&flow.authorized.client, username) {
        Ok(who) => {
            cognate
                .confirm_forgot_password(&flow.rc, &who, code, password)
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => flow.redirect(&flow.link(
            "/login",
            &[("username", username), ("notice", "password_reset")],
        )),
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            reset_form(&flow, username, error, StatusCode::BAD_REQUEST)
        }
    }
}
