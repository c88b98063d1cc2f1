//! Admin operations behind SigV4, under made-up and changed `Authorization`, `X-Amz-Date` and
//! `Date` headers: the request is refused with one of AWS's four signature errors unless the
//! change left the request as signed; a public operation reads only a region from the header,
//! whatever it holds. Never a 5xx, never a panic.

use axum::{
    body::Body,
    http::{HeaderName, HeaderValue, Request, StatusCode},
};
use cognate_crypto::sigv4;
use proptest::{prelude::*, sample::Index};
use serde_json::Value;
use time::OffsetDateTime;

use crate::fuzz_support::{check, edited, edits, expect_error, substitute, Fuzzing, TARGET_PREFIX};
use crate::helpers::spawn_app_with_admin_keys;

const AKID: &str = "AKIDFUZZ";
const SECRET: &str = "fuzz/Secret+Access+Key";
const BODY: &str = r#"{"MaxResults":10}"#;

/// The error types AWS answers a refused signature with.
const REFUSALS: [&str; 4] = [
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
];

/// Visible ASCII and space.
const PRINTABLE: &str = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ\
                         [\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// Headers as they go on the wire: lowercase names, value bytes.
type Headers = Vec<(String, Vec<u8>)>;

fn app() -> Fuzzing {
    Fuzzing::start(spawn_app_with_admin_keys(&[(AKID, SECRET)]))
}

/// The headers of `op` with `body`, signed now as botocore signs them.
fn signed_headers(op: &str, body: &str) -> Headers {
    let mut headers = vec![
        ("host".to_string(), "localhost".to_string()),
        (
            "content-type".to_string(),
            "application/x-amz-json-1.1".to_string(),
        ),
        ("x-amz-target".to_string(), format!("{TARGET_PREFIX}{op}")),
    ];
    sigv4::sign(
        "POST",
        "/",
        "",
        &mut headers,
        body.as_bytes(),
        AKID,
        SECRET,
        "us-east-1",
        "cognito-idp",
        OffsetDateTime::now_utc(),
    );
    headers
        .into_iter()
        .map(|(name, value)| (name, value.into_bytes()))
        .collect()
}

/// A signed ListUserPools request's headers.
fn signed_list() -> Headers {
    signed_headers("ListUserPools", BODY)
}

/// The value of the header `name`, as text.
fn value_of(headers: &[(String, Vec<u8>)], name: &str) -> String {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("a signed header")
}

/// Sets the header `name` to `value`, or removes it for `None`.
fn set(headers: &mut Headers, name: &str, value: Option<Vec<u8>>) {
    headers.retain(|(n, _)| n != name);
    if let Some(value) = value {
        headers.push((name.to_string(), value));
    }
}

/// `text` with the characters a header value cannot hold (controls but tab) made `?`.
fn header_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c.is_ascii_control() && c != '\t') || c == '\u{7f}' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

/// `POST /` with `headers` and `body`.
fn request(headers: &[(String, Vec<u8>)], body: &str) -> Request<Body> {
    let mut request = Request::post("/");
    for (name, value) in headers {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("a header name");
        let value = HeaderValue::from_bytes(value).expect("a header value");
        request = request.header(name, value);
    }
    request
        .body(Body::from(body.to_string()))
        .expect("a valid request")
}

/// Bytes a header value may hold: visible ASCII, space, tab and obs-text.
fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![Just(b'\t'), 0x20_u8..0x7f, 0x80_u8..=0xff];
    prop::collection::vec(byte, 0..200)
}

/// An `Authorization` value: put together from the parts of one (with the app's key id or
/// another), any visible text, or any header bytes.
fn authorization() -> impl Strategy<Value = Vec<u8>> {
    let key_id = prop_oneof![Just(AKID.to_string()), "[A-Z0-9]{0,10}"];
    let scope = (
        key_id,
        "[0-9]{8}|[0-9]{0,9}",
        "us-east-1|[a-z0-9-]{0,12}",
        "cognito-idp|sns|[a-z-]{0,12}",
        "aws4_request|[a-z0-9_]{0,12}",
    )
        .prop_map(|(key_id, date, region, service, end)| {
            format!("{key_id}/{date}/{region}/{service}/{end}")
        });
    let assembled = (
        "AWS4-HMAC-SHA256|AWS4-HMAC-SHA1|",
        scope,
        "host;x-amz-date|host;content-type;x-amz-date;x-amz-target|[a-z;-]{0,30}",
        "[0-9a-f]{64}|[0-9a-fA-F]{0,70}",
        ", |,| ",
    )
        .prop_map(|(algorithm, scope, signed, signature, sep)| {
            let parameters = format!("SignedHeaders={signed}{sep}Signature={signature}");
            format!("{algorithm} Credential={scope}{sep}{parameters}").into_bytes()
        });
    prop_oneof![
        assembled,
        "[ -~]{0,120}".prop_map(String::into_bytes),
        header_bytes(),
    ]
}

/// A date header value: ISO 8601 basic, an HTTP date, near them, or any header bytes.
fn date() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[0-9]{8}T[0-9]{6}Z".prop_map(String::into_bytes),
        "(Mon|Thu), [0-9]{2} (May|Foo) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
            .prop_map(String::into_bytes),
        "[0-9TZ:+, -]{0,20}".prop_map(String::into_bytes),
        header_bytes(),
    ]
}

/// Checks that `reply` is one of AWS's signature refusals.
fn expect_refusal(reply: &(StatusCode, Value)) -> Result<(), TestCaseError> {
    let kind = reply.1["__type"].as_str().unwrap_or_default();
    prop_assert!(
        reply.0 == StatusCode::BAD_REQUEST && REFUSALS.contains(&kind),
        "{} {}",
        reply.0,
        reply.1
    );
    Ok(())
}

#[test]
fn fuzz_a_request_signed_as_botocore_signs_passes() {
    let fuzzing = app();
    let (status, body) = fuzzing
        .reply(request(&signed_list(), BODY))
        .expect("a Cognito answer");
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[test]
fn fuzz_made_up_signature_headers_are_refused_in_awss_words() {
    let fuzzing = app();
    let strategy = (
        prop::option::of(authorization()),
        prop::option::of(date()),
        prop::option::of(date()),
    );
    check(strategy, |(authorization, amz_date, date)| {
        let mut headers = signed_list();
        set(&mut headers, "authorization", authorization);
        set(&mut headers, "x-amz-date", amz_date);
        set(&mut headers, "date", date);
        expect_refusal(&fuzzing.reply(request(&headers, BODY))?)
    });
}

#[test]
fn fuzz_a_changed_signed_request_passes_only_if_it_says_the_same() {
    let fuzzing = app();
    let strategy = (
        (any::<Index>(), any::<Index>()),
        edits(PRINTABLE),
        any::<bool>(),
        any::<bool>(),
    );
    check(strategy, |((at, with), edits, use_edits, change_date)| {
        let mut headers = signed_list();
        let name = if change_date {
            "x-amz-date"
        } else {
            "authorization"
        };
        let original = value_of(&headers, name);
        let changed = header_safe(&if use_edits {
            edited(&original, &edits)
        } else {
            substitute(&original, at, with, PRINTABLE)
        });
        set(&mut headers, name, Some(changed.clone().into_bytes()));
        let reply = fuzzing.reply(request(&headers, BODY))?;
        if reply.0 != StatusCode::OK {
            return expect_refusal(&reply);
        }
        if change_date {
            prop_assert_eq!(changed.trim(), original.as_str());
        } else {
            let signed = |text: &str| {
                sigv4::parse_authorization(text)
                    .ok()
                    .map(|a| (a.access_key_id, a.signature))
            };
            prop_assert_eq!(signed(&changed), signed(&original), "{}", changed);
        }
        Ok(())
    });
}

#[test]
fn fuzz_a_changed_signature_digit_is_an_invalid_signature() {
    let fuzzing = app();
    check((0_usize..64, any::<Index>()), |(at, with)| {
        let mut headers = signed_list();
        let original = value_of(&headers, "authorization");
        let i = original.len() - 64 + at;
        let digit = original.as_bytes()[i].to_ascii_lowercase();
        let others: Vec<char> = "0123456789abcdef"
            .chars()
            .filter(|c| u8::try_from(*c).ok() != Some(digit))
            .collect();
        let mut changed = original.clone();
        changed.replace_range(i..=i, &others[with.index(others.len())].to_string());
        set(&mut headers, "authorization", Some(changed.into_bytes()));
        let reply = fuzzing.reply(request(&headers, BODY))?;
        expect_error(&reply, "InvalidSignatureException")
    });
}

#[test]
fn fuzz_any_authorization_on_a_public_operation_is_only_read_for_a_region() {
    let fuzzing = app();
    check(authorization(), |authorization| {
        let mut headers = signed_headers("GetUser", "{}");
        set(&mut headers, "authorization", Some(authorization));
        let body = r#"{"AccessToken":"not-a-token"}"#;
        let reply = fuzzing.reply(request(&headers, body))?;
        expect_error(&reply, "NotAuthorizedException")
    });
}
