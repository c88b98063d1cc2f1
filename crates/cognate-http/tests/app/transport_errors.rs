//! What the router answers before any operation runs — a body over the limit, a method the path
//! does not serve, a media type `POST /` does not read, JSON nested deeper than the parser
//! goes — is Cognito-shaped JSON; a response that left its request's body unread closes the
//! connection.

use axum::{
    body::Body,
    http::{header, Request, StatusCode},
    response::Response,
};
use http_body_util::BodyExt;
use serde_json::Value;

use crate::helpers::spawn_app;

const TARGET: &str = "AWSCognitoIdentityProviderService.InitiateAuth";

/// Status, `Connection` header and JSON body of an error response.
async fn json_error(response: Response) -> (StatusCode, Option<String>, Value) {
    let status = response.status();
    let headers = response.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "application/x-amz-json-1.1");
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(body["message"].is_string(), "{body}");
    let connection = headers
        .get(header::CONNECTION)
        .map(|v| v.to_str().unwrap().to_string());
    (status, connection, body)
}

fn post_root(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post("/")
        .header(header::CONTENT_TYPE, content_type)
        .header("x-amz-target", TARGET)
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_json_413() {
    let app = spawn_app().await;
    let body = vec![b' '; 2 << 20];
    let request = post_root("application/x-amz-json-1.1", body);
    let (status, _, body) = json_error(app.respond(request).await).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["__type"], "RequestEntityTooLargeException");
}

#[tokio::test]
async fn a_method_the_path_does_not_serve_is_a_json_405() {
    let app = spawn_app().await;
    let request = Request::get("/").body(Body::empty()).unwrap();
    let (status, connection, body) = json_error(app.respond(request).await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["__type"], "UnknownOperationException");
    assert_eq!(connection, None, "no body was left unread");

    let request = Request::put("/oauth2/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("grant_type=client_credentials"))
        .unwrap();
    let (status, connection, body) = json_error(app.respond(request).await).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["__type"], "UnknownOperationException");
    assert_eq!(
        connection.as_deref(),
        Some("close"),
        "the form was never read"
    );
}

#[tokio::test]
async fn a_media_type_post_root_does_not_read_is_a_json_415() {
    let app = spawn_app().await;
    let request = post_root("text/plain", "{}");
    let (status, _, body) = json_error(app.respond(request).await).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["__type"], "UnsupportedMediaTypeException");

    let request = post_root("application/x-amz-json-1.1; charset=utf-8", "{}");
    let (status, _, body) = json_error(app.respond(request).await).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "read, then refused: {body}"
    );
    assert_ne!(body["__type"], "UnsupportedMediaTypeException");
}

#[tokio::test]
async fn json_nested_past_the_parsers_depth_is_a_serialization_exception() {
    let app = spawn_app().await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let in_a_member = format!(
        "{{\"ClientMetadata\":{}1{}}}",
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    for body in [deep, in_a_member] {
        let request = post_root("application/x-amz-json-1.1", body);
        let (status, _, body) = json_error(app.respond(request).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(body["__type"], "SerializationException");
    }
}
