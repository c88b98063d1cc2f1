//! Plain HTTP endpoints: health, JWKS and OpenID discovery per pool, and the JSON answers for
//! an unknown path and for a method a known path does not serve.

use axum::{
    extract::{rejection::PathRejection, Path, State},
    http::{Method, StatusCode},
    Json,
};
use serde_json::{json, Value};

use crate::{error::ApiError, state::AppState};

/// `GET /health`.
pub async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The pool id of a well-known path; one that does not decode names no pool.
fn pool_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|e| ApiError::with_status(e.status(), "ResourceNotFoundException", e.body_text()))
}

/// `GET /{userPoolId}/.well-known/jwks.json`.
pub async fn jwks(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.cognate.jwks(&pool_id(path)?).await?))
}

/// `GET /{userPoolId}/.well-known/openid-configuration`.
pub async fn openid_configuration(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let pool_id = pool_id(path)?;
    Ok(Json(state.cognate.openid_configuration(&pool_id).await?))
}

/// Anything else: a JSON error, never an HTML page.
pub async fn not_found() -> ApiError {
    ApiError::with_status(
        StatusCode::NOT_FOUND,
        "UnknownOperationException",
        "No such resource.",
    )
}

/// A known path asked with a method it does not serve (the router adds `Allow`). Named as
/// Smithy's AWS JSON routers name a request they cannot route.
pub async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "UnknownOperationException",
        format!("This resource does not serve {method} requests."),
    )
}
