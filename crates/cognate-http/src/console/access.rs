//! Who is at the console. With admin keys configured, an operator signs in with an access key
//! id and its secret (the keys that sign the admin API) and holds a server-side session; a
//! server without keys, which listens only on loopback, opens the console to anyone who can
//! reach it, as it does the admin API. Every console request is an [`Operator`]'s; a posted
//! form is a [`Form`] whose CSRF token held.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, HeaderMap, HeaderValue, Method, StatusCode},
    response::Response,
};
use cognate_core::service::RequestContext;
use serde_json::Value;

use super::replies::{message_page, redirect};
use crate::{
    admin_auth::AdminAuth,
    browser::{self, CONSOLE},
    dispatch::{call_json, request_context},
    error::ApiError,
    request_id::RequestId,
    state::AppState,
};

/// The console session's cookie.
pub(super) const SESSION: &str = "cognate_console";

/// A console request whose operator may act.
pub(super) struct Operator {
    pub state: AppState,
    /// The request, as the operations see it: the operator's access key id is the admin key
    /// of every operation the console calls.
    pub rc: RequestContext,
    /// The browser's CSRF token, for the page's forms.
    pub csrf: String,
    /// The console is open without signing in (no admin keys; loopback only).
    pub open: bool,
    pub secure: bool,
    /// The value of the session cookie (signing out ends its session).
    pub session: Option<String>,
    set_cookies: Vec<HeaderValue>,
}

impl FromRequestParts<AppState> for Operator {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let (visitor, token) = Visitor::of(parts, state);
        let mut operator = visitor.operator(token.clone());
        if operator.open {
            return Ok(operator);
        }
        let session = match token {
            Some(token) => state.cognate.console_session(&token).await,
            None => Ok(None),
        };
        match session {
            Ok(Some(key_id)) => {
                operator.rc.admin_key_id = Some(key_id);
                Ok(operator)
            }
            Ok(None) if parts.method == Method::GET || parts.method == Method::HEAD => {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/console");
                let next: String = form_urlencoded::byte_serialize(here.as_bytes()).collect();
                Err(redirect(
                    &format!("/console/signin?next={next}"),
                    StatusCode::FOUND,
                ))
            }
            Ok(None) => Err(message_page(
                StatusCode::FORBIDDEN,
                "Signed out",
                "Your console session has ended, so nothing was changed. Sign in again and repeat the change.",
            )),
            Err(e) => Err(operator.failure(&ApiError::from(e))),
        }
    }
}

/// Anyone at the console's door: what every console request knows before its session is
/// checked (the sign-in page's requests stop here).
pub(super) struct Visitor {
    pub state: AppState,
    pub rc: RequestContext,
    pub headers: HeaderMap,
    pub csrf: String,
    pub open: bool,
    pub secure: bool,
    set_cookies: Vec<HeaderValue>,
}

impl Visitor {
    /// The visitor of a request, and the value of its session cookie.
    pub(super) fn of(parts: &Parts, state: &AppState) -> (Visitor, Option<String>) {
        let request_id = RequestId::of(&parts.extensions);
        let rc = request_context(
            &state.trusted_proxies,
            request_id,
            &parts.headers,
            &parts.extensions,
        );
        let secure = state.cognate.config().public_url.starts_with("https://");
        let (csrf, cookie) = CONSOLE.csrf(&parts.headers, secure);
        let session = browser::cookie(&parts.headers, SESSION).map(str::to_string);
        let visitor = Visitor {
            state: state.clone(),
            rc,
            headers: parts.headers.clone(),
            csrf,
            open: matches!(*state.admin_auth, AdminAuth::Open),
            secure,
            set_cookies: cookie.into_iter().collect(),
        };
        (visitor, session)
    }

    fn operator(self, session: Option<String>) -> Operator {
        Operator {
            session,
            state: self.state,
            rc: self.rc,
            csrf: self.csrf,
            open: self.open,
            secure: self.secure,
            set_cookies: self.set_cookies,
        }
    }

    /// Whether the access key id and secret are one of the server's admin key pairs (compared
    /// in constant time; an unknown id costs the same comparison).
    pub(super) fn keys_hold(&self, key_id: &str, secret: &str) -> bool {
        let AdminAuth::Keys(keys) = &*self.state.admin_auth else {
            return false;
        };
        let decoy = cognate_crypto::secret::Secret::new(String::new());
        let (known, expected) = match keys.get(key_id) {
            Some(s) => (true, s),
            None => (false, &decoy),
        };
        let same = cognate_crypto::ct::ct_eq(expected.expose().as_bytes(), secret.as_bytes());
        known && same
    }

    /// Adds a cookie to the response.
    pub(super) fn set_cookie(&mut self, cookie: Option<HeaderValue>) {
        self.set_cookies.extend(cookie);
    }

    /// A response with the visitor's cookies.
    pub(super) fn finish(&self, response: Response) -> Response {
        with_cookies(response, &self.set_cookies)
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        Ok(Visitor::of(parts, state).0)
    }
}

fn with_cookies(mut response: Response, cookies: &[HeaderValue]) -> Response {
    for cookie in cookies {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    response
}

impl Operator {
    /// Calls an operation of the API as this operator: `Ok` with its JSON response, or its
    /// Cognito error (`__type` and message), which the page shows beside the form.
    /// Each call is logged with who made it (the access key id; `open` on a console without
    /// keys) and how it went; the operation's own audit events carry the key id too.
    pub(super) async fn call(&self, op: &str, request: Value) -> Result<Value, ApiError> {
        let result = call_json(op, &self.state.cognate, &self.rc, &request).await;
        let outcome = match &result {
            Ok(_) => "ok",
            Err(e) => e.parts().0,
        };
        tracing::info!(
            target: "cognate::console",
            operator = self.rc.admin_key_id.as_deref().unwrap_or("open"),
            operation = op,
            pool = request.get("UserPoolId").and_then(serde_json::Value::as_str).unwrap_or_default(),
            outcome,
            request_id = %self.rc.request_id,
            "console action"
        );
        result
    }

    /// A response with the operator's cookies.
    pub(super) fn finish(&self, response: Response) -> Response {
        with_cookies(response, &self.set_cookies)
    }

    /// A 303 to `url` after a form, with the operator's cookies.
    pub(super) fn see_other(&self, url: &str) -> Response {
        self.finish(redirect(url, StatusCode::SEE_OTHER))
    }

    /// The page for a failure no form can mend (an unknown pool, a store failure).
    pub(super) fn failure(&self, error: &ApiError) -> Response {
        let (kind, message) = error.parts();
        let (status, text) = match kind {
            "InternalErrorException" => {
                tracing::error!(request_id = %self.rc.request_id, error = ?error, "console page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!(
                        "Something went wrong on the server (request {}).",
                        self.rc.request_id
                    ),
                )
            }
            "ResourceNotFoundException" | "UserNotFoundException" => {
                (StatusCode::NOT_FOUND, message.to_string())
            }
            _ => (StatusCode::BAD_REQUEST, format!("{kind}: {message}")),
        };
        self.finish(message_page(status, "Something went wrong", &text))
    }
}

/// A posted console form whose CSRF token held, with its fields in order (a field may repeat:
/// the checkboxes of a matrix).
pub(super) struct Form {
    pub operator: Operator,
    pub fields: Vec<(String, String)>,
}

impl FromRequest<AppState> for Form {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let operator = Operator::from_request_parts(&mut parts, state).await?;
        let fields = read_form(body).await?;
        let posted = fields
            .iter()
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.as_str());
        if !CONSOLE.csrf_holds(&parts.headers, posted) {
            return Err(csrf_refusal());
        }
        Ok(Form { operator, fields })
    }
}

/// A posted form's fields, at most 256 KiB of them.
pub(super) async fn read_form(body: axum::body::Body) -> Result<Vec<(String, String)>, Response> {
    let Ok(body) = axum::body::to_bytes(body, 256 * 1024).await else {
        return Err(message_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This form is too large",
            "Go back and send less at a time.",
        ));
    };
    Ok(form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect())
}

/// The answer to a form whose CSRF token failed: nothing was changed.
pub(super) fn csrf_refusal() -> Response {
    message_page(
        StatusCode::FORBIDDEN,
        "This form has expired",
        "The form was not sent from this console, or the page was open too long, so nothing was changed. Reload the page and try again.",
    )
}

impl Form {
    /// The first value of field `name`, trimmed; empty when absent.
    pub(super) fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .unwrap_or_default()
    }

    /// Whether checkbox `name` was ticked.
    pub(super) fn checked(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    /// Every value of field `name` (ticked checkboxes sharing a name).
    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Every value of field `name`, as owned strings.
    pub(super) fn all_owned(&self, name: &str) -> Vec<String> {
        self.all(name).into_iter().map(str::to_string).collect()
    }
}
