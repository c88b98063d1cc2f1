//! The HTTP face of Cognate: `POST /` dispatched on `X-Amz-Target` (JSON 1.1), the well-known
//! token endpoints, CORS and request ids. Handlers decode, call the core and encode; they hold
//! no Cognito rules.

mod admin_auth;
mod dispatch;
mod error;
mod ops;
mod sns;
mod well_known;

use std::sync::Arc;

use axum::{
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue},
    routing::{get, post},
    Router,
};
use cognate_core::Cognate;
use tower_http::cors::CorsLayer;

pub use admin_auth::AdminAuth;
pub use error::ApiError;

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The service.
    pub cognate: Arc<Cognate>,
    /// How IAM-authorized (Admin and management) operations are authenticated.
    pub admin_auth: Arc<AdminAuth>,
}

/// Every response carries `x-amzn-RequestId`, as AWS's do.
pub(crate) static REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");

/// The router serving the Cognito API and the well-known endpoints.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", post(dispatch::handle))
        .route("/health", get(well_known::health))
        .route("/{pool_id}/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
        .fallback(well_known::not_found)
        .layer(axum::middleware::map_response(add_request_id))
        .layer(CorsLayer::very_permissive().expose_headers([REQUEST_ID.clone()]))
        .layer(DefaultBodyLimit::max(1 << 20))
        .with_state(state)
}

async fn add_request_id(mut response: axum::response::Response) -> axum::response::Response {
    if !response.headers().contains_key(&REQUEST_ID) {
        if let Ok(v) = HeaderValue::from_str(&uuid::Uuid::new_v4().to_string()) {
            response.headers_mut().insert(REQUEST_ID.clone(), v);
        }
    }
    response
}
