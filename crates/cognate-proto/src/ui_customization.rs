//! SetUICustomization and GetUICustomization: the branding of the hosted pages.

use serde::{Deserialize, Serialize};

/// SetUICustomization input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SetUICustomizationRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The client, or `ALL` (or none) for the pool's default.
    #[serde(default)]
    pub client_id: Option<String>,
    /// CSS of Cognito's `*-customizable` classes.
    #[serde(default, rename = "CSS")]
    pub css: Option<String>,
    /// The logo, base64 (a blob on the wire).
    #[serde(default)]
    pub image_file: Option<String>,
}

/// GetUICustomization input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetUICustomizationRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The client; none for the pool's default.
    #[serde(default)]
    pub client_id: Option<String>,
}

/// `UICustomizationType`.
#[derive(Debug, Clone, Serialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct UICustomizationType {
    /// Pool id.
    pub user_pool_id: String,
    /// The client, or `ALL`.
    pub client_id: String,
    /// Where the logo is served.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The CSS.
    #[serde(rename = "CSS", skip_serializing_if = "Option::is_none")]
    pub css: Option<String>,
    /// The CSS's version.
    #[serde(rename = "CSSVersion", skip_serializing_if = "Option::is_none")]
    pub css_version: Option<String>,
    /// Epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified_date: Option<f64>,
    /// Epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<f64>,
}

/// SetUICustomization / GetUICustomization output.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UICustomizationResponse {
    /// The branding.
    #[serde(rename = "UICustomization")]
    pub ui_customization: UICustomizationType,
}
