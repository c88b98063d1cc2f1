//! The OAuth 2.0 endpoints at Cognito's paths: `POST /oauth2/token` (RFC 6749 §3.2) and
//! `POST /oauth2/revoke` (RFC 7009). A form body, the client authenticated by HTTP Basic or by
//! `client_id`/`client_secret` in the body (never both), and RFC 6749's JSON errors.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, State},
    http::{header, Extensions, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_core::{
    model::AccessToken,
    model::ClientId,
    service::oauth::{ClientAuth, CodeExchange, OAuthError, OAuthTokens},
    CoreError,
};
use serde_json::json;

use crate::{dispatch::request_context, error::ApiError, request_id::RequestId, state::AppState};

/// An RFC 6749 error response (`invalid_client` is 401 with a `WWW-Authenticate` challenge).
fn error_response(error: &OAuthError, request_id: RequestId) -> Response {
    let status = match error {
        OAuthError::InvalidClient => StatusCode::UNAUTHORIZED,
        OAuthError::Internal(e) => {
            tracing::error!(request_id = %request_id, error = format!("{e:#}"), "internal error");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = (status, Json(json!({ "error": error.code() }))).into_response();
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"cognate\""),
        );
    }
    no_store(response)
}

fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// The form's parameters; a repeated parameter is `invalid_request` (RFC 6749 §3.2).
fn form(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, OAuthError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !content_type.split(';').next().is_some_and(|t| {
        t.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    }) {
        return Err(OAuthError::InvalidRequest);
    }
    let mut params = HashMap::new();
    for (name, value) in form_urlencoded::parse(body) {
        if params
            .insert(name.into_owned(), value.into_owned())
            .is_some()
        {
            return Err(OAuthError::InvalidRequest);
        }
    }
    Ok(params)
}

/// The access token of an `Authorization: Bearer` header (RFC 6750 §2.1).
pub(crate) fn bearer(headers: &HeaderMap) -> Option<AccessToken> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .map(AccessToken::new)
}

/// `Authorization: Basic` credentials: id and secret form-encoded, then base64 (§2.3.1).
fn basic(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| OAuthError::InvalidClient)?;
    let Some(encoded) = text
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, rest)| rest.trim())
    else {
        return Err(OAuthError::InvalidClient);
    };
    let decoded = B64
        .decode(encoded)
        .ok()
        .and_then(|d| String::from_utf8(d).ok())
        .ok_or(OAuthError::InvalidClient)?;
    let (id, secret) = decoded.split_once(':').ok_or(OAuthError::InvalidClient)?;
    let unescape = |s: &str| -> String {
        form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    Ok(Some((unescape(id), unescape(secret))))
}

/// Who the client says it is, from the header or the body (never both).
fn client_auth(
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<ClientAuth, OAuthError> {
    let body_id = params.get("client_id").filter(|v| !v.is_empty());
    let body_secret = params.get("client_secret").filter(|v| !v.is_empty());
    match basic(headers)? {
        Some((id, secret)) => {
            if body_secret.is_some() || body_id.is_some_and(|b| *b != id) {
                return Err(OAuthError::InvalidRequest);
            }
            Ok(ClientAuth {
                client_id: ClientId::new(id),
                secret: Some(secret),
            })
        }
        None => {
            let id = body_id.ok_or(OAuthError::InvalidClient)?;
            Ok(ClientAuth {
                client_id: ClientId::new(id.clone()),
                secret: body_secret.cloned(),
            })
        }
    }
}

async fn grant(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<OAuthTokens, OAuthError> {
    let params = form(headers, body)?;
    let grant_type = params
        .get("grant_type")
        .filter(|g| !g.is_empty())
        .ok_or(OAuthError::InvalidRequest)?;
    let auth = client_auth(headers, &params)?;
    match grant_type.as_str() {
        "client_credentials" => {
            state
                .cognate
                .client_credentials_grant(&auth, params.get("scope").map(String::as_str))
                .await
        }
        "authorization_code" => {
            let code = params
                .get("code")
                .filter(|c| !c.is_empty())
                .ok_or(OAuthError::InvalidRequest)?;
            let exchange = CodeExchange {
                code,
                redirect_uri: params.get("redirect_uri").map(String::as_str),
                code_verifier: params.get("code_verifier").map(String::as_str),
            };
            state
                .cognate
                .authorization_code_grant(&auth, &exchange)
                .await
        }
        "refresh_token" => {
            let token = params
                .get("refresh_token")
                .filter(|t| !t.is_empty())
                .ok_or(OAuthError::InvalidRequest)?;
            state.cognate.refresh_token_grant(&auth, token).await
        }
        _ => Err(OAuthError::UnsupportedGrantType),
    }
}

/// `POST /oauth2/revoke` (RFC 7009): `token`, and the client's credentials.
pub async fn revoke(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
    extensions: Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let rc = request_context(&state.trusted_proxies, request_id, &headers, &extensions);
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return no_store(ApiError::from(rejection).into_response()),
    };
    let outcome = async {
        let params = form(&headers, &body)?;
        let token = params
            .get("token")
            .filter(|t| !t.is_empty())
            .ok_or(OAuthError::InvalidRequest)?;
        let auth = client_auth(&headers, &params)?;
        state.cognate.revoke_grant(&rc, &auth, token).await
    }
    .await;
    match outcome {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => error_response(&e, request_id),
    }
}

/// `GET|POST /oauth2/userInfo` (OIDC Core §5.3): the bearer token's user, by its scopes. A
/// missing or refused token is 401 with a `WWW-Authenticate: Bearer` challenge (RFC 6750 §3).
pub async fn user_info(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = bearer(&headers) else {
        return bearer_error(
            StatusCode::UNAUTHORIZED,
            "invalid_request",
            "Access token is missing",
        );
    };
    match state.cognate.user_info(&token).await {
        Ok(claims) => no_store(Json(claims).into_response()),
        Err(CoreError::Internal(e)) => {
            tracing::error!(request_id = %request_id, error = format!("{e:#}"), "internal error");
            no_store(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
        Err(e) => bearer_error(StatusCode::UNAUTHORIZED, "invalid_token", &e.to_string()),
    }
}

fn bearer_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut response = (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    let challenge = format!("Bearer error=\"{error}\", error_description=\"{description}\"");
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    no_store(response)
}

/// `POST /oauth2/token`. A body that cannot be read (over the limit) gets the API's JSON error,
/// not an RFC 6749 one: no grant was looked at.
pub async fn token(
    State(state): State<AppState>,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return no_store(ApiError::from(rejection).into_response()),
    };
    match grant(&state, &headers, &body).await {
        Ok(tokens) => no_store(Json(tokens).into_response()),
        Err(e) => error_response(&e, request_id),
    }
}
