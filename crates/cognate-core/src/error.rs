//! The domain's errors. Each variant is one Cognito exception; the HTTP layer maps the variant
//! to its `__type` and passes the message through, so messages here use Cognito's wording.

use crate::store::StoreError;

/// Result of a domain operation.
pub type CoreResult<T> = Result<T, CoreError>;

/// What went wrong, in Cognito's terms.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// Bad credentials, token, session or state (`NotAuthorizedException`).
    #[error("{0}")]
    NotAuthorized(String),
    /// Invalid input (`InvalidParameterException`).
    #[error("{0}")]
    InvalidParameter(String),
    /// Password policy violated (`InvalidPasswordException`).
    #[error("{0}")]
    InvalidPassword(String),
    /// Pool, client, user or device missing (`ResourceNotFoundException`).
    #[error("{0}")]
    ResourceNotFound(String),
    /// Unknown user where existence errors are not prevented (`UserNotFoundException`).
    #[error("{0}")]
    UserNotFound(String),
    /// Username taken (`UsernameExistsException`).
    #[error("{0}")]
    UsernameExists(String),
    /// Alias (email / phone) taken (`AliasExistsException`).
    #[error("{0}")]
    AliasExists(String),
    /// Sign-in before confirmation (`UserNotConfirmedException`).
    #[error("{0}")]
    UserNotConfirmed(String),
    /// Admin reset pending (`PasswordResetRequiredException`).
    #[error("{0}")]
    PasswordResetRequired(String),
    /// Wrong code (`CodeMismatchException`).
    #[error("{0}")]
    CodeMismatch(String),
    /// Code too old or already used (`ExpiredCodeException`).
    #[error("{0}")]
    ExpiredCode(String),
    /// Per-user rate limit (`LimitExceededException`).
    #[error("{0}")]
    LimitExceeded(String),
    /// Over an abuse limit of the source address or the username, or over a request quota
    /// (`TooManyRequestsException`).
    #[error("{0}")]
    TooManyRequests(String),
    /// Too many wrong codes (`TooManyFailedAttemptsException`).
    #[error("{0}")]
    TooManyFailedAttempts(String),
    /// The message could not be delivered (`CodeDeliveryFailureException`).
    #[error("{0}")]
    CodeDeliveryFailure(String),
    /// Feature switched off for the client or pool (`UnsupportedOperationException`).
    #[error("{0}")]
    UnsupportedOperation(String),
    /// Token presented by the wrong client (`UnauthorizedException`).
    #[error("{0}")]
    Unauthorized(String),
    /// Not a refresh token (`UnsupportedTokenTypeException`).
    #[error("{0}")]
    UnsupportedTokenType(String),
    /// The user's state does not allow the request (`UnsupportedUserStateException`).
    #[error("{0}")]
    UnsupportedUserState(String),
    /// Software-token MFA is off for the pool (`SoftwareTokenMFANotFoundException`).
    #[error("{0}")]
    SoftwareTokenMfaNotFound(String),
    /// A wrong code while enabling an authenticator (`EnableSoftwareTokenMFAException`).
    #[error("{0}")]
    EnableSoftwareTokenMfa(String),
    /// Pool configuration cannot support the request (`InvalidUserPoolConfigurationException`).
    #[error("{0}")]
    InvalidUserPoolConfiguration(String),
    /// The pool's SMS role cannot be assumed (`InvalidSmsRoleTrustRelationshipException`).
    #[error("{0}")]
    InvalidSmsRoleTrustRelationship(String),
    /// The pool's SMS role may not publish (`InvalidSmsRoleAccessPolicyException`).
    #[error("{0}")]
    InvalidSmsRoleAccessPolicy(String),
    /// An app client names a scope no one defines (`ScopeDoesNotExistException`).
    #[error("{0}")]
    ScopeDoesNotExist(String),
    /// An app client's OAuth flows do not fit together (`InvalidOAuthFlowException`).
    #[error("{0}")]
    InvalidOAuthFlow(String),
    /// The device key is already confirmed (`DeviceKeyExistsException`).
    #[error("{0}")]
    DeviceKeyExists(String),
    /// The group name is taken in the pool (`GroupExistsException`).
    #[error("{0}")]
    GroupExists(String),
    /// An identity provider's name or IdP identifier is taken in the pool
    /// (`DuplicateProviderException`).
    #[error("{0}")]
    DuplicateProvider(String),
    /// A trigger function refused (`UserLambdaValidationException`): "<Trigger> failed with
    /// error <its message>."
    #[error("{0}")]
    UserLambdaValidation(String),
    /// A trigger function answered something Cognito cannot use
    /// (`InvalidLambdaResponseException`).
    #[error("{0}")]
    InvalidLambdaResponse(String),
    /// A trigger function could not be called or did not answer in time
    /// (`UnexpectedLambdaException`).
    #[error("{0}")]
    UnexpectedLambda(String),
    /// Anything unexpected (`InternalErrorException`); details go to the log only.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl CoreError {
    /// `NotAuthorizedException: Incorrect username or password.`
    pub fn bad_credentials() -> Self {
        CoreError::NotAuthorized("Incorrect username or password.".into())
    }

    /// Model validation failure in Cognito's wording for a missing member.
    pub fn missing(member: &str) -> Self {
        CoreError::InvalidParameter(format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        ))
    }

    /// Model validation failure in Cognito's wording: `value` of `member` breaks `rule`.
    pub fn constraint(member: &str, value: &str, rule: &str) -> Self {
        CoreError::InvalidParameter(format!(
            "1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {rule}"
        ))
    }

    /// `ResourceNotFoundException` for an unknown or forgotten device key (clients look for
    /// "Device" in the message to retry without the key).
    pub fn device_not_found() -> Self {
        CoreError::ResourceNotFound("Device does not exist.".into())
    }

    /// `NotAuthorizedException` for a challenge session that was already answered.
    pub fn session_used() -> Self {
        CoreError::NotAuthorized(
            "Invalid session for the user, session can only be used once.".into(),
        )
    }

    /// `NotAuthorizedException: Invalid session for the user, session is expired.`
    pub fn session_expired() -> Self {
        CoreError::NotAuthorized("Invalid session for the user, session is expired.".into())
    }

    /// `TooManyRequestsException: Rate exceeded` (Cognito's words when it throttles, as its
    /// clients report them).
    pub fn rate_exceeded() -> Self {
        CoreError::TooManyRequests("Rate exceeded".into())
    }

    /// Whether it refuses the caller (wrong credentials or code, a user who may not, a trigger
    /// that said no) rather than the request's form or the server: what the audit log records
    /// as a failed event.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            CoreError::NotAuthorized(_)
                | CoreError::UserNotFound(_)
                | CoreError::UserNotConfirmed(_)
                | CoreError::PasswordResetRequired(_)
                | CoreError::CodeMismatch(_)
                | CoreError::ExpiredCode(_)
                | CoreError::TooManyFailedAttempts(_)
                | CoreError::LimitExceeded(_)
                | CoreError::InvalidPassword(_)
                | CoreError::UserLambdaValidation(_)
        )
    }
}

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        CoreError::Internal(anyhow::Error::new(e))
    }
}

/// Why an upload to a job's pre-signed URL was refused.
#[derive(Debug, thiserror::Error)]
pub enum CsvUploadError {
    /// The signature does not match the URL's job and expiry, or the job is gone.
    #[error("The request signature we calculated does not match the signature you provided.")]
    BadSignature,
    /// The URL is past its expiry.
    #[error("Request has expired")]
    Expired,
    /// The job was started, stopped or has ended (its status is given): it takes no file.
    #[error("The import job takes no file: its status is {0}.")]
    NotAccepting(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}
