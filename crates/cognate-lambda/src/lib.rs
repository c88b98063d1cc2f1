//! A pool's Lambda triggers, invoked as Cognito invokes them: the AWS Lambda Invoke API
//! (`RequestResponse`) in the function ARN's region, with the server's AWS credentials (the
//! standard chain), or at any Invoke-compatible endpoint (`sam local start-lambda`, LocalStack,
//! a test server) when one is given.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use async_trait::async_trait;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_lambda::{error::ProvideErrorMetadata, primitives::Blob};
use cognate_core::functions::{FunctionInvoker, InvokeError};

/// Invokes functions with the AWS SDK's Lambda client, one client per region.
pub struct LambdaInvoker {
    base: SdkConfig,
    endpoint: Option<String>,
    clients: Mutex<HashMap<String, Arc<aws_sdk_lambda::Client>>>,
}

impl LambdaInvoker {
    /// Loads the server's AWS credentials and settings (environment, profile, instance role);
    /// `endpoint` replaces AWS Lambda's for every call.
    pub async fn new(default_region: &str, endpoint: Option<&str>) -> Self {
        let base = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(default_region.to_string()))
            .load()
            .await;
        Self {
            base,
            endpoint: endpoint.map(str::to_string),
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// The client for a region, made once.
    fn client(&self, region: &str) -> Result<Arc<aws_sdk_lambda::Client>, InvokeError> {
        let mut clients = self
            .clients
            .lock()
            .map_err(|_| InvokeError::Failed("Lambda client cache poisoned".into()))?;
        let client = clients.entry(region.to_string()).or_insert_with(|| {
            let mut config = aws_sdk_lambda::config::Builder::from(&self.base)
                .region(Region::new(region.to_string()));
            if let Some(url) = &self.endpoint {
                config = config.endpoint_url(url);
            }
            Arc::new(aws_sdk_lambda::Client::from_conf(config.build()))
        });
        Ok(Arc::clone(client))
    }
}

/// The region of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>`).
fn region_of(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_), Some("lambda"), Some(region)) if !region.is_empty() => Some(region),
        _ => None,
    }
}

#[async_trait]
impl FunctionInvoker for LambdaInvoker {
    async fn invoke(&self, arn: &str, payload: Vec<u8>) -> Result<Vec<u8>, InvokeError> {
        let region = region_of(arn)
            .map(str::to_string)
            .or_else(|| self.base.region().map(ToString::to_string))
            .unwrap_or_else(|| "us-east-1".to_string());
        let out = self
            .client(&region)?
            .invoke()
            .function_name(arn)
            .payload(Blob::new(payload))
            .send()
            .await
            .map_err(|e| {
                let detail = match (e.code(), e.message()) {
                    (Some(code), Some(message)) => format!("{code}: {message}"),
                    (Some(code), None) => code.to_string(),
                    _ => e.to_string(),
                };
                tracing::warn!(function = arn, error = %detail, "Lambda invoke failed");
                InvokeError::Failed(detail)
            })?;
        let body = out
            .payload()
            .map(|b| b.as_ref().to_vec())
            .unwrap_or_default();
        if out.function_error().is_some() {
            return Err(InvokeError::Function(error_message(&body)));
        }
        Ok(body)
    }
}

/// The `errorMessage` of a handler's error document, or the document itself.
fn error_message(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("errorMessage")
                .and_then(|m| m.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_comes_from_the_arn() {
        assert_eq!(
            region_of("arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up"),
            Some("eu-west-1")
        );
        assert_eq!(region_of("pre-sign-up"), None);
    }

    #[test]
    fn a_handlers_error_message_is_read_from_its_document() {
        assert_eq!(
            error_message(br#"{"errorMessage":"Not allowed","errorType":"Exception"}"#),
            "Not allowed"
        );
        assert_eq!(error_message(b"boom"), "boom");
    }
}
