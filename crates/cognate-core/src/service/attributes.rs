//! User attributes: the pool schema (standard attributes plus `custom:*`), validation of values,
//! the unique sign-in keys derived from a user, and masking of delivery destinations.

use std::collections::BTreeMap;

use cognate_proto::AttributeType;

use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool},
};

/// Maximum length of a string attribute value.
const MAX_VALUE_LEN: usize = 2048;

/// How `value` is compared in the pool: lowercased unless usernames are case sensitive.
fn normalize(pool: &UserPool, value: &str) -> String {
    if pool.is_case_sensitive() {
        value.to_string()
    } else {
        value.to_lowercase()
    }
}

/// The sign-in keys to try, in order, for an identifier a client sent.
pub(super) fn lookup_keys(pool: &UserPool, identifier: &str) -> Vec<String> {
    let norm = normalize(pool, identifier);
    let mut keys = vec![format!("u:{norm}")];
    if signs_in_with(pool, "email") && identifier.contains('@') {
        keys.push(format!("e:{}", identifier.to_lowercase()));
    }
    if signs_in_with(pool, "phone_number") && identifier.starts_with('+') {
        keys.push(format!("p:{identifier}"));
    }
    if pool.has_alias_attribute("preferred_username") {
        keys.push(format!("n:{norm}"));
    }
    keys
}

/// Whether `attr` is a username attribute or an alias.
pub(super) fn signs_in_with(pool: &UserPool, attr: &str) -> bool {
    pool.has_username_attribute(attr) || pool.has_alias_attribute(attr)
}

/// The unique key of a verified `email` / `phone_number` value that signs in.
pub(super) fn contact_key(attr: &str, value: &str) -> String {
    if attr == "email" {
        format!("e:{}", value.to_lowercase())
    } else {
        format!("p:{value}")
    }
}

/// The unique keys a user holds: the username always; email / phone when they are username
/// attributes, or verified aliases; preferred_username when it is an alias.
pub(super) fn sign_in_keys(pool: &UserPool, user: &User) -> Vec<String> {
    let mut keys = vec![format!("u:{}", normalize(pool, &user.username))];
    for attr in ["email", "phone_number"] {
        let holds = pool.has_username_attribute(attr)
            || (pool.has_alias_attribute(attr) && user.is_verified(attr));
        if let (true, Some(value)) = (holds, user.attr(attr)) {
            keys.push(contact_key(attr, value));
        }
    }
    if let (true, Some(name)) = (
        pool.has_alias_attribute("preferred_username"),
        user.attr("preferred_username"),
    ) {
        keys.push(format!("n:{}", normalize(pool, name)));
    }
    keys
}

/// The error for a sign-in key another user already holds.
pub(super) fn key_conflict(key: &str) -> CoreError {
    match key.split_once(':').map(|(k, _)| k) {
        Some("e") => {
            CoreError::AliasExists("An account with the given email already exists.".into())
        }
        Some("p") => {
            CoreError::AliasExists("An account with the given phone_number already exists.".into())
        }
        Some("n") => CoreError::AliasExists(
            "An account with the given preferred_username already exists.".into(),
        ),
        _ => CoreError::UsernameExists("User already exists".into()),
    }
}

/// Checks one attribute against the schema and Cognito's value rules; returns the value as
/// it is kept (a Boolean's `true`/`false` in any case, as Cognito takes it, in lower case).
pub(super) fn validate(pool: &UserPool, name: &str, value: &str) -> CoreResult<String> {
    let schema = pool.schema_attribute(name).ok_or_else(|| {
        CoreError::InvalidParameter(format!(
            "Attributes did not conform to the schema: {name}: Attribute does not exist in the schema."
        ))
    })?;
    if value.chars().count() > MAX_VALUE_LEN {
        return Err(CoreError::InvalidParameter(format!(
            "Attributes did not conform to the schema: {name}: String must be no longer than 2048 characters"
        )));
    }
    match name {
        "phone_number" => validate_phone(value)?,
        "email" => validate_email(value)?,
        _ => {}
    }
    if let Some(limits) = &schema.string_attribute_constraints {
        let len = value.chars().count();
        let bound = |v: &Option<String>| v.as_deref().and_then(|n| n.parse::<usize>().ok());
        if bound(&limits.max_length).is_some_and(|max| len > max) {
            return Err(CoreError::InvalidParameter(format!(
                "Attributes did not conform to the schema: {name}: String must be no longer than {} characters",
                bound(&limits.max_length).unwrap_or_default()
            )));
        }
        if bound(&limits.min_length).is_some_and(|min| len < min) {
            return Err(CoreError::InvalidParameter(format!(
                "Attributes did not conform to the schema: {name}: String must be no shorter than {} characters",
                bound(&limits.min_length).unwrap_or_default()
            )));
        }
    }
    match schema.attribute_data_type.as_deref() {
        Some("Boolean") => match value.to_ascii_lowercase().as_str() {
            boolean @ ("true" | "false") => Ok(boolean.to_string()),
            _ => Err(CoreError::InvalidParameter(format!(
                "Attributes did not conform to the schema: {name}: Value must be true or false"
            ))),
        },
        Some("Number") if value.parse::<f64>().is_err() => Err(CoreError::InvalidParameter(
            format!("Attributes did not conform to the schema: {name}: Value must be a number"),
        )),
        _ => Ok(value.to_string()),
    }
}

/// E.164: `+`, country code and subscriber number, at most 15 digits, nothing else.
pub(crate) fn validate_phone(value: &str) -> CoreResult<()> {
    let invalid = || CoreError::InvalidParameter("Invalid phone number format.".into());
    let digits = value.strip_prefix('+').ok_or_else(invalid)?;
    if digits.len() < 4 || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    phonenumber::parse(None, value).map_err(|_| invalid())?;
    Ok(())
}

fn validate_email(value: &str) -> CoreResult<()> {
    let invalid = || CoreError::InvalidParameter("Invalid email address format.".into());
    let (local, domain) = value.split_once('@').ok_or_else(invalid)?;
    if local.is_empty()
        || domain.is_empty()
        || domain.contains('@')
        || value.chars().any(char::is_whitespace)
    {
        return Err(invalid());
    }
    Ok(())
}

/// Attribute changes by name; `None` deletes.
pub(super) type Changes = BTreeMap<String, Option<String>>;

/// Validates `attrs` and merges them into a map; an empty value means "delete".
pub(super) fn collect(pool: &UserPool, attrs: &[AttributeType]) -> CoreResult<Changes> {
    let mut out = BTreeMap::new();
    for attr in attrs {
        if attr.name == "sub" {
            return Err(CoreError::InvalidParameter(
                "Cannot modify an already provided sub".into(),
            ));
        }
        match attr.value.as_deref().filter(|v| !v.is_empty()) {
            Some(value) => {
                let kept = validate(pool, &attr.name, value)?;
                out.insert(attr.name.clone(), Some(kept));
            }
            None => {
                if pool.schema_attribute(&attr.name).is_none() {
                    validate(pool, &attr.name, "")?;
                }
                out.insert(attr.name.clone(), None);
            }
        }
    }
    Ok(out)
}

/// Fails when a required schema attribute is missing from `attributes`.
pub(super) fn check_required(
    pool: &UserPool,
    attributes: &BTreeMap<String, String>,
) -> CoreResult<()> {
    for attr in &pool.schema {
        let Some(name) = attr.name.as_deref() else {
            continue;
        };
        if attr.required == Some(true) && name != "sub" && !attributes.contains_key(name) {
            return Err(CoreError::InvalidParameter(format!(
                "Attributes did not conform to the schema: {name}: The attribute is required"
            )));
        }
    }
    Ok(())
}

/// Whether an attribute may change after creation.
pub(super) fn is_mutable(pool: &UserPool, name: &str) -> bool {
    pool.schema_attribute(name)
        .and_then(|a| a.mutable)
        .unwrap_or(true)
}

/// The user's attributes as the wire lists them (`sub` first), filtered by `keep`.
pub(super) fn attribute_list(user: &User, keep: impl Fn(&str) -> bool) -> Vec<AttributeType> {
    let mut list = vec![AttributeType::new("sub", &user.sub)];
    list.extend(
        user.attributes
            .iter()
            .filter(|(name, _)| keep(name))
            .map(|(name, value)| AttributeType::new(name, value)),
    );
    list
}

/// `u***@e***`: first character of the local part and of the domain.
pub(super) fn mask_email(email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    format!("{}***@{}***", first(local), first(domain))
}

/// `+*******4567`: the plus sign and the last four digits.
pub(super) fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let keep = digits.len().saturating_sub(4);
    let mut out = String::from("+");
    out.extend(std::iter::repeat_n('*', keep));
    out.extend(&digits[keep..]);
    out
}

/// Every name a client may have hashed into SECRET_HASH for this user.
pub(super) fn identifiers(user: &User) -> Vec<String> {
    let mut names = vec![user.username.clone(), user.sub.clone()];
    names.extend(user.attr("email").map(str::to_string));
    names.extend(user.attr("phone_number").map(str::to_string));
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_must_be_e164() {
        assert!(validate_phone("+15551234567").is_ok());
        assert!(validate_phone("+447700900123").is_ok());
        for bad in [
            "5551234567",
            "(555) 123-4567",
            "+1 555 123 4567",
            "+",
            "+1234567890123456",
        ] {
            assert!(validate_phone(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn destinations_are_masked_like_cognito() {
        assert_eq!(mask_email("user@example.com"), "u***@e***");
        assert_eq!(mask_phone("+15551234567"), "+*******4567");
    }
}
