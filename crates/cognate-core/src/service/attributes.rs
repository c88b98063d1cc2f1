//! User attributes: the pool schema (standard attributes plus `custom:*`), validation of values,
//! the unique sign-in keys derived from a user, and masking of delivery destinations.

use std::collections::BTreeMap;

use cognate_proto::{AttributeType, SchemaAttributeType, StringAttributeConstraintsType};

use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool},
};

/// Cognito's standard attributes: name, data type, mutable.
const STANDARD: &[(&str, &str, bool)] = &[
    ("sub", "String", false),
    ("name", "String", true),
    ("given_name", "String", true),
    ("family_name", "String", true),
    ("middle_name", "String", true),
    ("nickname", "String", true),
    ("preferred_username", "String", true),
    ("profile", "String", true),
    ("picture", "String", true),
    ("website", "String", true),
    ("email", "String", true),
    ("email_verified", "Boolean", true),
    ("gender", "String", true),
    ("birthdate", "String", true),
    ("zoneinfo", "String", true),
    ("locale", "String", true),
    ("phone_number", "String", true),
    ("phone_number_verified", "Boolean", true),
    ("address", "String", true),
    ("updated_at", "Number", true),
];

/// Maximum length of a string attribute value.
const MAX_VALUE_LEN: usize = 2048;

/// The full schema of a new pool: standard attributes with `overrides` applied, then custom ones.
pub(super) fn build_schema(
    overrides: &[SchemaAttributeType],
) -> CoreResult<Vec<SchemaAttributeType>> {
    let mut schema: Vec<SchemaAttributeType> = STANDARD
        .iter()
        .map(|(name, kind, mutable)| SchemaAttributeType {
            name: Some((*name).into()),
            attribute_data_type: Some((*kind).into()),
            developer_only_attribute: Some(false),
            mutable: Some(*mutable),
            required: Some(*name == "sub"),
            number_attribute_constraints: None,
            string_attribute_constraints: (*kind == "String").then(|| {
                StringAttributeConstraintsType {
                    min_length: Some(if *name == "sub" { "1" } else { "0" }.into()),
                    max_length: Some(if *name == "sub" { "36" } else { "2048" }.into()),
                }
            }),
        })
        .collect();
    for attr in overrides {
        let name = attr
            .name
            .as_deref()
            .filter(|n| !n.is_empty())
            .ok_or_else(|| {
                CoreError::InvalidParameter("Schema attribute name is required.".into())
            })?;
        if let Some(existing) = schema.iter_mut().find(|a| a.name.as_deref() == Some(name)) {
            if name == "sub" {
                continue;
            }
            if let Some(required) = attr.required {
                existing.required = Some(required);
            }
            if let Some(mutable) = attr.mutable {
                existing.mutable = Some(mutable);
            }
            if attr.string_attribute_constraints.is_some() {
                existing.string_attribute_constraints = attr.string_attribute_constraints.clone();
            }
            continue;
        }
        let bare = name.strip_prefix("custom:").unwrap_or(name);
        if bare.is_empty() || bare.len() > 20 {
            return Err(CoreError::InvalidParameter(format!(
                "Invalid custom attribute name {name}: names are 1-20 characters."
            )));
        }
        if attr.required == Some(true) {
            return Err(CoreError::InvalidParameter(
                "Required custom attributes are not supported currently.".into(),
            ));
        }
        let mut custom = attr.clone();
        custom.name = Some(format!("custom:{bare}"));
        custom
            .attribute_data_type
            .get_or_insert_with(|| "String".into());
        custom.developer_only_attribute.get_or_insert(false);
        custom.mutable.get_or_insert(true);
        custom.required = Some(false);
        schema.push(custom);
    }
    Ok(schema)
}

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

    #[test]
    fn custom_attributes_get_their_prefix_and_standard_ones_keep_their_type() {
        let schema = build_schema(&[
            SchemaAttributeType {
                name: Some("team".into()),
                attribute_data_type: Some("String".into()),
                developer_only_attribute: None,
                mutable: None,
                required: None,
                number_attribute_constraints: None,
                string_attribute_constraints: None,
            },
            SchemaAttributeType {
                name: Some("name".into()),
                attribute_data_type: Some("String".into()),
                developer_only_attribute: None,
                mutable: Some(true),
                required: Some(true),
                number_attribute_constraints: None,
                string_attribute_constraints: None,
            },
        ])
        .unwrap();
        assert!(schema
            .iter()
            .any(|a| a.name.as_deref() == Some("custom:team")));
        let name = schema
            .iter()
            .find(|a| a.name.as_deref() == Some("name"))
            .unwrap();
        assert_eq!(name.required, Some(true));
        assert_eq!(
            schema
                .iter()
                .filter(|a| a.name.as_deref() == Some("name"))
                .count(),
            1
        );
    }
}
