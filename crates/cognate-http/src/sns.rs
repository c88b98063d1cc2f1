//! Amazon SNS's SMS operations on Cognate's own port, so that `aws sns … --endpoint-url` and
//! the SDKs' SNS clients manage the account's SMS settings: the AWS query protocol
//! (form-encoded `Action=…`, SigV4 service `sns`) in, XML out.

use std::collections::BTreeMap;

use axum::{
    body::Bytes,
    http::{HeaderMap, HeaderValue, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use cognate_core::{Cognate, CoreError};

use crate::{
    request_id::{RequestId, REQUEST_ID},
    state::AppState,
};

const XMLNS: &str = "http://sns.amazonaws.com/doc/2010-03-31/";

/// Whether a `POST /` is an SNS query request (form-encoded, no `X-Amz-Target`).
pub fn is_query_request(headers: &HeaderMap) -> bool {
    headers.get("x-amz-target").is_none()
        && headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// An SNS error: query error code, HTTP status, message.
struct SnsError {
    code: &'static str,
    status: StatusCode,
    message: String,
}

impl SnsError {
    fn invalid(message: impl Into<String>) -> Self {
        Self {
            code: "InvalidParameter",
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
}

impl From<CoreError> for SnsError {
    fn from(e: CoreError) -> Self {
        let (code, status) = match &e {
            CoreError::InvalidParameter(_) | CoreError::CodeDeliveryFailure(_) => {
                ("InvalidParameter", StatusCode::BAD_REQUEST)
            }
            CoreError::ResourceNotFound(_) => ("ResourceNotFound", StatusCode::NOT_FOUND),
            CoreError::CodeMismatch(_) => ("VerificationException", StatusCode::BAD_REQUEST),
            CoreError::LimitExceeded(_) => ("Throttled", StatusCode::TOO_MANY_REQUESTS),
            CoreError::InvalidSmsRoleTrustRelationship(_)
            | CoreError::InvalidSmsRoleAccessPolicy(_) => {
                ("AuthorizationError", StatusCode::FORBIDDEN)
            }
            CoreError::Internal(inner) => {
                tracing::error!(error = %inner, "internal error in an SNS operation");
                return Self {
                    code: "InternalError",
                    status: StatusCode::INTERNAL_SERVER_ERROR,
                    message: "Internal error".into(),
                };
            }
            _ => ("InvalidParameter", StatusCode::BAD_REQUEST),
        };
        Self {
            code,
            status,
            message: e.to_string(),
        }
    }
}

/// Escapes text for XML content.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn element(name: &str, value: &str) -> String {
    format!("<{name}>{}</{name}>", escape(value))
}

fn xml_response(status: StatusCode, request_id: &str, xml: String) -> Response {
    let mut response = (status, xml).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("text/xml"));
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID.clone(), v);
    }
    response
}

fn success(action: &str, result: &str, request_id: &str) -> Response {
    let xml = format!(
        "<{action}Response xmlns=\"{XMLNS}\"><{action}Result>{result}</{action}Result>\
         <ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></{action}Response>"
    );
    xml_response(StatusCode::OK, request_id, xml)
}

fn failure(e: &SnsError, request_id: &str) -> Response {
    let kind = if e.status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    let xml = format!(
        "<ErrorResponse xmlns=\"{XMLNS}\"><Error><Type>{kind}</Type><Code>{}</Code>{}</Error>\
         <RequestId>{request_id}</RequestId></ErrorResponse>",
        e.code,
        element("Message", &e.message)
    );
    xml_response(e.status, request_id, xml)
}

/// The form's parameters.
struct Params(BTreeMap<String, String>);

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn required(&self, name: &str) -> Result<&str, SnsError> {
        self.get(name)
            .ok_or_else(|| SnsError::invalid(format!("Invalid parameter: {name} is required")))
    }

    /// A query-protocol map: `{prefix}.entry.N.key` / `.value`.
    fn map(&self, prefix: &str) -> BTreeMap<String, String> {
        (1..)
            .map_while(|n| {
                let key = self.get(&format!("{prefix}.entry.{n}.key"))?;
                let value = self
                    .0
                    .get(&format!("{prefix}.entry.{n}.value"))
                    .cloned()
                    .unwrap_or_default();
                Some((key.to_string(), value))
            })
            .collect()
    }

    /// A query-protocol list: `{prefix}.member.N`.
    fn list(&self, prefix: &str) -> Vec<String> {
        (1..)
            .map_while(|n| {
                self.get(&format!("{prefix}.member.{n}"))
                    .map(str::to_string)
            })
            .collect()
    }
}

/// Handles one SNS query request; `request_id` is the request's own (its `x-amzn-RequestId`).
pub async fn handle(
    state: AppState,
    request: (Method, Uri, HeaderMap),
    request_id: RequestId,
    body: Bytes,
) -> Response {
    let (method, uri, headers) = request;
    let request_id = request_id.to_string();
    if let Err(e) = state
        .admin_auth
        .check_service(&method, &uri, &headers, &body, "sns")
    {
        let (kind, message) = e.parts();
        let code = match kind {
            "UnrecognizedClientException" => "InvalidClientTokenId",
            "MissingAuthenticationTokenException" => "MissingAuthenticationToken",
            _ => "SignatureDoesNotMatch",
        };
        let error = SnsError {
            code,
            status: StatusCode::FORBIDDEN,
            message: message.to_string(),
        };
        return failure(&error, &request_id);
    }
    let params = Params(
        form_urlencoded::parse(&body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    );
    let action = params.get("Action").unwrap_or_default().to_string();
    match run(&state.cognate, &action, &params).await {
        Ok(result) => success(&action, &result, &request_id),
        Err(e) => failure(&e, &request_id),
    }
}

/// Runs an action; the inner XML of its `<…Result>`.
async fn run(c: &Cognate, action: &str, p: &Params) -> Result<String, SnsError> {
    Ok(match action {
        "SetSMSAttributes" => {
            c.set_sms_attributes(p.map("attributes")).await?;
            String::new()
        }
        "GetSMSAttributes" => {
            let attributes = c.get_sms_attributes(&p.list("attributes")).await?;
            let entries: String = attributes
                .iter()
                .map(|(k, v)| {
                    format!(
                        "<entry>{}{}</entry>",
                        element("key", k),
                        element("value", v)
                    )
                })
                .collect();
            format!("<attributes>{entries}</attributes>")
        }
        "GetSMSSandboxAccountStatus" => {
            element("IsInSandbox", &c.sms_sandbox_status().await?.to_string())
        }
        "CreateSMSSandboxPhoneNumber" => {
            c.create_sms_sandbox_phone_number(p.required("PhoneNumber")?)
                .await?;
            String::new()
        }
        "VerifySMSSandboxPhoneNumber" => {
            c.verify_sms_sandbox_phone_number(
                p.required("PhoneNumber")?,
                p.required("OneTimePassword")?,
            )
            .await?;
            String::new()
        }
        "ListSMSSandboxPhoneNumbers" => {
            let max = p.get("MaxResults").and_then(|m| m.parse().ok());
            let (numbers, next) = c
                .list_sms_sandbox_phone_numbers(p.get("NextToken"), max)
                .await?;
            let members: String = numbers
                .iter()
                .map(|(n, s)| {
                    format!(
                        "<member>{}{}</member>",
                        element("PhoneNumber", n),
                        element("Status", s)
                    )
                })
                .collect();
            let next = next.map(|n| element("NextToken", &n)).unwrap_or_default();
            format!("<PhoneNumbers>{members}</PhoneNumbers>{next}")
        }
        "DeleteSMSSandboxPhoneNumber" => {
            c.delete_sms_sandbox_phone_number(p.required("PhoneNumber")?)
                .await?;
            String::new()
        }
        "CheckIfPhoneNumberIsOptedOut" => {
            let opted_out = c
                .is_phone_number_opted_out(p.required("phoneNumber")?)
                .await?;
            element("isOptedOut", &opted_out.to_string())
        }
        "ListPhoneNumbersOptedOut" => {
            let (numbers, next) = c.list_phone_numbers_opted_out(p.get("nextToken")).await?;
            let members: String = numbers.iter().map(|n| element("member", n)).collect();
            let next = next.map(|n| element("nextToken", &n)).unwrap_or_default();
            format!("<phoneNumbers>{members}</phoneNumbers>{next}")
        }
        "OptInPhoneNumber" => {
            c.opt_in_phone_number(p.required("phoneNumber")?).await?;
            String::new()
        }
        "Publish" => {
            if p.get("TopicArn").is_some() || p.get("TargetArn").is_some() {
                return Err(SnsError::invalid(
                    "Invalid parameter: Cognate publishes only to PhoneNumber",
                ));
            }
            let id = c
                .publish_sms(p.required("PhoneNumber")?, p.required("Message")?)
                .await?;
            element("MessageId", &id)
        }
        "" => return Err(SnsError::invalid("Missing Action")),
        other => {
            return Err(SnsError {
                code: "InvalidAction",
                status: StatusCode::BAD_REQUEST,
                message: format!("The action {other} is not valid for this endpoint."),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_lists_and_escaping() {
        let body = "Action=SetSMSAttributes&attributes.entry.1.key=MonthlySpendLimit\
                    &attributes.entry.1.value=10.00&attributes.entry.2.key=DefaultSMSType\
                    &attributes.entry.2.value=Transactional&names.member.1=a%26b";
        let params = Params(
            form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        );
        let map = params.map("attributes");
        assert_eq!(
            map.get("MonthlySpendLimit").map(String::as_str),
            Some("10.00")
        );
        assert_eq!(
            map.get("DefaultSMSType").map(String::as_str),
            Some("Transactional")
        );
        assert_eq!(params.list("names"), vec!["a&b".to_string()]);
        assert_eq!(
            element("m", "<a & 'b'>"),
            "<m>&lt;a &amp; &apos;b&apos;&gt;</m>"
        );
    }
}
