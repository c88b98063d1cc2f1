//! The create-user form of a pool: AdminCreateUser, with or without an invitation, then the
//! new user's page; a refusal is shown beside the field Cognito's message concerns.

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::html;
use serde_json::{json, Value};

use super::common::{place, user_url, users_url, with_notice};
use crate::console::{
    access::{Form, Operator},
    pool_settings::pool_header,
    problems::error_for,
    shell::{checkbox, csrf_field, submit, text_field, Shell},
};

/// The create-user form's values (the temporary password is never written back).
struct NewUser {
    username: String,
    email: String,
    email_verified: bool,
    phone: String,
    phone_verified: bool,
    invite: bool,
}

impl NewUser {
    /// The empty form: an invitation is sent unless the operator says otherwise.
    fn blank() -> Self {
        NewUser {
            username: String::new(),
            email: String::new(),
            email_verified: false,
            phone: String::new(),
            phone_verified: false,
            invite: true,
        }
    }

    /// The values of a posted form.
    fn posted(form: &Form) -> Self {
        NewUser {
            username: form.get("username").to_string(),
            email: form.get("email").to_string(),
            email_verified: form.checked("email_verified"),
            phone: form.get("phone").to_string(),
            phone_verified: form.checked("phone_verified"),
            invite: form.checked("invite"),
        }
    }
}

/// Whether the pool signs users in with attribute `name` (`UsernameAttributes`).
fn signs_in_with(pool: &Value, name: &str) -> bool {
    pool.get("UsernameAttributes")
        .and_then(Value::as_array)
        .is_some_and(|list| list.iter().any(|a| a.as_str() == Some(name)))
}

/// The field an AdminCreateUser refusal concerns, from the words of Cognito's message.
fn new_user_field(message: &str) -> &'static str {
    let lower = message.to_ascii_lowercase();
    if lower.contains("password") {
        "temp_password"
    } else if lower.contains("username") {
        "username"
    } else if lower.contains("phone") {
        "phone"
    } else if lower.contains("email") {
        "email"
    } else {
        "username"
    }
}

/// `GET /console/pools/{pool_id}/users/new`.
pub(super) async fn new_user(operator: Operator, Path(pool_id): Path<String>) -> Response {
    let pool = match pool_header(&operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    new_user_page(
        &operator,
        &pool_id,
        &pool,
        &NewUser::blank(),
        None,
        StatusCode::OK,
    )
}

/// The create-user form, with Cognito's refusal beside the field it concerns.
fn new_user_page(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    values: &NewUser,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let refusal = error.map(|message| (new_user_field(message), message));
    let by_alias = signs_in_with(pool, "email") || signs_in_with(pool, "phone_number");
    let username_hint = if by_alias {
        "This pool signs users in with their email address or phone number: leave this empty to use the one below."
    } else {
        "The name the user signs in with. It cannot be changed later."
    };
    let body = html! {
        section class="panel" {
            form method="post" action=(format!("{}/new", users_url(pool_id))) {
                (csrf_field(operator))
                (text_field("User name", "username", "text", &values.username, Some(username_hint), error_for(refusal, "username")))
                (text_field("Email", "email", "email", &values.email, None, error_for(refusal, "email")))
                div class="field" {
                    (checkbox("Mark email address as verified", "email_verified", "true", values.email_verified))
                }
                (text_field("Phone number", "phone", "tel", &values.phone, Some("With its country code, such as +14155550123."), error_for(refusal, "phone")))
                div class="field" {
                    (checkbox("Mark phone number as verified", "phone_verified", "true", values.phone_verified))
                }
                (text_field("Temporary password", "temp_password", "password", "", Some("Optional: leave it empty to have one generated. The user chooses a new password at the first sign-in."), error_for(refusal, "temp_password")))
                div class="field" {
                    (checkbox("Send an invitation", "invite", "1", values.invite))
                    p class="hint" { "The invitation carries the user name and the temporary password: by email when an email address is given, otherwise by SMS." }
                }
                (submit("Create user"))
            }
        }
    };
    Shell {
        title: "Create user",
        place: place(pool_id, pool),
        notice: None,
        error,
        body,
    }
    .respond(operator, status)
}

/// `POST /console/pools/{pool_id}/users/new`: AdminCreateUser, then the new user's page.
pub(super) async fn create_user(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let values = NewUser::posted(&form);
    let username = if !values.username.is_empty() {
        values.username.clone()
    } else if signs_in_with(&pool, "email") && !values.email.is_empty() {
        values.email.clone()
    } else if signs_in_with(&pool, "phone_number") && !values.phone.is_empty() {
        values.phone.clone()
    } else {
        String::new()
    };
    let mut attributes = Vec::new();
    if !values.email.is_empty() {
        attributes.push(json!({ "Name": "email", "Value": values.email }));
        if values.email_verified {
            attributes.push(json!({ "Name": "email_verified", "Value": "true" }));
        }
    }
    if !values.phone.is_empty() {
        attributes.push(json!({ "Name": "phone_number", "Value": values.phone }));
        if values.phone_verified {
            attributes.push(json!({ "Name": "phone_number_verified", "Value": "true" }));
        }
    }
    let mut request = json!({
        "UserPoolId": pool_id,
        "Username": username,
        "UserAttributes": attributes,
    });
    let temporary = form.get("temp_password");
    if !temporary.is_empty() {
        request["TemporaryPassword"] = Value::from(temporary);
    }
    let medium = if values.email.is_empty() {
        (!values.phone.is_empty()).then_some("SMS")
    } else {
        Some("EMAIL")
    };
    match (values.invite, medium) {
        (true, Some(medium)) => request["DesiredDeliveryMediums"] = json!([medium]),
        (true, None) => {}
        (false, _) => request["MessageAction"] = Value::from("SUPPRESS"),
    }
    match operator.call("AdminCreateUser", request).await {
        Ok(created) => {
            let name = created
                .pointer("/User/Username")
                .and_then(Value::as_str)
                .unwrap_or(&username);
            let notice = match (values.invite, medium, temporary.is_empty()) {
                (true, Some("EMAIL"), _) => "User created and invited by email.",
                (true, Some(_), _) => "User created and invited by SMS.",
                (true, None, _) => "User created. No invitation was sent: the user has neither an email address nor a phone number.",
                (false, _, false) => "User created with the temporary password you set. The user chooses a new password at the first sign-in.",
                (false, _, true) => "User created without an invitation. Its temporary password was generated and is not shown: use Reset password to send the user a code.",
            };
            operator.see_other(&with_notice(&user_url(&pool_id, name), notice))
        }
        Err(error) => {
            let (kind, message) = error.parts();
            if kind == "InternalErrorException" || kind == "ResourceNotFoundException" {
                return operator.failure(&error);
            }
            new_user_page(
                operator,
                &pool_id,
                &pool,
                &values,
                Some(message),
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_lands_beside_the_field_it_names() {
        assert_eq!(
            new_user_field("Password did not conform with policy"),
            "temp_password"
        );
        assert_eq!(new_user_field("User account already exists"), "username");
    }
}
