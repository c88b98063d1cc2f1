//! Outgoing messages (verification codes, MFA codes, invitations) and the senders that carry them.

use async_trait::async_trait;

/// Why a message is sent; webhook receivers and logs see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Sign-up confirmation or attribute verification.
    Verification,
    /// Forgot-password / admin reset code.
    ForgotPassword,
    /// An MFA code at sign-in.
    Mfa,
    /// AdminCreateUser invitation with a temporary password.
    Invitation,
    /// The code of CreateSMSSandboxPhoneNumber.
    SandboxVerification,
    /// A message sent with the SNS Publish operation.
    Publish,
}

impl Purpose {
    /// The wire name used in webhook payloads and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verification => "verification",
            Purpose::ForgotPassword => "forgot_password",
            Purpose::Mfa => "mfa",
            Purpose::Invitation => "invitation",
            Purpose::SandboxVerification => "sandbox_verification",
            Purpose::Publish => "publish",
        }
    }
}

/// An email to send.
#[derive(Debug, Clone)]
pub struct EmailMessage {
    /// The pool the message belongs to.
    pub user_pool_id: String,
    /// Why it is sent.
    pub purpose: Purpose,
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Body text (contains the code).
    pub body: String,
}

/// A text message to send.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    /// The pool the message belongs to (empty for the SNS Publish operation).
    pub user_pool_id: String,
    /// Why it is sent.
    pub purpose: Purpose,
    /// E.164 number.
    pub phone_number: String,
    /// Final text (contains the code).
    pub message: String,
    /// `Transactional` or `Promotional` (the account's DefaultSMSType).
    pub sms_type: String,
    /// The account's DefaultSenderID, when set.
    pub sender_id: Option<String>,
    /// The pool's `SmsConfiguration`: the role an SNS sender assumes.
    pub role: Option<SmsRole>,
}

/// The IAM role (and its external id) through which a pool's SMS are published, as Cognito
/// assumes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsRole {
    /// `SnsCallerArn`.
    pub arn: String,
    /// `ExternalId`.
    pub external_id: Option<String>,
    /// `SnsRegion`, when not the server's region.
    pub region: Option<String>,
}

/// A delivery that did not reach its carrier.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The carrier refused or could not be reached (`CodeDeliveryFailureException`).
    #[error("{0}")]
    Failed(String),
    /// The pool's SMS role cannot be assumed (`InvalidSmsRoleTrustRelationshipException`).
    #[error("SMS role cannot be assumed: {0}")]
    RoleTrust(String),
    /// The role may not publish (`InvalidSmsRoleAccessPolicyException`).
    #[error("SMS role may not publish: {0}")]
    RoleAccessPolicy(String),
}

/// Sends email.
#[async_trait]
pub trait EmailSender: Send + Sync {
    /// Hands the message to the carrier; returns once accepted.
    async fn send_email(&self, message: &EmailMessage) -> Result<(), DeliveryError>;
}

/// Sends SMS.
#[async_trait]
pub trait SmsSender: Send + Sync {
    /// Hands the message to the carrier; returns once accepted.
    async fn send_sms(&self, message: &SmsMessage) -> Result<(), DeliveryError>;

    /// Whether messages cost money, so that the account's sandbox, opt-outs and spend limit
    /// govern them (true unless the sender only logs or captures).
    fn costs_money(&self) -> bool {
        true
    }
}
