//! Prints every message, code included, to the console: the development default. This is the
//! one place where codes are meant to appear in logs.

use async_trait::async_trait;
use cognate_core::delivery::{DeliveryError, EmailMessage, EmailSender, SmsMessage, SmsSender};

/// Logs messages instead of sending them.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogSender;

#[async_trait]
impl EmailSender for LogSender {
    async fn send_email(&self, m: &EmailMessage) -> Result<(), DeliveryError> {
        tracing::info!(target: "cognate::outbox", pool = %m.user_pool_id, purpose = m.purpose.as_str(), to = %m.to, subject = %m.subject, body = %m.body, "email");
        Ok(())
    }
}

#[async_trait]
impl SmsSender for LogSender {
    async fn send_sms(&self, m: &SmsMessage) -> Result<(), DeliveryError> {
        tracing::info!(target: "cognate::outbox", pool = %m.user_pool_id, purpose = m.purpose.as_str(), to = %m.phone_number, message = %m.message, "sms");
        Ok(())
    }

    fn costs_money(&self) -> bool {
        false
    }
}
