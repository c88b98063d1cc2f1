//! Calling a pool's trigger functions (`LambdaConfig`): what core asks of an invoker. The
//! server plugs in the AWS Lambda Invoke API; without one, a configured trigger fails as an
//! unreachable function does.

use async_trait::async_trait;

/// Why an invocation gave no result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvokeError {
    /// The handler raised: its `errorMessage`.
    Function(String),
    /// The function could not be called (unknown, not permitted, unreachable).
    Failed(String),
}

/// Invokes a function synchronously with a JSON event and returns its JSON result.
#[async_trait]
pub trait FunctionInvoker: Send + Sync {
    /// Invokes `arn` with `payload`.
    async fn invoke(&self, arn: &str, payload: Vec<u8>) -> Result<Vec<u8>, InvokeError>;
}

/// No invoker: every call fails.
pub struct NoFunctions;

#[async_trait]
impl FunctionInvoker for NoFunctions {
    async fn invoke(&self, _arn: &str, _payload: Vec<u8>) -> Result<Vec<u8>, InvokeError> {
        Err(InvokeError::Failed(
            "no Lambda invoker is configured".into(),
        ))
    }
}
