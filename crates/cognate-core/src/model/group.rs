//! User-pool groups. Members are kept beside the group (pool, group name, user `sub`), so
//! deleting a user or a group removes its memberships and nothing else.

use serde::{Deserialize, Serialize};

/// A group of a pool's users: its name and role travel in its members' tokens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The pool.
    pub pool_id: String,
    /// Unique in the pool (case-sensitive).
    pub name: String,
    /// What the group is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// IAM role ARN of its members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// Lower values take precedence; none ranks after every number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<i64>,
    /// Epoch ms.
    pub created_ms: i64,
    /// Epoch ms.
    pub modified_ms: i64,
}
