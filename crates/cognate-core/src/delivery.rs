//! Outgoing messages (verification codes, MFA codes, invitations) and the senders that carry
//! them, and the [`Outbox`] where the development sender keeps the last messages it printed.

use std::{
    collections::VecDeque,
    sync::{Mutex, MutexGuard},
};

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

/// Whether an outbox entry was an email or an SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// An email.
    Email,
    /// A text message.
    Sms,
}

/// A message as the outbox keeps it.
#[derive(Debug, Clone)]
pub struct OutboxEntry {
    /// When it was handed to the sender, epoch ms.
    pub at_ms: i64,
    /// Email or SMS.
    pub kind: OutboxKind,
    /// The pool it belongs to (empty for the SNS Publish operation).
    pub user_pool_id: String,
    /// Why it was sent.
    pub purpose: Purpose,
    /// The address or E.164 number it went to.
    pub to: String,
    /// An email's subject (none for an SMS).
    pub subject: Option<String>,
    /// The text, code included.
    pub body: String,
}

/// The last messages the development sender printed (the console's dev inbox reads them), at
/// most [`Outbox::CAPACITY`]: the oldest goes when a new one comes. Kept in this process's
/// memory only, never stored. The lock is held only to add or copy entries, never across an
/// `await`.
#[derive(Debug)]
pub struct Outbox {
    capacity: usize,
    entries: Mutex<VecDeque<OutboxEntry>>,
}

impl Default for Outbox {
    fn default() -> Self {
        Self::with_capacity(Self::CAPACITY)
    }
}

impl Outbox {
    /// How many messages an outbox keeps by default.
    pub const CAPACITY: usize = 200;

    /// An empty outbox keeping the last `capacity` messages (at least one).
    pub fn with_capacity(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            entries: Mutex::new(VecDeque::with_capacity(capacity)),
        }
    }

    // A thread that panicked while holding the lock left whole entries behind (a push or a
    // copy never stops halfway), so the entries stay usable.
    fn lock(&self) -> MutexGuard<'_, VecDeque<OutboxEntry>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Adds a message, letting the oldest go when the outbox is full.
    pub fn push(&self, entry: OutboxEntry) {
        let mut entries = self.lock();
        while entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    /// The messages kept, newest first.
    pub fn newest_first(&self) -> Vec<OutboxEntry> {
        self.lock().iter().rev().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sms(n: i64) -> OutboxEntry {
        OutboxEntry {
            at_ms: n,
            kind: OutboxKind::Sms,
            user_pool_id: "us-east-1_abc".into(),
            purpose: Purpose::Mfa,
            to: "+15555550123".into(),
            subject: None,
            body: format!("Your code is {n}"),
        }
    }

    #[test]
    fn the_outbox_keeps_the_newest_messages_newest_first() {
        let outbox = Outbox::with_capacity(3);
        for n in 1..=5 {
            outbox.push(sms(n));
        }
        let kept: Vec<i64> = outbox.newest_first().iter().map(|e| e.at_ms).collect();
        assert_eq!(kept, vec![5, 4, 3]);
    }
}
