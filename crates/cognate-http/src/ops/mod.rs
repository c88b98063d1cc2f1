//! Operations whose handler does more than hand the decoded request to one core method: the
//! sign-in's JSON front door, and the operations that need the request's context.

pub mod sign_in;

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, ConfirmDeviceRequest,
    ConfirmDeviceResponse, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};

/// ConfirmDevice (records the source address on the device).
pub async fn confirm_device(
    c: &Cognate,
    rc: &RequestContext,
    req: ConfirmDeviceRequest,
) -> CoreResult<ConfirmDeviceResponse> {
    c.confirm_device(rc, req).await
}

/// AssociateSoftwareToken (with an access token, or an MFA_SETUP session).
pub async fn associate_software_token(
    c: &Cognate,
    rc: &RequestContext,
    req: AssociateSoftwareTokenRequest,
) -> CoreResult<AssociateSoftwareTokenResponse> {
    c.associate_software_token(rc, req).await
}

/// VerifySoftwareToken (with an access token, or an MFA_SETUP session).
pub async fn verify_software_token(
    c: &Cognate,
    rc: &RequestContext,
    req: VerifySoftwareTokenRequest,
) -> CoreResult<VerifySoftwareTokenResponse> {
    c.verify_software_token(rc, req).await
}
