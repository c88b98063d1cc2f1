//! Plain HTTP endpoints: health, JWKS and OpenID discovery per pool, and the JSON 404.

use axum::{
    extract::{Path, State},
    Json,
};
use serde_json::{json, Value};

use crate::{error::ApiError, state::AppState};

/// `GET /health`.
pub async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// `GET /{userPoolId}/.well-known/jwks.json`.
pub async fn jwks(
    State(state): State<AppState>,
    Path(pool_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.cognate.jwks(&pool_id).await?))
}

/// `GET /{userPoolId}/.well-known/openid-configuration`.
pub async fn openid_configuration(
    State(state): State<AppState>,
    Path(pool_id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    Ok(Json(state.cognate.openid_configuration(&pool_id).await?))
}

/// Anything else: a JSON error, never an HTML page.
pub async fn not_found() -> ApiError {
    ApiError::with_status(
        axum::http::StatusCode::NOT_FOUND,
        "UnknownOperationException",
        "No such resource.",
    )
}
