//! The server side: checking a request's signature, its credential scope and its date.

use aws_lc_rs::hmac;
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::authorization::{parse_authorization, Authorization};
use super::canonical::canonical_request;
use super::error::SigV4Error;
use super::request::SignedRequest;
use super::signature::{amz_timestamp, sha256_hex, signing_key, string_to_sign};

/// How far a request's date may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(15);

/// Verifies the SigV4 signature of `req` with `secret_access_key`.
///
/// The caller first reads the access key id (with [`parse_authorization`] on the
/// `Authorization` header) to look up the secret, answering [`SigV4Error::UnknownKey`] itself if
/// there is none. This function then checks, in order: the `Authorization` header is present
/// and well formed; `host` is a signed header; an `x-amz-date` (or else `date`) header is
/// present and parses; the credential scope names `expected_service` and the request's date;
/// the request date is within [`MAX_CLOCK_SKEW`] of `now`; a given `x-amz-content-sha256`
/// matches the body; the signature matches (compared in constant time).
///
/// An `x-amz-security-token` header, if present, is only checked as part of the signed
/// headers.
///
/// # Errors
/// See [`SigV4Error`]; this function never returns [`SigV4Error::UnknownKey`].
pub fn verify(
    req: &SignedRequest<'_>,
    secret_access_key: &str,
    expected_service: &str,
    now: OffsetDateTime,
) -> Result<Authorization, SigV4Error> {
    let header = req
        .single_header("authorization")?
        .ok_or(SigV4Error::Missing)?;
    let auth = parse_authorization(header)?;

    if !auth.signed_headers.iter().any(|h| h == "host") {
        return Err(SigV4Error::Malformed(format!(
            "'Host' must be a 'SignedHeader' in the AWS Authorization. Authorization={header}"
        )));
    }

    let (request_time, amz_date) = request_date(req, header)?;

    if auth.service != expected_service {
        return Err(SigV4Error::WrongService {
            expected: expected_service.to_owned(),
            got: auth.service,
        });
    }
    if auth.date != amz_date[..8] {
        return Err(SigV4Error::Malformed(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date \
             from HTTP: '{}' != '{}', from '{amz_date}'.",
            auth.date,
            &amz_date[..8]
        )));
    }

    let now = now.to_offset(UtcOffset::UTC);
    if request_time < now - MAX_CLOCK_SKEW {
        return Err(SigV4Error::Expired(format!(
            "Signature expired: {amz_date} is now earlier than {} ({} - 15 min.)",
            amz_timestamp(now - MAX_CLOCK_SKEW),
            amz_timestamp(now)
        )));
    }
    if request_time > now + MAX_CLOCK_SKEW {
        return Err(SigV4Error::Expired(format!(
            "Signature not yet current: {amz_date} is still later than {} ({} + 15 min.)",
            amz_timestamp(now + MAX_CLOCK_SKEW),
            amz_timestamp(now)
        )));
    }

    let body_hash = sha256_hex(req.body);
    let payload_hash = match req.single_header("x-amz-content-sha256")? {
        Some(claimed) => {
            // Whatever was signed, it has to describe this very body.
            if !claimed.trim().eq_ignore_ascii_case(&body_hash) {
                return Err(SigV4Error::Mismatch);
            }
            claimed.trim()
        }
        None => body_hash.as_str(),
    };

    let canonical = canonical_request(req, &auth.signed_headers, payload_hash);
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let string_to_sign = string_to_sign(&amz_date, &scope, &canonical);
    let key = signing_key(secret_access_key, &auth.date, &auth.region, &auth.service);
    let provided = hex::decode(&auth.signature).map_err(|_| SigV4Error::Mismatch)?;
    hmac::verify(&key, string_to_sign.as_bytes(), &provided).map_err(|_| SigV4Error::Mismatch)?;
    Ok(auth)
}

/// The request's time and its 16-byte `yyyymmddThhmmssZ` form as used in the string to sign:
/// `x-amz-date` if present, else `date` (ISO 8601 basic or RFC 7231 IMF-fixdate).
fn request_date(
    req: &SignedRequest<'_>,
    authorization: &str,
) -> Result<(OffsetDateTime, String), SigV4Error> {
    let bad_date = |value: &str| {
        SigV4Error::Malformed(format!(
            "Date must be in ISO-8601 'basic format'. Got '{value}'. \
             See http://en.wikipedia.org/wiki/ISO_8601"
        ))
    };
    let iso = format_description!("[year][month][day]T[hour][minute][second]Z");
    if let Some(value) = req.single_header("x-amz-date")? {
        let value = value.trim();
        // Exactly `yyyymmddThhmmssZ`, so that its first eight bytes are the scope date.
        if value.len() != 16 {
            return Err(bad_date(value));
        }
        let time = PrimitiveDateTime::parse(value, iso)
            .map_err(|_| bad_date(value))?
            .assume_utc();
        return Ok((time, value.to_owned()));
    }
    if let Some(value) = req.single_header("date")? {
        let value = value.trim();
        let http_date = format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        );
        let time = PrimitiveDateTime::parse(value, iso)
            .or_else(|_| PrimitiveDateTime::parse(value, http_date))
            .map_err(|_| bad_date(value))?
            .assume_utc();
        return Ok((time, amz_timestamp(time)));
    }
    Err(SigV4Error::Malformed(format!(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. \
         Authorization={authorization}"
    )))
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::sigv4::fixtures::{
        botocore_headers, cognito_request, headers, js_sdk_v3_headers, AKID, BOTO_BODY, BOTO_TIME,
        EMPTY_SHA256, JS_BODY, SECRET, SUITE_TIME,
    };
    use crate::sigv4::signer::sign;

    #[test]
    fn the_suites_get_vanilla_authorization_header_verifies_as_published() {
        let hs = headers(&[
            ("host", "example.amazonaws.com"),
            ("x-amz-date", "20150830T123600Z"),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            ),
        ]);
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &hs,
            body: b"",
        };
        let auth = verify(&req, SECRET, "service", SUITE_TIME).unwrap();
        assert_eq!(auth.access_key_id, AKID);
        assert_eq!(auth.region, "us-east-1");
        assert_eq!(
            verify(&req, "wrong", "service", SUITE_TIME),
            Err(SigV4Error::Mismatch)
        );
    }

    #[test]
    fn a_botocore_signed_cognito_request_verifies() {
        let hs = botocore_headers();
        let auth = verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME,
        )
        .unwrap();
        assert_eq!(auth.access_key_id, AKID);
        assert_eq!(auth.service, "cognito-idp");
        // Anywhere within 15 minutes either way is fine.
        for skew in [-15, -1, 1, 15] {
            let now = BOTO_TIME + Duration::minutes(skew);
            assert!(verify(&cognito_request(&hs, BOTO_BODY), SECRET, "cognito-idp", now).is_ok());
        }
    }

    #[test]
    fn a_botocore_request_with_one_body_byte_changed_is_rejected() {
        let hs = botocore_headers();
        let mut body = BOTO_BODY.to_vec();
        body[15] ^= 0x01;
        assert_eq!(
            verify(
                &cognito_request(&hs, &body),
                SECRET,
                "cognito-idp",
                BOTO_TIME
            ),
            Err(SigV4Error::Mismatch)
        );
    }

    #[test]
    fn a_botocore_request_is_rejected_with_the_wrong_secret() {
        let hs = botocore_headers();
        let err = verify(
            &cognito_request(&hs, BOTO_BODY),
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ",
            "cognito-idp",
            BOTO_TIME,
        )
        .unwrap_err();
        assert_eq!(err, SigV4Error::Mismatch);
        assert_eq!(err.aws_error_type(), "InvalidSignatureException");
        assert!(err
            .to_string()
            .starts_with("The request signature we calculated does not match"));
    }

    #[test]
    fn a_botocore_request_is_expired_twenty_minutes_later_and_early_twenty_before() {
        let hs = botocore_headers();
        let later = BOTO_TIME + Duration::minutes(20);
        let err = verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            later,
        )
        .unwrap_err();
        assert_eq!(
            err,
            SigV4Error::Expired(
                "Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z \
                 (20240501T122000Z - 15 min.)"
                    .to_owned()
            )
        );
        assert_eq!(err.aws_error_type(), "InvalidSignatureException");

        let earlier = BOTO_TIME - Duration::minutes(20);
        let err = verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            earlier,
        )
        .unwrap_err();
        assert!(
            matches!(err, SigV4Error::Expired(m) if m.starts_with("Signature not yet current"))
        );
    }

    #[test]
    fn a_botocore_request_is_rejected_by_another_service() {
        let hs = botocore_headers();
        let err = verify(&cognito_request(&hs, BOTO_BODY), SECRET, "sns", BOTO_TIME).unwrap_err();
        assert_eq!(
            err,
            SigV4Error::WrongService {
                expected: "sns".to_owned(),
                got: "cognito-idp".to_owned()
            }
        );
        assert_eq!(
            err.to_string(),
            "Credential should be scoped to correct service: 'sns'. "
        );
    }

    #[test]
    fn a_changed_signed_header_is_rejected_but_an_unsigned_one_is_not() {
        let mut hs = botocore_headers();
        hs[3].1 = "AWSCognitoIdentityProviderService.AdminDeleteUser".to_owned();
        assert_eq!(
            verify(
                &cognito_request(&hs, BOTO_BODY),
                SECRET,
                "cognito-idp",
                BOTO_TIME
            ),
            Err(SigV4Error::Mismatch)
        );

        let mut hs = botocore_headers();
        hs[5].1 = "something else".to_owned();
        hs.push(("x-forwarded-for".to_owned(), "10.0.0.1".to_owned()));
        assert!(verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME
        )
        .is_ok());

        let mut hs = botocore_headers();
        hs[0].1 = "localhost:9229".to_owned();
        assert_eq!(
            verify(
                &cognito_request(&hs, BOTO_BODY),
                SECRET,
                "cognito-idp",
                BOTO_TIME
            ),
            Err(SigV4Error::Mismatch)
        );
    }

    #[test]
    fn a_botocore_request_with_a_session_token_verifies() {
        let hs = headers(&[
            ("host", "127.0.0.1:9229"),
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "AWSCognitoIdentityProviderService.AdminGetUser"),
            ("x-amz-date", "20240501T120000Z"),
            ("x-amz-security-token", "FQoGZXIvYXdzEXAMPLETOKEN//+=="),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
                 Signature=9cd2dcc38e10ffb33e0fc41c7bd5ae9f66ced85a620e014f752149783449d2da",
            ),
        ]);
        let auth = verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME,
        )
        .unwrap();
        assert_eq!(auth.access_key_id, "ASIAEXAMPLE");
    }

    #[test]
    fn a_javascript_sdk_v3_signed_request_verifies() {
        let hs = js_sdk_v3_headers();
        let auth = verify(
            &cognito_request(&hs, JS_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME,
        )
        .unwrap();
        assert_eq!(auth.signed_headers.len(), 9);
    }

    #[test]
    fn a_content_sha256_header_that_does_not_describe_the_body_is_rejected() {
        let hs = js_sdk_v3_headers();
        let mut body = JS_BODY.to_vec();
        body[2] = b'X';
        assert_eq!(
            verify(
                &cognito_request(&hs, &body),
                SECRET,
                "cognito-idp",
                BOTO_TIME
            ),
            Err(SigV4Error::Mismatch)
        );

        let mut hs = headers(&[("host", "h"), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD")]);
        sign(
            "POST",
            "/",
            "",
            &mut hs,
            b"{}",
            AKID,
            SECRET,
            "us-east-1",
            "sns",
            BOTO_TIME,
        );
        assert_eq!(
            verify(&cognito_request(&hs, b"{}"), SECRET, "sns", BOTO_TIME),
            Err(SigV4Error::Mismatch)
        );
    }

    #[test]
    fn a_request_without_authorization_is_missing_its_token() {
        let hs = headers(&[("host", "h"), ("x-amz-date", "20240501T120000Z")]);
        let err = verify(&cognito_request(&hs, b""), SECRET, "cognito-idp", BOTO_TIME).unwrap_err();
        assert_eq!(err, SigV4Error::Missing);
        assert_eq!(err.to_string(), "Missing Authentication Token");
        assert_eq!(err.aws_error_type(), "MissingAuthenticationTokenException");
    }

    #[test]
    fn host_must_be_signed_and_a_date_must_be_present() {
        let sig = "0".repeat(64);
        let hs = headers(&[
            ("host", "h"),
            ("x-amz-date", "20240501T120000Z"),
            ("authorization", &format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, SignedHeaders=x-amz-date, Signature={sig}")),
        ]);
        let err = verify(&cognito_request(&hs, b""), SECRET, "cognito-idp", BOTO_TIME).unwrap_err();
        assert!(
            matches!(err, SigV4Error::Malformed(m) if m.starts_with("'Host' must be a 'SignedHeader'"))
        );

        let hs = headers(&[
            ("host", "h"),
            ("authorization", &format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature={sig}")),
        ]);
        let err = verify(&cognito_request(&hs, b""), SECRET, "cognito-idp", BOTO_TIME).unwrap_err();
        assert!(
            matches!(err, SigV4Error::Malformed(m) if m.contains("'X-Amz-Date' or a 'Date' header"))
        );

        let hs = headers(&[
            ("host", "h"),
            ("x-amz-date", "2024-05-01T12:00:00Z"),
            ("authorization", &format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature={sig}")),
        ]);
        let err = verify(&cognito_request(&hs, b""), SECRET, "cognito-idp", BOTO_TIME).unwrap_err();
        assert!(
            matches!(err, SigV4Error::Malformed(m) if m.starts_with("Date must be in ISO-8601"))
        );
    }

    #[test]
    fn the_scope_date_must_match_the_request_date() {
        let mut hs = headers(&[("host", "h")]);
        sign(
            "POST",
            "/",
            "",
            &mut hs,
            b"",
            AKID,
            SECRET,
            "us-east-1",
            "cognito-idp",
            BOTO_TIME,
        );
        for (name, value) in &mut hs {
            if name == "authorization" {
                *value = value.replace("/20240501/", "/20240502/");
            }
        }
        let err = verify(&cognito_request(&hs, b""), SECRET, "cognito-idp", BOTO_TIME).unwrap_err();
        assert!(
            matches!(err, SigV4Error::Malformed(m) if m.starts_with("Date in Credential scope"))
        );
    }

    #[test]
    fn an_http_date_header_can_stand_in_for_x_amz_date() {
        // Signed by hand with `date` instead of `x-amz-date`: the string to sign carries the
        // ISO 8601 basic form of the HTTP date.
        let mut hs = headers(&[
            ("host", "example.amazonaws.com"),
            ("date", "Sun, 30 Aug 2015 12:36:00 GMT"),
        ]);
        let canonical = canonical_request(
            &SignedRequest {
                method: "GET",
                path: "/",
                query: "",
                headers: &hs,
                body: b"",
            },
            &["date".to_owned(), "host".to_owned()],
            EMPTY_SHA256,
        );
        let string_to_sign = string_to_sign(
            "20150830T123600Z",
            "20150830/us-east-1/service/aws4_request",
            &canonical,
        );
        let key = signing_key(SECRET, "20150830", "us-east-1", "service");
        let signature = hex::encode(hmac::sign(&key, string_to_sign.as_bytes()));
        hs.push((
            "authorization".to_owned(),
            format!(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=date;host, Signature={signature}"
            ),
        ));
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &hs,
            body: b"",
        };
        assert!(verify(&req, SECRET, "service", SUITE_TIME).is_ok());
    }

    #[test]
    fn header_names_are_matched_case_insensitively() {
        let hs: Vec<(String, String)> = botocore_headers()
            .into_iter()
            .map(|(n, v)| (n.to_ascii_uppercase(), v))
            .collect();
        assert!(verify(
            &cognito_request(&hs, BOTO_BODY),
            SECRET,
            "cognito-idp",
            BOTO_TIME
        )
        .is_ok());
    }

    /// Micro-benchmark: `cargo test --release -p cognate-crypto -- --ignored --nocapture
    /// sigv4_timings`.
    #[test]
    #[ignore = "micro-benchmark"]
    fn sigv4_timings() {
        let hs = js_sdk_v3_headers();
        let rounds = 20_000u32;
        let start = Instant::now();
        for _ in 0..rounds {
            verify(
                &cognito_request(&hs, JS_BODY),
                SECRET,
                "cognito-idp",
                BOTO_TIME,
            )
            .unwrap();
        }
        let verify_time = start.elapsed() / rounds;

        let start = Instant::now();
        for _ in 0..rounds {
            let mut hs = headers(&[
                ("host", "127.0.0.1:9229"),
                ("content-type", "application/x-amz-json-1.1"),
                (
                    "x-amz-target",
                    "AWSCognitoIdentityProviderService.AdminGetUser",
                ),
            ]);
            sign(
                "POST",
                "/",
                "",
                &mut hs,
                JS_BODY,
                AKID,
                SECRET,
                "us-east-1",
                "cognito-idp",
                BOTO_TIME,
            );
        }
        let sign_time = start.elapsed() / rounds;
        println!(
            "SigV4 verify: {:.2} µs, sign: {:.2} µs",
            verify_time.as_nanos() as f64 / 1000.0,
            sign_time.as_nanos() as f64 / 1000.0
        );
    }
}
