//! Keeps messages in memory so that tests can read the codes they carry.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use cognate_core::delivery::{DeliveryError, EmailMessage, EmailSender, SmsMessage, SmsSender};

/// Records every message; clones share the record.
#[derive(Debug, Default, Clone)]
pub struct CaptureSender {
    emails: Arc<Mutex<Vec<EmailMessage>>>,
    sms: Arc<Mutex<Vec<SmsMessage>>>,
    costly: bool,
}

impl CaptureSender {
    /// A capture whose SMS count as costing money, so that the account's SMS guardrails
    /// (sandbox, opt-outs, spend) apply to it as to a real carrier.
    pub fn costing_money() -> Self {
        Self {
            costly: true,
            ..Self::default()
        }
    }

    /// Emails sent so far.
    pub fn emails(&self) -> Vec<EmailMessage> {
        self.emails.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// Text messages sent so far.
    pub fn sms(&self) -> Vec<SmsMessage> {
        self.sms.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// The last six-digit code sent to `recipient` (address or number).
    pub fn last_code(&self, recipient: &str) -> Option<String> {
        let texts: Vec<String> = self
            .emails()
            .into_iter()
            .filter(|m| m.to == recipient)
            .map(|m| m.body)
            .chain(
                self.sms()
                    .into_iter()
                    .filter(|m| m.phone_number == recipient)
                    .map(|m| m.message),
            )
            .collect();
        texts.last().and_then(|t| {
            t.split(|c: char| !c.is_ascii_digit())
                .find(|w| w.len() == 6)
                .map(str::to_string)
        })
    }
}

#[async_trait]
impl EmailSender for CaptureSender {
    async fn send_email(&self, m: &EmailMessage) -> Result<(), DeliveryError> {
        self.emails
            .lock()
            .map_err(|_| DeliveryError::Failed("capture poisoned".into()))?
            .push(m.clone());
        Ok(())
    }
}

#[async_trait]
impl SmsSender for CaptureSender {
    async fn send_sms(&self, m: &SmsMessage) -> Result<(), DeliveryError> {
        self.sms
            .lock()
            .map_err(|_| DeliveryError::Failed("capture poisoned".into()))?
            .push(m.clone());
        Ok(())
    }

    fn costs_money(&self) -> bool {
        self.costly
    }
}
