//! Passwords after sign-up: ForgotPassword, ConfirmForgotPassword, ChangePassword,
//! AdminSetUserPassword, AdminResetUserPassword.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AdminSetUserPasswordRequest, AdminUserRequest, ChangePasswordRequest, CodeDeliveryResponse,
    ConfirmForgotPasswordRequest, ForgotPasswordRequest,
};

use super::wire::{access_token, client_user, named, required};

/// ForgotPassword.
pub async fn forgot_password(
    c: &Cognate,
    rc: &RequestContext,
    req: ForgotPasswordRequest,
) -> CoreResult<CodeDeliveryResponse> {
    let who = client_user(
        &req.client_id,
        &req.username,
        &req.secret_hash,
        &req.client_metadata,
    )?;
    c.forgot_password(rc, &who).await
}

/// ConfirmForgotPassword.
pub async fn confirm_forgot_password(
    c: &Cognate,
    rc: &RequestContext,
    req: ConfirmForgotPasswordRequest,
) -> CoreResult<()> {
    let who = client_user(
        &req.client_id,
        &req.username,
        &req.secret_hash,
        &req.client_metadata,
    )?;
    let code = required(&req.confirmation_code, "confirmationCode")?;
    let password = required(&req.password, "password")?;
    c.confirm_forgot_password(rc, &who, code, password).await
}

/// ChangePassword.
pub async fn change_password(
    c: &Cognate,
    rc: &RequestContext,
    req: ChangePasswordRequest,
) -> CoreResult<()> {
    let token = access_token(&req.access_token)?;
    let previous = required(&req.previous_password, "previousPassword")?;
    let proposed = required(&req.proposed_password, "proposedPassword")?;
    c.change_password(rc, &token, previous, proposed).await
}

/// AdminSetUserPassword.
pub async fn admin_set_user_password(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminSetUserPasswordRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let password = required(&req.password, "password")?;
    let permanent = req.permanent.unwrap_or(false);
    c.admin_set_user_password(rc, &pool, &user, password, permanent)
        .await
}

/// AdminResetUserPassword.
pub async fn admin_reset_user_password(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_reset_user_password(rc, &pool, &user, req.client_metadata.as_ref())
        .await
}
