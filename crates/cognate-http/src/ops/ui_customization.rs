//! The hosted pages' branding: SetUICustomization, GetUICustomization.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    GetUICustomizationRequest, SetUICustomizationRequest, UICustomizationResponse,
};

use super::wire::pool_id;

/// SetUICustomization.
pub async fn set_ui_customization(
    c: &Cognate,
    _rc: &RequestContext,
    req: SetUICustomizationRequest,
) -> CoreResult<UICustomizationResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.set_ui_customization(
        &pool,
        req.client_id.as_deref(),
        req.css.as_deref(),
        req.image_file.as_deref(),
    )
    .await
}

/// GetUICustomization.
pub async fn get_ui_customization(
    c: &Cognate,
    _rc: &RequestContext,
    req: GetUICustomizationRequest,
) -> CoreResult<UICustomizationResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.get_ui_customization(&pool, req.client_id.as_deref())
        .await
}
