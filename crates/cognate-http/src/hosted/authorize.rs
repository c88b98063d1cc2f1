//! `GET /oauth2/authorize` and `GET /logout`: the doors in and out of the hosted sign-in.

use axum::{
    extract::{RawQuery, State},
    http::{Extensions, HeaderMap, StatusCode},
    response::Response,
};

use super::{
    cookies,
    flow::{parse_query, redirect, refused, Flow},
    page::{error_page, words},
};
use crate::{dispatch::request_context, request_id::RequestId, state::AppState};

/// `GET /oauth2/authorize`: straight back to the app while the browser's managed-login
/// session lasts, else to the sign-in page with the same request.
pub async fn authorize(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    RawQuery(query): RawQuery,
) -> Response {
    // No page here, only redirects: the branding is not loaded.
    let flow = match Flow::open(state, headers, &extensions, query.as_deref(), false).await {
        Ok(flow) => flow,
        Err(response) => return response,
    };
    let auth = &flow.authorized.auth;
    let cookie = cookies::get(&flow.headers, &cookies::login_name(&auth.pool_id));
    match flow
        .state
        .cognate
        .authorize_signed_in(&flow.authorized, cookie)
        .await
    {
        Ok(Some(url)) => redirect(&url, StatusCode::FOUND),
        Ok(None) => redirect(&flow.link("/login", &[]), StatusCode::FOUND),
        Err(e) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            &words(e, &flow.rc.request_id),
        ),
    }
}

/// `GET /logout`: ends the managed-login session, then either goes to one of the client's
/// sign-out URLs (`logout_uri`) or signs in again (`redirect_uri` + `response_type`).
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
    RawQuery(query): RawQuery,
) -> Response {
    let request_id = RequestId::of(&extensions);
    let rc = request_context(&state.trusted_proxies, request_id, &headers, &extensions);
    let (req, extras) = parse_query(query.as_deref());
    let cognate = state.cognate.clone();
    let Some(client_id) = req.client_id.as_deref().filter(|c| !c.is_empty()) else {
        return error_page(
            StatusCode::BAD_REQUEST,
            "This sign-out link is not valid",
            "The link names no client_id.",
        );
    };
    let client = match cognate.hosted_client(client_id).await {
        Ok(client) => client,
        Err(refusal) => return refused(refusal, &rc.request_id),
    };
    let secure = cognate.config().public_url.starts_with("https://");
    let name = cookies::login_name(&client.pool_id);
    if let Some(token) = cookies::get(&headers, &name) {
        if let Err(e) = cognate.end_login(token).await {
            return error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                &words(e, &rc.request_id),
            );
        }
    }
    // Cognito's `logout_uri`, or OIDC RP-initiated logout's `post_logout_redirect_uri` (with its
    // `state` echoed), as OIDC clients send it.
    let logout_uri = extras
        .get("logout_uri")
        .or_else(|| extras.get("post_logout_redirect_uri"));
    let mut response = match logout_uri {
        Some(uri) => {
            let registered = client.settings.logout_urls.as_deref().unwrap_or_default();
            if !registered.iter().any(|r| r == uri) {
                return error_page(
                    StatusCode::BAD_REQUEST,
                    "This sign-out link is not valid",
                    "The logout_uri is not one of the app client's sign-out URLs. (redirect_mismatch)",
                );
            }
            let target = match req
                .state
                .as_deref()
                .filter(|_| !extras.contains_key("logout_uri"))
            {
                Some(state) => {
                    cognate_core::service::oauth::redirect_with(uri, false, &[("state", state)])
                }
                None => uri.clone(),
            };
            redirect(&target, StatusCode::FOUND)
        }
        None => {
            // Sign in again: the rest of the query is an authorization request.
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok());
            match cognate.check_authorize(&req, host).await {
                Ok(_) => {
                    let flow_query = query.unwrap_or_default();
                    redirect(
                        &format!("/login?{flow_query}&notice=signed_out"),
                        StatusCode::FOUND,
                    )
                }
                Err(refusal) => return refused(refusal, &rc.request_id),
            }
        }
    };
    if let Some(clear) = cookies::set(&name, "", 0, secure) {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, clear);
    }
    response
}
