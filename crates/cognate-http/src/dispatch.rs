//! `POST /`: the operation table. Every Cognito operation Cognate serves is listed here once,
//! mapped to its method on [`cognate_core::Cognate`].

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State},
    http::{Extensions, HeaderMap, HeaderValue, Method, Uri},
    response::{IntoResponse, Response},
};
use cognate_core::service::Caller;
use serde::{de::DeserializeOwned, Serialize};

use crate::{error::ApiError, AppState};

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// Operations clients send unsigned (client-id or token authorized). Every other operation is
/// IAM-authorized and must carry a valid SigV4 signature when admin keys are configured.
const PUBLIC_OPERATIONS: &[&str] = &[
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "InitiateAuth",
    "RespondToAuthChallenge",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "RevokeToken",
    "GetTokensFromRefreshToken",
    "GetUser",
    "UpdateUserAttributes",
    "DeleteUserAttributes",
    "DeleteUser",
    "ChangePassword",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "GlobalSignOut",
    "SetUserMFAPreference",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "ConfirmDevice",
    "GetDevice",
    "ListDevices",
    "UpdateDeviceStatus",
    "ForgetDevice",
];

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

macro_rules! operations {
    ($op:expr, $body:expr, $c:expr, { $($name:literal => $method:ident $(($extra:expr))?),* $(,)? }) => {
        match $op {
            $( $name => respond($c.$method(decode($body)? $(, $extra)?).await?), )*
            other => Err(ApiError::client(
                "UnknownOperationException",
                format!("Unknown operation {other}."),
            )),
        }
    };
}

/// Handles one JSON 1.1 request, with the peer's address as the request's source IP (SNS
/// query requests go to [`crate::sns`]).
pub async fn handle(
    State(state): State<AppState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Result<Response, ApiError> {
    if crate::sns::is_query_request(&headers) {
        return Ok(crate::sns::handle(state, method, uri, headers, body).await);
    }
    let source_ip = extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_string());
    cognate_core::origin::with_source_ip(source_ip, operation(state, method, uri, headers, body))
        .await
}

async fn operation(
    state: AppState,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
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
    if !PUBLIC_OPERATIONS.contains(&op) {
        state.admin_auth.check(&method, &uri, &headers, &body)?;
    }
    let c = &state.cognate;
    operations!(op, &body, c, {
        "CreateUserPool" => create_user_pool,
        "DescribeUserPool" => describe_user_pool,
        "UpdateUserPool" => update_user_pool,
        "ListUserPools" => list_user_pools,
        "DeleteUserPool" => delete_user_pool,
        "SetUserPoolMfaConfig" => set_user_pool_mfa_config,
        "GetUserPoolMfaConfig" => get_user_pool_mfa_config,
        "CreateUserPoolClient" => create_user_pool_client,
        "DescribeUserPoolClient" => describe_user_pool_client,
        "UpdateUserPoolClient" => update_user_pool_client,
        "ListUserPoolClients" => list_user_pool_clients,
        "DeleteUserPoolClient" => delete_user_pool_client,
        "SignUp" => sign_up,
        "ConfirmSignUp" => confirm_sign_up,
        "ResendConfirmationCode" => resend_confirmation_code,
        "AdminConfirmSignUp" => admin_confirm_sign_up,
        "AdminCreateUser" => admin_create_user,
        "AdminGetUser" => admin_get_user,
        "AdminDeleteUser" => admin_delete_user,
        "AdminDisableUser" => admin_set_user_enabled(false),
        "AdminEnableUser" => admin_set_user_enabled(true),
        "AdminUpdateUserAttributes" => admin_update_user_attributes,
        "AdminDeleteUserAttributes" => admin_delete_user_attributes,
        "AdminSetUserPassword" => admin_set_user_password,
        "AdminResetUserPassword" => admin_reset_user_password,
        "AdminUserGlobalSignOut" => admin_user_global_sign_out,
        "ListUsers" => list_users,
        "GetUser" => get_user,
        "UpdateUserAttributes" => update_user_attributes,
        "DeleteUserAttributes" => delete_user_attributes,
        "DeleteUser" => delete_user,
        "GetUserAttributeVerificationCode" => get_user_attribute_verification_code,
        "VerifyUserAttribute" => verify_user_attribute,
        "InitiateAuth" => initiate_auth(Caller::Public),
        "AdminInitiateAuth" => initiate_auth(Caller::Admin),
        "RespondToAuthChallenge" => respond_to_auth_challenge(Caller::Public),
        "AdminRespondToAuthChallenge" => respond_to_auth_challenge(Caller::Admin),
        "GetTokensFromRefreshToken" => get_tokens_from_refresh_token,
        "RevokeToken" => revoke_token,
        "GlobalSignOut" => global_sign_out,
        "ForgotPassword" => forgot_password,
        "ConfirmForgotPassword" => confirm_forgot_password,
        "ChangePassword" => change_password,
        "SetUserMFAPreference" => set_user_mfa_preference,
        "AdminSetUserMFAPreference" => admin_set_user_mfa_preference,
        "AssociateSoftwareToken" => associate_software_token,
        "VerifySoftwareToken" => verify_software_token,
        "ConfirmDevice" => confirm_device,
        "GetDevice" => get_device(Caller::Public),
        "AdminGetDevice" => get_device(Caller::Admin),
        "ListDevices" => list_devices(Caller::Public),
        "AdminListDevices" => list_devices(Caller::Admin),
        "UpdateDeviceStatus" => update_device_status(Caller::Public),
        "AdminUpdateDeviceStatus" => update_device_status(Caller::Admin),
        "ForgetDevice" => forget_device(Caller::Public),
        "AdminForgetDevice" => forget_device(Caller::Admin),
    })
}
