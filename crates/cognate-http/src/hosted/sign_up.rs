//! Sign-up and its confirmation code on the pages (SignUp, ConfirmSignUp,
//! ResendConfirmationCode), with the pool's rules and messages.

use std::collections::HashMap;

use axum::{http::StatusCode, response::Response};
use cognate_core::CoreError;
use cognate_proto::AttributeType;
use maud::html;

use super::{
    flow::Flow,
    forms::{attribute_words, Posted},
    page::{code_field, field, words, Page},
};

fn attribute_input(attr: &str) -> &'static str {
    if attr == "phone_number" {
        "tel"
    } else {
        "text"
    }
}

/// The `autocomplete` token of a standard attribute, so browsers fill it in.
fn attribute_autocomplete(attr: &str) -> &'static str {
    match attr {
        "name" => "name",
        "given_name" => "given-name",
        "family_name" => "family-name",
        "phone_number" => "tel",
        "birthdate" => "bday",
        _ => "on",
    }
}

/// Whether the pool signs users in by email in place of a username.
fn email_is_username(flow: &Flow) -> bool {
    flow.authorized.pool.has_username_attribute("email")
}

/// The pool's required attributes the form asks for besides the username and email.
fn required_attributes(flow: &Flow) -> Vec<String> {
    flow.authorized
        .pool
        .schema
        .iter()
        .filter(|a| a.required == Some(true))
        .filter_map(|a| a.name.clone())
        .filter(|n| !matches!(n.as_str(), "sub" | "email"))
        .collect()
}

/// The pool's password rules, in words.
fn password_rules(flow: &Flow) -> String {
    let policy = flow.authorized.pool.password_policy();
    let mut needs = Vec::new();
    if policy.require_lowercase {
        needs.push("a lower-case letter");
    }
    if policy.require_uppercase {
        needs.push("an upper-case letter");
    }
    if policy.require_numbers {
        needs.push("a number");
    }
    if policy.require_symbols {
        needs.push("a symbol");
    }
    let mut rules = format!("At least {} characters", policy.minimum_length);
    if let Some((last, rest)) = needs.split_last() {
        rules.push_str(", with ");
        if !rest.is_empty() {
            rules.push_str(&rest.join(", "));
            rules.push_str(" and ");
        }
        rules.push_str(last);
    }
    rules.push('.');
    rules
}

fn sign_up_form(
    flow: &Flow,
    typed: &HashMap<String, String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let value = |name: &str| {
        typed
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let (username, email) = (value("username"), value("email"));
    let body = html! {
        form method="post" action=(flow.link("/signup", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            @if email_is_username(flow) {
                (field("Email", "email", "email", "email", &email))
            } @else {
                (field("Username", "username", "text", "username", &username))
                (field("Email", "email", "email", "email", &email))
            }
            @for attr in required_attributes(flow) {
                (field(&attribute_words(&attr), &format!("attr_{attr}"), attribute_input(&attr), attribute_autocomplete(&attr), &value(&format!("attr_{attr}"))))
            }
            (field("Password", "password", "password", "new-password", ""))
            p class="hint" id="password-rules" { (password_rules(flow)) }
            button class="submitButton-customizable" type="submit" { "Create account" }
        }
        div class="links" { a href=(flow.link("/login", &[])) { "Already have an account? Sign in" } }
    };
    let page = Page {
        title: "Create an account",
        app: Some(flow.app_name()),
        notice: None,
        error,
        body,
    };
    flow.page(page, status)
}

/// `GET /signup`.
pub async fn sign_up_page(flow: Flow) -> Response {
    sign_up_form(&flow, &HashMap::new(), None, StatusCode::OK)
}

/// `POST /signup`.
pub async fn sign_up_submit(Posted { flow, fields }: Posted) -> Response {
    let email = fields.get("email").map(|e| e.trim()).unwrap_or_default();
    let username = if email_is_username(&flow) {
        email
    } else {
        fields.get("username").map(|u| u.trim()).unwrap_or_default()
    };
    let password = fields
        .get("password")
        .map(String::as_str)
        .unwrap_or_default();
    if username.is_empty() || password.is_empty() {
        let error = Some("Fill in every field.".to_string());
        return sign_up_form(&flow, &fields, error, StatusCode::BAD_REQUEST);
    }
    let mut attributes: Vec<AttributeType> = Vec::new();
    if !email.is_empty() {
        attributes.push(AttributeType {
            name: "email".into(),
            value: Some(email.into()),
        });
    }
    for attr in required_attributes(&flow) {
        if let Some(value) = fields
            .get(&format!("attr_{attr}"))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            attributes.push(AttributeType {
                name: attr,
                value: Some(value.into()),
            });
        }
    }
    let cognate = flow.state.cognate.clone();
    let outcome = match cognate.hosted_client_user(&flow.authorized.client, username) {
        Ok(who) => {
            cognate
                .sign_up(&flow.rc, &who, password, &attributes, &[])
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(done) if done.user_confirmed => {
            flow.redirect(&flow.link("/login", &[("username", username)]))
        }
        Ok(done) => {
            let sent_to = done
                .code_delivery_details
                .map(|d| d.destination)
                .unwrap_or_default();
            flow.redirect(&flow.link("/confirm", &[("username", username), ("sent_to", &sent_to)]))
        }
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            sign_up_form(&flow, &fields, error, StatusCode::BAD_REQUEST)
        }
    }
}

fn confirm_form(
    flow: &Flow,
    username: &str,
    notice: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let body = html! {
        form method="post" action=(flow.link("/confirm", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            @if username.is_empty() {
                (field(flow.username_label(), "username", "text", "username", username))
            } @else {
                p { "Confirming " strong { (username) } "." }
                input type="hidden" name="username" value=(username);
            }
            (code_field("Confirmation code", true))
            button class="submitButton-customizable" type="submit" { "Confirm account" }
        }
        form method="post" action=(flow.link("/confirm/resend", &[])) class="links" {
            input type="hidden" name="_csrf" value=(flow.csrf);
            input type="hidden" name="username" value=(username);
            button type="submit" class="link" { "Send a new code" }
        }
    };
    let page = Page {
        title: "Confirm your account",
        app: Some(flow.app_name()),
        notice,
        error,
        body,
    };
    flow.page(page, status)
}

/// `GET /confirm`.
pub async fn confirm_page(flow: Flow) -> Response {
    let resent = flow.extra("resent").is_some();
    let notice = match flow.extra("sent_to").filter(|d| !d.is_empty()) {
        Some(to) if resent => format!("We sent a new code to {to}."),
        Some(to) => {
            format!("We sent a code to {to}. Enter it below to confirm your account.")
        }
        None => "Enter the code we sent you to confirm your account.".to_string(),
    };
    let username = flow.extra("username").unwrap_or_default().to_string();
    confirm_form(&flow, &username, Some(notice), None, StatusCode::OK)
}

/// `POST /confirm`.
pub async fn confirm_submit(Posted { flow, fields }: Posted) -> Response {
    let username = fields.get("username").map(|u| u.trim()).unwrap_or_default();
    let code = fields.get("code").map(|c| c.trim()).unwrap_or_default();
    if username.is_empty() || code.is_empty() {
        let error = Some("Enter the code.".to_string());
        return confirm_form(&flow, username, None, error, StatusCode::BAD_REQUEST);
    }
    let cognate = flow.state.cognate.clone();
    let outcome = match cognate.hosted_client_user(&flow.authorized.client, username) {
        Ok(who) => cognate.confirm_sign_up(&flow.rc, &who, code).await,
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => {
            flow.redirect(&flow.link("/login", &[("username", username), ("notice", "confirmed")]))
        }
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            confirm_form(&flow, username, None, error, StatusCode::BAD_REQUEST)
        }
    }
}

/// `POST /confirm/resend`.
pub async fn resend_submit(Posted { flow, fields }: Posted) -> Response {
    let username = fields.get("username").map(|u| u.trim()).unwrap_or_default();
    let cognate = flow.state.cognate.clone();
    let outcome = match cognate.hosted_client_user(&flow.authorized.client, username) {
        Ok(who) if !username.is_empty() => cognate.resend_confirmation_code(&flow.rc, &who).await,
        Ok(_) => Err(CoreError::InvalidParameter(
            "Enter your username first.".into(),
        )),
        Err(e) => Err(e),
    };
    match outcome {
        // Back to the page by GET, so that reloading it sends no other code.
        Ok(sent) => {
            let to = sent.code_delivery_details.destination;
            let extra = [
                ("username", username),
                ("sent_to", to.as_str()),
                ("resent", "1"),
            ];
            flow.redirect(&flow.link("/confirm", &extra))
        }
        Err(e) => {
            let error = Some(words(e, &flow.rc.request_id));
            confirm_form(&flow, username, None, error, StatusCode::BAD_REQUEST)
        }
    }
}
