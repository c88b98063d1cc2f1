//! The console's answers outside its frame: an HTML page with the security headers, a page
//! that only says something (a refused request, a failure), and a redirect.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
};
use maud::{html, Markup, DOCTYPE};

use crate::browser::with_headers;

/// HTML with the pages' security headers.
pub(super) fn html_response(markup: Markup, status: StatusCode) -> Response {
    with_headers((status, Html(markup.into_string())).into_response())
}

/// The `head` of every console page: its title and the console's stylesheet.
pub(super) fn page_head(title: &str) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) " · Cognate console" }
            link rel="stylesheet" href="/console/static/console.css";
        }
    }
}

/// A page outside the frame that only says something (a refused request, a failure).
pub(super) fn message_page(status: StatusCode, title: &str, text: &str) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            (page_head(title))
            body class="lone" {
                main class="card" {
                    h1 { (title) }
                    p class="error" role="alert" { (text) }
                    p { a href="/console/pools" { "Back to the console" } }
                }
            }
        }
    };
    html_response(markup, status)
}

/// A redirect with the pages' headers.
pub(super) fn redirect(url: &str, status: StatusCode) -> Response {
    let mut response = status.into_response();
    if let Ok(location) = HeaderValue::from_str(url) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    with_headers(response)
}
