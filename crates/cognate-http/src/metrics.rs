//! The metrics listener's router: `GET /metrics`, the service's metrics in Prometheus's text
//! format, and nothing else. The server serves it on its own address (`--metrics-listen`),
//! never on the API's, whose router has no such route.

use std::sync::Arc;

use axum::{
    extract::State,
    http::{header::CONTENT_TYPE, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};
use cognate_core::{metrics::TEXT_FORMAT, Cognate};

/// The router of the metrics listener.
pub fn metrics_router(cognate: Arc<Cognate>) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .fallback(not_found)
        .with_state(cognate)
}

/// `GET /metrics`.
async fn scrape(State(cognate): State<Arc<Cognate>>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, TEXT_FORMAT)],
        cognate.render_metrics().await,
    )
}

async fn not_found() -> (StatusCode, &'static str) {
    (
        StatusCode::NOT_FOUND,
        "Not found: the metrics are at /metrics.\n",
    )
}
