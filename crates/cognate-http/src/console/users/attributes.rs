//! Editing a user's attributes: a field per mutable attribute of the pool's schema (with the
//! verified flags of email and phone number), saved with AdminUpdateUserAttributes for the
//! changed values and AdminDeleteUserAttributes for the emptied ones.

use std::collections::BTreeMap;

use axum::{extract::Path, http::StatusCode, response::Response};
use maud::html;
use serde_json::{json, Value};

use super::common::{
    attribute_map, is_fatal, place, pool_and_user, user_url, with_notice, UserPath,
};
use crate::console::{
    access::{Form, Operator},
    problems::error_for,
    shell::{checkbox, csrf_field, save_or_cancel, text_field, Shell},
};

/// One attribute of the pool's schema on the edit page.
struct Slot {
    name: String,
    mutable: bool,
}

/// The attributes the edit page offers: the pool's schema, but `sub` and the verified flags
/// (which are the checkboxes beside email and phone number).
fn slots(pool: &Value) -> Vec<Slot> {
    pool.get("SchemaAttributes")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|a| {
                    let name = a.get("Name").and_then(Value::as_str)?;
                    if matches!(name, "sub" | "email_verified" | "phone_number_verified") {
                        return None;
                    }
                    Some(Slot {
                        name: name.to_string(),
                        mutable: a.get("Mutable").and_then(Value::as_bool).unwrap_or(true),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The verified flag shown beside an attribute, with its label.
fn verified_flag(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "email" => Some(("email_verified", "Mark email address as verified")),
        "phone_number" => Some(("phone_number_verified", "Mark phone number as verified")),
        _ => None,
    }
}

/// The input type of an attribute's field.
fn input_kind(name: &str) -> &'static str {
    match name {
        "email" => "email",
        "phone_number" => "tel",
        _ => "text",
    }
}

/// Whether `word` stands in `haystack` as a whole name (not inside a longer one).
fn names(haystack: &str, word: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    haystack.match_indices(word).any(|(at, _)| {
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        !before.is_some_and(part) && !after.is_some_and(part)
    })
}

/// The attribute a refusal concerns: the longest attribute name its message mentions, else
/// phone number or email by the words "phone" and "email".
fn attribute_field<'a>(message: &str, slots: &'a [Slot]) -> Option<&'a str> {
    let lower = message.to_ascii_lowercase();
    let named = slots
        .iter()
        .filter(|s| s.mutable && names(&lower, &s.name.to_ascii_lowercase()))
        .max_by_key(|s| s.name.len());
    if let Some(slot) = named {
        return Some(slot.name.as_str());
    }
    let fallback = if lower.contains("phone") {
        "phone_number"
    } else if lower.contains("email") {
        "email"
    } else {
        return None;
    };
    slots
        .iter()
        .find(|s| s.name == fallback)
        .map(|s| s.name.as_str())
}

/// Whose attributes the edit page shows, and which.
struct AttributesForm<'a> {
    pool_id: &'a str,
    pool: &'a Value,
    username: &'a str,
    slots: &'a [Slot],
}

impl<'a> AttributesForm<'a> {
    fn new(pool_id: &'a str, pool: &'a Value, username: &'a str, slots: &'a [Slot]) -> Self {
        AttributesForm {
            pool_id,
            pool,
            username,
            slots,
        }
    }
}

/// The edit-attributes page: a field per mutable attribute, the fixed ones as text, with
/// `values` by attribute name (the verified flags as `true`/`false`). With Cognito's refusal
/// `error`, a 400 that shows it beside the attribute it concerns.
fn attributes_page(
    operator: &Operator,
    page: &AttributesForm<'_>,
    values: &BTreeMap<String, String>,
    error: Option<&str>,
) -> Response {
    let base = user_url(page.pool_id, page.username);
    let refusal = error.and_then(|e| Some((attribute_field(e, page.slots)?, e)));
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let body = html! {
        section class="panel" {
            p class="hint" { "Attributes of " strong { (page.username) } ". Leave a field empty to delete the attribute. A changed email address or phone number is unverified unless you mark it verified." }
            form method="post" action=(format!("{base}/attributes")) {
                (csrf_field(operator))
                @for slot in page.slots {
                    @if slot.mutable {
                        (text_field(&slot.name, &slot.name, input_kind(&slot.name), &value(&slot.name), None, error_for(refusal, &slot.name)))
                        @if let Some((flag, label)) = verified_flag(&slot.name) {
                            div class="field" {
                                (checkbox(label, flag, "true", value(flag) == "true"))
                            }
                        }
                    } @else {
                        div class="field" {
                            strong { (slot.name) }
                            p { @let fixed = value(&slot.name); @if fixed.is_empty() { "–" } @else { (fixed) } }
                            p class="hint" { "Set when the user is created; it cannot be changed." }
                        }
                    }
                }
                (save_or_cancel(&base))
            }
        }
    };
    Shell {
        title: "Edit attributes",
        place: place(page.pool_id, page.pool),
        notice: None,
        error,
        body,
    }
    .respond(
        operator,
        error.map_or(StatusCode::OK, |_| StatusCode::BAD_REQUEST),
    )
}

/// `GET …/users/{username}/attributes`.
pub(super) async fn edit_attributes(
    operator: Operator,
    Path((pool_id, username)): UserPath,
) -> Response {
    let (pool, user) = match pool_and_user(&operator, &pool_id, &username).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let values = attribute_map(user.get("UserAttributes"));
    let slots = slots(&pool);
    let page = AttributesForm::new(&pool_id, &pool, &username, &slots);
    attributes_page(&operator, &page, &values, None)
}

/// `POST …/users/{username}/attributes`: AdminUpdateUserAttributes with the changed values
/// and verified flags, AdminDeleteUserAttributes with the emptied ones. Only what changed is
/// sent, so that an unchanged email address keeps its verification.
pub(super) async fn save_attributes(Path((pool_id, username)): UserPath, form: Form) -> Response {
    let operator = &form.operator;
    let (pool, user) = match pool_and_user(operator, &pool_id, &username).await {
        Ok(found) => found,
        Err(page) => return page,
    };
    let current = attribute_map(user.get("UserAttributes"));
    let slots = slots(&pool);
    // The fields the form carried: the mutable attributes it showed.
    let posted: Vec<&Slot> = slots
        .iter()
        .filter(|s| s.mutable && form.checked(&s.name))
        .collect();
    let mut updates = Vec::new();
    let mut removals = Vec::new();
    let mut values = current.clone();
    for slot in &posted {
        let new = form.get(&slot.name);
        values.insert(slot.name.clone(), new.to_string());
        if current
            .get(&slot.name)
            .map(String::as_str)
            .unwrap_or_default()
            == new
        {
            continue;
        }
        if new.is_empty() {
            removals.push(slot.name.clone());
        } else {
            updates.push(json!({ "Name": slot.name, "Value": new }));
        }
    }
    for slot in &posted {
        let Some((flag, _)) = verified_flag(&slot.name) else {
            continue;
        };
        let ticked = form.checked(flag);
        values.insert(flag.to_string(), ticked.to_string());
        if removals.contains(&slot.name) {
            continue;
        }
        let was = current.get(flag).map(String::as_str) == Some("true");
        if ticked != was {
            updates.push(json!({ "Name": flag, "Value": ticked.to_string() }));
        }
    }
    let here = user_url(&pool_id, &username);
    if updates.is_empty() && removals.is_empty() {
        return operator.see_other(&with_notice(&here, "No attribute changed."));
    }
    let mut outcome = Ok(Value::Null);
    if !updates.is_empty() {
        let request = json!({
            "UserPoolId": pool_id,
            "Username": username,
            "UserAttributes": updates,
        });
        outcome = operator.call("AdminUpdateUserAttributes", request).await;
    }
    if outcome.is_ok() && !removals.is_empty() {
        let request = json!({
            "UserPoolId": pool_id,
            "Username": username,
            "UserAttributeNames": removals,
        });
        outcome = operator.call("AdminDeleteUserAttributes", request).await;
    }
    match outcome {
        Ok(_) => operator.see_other(&with_notice(&here, "Attributes saved.")),
        Err(error) => {
            let (kind, message) = error.parts();
            if is_fatal(kind) {
                return operator.failure(&error);
            }
            let page = AttributesForm::new(&pool_id, &pool, &username, &slots);
            attributes_page(operator, &page, &values, Some(message))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_lands_beside_the_attribute_it_names() {
        let slots: Vec<Slot> = ["name", "given_name", "email", "phone_number"]
            .iter()
            .map(|n| Slot {
                name: n.to_string(),
                mutable: true,
            })
            .collect();
        assert_eq!(
            attribute_field("Invalid phone number format.", &slots),
            Some("phone_number")
        );
        assert_eq!(
            attribute_field("given_name is too long", &slots),
            Some("given_name")
        );
        assert_eq!(attribute_field("Invalid username", &slots), None);
    }
}
