//! AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for requests in the `Authorization` header.
//!
//! Admin operations (`AdminCreateUser`, `CreateUserPool`, …) reach Cognate signed by the AWS
//! CLI, boto3 or the JavaScript SDK v3, exactly as they would reach Amazon Cognito. [`verify`]
//! checks such a request server-side; [`sign`] is the matching client-side signer, used by our
//! own tests and benchmarks.
//!
//! The canonical request is built the way the AWS SDKs build it for every service except S3:
//!
//! * **URI**: the raw path as received (still percent-encoded as on the wire), with empty and
//!   `.` segments dropped and `..` resolved, each segment then URI-encoded once more (so `%`
//!   becomes `%25`: AWS's "double encoding" for non-S3 services). `/` stays `/`.
//! * **Query**: each `name=value` pair percent-decoded, re-encoded with the strict SigV4
//!   alphabet (`A-Z a-z 0-9 - _ . ~` left alone), sorted by name then value.
//! * **Headers**: the headers named in `SignedHeaders`, names lowercase, values trimmed with runs
//!   of whitespace collapsed to one space, repeated headers joined with `,`.
//! * **Payload**: lowercase hex SHA-256 of the body. If the request carries
//!   `x-amz-content-sha256` (the JavaScript SDK sends it), that value is what was signed; it
//!   must also match the body, so a signed hash can never stand in for a different body
//!   (`UNSIGNED-PAYLOAD` and streaming payloads are therefore refused).
//!
//! Presigned URLs (signature in the query string) and SigV4a are not supported.
//!
//! The error variants carry the messages AWS sends, so the HTTP layer can answer with
//! [`SigV4Error::aws_error_type`] and the error's `Display` text.

use aws_lc_rs::{digest, hmac};
use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The only signing algorithm supported.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// How far a request's date may be from the server's clock, either way.
pub const MAX_CLOCK_SKEW: Duration = Duration::minutes(15);

/// Headers that [`sign`] never signs, as the AWS SDKs leave them out too.
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "user-agent",
    "expect",
    "x-amzn-trace-id",
    "connection",
];

/// An incoming HTTP request, as far as signing is concerned.
///
/// Every field must be what came over the wire: the raw (undecoded) path and query, the
/// `Host` header as sent (for HTTP/2, the `:authority`), and the exact body bytes.
#[derive(Debug, Clone, Copy)]
pub struct SignedRequest<'a> {
    /// The HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// The raw request path, still percent-encoded, e.g. `/`.
    pub path: &'a str,
    /// The raw query string without the `?`, empty if there is none.
    pub query: &'a str,
    /// All request headers, in the order received. Names are matched case-insensitively
    /// (lowercase is expected); repeated headers appear as repeated entries.
    pub headers: &'a [(String, String)],
    /// The request body, byte for byte.
    pub body: &'a [u8],
}

impl<'a> SignedRequest<'a> {
    /// All values of the header `name` (case-insensitive), in order.
    fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The single value of the header `name`; `Err` if it is repeated.
    fn single_header(&self, name: &str) -> Result<Option<&'a str>, SigV4Error> {
        let mut values = self.header_values(name);
        let first = values.next();
        if values.next().is_some() {
            return Err(SigV4Error::Malformed(format!(
                "The request contains more than one '{name}' header."
            )));
        }
        Ok(first)
    }
}

/// The parsed parts of an `AWS4-HMAC-SHA256` `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The access key id from the credential scope, e.g. `AKIDEXAMPLE`.
    pub access_key_id: String,
    /// The scope date, `yyyymmdd`.
    pub date: String,
    /// The scope region, e.g. `us-east-1`.
    pub region: String,
    /// The scope service, e.g. `cognito-idp`.
    pub service: String,
    /// The signed header names, lowercase, in the order given.
    pub signed_headers: Vec<String>,
    /// The signature, 64 lowercase hex digits.
    pub signature: String,
}

/// Why a request's signature was not accepted. `Display` gives the message AWS would send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigV4Error {
    /// No `Authorization` header: AWS answers `MissingAuthenticationTokenException`.
    #[error("Missing Authentication Token")]
    Missing,
    /// The `Authorization` header or a date header is unusable: `IncompleteSignatureException`.
    #[error("{0}")]
    Malformed(String),
    /// The access key is not known. Never returned by this module (it does not know the keys);
    /// there for the caller: `UnrecognizedClientException`.
    #[error("The security token included in the request is invalid.")]
    UnknownKey,
    /// The request date is more than 15 minutes from the server's clock:
    /// `InvalidSignatureException`, with the detailed message AWS gives.
    #[error("{0}")]
    Expired(String),
    /// The signature does not match: `InvalidSignatureException`.
    #[error(
        "The request signature we calculated does not match the signature you provided. \
         Check your AWS Secret Access Key and signing method. \
         Consult the service documentation for details."
    )]
    Mismatch,
    /// The credential scope names another service: `InvalidSignatureException`.
    #[error("Credential should be scoped to correct service: '{expected}'. ")]
    WrongService {
        /// The service this endpoint serves.
        expected: String,
        /// The service named in the credential scope.
        got: String,
    },
}

impl SigV4Error {
    /// The AWS error type (`__type` / `x-amzn-ErrorType`) matching this error.
    pub fn aws_error_type(&self) -> &'static str {
        match self {
            SigV4Error::Missing => "MissingAuthenticationTokenException",
            SigV4Error::Malformed(_) => "IncompleteSignatureException",
            SigV4Error::UnknownKey => "UnrecognizedClientException",
            SigV4Error::Expired(_) | SigV4Error::Mismatch | SigV4Error::WrongService { .. } => {
                "InvalidSignatureException"
            }
        }
    }
}

/// Parses an `Authorization` header value of the form
/// `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request,
/// SignedHeaders=host;x-amz-date, Signature=<64 hex>`.
///
/// # Errors
/// [`SigV4Error::Malformed`] if the algorithm is not `AWS4-HMAC-SHA256` or a part is missing,
/// repeated or ill-formed.
pub fn parse_authorization(header_value: &str) -> Result<Authorization, SigV4Error> {
    let malformed =
        |what: &str| SigV4Error::Malformed(format!("{what} Authorization={header_value}"));

    let value = header_value.trim();
    let (algorithm, rest) = value
        .split_once(|c: char| c.is_ascii_whitespace())
        .unwrap_or((value, ""));
    if algorithm != ALGORITHM {
        return Err(malformed(&format!(
            "Unsupported AWS 'algorithm': '{algorithm}'."
        )));
    }

    let mut credential = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, val) = part
            .split_once('=')
            .ok_or_else(|| malformed(&format!("'{part}' not a valid key=value pair.")))?;
        let slot = match name.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            other => {
                return Err(malformed(&format!(
                    "Unknown Authorization header parameter '{other}'."
                )))
            }
        };
        if slot.replace(val.trim()).is_some() {
            return Err(malformed(&format!(
                "Authorization header has more than one '{}' parameter.",
                name.trim()
            )));
        }
    }

    let mut missing = String::new();
    for (present, name) in [
        (credential.is_some(), "Credential"),
        (signature.is_some(), "Signature"),
        (signed_headers.is_some(), "SignedHeaders"),
    ] {
        if !present {
            missing.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    let (Some(credential), Some(signed_headers), Some(signature)) =
        (credential, signed_headers, signature)
    else {
        return Err(malformed(missing.trim_end()));
    };

    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key_id, date, region, service, terminator] = scope.as_slice() else {
        return Err(malformed(&format!(
            "Credential should be of the form 'AKID/yyyymmdd/region/service/aws4_request', \
             not '{credential}'."
        )));
    };
    if *terminator != "aws4_request" {
        return Err(malformed(&format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', \
             not '{terminator}'."
        )));
    }
    if access_key_id.is_empty() || region.is_empty() || service.is_empty() {
        return Err(malformed(&format!(
            "Credential '{credential}' has an empty part."
        )));
    }
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(&format!(
            "Credential date '{date}' is not in yyyymmdd form."
        )));
    }

    let signed_headers: Vec<String> = signed_headers
        .split(';')
        .map(str::to_ascii_lowercase)
        .collect();
    if signed_headers.iter().any(String::is_empty) {
        return Err(malformed("SignedHeaders has an empty header name."));
    }

    if signature.len() != 64 || !signature.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(malformed("Signature must be 64 hexadecimal digits."));
    }

    Ok(Authorization {
        access_key_id: (*access_key_id).to_owned(),
        date: (*date).to_owned(),
        region: (*region).to_owned(),
        service: (*service).to_owned(),
        signed_headers,
        signature: signature.to_ascii_lowercase(),
    })
}

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

/// `yyyymmddThhmmssZ` for a UTC time.
fn amz_timestamp(t: OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(digest::digest(&digest::SHA256, data))
}

fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> hmac::Key {
    let k_secret = zeroize::Zeroizing::new(format!("AWS4{secret}"));
    let mut key = hmac::Key::new(hmac::HMAC_SHA256, k_secret.as_bytes());
    for part in [date, region, service, "aws4_request"] {
        let tag = hmac::sign(&key, part.as_bytes());
        key = hmac::Key::new(hmac::HMAC_SHA256, tag.as_ref());
    }
    key
}

/// The canonical request: method, URI, query, headers, signed header list, payload hash.
fn canonical_request(
    req: &SignedRequest<'_>,
    signed_headers: &[String],
    payload_hash: &str,
) -> String {
    let mut out = String::with_capacity(256 + req.path.len() + req.query.len());
    out.push_str(req.method);
    out.push('\n');
    out.push_str(&canonical_uri(req.path));
    out.push('\n');
    out.push_str(&canonical_query(req.query));
    out.push('\n');
    for name in signed_headers {
        out.push_str(name);
        out.push(':');
        let mut first = true;
        for value in req.header_values(name) {
            if !first {
                out.push(',');
            }
            first = false;
            let mut words = value.split_ascii_whitespace();
            if let Some(word) = words.next() {
                out.push_str(word);
                for word in words {
                    out.push(' ');
                    out.push_str(word);
                }
            }
        }
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed_headers.join(";"));
    out.push('\n');
    out.push_str(payload_hash);
    out
}

/// Normalises the raw path (drops empty and `.` segments, resolves `..`, keeps a trailing
/// slash) and URI-encodes each segment.
fn canonical_uri(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    let mut out = String::with_capacity(path.len() + 8);
    out.push('/');
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        uri_encode_into(segment.as_bytes(), &mut out);
    }
    if !segments.is_empty() && path.ends_with('/') {
        out.push('/');
    }
    out
}

/// Decodes each `name=value` pair, re-encodes it strictly and sorts the pairs.
fn canonical_query(query: &str) -> String {
    if query.is_empty() {
        return String::new();
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let mut n = String::new();
            let mut v = String::new();
            uri_encode_into(&percent_decode(name), &mut n);
            uri_encode_into(&percent_decode(value), &mut v);
            (n, v)
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 16);
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Percent-decodes `%XX` escapes; anything else (including a stray `%`) is kept as is.
fn percent_decode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(hi), Some(lo)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// SigV4 URI encoding: unreserved characters kept, every other byte as `%XX` (uppercase).
fn uri_encode_into(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in bytes {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use time::macros::datetime;

    use super::*;

    const AKID: &str = "AKIDEXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    /// Hex SHA-256 of the empty string.
    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const SUITE_TIME: OffsetDateTime = datetime!(2015-08-30 12:36:00 UTC);

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

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
    fn canonical_uris_are_normalised_and_encoded() {
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("//"), "/");
        assert_eq!(canonical_uri("//example//"), "/example/");
        assert_eq!(canonical_uri("/example/.."), "/");
        assert_eq!(canonical_uri("/a b/c"), "/a%20b/c");
        // Already-encoded wire paths are encoded again, as the SDKs do for non-S3 services.
        assert_eq!(canonical_uri("/a%20b"), "/a%2520b");
        assert_eq!(canonical_uri("/~user-_."), "/~user-_.");
    }

    #[test]
    fn canonical_queries_are_decoded_reencoded_and_sorted() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&A=0"), "A=0&a=1&b=2");
        assert_eq!(canonical_query("a=2&a=1"), "a=1&a=2");
        assert_eq!(canonical_query("flag"), "flag=");
        assert_eq!(canonical_query("k=a%20b&j=x y"), "j=x%20y&k=a%20b");
        assert_eq!(canonical_query("k=%2f%"), "k=%2F%25");
        assert_eq!(
            canonical_query("Action=Publish&Message=a%2Bb"),
            "Action=Publish&Message=a%2Bb"
        );
    }

    #[test]
    fn header_values_are_trimmed_collapsed_and_joined() {
        let hs = headers(&[
            ("host", "h"),
            ("My-Header", "  a   b \t c  "),
            ("my-header", "d"),
        ]);
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &hs,
            body: b"",
        };
        let canonical = canonical_request(
            &req,
            &["host".to_owned(), "my-header".to_owned()],
            EMPTY_SHA256,
        );
        assert_eq!(
            canonical,
            format!("GET\n/\n\nhost:h\nmy-header:a b c,d\n\nhost;my-header\n{EMPTY_SHA256}")
        );
    }

    #[test]
    fn authorization_headers_are_parsed() {
        let auth = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20240501/eu-west-1/cognito-idp/aws4_request,SignedHeaders=Host;x-amz-date,Signature=ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789",
        )
        .unwrap();
        assert_eq!(
            auth,
            Authorization {
                access_key_id: "AKID".to_owned(),
                date: "20240501".to_owned(),
                region: "eu-west-1".to_owned(),
                service: "cognito-idp".to_owned(),
                signed_headers: vec!["host".to_owned(), "x-amz-date".to_owned()],
                signature: "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
                    .to_owned(),
            }
        );
    }

    #[test]
    fn broken_authorization_headers_are_malformed() {
        let sig = "0".repeat(64);
        for value in [
            String::new(),
            "AWS4-HMAC-SHA256".to_owned(),
            format!("AWS4-HMAC-SHA1 Credential=A/20240501/r/s/aws4_request, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-ECDSA-P256-SHA256 Credential=A/20240501/s/aws4_request, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 SignedHeaders=host, Signature={sig}"),
            "AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, SignedHeaders=host".to_owned(),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws5_request, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 Credential=A/2024-05-01/r/s/aws4_request, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, SignedHeaders=host;;x, Signature={sig}"),
            "AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, SignedHeaders=host, Signature=abc".to_owned(),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, Credential=A/20240501/r/s/aws4_request, SignedHeaders=host, Signature={sig}"),
            format!("AWS4-HMAC-SHA256 Credential=A/20240501/r/s/aws4_request, Foo=bar, SignedHeaders=host, Signature={sig}"),
        ] {
            let err = parse_authorization(&value).unwrap_err();
            assert!(matches!(err, SigV4Error::Malformed(_)), "{value:?}: {err:?}");
            assert_eq!(err.aws_error_type(), "IncompleteSignatureException");
        }
        let err = parse_authorization("AWS4-HMAC-SHA256 SignedHeaders=host").unwrap_err();
        assert!(err.to_string().starts_with(
            "Authorization header requires 'Credential' parameter. \
             Authorization header requires 'Signature' parameter. Authorization="
        ));
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

    const BOTO_TIME: OffsetDateTime = datetime!(2024-05-01 12:00:00 UTC);
    const BOTO_BODY: &[u8] = br#"{"UserPoolId":"us-east-1_abc"}"#;

    fn botocore_headers() -> Vec<(String, String)> {
        headers(&[
            ("host", "127.0.0.1:9229"),
            ("accept-encoding", "identity"),
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "AWSCognitoIdentityProviderService.AdminGetUser"),
            ("x-amz-date", "20240501T120000Z"),
            ("user-agent", "Boto3/1.34.0 md/Botocore#1.44.5 ua/2.0 os/linux"),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/cognito-idp/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
                 Signature=69e61db032761d5e2abf5f782c99bf5ded0c3dd8c0fb64464015523622b52b2d",
            ),
            ("content-length", "30"),
        ])
    }

    fn cognito_request<'a>(hs: &'a [(String, String)], body: &'a [u8]) -> SignedRequest<'a> {
        SignedRequest {
            method: "POST",
            path: "/",
            query: "",
            headers: hs,
            body,
        }
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

    const JS_BODY: &[u8] = br#"{"UserPoolId":"us-east-1_abc","Username":"alice"}"#;

    fn js_sdk_v3_headers() -> Vec<(String, String)> {
        headers(&[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "AWSCognitoIdentityProviderService.AdminGetUser"),
            ("x-amz-user-agent", "aws-sdk-js/3.600.0"),
            (
                "user-agent",
                "aws-sdk-js/3.600.0 ua/2.0 os/linux#6.1 lang/js md/nodejs#20.20.2 \
                 api/cognito-identity-provider#3.600.0",
            ),
            ("amz-sdk-invocation-id", "3f2b1c8e-9d2a-4f7e-8a51-2c6d0b7e9a14"),
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
