//! Shapes shared by several operations (`AttributeType`, `CodeDeliveryDetailsType`, ...).

use serde::{Deserialize, Serialize};

/// `AttributeType`: one user attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// Attribute name, e.g. `email` or `custom:team`.
    pub name: String,
    /// Attribute value; absent or empty deletes where the operation allows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl AttributeType {
    /// An attribute with a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// `CodeDeliveryDetailsType`: where a code was sent, with the destination masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetailsType {
    /// Masked destination, e.g. `u***@e***` or `+*******4567`.
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: String,
    /// The attribute the code verifies, e.g. `email`.
    pub attribute_name: String,
}

/// `NewDeviceMetadataType`, returned when device tracking issues a new device key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadataType {
    /// `<region>_<uuid>`.
    pub device_key: String,
    /// The device group key used as SRP pool name for device authentication.
    pub device_group_key: String,
}

/// `AuthenticationResultType`: the tokens of a successful sign-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResultType {
    /// Access token (JWT).
    pub access_token: String,
    /// Access-token lifetime in seconds.
    pub expires_in: i64,
    /// Always `Bearer`.
    pub token_type: String,
    /// Opaque refresh token; absent on refresh unless rotation is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// ID token (JWT).
    pub id_token: String,
    /// Present when device tracking issued a new device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadataType>,
}

/// `MFAOptionType` (legacy SMS MFA settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaOptionType {
    /// `SMS` or `EMAIL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_medium: Option<String>,
    /// Usually `phone_number`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_name: Option<String>,
}

/// `UserType`, as ListUsers and AdminCreateUser return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserType {
    /// Internal username (the `sub` in email-as-username pools).
    pub username: String,
    /// The user's attributes.
    pub attributes: Vec<AttributeType>,
    /// Epoch seconds.
    pub user_create_date: f64,
    /// Epoch seconds.
    pub user_last_modified_date: f64,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// `UNCONFIRMED`, `CONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`, ...
    pub user_status: String,
    /// Legacy MFA options.
    #[serde(
        rename = "MFAOptions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mfa_options: Option<Vec<MfaOptionType>>,
}

/// `ContextDataType` / `UserContextDataType`: accepted and ignored (advanced security).
pub type ContextData = serde_json::Value;

/// Client metadata map passed to Lambda triggers; accepted and ignored.
pub type ClientMetadata = std::collections::BTreeMap<String, String>;
