//! What the Users pages share: the path of a user page, the URLs of the users list and of a
//! user page (a username percent-encoded as one path segment), reading a user's attributes,
//! reading a pool and one of its users, where the pages sit in the navigation, and which refusals no form can mend.

use std::collections::BTreeMap;

use axum::{extract::Path, response::Response};
use serde_json::{json, Value};

use crate::console::{
    access::Operator,
    pool_settings::{pool_header, pool_name, text},
    shell::{notice_query, Place, Section},
};

/// The path of a user page: the pool id and the username.
pub(super) type UserPath = Path<(String, String)>;

/// The pool (as its pages' header reads it) and the user (AdminGetUser), or the page saying
/// why either cannot be read.
pub(super) async fn pool_and_user(
    operator: &Operator,
    pool_id: &str,
    username: &str,
) -> Result<(Value, Value), Response> {
    let pool = pool_header(operator, pool_id).await?;
    let named = json!({ "UserPoolId": pool_id, "Username": username });
    let user = operator
        .call("AdminGetUser", named)
        .await
        .map_err(|error| operator.failure(&error))?;
    Ok((pool, user))
}

/// `value` as one segment of a URL path, percent-encoded. A user named `new` is written
/// `%6Eew`, which the router reads as a username rather than the create-user page.
pub(super) fn segment(value: &str) -> String {
    if value == "new" {
        return "%6Eew".to_string();
    }
    form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The users list of a pool.
pub(super) fn users_url(pool_id: &str) -> String {
    format!("/console/pools/{}/users", segment(pool_id))
}

/// A user's page.
pub(super) fn user_url(pool_id: &str, username: &str) -> String {
    format!("{}/{}", users_url(pool_id), segment(username))
}

/// `url` with a notice for the page it leads to.
pub(super) fn with_notice(url: &str, text: &str) -> String {
    format!("{url}?{}", notice_query(text))
}

/// The value of attribute `name` in a list of `{Name, Value}`.
pub(super) fn attribute<'a>(list: Option<&'a Value>, name: &str) -> Option<&'a str> {
    let item = list?
        .as_array()?
        .iter()
        .find(|a| a.get("Name").and_then(Value::as_str) == Some(name))?;
    item.get("Value").and_then(Value::as_str)
}

/// A list of `{Name, Value}` as a map.
pub(super) fn attribute_map(list: Option<&Value>) -> BTreeMap<String, String> {
    list.and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|a| {
                    let name = a.get("Name").and_then(Value::as_str)?;
                    Some((name.to_string(), text(a, "Value").to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Where the Users pages sit in the navigation.
pub(super) fn place<'a>(pool_id: &'a str, pool: &'a Value) -> Place<'a> {
    Place::Pool {
        id: pool_id,
        name: pool_name(pool),
        section: Section::Users,
    }
}

/// Whether an error is one no form can mend: the page answers with the failure page.
pub(super) fn is_fatal(kind: &str) -> bool {
    matches!(
        kind,
        "InternalErrorException" | "ResourceNotFoundException" | "UserNotFoundException"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_become_one_path_segment_and_new_is_not_the_create_page() {
        assert_eq!(
            segment("ann lee+1@example.com"),
            "ann%20lee%2B1%40example.com"
        );
        assert_eq!(segment("a/b"), "a%2Fb");
        assert_eq!(segment("us-east-1_ab-12"), "us-east-1_ab-12");
        assert_eq!(segment("new"), "%6Eew");
    }
}
