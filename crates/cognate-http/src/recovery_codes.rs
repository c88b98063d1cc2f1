//! `/cognate/recovery-codes`: Cognate's own endpoint (Cognito has no recovery codes) for apps
//! with their own UI. `POST` makes a new set for the access token's user and answers it once;
//! `GET` tells how many unused codes are left. Errors are Cognito-shaped JSON.

use axum::{extract::State, http::HeaderMap, Json};
use cognate_core::model::AccessToken;
use serde_json::{json, Value};

use crate::{error::ApiError, state::AppState};

fn bearer(headers: &HeaderMap) -> Result<AccessToken, ApiError> {
    crate::oauth2::bearer(headers).ok_or_else(|| {
        ApiError::with_status(
            axum::http::StatusCode::UNAUTHORIZED,
            "NotAuthorizedException",
            "Missing Authorization: Bearer access token.",
        )
    })
}

/// `POST /cognate/recovery-codes`: `{"RecoveryCodes": [...]}`.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let codes = state.cognate.new_recovery_codes(&bearer(&headers)?).await?;
    Ok(Json(json!({ "RecoveryCodes": codes })))
}

/// `GET /cognate/recovery-codes`: `{"Remaining": n}`.
pub async fn remaining(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let left = state
        .cognate
        .recovery_codes_left(&bearer(&headers)?)
        .await?;
    Ok(Json(json!({ "Remaining": left })))
}
