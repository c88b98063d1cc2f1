//! A user's MFA settings: SetUserMFAPreference, AdminSetUserMFAPreference,
//! AssociateSoftwareToken, VerifySoftwareToken.

use cognate_core::{
    model::{AccessToken, Enrollee, Subject},
    service::RequestContext,
    Cognate, CoreError, CoreResult,
};
use cognate_proto::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};

use super::wire::{access_token, named, required};

/// SetUserMFAPreference.
pub async fn set_user_mfa_preference(
    c: &Cognate,
    rc: &RequestContext,
    req: SetUserMfaPreferenceRequest,
) -> CoreResult<()> {
    let who = Subject::Token(access_token(&req.access_token)?);
    c.set_user_mfa_preference(rc, &who, &req).await
}

/// AdminSetUserMFAPreference.
pub async fn admin_set_user_mfa_preference(
    c: &Cognate,
    rc: &RequestContext,
    req: SetUserMfaPreferenceRequest,
) -> CoreResult<()> {
    let (pool, username) = named(&req.user_pool_id, &req.username)?;
    c.set_user_mfa_preference(rc, &Subject::Named { pool, username }, &req)
        .await
}

/// Who enrolls: exactly one of `AccessToken` and `Session`.
fn enrollee(token: &Option<String>, session: &Option<String>) -> CoreResult<Enrollee> {
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    match (given(token), given(session)) {
        (Some(token), None) => Ok(Enrollee::Signed(AccessToken::new(token))),
        (None, Some(session)) => Ok(Enrollee::Setup(session)),
        _ => Err(CoreError::InvalidParameter(
            "Exactly one of AccessToken and Session is required.".into(),
        )),
    }
}

/// AssociateSoftwareToken (with an access token, or an MFA_SETUP session).
pub async fn associate_software_token(
    c: &Cognate,
    rc: &RequestContext,
    req: AssociateSoftwareTokenRequest,
) -> CoreResult<AssociateSoftwareTokenResponse> {
    let who = enrollee(&req.access_token, &req.session)?;
    c.associate_software_token(rc, &who).await
}

/// VerifySoftwareToken (with an access token, or an MFA_SETUP session).
pub async fn verify_software_token(
    c: &Cognate,
    rc: &RequestContext,
    req: VerifySoftwareTokenRequest,
) -> CoreResult<VerifySoftwareTokenResponse> {
    let code = required(&req.user_code, "userCode")?;
    let who = enrollee(&req.access_token, &req.session)?;
    c.verify_software_token(rc, &who, code, req.friendly_device_name.clone())
        .await
}
