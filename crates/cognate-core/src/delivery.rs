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
}

impl Purpose {
    /// The wire name used in webhook payloads and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verification => "verification",
            Purpose::ForgotPassword => "forgot_password",
            Purpose::Mfa => "mfa",
            Purpose::Invitation => "invitation",
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
    /// The pool the message belongs to.
    pub user_pool_id: String,
    /// Why it is sent.
    pub purpose: Purpose,
    /// E.164 number.
    pub phone_number: String,
    /// Final text (contains the code).
    pub message: String,
}

/// A delivery that did not reach its carrier; the client sees `CodeDeliveryFailureException`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DeliveryError(pub String);

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
}
