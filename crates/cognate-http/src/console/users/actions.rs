//! The actions of a user page, each the Cognito operation itself: disable or enable access,
//! reset the password, reset MFA, sign out everywhere, forget a device, and delete after a
//! confirmation page. A refusal is shown on the user page with Cognito's message.

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::html;
use serde_json::{json, Value};

use super::{
    common::{is_fatal, place, pool_and_user, user_url, users_url, with_notice, UserPath},
    user_page::{user_page, Outcome},
};
use crate::{
    console::{
        access::{Form, Operator},
        shell::{csrf_field, Shell},
    },
    error::ApiError,
};

/// Calls `op` for the user (with `extra` members) and goes back to the user page with `done`,
/// or shows the user page with Cognito's refusal.
async fn act(
    form: &Form,
    pool_id: &str,
    username: &str,
    op: &str,
    extra: Value,
    done: &str,
) -> Response {
    let operator = &form.operator;
    let mut request = json!({ "UserPoolId": pool_id, "Username": username });
    if let (Some(members), Value::Object(extra)) = (request.as_object_mut(), extra) {
        members.extend(extra);
    }
    match operator.call(op, request).await {
        Ok(_) => operator.see_other(&with_notice(&user_url(pool_id, username), done)),
        Err(error) => refused(operator, pool_id, username, &error).await,
    }
}

/// The user page with the message of a refused action, or the failure page.
async fn refused(operator: &Operator, pool_id: &str, username: &str, error: &ApiError) -> Response {
    let (kind, message) = error.parts();
    if is_fatal(kind) {
        return operator.failure(error);
    }
    let outcome = Outcome {
        notice: None,
        error: Some(message),
        status: StatusCode::BAD_REQUEST,
    };
    user_page(operator, pool_id, username, outcome).await
}

/// `POST …/users/{username}/disable`: AdminDisableUser.
pub(super) async fn disable(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let done = "User access disabled: the user can no longer sign in.";
    act(
        &form,
        &pool_id,
        &username,
        "AdminDisableUser",
        json!({}),
        done,
    )
    .await
}

/// `POST …/users/{username}/enable`: AdminEnableUser.
pub(super) async fn enable(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let done = "User access enabled: the user can sign in again.";
    act(
        &form,
        &pool_id,
        &username,
        "AdminEnableUser",
        json!({}),
        done,
    )
    .await
}

/// `POST …/users/{username}/reset-password`: AdminResetUserPassword.
pub(super) async fn reset_password(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let done = "Password reset: the user was sent a code and must choose a new password before signing in again.";
    let op = "AdminResetUserPassword";
    act(&form, &pool_id, &username, op, json!({}), done).await
}

/// `POST …/users/{username}/reset-mfa`: AdminSetUserMFAPreference with SMS and
/// authenticator-app MFA both off and neither preferred.
pub(super) async fn reset_mfa(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let off = json!({
        "SMSMfaSettings": { "Enabled": false, "PreferredMfa": false },
        "SoftwareTokenMfaSettings": { "Enabled": false, "PreferredMfa": false },
    });
    let done = "MFA reset: SMS and authenticator-app MFA are off for this user until they are set up again.";
    let op = "AdminSetUserMFAPreference";
    act(&form, &pool_id, &username, op, off, done).await
}

/// `POST …/users/{username}/sign-out`: AdminUserGlobalSignOut.
pub(super) async fn sign_out(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let done = "Signed out everywhere: the user's refresh tokens no longer work, so every device must sign in again.";
    let op = "AdminUserGlobalSignOut";
    act(&form, &pool_id, &username, op, json!({}), done).await
}

/// `POST …/users/{username}/devices/{device_key}/forget`: AdminForgetDevice.
pub(super) async fn forget_device(
    Path((pool_id, username, device_key)): Path<(String, String, String)>,
    form: Form,
) -> Response {
    let done = "Device forgotten: the next sign-in from it counts as a new device.";
    let key = json!({ "DeviceKey": device_key });
    act(&form, &pool_id, &username, "AdminForgetDevice", key, done).await
}

/// `GET …/users/{username}/delete`: asks before deleting.
pub(super) async fn confirm_delete(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let pool = match pool_and_user(&operator, &pool_id, &username).await {
        Ok((pool, _)) => pool,
        Err(page) => return page,
    };
    let base = user_url(&pool_id, &username);
    let body = html! {
        section class="panel" {
            p {
                "Delete the user " strong { (username) } "? Their attributes, remembered devices and MFA settings are deleted with them. This cannot be undone."
            }
            form method="post" action=(format!("{base}/delete")) {
                (csrf_field(&operator))
                div class="actions" {
                    button type="submit" class="danger" { "Delete user" }
                    a href=(base) { "Cancel" }
                }
            }
        }
    };
    Shell {
        title: "Delete user",
        place: place(&pool_id, &pool),
        notice: None,
        error: None,
        body,
    }
    .respond(&operator, StatusCode::OK)
}

/// `POST …/users/{username}/delete`: AdminDeleteUser, then the users list.
pub(super) async fn delete(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let operator = &form.operator;
    let named = json!({ "UserPoolId": pool_id, "Username": username });
    match operator.call("AdminDeleteUser", named).await {
        Ok(_) => {
            let notice = format!("User {username} deleted.");
            operator.see_other(&with_notice(&users_url(&pool_id), &notice))
        }
        Err(error) => refused(operator, &pool_id, &username, &error).await,
    }
}
