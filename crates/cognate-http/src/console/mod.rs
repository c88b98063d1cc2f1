//! The console at `/console`: seed 000's walk through the Cognito console, in a browser, for
//! every pool. Server-rendered HTML without script; every form carries a CSRF token. Each
//! action is a call of the API's own operation (through [`access::Operator::call`]) or of the
//! core's SMS account methods the SNS endpoint uses: the console holds no rules of its own.

mod access;
mod app_clients;
mod inbox;
mod new_pool;
mod pool_settings;
mod pools;
mod problems;
mod replies;
mod shell;
mod sign_in;
mod sign_in_settings;
mod sms;
mod users;

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};

use crate::state::AppState;

/// The console's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/console", get(home))
        .route("/console/", get(home))
        .route("/console/signin", get(sign_in::page).post(sign_in::submit))
        .route("/console/signout", post(sign_in::sign_out))
        .route("/console/static/console.css", get(stylesheet))
        .merge(pools::routes())
        .merge(sign_in_settings::routes())
        .merge(app_clients::routes())
        .merge(users::routes())
        .merge(sms::routes())
        .merge(inbox::routes())
}

async fn home(_operator: access::Operator) -> Response {
    replies::redirect("/console/pools", StatusCode::FOUND)
}

async fn stylesheet() -> Response {
    crate::browser::cached(shell::STYLESHEET.into_response(), "text/css; charset=utf-8")
}
