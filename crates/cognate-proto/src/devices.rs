//! Remembered devices: ConfirmDevice, GetDevice, ListDevices, UpdateDeviceStatus, ForgetDevice
//! and their Admin variants. One request type serves both variants: the self-service call
//! carries `AccessToken`, the Admin call `UserPoolId` and `Username`.

use serde::{Deserialize, Serialize};

use crate::types::AttributeType;

/// `DeviceSecretVerifierConfigType`: the device's SRP verifier and salt, base64.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfigType {
    /// `g^x mod N`, big-endian bytes, base64.
    #[serde(default)]
    pub password_verifier: Option<String>,
    /// Salt bytes, base64.
    #[serde(default)]
    pub salt: Option<String>,
}

/// ConfirmDevice input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    /// Access token of the sign-in that issued the device key.
    #[serde(default)]
    pub access_token: Option<String>,
    /// The key from `NewDeviceMetadata`.
    #[serde(default)]
    pub device_key: Option<String>,
    /// The verifier the device will prove with DEVICE_SRP_AUTH.
    #[serde(default)]
    pub device_secret_verifier_config: Option<DeviceSecretVerifierConfigType>,
    /// A name for the device.
    #[serde(default)]
    pub device_name: Option<String>,
}

/// ConfirmDevice output.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    /// Whether the app must ask the user to remember the device (UpdateDeviceStatus).
    pub user_confirmation_necessary: bool,
}

/// GetDevice / AdminGetDevice, ForgetDevice / AdminForgetDevice input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceRequest {
    /// The device.
    #[serde(default)]
    pub device_key: Option<String>,
    /// Access token (self-service variant).
    #[serde(default)]
    pub access_token: Option<String>,
    /// Pool id (Admin variant).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username or alias (Admin variant).
    #[serde(default)]
    pub username: Option<String>,
}

/// `DeviceType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    /// `<region>_<uuid>`.
    pub device_key: String,
    /// `device_status`, `device_name`, `dev:device_remembered_status`, `last_ip_used`.
    pub device_attributes: Vec<AttributeType>,
    /// Epoch seconds.
    pub device_create_date: f64,
    /// Epoch seconds.
    pub device_last_modified_date: f64,
    /// Epoch seconds.
    pub device_last_authenticated_date: f64,
}

/// GetDevice / AdminGetDevice output.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    /// The device.
    pub device: DeviceType,
}

/// ListDevices / AdminListDevices input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    /// Access token (self-service variant).
    #[serde(default)]
    pub access_token: Option<String>,
    /// Pool id (Admin variant).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username or alias (Admin variant).
    #[serde(default)]
    pub username: Option<String>,
    /// Page size, 0–60.
    #[serde(default)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub pagination_token: Option<String>,
}

/// ListDevices / AdminListDevices output.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    /// The user's remembered devices.
    pub devices: Vec<DeviceType>,
    /// Cursor of the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

/// UpdateDeviceStatus / AdminUpdateDeviceStatus input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    /// The device.
    #[serde(default)]
    pub device_key: Option<String>,
    /// `remembered` or `not_remembered`.
    #[serde(default)]
    pub device_remembered_status: Option<String>,
    /// Access token (self-service variant).
    #[serde(default)]
    pub access_token: Option<String>,
    /// Pool id (Admin variant).
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username or alias (Admin variant).
    #[serde(default)]
    pub username: Option<String>,
}
