//! `Connection: close` on a response sent before its request's body was read to the end: a
//! body over its limit (413), a wrong method (405), an unknown path, any early refusal.
//!
//! What is left of such a body is still on the wire. On a kept-alive connection the server
//! would have to read past it to find the next request, and it may stop reading instead and
//! close, so a client that sent its next request without waiting would lose it. Saying
//! `Connection: close` up front tells the client not to reuse the connection (RFC 9112 §9.6),
//! and hyper closes it once the response is out. This layer only watches the body; it knows
//! nothing of routes or limits.

use std::{
    pin::Pin,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    task::{Context, Poll},
};

use axum::{
    body::{Body, Bytes, HttpBody},
    extract::Request,
    http::{header::CONNECTION, HeaderValue},
    middleware::Next,
    response::Response,
};
use http_body::{Frame, SizeHint};

/// Marks the response `Connection: close` unless the request had no body or its handler read
/// the body to the end.
pub(crate) async fn close_if_unread(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    if body.is_end_stream() {
        return next.run(Request::from_parts(parts, body)).await;
    }
    let finished = Arc::new(AtomicBool::new(false));
    let body = Body::new(Watched {
        inner: body,
        finished: Arc::clone(&finished),
    });
    let mut response = next.run(Request::from_parts(parts, body)).await;
    if !finished.load(Ordering::Acquire) {
        response
            .headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// A request body that records when it has been read to its end.
struct Watched {
    inner: Body,
    finished: Arc<AtomicBool>,
}

impl HttpBody for Watched {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || self.inner.is_end_stream() {
            self.finished.store(true, Ordering::Release);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::{
        convert::Infallible,
        pin::Pin,
        task::{Context, Poll},
    };

    use axum::{
        body::{Body, Bytes, HttpBody},
        extract::DefaultBodyLimit,
        http::{header::CONNECTION, Request, StatusCode},
        routing::post,
        Router,
    };
    use http_body::Frame;
    use tower::ServiceExt;

    use super::close_if_unread;

    /// A body that arrives in `left` chunks of four bytes, as from the wire.
    struct Chunks {
        left: usize,
    }

    impl HttpBody for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            self.left -= 1;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"abcd")))))
        }
    }

    fn app() -> Router {
        Router::new()
            .route(
                "/read",
                post(|body: Bytes| async move { body.len().to_string() }),
            )
            .route("/ignore", post(|| async { "not read" }))
            .layer(axum::middleware::from_fn(close_if_unread))
            .layer(DefaultBodyLimit::max(10))
    }

    async fn respond(path: &str, body: Body) -> (StatusCode, Option<String>) {
        let request = Request::post(path).body(body).unwrap();
        let response = app().oneshot(request).await.unwrap();
        let connection = response
            .headers()
            .get(CONNECTION)
            .map(|v| v.to_str().unwrap().to_string());
        (response.status(), connection)
    }

    #[tokio::test]
    async fn a_response_that_left_the_body_unread_closes_the_connection() {
        let (_, connection) = respond("/ignore", Body::new(Chunks { left: 2 })).await;
        assert_eq!(connection.as_deref(), Some("close"));
    }

    #[tokio::test]
    async fn a_body_over_its_limit_closes_the_connection() {
        let (status, connection) = respond("/read", Body::new(Chunks { left: 4 })).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(connection.as_deref(), Some("close"));
    }

    #[tokio::test]
    async fn a_body_read_to_its_end_keeps_the_connection() {
        let (status, connection) = respond("/read", Body::new(Chunks { left: 2 })).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(connection, None);
    }

    #[tokio::test]
    async fn a_request_without_a_body_keeps_the_connection() {
        let (_, connection) = respond("/ignore", Body::empty()).await;
        assert_eq!(connection, None);
    }
}
