//! SMS through Amazon SNS the way Cognito sends it: for each pool, assume the pool's
//! `SmsConfiguration` role (`SnsCallerArn`) with its `ExternalId`, from the server's own AWS
//! credentials (the standard chain), then Publish to the number. Temporary credentials are
//! kept per role and region until shortly before they expire. Messages of no pool (the SNS
//! operations on Cognate's own endpoint) go out with the server's own credentials.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex as SyncMutex},
    time::{Duration, SystemTime},
};

use async_trait::async_trait;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sns::{
    error::{ProvideErrorMetadata, SdkError},
    types::MessageAttributeValue,
};
use cognate_core::delivery::{DeliveryError, SmsMessage, SmsRole, SmsSender};
use tokio::sync::Mutex;

/// Credentials are renewed this long before they expire.
const RENEW_BEFORE: Duration = Duration::from_secs(300);

/// Role ARN, external id, region.
type RoleKey = (String, Option<String>, String);

/// One role's SNS client and the expiry of its credentials, once assumed. Its lock is held
/// while the role is assumed, so that concurrent messages for the role wait for one
/// AssumeRole while other roles' messages go on.
type RoleSlot = Arc<Mutex<Option<(aws_sdk_sns::Client, SystemTime)>>>;

/// Publishes SMS with Amazon SNS through each pool's role.
pub struct SnsSmsSender {
    base: SdkConfig,
    /// SNS with the server's own credentials, for messages of no pool (the SNS operations on
    /// Cognate's endpoint: sandbox codes, Publish).
    own: aws_sdk_sns::Client,
    sns_endpoint: Option<String>,
    sts_endpoint: Option<String>,
    /// An SNS client per role, with the expiry of its credentials.
    clients: SyncMutex<HashMap<RoleKey, RoleSlot>>,
}

impl SnsSmsSender {
    /// Loads the server's AWS credentials and settings (environment, profile, instance role)
    /// for `region`; the endpoints override SNS's and STS's (tests, other partitions).
    pub async fn new(region: &str, sns_endpoint: Option<&str>, sts_endpoint: Option<&str>) -> Self {
        let base = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(region.to_string()))
            .load()
            .await;
        let sns_endpoint = sns_endpoint.map(str::to_string);
        Self {
            own: sns_client(aws_sdk_sns::config::Builder::from(&base), &sns_endpoint),
            base,
            sns_endpoint,
            sts_endpoint: sts_endpoint.map(str::to_string),
            clients: SyncMutex::new(HashMap::new()),
        }
    }

    /// An SNS client acting as `role` in its region, assuming the role when no live
    /// credentials are cached.
    async fn client(&self, role: &SmsRole) -> Result<aws_sdk_sns::Client, DeliveryError> {
        let region = role.region.clone().unwrap_or_else(|| {
            self.base
                .region()
                .map_or_else(|| "us-east-1".to_string(), ToString::to_string)
        });
        let key = (role.arn.clone(), role.external_id.clone(), region.clone());
        let slot = {
            let mut clients = self
                .clients
                .lock()
                .map_err(|_| DeliveryError::Failed("SNS client cache poisoned".into()))?;
            clients.entry(key).or_default().clone()
        };
        let mut slot = slot.lock().await;
        if let Some((client, expires)) = slot.as_ref() {
            if *expires > SystemTime::now() + RENEW_BEFORE {
                return Ok(client.clone());
            }
        }
        let mut sts =
            aws_sdk_sts::config::Builder::from(&self.base).region(Region::new(region.clone()));
        if let Some(url) = &self.sts_endpoint {
            sts = sts.endpoint_url(url);
        }
        let assumed = aws_sdk_sts::Client::from_conf(sts.build())
            .assume_role()
            .role_arn(&role.arn)
            .set_external_id(role.external_id.clone())
            .role_session_name("cognate-sms")
            .send()
            .await
            .map_err(|e| match &e {
                SdkError::ServiceError(_) => DeliveryError::RoleTrust(describe(&e)),
                _ => DeliveryError::Failed(format!("STS unreachable: {}", describe(&e))),
            })?;
        let credentials = assumed
            .credentials()
            .ok_or_else(|| DeliveryError::RoleTrust("AssumeRole returned no credentials".into()))?;
        let expires = SystemTime::try_from(*credentials.expiration())
            .unwrap_or_else(|_| SystemTime::now() + RENEW_BEFORE * 2);
        let provider = aws_sdk_sns::config::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            Some(credentials.session_token().to_string()),
            Some(expires),
            "cognate-sms-role",
        );
        let client = sns_client(
            aws_sdk_sns::config::Builder::from(&self.base)
                .region(Region::new(region))
                .credentials_provider(provider),
            &self.sns_endpoint,
        );
        *slot = Some((client.clone(), expires));
        Ok(client)
    }
}

/// An SNS client from `config`, at `endpoint` when one is set.
fn sns_client(
    config: aws_sdk_sns::config::Builder,
    endpoint: &Option<String>,
) -> aws_sdk_sns::Client {
    let config = match endpoint {
        Some(url) => config.endpoint_url(url),
        None => config,
    };
    aws_sdk_sns::Client::from_conf(config.build())
}

/// An SDK error's code and message (never the request, which holds the code).
fn describe<E: ProvideErrorMetadata + std::error::Error, R>(e: &SdkError<E, R>) -> String {
    match e {
        SdkError::ServiceError(service) => {
            let err = service.err();
            format!(
                "{}: {}",
                err.code().unwrap_or("error"),
                err.message().unwrap_or_default()
            )
        }
        other => other.to_string(),
    }
}

fn string_attribute(value: &str) -> Result<MessageAttributeValue, DeliveryError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(value)
        .build()
        .map_err(|e| DeliveryError::Failed(e.to_string()))
}

#[async_trait]
impl SmsSender for SnsSmsSender {
    async fn send_sms(&self, m: &SmsMessage) -> Result<(), DeliveryError> {
        let client = match (&m.role, m.user_pool_id.is_empty()) {
            (Some(role), _) => self.client(role).await?,
            (None, true) => self.own.clone(),
            (None, false) => {
                return Err(DeliveryError::Failed(
                    "the pool has no SmsConfiguration role to publish with".into(),
                ))
            }
        };
        let mut publish = client
            .publish()
            .phone_number(&m.phone_number)
            .message(&m.message)
            .message_attributes("AWS.SNS.SMS.SMSType", string_attribute(&m.sms_type)?);
        if let Some(sender_id) = &m.sender_id {
            publish =
                publish.message_attributes("AWS.SNS.SMS.SenderID", string_attribute(sender_id)?);
        }
        publish.send().await.map(|_| ()).map_err(|e| {
            let denied = e
                .as_service_error()
                .and_then(ProvideErrorMetadata::code)
                .is_some_and(|code| {
                    matches!(
                        code,
                        "AuthorizationError" | "AccessDenied" | "AccessDeniedException"
                    )
                });
            if denied {
                DeliveryError::RoleAccessPolicy(describe(&e))
            } else {
                DeliveryError::Failed(describe(&e))
            }
        })
    }
}
