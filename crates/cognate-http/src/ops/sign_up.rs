//! Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AdminUserRequest, CodeDeliveryResponse, ConfirmSignUpRequest, ResendConfirmationCodeRequest,
    SignUpRequest, SignUpResponse,
};

use super::wire::{client_user, named, required};

/// SignUp.
pub async fn sign_up(
    c: &Cognate,
    rc: &RequestContext,
    req: SignUpRequest,
) -> CoreResult<SignUpResponse> {
    let who = client_user(
        &req.client_id,
        &req.username,
        &req.secret_hash,
        &req.client_metadata,
    )?;
    let password = required(&req.password, "password")?;
    let attributes = req.user_attributes.as_deref().unwrap_or_default();
    let validation_data = req.validation_data.as_deref().unwrap_or_default();
    c.sign_up(rc, &who, password, attributes, validation_data)
        .await
}

/// ConfirmSignUp.
pub async fn confirm_sign_up(
    c: &Cognate,
    rc: &RequestContext,
    req: ConfirmSignUpRequest,
) -> CoreResult<()> {
    let who = client_user(
        &req.client_id,
        &req.username,
        &req.secret_hash,
        &req.client_metadata,
    )?;
    let code = required(&req.confirmation_code, "confirmationCode")?;
    c.confirm_sign_up(rc, &who, code).await
}

/// ResendConfirmationCode.
pub async fn resend_confirmation_code(
    c: &Cognate,
    rc: &RequestContext,
    req: ResendConfirmationCodeRequest,
) -> CoreResult<CodeDeliveryResponse> {
    let who = client_user(
        &req.client_id,
        &req.username,
        &req.secret_hash,
        &req.client_metadata,
    )?;
    c.resend_confirmation_code(rc, &who).await
}

/// AdminConfirmSignUp.
pub async fn admin_confirm_sign_up(
    c: &Cognate,
    rc: &RequestContext,
    req: AdminUserRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_confirm_sign_up(rc, &pool, &user, req.client_metadata.as_ref())
        .await
}
