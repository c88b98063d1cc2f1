//! A user's authentication events: AdminListUserAuthEvents, AdminUpdateAuthEventFeedback and
//! UpdateAuthEventFeedback
//! (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminListUserAuthEvents.html>).
//! Cognito serves them only to pools with threat protection; Cognate serves them to every pool,
//! with no risk ever found.

use serde::{Deserialize, Serialize};

/// AdminListUserAuthEvents input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListUserAuthEventsRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username, alias or `sub`.
    #[serde(default)]
    pub username: Option<String>,
    /// Page size, 0–60 (0 or absent: 60).
    #[serde(default)]
    pub max_results: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub next_token: Option<String>,
}

/// AdminListUserAuthEvents output.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListUserAuthEventsResponse {
    /// The events, newest first.
    pub auth_events: Vec<AuthEventType>,
    /// Cursor of the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `AuthEventType`: one event.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AuthEventType {
    /// The event's id.
    pub event_id: String,
    /// `SignIn`, `SignUp`, `ForgotPassword`, `PasswordChange` or `ResendCode`.
    pub event_type: String,
    /// Epoch seconds.
    pub creation_date: f64,
    /// `Pass`, `Fail` or `InProgress`.
    pub event_response: String,
    /// The risk found: always none here.
    pub event_risk: EventRiskType,
    /// A sign-in's password and MFA answers, in order.
    pub challenge_responses: Vec<ChallengeResponseType>,
    /// Where the request came from.
    pub event_context_data: EventContextDataType,
    /// Feedback given on the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_feedback: Option<EventFeedbackType>,
}

/// `EventRiskType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventRiskType {
    /// `NoRisk`, `AccountTakeover` or `Block`.
    pub risk_decision: String,
    /// `Low`, `Medium` or `High`.
    pub risk_level: String,
    /// Whether the password was found among leaked credentials.
    pub compromised_credentials_detected: bool,
}

/// `ChallengeResponseType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChallengeResponseType {
    /// `Password` or `Mfa`.
    pub challenge_name: String,
    /// `Success` or `Failure`.
    pub challenge_response: String,
}

/// `EventContextDataType`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventContextDataType {
    /// The caller's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// The remembered device the sign-in used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    /// The caller's time zone (Cognate does not know it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The caller's city (Cognate does not know it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// The caller's country (Cognate does not know it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `EventFeedbackType`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EventFeedbackType {
    /// `Valid` or `Invalid`.
    pub feedback_value: String,
    /// Who gave it: `Admin` or `User`.
    pub provider: String,
    /// Epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback_date: Option<f64>,
}

/// AdminUpdateAuthEventFeedback input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateAuthEventFeedbackRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username, alias or `sub`.
    #[serde(default)]
    pub username: Option<String>,
    /// The event's id.
    #[serde(default)]
    pub event_id: Option<String>,
    /// `Valid` or `Invalid`.
    #[serde(default)]
    pub feedback_value: Option<String>,
}

/// UpdateAuthEventFeedback input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateAuthEventFeedbackRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Username, alias or `sub`.
    #[serde(default)]
    pub username: Option<String>,
    /// The event's id.
    #[serde(default)]
    pub event_id: Option<String>,
    /// The token issued for the event (Cognito puts it in its risk notification emails).
    #[serde(default)]
    pub feedback_token: Option<String>,
    /// `Valid` or `Invalid`.
    #[serde(default)]
    pub feedback_value: Option<String>,
}
