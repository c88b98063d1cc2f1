//! Tags of user pools: `UserPoolTags` at CreateUserPool and UpdateUserPool, and TagResource,
//! UntagResource and ListTagsForResource by the pool's ARN. Checked as AWS checks tags: at
//! most 50, keys of 1–128 and values of up to 256 letters, digits, spaces and `_.:/=+-@`, no
//! key starting with `aws:`.

use std::collections::BTreeMap;

use cognate_proto::ListTagsForResourceResponse;
use serde_json::Value;

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::UserPool,
};

/// Tags one resource may have.
const MAX_TAGS: usize = 50;

fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c)
}

/// A set of tags as given, checked.
pub(super) fn check(tags: &BTreeMap<String, String>) -> CoreResult<()> {
    if tags.len() > MAX_TAGS {
        return Err(CoreError::constraint(
            "tags",
            &tags.len().to_string(),
            "Member must have length less than or equal to 50",
        ));
    }
    for (key, value) in tags {
        let len = key.chars().count();
        if !(1..=128).contains(&len) {
            return Err(CoreError::constraint(
                "tags.key",
                key,
                "Member must have length between 1 and 128",
            ));
        }
        if !key.chars().all(tag_char) {
            return Err(CoreError::constraint(
                "tags.key",
                key,
                "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
            ));
        }
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(CoreError::InvalidParameter(format!(
                "Tag keys starting with 'aws:' are reserved for AWS use: {key}"
            )));
        }
        if value.chars().count() > 256 {
            return Err(CoreError::constraint(
                "tags.value",
                value,
                "Member must have length less than or equal to 256",
            ));
        }
        if !value.chars().all(tag_char) {
            return Err(CoreError::constraint(
                "tags.value",
                value,
                "Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
            ));
        }
    }
    Ok(())
}

/// `UserPoolTags` as a request gives them (an object of strings), checked.
pub(super) fn from_settings(value: &Value) -> CoreResult<BTreeMap<String, String>> {
    let tags: BTreeMap<String, String> = serde_json::from_value(value.clone()).map_err(|_| {
        CoreError::InvalidParameter("UserPoolTags must map tag keys to string values.".into())
    })?;
    check(&tags)?;
    Ok(tags)
}

/// A pool's tags.
fn of(pool: &UserPool) -> BTreeMap<String, String> {
    pool.settings
        .user_pool_tags
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}

fn store_in(pool: &mut UserPool, tags: &BTreeMap<String, String>) {
    pool.settings.user_pool_tags = (!tags.is_empty()).then(|| {
        Value::Object(
            tags.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        )
    });
}

impl Cognate {
    /// The ARN of a pool: `arn:aws:cognito-idp:<region>:<account>:userpool/<id>`, in the
    /// pool's region (its id's prefix).
    pub(super) fn pool_arn(&self, pool_id: &str) -> String {
        format!(
            "arn:aws:cognito-idp:{}:{}:userpool/{pool_id}",
            Self::region_of(pool_id),
            self.config.account_id
        )
    }

    /// The region a pool lives in: its id's prefix (`us-east-1_…`).
    pub(crate) fn region_of(pool_id: &str) -> &str {
        pool_id
            .split_once('_')
            .map_or(pool_id, |(region, _)| region)
    }

    /// The pool an ARN names; Cognito's errors for an ARN that names nothing of this account.
    async fn tagged_pool(&self, arn: &str) -> CoreResult<UserPool> {
        let id = arn
            .strip_prefix("arn:aws:cognito-idp:")
            .and_then(|rest| rest.split_once(":userpool/"))
            .filter(|(scope, _)| scope.ends_with(&format!(":{}", self.config.account_id)))
            .map(|(_, id)| id)
            .ok_or_else(|| CoreError::InvalidParameter(format!("Invalid resource ARN: {arn}")))?;
        self.pool(id).await
    }

    /// TagResource: adds the tags, replacing the values of keys the pool has.
    pub async fn tag_resource(
        &self,
        arn: &str,
        given: &BTreeMap<String, String>,
    ) -> CoreResult<()> {
        let mut pool = self.tagged_pool(arn).await?;
        let mut tags = of(&pool);
        tags.extend(given.iter().map(|(k, v)| (k.clone(), v.clone())));
        check(given)?;
        check(&tags)?;
        store_in(&mut pool, &tags);
        self.store.update_pool(&pool).await?;
        Ok(())
    }

    /// UntagResource: removes the tags with these keys; keys the pool lacks are ignored.
    pub async fn untag_resource(&self, arn: &str, keys: &[String]) -> CoreResult<()> {
        let mut pool = self.tagged_pool(arn).await?;
        let mut tags = of(&pool);
        for key in keys {
            tags.remove(key);
        }
        store_in(&mut pool, &tags);
        self.store.update_pool(&pool).await?;
        Ok(())
    }

    /// ListTagsForResource.
    pub async fn list_tags_for_resource(
        &self,
        arn: &str,
    ) -> CoreResult<ListTagsForResourceResponse> {
        let pool = self.tagged_pool(arn).await?;
        Ok(ListTagsForResourceResponse { tags: of(&pool) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tags_are_checked_as_aws_checks_them() {
        assert!(check(&tags(&[("Environment", "prod"), ("team:owner", "a@b.c")])).is_ok());
        assert!(check(&tags(&[("empty-value", "")])).is_ok());
        assert!(check(&tags(&[("", "x")])).is_err());
        assert!(check(&tags(&[("aws:reserved", "x")])).is_err());
        assert!(check(&tags(&[("bad*key", "x")])).is_err());
        assert!(check(&tags(&[("k", &"v".repeat(257))])).is_err());
        let many: BTreeMap<String, String> =
            (0..51).map(|i| (format!("k{i}"), String::new())).collect();
        assert!(check(&many).is_err());
    }

    #[test]
    fn user_pool_tags_must_be_strings() {
        assert!(from_settings(&serde_json::json!({"a": "b"})).is_ok());
        assert!(from_settings(&serde_json::json!({"a": 1})).is_err());
        assert!(from_settings(&serde_json::json!(["a"])).is_err());
    }
}
