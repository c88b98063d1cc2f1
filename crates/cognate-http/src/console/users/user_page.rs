//! A user's page: the facts and MFA of AdminGetUser, the actions, the attributes, the
//! remembered devices (AdminListDevices) and the sign-in history (AdminListUserAuthEvents).

use axum::{
    extract::{Path, RawQuery},
    http::StatusCode,
    response::Response,
};
use maud::{html, Markup};
use serde_json::{json, Value};
use time::macros::format_description;

use super::common::{attribute, attribute_map, place, pool_and_user, segment, user_url, UserPath};
use crate::{
    console::{
        access::Operator,
        pool_settings::{query_param, text},
        shell::{csrf_field, Shell},
    },
    error::ApiError,
};

/// Sign-in events shown on the user page.
const EVENTS_SHOWN: i64 = 10;

/// Epoch seconds as a date and time in UTC; a dash when absent.
fn when(value: Option<&Value>) -> String {
    let Some(secs) = value.and_then(Value::as_f64) else {
        return "–".to_string();
    };
    time::OffsetDateTime::from_unix_timestamp(secs.floor() as i64)
        .ok()
        .and_then(|t| {
            t.format(format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| "–".to_string())
}

/// An MFA factor as the console names it.
fn factor_label(factor: &str) -> &str {
    use cognate_core::model::ChallengeName;
    match ChallengeName::parse(factor) {
        Some(ChallengeName::SoftwareTokenMfa) => "Authenticator app",
        Some(ChallengeName::SmsMfa) => "SMS message",
        Some(ChallengeName::EmailOtp) => "Email message",
        _ => factor,
    }
}

/// What the last action did, or why it failed, and the page's status.
pub(super) struct Outcome<'a> {
    pub(super) notice: Option<&'a str>,
    pub(super) error: Option<&'a str>,
    pub(super) status: StatusCode,
}

/// `GET /console/pools/{pool_id}/users/{username}`.
pub(super) async fn user(
    operator: Operator,
    Path((pool_id, username)): UserPath,
    RawQuery(query): RawQuery,
) -> Response {
    let notice = query_param(query.as_deref(), "notice");
    let outcome = Outcome {
        notice: notice.as_deref(),
        error: None,
        status: StatusCode::OK,
    };
    user_page(&operator, &pool_id, &username, outcome).await
}

/// The user page: AdminGetUser, AdminListDevices and AdminListUserAuthEvents.
pub(super) async fn user_page(
    operator: &Operator,
    pool_id: &str,
    username: &str,
    outcome: Outcome<'_>,
) -> Response {
    let (pool, user) = match pool_and_user(operator, pool_id, username).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let devices = operator
        .call(
            "AdminListDevices",
            json!({ "UserPoolId": pool_id, "Username": username, "Limit": 60 }),
        )
        .await;
    let events = operator
        .call(
            "AdminListUserAuthEvents",
            json!({ "UserPoolId": pool_id, "Username": username, "MaxResults": EVENTS_SHOWN }),
        )
        .await;
    let base = user_url(pool_id, username);
    let enabled = user.get("Enabled").and_then(Value::as_bool).unwrap_or(true);
    let body = html! {
        (information_panel(&user))
        (actions_panel(operator, &base, enabled))
        (attributes_panel(&base, &user))
        (devices_panel(&base, &devices))
        (history_panel(&events))
    };
    Shell {
        title: username,
        place: place(pool_id, &pool),
        notice: outcome.notice,
        error: outcome.error,
        body,
    }
    .respond(operator, outcome.status)
}

/// "User information": status, access, dates and MFA.
fn information_panel(user: &Value) -> Markup {
    let attributes = user.get("UserAttributes");
    let enabled = user.get("Enabled").and_then(Value::as_bool).unwrap_or(true);
    let factors: Vec<&str> = user
        .get("UserMFASettingList")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(factor_label)
                .collect()
        })
        .unwrap_or_default();
    let preferred = user
        .get("PreferredMfaSetting")
        .and_then(Value::as_str)
        .map(factor_label);
    html! {
        section class="panel" {
            h2 { "User information" }
            dl class="facts" {
                dt { "User name" } dd { (text(user, "Username")) }
                dt { "User ID (sub)" } dd { code { (attribute(attributes, "sub").unwrap_or("–")) } }
                dt { "Confirmation status" } dd { (text(user, "UserStatus")) }
                dt { "Account status" } dd { (if enabled { "Enabled" } else { "Disabled" }) }
                dt { "MFA methods" } dd {
                    @if factors.is_empty() { "None" } @else { (factors.join(", ")) }
                }
                dt { "Preferred MFA" } dd { (preferred.unwrap_or("None")) }
                dt { "Created" } dd { (when(user.get("UserCreateDate"))) }
                dt { "Last modified" } dd { (when(user.get("UserLastModifiedDate"))) }
            }
        }
    }
}

/// A form of one button that posts to `url`.
fn action_form(operator: &Operator, url: &str, label: &str, class: Option<&str>) -> Markup {
    html! {
        form method="post" action=(url) {
            (csrf_field(operator))
            button type="submit" class=[class] { (label) }
        }
    }
}

/// A button that opens the page asking before an action that cannot be undone.
fn ask_first(url: &str, label: &str, class: &str) -> Markup {
    html! {
        form method="get" action=(url) {
            button type="submit" class=(class) { (label) }
        }
    }
}

/// The user's actions, each its own form.
fn actions_panel(operator: &Operator, base: &str, enabled: bool) -> Markup {
    html! {
        section class="panel" {
            h2 { "Actions" }
            div class="actions" {
                @if enabled {
                    (action_form(operator, &format!("{base}/disable"), "Disable user access", Some("danger")))
                } @else {
                    (action_form(operator, &format!("{base}/enable"), "Enable user access", None))
                }
                (ask_first(&format!("{base}/reset-password"), "Reset password", "secondary"))
                (ask_first(&format!("{base}/reset-mfa"), "Reset MFA", "secondary"))
                (ask_first(&format!("{base}/sign-out"), "Sign out everywhere", "secondary"))
                (ask_first(&format!("{base}/delete"), "Delete user", "danger"))
            }
            p class="hint" {
                "Reset password sends the user a code to choose a new password. Reset MFA turns off SMS and authenticator-app MFA for the user. Sign out everywhere revokes the user's refresh tokens on every device. Each of these, and Delete user, asks before it acts."
            }
        }
    }
}

/// "Attributes": every attribute the user has, and the link to edit them.
fn attributes_panel(base: &str, user: &Value) -> Markup {
    let attributes = attribute_map(user.get("UserAttributes"));
    html! {
        section class="panel" {
            h2 { "Attributes" }
            @if attributes.is_empty() {
                p class="empty" { "This user has no attributes. Add some with Edit attributes." }
            } @else {
                div class="table-wrap" {
                    table {
                        thead { tr { th { "Attribute name" } th { "Value" } } }
                        tbody {
                            @for (name, value) in &attributes {
                                tr { td { code { (name) } } td { (value) } }
                            }
                        }
                    }
                }
            }
            p { a href=(format!("{base}/attributes")) { "Edit attributes" } }
        }
    }
}

/// A device attribute's value (`device_name`, `last_ip_used`, ...), a dash when absent.
fn device_attribute<'a>(device: &'a Value, name: &str) -> &'a str {
    attribute(device.get("DeviceAttributes"), name).unwrap_or("–")
}

/// A device's `dev:device_remembered_status` in words.
fn remembered_label(status: &str) -> &str {
    match status {
        "remembered" => "Remembered",
        "not_remembered" => "Not remembered",
        other => other,
    }
}

/// "Devices": the user's remembered devices, each with its Forget device form.
fn devices_panel(base: &str, devices: &Result<Value, ApiError>) -> Markup {
    let (list, failure): (&[Value], Option<&str>) = match devices {
        Ok(page) => (
            page.get("Devices")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default(),
            None,
        ),
        Err(error) => (&[], Some(error.parts().1)),
    };
    html! {
        section class="panel" {
            h2 { "Devices" }
            @if let Some(message) = failure {
                p class="hint" { "The devices could not be listed: " (message) }
            } @else if list.is_empty() {
                p class="empty" { "No remembered devices. Devices appear here once the pool tracks devices (Sign-in › Device tracking) and the user signs in from one." }
            } @else {
                div class="table-wrap" {
                    table {
                        thead {
                            tr {
                                th { "Device name" }
                                th { "Device key" }
                                th { "Remembered status" }
                                th { "Last IP address" }
                                th { "Last signed in" }
                                th { span class="hint" { "Forget" } }
                            }
                        }
                        tbody {
                            @for device in list {
                                @let key = text(device, "DeviceKey");
                                tr {
                                    td { (device_attribute(device, "device_name")) }
                                    td { code { (key) } }
                                    td { (remembered_label(device_attribute(device, "dev:device_remembered_status"))) }
                                    td { (device_attribute(device, "last_ip_used")) }
                                    td { (when(device.get("DeviceLastAuthenticatedDate"))) }
                                    td {
                                        (ask_first(&format!("{base}/devices/{}/forget", segment(key)), "Forget device", "secondary"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Sign-in history": the latest AdminListUserAuthEvents events, or why there are none.
fn history_panel(events: &Result<Value, ApiError>) -> Markup {
    let (list, failure): (&[Value], Option<(&str, &str)>) = match events {
        Ok(page) => (
            page.get("AuthEvents")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default(),
            None,
        ),
        Err(error) => (&[], Some(error.parts())),
    };
    html! {
        section class="panel" {
            h2 { "Sign-in history" }
            @if let Some((kind, message)) = failure {
                @if kind == "UserPoolAddOnNotEnabledException" {
                    p class="hint" { "Sign-in history needs the pool's threat protection: set its advanced security mode (UserPoolAddOns AdvancedSecurityMode) to AUDIT or ENFORCED to record sign-in events." }
                } @else {
                    p class="hint" { "The sign-in history could not be read: " (message) }
                }
            } @else if list.is_empty() {
                p class="empty" { "No sign-in events yet. They appear here after the user signs in, signs up or changes a password." }
            } @else {
                p class="hint" { "The latest " (EVENTS_SHOWN) " events, newest first." }
                div class="table-wrap" {
                    table {
                        thead {
                            tr {
                                th { "Event" }
                                th { "Date" }
                                th { "Result" }
                                th { "IP address" }
                                th { "Device" }
                                th { "Challenges" }
                            }
                        }
                        tbody {
                            @for event in list {
                                @let context = event.get("EventContextData");
                                tr {
                                    td { (text(event, "EventType")) }
                                    td { (when(event.get("CreationDate"))) }
                                    td { (text(event, "EventResponse")) }
                                    td { (context.and_then(|c| c.get("IpAddress")).and_then(Value::as_str).unwrap_or("–")) }
                                    td { (context.and_then(|c| c.get("DeviceName")).and_then(Value::as_str).unwrap_or("–")) }
                                    td { (challenges(event)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An event's challenge answers, such as `Password: Success, Mfa: Success`.
fn challenges(event: &Value) -> String {
    let answers: Vec<String> = event
        .get("ChallengeResponses")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|c| {
                    format!(
                        "{}: {}",
                        text(c, "ChallengeName"),
                        text(c, "ChallengeResponse")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if answers.is_empty() {
        "–".to_string()
    } else {
        answers.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_read_as_utc() {
        assert_eq!(when(Some(&json!(0.5))), "1970-01-01 00:00:00 UTC");
        assert_eq!(when(None), "–");
    }
}
