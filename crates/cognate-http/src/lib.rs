//! The HTTP face of Cognate: `POST /` dispatched on `X-Amz-Target` (JSON 1.1), the well-known
//! token endpoints, the pre-signed URL of user import jobs, CORS and request ids, and the
//! client's address (behind trusted proxies, from `X-Forwarded-For`) that the core's abuse
//! limits count. Handlers decode, call the core and encode; they hold no Cognito rules. An
//! error the router answers itself (unknown path, wrong method) is Cognito-shaped JSON too. The
//! metrics have a router of their own ([`metrics_router`]), for a listener of their own.

mod admin_auth;
mod browser;
mod client_ip;
mod console;
mod dispatch;
mod error;
mod hosted;
mod metrics;
mod oauth2;
mod ops;
mod quotas;
mod recovery_codes;
mod request_id;
mod sns;
mod state;
mod tracking;
mod unread_body;
mod user_import_upload;
mod well_known;

use axum::{
    extract::DefaultBodyLimit,
    routing::{get, post, put},
    Router,
};
use tower_http::cors::CorsLayer;

pub use admin_auth::AdminAuth;
pub use client_ip::TrustedProxies;
pub use dispatch::OPERATIONS;
pub use error::ApiError;
pub use metrics::metrics_router;
pub use request_id::RequestId;

pub use state::AppState;

use request_id::REQUEST_ID;

/// The router serving the Cognito API and the well-known endpoints.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", post(dispatch::handle))
        .route("/health", get(well_known::health))
        .route("/oauth2/token", post(oauth2::token))
        .route("/oauth2/revoke", post(oauth2::revoke))
        .route(
            "/oauth2/userInfo",
            get(oauth2::user_info).post(oauth2::user_info),
        )
        .route(
            "/cognate/recovery-codes",
            get(recovery_codes::remaining).post(recovery_codes::create),
        )
        // The pre-signed URL of user import jobs takes a whole CSV file: its own body limit
        // replaces the API's for this route.
        .route(
            "/user-import/{job_id}",
            put(user_import_upload::upload)
                .layer(DefaultBodyLimit::max(user_import_upload::MAX_FILE_BYTES)),
        )
        .merge(hosted::routes())
        .merge(console::routes())
        .route("/{pool_id}/.well-known/jwks.json", get(well_known::jwks))
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
        .fallback(well_known::not_found)
        // After every route: it applies to the method routers registered so far.
        .method_not_allowed_fallback(well_known::method_not_allowed)
        .layer(axum::middleware::from_fn(tracking::assign))
        // Any origin may call the API, never with the browser's cookies: the hosted pages' session
        // cookie must not ride along on a cross-origin read.
        .layer(CorsLayer::permissive().expose_headers([REQUEST_ID.clone()]))
        .layer(DefaultBodyLimit::max(1 << 20))
        // Outermost, so that it sees every response, including the layers' own.
        .layer(axum::middleware::from_fn(unread_body::close_if_unread))
        .with_state(state)
}
