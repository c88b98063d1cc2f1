//! The Users section of a pool: the list with ListUsers' `Filter` search and its paging, the
//! create-user form (AdminCreateUser, with or without an invitation), and the user page: facts
//! and MFA (AdminGetUser), attributes and their editing (AdminUpdateUserAttributes,
//! AdminDeleteUserAttributes), remembered devices (AdminListDevices, AdminForgetDevice), the
//! sign-in history (AdminListUserAuthEvents) and the actions: disable or enable access, reset
//! the password, reset MFA, sign out everywhere, delete after a confirmation page.
//!
//! Every change is the Cognito operation itself; a refusal is shown with Cognito's message.
//! Usernames travel in the path percent-encoded (they may hold `@`, `+`, `/` or spaces).

mod actions;
mod attributes;
mod common;
mod list;
mod new_user;
mod user_page;

use axum::{
    routing::{get, post},
    Router,
};

use crate::state::AppState;

/// The Users section's routes.
pub(super) fn routes() -> Router<AppState> {
    const USER: &str = "/console/pools/{pool_id}/users/{username}";
    Router::new()
        .route("/console/pools/{pool_id}/users", get(list::list))
        .route(
            "/console/pools/{pool_id}/users/new",
            get(new_user::new_user).post(new_user::create_user),
        )
        .route(USER, get(user_page::user))
        .route(
            &format!("{USER}/attributes"),
            get(attributes::edit_attributes).post(attributes::save_attributes),
        )
        .route(&format!("{USER}/disable"), post(actions::disable))
        .route(&format!("{USER}/enable"), post(actions::enable))
        .route(
            &format!("{USER}/reset-password"),
            get(actions::confirm_reset_password).post(actions::reset_password),
        )
        .route(
            &format!("{USER}/reset-mfa"),
            get(actions::confirm_reset_mfa).post(actions::reset_mfa),
        )
        .route(
            &format!("{USER}/sign-out"),
            get(actions::confirm_sign_out).post(actions::sign_out),
        )
        .route(
            &format!("{USER}/delete"),
            get(actions::confirm_delete).post(actions::delete),
        )
        .route(
            &format!("{USER}/devices/{{device_key}}/forget"),
            get(actions::confirm_forget_device).post(actions::forget_device),
        )
}
