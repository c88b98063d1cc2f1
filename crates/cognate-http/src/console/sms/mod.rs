//! `/console/sms`: the account's SMS, as the SMS page of the Amazon SNS console shows it. The
//! sandbox status, the monthly spend limit and the default message type; the request to leave
//! the sandbox and the operator's decision on it (`exit_sandbox`); the sandbox destination
//! numbers and their one-time passwords; the month's spend by day and by country (`charts`);
//! and the numbers that opted out. Every action is the core's own SMS method, the one the SNS
//! endpoint calls: the page holds no rules of its own.

mod account;
mod charts;
mod exit_sandbox;
pub(super) mod figures;
mod request_panel;

use axum::{
    routing::{get, post},
    Router,
};

use crate::state::AppState;

/// The SMS page's routes and those of its forms.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/console/sms", get(account::page))
        .route("/console/sms/settings", post(account::save_settings))
        .route("/console/sms/sandbox-numbers", post(account::add_number))
        .route(
            "/console/sms/sandbox-numbers/verify",
            post(account::verify_number),
        )
        .route(
            "/console/sms/sandbox-numbers/delete",
            post(account::delete_number),
        )
        .route("/console/sms/opt-in", post(account::opt_in))
        .merge(exit_sandbox::routes())
}
