//! Remembered devices: ConfirmDevice, and GetDevice, ListDevices, UpdateDeviceStatus,
//! ForgetDevice with their Admin forms (the access token's user, or the user the Admin call
//! names).

use cognate_core::{
    service::{Caller, RequestContext},
    Cognate, CoreError, CoreResult,
};
use cognate_proto::{
    ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceRequest, GetDeviceResponse,
    ListDevicesRequest, ListDevicesResponse, UpdateDeviceStatusRequest,
};

use super::wire::{access_token, device_key, present, subject};

/// ConfirmDevice (records the source address on the device).
pub async fn confirm_device(
    c: &Cognate,
    rc: &RequestContext,
    req: ConfirmDeviceRequest,
) -> CoreResult<ConfirmDeviceResponse> {
    let token = access_token(&req.access_token)?;
    let key = device_key(&req.device_key)?;
    let config = present(
        req.device_secret_verifier_config.as_ref(),
        "deviceSecretVerifierConfig",
    )?;
    c.confirm_device(rc, &token, &key, config, req.device_name.as_deref())
        .await
}

async fn get(c: &Cognate, caller: Caller, req: DeviceRequest) -> CoreResult<GetDeviceResponse> {
    let key = device_key(&req.device_key)?;
    let who = subject(caller, &req.access_token, &req.user_pool_id, &req.username)?;
    c.get_device(&who, &key).await
}

/// GetDevice.
pub async fn get_device(
    c: &Cognate,
    _rc: &RequestContext,
    req: DeviceRequest,
) -> CoreResult<GetDeviceResponse> {
    get(c, Caller::Public, req).await
}

/// AdminGetDevice.
pub async fn admin_get_device(
    c: &Cognate,
    _rc: &RequestContext,
    req: DeviceRequest,
) -> CoreResult<GetDeviceResponse> {
    get(c, Caller::Admin, req).await
}

async fn list(
    c: &Cognate,
    caller: Caller,
    req: ListDevicesRequest,
) -> CoreResult<ListDevicesResponse> {
    let who = subject(caller, &req.access_token, &req.user_pool_id, &req.username)?;
    c.list_devices(&who, req.limit, req.pagination_token.as_deref())
        .await
}

/// ListDevices.
pub async fn list_devices(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListDevicesRequest,
) -> CoreResult<ListDevicesResponse> {
    list(c, Caller::Public, req).await
}

/// AdminListDevices.
pub async fn admin_list_devices(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListDevicesRequest,
) -> CoreResult<ListDevicesResponse> {
    list(c, Caller::Admin, req).await
}

async fn update_status(
    c: &Cognate,
    rc: &RequestContext,
    caller: Caller,
    req: UpdateDeviceStatusRequest,
) -> CoreResult<()> {
    let key = device_key(&req.device_key)?;
    let remembered = match req.device_remembered_status.as_deref() {
        Some("remembered") => true,
        None | Some("not_remembered") => false,
        Some(other) => {
            return Err(CoreError::InvalidParameter(format!(
                "1 validation error detected: Value '{other}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]"
            )))
        }
    };
    let who = subject(caller, &req.access_token, &req.user_pool_id, &req.username)?;
    c.update_device_status(rc, &who, &key, remembered).await
}

/// UpdateDeviceStatus.
pub async fn update_device_status(
    c: &Cognate,
    rc: &RequestContext,
    req: UpdateDeviceStatusRequest,
) -> CoreResult<()> {
    update_status(c, rc, Caller::Public, req).await
}

/// AdminUpdateDeviceStatus.
pub async fn admin_update_device_status(
    c: &Cognate,
    rc: &RequestContext,
    req: UpdateDeviceStatusRequest,
) -> CoreResult<()> {
    update_status(c, rc, Caller::Admin, req).await
}

async fn forget(
    c: &Cognate,
    rc: &RequestContext,
    caller: Caller,
    req: DeviceRequest,
) -> CoreResult<()> {
    let key = device_key(&req.device_key)?;
    let who = subject(caller, &req.access_token, &req.user_pool_id, &req.username)?;
    c.forget_device(rc, &who, &key).await
}

/// ForgetDevice.
pub async fn forget_device(c: &Cognate, rc: &RequestContext, req: DeviceRequest) -> CoreResult<()> {
    forget(c, rc, Caller::Public, req).await
}

/// AdminForgetDevice.
pub async fn admin_forget_device(
    c: &Cognate,
    rc: &RequestContext,
    req: DeviceRequest,
) -> CoreResult<()> {
    forget(c, rc, Caller::Admin, req).await
}
