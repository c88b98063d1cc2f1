//! What every hosted form shares: reading its body, its CSRF check, what a challenge page
//! carries from one request to the next, and the page for an unexpected failure.

use std::collections::HashMap;

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::StatusCode,
    response::Response,
};
use cognate_core::{model::Enrollee, CoreError};
use maud::{html, Markup};

use super::{flow::Flow, page::words};
use crate::state::AppState;

/// A posted form: the checked flow, and the fields once the CSRF token held.
pub(super) struct Posted {
    pub flow: Flow,
    pub fields: HashMap<String, String>,
}

impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let flow = Flow::from_request_parts(&mut parts, state).await?;
        let Ok(body) = axum::body::to_bytes(body, 64 * 1024).await else {
            return Err(super::page::error_page(
                StatusCode::PAYLOAD_TOO_LARGE,
                "This form is too large",
                "Go back and try again with shorter answers.",
            ));
        };
        let fields = form(&body);
        if let Some(refusal) = csrf_refusal(&flow, &fields) {
            return Err(refusal);
        }
        Ok(Posted { flow, fields })
    }
}

/// A form body's fields (the first of a repeated one).
pub(super) fn form(body: &[u8]) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        fields
            .entry(k.into_owned())
            .or_insert_with(|| v.into_owned());
    }
    fields
}

/// The page that says a form's CSRF token failed; none when it holds.
pub(super) fn csrf_refusal(flow: &Flow, fields: &HashMap<String, String>) -> Option<Response> {
    if flow.csrf_holds(fields.get("_csrf").map(String::as_str)) {
        return None;
    }
    Some(super::page::error_page(
        StatusCode::FORBIDDEN,
        "This form has expired",
        "The page was open too long or came from somewhere else. Go back to the application and sign in again.",
    ))
}

/// What a challenge page carries from one request to the next: the session and who answers,
/// and what the page shows (which factor, where a code went, what to fill in). Only the
/// session is trusted, by the machine; the rest only draws the page again.
#[derive(Debug, Clone, Default)]
pub(super) struct Step {
    pub challenge: String,
    pub session: String,
    pub username: String,
    pub factor: String,
    pub destination: String,
    pub required: String,
    pub offered: String,
    pub secret: String,
}

impl Step {
    pub(super) fn read(fields: &HashMap<String, String>) -> Step {
        let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
        Step {
            challenge: get("challenge"),
            session: get("session"),
            username: get("username"),
            factor: get("factor"),
            destination: get("destination"),
            required: get("required"),
            offered: get("offered"),
            secret: get("secret"),
        }
    }

    pub(super) fn hidden(&self) -> Markup {
        let fields = [
            ("challenge", &self.challenge),
            ("session", &self.session),
            ("username", &self.username),
            ("factor", &self.factor),
            ("destination", &self.destination),
            ("required", &self.required),
            ("offered", &self.offered),
            ("secret", &self.secret),
        ];
        html! {
            @for (name, value) in fields {
                @if !value.is_empty() {
                    input type="hidden" name=(name) value=(value);
                }
            }
        }
    }
}

/// An unexpected failure, as a page.
pub(super) fn failed(flow: &Flow, e: CoreError) -> Response {
    let message = words(e, &flow.rc.request_id);
    super::page::error_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        &message,
    )
}

/// `given_name` → "Given name", `custom:team` → "Team".
pub(super) fn attribute_words(attr: &str) -> String {
    let name = attr
        .strip_prefix("custom:")
        .unwrap_or(attr)
        .replace('_', " ");
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The enrolment of an authenticator app in an MFA_SETUP step, by its session.
pub(super) fn enrollee(step: &Step) -> Enrollee {
    Enrollee::Setup(step.session.clone())
}
