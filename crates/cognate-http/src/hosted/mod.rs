//! The hosted sign-in ("managed login"): `/oauth2/authorize`, the pages it leads to (sign in,
//! the challenges after it, sign-up and its confirmation, forgotten passwords) and `/logout`,
//! at Cognito's paths. Server-rendered HTML usable without JavaScript; every form carries a
//! CSRF token. The pages drive the same sign-in machine and operations as the JSON API: they
//! turn forms into its inputs and its answers into pages and redirects, and hold no rules.

mod authorize;
mod branding;
mod cookies;
mod flow;
mod forgot;
mod forms;
mod mfa_setup;
mod page;
mod recovery;
mod sign_in;
mod sign_up;

use axum::{
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

use crate::state::AppState;

/// The hosted sign-in's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/oauth2/authorize", get(authorize::authorize))
        .route("/logout", get(authorize::logout))
        .route(
            "/login",
            get(sign_in::login_page).post(sign_in::login_submit),
        )
        .route("/login/step", axum::routing::post(sign_in::step_submit))
        .route(
            "/signup",
            get(sign_up::sign_up_page).post(sign_up::sign_up_submit),
        )
        .route(
            "/confirm",
            get(sign_up::confirm_page).post(sign_up::confirm_submit),
        )
        .route(
            "/confirm/resend",
            axum::routing::post(sign_up::resend_submit),
        )
        .route(
            "/forgotPassword",
            get(forgot::forgot_page).post(forgot::forgot_submit),
        )
        .route(
            "/confirmForgotPassword",
            get(forgot::reset_page).post(forgot::reset_submit),
        )
        .route(
            "/recoveryCodes",
            get(recovery::recovery_page).post(recovery::recovery_submit),
        )
        .route("/static/cognate.css", get(stylesheet))
        .route("/ui/{pool_id}/{client_id}/custom.css", get(branding::css))
        .route("/ui/{pool_id}/{client_id}/logo", get(branding::logo))
}

async fn stylesheet() -> Response {
    crate::browser::cached(page::STYLESHEET.into_response(), "text/css; charset=utf-8")
}
