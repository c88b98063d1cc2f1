//! One request to a hosted page: the authorization request its URL carries (every page keeps
//! it in its query, as Cognito's do), checked again on every request; the browser's CSRF
//! token; and the cookies and redirects of the response.

use std::collections::HashMap;

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, Extensions, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use cognate_core::{
    service::{
        oauth::{AuthorizeRefusal, AuthorizeRequest, Authorized},
        sign_in::Attempt,
        RequestContext,
    },
    CoreResult,
};

use super::{
    branding::Branding,
    cookies,
    page::{error_page, with_headers, Page},
};
use crate::{dispatch::request_context, request_id::RequestId, state::AppState};

/// A hosted page's request, its authorization request checked.
pub(super) struct Flow {
    pub state: AppState,
    pub rc: RequestContext,
    pub headers: HeaderMap,
    pub authorized: Authorized,
    /// The authorization request, query-encoded, for links and form actions.
    query: String,
    /// The page's own parameters (`username`, `notice`).
    extras: HashMap<String, String>,
    pub csrf: String,
    set_cookies: Vec<HeaderValue>,
    pub secure: bool,
    /// The pool's branding for this client, if any.
    branding: Option<Branding>,
}

/// Splits a query into the authorization request and the page's own parameters.
pub(super) fn parse_query(raw: Option<&str>) -> (AuthorizeRequest, HashMap<String, String>) {
    let mut params: HashMap<String, String> = HashMap::new();
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        params
            .entry(k.into_owned())
            .or_insert_with(|| v.into_owned());
    }
    let req = AuthorizeRequest::take_from(&mut params);
    (req, params)
}

fn encode(req: &AuthorizeRequest) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (name, value) in req.pairs() {
        if let Some(v) = value {
            out.append_pair(name, v);
        }
    }
    out.finish()
}

/// Where a refused authorization request goes: a page, or back to the client.
pub(super) fn refused(refusal: AuthorizeRefusal, request_id: &str) -> Response {
    match refusal {
        AuthorizeRefusal::Page { error, description } => error_page(
            StatusCode::BAD_REQUEST,
            "This sign-in link is not valid",
            &format!(
                "The application sent you here with a link that is not set up correctly; \
                 let its owner know. Details: {description} ({error})"
            ),
        ),
        AuthorizeRefusal::Redirect(url) => redirect(&url, StatusCode::FOUND),
        AuthorizeRefusal::Internal(e) => {
            let message = super::page::words(e, request_id);
            error_page(
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong",
                &message,
            )
        }
    }
}

/// A redirect with the pages' headers.
pub(super) fn redirect(url: &str, status: StatusCode) -> Response {
    let mut response = status.into_response();
    if let Ok(location) = HeaderValue::from_str(url) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    with_headers(response)
}

/// A page's handler takes the checked flow; a refused request never reaches it.
impl FromRequestParts<AppState> for Flow {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let headers = parts.headers.clone();
        Flow::open(
            state.clone(),
            headers,
            &parts.extensions,
            parts.uri.query(),
            true,
        )
        .await
    }
}

impl Flow {
    /// Checks the authorization request in the query; with `branded`, loads the pool's
    /// branding for the pages it will show.
    pub(super) async fn open(
        state: AppState,
        headers: HeaderMap,
        extensions: &Extensions,
        raw_query: Option<&str>,
        branded: bool,
    ) -> Result<Flow, Response> {
        let request_id = RequestId::of(extensions);
        let rc = request_context(&state.trusted_proxies, request_id, &headers, extensions);
        let (req, extras) = parse_query(raw_query);
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let authorized = match state.cognate.check_authorize(&req, host).await {
            Ok(a) => a,
            Err(refusal) => return Err(refused(refusal, &rc.request_id)),
        };
        let secure = state.cognate.config().public_url.starts_with("https://");
        let auth = &authorized.auth;
        let branding = if branded {
            match state
                .cognate
                .ui_for(&auth.pool_id, auth.client_id.as_str())
                .await
            {
                Ok(ui) => ui.as_ref().map(Branding::of),
                Err(e) => {
                    return Err(refused(AuthorizeRefusal::Internal(e), &rc.request_id));
                }
            }
        } else {
            None
        };
        let (csrf, cookie) = cookies::csrf(&headers, secure);
        Ok(Flow {
            state,
            rc,
            headers,
            authorized,
            query: encode(&req),
            extras,
            csrf,
            set_cookies: cookie.into_iter().collect(),
            secure,
            branding,
        })
    }

    /// A page parameter of the query (`username`, `notice`).
    pub(super) fn extra(&self, name: &str) -> Option<&str> {
        self.extras.get(name).map(String::as_str)
    }

    /// A page's URL, keeping the authorization request, with parameters of its own.
    pub(super) fn link(&self, path: &str, extra: &[(&str, &str)]) -> String {
        let mut out = form_urlencoded::Serializer::new(self.query.clone());
        for (k, v) in extra {
            out.append_pair(k, v);
        }
        format!("{path}?{}", out.finish())
    }

    /// The app's name, shown above every heading.
    pub(super) fn app_name(&self) -> &str {
        self.authorized
            .client
            .settings
            .client_name
            .as_deref()
            .unwrap_or("Sign in")
    }

    /// A sign-in attempt the pages drive for this request's client.
    pub(super) async fn attempt(&self) -> CoreResult<Attempt<'_>> {
        let client = &self.authorized.auth.client_id;
        Attempt::hosted(&self.state.cognate, &self.rc, client).await
    }

    /// What the pool calls the name a user signs in with.
    pub(super) fn username_label(&self) -> &'static str {
        let pool = &self.authorized.pool;
        let by = |attr: &str| pool.has_username_attribute(attr);
        let alias = |attr: &str| pool.has_alias_attribute(attr);
        match (by("email"), by("phone_number")) {
            (true, true) => "Email or phone number",
            (true, false) => "Email",
            (false, true) => "Phone number",
            (false, false) => match (alias("email"), alias("phone_number")) {
                (true, true) => "Username, email or phone number",
                (true, false) => "Username or email",
                (false, true) => "Username or phone number",
                (false, false) => "Username",
            },
        }
    }

    /// Whether a form's CSRF token holds.
    pub(super) fn csrf_holds(&self, posted: Option<&str>) -> bool {
        cookies::csrf_holds(&self.headers, posted)
    }

    /// Adds a cookie to the response.
    pub(super) fn set_cookie(&mut self, cookie: Option<HeaderValue>) {
        self.set_cookies.extend(cookie);
    }

    fn finish(&self, mut response: Response) -> Response {
        for cookie in &self.set_cookies {
            response
                .headers_mut()
                .append(header::SET_COOKIE, cookie.clone());
        }
        response
    }

    /// A page, with the flow's cookies.
    pub(super) fn page(&self, page: Page<'_>, status: StatusCode) -> Response {
        self.finish(page.respond_branded(status, self.branding.as_ref()))
    }

    /// A redirect (303 after a form, so the browser follows with GET), with the flow's cookies.
    pub(super) fn redirect(&self, url: &str) -> Response {
        self.finish(redirect(url, StatusCode::SEE_OTHER))
    }
}
