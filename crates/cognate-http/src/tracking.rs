//! The layer every request passes: [`assign`] makes a [`RequestId`] when a request arrives,
//! stores it in the request's extensions for handlers, and returns it as `x-amzn-RequestId`. An
//! internal error's chain travels from [`ApiError`] to here in the response's extensions and
//! is logged with that id; the client gets only the id to quote.

use axum::{
    extract::Request,
    http::HeaderValue,
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{
    error::ApiError,
    request_id::{InternalFailure, RequestId, REQUEST_ID},
};

/// Gives the request its id, and its response the id and, for an internal error, the
/// message that quotes it.
pub(crate) async fn assign(mut request: Request, next: Next) -> Response {
    let id = RequestId::generate();
    request.extensions_mut().insert(id);
    let mut response = next.run(request).await;
    if let Some(InternalFailure(error)) = response.extensions_mut().remove::<InternalFailure>() {
        tracing::error!(request_id = %id, error = format!("{error:#}"), "internal error");
        response = ApiError::internal(id).into_response();
    }
    // SNS query responses repeat their own id in the XML body; they set the header themselves.
    if !response.headers().contains_key(&REQUEST_ID) {
        if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
            response.headers_mut().insert(REQUEST_ID.clone(), value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use axum::{
        body::Body,
        http::{Request, StatusCode},
        routing::get,
        Extension, Router,
    };
    use cognate_core::CoreError;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::assign;
    use crate::{
        error::ApiError,
        request_id::{RequestId, REQUEST_ID},
    };

    /// Log output of the current thread, as text.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn app() -> Router {
        Router::new()
            .route(
                "/echo",
                get(|Extension(id): Extension<RequestId>| async move { id.to_string() }),
            )
            .route(
                "/fail",
                get(|| async {
                    let cause = anyhow::anyhow!("disk full").context("writing the user");
                    Err::<(), _>(ApiError::from(CoreError::Internal(cause)))
                }),
            )
            .layer(axum::middleware::from_fn(assign))
    }

    async fn get_path(path: &str) -> (StatusCode, String, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = app().oneshot(request).await.unwrap();
        let status = response.status();
        let header = response.headers()[&REQUEST_ID]
            .to_str()
            .unwrap()
            .to_string();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, header, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn handlers_see_the_id_the_response_carries() {
        let (status, header, body) = get_path("/echo").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, header);
        assert!(uuid::Uuid::parse_str(&header).is_ok(), "{header}");
    }

    #[tokio::test]
    async fn an_internal_error_is_logged_and_quoted_with_the_response_request_id() {
        let log = Captured::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);

        let (status, header, body) = get_path("/fail").await;

        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["__type"], "InternalErrorException");
        assert_eq!(
            body["message"],
            format!("Internal error (reference {header}).")
        );
        let log = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        let line = log
            .lines()
            .find(|l| l.contains("internal error"))
            .unwrap_or_else(|| panic!("no internal error logged: {log}"));
        assert!(line.contains(&format!("request_id={header}")), "{line}");
        assert!(line.contains("writing the user: disk full"), "{line}");
        assert!(!body.to_string().contains("disk full"), "{body}");
    }
}
