//! SMS handed to an HTTP endpoint as JSON:
//! `{"phone_number", "message", "user_pool_id", "purpose"}`. Any non-2xx answer is a failure.

use std::time::Duration;

use async_trait::async_trait;
use cognate_core::delivery::{DeliveryError, SmsMessage, SmsSender};
use serde_json::json;

/// Posts each SMS to a webhook.
pub struct WebhookSmsSender {
    client: reqwest::Client,
    url: String,
}

impl WebhookSmsSender {
    /// A sender posting to `url`.
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            client,
            url: url.to_string(),
        })
    }
}

#[async_trait]
impl SmsSender for WebhookSmsSender {
    async fn send_sms(&self, m: &SmsMessage) -> Result<(), DeliveryError> {
        let body = json!({
            "phone_number": m.phone_number,
            "message": m.message,
            "user_pool_id": m.user_pool_id,
            "purpose": m.purpose.as_str(),
            "sms_type": m.sms_type,
        });
        let response = self
            .client
            .post(&self.url)
            .json(&body)
            .send()
            .await
            .map_err(|e| DeliveryError::Failed(format!("SMS webhook unreachable: {e}")))?;
        if !response.status().is_success() {
            return Err(DeliveryError::Failed(format!(
                "SMS webhook answered {}",
                response.status()
            )));
        }
        Ok(())
    }
}
