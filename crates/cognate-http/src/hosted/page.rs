//! The pages' frame: one layout, one stylesheet, the security headers every page carries, and
//! the words a person reads when something fails.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};
use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::branding::Branding;
use crate::error::ApiError;

/// The stylesheet, served at `/static/cognate.css`.
pub(super) const STYLESHEET: &str = include_str!("cognate.css");

/// A page: its title (also the heading), a message for the person, and its content.
pub(super) struct Page<'a> {
    pub title: &'a str,
    /// Who the page signs in to (the app client's name).
    pub app: Option<&'a str>,
    pub notice: Option<String>,
    pub error: Option<String>,
    pub body: Markup,
}

impl Page<'_> {
    /// The page as an HTML response with status `status`.
    pub(super) fn respond(self, status: StatusCode) -> Response {
        self.respond_branded(status, None)
    }

    /// The page in a pool's branding.
    pub(super) fn respond_branded(
        self,
        status: StatusCode,
        branding: Option<&Branding>,
    ) -> Response {
        let css = branding.and_then(|b| b.css.as_deref());
        let logo = branding.and_then(|b| b.logo.as_deref());
        let markup = html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (self.title) }
                    link rel="stylesheet" href="/static/cognate.css";
                    @if let Some(css) = css {
                        link rel="stylesheet" href=(css);
                    }
                }
                body class="background-customizable" {
                    main class="card" {
                        @if let Some(logo) = logo {
                            img class="logo logo-customizable" src=(logo) alt="";
                        }
                        @if let Some(app) = self.app {
                            p class="app banner-customizable" { (app) }
                        }
                        h1 { (self.title) }
                        @if let Some(notice) = &self.notice {
                            p class="notice" role="status" { (notice) }
                        }
                        @if let Some(error) = &self.error {
                            p class="error errorMessage-customizable" role="alert" id="error" { (error) }
                        }
                        (self.body)
                    }
                }
            }
        };
        with_headers((status, axum::response::Html(markup.into_string())).into_response())
    }
}

pub(super) use crate::browser::with_headers;

/// A page that only says what went wrong (an authorization request that cannot be trusted
/// with a redirect, an unexpected failure).
pub(super) fn error_page(status: StatusCode, title: &str, message: &str) -> Response {
    Page {
        title,
        app: None,
        notice: None,
        error: Some(message.to_string()),
        body: html! { p class="hint" { "You can close this page and start again from the application." } },
    }
    .respond(status)
}

/// What a person reads for a failed step: Cognito's message where it speaks to people, never
/// the internals of an unexpected failure (those go to the log with the request id).
pub(super) fn words(e: cognate_core::CoreError, request_id: &str) -> String {
    let error = ApiError::from(e);
    let (kind, message) = error.parts();
    match kind {
        "InternalErrorException" => {
            tracing::error!(request_id, error = ?error, "hosted page failed");
            format!("Something went wrong on our side. Please try again (request {request_id}).")
        }
        "CodeMismatchException" => "The code is not right. Check it and try again.".into(),
        "EnableSoftwareTokenMFAException" => {
            "The code is not right. Check that the time on your phone is correct, then enter the newest code.".into()
        }
        "NotAuthorizedException" if message == "Password attempts exceeded" => {
            "Too many failed attempts. Wait a few minutes before you try again.".into()
        }
        "InvalidPasswordException" => format!(
            "{}.",
            message
                .strip_prefix("Password did not conform with policy: ")
                .unwrap_or(message)
                .trim_end_matches('.')
        ),
        "ExpiredCodeException" if message.contains("already been used") => {
            "That code was already used. Wait for your authenticator app to show a new one.".into()
        }
        "ExpiredCodeException" => "The code has expired. Ask for a new one.".into(),
        "TooManyRequestsException" => {
            "Too many requests. Please wait a while before trying again.".into()
        }
        "LimitExceededException" | "TooManyFailedAttemptsException" => {
            format!("{message} Please wait a while before trying again.")
        }
        _ => message.to_string(),
    }
}

/// A labelled input.
pub(super) fn field(
    label: &str,
    name: &str,
    kind: &str,
    autocomplete: &str,
    value: &str,
) -> Markup {
    html! {
        label class="label-customizable" for=(name) { (label) }
        input class="inputField-customizable" id=(name) name=(name) type=(kind) autocomplete=(autocomplete) value=(value) required;
    }
}

/// A one-time code input, as phones and password managers expect it: a number pad for the
/// 6-digit codes of SMS and e-mail, a keyboard where a recovery code may be typed instead.
pub(super) fn code_field(label: &str, digits_only: bool) -> Markup {
    let mode = if digits_only { "numeric" } else { "text" };
    html! {
        label class="label-customizable" for="code" { (label) }
        input class="inputField-customizable" id="code" name="code" type="text" inputmode=(mode) autocomplete="one-time-code"
            autocapitalize="off" spellcheck="false" required autofocus;
    }
}

/// Raw markup the server made itself (the QR code's `img`).
pub(super) fn trusted(markup: String) -> Markup {
    PreEscaped(markup)
}
