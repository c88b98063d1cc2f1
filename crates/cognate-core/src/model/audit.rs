//! The audit log: what happened to a pool's users (sign-ins step by step, sign-ups, password
//! and MFA changes, devices, sign-outs, Admin operations) and the SMS sent or refused for them.
//!
//! The store keeps each step as an [`AuditEvent`] of its own, never rewritten (only its
//! feedback is set later): a sign-in that asks for MFA is one step when the password passes
//! and another when the code is answered, both under the sign-in's event id. Reading an event
//! folds its steps ([`AuditEvent::fold`]), so a later step is never lost to an earlier one
//! written after it, whichever node or batch wrote either.
//!
//! AdminListUserAuthEvents shows Cognito's five kinds
//! (<https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AuthEventType.html>);
//! `cognate audit export` writes every kind, as the JSON this module's serde names give.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What an event records. The first five are Cognito's `EventType`s, the only ones
/// AdminListUserAuthEvents lists; the others are Cognate's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditKind {
    /// A sign-in: InitiateAuth and the challenges answered after it, or its Admin form.
    SignIn,
    /// SignUp.
    SignUp,
    /// ForgotPassword.
    ForgotPassword,
    /// ConfirmForgotPassword and ChangePassword.
    PasswordChange,
    /// ResendConfirmationCode.
    ResendCode,
    /// ConfirmSignUp and AdminConfirmSignUp.
    Confirmation,
    /// SetUserMFAPreference, AdminSetUserMFAPreference, AssociateSoftwareToken,
    /// VerifySoftwareToken.
    MfaChange,
    /// ConfirmDevice of a device remembered at once, UpdateDeviceStatus to `remembered`.
    DeviceRemembered,
    /// ForgetDevice, AdminForgetDevice, UpdateDeviceStatus to `not_remembered`.
    DeviceForgotten,
    /// RevokeToken.
    TokenRevoked,
    /// GlobalSignOut and AdminUserGlobalSignOut.
    GlobalSignOut,
    /// An Admin operation that changed a user; the operation is `detail.operation`.
    AdminAction,
    /// An SMS handed to the carrier.
    SmsSent,
    /// An SMS the account's guardrails stopped or the carrier did not take.
    SmsRefused,
}

impl AuditKind {
    /// Cognito's `EventType`s, which AdminListUserAuthEvents lists.
    pub const AUTH_EVENTS: [AuditKind; 5] = [
        AuditKind::SignIn,
        AuditKind::SignUp,
        AuditKind::ForgotPassword,
        AuditKind::PasswordChange,
        AuditKind::ResendCode,
    ];

    const ALL: [AuditKind; 14] = [
        AuditKind::SignIn,
        AuditKind::SignUp,
        AuditKind::ForgotPassword,
        AuditKind::PasswordChange,
        AuditKind::ResendCode,
        AuditKind::Confirmation,
        AuditKind::MfaChange,
        AuditKind::DeviceRemembered,
        AuditKind::DeviceForgotten,
        AuditKind::TokenRevoked,
        AuditKind::GlobalSignOut,
        AuditKind::AdminAction,
        AuditKind::SmsSent,
        AuditKind::SmsRefused,
    ];

    /// The stored and shown name (Cognito's `EventType` for its five).
    pub fn as_str(self) -> &'static str {
        match self {
            AuditKind::SignIn => "SignIn",
            AuditKind::SignUp => "SignUp",
            AuditKind::ForgotPassword => "ForgotPassword",
            AuditKind::PasswordChange => "PasswordChange",
            AuditKind::ResendCode => "ResendCode",
            AuditKind::Confirmation => "Confirmation",
            AuditKind::MfaChange => "MfaChange",
            AuditKind::DeviceRemembered => "DeviceRemembered",
            AuditKind::DeviceForgotten => "DeviceForgotten",
            AuditKind::TokenRevoked => "TokenRevoked",
            AuditKind::GlobalSignOut => "GlobalSignOut",
            AuditKind::AdminAction => "AdminAction",
            AuditKind::SmsSent => "SmsSent",
            AuditKind::SmsRefused => "SmsRefused",
        }
    }

    /// The kind a stored name names.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// How an event ended (Cognito's `EventResponse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditResponse {
    /// It succeeded.
    Pass,
    /// It was refused.
    Fail,
    /// A sign-in with challenges still to answer.
    InProgress,
}

impl AuditResponse {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditResponse::Pass => "Pass",
            AuditResponse::Fail => "Fail",
            AuditResponse::InProgress => "InProgress",
        }
    }
}

/// What a sign-in's step checked (Cognito's `ChallengeResponseType.ChallengeName`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditChallenge {
    /// The password, given or proven by SRP.
    Password,
    /// A second factor's code.
    Mfa,
}

impl AuditChallenge {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditChallenge::Password => "Password",
            AuditChallenge::Mfa => "Mfa",
        }
    }
}

/// How an answer went (Cognito's `ChallengeResponseType.ChallengeResponse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChallengeOutcome {
    /// It was right.
    Success,
    /// It was wrong.
    Failure,
}

impl ChallengeOutcome {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            ChallengeOutcome::Success => "Success",
            ChallengeOutcome::Failure => "Failure",
        }
    }

    /// `Success` when `passed`.
    pub fn of(passed: bool) -> Self {
        if passed {
            ChallengeOutcome::Success
        } else {
            ChallengeOutcome::Failure
        }
    }
}

/// One answer of a sign-in (Cognito's `ChallengeResponseType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChallengeResponse {
    /// What was checked.
    pub challenge_name: AuditChallenge,
    /// How it went.
    pub challenge_response: ChallengeOutcome,
}

/// Feedback on an event (Cognito's `FeedbackValueType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeedbackValue {
    /// The event was the user's own.
    Valid,
    /// The event was not the user's.
    Invalid,
}

impl FeedbackValue {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackValue::Valid => "Valid",
            FeedbackValue::Invalid => "Invalid",
        }
    }

    /// The value a request names (`Valid`, `Invalid`; Cognito takes either case).
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "valid" => Some(FeedbackValue::Valid),
            "invalid" => Some(FeedbackValue::Invalid),
            _ => None,
        }
    }
}

/// Feedback given on an event (Cognito's `EventFeedbackType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditFeedback {
    /// The verdict.
    pub value: FeedbackValue,
    /// Who gave it: `Admin` (AdminUpdateAuthEventFeedback) or `User` (UpdateAuthEventFeedback).
    pub provider: String,
    /// When, epoch ms.
    pub date_ms: i64,
}

/// Who an event is among the others: its id, time and place in the log. A sign-in carries its
/// event's from step to step in its challenge sessions (see [`super::SignIn`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRef {
    /// The event's id.
    pub event_id: String,
    /// When the event began, epoch ms (for a sign-in, when its first factor passed).
    pub created_ms: i64,
    /// Orders events: later events have greater numbers, even within a millisecond or under
    /// a clock that stands still (one node's events exactly, several nodes' by their clocks).
    #[serde(default)]
    pub seq: i64,
}

/// One step of an event as the store keeps it, or (from [`AuditEvent::fold`]) the event as its
/// steps tell it together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEvent {
    /// The event's id (Cognito's `EventId`), shared by its steps.
    pub event_id: String,
    /// The event's place in the log ([`AuditRef::seq`]), shared by its steps.
    pub seq: i64,
    /// Orders the steps of an event; unique within it. A folded event carries its last step's.
    pub step: i64,
    /// The pool (empty for an SMS sent through SNS Publish).
    pub pool_id: String,
    /// The user's `sub`, where known (never for a name no user holds).
    #[serde(default)]
    pub sub: Option<String>,
    /// The user's username, where known.
    #[serde(default)]
    pub username: Option<String>,
    /// What happened.
    pub kind: AuditKind,
    /// When the event began, epoch ms (every step of an event carries its first step's time).
    pub created_ms: i64,
    /// How it ended; a folded event's is its last step's.
    pub response: AuditResponse,
    /// A sign-in's password and MFA answers, in order (a folded event's are all its steps').
    #[serde(default)]
    pub challenge_responses: Vec<ChallengeResponse>,
    /// The app client, where the request named one.
    #[serde(default)]
    pub client_id: Option<String>,
    /// The caller's address.
    #[serde(default)]
    pub source_ip: Option<String>,
    /// The caller's `User-Agent`.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The remembered device a sign-in proved, by its name (its key when it has none).
    #[serde(default)]
    pub device_name: Option<String>,
    /// The access key id of an Admin request (as signed, or as claimed on a server without
    /// admin keys).
    #[serde(default)]
    pub admin_key_id: Option<String>,
    /// What else the kind records: the operation of an Admin action, an SMS's country, cost and
    /// reason, a device's key.
    #[serde(default)]
    pub detail: Map<String, Value>,
    /// Feedback given later (AdminUpdateAuthEventFeedback, UpdateAuthEventFeedback).
    #[serde(default)]
    pub feedback: Option<AuditFeedback>,
}

impl AuditEvent {
    /// A step of the event `at`, of `kind` in `pool_id`, passed, with nothing else known yet.
    pub fn new(at: AuditRef, kind: AuditKind, pool_id: &str) -> Self {
        Self {
            event_id: at.event_id,
            seq: at.seq,
            step: 0,
            pool_id: pool_id.to_string(),
            sub: None,
            username: None,
            kind,
            created_ms: at.created_ms,
            response: AuditResponse::Pass,
            challenge_responses: Vec::new(),
            client_id: None,
            source_ip: None,
            user_agent: None,
            device_name: None,
            admin_key_id: None,
            detail: Map::new(),
            feedback: None,
        }
    }

    /// The event with `value` recorded under `name` in its detail.
    #[must_use]
    pub fn with_detail(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.detail.insert(name.to_string(), value.into());
        self
    }

    /// Whether AdminListUserAuthEvents shows it.
    pub fn is_auth_event(&self) -> bool {
        AuditKind::AUTH_EVENTS.contains(&self.kind)
    }

    /// The event as its steps (of one event id, in any order) tell it together: the first
    /// step's identity, time and caller; the last step's response; every step's challenge
    /// answers in order; the user, client and admin key of whichever step knew them first;
    /// the device and feedback of whichever step knew them last; every step's detail, later
    /// ones winning. `None` for no steps.
    pub fn fold(mut steps: Vec<AuditEvent>) -> Option<AuditEvent> {
        steps.sort_by_key(|s| s.step);
        let mut steps = steps.into_iter();
        let mut event = steps.next()?;
        for later in steps {
            event.step = later.step;
            event.response = later.response;
            event.created_ms = event.created_ms.min(later.created_ms);
            event.seq = event.seq.min(later.seq);
            event.challenge_responses.extend(later.challenge_responses);
            event.sub = event.sub.or(later.sub);
            event.username = event.username.or(later.username);
            event.client_id = event.client_id.or(later.client_id);
            event.admin_key_id = event.admin_key_id.or(later.admin_key_id);
            if later.device_name.is_some() {
                event.device_name = later.device_name;
            }
            if later.feedback.is_some() {
                event.feedback = later.feedback;
            }
            event.detail.extend(later.detail);
        }
        Some(event)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(n: i64, response: AuditResponse, answers: &[(AuditChallenge, bool)]) -> AuditEvent {
        let at = AuditRef {
            event_id: "e1".into(),
            created_ms: 1_000 + n,
            seq: 7,
        };
        let mut e = AuditEvent::new(at, AuditKind::SignIn, "p");
        e.step = n;
        e.response = response;
        e.challenge_responses = answers
            .iter()
            .map(|&(challenge_name, passed)| ChallengeResponse {
                challenge_name,
                challenge_response: ChallengeOutcome::of(passed),
            })
            .collect();
        e
    }

    #[test]
    fn a_sign_in_folds_to_its_last_response_with_every_answer_in_order() {
        use AuditChallenge::{Mfa, Password};
        let mut first = step(1, AuditResponse::InProgress, &[(Password, true)]);
        first.sub = Some("s".into());
        first.source_ip = Some("10.0.0.1".into());
        let wrong = step(2, AuditResponse::Fail, &[(Mfa, false)]);
        let mut right = step(3, AuditResponse::Pass, &[(Mfa, true)]);
        right.device_name = Some("laptop".into());
        right.source_ip = Some("10.0.0.2".into());
        // Written in any order (another node's batch first), read the same.
        let event = AuditEvent::fold(vec![right, first, wrong]).unwrap();
        assert_eq!(event.response, AuditResponse::Pass);
        assert_eq!(event.step, 3);
        assert_eq!(event.created_ms, 1_001, "the first step's time");
        assert_eq!(event.sub.as_deref(), Some("s"));
        assert_eq!(
            event.source_ip.as_deref(),
            Some("10.0.0.1"),
            "where it began"
        );
        assert_eq!(event.device_name.as_deref(), Some("laptop"));
        let answers: Vec<_> = event
            .challenge_responses
            .iter()
            .map(|c| {
                (
                    c.challenge_name,
                    c.challenge_response == ChallengeOutcome::Success,
                )
            })
            .collect();
        assert_eq!(answers, [(Password, true), (Mfa, false), (Mfa, true)]);
    }

    #[test]
    fn a_single_step_is_its_own_event_and_no_steps_are_none() {
        let only = step(7, AuditResponse::Fail, &[(AuditChallenge::Password, false)]);
        assert_eq!(AuditEvent::fold(vec![only.clone()]), Some(only));
        assert_eq!(AuditEvent::fold(Vec::new()), None);
    }

    #[test]
    fn later_detail_and_feedback_win() {
        let mut a = step(1, AuditResponse::InProgress, &[]).with_detail("x", 1);
        a.feedback = Some(AuditFeedback {
            value: FeedbackValue::Valid,
            provider: "Admin".into(),
            date_ms: 5,
        });
        let b = step(2, AuditResponse::Pass, &[])
            .with_detail("x", 2)
            .with_detail("y", "z");
        let event = AuditEvent::fold(vec![a, b]).unwrap();
        assert_eq!(event.detail["x"], 2);
        assert_eq!(event.detail["y"], "z");
        assert_eq!(event.feedback.unwrap().value, FeedbackValue::Valid);
    }

    #[test]
    fn kinds_and_feedback_values_read_back_from_their_names() {
        for kind in AuditKind::ALL {
            assert_eq!(AuditKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_value(kind).unwrap();
            assert_eq!(json, kind.as_str());
        }
        assert_eq!(AuditKind::parse("Other"), None);
        assert_eq!(FeedbackValue::parse("valid"), Some(FeedbackValue::Valid));
        assert_eq!(
            FeedbackValue::parse("Invalid"),
            Some(FeedbackValue::Invalid)
        );
        assert_eq!(FeedbackValue::parse("maybe"), None);
    }
}
