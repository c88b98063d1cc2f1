//! How Cognito's refusal of a console form is shown: the [`Problem`] (the field it concerns
//! and Cognito's message), the failure page for a refusal no form can mend, and the message
//! placed beside its field or under its group of radios or checkboxes.

use axum::response::Response;
use maud::{html, Markup};

use super::access::Operator;
use crate::error::ApiError;

/// Cognito's refusal of a form: the field it concerns and its message.
pub(super) struct Problem {
    pub field: &'static str,
    pub message: String,
}

impl Problem {
    /// A refusal of `field`.
    pub(super) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Problem {
            field,
            message: message.into(),
        }
    }
}

/// Cognito's refusal of a form as a [`Problem`] beside the field `field_of` picks from its
/// message, or the failure page when no form can mend it (an unknown pool, a server failure).
pub(super) fn refusal(
    operator: &Operator,
    error: &ApiError,
    field_of: impl FnOnce(&str) -> &'static str,
) -> Result<Problem, Box<Response>> {
    let (kind, message) = error.parts();
    match kind {
        "InternalErrorException" | "ResourceNotFoundException" => {
            Err(Box::new(operator.failure(error)))
        }
        _ => Ok(Problem::new(field_of(message), message)),
    }
}

/// The message of `problem` when it concerns `field`.
pub(super) fn field_error<'a>(problem: Option<&'a Problem>, field: &str) -> Option<&'a str> {
    problem
        .filter(|p| p.field == field)
        .map(|p| p.message.as_str())
}

/// The message of `error` when it concerns `field`.
pub(super) fn error_for<'a>(error: Option<(&str, &'a str)>, field: &str) -> Option<&'a str> {
    error
        .filter(|(f, _)| *f == field)
        .map(|(_, message)| message)
}

/// The message of `problem` under a group of radios or checkboxes named `field`.
pub(super) fn group_error(problem: Option<&Problem>, field: &str) -> Markup {
    html! {
        @if let Some(message) = field_error(problem, field) {
            p class="field-error" role="alert" { (message) }
        }
    }
}
