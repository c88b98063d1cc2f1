//! The `Authorization` header of a SigV4 request: its parts, parsed and checked for form.

use super::error::SigV4Error;
use super::signature::ALGORITHM;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
