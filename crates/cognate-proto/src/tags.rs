//! Tags of user pools: TagResource, UntagResource, ListTagsForResource.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// TagResource input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagResourceRequest {
    /// The user pool's ARN.
    #[serde(default)]
    pub resource_arn: Option<String>,
    /// Tags to add or replace.
    #[serde(default)]
    pub tags: Option<BTreeMap<String, String>>,
}

/// UntagResource input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UntagResourceRequest {
    /// The user pool's ARN.
    #[serde(default)]
    pub resource_arn: Option<String>,
    /// Keys of the tags to remove.
    #[serde(default)]
    pub tag_keys: Option<Vec<String>>,
}

/// ListTagsForResource input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceRequest {
    /// The user pool's ARN.
    #[serde(default)]
    pub resource_arn: Option<String>,
}

/// ListTagsForResource output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListTagsForResourceResponse {
    /// The pool's tags.
    pub tags: BTreeMap<String, String>,
}
