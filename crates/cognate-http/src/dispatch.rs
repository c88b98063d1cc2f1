//! `POST /`: the operation table. Every Cognito operation Cognate serves is listed here once,
//! with who may call it and its handler: a method of [`cognate_core::Cognate`], or a function
//! of [`crate::ops`].

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{Extensions, HeaderMap, HeaderValue, Method, Uri},
    response::{IntoResponse, Response},
};
use cognate_core::service::{Caller, Cognate, RequestContext};
use serde::{de::DeserializeOwned, Serialize};

use crate::{error::ApiError, ops, request_id::RequestId, state::AppState};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

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

fn unknown_operation(name: &str) -> ApiError {
    ApiError::client(
        "UnknownOperationException",
        format!("Unknown operation {name}."),
    )
}

/// One call: `fn handler` gets the service, the request's context and the decoded request;
/// `method` (with extra arguments) is called on the service with the decoded request.
macro_rules! call {
    ($c:ident, $rc:ident, $body:ident, fn $handler:path) => {
        respond($handler($c, &$rc, decode($body)?).await?)
    };
    ($c:ident, $rc:ident, $body:ident, $method:ident $(($extra:expr))?) => {
        respond($c.$method(decode($body)? $(, $extra)?).await?)
    };
}

/// The operation table: each operation's wire name, who may call it, and its handler.
macro_rules! operations {
    ($($access:ident $name:literal => [$($handler:tt)+]),* $(,)?) => {
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
            rc: RequestContext,
            body: &[u8],
        ) -> Result<Response, ApiError> {
            match op {
                $($name => call!(c, rc, body, $($handler)+),)*
                other => Err(unknown_operation(other)),
            }
        }
    };
}

operations! {
    Admin "CreateUserPool" => [create_user_pool],
    Admin "DescribeUserPool" => [describe_user_pool],
    Admin "UpdateUserPool" => [update_user_pool],
    Admin "ListUserPools" => [list_user_pools],
    Admin "DeleteUserPool" => [delete_user_pool],
    Admin "SetUserPoolMfaConfig" => [set_user_pool_mfa_config],
    Admin "GetUserPoolMfaConfig" => [get_user_pool_mfa_config],
    Admin "CreateUserPoolClient" => [create_user_pool_client],
    Admin "DescribeUserPoolClient" => [describe_user_pool_client],
    Admin "UpdateUserPoolClient" => [update_user_pool_client],
    Admin "ListUserPoolClients" => [list_user_pool_clients],
    Admin "DeleteUserPoolClient" => [delete_user_pool_client],
    Public "SignUp" => [sign_up],
    Public "ConfirmSignUp" => [confirm_sign_up],
    Public "ResendConfirmationCode" => [resend_confirmation_code],
    Admin "AdminConfirmSignUp" => [admin_confirm_sign_up],
    Admin "AdminCreateUser" => [admin_create_user],
    Admin "AdminGetUser" => [admin_get_user],
    Admin "AdminDeleteUser" => [admin_delete_user],
    Admin "AdminDisableUser" => [admin_set_user_enabled(false)],
    Admin "AdminEnableUser" => [admin_set_user_enabled(true)],
    Admin "AdminUpdateUserAttributes" => [admin_update_user_attributes],
    Admin "AdminDeleteUserAttributes" => [admin_delete_user_attributes],
    Admin "AdminSetUserPassword" => [admin_set_user_password],
    Admin "AdminResetUserPassword" => [admin_reset_user_password],
    Admin "AdminUserGlobalSignOut" => [admin_user_global_sign_out],
    Admin "ListUsers" => [list_users],
    Public "GetUser" => [get_user],
    Public "UpdateUserAttributes" => [update_user_attributes],
    Public "DeleteUserAttributes" => [delete_user_attributes],
    Public "DeleteUser" => [delete_user],
    Public "GetUserAttributeVerificationCode" => [get_user_attribute_verification_code],
    Public "VerifyUserAttribute" => [verify_user_attribute],
    Public "InitiateAuth" => [fn ops::sign_in::initiate_auth],
    Admin "AdminInitiateAuth" => [fn ops::sign_in::admin_initiate_auth],
    Public "RespondToAuthChallenge" => [fn ops::sign_in::respond_to_auth_challenge],
    Admin "AdminRespondToAuthChallenge" => [fn ops::sign_in::admin_respond_to_auth_challenge],
    Public "GetTokensFromRefreshToken" => [get_tokens_from_refresh_token],
    Public "RevokeToken" => [revoke_token],
    Public "GlobalSignOut" => [global_sign_out],
    Public "ForgotPassword" => [forgot_password],
    Public "ConfirmForgotPassword" => [confirm_forgot_password],
    Public "ChangePassword" => [change_password],
    Public "SetUserMFAPreference" => [set_user_mfa_preference],
    Admin "AdminSetUserMFAPreference" => [admin_set_user_mfa_preference],
    Public "AssociateSoftwareToken" => [fn ops::associate_software_token],
    Public "VerifySoftwareToken" => [fn ops::verify_software_token],
    Public "ConfirmDevice" => [fn ops::confirm_device],
    Public "GetDevice" => [get_device(Caller::Public)],
    Admin "AdminGetDevice" => [get_device(Caller::Admin)],
    Public "ListDevices" => [list_devices(Caller::Public)],
    Admin "AdminListDevices" => [list_devices(Caller::Admin)],
    Public "UpdateDeviceStatus" => [update_device_status(Caller::Public)],
    Admin "AdminUpdateDeviceStatus" => [update_device_status(Caller::Admin)],
    Public "ForgetDevice" => [forget_device(Caller::Public)],
    Admin "AdminForgetDevice" => [forget_device(Caller::Admin)],
}

/// Handles one JSON 1.1 request (SNS query requests go to [`crate::sns`]).
pub async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request_id = extensions
        .get::<RequestId>()
        .copied()
        .unwrap_or_else(RequestId::generate);
    if crate::sns::is_query_request(&headers) {
        let request = (method, uri, headers);
        return Ok(crate::sns::handle(state, request, request_id, body).await);
    }
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
    match access(op) {
        None => return Err(unknown_operation(op)),
        Some(Access::Admin) => state.admin_auth.check(&method, &uri, &headers, &body)?,
        Some(Access::Public) => {}
    }
    let rc = request_context(request_id, &headers, &extensions);
    call(op, &state.cognate, rc, &body).await
}

/// What the transport knows of the request: its id, the peer's address, the user agent.
fn request_context(
    request_id: RequestId,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> RequestContext {
    RequestContext {
        request_id: request_id.to_string(),
        source_ip: extensions
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip().to_string()),
        user_agent: headers
            .get("user-agent")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    }
}
