//! What the router's property tests (`fuzz_*`) share: their configuration, a runtime that lets
//! proptest's synchronous runner drive one app through many requests, the check that an answer
//! is Cognito's whatever the request was, and edits that turn valid text into nearly valid
//! text.
//!
//! The check is the point of those tests: a success with a JSON body, or a client error (4xx)
//! whose JSON body names the exception in `__type` (and `x-amzn-ErrorType`); never a 5xx, never
//! a panic.

use std::future::Future;

use axum::{
    body::Body,
    http::{header::CONTENT_TYPE, Request, StatusCode},
    response::Response,
};
use http_body_util::BodyExt;
use proptest::{prelude::*, test_runner::TestRunner};
use serde_json::Value;
use tokio::runtime::Runtime;

pub use cognate_near_miss::{config, edited, edits, substitute};

use crate::helpers::TestApp;

/// The `X-Amz-Target` of an operation, without its name.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Runs `property` on values of `strategy` as [`config`] says; fails the test with the
/// smallest failing value.
pub fn check<S: Strategy>(strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>) {
    let mut runner = TestRunner::new(config());
    if let Err(failure) = runner.run(&strategy, property) {
        panic!("{failure}");
    }
}

/// An app and the runtime it runs on. Properties are plain functions: each request is driven
/// to its end with [`Fuzzing::run`].
pub struct Fuzzing {
    // An `Option` so that `Drop` can let it go inside the runtime, before the runtime itself.
    app: Option<TestApp>,
    runtime: Runtime,
}

impl Fuzzing {
    /// Builds the app `app` makes, on a runtime of its own.
    pub fn start(app: impl Future<Output = TestApp>) -> Fuzzing {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the app");
        let app = runtime.block_on(app);
        Fuzzing {
            app: Some(app),
            runtime,
        }
    }

    /// The app.
    pub fn app(&self) -> &TestApp {
        self.app
            .as_ref()
            .expect("the app lives as long as its runtime")
    }

    /// Drives `future` to its end.
    pub fn run<F: Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }

    /// Sends `request` and checks that the answer is Cognito's; its status and body.
    pub fn reply(&self, request: Request<Body>) -> Result<(StatusCode, Value), TestCaseError> {
        self.run(async { cognito_reply(self.app().respond(request).await).await })
    }
}

impl Drop for Fuzzing {
    fn drop(&mut self) {
        // The store may hand the closing of its connections to the runtime.
        let _inside = self.runtime.enter();
        drop(self.app.take());
    }
}

/// `POST /` for the operation named `op`, with `body` as it is, in AWS JSON 1.1.
pub fn post(op: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post("/")
        .header(CONTENT_TYPE, "application/x-amz-json-1.1")
        .header("x-amz-target", format!("{TARGET_PREFIX}{op}"))
        .body(body.into())
        .expect("a valid request")
}

/// Checks that `response` is Cognito's answer to some request: 200 with a JSON object, or a
/// 4xx with a JSON object naming the exception in `__type` and `x-amzn-ErrorType`, with a
/// message. Its status and body.
pub async fn cognito_reply(response: Response) -> Result<(StatusCode, Value), TestCaseError> {
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .map_err(|e| TestCaseError::fail(format!("reading the response body: {e}")))?
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes);
    prop_assert!(
        status == StatusCode::OK || status.is_client_error(),
        "answered {status}: {text}"
    );
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok());
    prop_assert_eq!(
        content_type,
        Some("application/x-amz-json-1.1"),
        "{} {}",
        status,
        text
    );
    let body: Value = serde_json::from_slice(&bytes).map_err(|e| {
        TestCaseError::fail(format!(
            "{status} with a body that is not JSON ({e}): {text}"
        ))
    })?;
    prop_assert!(body.is_object(), "{status}: {text}");
    if status.is_client_error() {
        let kind = body["__type"].as_str().unwrap_or_default();
        prop_assert!(!kind.is_empty(), "{status} without __type: {text}");
        prop_assert!(
            body["message"].is_string(),
            "{status} without a message: {text}"
        );
        let error_type = headers
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok());
        prop_assert_eq!(error_type, Some(kind), "{}", text);
    }
    Ok((status, body))
}

/// Checks that `reply` is the client error `kind`.
pub fn expect_error(reply: &(StatusCode, Value), kind: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(
        (reply.0, reply.1["__type"].as_str()),
        (StatusCode::BAD_REQUEST, Some(kind)),
        "{}",
        reply.1
    );
    Ok(())
}
