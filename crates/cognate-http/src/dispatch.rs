//! `POST /`: the operation table. Every Cognito operation Cognate serves is listed here once,
//! with who may call it and its handler in [`crate::ops`]. Each request is counted and timed
//! in the service's metrics under its operation (`unknown` for a name not in the table) and
//! its outcome (`ok`, or the error's `__type`).

use std::time::Instant;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, ConnectInfo, State},
    http::{header::CONTENT_TYPE, Extensions, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use cognate_core::service::{Cognate, RequestContext};
use serde::{de::DeserializeOwned, Serialize};

use crate::{
    client_ip::TrustedProxies, error::ApiError, ops, quotas, request_id::RequestId, state::AppState,
};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The media types `POST /` reads: AWS JSON 1.1 (what the SDKs send Cognito), 1.0, plain JSON,
/// and the form of SNS query requests.
const READABLE_TYPES: [&str; 4] = [
    "application/x-amz-json-1.1",
    "application/x-amz-json-1.0",
    "application/json",
    "application/x-www-form-urlencoded",
];

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Sent unsigned by clients (client-id or token authorized).
    Public,
    /// IAM-authorized: must carry a valid SigV4 signature when admin keys are configured.
    Admin,
}

/// Parses a request body; malformed JSON or wrong member types are `SerializationException`.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|e| ApiError::client("SerializationException", e.to_string()))
}

/// Encodes a result; operations without output answer `{}`.
fn respond<T: Serialize>(value: T) -> Result<Response, ApiError> {
    let mut json = serde_json::to_value(value)
        .map_err(|e| ApiError::from(cognate_core::CoreError::Internal(e.into())))?;
    if json.is_null() {
        json = serde_json::json!({});
    }
    let mut response = serde_json::to_vec(&json)
        .unwrap_or_default()
        .into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/x-amz-json-1.1"),
    );
    Ok(response)
}

/// Refuses a body of a media type `POST /` does not read, as Smithy's AWS JSON servers do
/// (`415 UnsupportedMediaTypeException`). A request without a `Content-Type` is read as JSON.
fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(value) = headers.get(CONTENT_TYPE) else {
        return Ok(());
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim();
    if READABLE_TYPES
        .iter()
        .any(|t| t.eq_ignore_ascii_case(essence))
    {
        return Ok(());
    }
    Err(ApiError::with_status(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UnsupportedMediaTypeException",
        format!("Content-Type {essence:?} is not supported; send application/x-amz-json-1.1."),
    ))
}

fn unknown_operation(name: &str) -> ApiError {
    ApiError::client(
        "UnknownOperationException",
        format!("Unknown operation {name}."),
    )
}

/// The operation table: each operation's wire name, who may call it, and its handler, which
/// gets the service, the request's context and the decoded request.
macro_rules! operations {
    ($($access:ident $name:literal => $handler:path),* $(,)?) => {
        /// The wire name of every operation Cognate serves, in the table's order (what the
        /// property tests drive the dispatcher with).
        pub const OPERATIONS: &[&str] = &[$($name),*];

        /// Who may call `op`; `None` for operations Cognate does not serve.
        fn access(op: &str) -> Option<Access> {
            match op {
                $($name => Some(Access::$access),)*
                _ => None,
            }
        }

        async fn call(
            op: &str,
            c: &Cognate,
            rc: &RequestContext,
            body: &[u8],
        ) -> Result<Response, ApiError> {
            match op {
                $($name => respond($handler(c, rc, decode(body)?).await?),)*
                other => Err(unknown_operation(other)),
            }
        }
    };
}

operations! {
    Admin "CreateUserPool" => ops::pools::create_user_pool,
    Admin "DescribeUserPool" => ops::pools::describe_user_pool,
    Admin "UpdateUserPool" => ops::pools::update_user_pool,
    Admin "ListUserPools" => ops::pools::list_user_pools,
    Admin "DeleteUserPool" => ops::pools::delete_user_pool,
    Admin "AddCustomAttributes" => ops::pools::add_custom_attributes,
    Admin "TagResource" => ops::tags::tag_resource,
    Admin "UntagResource" => ops::tags::untag_resource,
    Admin "ListTagsForResource" => ops::tags::list_tags_for_resource,
    Admin "SetUserPoolMfaConfig" => ops::pools::set_user_pool_mfa_config,
    Admin "GetUserPoolMfaConfig" => ops::pools::get_user_pool_mfa_config,
    Admin "CreateUserPoolDomain" => ops::domains::create_user_pool_domain,
    Admin "DescribeUserPoolDomain" => ops::domains::describe_user_pool_domain,
    Admin "UpdateUserPoolDomain" => ops::domains::update_user_pool_domain,
    Admin "DeleteUserPoolDomain" => ops::domains::delete_user_pool_domain,
    Admin "CreateResourceServer" => ops::resource_servers::create_resource_server,
    Admin "DescribeResourceServer" => ops::resource_servers::describe_resource_server,
    Admin "UpdateResourceServer" => ops::resource_servers::update_resource_server,
    Admin "ListResourceServers" => ops::resource_servers::list_resource_servers,
    Admin "DeleteResourceServer" => ops::resource_servers::delete_resource_server,
    Admin "CreateIdentityProvider" => ops::identity_providers::create_identity_provider,
    Admin "DescribeIdentityProvider" => ops::identity_providers::describe_identity_provider,
    Admin "UpdateIdentityProvider" => ops::identity_providers::update_identity_provider,
    Admin "DeleteIdentityProvider" => ops::identity_providers::delete_identity_provider,
    Admin "ListIdentityProviders" => ops::identity_providers::list_identity_providers,
    Admin "GetIdentityProviderByIdentifier" => ops::identity_providers::get_identity_provider_by_identifier,
    Admin "SetUICustomization" => ops::ui_customization::set_ui_customization,
    Admin "GetUICustomization" => ops::ui_customization::get_ui_customization,
    Admin "CreateUserPoolClient" => ops::clients::create_user_pool_client,
    Admin "DescribeUserPoolClient" => ops::clients::describe_user_pool_client,
    Admin "UpdateUserPoolClient" => ops::clients::update_user_pool_client,
    Admin "ListUserPoolClients" => ops::clients::list_user_pool_clients,
    Admin "DeleteUserPoolClient" => ops::clients::delete_user_pool_client,
    Public "SignUp" => ops::sign_up::sign_up,
    Public "ConfirmSignUp" => ops::sign_up::confirm_sign_up,
    Public "ResendConfirmationCode" => ops::sign_up::resend_confirmation_code,
    Admin "AdminConfirmSignUp" => ops::sign_up::admin_confirm_sign_up,
    Admin "AdminCreateUser" => ops::users::admin_create_user,
    Admin "AdminGetUser" => ops::users::admin_get_user,
    Admin "AdminDeleteUser" => ops::users::admin_delete_user,
    Admin "AdminDisableUser" => ops::users::admin_disable_user,
    Admin "AdminEnableUser" => ops::users::admin_enable_user,
    Admin "AdminUpdateUserAttributes" => ops::users::admin_update_user_attributes,
    Admin "AdminDeleteUserAttributes" => ops::users::admin_delete_user_attributes,
    Admin "AdminSetUserPassword" => ops::passwords::admin_set_user_password,
    Admin "AdminResetUserPassword" => ops::passwords::admin_reset_user_password,
    Admin "AdminUserGlobalSignOut" => ops::users::admin_user_global_sign_out,
    Admin "ListUsers" => ops::users::list_users,
    Admin "CreateGroup" => ops::groups::create_group,
    Admin "GetGroup" => ops::groups::get_group,
    Admin "UpdateGroup" => ops::groups::update_group,
    Admin "DeleteGroup" => ops::groups::delete_group,
    Admin "ListGroups" => ops::groups::list_groups,
    Admin "AdminAddUserToGroup" => ops::groups::admin_add_user_to_group,
    Admin "AdminRemoveUserFromGroup" => ops::groups::admin_remove_user_from_group,
    Admin "AdminListGroupsForUser" => ops::groups::admin_list_groups_for_user,
    Admin "ListUsersInGroup" => ops::groups::list_users_in_group,
    Admin "GetCSVHeader" => ops::user_import::get_csv_header,
    Admin "CreateUserImportJob" => ops::user_import::create_user_import_job,
    Admin "DescribeUserImportJob" => ops::user_import::describe_user_import_job,
    Admin "ListUserImportJobs" => ops::user_import::list_user_import_jobs,
    Admin "StartUserImportJob" => ops::user_import::start_user_import_job,
    Admin "StopUserImportJob" => ops::user_import::stop_user_import_job,
    Public "GetUser" => ops::profile::get_user,
    Public "UpdateUserAttributes" => ops::profile::update_user_attributes,
    Public "DeleteUserAttributes" => ops::profile::delete_user_attributes,
    Public "DeleteUser" => ops::profile::delete_user,
    Public "GetUserAttributeVerificationCode" => ops::profile::get_user_attribute_verification_code,
    Public "VerifyUserAttribute" => ops::profile::verify_user_attribute,
    Public "InitiateAuth" => ops::sign_in::initiate_auth,
    Admin "AdminInitiateAuth" => ops::sign_in::admin_initiate_auth,
    Public "RespondToAuthChallenge" => ops::sign_in::respond_to_auth_challenge,
    Admin "AdminRespondToAuthChallenge" => ops::sign_in::admin_respond_to_auth_challenge,
    Public "GetTokensFromRefreshToken" => ops::tokens::get_tokens_from_refresh_token,
    Public "RevokeToken" => ops::tokens::revoke_token,
    Public "GlobalSignOut" => ops::tokens::global_sign_out,
    Public "ForgotPassword" => ops::passwords::forgot_password,
    Public "ConfirmForgotPassword" => ops::passwords::confirm_forgot_password,
    Public "ChangePassword" => ops::passwords::change_password,
    Public "SetUserMFAPreference" => ops::mfa::set_user_mfa_preference,
    Admin "AdminSetUserMFAPreference" => ops::mfa::admin_set_user_mfa_preference,
    Public "AssociateSoftwareToken" => ops::mfa::associate_software_token,
    Public "VerifySoftwareToken" => ops::mfa::verify_software_token,
    Public "ConfirmDevice" => ops::devices::confirm_device,
    Public "GetDevice" => ops::devices::get_device,
    Admin "AdminGetDevice" => ops::devices::admin_get_device,
    Public "ListDevices" => ops::devices::list_devices,
    Admin "AdminListDevices" => ops::devices::admin_list_devices,
    Public "UpdateDeviceStatus" => ops::devices::update_device_status,
    Admin "AdminUpdateDeviceStatus" => ops::devices::admin_update_device_status,
    Public "ForgetDevice" => ops::devices::forget_device,
    Admin "AdminForgetDevice" => ops::devices::admin_forget_device,
    Admin "AdminListUserAuthEvents" => ops::auth_events::admin_list_user_auth_events,
    Admin "AdminUpdateAuthEventFeedback" => ops::auth_events::admin_update_auth_event_feedback,
    Public "UpdateAuthEventFeedback" => ops::auth_events::update_auth_event_feedback,
}

/// Calls operation `op` with `request` as its JSON body and answers its JSON response: what the
/// console does, with the operator's request context, so that each of its actions is the very
/// operation the API serves (its checks, its errors, its audit record).
pub(crate) async fn call_json(
    op: &str,
    c: &Cognate,
    rc: &RequestContext,
    request: &serde_json::Value,
) -> Result<serde_json::Value, ApiError> {
    let body = serde_json::to_vec(request)
        .map_err(|e| ApiError::from(cognate_core::CoreError::Internal(e.into())))?;
    let response = call(op, c, rc, &body).await?;
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|e| ApiError::from(cognate_core::CoreError::Internal(e.into())))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::from(cognate_core::CoreError::Internal(e.into())))
}

/// Handles one JSON 1.1 request (SNS query requests go to [`crate::sns`], uncounted).
pub async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    extensions: Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    if crate::sns::is_query_request(&headers) {
        let body = body?;
        let request_id = RequestId::of(&extensions);
        let request = (method, uri, headers);
        return Ok(crate::sns::handle(state, request, request_id, body).await);
    }
    let started = Instant::now();
    let result = handle_json(&state, (&method, &uri, &headers), &extensions, body).await;
    let outcome = match &result {
        Ok(_) => "ok",
        Err(e) => e.parts().0,
    };
    state
        .cognate
        .metrics()
        .record_request(operation_label(&headers), outcome, started.elapsed());
    result
}

/// The operation a request names, as the metrics label it: a name from the table, or
/// `unknown`, so that clients cannot add series.
fn operation_label(headers: &HeaderMap) -> &str {
    headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|target| target.strip_prefix(TARGET_PREFIX))
        .filter(|op| access(op).is_some())
        .unwrap_or("unknown")
}

/// A JSON 1.1 request: the operation its `X-Amz-Target` names, called if the caller may.
async fn handle_json(
    state: &AppState,
    (method, uri, headers): (&Method, &Uri, &HeaderMap),
    extensions: &Extensions,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let body = body?;
    let request_id = RequestId::of(extensions);
    check_content_type(headers)?;
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(op) = target.strip_prefix(TARGET_PREFIX) else {
        return Err(ApiError::client(
            "UnknownOperationException",
            if target.is_empty() {
                "Missing X-Amz-Target header.".to_string()
            } else {
                format!("Unknown operation {target}.")
            },
        ));
    };
    let admin_key_id = match access(op) {
        None => return Err(unknown_operation(op)),
        Some(Access::Admin) => state.admin_auth.check(method, uri, headers, &body)?,
        Some(Access::Public) => None,
    };
    if let Some(category) = quotas::category(op) {
        state.cognate.check_operation_quota(category).await?;
    }
    let rc = RequestContext {
        admin_key_id,
        ..request_context(&state.trusted_proxies, request_id, headers, extensions)
    };
    match call(op, &state.cognate, &rc, &body).await {
        // A failover or a killed connection cut the operation: it runs once more on a fresh
        // connection, as the client's SDK would after an InternalErrorException, so that the
        // client does not see the cut.
        Err(e) if e.lost_connection() => {
            tracing::warn!(
                operation = op,
                "the database connection was lost; trying once more"
            );
            call(op, &state.cognate, &rc, &body).await
        }
        done => done,
    }
}

/// What the transport knows of the request: its id, the client's address (the peer's, or
/// behind a trusted proxy the one it forwards), the user agent.
pub(crate) fn request_context(
    trusted_proxies: &TrustedProxies,
    request_id: RequestId,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> RequestContext {
    RequestContext {
        request_id: request_id.to_string(),
        source_ip: extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|ConnectInfo(peer)| trusted_proxies.client(peer.ip(), headers).to_string()),
        user_agent: headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        region: signed_region(headers),
        admin_key_id: None,
    }
}

/// The region of a SigV4 `Authorization` header's credential scope
/// (`Credential=<key>/<date>/<region>/<service>/aws4_request`), when it has the shape of one.
fn signed_region(headers: &HeaderMap) -> Option<String> {
    let auth = headers.get("authorization")?.to_str().ok()?;
    let scope = auth.split("Credential=").nth(1)?.split([',', ' ']).next()?;
    let region = scope.split('/').nth(2)?;
    let shaped = region.split('-').count() >= 3
        && region.len() <= 32
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && region.ends_with(|c: char| c.is_ascii_digit());
    shaped.then(|| region.to_string())
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};
    use proptest::prelude::*;

    use super::signed_region;

    /// 64 cases unless `PROPTEST_CASES` says otherwise (the `proptest!` macro reads it).
    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: 64,
            failure_persistence: None,
            ..ProptestConfig::default()
        }
    }

    /// Bytes a header value may hold: visible ASCII, space, tab and obs-text.
    fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
        let byte = prop_oneof![Just(b'\t'), 0x20_u8..0x7f, 0x80_u8..=0xff];
        prop_oneof![
            prop::collection::vec(byte, 0..200),
            ("[ -~]{0,40}", "[ -~]{0,60}")
                .prop_map(|(before, after)| format!("{before}Credential={after}").into_bytes()),
        ]
    }

    fn headers(authorization: &[u8]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            "authorization",
            HeaderValue::from_bytes(authorization).unwrap(),
        );
        headers
    }

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn a_region_is_read_only_when_it_has_the_shape_of_one(value in header_bytes()) {
            if let Some(region) = signed_region(&headers(&value)) {
                let text = String::from_utf8(value).unwrap();
                prop_assert!(text.contains("Credential=") && text.contains(&region));
                prop_assert!(region.len() <= 32 && region.split('-').count() >= 3);
                prop_assert!(region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
                prop_assert!(region.ends_with(|c: char| c.is_ascii_digit()));
            }
        }

        #[test]
        fn the_region_of_a_credential_scope_is_read(
            key in "[A-Z0-9]{1,20}",
            date in "[0-9]{8}",
            region in "[a-z]{2}(-[a-z]{1,9}){1,2}-[0-9]",
            rest in "(, SignedHeaders=[a-z;-]{1,30})?(, Signature=[0-9a-f]{64})?",
        ) {
            let value = format!(
                "AWS4-HMAC-SHA256 Credential={key}/{date}/{region}/cognito-idp/aws4_request{rest}"
            );
            prop_assert_eq!(signed_region(&headers(value.as_bytes())), Some(region));
        }
    }
}
