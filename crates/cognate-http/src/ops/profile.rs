//! Self-service with an access token: GetUser, UpdateUserAttributes, DeleteUserAttributes,
//! DeleteUser, GetUserAttributeVerificationCode, VerifyUserAttribute.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AccessTokenRequest, CodeDeliveryResponse, DeleteUserAttributesRequest,
    GetUserAttributeVerificationCodeRequest, GetUserResponse, UpdateUserAttributesRequest,
    UpdateUserAttributesResponse, VerifyUserAttributeRequest,
};

use super::wire::{access_token, present, required};

/// GetUser.
pub async fn get_user(
    c: &Cognate,
    _rc: &RequestContext,
    req: AccessTokenRequest,
) -> CoreResult<GetUserResponse> {
    c.get_user(&access_token(&req.access_token)?).await
}

/// UpdateUserAttributes.
pub async fn update_user_attributes(
    c: &Cognate,
    rc: &RequestContext,
    req: UpdateUserAttributesRequest,
) -> CoreResult<UpdateUserAttributesResponse> {
    let token = access_token(&req.access_token)?;
    let attributes = present(req.user_attributes, "userAttributes")?;
    c.update_user_attributes(rc, &token, &attributes, req.client_metadata.as_ref())
        .await
}

/// DeleteUserAttributes.
pub async fn delete_user_attributes(
    c: &Cognate,
    _rc: &RequestContext,
    req: DeleteUserAttributesRequest,
) -> CoreResult<()> {
    let token = access_token(&req.access_token)?;
    let names = present(req.user_attribute_names, "userAttributeNames")?;
    c.delete_user_attributes(&token, &names).await
}

/// DeleteUser.
pub async fn delete_user(
    c: &Cognate,
    _rc: &RequestContext,
    req: AccessTokenRequest,
) -> CoreResult<()> {
    c.delete_user(&access_token(&req.access_token)?).await
}

/// GetUserAttributeVerificationCode.
pub async fn get_user_attribute_verification_code(
    c: &Cognate,
    rc: &RequestContext,
    req: GetUserAttributeVerificationCodeRequest,
) -> CoreResult<CodeDeliveryResponse> {
    let token = access_token(&req.access_token)?;
    let name = required(&req.attribute_name, "attributeName")?;
    c.get_user_attribute_verification_code(rc, &token, name, req.client_metadata.as_ref())
        .await
}

/// VerifyUserAttribute.
pub async fn verify_user_attribute(
    c: &Cognate,
    _rc: &RequestContext,
    req: VerifyUserAttributeRequest,
) -> CoreResult<()> {
    let token = access_token(&req.access_token)?;
    let name = required(&req.attribute_name, "attributeName")?;
    let code = required(&req.code, "code")?;
    c.verify_user_attribute(&token, name, code).await
}
