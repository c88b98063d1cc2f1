//! The hosted pages' cookies: the CSRF token every form echoes and the managed-login session,
//! in the [`HOSTED`](crate::browser::HOSTED) jar (`SameSite=Lax`).

use axum::http::{HeaderMap, HeaderValue};

use crate::browser::{self, HOSTED};

/// The value of cookie `name` in the request.
pub(super) fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    browser::cookie(headers, name)
}

/// A `Set-Cookie` value; `max_age` 0 clears it.
pub(super) fn set(name: &str, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    HOSTED.set(name, value, max_age, secure)
}

/// The managed-login session cookie of a pool (one per pool: pages of every pool share the
/// server's host).
pub(super) fn login_name(pool_id: &str) -> String {
    format!("cognate_login_{pool_id}")
}

/// The browser's CSRF token, and the cookie to set when it has none yet.
pub(super) fn csrf(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    HOSTED.csrf(headers, secure)
}

/// Whether a form's `_csrf` matches the browser's cookie.
pub(super) fn csrf_holds(headers: &HeaderMap, posted: Option<&str>) -> bool {
    HOSTED.csrf_holds(headers, posted)
}
