//! `/recoveryCodes`: a signed-in browser (a live managed-login session) makes a new set of
//! recovery codes. The page keeps the authorization request in its URL, like every page, so it
//! knows the app, and goes on to the app when done.

use axum::{http::StatusCode, response::Response};
use maud::html;

use super::{
    cookies,
    flow::Flow,
    forms::{failed, Posted},
    mfa_setup::recovery_codes_page,
    page::Page,
};

/// `GET /recoveryCodes`.
pub async fn recovery_page(flow: Flow) -> Response {
    let body = html! {
        p { "Recovery codes let you sign in when your authenticator app is not at hand. Making a new set cancels every code of the old one." }
        form method="post" action=(flow.link("/recoveryCodes", &[])) {
            input type="hidden" name="_csrf" value=(flow.csrf);
            button class="submitButton-customizable" type="submit" { "Make new recovery codes" }
        }
    };
    let page = Page {
        title: "Recovery codes",
        app: Some(flow.app_name()),
        notice: None,
        error: None,
        body,
    };
    flow.page(page, StatusCode::OK)
}

/// `POST /recoveryCodes`: a new set, or the sign-in page when the browser is not signed in.
pub async fn recovery_submit(Posted { flow, .. }: Posted) -> Response {
    let pool_id = flow.authorized.auth.pool_id.clone();
    let login = cookies::get(&flow.headers, &cookies::login_name(&pool_id)).unwrap_or_default();
    match flow
        .state
        .cognate
        .recovery_codes_for_login(&pool_id, login)
        .await
    {
        Ok(Some(codes)) => {
            let next = flow.link("/oauth2/authorize", &[]);
            recovery_codes_page(&flow, &codes, &next)
        }
        Ok(None) => flow.redirect(&flow.link("/login", &[])),
        Err(e) => failed(&flow, e),
    }
}
