//! `PUT /user-import/{job_id}?expires=…&signature=…`: the pre-signed URL CreateUserImportJob
//! hands out, where a user import job's CSV file goes as it would go to S3 with Cognito's URL
//! (`curl -T users.csv -H 'x-amz-server-side-encryption: aws:kms' "$PRE_SIGNED_URL"`; the
//! encryption header is accepted and has nothing to do here). Success is S3's empty `200`;
//! refusals are S3-shaped XML errors, a file over the limit too (S3's `EntityTooLarge`). Core
//! checks the signature and the job; this route only takes the body, up to its own limit,
//! larger than the API's.

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, RawQuery, State},
    http::{Extensions, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use cognate_core::error::CsvUploadError;

use crate::{request_id::RequestId, sns::escape, state::AppState};

/// The largest file a job takes (Cognito's limit is 100 MB).
pub(crate) const MAX_FILE_BYTES: usize = 100 << 20;

/// The value of the query parameter `name` (empty when absent).
fn param(query: Option<&str>, name: &str) -> String {
    form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Takes the file of the job `job_id`.
pub async fn upload(
    State(state): State<AppState>,
    Path(job_id): Path<String>,
    RawQuery(query): RawQuery,
    extensions: Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let request_id = RequestId::of(&extensions);
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let (code, message) = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                let words = "Your proposed upload exceeds the maximum allowed size";
                ("EntityTooLarge", words.to_string())
            } else {
                ("IncompleteBody", rejection.body_text())
            };
            return s3_error(StatusCode::BAD_REQUEST, code, &message, request_id);
        }
    };
    let expires = param(query.as_deref(), "expires");
    let signature = param(query.as_deref(), "signature");
    let result = state
        .cognate
        .upload_user_import_csv(&job_id, &expires, &signature, &body)
        .await;
    match result {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => refusal(&e, request_id),
    }
}

/// Core's refusal of a file, as S3 would word it.
fn refusal(e: &CsvUploadError, request_id: RequestId) -> Response {
    let (status, code) = match e {
        CsvUploadError::BadSignature => (StatusCode::FORBIDDEN, "SignatureDoesNotMatch"),
        CsvUploadError::Expired | CsvUploadError::NotAccepting(_) => {
            (StatusCode::FORBIDDEN, "AccessDenied")
        }
        CsvUploadError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "InternalError"),
    };
    let message = if status.is_server_error() {
        tracing::error!(request_id = %request_id, error = %e, "storing a user import file");
        "We encountered an internal error. Please try again.".to_string()
    } else {
        e.to_string()
    };
    s3_error(status, code, &message, request_id)
}

/// An S3 error document: `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId>`.
fn s3_error(status: StatusCode, code: &str, message: &str, request_id: RequestId) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code>\
         <Message>{}</Message><RequestId>{request_id}</RequestId></Error>",
        escape(message)
    );
    let mut response = (status, xml).into_response();
    response
        .headers_mut()
        .insert("content-type", HeaderValue::from_static("application/xml"));
    response
}
