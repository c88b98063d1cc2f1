//! A pool's "Sign-in" page (multi-factor authentication, device tracking, password policy, user
//! account recovery) and its "Authentication methods" page (SMS with a test message, email, message
//! templates). Each panel is a form of its own that changes only its own members: MFA through
//! SetUserPoolMfaConfig (after GetUserPoolMfaConfig, keeping the SMS configuration and message as
//! they are), everything else through UpdateUserPool with every other member carried over
//! ([`update_request`](super::pool_settings::update_request)). The rules are Cognito's: a refusal
//! is shown at the top and beside its field, with the form as it was posted.

mod common;
mod methods_page;
mod methods_saves;
mod sign_in_page;
mod sign_in_saves;

use axum::{
    routing::{get, post},
    Router,
};

use crate::state::AppState;

/// The routes of the two pages and their forms.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/console/pools/{pool_id}/sign-in",
            get(sign_in_page::sign_in_page),
        )
        .route(
            "/console/pools/{pool_id}/sign-in/mfa",
            post(sign_in_saves::save_mfa),
        )
        .route(
            "/console/pools/{pool_id}/sign-in/devices",
            post(sign_in_saves::save_devices),
        )
        .route(
            "/console/pools/{pool_id}/sign-in/password-policy",
            post(sign_in_saves::save_password_policy),
        )
        .route(
            "/console/pools/{pool_id}/sign-in/recovery",
            post(sign_in_saves::save_recovery),
        )
        .route(
            "/console/pools/{pool_id}/authentication-methods",
            get(methods_page::methods_page),
        )
        .route(
            "/console/pools/{pool_id}/authentication-methods/sms",
            post(methods_saves::save_sms),
        )
        .route(
            "/console/pools/{pool_id}/authentication-methods/sms/test",
            post(methods_saves::send_test_message),
        )
        .route(
            "/console/pools/{pool_id}/authentication-methods/email",
            post(methods_saves::save_email),
        )
        .route(
            "/console/pools/{pool_id}/authentication-methods/templates",
            post(methods_saves::save_templates),
        )
}
