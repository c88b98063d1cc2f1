//! The client side: signing a request as the AWS SDKs do, for our own tests and benchmarks.

use aws_lc_rs::hmac;
use time::{OffsetDateTime, UtcOffset};

use super::canonical::canonical_request;
use super::request::SignedRequest;
use super::signature::{amz_timestamp, sha256_hex, signing_key, string_to_sign, ALGORITHM};

/// Headers that [`sign`] never signs, as the AWS SDKs leave them out too.
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "user-agent",
    "expect",
    "x-amzn-trace-id",
    "connection",
];

/// Signs a request as the AWS SDKs do and adds the `x-amz-date` and `authorization` headers
/// to `headers` (replacing any already there).
///
/// `path` and `query` are the raw strings that will be sent, `headers` must include `host`
/// exactly as it will be sent (with the port unless it is the scheme's default). Every header
/// in `headers` is signed except `user-agent`, `expect`, `connection` and `x-amzn-trace-id`.
/// An `x-amz-security-token` header, for temporary credentials, is simply signed with the rest.
#[allow(clippy::too_many_arguments)] // mirrors the shape of a SigV4 signing call
pub fn sign(
    method: &str,
    path: &str,
    query: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
    access_key_id: &str,
    secret_access_key: &str,
    region: &str,
    service: &str,
    now: OffsetDateTime,
) {
    let amz_date = amz_timestamp(now.to_offset(UtcOffset::UTC));
    headers.retain(|(name, _)| {
        !name.eq_ignore_ascii_case("authorization") && !name.eq_ignore_ascii_case("x-amz-date")
    });
    headers.push(("x-amz-date".to_owned(), amz_date.clone()));

    let mut signed_headers: Vec<String> = headers
        .iter()
        .map(|(name, _)| name.to_ascii_lowercase())
        .filter(|name| !UNSIGNED_HEADERS.contains(&name.as_str()))
        .collect();
    signed_headers.sort();
    signed_headers.dedup();

    let request = SignedRequest {
        method,
        path,
        query,
        headers,
        body,
    };
    let body_hash = sha256_hex(body);
    let payload_hash = request
        .header_values("x-amz-content-sha256")
        .next()
        .map_or(body_hash.as_str(), str::trim);
    let canonical = canonical_request(&request, &signed_headers, payload_hash);
    let date = &amz_date[..8];
    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = string_to_sign(&amz_date, &scope, &canonical);
    let key = signing_key(secret_access_key, date, region, service);
    let signature = hex::encode(hmac::sign(&key, string_to_sign.as_bytes()));

    let authorization = format!(
        "{ALGORITHM} Credential={access_key_id}/{scope}, SignedHeaders={}, Signature={signature}",
        signed_headers.join(";")
    );
    headers.push(("authorization".to_owned(), authorization));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sigv4::fixtures::{
        botocore_headers, cognito_request, headers, AKID, BOTO_BODY, BOTO_TIME, SECRET, SUITE_TIME,
    };
    use crate::sigv4::verifier::verify;

    fn authorization_of(headers: &[(String, String)]) -> &str {
        headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.as_str())
            .unwrap()
    }

    /// Signs a request from AWS's SigV4 test suite (`host` + `x-amz-date` signed) and returns
    /// the signature, after checking that `verify` accepts what `sign` produced.
    fn suite_signature(method: &str, path: &str, query: &str, extra: &[(&str, &str)]) -> String {
        let mut hs = headers(&[("host", "example.amazonaws.com")]);
        hs.extend(headers(extra));
        let is_form = extra.iter().any(|(n, _)| *n == "content-type");
        let body: &[u8] = if is_form { b"Param1=value1" } else { b"" };
        sign(
            method,
            path,
            query,
            &mut hs,
            body,
            AKID,
            SECRET,
            "us-east-1",
            "service",
            SUITE_TIME,
        );
        let req = SignedRequest {
            method,
            path,
            query,
            headers: &hs,
            body,
        };
        let auth = verify(&req, SECRET, "service", SUITE_TIME).unwrap();
        auth.signature
    }

    #[test]
    fn the_aws_test_suite_signatures_are_reproduced() {
        let cases = [
            (
                "get-vanilla",
                "GET",
                "/",
                "",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            (
                "post-vanilla",
                "POST",
                "/",
                "",
                "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            ),
            (
                "get-vanilla-query-order-key-case",
                "GET",
                "/",
                "Param2=value2&Param1=value1",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            ),
            (
                "get-vanilla-empty-query-key",
                "GET",
                "/",
                "Param1=value1",
                "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb",
            ),
            (
                "post-vanilla-query",
                "POST",
                "/",
                "Param1=value1",
                "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11",
            ),
            (
                "get-utf8",
                "GET",
                "/\u{1234}",
                "",
                "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85",
            ),
            (
                "get-space",
                "GET",
                "/example space/",
                "",
                "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741",
            ),
            (
                "get-slash-pointless-dot",
                "GET",
                "/./example",
                "",
                "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5",
            ),
            (
                "get-slash-dot-slash",
                "GET",
                "/./",
                "",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
            (
                "get-relative-relative",
                "GET",
                "/example1/example2/../..",
                "",
                "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
        ];
        for (name, method, path, query, expected) in cases {
            assert_eq!(
                suite_signature(method, path, query, &[]),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn the_aws_test_suite_form_post_is_reproduced() {
        let signature = suite_signature(
            "POST",
            "/",
            "",
            &[("content-type", "application/x-www-form-urlencoded")],
        );
        assert_eq!(
            signature,
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        );
    }

    #[test]
    fn our_signer_and_verifier_agree_with_botocore() {
        let mut hs = headers(&[
            ("host", "127.0.0.1:9229"),
            ("content-type", "application/x-amz-json-1.1"),
            (
                "x-amz-target",
                "AWSCognitoIdentityProviderService.AdminGetUser",
            ),
            ("user-agent", "cognate-tests"),
        ]);
        sign(
            "POST",
            "/",
            "",
            &mut hs,
            BOTO_BODY,
            AKID,
            SECRET,
            "us-east-1",
            "cognito-idp",
            BOTO_TIME,
        );
        assert_eq!(authorization_of(&hs), authorization_of(&botocore_headers()));
        assert!(verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME
        )
        .is_ok());
    }

    #[test]
    fn signing_replaces_stale_date_and_authorization_headers() {
        let mut hs = headers(&[
            ("Host", "127.0.0.1:9229"),
            ("X-Amz-Date", "20000101T000000Z"),
            ("Authorization", "stale"),
        ]);
        sign(
            "POST",
            "/",
            "",
            &mut hs,
            b"",
            AKID,
            SECRET,
            "us-east-1",
            "sns",
            BOTO_TIME,
        );
        assert_eq!(hs.len(), 3);
        assert!(verify(&cognito_request(&hs, b""), SECRET, "sns", BOTO_TIME).is_ok());
    }
}
