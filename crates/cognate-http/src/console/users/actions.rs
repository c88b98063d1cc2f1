//! The actions of a user page, each the Cognito operation itself: disable or enable access,
//! reset the password, reset MFA, sign out everywhere, forget a device, and delete, each
//! irreversible one after a confirmation page. A refusal is shown on the user page with Cognito's message.

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::html;
use serde_json::{json, Value};

use super::{
    common::{is_fatal, place, pool_and_user, segment, user_url, users_url, with_notice, UserPath},
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

/// What a confirmation page asks before an action that cannot be undone, and its button.
struct Confirm<'a> {
    title: &'a str,
    question: maud::Markup,
    /// Where the confirmed form posts, under the user page.
    action: String,
    button: &'a str,
}

/// The page that asks before `confirm`'s action, with a Cancel back to the user page.
async fn confirm_page(
    operator: Operator,
    pool_id: &str,
    username: &str,
    confirm: Confirm<'_>,
) -> Response {
    let pool = match pool_and_user(&operator, pool_id, username).await {
        Ok((pool, _)) => pool,
        Err(page) => return page,
    };
    let base = user_url(pool_id, username);
    let body = html! {
        section class="panel" {
            p { (confirm.question) }
            form method="post" action=(format!("{base}/{}", confirm.action)) {
                (csrf_field(&operator))
                div class="actions" {
                    button type="submit" class="danger" { (confirm.button) }
                    a href=(base) { "Cancel" }
                }
            }
        }
    };
    Shell {
        title: confirm.title,
        place: place(pool_id, &pool),
        notice: None,
        error: None,
        body,
    }
    .respond(&operator, StatusCode::OK)
}

/// `GET …/users/{username}/reset-password`: asks before resetting the password.
pub(super) async fn confirm_reset_password(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let question = html! {
        "Reset the password of " strong { (username) } "? They can no longer sign in with it; a code goes to them to choose a new one."
    };
    let confirm = Confirm {
        title: "Reset password",
        question,
        action: "reset-password".into(),
        button: "Reset password",
    };
    confirm_page(operator, &pool_id, &username, confirm).await
}

/// `GET …/users/{username}/reset-mfa`: asks before turning the user's MFA off.
pub(super) async fn confirm_reset_mfa(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let question = html! {
        "Reset MFA for " strong { (username) } "? SMS and authenticator-app MFA are turned off for them; to use an authenticator app again they set it up anew."
    };
    let confirm = Confirm {
        title: "Reset MFA",
        question,
        action: "reset-mfa".into(),
        button: "Reset MFA",
    };
    confirm_page(operator, &pool_id, &username, confirm).await
}

/// `GET …/users/{username}/sign-out`: asks before signing the user out everywhere.
pub(super) async fn confirm_sign_out(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let question = html! {
        "Sign " strong { (username) } " out everywhere? Their refresh tokens stop working on every device; each app asks them to sign in again."
    };
    let confirm = Confirm {
        title: "Sign out everywhere",
        question,
        action: "sign-out".into(),
        button: "Sign out everywhere",
    };
    confirm_page(operator, &pool_id, &username, confirm).await
}

/// `GET …/users/{username}/devices/{device_key}/forget`: asks before forgetting a device.
pub(super) async fn confirm_forget_device(
    operator: Operator,
    Path((pool_id, username, device_key)): Path<(String, String, String)>,
) -> Response {
    let question = html! {
        "Forget the device " code { (device_key) } " of " strong { (username) } "? Its next sign-in counts as a new device and asks for MFA again."
    };
    let confirm = Confirm {
        title: "Forget device",
        question,
        action: format!("devices/{}/forget", segment(&device_key)),
        button: "Forget device",
    };
    confirm_page(operator, &pool_id, &username, confirm).await
}

/// `GET …/users/{username}/delete`: asks before deleting.
pub(super) async fn confirm_delete(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let question = html! {
        "Delete the user " strong { (username) } "? Their attributes, remembered devices and MFA settings are deleted with them. This cannot be undone."
    };
    let confirm = Confirm {
        title: "Delete user",
        question,
        action: "delete".into(),
        button: "Delete user",
    };
    confirm_page(operator, &pool_id, &username, confirm).await
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
