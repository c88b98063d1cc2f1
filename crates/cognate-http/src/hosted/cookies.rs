//! The pages' cookies: the CSRF token every form echoes (double submit, compared in constant
//! time) and the managed-login session. All `HttpOnly` and `SameSite=Lax`, `Secure` when the
//! server is reached over HTTPS.

use axum::http::{header, HeaderMap, HeaderValue};
use cognate_crypto::{ct::ct_eq, random};

const CSRF: &str = "cognate_csrf";

/// The value of cookie `name` in the request.
pub(super) fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value; `max_age` 0 clears it.
pub(super) fn set(name: &str, value: &str, max_age: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

/// The managed-login session cookie of a pool (one per pool: pages of every pool share the
/// server's host).
pub(super) fn login_name(pool_id: &str) -> String {
    format!("cognate_login_{pool_id}")
}

/// The browser's CSRF token, and the cookie to set when it has none yet.
pub(super) fn csrf(headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
    match get(headers, CSRF).filter(|t| t.len() >= 32) {
        Some(token) => (token.to_string(), None),
        None => {
            let token = random::opaque_token(32);
            let cookie = set(CSRF, &token, 86_400, secure);
            (token, cookie)
        }
    }
}

/// Whether a form's `_csrf` matches the browser's cookie.
pub(super) fn csrf_holds(headers: &HeaderMap, posted: Option<&str>) -> bool {
    match (get(headers, CSRF), posted) {
        (Some(cookie), Some(posted)) if cookie.len() >= 32 => {
            ct_eq(cookie.as_bytes(), posted.as_bytes())
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_among_others_and_csrf_needs_the_same_value_twice() {
        let mut headers = HeaderMap::new();
        let token = "t".repeat(40);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=1; cognate_csrf={token}; b=2")).unwrap(),
        );
        assert_eq!(get(&headers, "b"), Some("2"));
        assert!(csrf_holds(&headers, Some(&token)));
        assert!(!csrf_holds(&headers, Some("t")));
        assert!(!csrf_holds(&headers, None));
        assert!(!csrf_holds(&HeaderMap::new(), Some(&token)));
    }
}
