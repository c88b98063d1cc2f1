//! Email over SMTP (lettre). The URL decides transport security and credentials:
//! `smtp://host:port` (plain, STARTTLS with `?tls=required`), `smtps://host:port` (TLS),
//! `smtp://user:pass@host:port`.

use async_trait::async_trait;
use cognate_core::delivery::{DeliveryError, EmailMessage, EmailSender};
use lettre::{message::Mailbox, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Sends email through one SMTP server.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    /// A sender for `url` with envelope sender `from`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("invalid SMTP URL: {e}"))?
            .build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("invalid sender address {from}: {e}"))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl EmailSender for SmtpSender {
    async fn send_email(&self, m: &EmailMessage) -> Result<(), DeliveryError> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| DeliveryError::Failed(format!("invalid recipient: {e}")))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .body(m.body.clone())
            .map_err(|e| DeliveryError::Failed(format!("building email: {e}")))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|e| DeliveryError::Failed(format!("SMTP delivery failed: {e}")))
    }
}
