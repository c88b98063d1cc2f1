//! Requests and keys shared by the SigV4 tests: AWS's test-suite credentials, and requests
//! signed by botocore and by the AWS SDK for JavaScript v3.

use time::macros::datetime;
use time::OffsetDateTime;

use super::request::SignedRequest;

pub(super) const AKID: &str = "AKIDEXAMPLE";
pub(super) const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// Hex SHA-256 of the empty string.
pub(super) const EMPTY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
pub(super) const SUITE_TIME: OffsetDateTime = datetime!(2015-08-30 12:36:00 UTC);

pub(super) fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

// ---- Independent fixtures ------------------------------------------------------------
//
// The two botocore fixtures below were produced by a throwaway script (not committed) with
// botocore 1.44.5: `AWSRequest(method="POST", url="http://127.0.0.1:9229/", data=BODY,
// headers={Content-Type, X-Amz-Target})` signed by `SigV4Auth(creds, "cognito-idp",
// "us-east-1").add_auth(req)` with the clock patched to 2024-05-01T12:00:00Z. botocore adds
// no Host header to the request object; it signs the one urllib3 sends, `127.0.0.1:9229`.
//
// The JavaScript fixture was produced the same way with `@smithy/signature-v4` (the signer
// of the AWS SDK for JavaScript v3) and `@aws-crypto/sha256-js`, `signingDate` fixed, with
// the headers the SDK's middleware stack sends for a Cognito call.

pub(super) const BOTO_TIME: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);
pub(super) const BOTO_BODY: &[u8] = br#"{"UserPoolId":"us-east-1_abc"}"#;

pub(super) fn botocore_headers() -> Vec<(String, String)> {
    headers(&[
        ("host", "127.0.0.1:9229"),
        ("accept-encoding", "identity"),
        ("content-type", "application/x-amz-json-1.1"),
        (
            "x-amz-target",
            "AWSCognitoIdentityProviderService.AdminGetUser",
        ),
        ("x-amz-date", "20240501T120000Z"),
        (
            "user-agent",
            "Boto3/1.34.0 md/Botocore#1.44.5 ua/2.0 os/linux",
        ),
        (
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=69e61db032761d5e2abf5f782c99bf5ded0c3dd8c0fb64464015523622b52b2d",
        ),
        ("content-length", "30"),
    ])
}

pub(super) fn cognito_request<'a>(hs: &'a [(String, String)], body: &'a [u8]) -> SignedRequest<'a> {
    SignedRequest {
        method: "POST",
        path: "/",
        query: "",
        headers: hs,
        body,
    }
}

pub(super) const JS_BODY: &[u8] = br#"{"UserPoolId":"us-east-1_abc","Username":"alice"}"#;

pub(super) fn js_sdk_v3_headers() -> Vec<(String, String)> {
    headers(&[
        ("content-type", "application/x-amz-json-1.1"),
        (
            "x-amz-target",
            "AWSCognitoIdentityProviderService.AdminGetUser",
        ),
        ("x-amz-user-agent", "aws-sdk-js/3.600.0"),
        (
            "user-agent",
            "aws-sdk-js/3.600.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#20.20.2 \
             api/cognito-identity-provider#3.600.0",
        ),
        (
            "amz-sdk-invocation-id",
            "3f2b1c8e-9d2a-4f7e-8a51-2c6d0b7e9a14",
        ),
        ("amz-sdk-request", "attempt=1; max=3"),
        ("content-length", "49"),
        ("host", "127.0.0.1:9229"),
        ("x-amz-date", "20240501T120000Z"),
        (
            "x-amz-content-sha256",
            "affc541fe499cb5d383d42a565eecfac98f24e460123dca49740b6b648182fbc",
        ),
        (
            "authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, \
             SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;\
             host;x-amz-content-sha256;x-amz-date;x-amz-target;x-amz-user-agent, \
             Signature=867e8762a46c55ed1be24e44511eb961a79e84b8da2102ca388830c706d6cfdb",
        ),
    ])
}
