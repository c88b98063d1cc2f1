//! The single mapping from domain errors to Cognito's wire errors. An internal error reaches
//! the client only as `InternalErrorException` quoting the request id; its chain rides in the
//! response's extensions to [`crate::tracking`], which logs it with that id.

use std::sync::Arc;

use axum::{
    extract::rejection::BytesRejection,
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use cognate_core::CoreError;
use cognate_proto::CognitoError;

use crate::request_id::{InternalFailure, RequestId};

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: CognitoError,
    /// What went wrong inside, for the log only.
    failure: Option<Arc<anyhow::Error>>,
}

impl ApiError {
    /// A client error (400) with Cognito's exception name.
    pub fn client(kind: &str, message: impl Into<String>) -> Self {
        Self::with_status(StatusCode::BAD_REQUEST, kind, message)
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
            failure: None,
        }
    }

    /// An internal error: `InternalErrorException` for the client, the chain for the log.
    fn internal_failure(e: CoreError) -> Self {
        // Without the request-id layer the client still gets a well-formed error.
        let mut error = ApiError::with_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalErrorException",
            "Internal error.",
        );
        error.failure = Some(Arc::new(match e {
            CoreError::Internal(inner) => inner,
            other => anyhow::Error::new(other),
        }));
        error
    }

    /// Whether the failure was a lost database connection: the operation may be tried again.
    pub(crate) fn lost_connection(&self) -> bool {
        self.failure
            .as_ref()
            .is_some_and(|f| cognate_core::store::StoreError::is_unavailable_in(f))
    }

    /// What the client sees of an internal error: the request id to quote, nothing more.
    pub(crate) fn internal(id: RequestId) -> Self {
        Self::with_status(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalErrorException",
            format!("Internal error (reference {id})."),
        )
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
            CoreError::TooManyRequests(_) => "TooManyRequestsException",
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
            CoreError::GroupExists(_) => "GroupExistsException",
            CoreError::DuplicateProvider(_) => "DuplicateProviderException",
            CoreError::UserLambdaValidation(_) => "UserLambdaValidationException",
            CoreError::InvalidLambdaResponse(_) => "InvalidLambdaResponseException",
            CoreError::UnexpectedLambda(_) => "UnexpectedLambdaException",
            CoreError::ScopeDoesNotExist(_) => "ScopeDoesNotExistException",
            CoreError::InvalidOAuthFlow(_) => "InvalidOAuthFlowException",
            CoreError::InvalidSmsRoleTrustRelationship(_) => {
                "InvalidSmsRoleTrustRelationshipException"
            }
            CoreError::InvalidSmsRoleAccessPolicy(_) => "InvalidSmsRoleAccessPolicyException",
            CoreError::Internal(_) => return ApiError::internal_failure(e),
        };
        ApiError::client(kind, e.to_string())
    }
}

/// A request body that could not be read: over the route's limit, `413` with the name AWS's
/// JSON services give an oversized payload (Lambda's `Invoke`); cut short or malformed on the
/// wire, a `SerializationException` like any body that does not parse.
impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::with_status(
                StatusCode::PAYLOAD_TOO_LARGE,
                "RequestEntityTooLargeException",
                "The request body is too large.",
            )
        } else {
            ApiError::client("SerializationException", rejection.body_text())
        }
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
        if let Some(failure) = self.failure {
            response.extensions_mut().insert(InternalFailure(failure));
        }
        response
    }
}
