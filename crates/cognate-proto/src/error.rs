//! The error body every Cognito operation answers with: `{"__type": ..., "message": ...}`.

use serde::{Deserialize, Serialize};

/// A Cognito error as it travels on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CognitoError {
    /// The exception name, e.g. `NotAuthorizedException`.
    #[serde(rename = "__type")]
    pub kind: String,
    /// The human-readable message; clients show it to users.
    pub message: String,
}

impl CognitoError {
    /// Builds an error from its exception name and message.
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
        }
    }
}
