//! What every page served to a browser shares (the hosted sign-in and the console): the
//! security headers of each response, reading and setting cookies, and the CSRF token every
//! form echoes (double submit, compared in constant time). Cookies are all `HttpOnly`, and
//! `Secure` when the server is reached over HTTPS.

use axum::{
    http::{header, HeaderMap, HeaderValue},
    response::Response,
};
use cognate_crypto::{ct::ct_eq, random};

/// No script at all, styles and images only from this server (and `data:` for the QR code),
/// never framed (clickjacking).
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
                   frame-ancestors 'none'; base-uri 'none'";

/// The headers every page response carries.
pub(crate) fn with_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A static answer of `content_type`, cached for an hour.
pub(crate) fn cached(mut response: Response, content_type: &str) -> Response {
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The value of cookie `name` in the request.
pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The cookies of one part of the site: where they apply, how strictly they stay on it, and
/// the name of its CSRF cookie.
pub(crate) struct Jar {
    pub csrf: &'static str,
    pub path: &'static str,
    pub same_site: &'static str,
}

/// The hosted sign-in's cookies: `SameSite=Lax`, since the app sends the browser there.
pub(crate) const HOSTED: Jar = Jar {
    csrf: "cognate_csrf",
    path: "/",
    same_site: "Lax",
};

/// The console's cookies: `SameSite=Strict`, on `/console` only.
pub(crate) const CONSOLE: Jar = Jar {
    csrf: "cognate_console_csrf",
    path: "/console",
    same_site: "Strict",
};

impl Jar {
    /// A `Set-Cookie` value; `max_age` 0 clears it.
    pub(crate) fn set(
        &self,
        name: &str,
        value: &str,
        max_age: i64,
        secure: bool,
    ) -> Option<HeaderValue> {
        let secure = if secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{name}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite={}{secure}",
            self.path, self.same_site
        ))
        .ok()
    }

    /// The browser's CSRF token, and the cookie to set when it has none yet.
    pub(crate) fn csrf(&self, headers: &HeaderMap, secure: bool) -> (String, Option<HeaderValue>) {
        match cookie(headers, self.csrf).filter(|t| t.len() >= 32) {
            Some(token) => (token.to_string(), None),
            None => {
                let token = random::opaque_token(32);
                let set = self.set(self.csrf, &token, 86_400, secure);
                (token, set)
            }
        }
    }

    /// Whether a form's `_csrf` matches the browser's cookie.
    pub(crate) fn csrf_holds(&self, headers: &HeaderMap, posted: Option<&str>) -> bool {
        match (cookie(headers, self.csrf), posted) {
            (Some(cookie), Some(posted)) if cookie.len() >= 32 => {
                ct_eq(cookie.as_bytes(), posted.as_bytes())
            }
            _ => false,
        }
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
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert!(HOSTED.csrf_holds(&headers, Some(&token)));
        assert!(!HOSTED.csrf_holds(&headers, Some("t")));
        assert!(!HOSTED.csrf_holds(&headers, None));
        assert!(!HOSTED.csrf_holds(&HeaderMap::new(), Some(&token)));
        assert!(!CONSOLE.csrf_holds(&headers, Some(&token)));
    }

    #[test]
    fn console_cookies_are_strict_and_stay_on_the_console() {
        let set = CONSOLE.set("s", "v", 60, true).unwrap();
        assert_eq!(
            set.to_str().unwrap(),
            "s=v; Path=/console; Max-Age=60; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
