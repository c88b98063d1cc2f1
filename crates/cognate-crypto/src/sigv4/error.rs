//! Why a signature is refused, with the messages and error types AWS answers with.

/// Why a request's signature was not accepted. `Display` gives the message AWS would send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigV4Error {
    /// No `Authorization` header: AWS answers `MissingAuthenticationTokenException`.
    #[error("Missing Authentication Token")]
    Missing,
    /// The `Authorization` header or a date header is unusable: `IncompleteSignatureException`.
    #[error("{0}")]
    Malformed(String),
    /// The access key is not known. Never returned by this module (it does not know the keys);
    /// there for the caller: `UnrecognizedClientException`.
    #[error("The security token included in the request is invalid.")]
    UnknownKey,
    /// The request date is more than 15 minutes from the server's clock:
    /// `InvalidSignatureException`, with the detailed message AWS gives.
    #[error("{0}")]
    Expired(String),
    /// The signature does not match: `InvalidSignatureException`.
    #[error(
        "The request signature we calculated does not match the signature you provided. \
         Check your AWS Secret Access Key and signing method. \
         Consult the service documentation for details."
    )]
    Mismatch,
    /// The credential scope names another service: `InvalidSignatureException`.
    #[error("Credential should be scoped to correct service: '{expected}'. ")]
    WrongService {
        /// The service this endpoint serves.
        expected: String,
        /// The service named in the credential scope.
        got: String,
    },
}

impl SigV4Error {
    /// The AWS error type (`__type` / `x-amzn-ErrorType`) matching this error.
    pub fn aws_error_type(&self) -> &'static str {
        match self {
            SigV4Error::Missing => "MissingAuthenticationTokenException",
            SigV4Error::Malformed(_) => "IncompleteSignatureException",
            SigV4Error::UnknownKey => "UnrecognizedClientException",
            SigV4Error::Expired(_) | SigV4Error::Mismatch | SigV4Error::WrongService { .. } => {
                "InvalidSignatureException"
            }
        }
    }
}
