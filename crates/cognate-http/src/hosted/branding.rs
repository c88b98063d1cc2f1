//! A pool's branding (SetUICustomization) on its pages: the CSS after the pages' own
//! stylesheet, and the logo, served from this server so that the pages' CSP holds.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_core::model::UiCustomization;

use crate::{browser::cached, state::AppState};

/// What a page links to for its branding.
#[derive(Debug, Clone)]
pub(super) struct Branding {
    pub css: Option<String>,
    pub logo: Option<String>,
}

impl Branding {
    /// The URLs of a customization's CSS and logo (versioned, so caches follow changes).
    pub(super) fn of(ui: &UiCustomization) -> Branding {
        let base = format!("/ui/{}/{}", ui.pool_id, ui.client_id);
        Branding {
            css: ui
                .css
                .as_ref()
                .map(|_| format!("{base}/custom.css?v={}", ui.version)),
            logo: ui
                .image_b64
                .as_ref()
                .map(|_| format!("{base}/logo?v={}", ui.version)),
        }
    }
}

async fn stored(state: &AppState, pool_id: &str, client_id: &str) -> Option<UiCustomization> {
    state
        .cognate
        .ui_for(pool_id, client_id)
        .await
        .ok()
        .flatten()
        .filter(|ui| ui.client_id == client_id)
}

/// `GET /ui/{pool}/{client}/custom.css`.
pub async fn css(
    State(state): State<AppState>,
    Path((pool_id, client_id)): Path<(String, String)>,
) -> Response {
    match stored(&state, &pool_id, &client_id)
        .await
        .and_then(|ui| ui.css)
    {
        Some(css) => cached(css.into_response(), "text/css; charset=utf-8"),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /ui/{pool}/{client}/logo`.
pub async fn logo(
    State(state): State<AppState>,
    Path((pool_id, client_id)): Path<(String, String)>,
) -> Response {
    let Some(ui) = stored(&state, &pool_id, &client_id).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match (ui.image_b64.and_then(|b| B64.decode(b).ok()), ui.image_type) {
        (Some(bytes), Some(kind)) => cached(bytes.into_response(), &kind),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}
