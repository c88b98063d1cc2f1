//! Prints every message, code included, to the console: the development default. This is the
//! one place where codes are meant to appear in logs. With an [`Outbox`], it also keeps the
//! last messages there for the console's dev inbox.

use std::{
    sync::Arc,
    time::{SystemTime, UNIX_EPOCH},
};

use async_trait::async_trait;
use cognate_core::delivery::{
    DeliveryError, EmailMessage, EmailSender, Outbox, OutboxEntry, OutboxKind, SmsMessage,
    SmsSender,
};

/// Logs messages instead of sending them; `LogSender::default()` keeps none of them.
#[derive(Debug, Default, Clone)]
pub struct LogSender {
    outbox: Option<Arc<Outbox>>,
}

impl LogSender {
    /// A sender that also keeps each message in `outbox`.
    pub fn with_outbox(outbox: Arc<Outbox>) -> Self {
        Self {
            outbox: Some(outbox),
        }
    }

    fn keep(&self, entry: impl FnOnce(i64) -> OutboxEntry) {
        if let Some(outbox) = &self.outbox {
            outbox.push(entry(now_ms()));
        }
    }
}

/// The wall clock, epoch ms: when a message reached the outbox.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[async_trait]
impl EmailSender for LogSender {
    async fn send_email(&self, m: &EmailMessage) -> Result<(), DeliveryError> {
        tracing::info!(target: "cognate::outbox", pool = %m.user_pool_id, purpose = m.purpose.as_str(), to = %m.to, subject = %m.subject, body = %m.body, "email");
        self.keep(|at_ms| OutboxEntry {
            at_ms,
            kind: OutboxKind::Email,
            user_pool_id: m.user_pool_id.clone(),
            purpose: m.purpose,
            to: m.to.clone(),
            subject: Some(m.subject.clone()),
            body: m.body.clone(),
        });
        Ok(())
    }
}

#[async_trait]
impl SmsSender for LogSender {
    async fn send_sms(&self, m: &SmsMessage) -> Result<(), DeliveryError> {
        tracing::info!(target: "cognate::outbox", pool = %m.user_pool_id, purpose = m.purpose.as_str(), to = %m.phone_number, message = %m.message, "sms");
        self.keep(|at_ms| OutboxEntry {
            at_ms,
            kind: OutboxKind::Sms,
            user_pool_id: m.user_pool_id.clone(),
            purpose: m.purpose,
            to: m.phone_number.clone(),
            subject: None,
            body: m.message.clone(),
        });
        Ok(())
    }

    fn costs_money(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use cognate_core::delivery::Purpose;

    use super::*;

    #[tokio::test]
    async fn a_sender_with_an_outbox_keeps_what_it_logs() {
        let outbox = Arc::new(Outbox::default());
        let sender = LogSender::with_outbox(Arc::clone(&outbox));
        let email = EmailMessage {
            user_pool_id: "us-east-1_abc".into(),
            purpose: Purpose::Verification,
            to: "ann@example.com".into(),
            subject: "Your verification code".into(),
            body: "Your verification code is 123456.".into(),
        };
        sender.send_email(&email).await.unwrap();
        LogSender::default().send_email(&email).await.unwrap();
        let kept = outbox.newest_first();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].kind, OutboxKind::Email);
        assert_eq!(kept[0].to, "ann@example.com");
        assert!(kept[0].body.contains("123456"));
    }
}
