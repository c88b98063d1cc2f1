//! Every response, whatever answers it, carries its request's own `x-amzn-RequestId`.

use axum::{body::Body, http::Request};
use tower::ServiceExt;

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_response_carries_its_own_request_id() {
    let app = spawn_app().await;
    let requests = || {
        [
            Request::get("/health").body(Body::empty()).unwrap(),
            Request::get("/no-such-page").body(Body::empty()).unwrap(),
            Request::post("/")
                .header("content-type", "application/x-amz-json-1.1")
                .header(
                    "x-amz-target",
                    "AWSCognitoIdentityProviderService.NoSuchOperation",
                )
                .body(Body::from("{}"))
                .unwrap(),
        ]
    };
    let mut seen = std::collections::HashSet::new();
    for request in requests().into_iter().chain(requests()) {
        let response = app.router.clone().oneshot(request).await.unwrap();
        let id = response.headers()["x-amzn-requestid"].to_str().unwrap();
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        assert!(seen.insert(id.to_string()), "{id} answered twice");
    }
}
