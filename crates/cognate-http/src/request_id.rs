//! One id per request: the [`RequestId`] type, the header that carries it, and the internal
//! failure a response carries to the layer that logs it with that id (`tracking.rs`).

use std::{fmt, sync::Arc};

use axum::http::HeaderName;

/// Every response carries `x-amzn-RequestId`, as AWS's do.
pub(crate) static REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");

/// The id of one request: the `x-amzn-RequestId` of its response, and the reference an
/// `InternalErrorException` quotes. Handlers read it from the request's extensions
/// (`Extension<RequestId>`, or `extensions.get::<RequestId>()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestId(uuid::Uuid);

impl RequestId {
    /// A fresh random id (UUID version 4).
    #[must_use]
    pub fn generate() -> RequestId {
        RequestId(uuid::Uuid::new_v4())
    }
}

impl RequestId {
    /// The id the request-id layer gave a request, or a fresh one without that layer.
    #[must_use]
    pub fn of(extensions: &axum::http::Extensions) -> RequestId {
        extensions
            .get::<RequestId>()
            .copied()
            .unwrap_or_else(RequestId::generate)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The full chain of an internal error, put into the response's extensions by [`ApiError`]
/// so that it reaches the log with the request id and never the client.
#[derive(Clone)]
pub(crate) struct InternalFailure(pub(crate) Arc<anyhow::Error>);
