//! The rules identity-provider records are held to, as Cognito holds them: provider names and
//! types, IdP identifiers, the details each type needs, and the endpoints Cognito fills in for
//! the social providers.

use std::collections::BTreeMap;

use super::groups::is_format;
use crate::{
    error::{CoreError, CoreResult},
    model::ProviderType,
};

/// The pool's own directory, which app clients name as a provider; no provider may take it.
pub(crate) const COGNITO: &str = "COGNITO";
/// Apple's signing key: kept for sign-in, never shown (Cognito's describe leaves it out).
pub(super) const PRIVATE_KEY: &str = "private_key";
/// Set by Cognito, never taken from callers.
pub(super) const ADD_ATTRIBUTES: &str = "attributes_url_add_attributes";
/// Longest detail or mapping value (`StringType`).
pub(super) const MAX_VALUE: usize = 131_072;
/// IdP identifiers one provider may have.
const MAX_IDENTIFIERS: usize = 50;

/// `\p{Z}`: space, line and paragraph separators (white space that is not a control).
pub(super) fn is_separator(c: char) -> bool {
    c.is_whitespace() && !c.is_control()
}

/// `[\p{L}\p{M}\p{S}\p{N}\p{P}]`: no space, control or format character.
pub(super) fn is_visible(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || is_format(c))
}

/// A provider name as DescribeIdentityProvider and the others take it: 1–32 characters.
pub(super) fn check_name_length(name: &str) -> CoreResult<()> {
    if (1..=32).contains(&name.chars().count()) {
        Ok(())
    } else {
        Err(CoreError::constraint(
            "providerName",
            name,
            "Member must have length between 1 and 32",
        ))
    }
}

/// A new provider's name: 1–32 characters of `[^_\p{Z}][\p{L}\p{M}\p{S}\p{N}\p{P}][^_\p{Z}]+`,
/// so at least three, a visible second one, and no underscore or space anywhere else.
pub(super) fn check_name(name: &str) -> CoreResult<()> {
    check_name_length(name)?;
    let open = |c: &char| *c != '_' && !is_separator(*c);
    let chars: Vec<char> = name.chars().collect();
    let fits = match chars.as_slice() {
        [first, second, rest @ ..] => {
            !rest.is_empty() && open(first) && is_visible(*second) && rest.iter().all(open)
        }
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(CoreError::constraint(
            "providerName",
            name,
            "Member must satisfy regular expression pattern: [^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+",
        ))
    }
}

pub(super) fn provider_type(value: &str) -> CoreResult<ProviderType> {
    ProviderType::parse(value).ok_or_else(|| {
        CoreError::constraint(
            "providerType",
            value,
            "Member must satisfy enum value set: [SAML, Facebook, Google, LoginWithAmazon, SignInWithApple, OIDC]",
        )
    })
}

/// A social provider is named after its type, and neither `COGNITO` nor a social type's name
/// may name a provider of another type (Cognito: "Provider X cannot be of type Google.").
pub(super) fn check_name_fits_type(name: &str, kind: ProviderType) -> CoreResult<()> {
    let reserved = name.eq_ignore_ascii_case(COGNITO)
        || ProviderType::ALL
            .iter()
            .any(|t| t.is_social() && t.as_str() == name);
    let fits = if kind.is_social() {
        name == kind.as_str()
    } else {
        !reserved
    };
    if fits {
        Ok(())
    } else {
        Err(CoreError::InvalidParameter(format!(
            "Provider {name} cannot be of type {}.",
            kind.as_str()
        )))
    }
}

/// Why an IdP identifier breaks `IdpIdentifierType` (1–40 of `[\w\s+=.@-]`), if it does.
pub(super) fn identifier_fault(identifier: &str) -> Option<&'static str> {
    if !(1..=40).contains(&identifier.chars().count()) {
        return Some("Member must have length between 1 and 40");
    }
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_+=.@-".contains(c);
    if identifier.chars().all(allowed) {
        None
    } else {
        Some("Member must satisfy regular expression pattern: [\\w\\s+=.@-]+")
    }
}

/// `IdpIdentifiers`: at most 50, each valid and listed once.
pub(super) fn check_identifiers(given: &[String]) -> CoreResult<()> {
    let listed = format!("[{}]", given.join(", "));
    if given.len() > MAX_IDENTIFIERS {
        return Err(CoreError::constraint(
            "idpIdentifiers",
            &listed,
            "Member must have length less than or equal to 50",
        ));
    }
    for (i, identifier) in given.iter().enumerate() {
        if let Some(fault) = identifier_fault(identifier) {
            return Err(CoreError::constraint(
                "idpIdentifiers",
                &listed,
                &format!("Member must satisfy constraint: [{fault}]"),
            ));
        }
        if given[..i].contains(identifier) {
            return Err(CoreError::InvalidParameter(format!(
                "IdpIdentifier {identifier} is listed more than once."
            )));
        }
    }
    Ok(())
}

/// A map's keys of `key_lengths` characters and values of at most 131072. Values are not
/// echoed: details carry secrets.
pub(super) fn check_map(
    member: &str,
    map: &BTreeMap<String, String>,
    key_lengths: std::ops::RangeInclusive<usize>,
) -> CoreResult<()> {
    for (key, value) in map {
        if !key_lengths.contains(&key.chars().count()) {
            return Err(CoreError::constraint(
                member,
                key,
                &format!(
                    "Map keys must satisfy constraint: [Member must have length between {} and {}]",
                    key_lengths.start(),
                    key_lengths.end()
                ),
            ));
        }
        if value.chars().count() > MAX_VALUE {
            return Err(CoreError::InvalidParameter(format!(
                "1 validation error detected: Value at '{member}.{key}' failed to satisfy constraint: Member must have length less than or equal to {MAX_VALUE}"
            )));
        }
    }
    Ok(())
}

/// The details each type requires, and Cognito's message when one is missing.
pub(super) fn required_details(kind: ProviderType) -> (&'static [&'static str], &'static str) {
    match kind {
        ProviderType::Google | ProviderType::Facebook | ProviderType::LoginWithAmazon => (
            &["client_id", "client_secret", "authorize_scopes"],
            // Verified: Cognito's answer when one is missing.
            "client_id, client_secret and authorize_scopes are all required idp details.",
        ),
        ProviderType::SignInWithApple => (
            &["client_id", "team_id", "key_id", PRIVATE_KEY, "authorize_scopes"],
            "client_id, team_id, key_id, private_key and authorize_scopes are all required idp details.",
        ),
        ProviderType::Oidc => (
            &["client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"],
            "client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details.",
        ),
        ProviderType::Saml => (&[], ""),
    }
}

/// Checks a provider's details; Apple's private key counts as given when `keeps_private_key`
/// (an update that leaves it out keeps the one stored, which no one can read back).
pub(super) fn check_details(
    kind: ProviderType,
    details: &BTreeMap<String, String>,
    keeps_private_key: bool,
) -> CoreResult<()> {
    let has = |key: &str| {
        details.get(key).is_some_and(|v| !v.is_empty()) || (key == PRIVATE_KEY && keeps_private_key)
    };
    let (required, missing) = required_details(kind);
    if !required.iter().all(|&key| has(key)) {
        return Err(CoreError::InvalidParameter(missing.into()));
    }
    match kind {
        ProviderType::Oidc
            if !matches!(
                details.get("attributes_request_method").map(String::as_str),
                Some("GET" | "POST")
            ) =>
        {
            Err(CoreError::InvalidParameter(
                "attributes_request_method must be GET or POST.".into(),
            ))
        }
        ProviderType::Saml => match (has("MetadataURL"), has("MetadataFile")) {
            (false, false) => Err(CoreError::InvalidParameter(
                "Either MetadataURL or MetadataFile is required.".into(),
            )),
            (true, true) => Err(CoreError::InvalidParameter(
                "Only one of MetadataURL and MetadataFile may be given.".into(),
            )),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// `mapping` with Cognito's `username` mapping added when it has none: the one provider
/// attribute Cognito allows there (Facebook `id`, Login with Amazon `user_id`, `sub` for the
/// other OAuth providers).
pub(super) fn with_username(
    kind: ProviderType,
    mut mapping: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let attribute = match kind {
        ProviderType::Facebook => "id",
        ProviderType::LoginWithAmazon => "user_id",
        ProviderType::Google | ProviderType::SignInWithApple | ProviderType::Oidc => "sub",
        ProviderType::Saml => return mapping,
    };
    mapping
        .entry("username".to_string())
        .or_insert_with(|| attribute.to_string());
    mapping
}

/// What Cognito adds to a provider's details when it shows them: a social provider's endpoints
/// and the read-only `attributes_url_add_attributes` (values from the DescribeIdentityProvider
/// examples of the API reference). Details given keep their value.
pub(super) fn well_known(
    kind: ProviderType,
    details: &BTreeMap<String, String>,
) -> Vec<(&'static str, String)> {
    match kind {
        ProviderType::Google => fixed(&[
            (
                "attributes_url",
                "https://people.googleapis.com/v1/people/me?personFields=",
            ),
            (ADD_ATTRIBUTES, "true"),
            (
                "authorize_url",
                "https://accounts.google.com/o/oauth2/v2/auth",
            ),
            ("oidc_issuer", "https://accounts.google.com"),
            ("token_request_method", "POST"),
            ("token_url", "https://www.googleapis.com/oauth2/v4/token"),
        ]),
        ProviderType::Facebook => {
            // Graph API paths carry `api_version` (`v17.0`) when given.
            let version = details
                .get("api_version")
                .filter(|v| !v.is_empty())
                .map(|v| format!("/{v}"))
                .unwrap_or_default();
            vec![
                (
                    "attributes_url",
                    format!("https://graph.facebook.com{version}/me?fields="),
                ),
                (ADD_ATTRIBUTES, "true".to_string()),
                (
                    "authorize_url",
                    format!("https://www.facebook.com{version}/dialog/oauth"),
                ),
                ("token_request_method", "GET".to_string()),
                (
                    "token_url",
                    format!("https://graph.facebook.com{version}/oauth/access_token"),
                ),
            ]
        }
        ProviderType::LoginWithAmazon => fixed(&[
            ("attributes_url", "https://api.amazon.com/user/profile"),
            (ADD_ATTRIBUTES, "false"),
            ("authorize_url", "https://www.amazon.com/ap/oa"),
            ("token_request_method", "POST"),
            ("token_url", "https://api.amazon.com/auth/o2/token"),
        ]),
        ProviderType::SignInWithApple => fixed(&[
            (ADD_ATTRIBUTES, "false"),
            ("authorize_url", "https://appleid.apple.com/auth/authorize"),
            ("oidc_issuer", "https://appleid.apple.com"),
            ("token_request_method", "POST"),
            ("token_url", "https://appleid.apple.com/auth/token"),
        ]),
        ProviderType::Oidc => fixed(&[(ADD_ATTRIBUTES, "false")]),
        ProviderType::Saml => Vec::new(),
    }
}

/// Fixed details as owned pairs.
pub(super) fn fixed(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
}
