//! The single mapping from domain errors to Cognito's wire errors. Internal errors are logged
//! with the request id and reach the client only as `InternalErrorException`.

use axum::{
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use cognate_core::CoreError;
use cognate_proto::CognitoError;

use crate::REQUEST_ID;

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: CognitoError,
}

impl ApiError {
    /// A client error (400) with Cognito's exception name.
    pub fn client(kind: &str, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            body: CognitoError::new(kind, message),
        }
    }

    /// The exception name and message.
    pub fn parts(&self) -> (&str, &str) {
        (&self.body.kind, &self.body.message)
    }

    /// An error with an explicit status.
    pub fn with_status(status: StatusCode, kind: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            body: CognitoError::new(kind, message),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        let kind = match &e {
            CoreError::NotAuthorized(_) => "NotAuthorizedException",
            CoreError::InvalidParameter(_) => "InvalidParameterException",
            CoreError::InvalidPassword(_) => "InvalidPasswordException",
            CoreError::ResourceNotFound(_) => "ResourceNotFoundException",
            CoreError::UserNotFound(_) => "UserNotFoundException",
            CoreError::UsernameExists(_) => "UsernameExistsException",
            CoreError::AliasExists(_) => "AliasExistsException",
            CoreError::UserNotConfirmed(_) => "UserNotConfirmedException",
            CoreError::PasswordResetRequired(_) => "PasswordResetRequiredException",
            CoreError::CodeMismatch(_) => "CodeMismatchException",
            CoreError::ExpiredCode(_) => "ExpiredCodeException",
            CoreError::LimitExceeded(_) => "LimitExceededException",
            CoreError::TooManyFailedAttempts(_) => "TooManyFailedAttemptsException",
            CoreError::CodeDeliveryFailure(_) => "CodeDeliveryFailureException",
            CoreError::UnsupportedOperation(_) => "UnsupportedOperationException",
            CoreError::Unauthorized(_) => "UnauthorizedException",
            CoreError::UnsupportedTokenType(_) => "UnsupportedTokenTypeException",
            CoreError::UnsupportedUserState(_) => "UnsupportedUserStateException",
            CoreError::SoftwareTokenMfaNotFound(_) => "SoftwareTokenMFANotFoundException",
            CoreError::EnableSoftwareTokenMfa(_) => "EnableSoftwareTokenMFAException",
            CoreError::InvalidUserPoolConfiguration(_) => "InvalidUserPoolConfigurationException",
            CoreError::DeviceKeyExists(_) => "DeviceKeyExistsException",
            CoreError::InvalidSmsRoleTrustRelationship(_) => {
                "InvalidSmsRoleTrustRelationshipException"
            }
            CoreError::InvalidSmsRoleAccessPolicy(_) => "InvalidSmsRoleAccessPolicyException",
            CoreError::Internal(inner) => {
                let id = uuid::Uuid::new_v4();
                tracing::error!(error_id = %id, error = format!("{inner:#}"), "internal error");
                return ApiError::with_status(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "InternalErrorException",
                    format!("Internal error (reference {id})."),
                );
            }
        };
        ApiError::client(kind, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-amz-json-1.1"),
        );
        if let Ok(v) = HeaderValue::from_str(&self.body.kind) {
            headers.insert("x-amzn-errortype", v);
        }
        if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
            headers.insert(REQUEST_ID.clone(), v);
        }
        response
    }
}
