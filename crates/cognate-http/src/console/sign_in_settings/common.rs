//! What the Sign-in and Authentication methods pages share: their frame with what it says
//! over the panels, the redirect back to a page after a save, and reading the pool's JSON (an
//! object to change, a flag).

use axum::{http::StatusCode, response::Response};
use maud::Markup;
use serde_json::{Map, Value};

use crate::console::{
    access::Operator,
    pool_settings::{member, pool_name},
    problems::Problem,
    shell::{notice_query, Place, Section, Shell},
};

/// What a page says over its panels: the notice after a save, or the refusal of a form.
#[derive(Clone, Copy)]
pub(super) enum Said<'a> {
    Notice(Option<&'a str>),
    Refused(&'a Problem),
}

impl<'a> Said<'a> {
    /// The refusal, when it is one.
    pub(super) fn problem(self) -> Option<&'a Problem> {
        match self {
            Said::Notice(_) => None,
            Said::Refused(problem) => Some(problem),
        }
    }
}

/// The page `title`, in `section` of the pool's navigation, around `body`: 200 with the
/// notice, if any, or 400 with the refusal at the top.
pub(super) fn settings_page(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    (title, section): (&str, Section),
    body: Markup,
    said: Said<'_>,
) -> Response {
    let (notice, status) = match said {
        Said::Notice(notice) => (notice, StatusCode::OK),
        Said::Refused(_) => (None, StatusCode::BAD_REQUEST),
    };
    Shell {
        title,
        place: Place::Pool {
            id: pool_id,
            name: pool_name(pool),
            section,
        },
        notice,
        error: said.problem().map(|p| p.message.as_str()),
        body,
    }
    .respond(operator, status)
}

/// A 303 back to `page` of the pool, saying what was saved.
pub(super) fn saved(operator: &Operator, pool_id: &str, page: &str, notice: &str) -> Response {
    operator.see_other(&format!(
        "/console/pools/{pool_id}/{page}?{}",
        notice_query(notice)
    ))
}

/// The JSON object at `path` of the pool, or a new one.
pub(super) fn object_at(pool: &Value, path: &[&str]) -> Map<String, Value> {
    member(pool, path)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Whether the member at `path` is `true`.
pub(super) fn flag(value: &Value, path: &[&str]) -> bool {
    member(value, path).and_then(Value::as_bool) == Some(true)
}
