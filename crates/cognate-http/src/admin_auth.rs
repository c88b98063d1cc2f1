//! Authentication of IAM-authorized operations (every `Admin*` operation, pool and client
//! management, ListUsers): AWS SigV4 with service `cognito-idp`, checked against the
//! configured key pairs. Without keys, any signature is accepted; the server refuses to start
//! that way on a non-loopback address.

use std::collections::HashMap;

use axum::http::{HeaderMap, Method, Uri};
use cognate_crypto::{secret::Secret, sigv4};

use crate::error::ApiError;

/// How admin operations are authenticated.
pub enum AdminAuth {
    /// Development mode on loopback: signatures are not checked.
    Open,
    /// Access key id → secret access key.
    Keys(HashMap<String, Secret>),
}

impl std::fmt::Debug for AdminAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdminAuth::Open => f.write_str("AdminAuth::Open"),
            AdminAuth::Keys(keys) => write!(f, "AdminAuth::Keys({} keys)", keys.len()),
        }
    }
}

impl AdminAuth {
    /// Accepts a `cognito-idp` request or answers with AWS's error for bad credentials; see
    /// [`AdminAuth::check_service`] for the key id it returns.
    pub fn check(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Option<String>, ApiError> {
        self.check_service(method, uri, headers, body, "cognito-idp")
    }

    /// Accepts a request signed for `service` or answers with AWS's error for bad credentials.
    /// Returns the access key id that signed it; in development mode, which checks nothing, the
    /// one its `Authorization` header claims, if it has one.
    pub fn check_service(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
        service: &str,
    ) -> Result<Option<String>, ApiError> {
        let AdminAuth::Keys(keys) = self else {
            let claimed = headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|a| sigv4::parse_authorization(a).ok())
                .map(|parsed| parsed.access_key_id);
            return Ok(claimed);
        };
        let authorization = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                ApiError::client(
                    "MissingAuthenticationTokenException",
                    "Missing Authentication Token",
                )
            })?;
        let parsed = sigv4::parse_authorization(authorization).map_err(reject)?;
        let secret = keys.get(&parsed.access_key_id).ok_or_else(|| {
            ApiError::client(
                "UnrecognizedClientException",
                "The security token included in the request is invalid.",
            )
        })?;
        let header_list: Vec<(String, String)> = headers
            .iter()
            .filter_map(|(k, v)| {
                v.to_str()
                    .ok()
                    .map(|v| (k.as_str().to_ascii_lowercase(), v.to_string()))
            })
            .collect();
        let request = sigv4::SignedRequest {
            method: method.as_str(),
            path: uri.path(),
            query: uri.query().unwrap_or(""),
            headers: &header_list,
            body,
        };
        sigv4::verify(
            &request,
            secret.expose(),
            service,
            time::OffsetDateTime::now_utc(),
        )
        .map(|_| Some(parsed.access_key_id.clone()))
        .map_err(reject)
    }
}

fn reject(e: sigv4::SigV4Error) -> ApiError {
    ApiError::client(e.aws_error_type(), e.to_string())
}
