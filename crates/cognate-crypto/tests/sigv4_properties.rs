//! SigV4 headers as untrusted input: any `Authorization` value is parsed into a well-formed
//! scope or refused as `IncompleteSignatureException`; a request with made-up or changed
//! `Authorization`, `X-Amz-Date` or `Date` headers is refused with one of AWS's four signature
//! errors; a changed signature digit is a mismatch. No input panics.

// Test code: a failed setup step should stop the test with its message.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use cognate_crypto::sigv4::{self, Authorization, SigV4Error, SignedRequest};
use proptest::prelude::*;
use proptest::sample::Index;
use time::OffsetDateTime;

use cognate_near_miss::{config, edited, edits, substitute};

const AKID: &str = "AKIDFUZZ";
const SECRET: &str = "fuzz/Secret+Access+Key";
const BODY: &[u8] = br#"{"MaxResults":10}"#;

/// The error types AWS answers a refused signature with.
const REFUSALS: [&str; 4] = [
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
];

/// When the request is signed, and the server's clock when it is checked.
fn signed_at() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_714_564_800).unwrap()
}

/// A ListUserPools request's headers, signed as botocore signs them.
fn signed_headers() -> Vec<(String, String)> {
    let mut headers = vec![
        (
            "host".to_string(),
            "cognito-idp.us-east-1.amazonaws.com".to_string(),
        ),
        (
            "content-type".to_string(),
            "application/x-amz-json-1.1".to_string(),
        ),
        (
            "x-amz-target".to_string(),
            "AWSCognitoIdentityProviderService.ListUserPools".to_string(),
        ),
    ];
    sigv4::sign(
        "POST",
        "/",
        "",
        &mut headers,
        BODY,
        AKID,
        SECRET,
        "us-east-1",
        "cognito-idp",
        signed_at(),
    );
    headers
}

/// The value of the header `name`.
fn value_of(headers: &[(String, String)], name: &str) -> String {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap()
}

/// `headers` with `name` set to `value`, or removed for `None`.
fn with_header(
    headers: &[(String, String)],
    name: &str,
    value: Option<String>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        headers.iter().filter(|(n, _)| n != name).cloned().collect();
    if let Some(value) = value {
        out.push((name.to_string(), value));
    }
    out
}

fn verify(headers: &[(String, String)]) -> Result<Authorization, SigV4Error> {
    let request = SignedRequest {
        method: "POST",
        path: "/",
        query: "",
        headers,
        body: BODY,
    };
    sigv4::verify(&request, SECRET, "cognito-idp", signed_at())
}

/// Algorithms an `Authorization` value may name.
const ALGORITHMS: &[&str] = &[
    "AWS4-HMAC-SHA256",
    "AWS4-HMAC-SHA1",
    "aws4-hmac-sha256",
    "AWS4-ECDSA-P256-SHA256",
    "",
];

/// Names of `Authorization` parameters, real and not.
const PARAMETERS: &[&str] = &[
    "Credential",
    "SignedHeaders",
    "Signature",
    " Credential ",
    "Foo",
    "",
];

/// What may stand between `Authorization` parameters.
const SEPARATORS: &[&str] = &[", ", ",", " , ", ";", " "];

/// What the signature covers of an `Authorization`: all but the access key id.
fn signed_part(auth: Authorization) -> (String, String, String, Vec<String>, String) {
    (
        auth.date,
        auth.region,
        auth.service,
        auth.signed_headers,
        auth.signature,
    )
}

/// An `Authorization` value put together from the parts of one, well or badly.
fn assembled_authorization() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        "[A-Z0-9]{0,10}/[0-9]{0,9}/[a-z0-9-]{0,14}/[a-z-]{0,12}/aws4_request",
        "[A-Za-z0-9/_-]{0,40}",
        "[a-zA-Z;-]{0,30}",
        "[0-9a-fA-F]{62,66}",
        "[ -~]{0,40}",
    ];
    (
        prop::sample::select(ALGORITHMS),
        prop::collection::vec((prop::sample::select(PARAMETERS), value), 0..5),
        prop::sample::select(SEPARATORS),
        "[ \t]{0,2}",
    )
        .prop_map(|(algorithm, params, separator, space)| {
            let params: Vec<String> = params
                .into_iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            format!("{space}{algorithm} {}", params.join(separator))
        })
}

/// Any `Authorization` value: made up, assembled from parts, or a valid one edited.
fn authorizationish() -> impl Strategy<Value = String> {
    let valid = value_of(&signed_headers(), "authorization");
    prop_oneof![
        any::<String>(),
        assembled_authorization(),
        edits("").prop_map(move |edits| edited(&valid, &edits)),
    ]
}

/// A date header value: ISO 8601 basic, an HTTP date, something near them, or anything.
fn dateish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{8}T[0-9]{6}Z",
        "20240501T12[0-9]{4}Z",
        "(Mon|Wed|Xyz), [0-9]{2} (May|Jan|Foo) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT",
        "[0-9TZ:+, -]{0,20}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_authorization_value_is_a_well_formed_scope_or_incomplete(text in authorizationish()) {
        match sigv4::parse_authorization(&text) {
            Ok(auth) => {
                prop_assert!(!auth.access_key_id.is_empty());
                prop_assert!(!auth.region.is_empty() && !auth.service.is_empty());
                prop_assert!(auth.date.len() == 8 && auth.date.bytes().all(|b| b.is_ascii_digit()));
                let lower = auth
                    .signed_headers
                    .iter()
                    .all(|h| !h.is_empty() && *h == h.to_ascii_lowercase());
                prop_assert!(lower);
                prop_assert!(auth.signature.len() == 64);
                let lowercase_hex = |b: u8| matches!(b, b'0'..=b'9' | b'a'..=b'f');
                prop_assert!(auth.signature.bytes().all(lowercase_hex));
            }
            Err(e) => {
                prop_assert!(matches!(e, SigV4Error::Malformed(_)), "{e:?}");
                prop_assert_eq!(e.aws_error_type(), "IncompleteSignatureException");
            }
        }
    }

    #[test]
    fn a_request_with_made_up_signature_headers_is_refused(
        authorization in prop::option::of(authorizationish()),
        amz_date in prop::option::of(dateish()),
        date in prop::option::of(dateish()),
        content_sha256 in prop::option::of("[0-9a-fA-F]{0,66}|UNSIGNED-PAYLOAD"),
        keeps_host in any::<bool>(),
    ) {
        let mut headers = with_header(&signed_headers(), "authorization", authorization);
        headers = with_header(&headers, "x-amz-date", amz_date);
        headers = with_header(&headers, "date", date);
        headers = with_header(&headers, "x-amz-content-sha256", content_sha256);
        if !keeps_host {
            headers = with_header(&headers, "host", None);
        }
        match verify(&headers) {
            Ok(auth) => {
                // Only the signed request itself, spelt another way, can pass: a made-up
                // signature never does.
                let signed = value_of(&signed_headers(), "authorization");
                let before = sigv4::parse_authorization(&signed).unwrap();
                prop_assert_eq!(auth.signature, before.signature);
            }
            Err(e) => {
                prop_assert!(e != SigV4Error::UnknownKey);
                prop_assert!(REFUSALS.contains(&e.aws_error_type()));
            }
        }
    }

    #[test]
    fn a_changed_authorization_passes_only_if_it_says_the_same(
        (at, with) in (any::<Index>(), any::<Index>()),
        edits in edits(""),
        use_edits in any::<bool>(),
    ) {
        let headers = signed_headers();
        let original = value_of(&headers, "authorization");
        let changed = if use_edits {
            edited(&original, &edits)
        } else {
            let printable: String = (' '..='~').collect();
            substitute(&original, at, with, &printable)
        };
        let result = verify(&with_header(&headers, "authorization", Some(changed.clone())));
        if let Ok(auth) = result {
            // The access key id is not signed: the caller looks the key up by it, and an
            // unknown one is refused there.
            let before = sigv4::parse_authorization(&original).unwrap();
            prop_assert_eq!(signed_part(auth), signed_part(before), "{}", changed);
        }
    }

    #[test]
    fn a_changed_signature_digit_is_a_mismatch(at in 0_usize..64, with in any::<Index>()) {
        let headers = signed_headers();
        let original = value_of(&headers, "authorization");
        let start = original.len() - 64;
        let digit = original.as_bytes()[start + at].to_ascii_lowercase();
        let others: Vec<char> = "0123456789abcdef"
            .chars()
            .filter(|c| u8::try_from(*c).ok() != Some(digit))
            .collect();
        let mut changed = original.clone();
        let replacement = others[with.index(others.len())].to_string();
        changed.replace_range(start + at..start + at + 1, &replacement);
        prop_assert_eq!(
            verify(&with_header(&headers, "authorization", Some(changed))),
            Err(SigV4Error::Mismatch)
        );
    }

    #[test]
    fn a_changed_request_date_is_refused(
        (at, with) in (any::<Index>(), any::<Index>()),
        edits in edits(""),
        use_edits in any::<bool>(),
    ) {
        let headers = signed_headers();
        let original = value_of(&headers, "x-amz-date");
        let changed = if use_edits {
            edited(&original, &edits)
        } else {
            substitute(&original, at, with, "0123456789TZ :-")
        };
        prop_assume!(changed.trim() != original);
        let result = verify(&with_header(&headers, "x-amz-date", Some(changed)));
        prop_assert!(result.is_err());
    }
}

#[test]
fn the_request_the_properties_change_verifies() {
    let auth = verify(&signed_headers()).unwrap();
    assert_eq!(auth.access_key_id, AKID);
}
