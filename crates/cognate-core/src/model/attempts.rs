//! What Cognate counts per subject of a pool, apart from any user's document: failed sign-ins
//! (the lockout) and recent calls of the rate-limited operations that answer for any name. A
//! subject is a user, or a name that no user holds; both are counted alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::user::Lockout;

/// The counters of one subject of a pool, as the store keeps them (one row each).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Attempts {
    /// Owning pool.
    pub pool_id: String,
    /// Keyed hash of the subject (hex): a user's `sub`, or a name no user holds, never in clear.
    pub subject: String,
    /// Failed sign-ins (Cognito's exponential lockout).
    #[serde(default)]
    pub lockout: Lockout,
    /// Recent calls of rate-limited operations, epoch ms, by operation.
    #[serde(default)]
    pub calls: BTreeMap<String, Vec<i64>>,
    /// When nothing here counts any more, epoch ms: the record may be deleted from then on.
    #[serde(default)]
    pub expires_ms: i64,
    /// Optimistic-concurrency version, maintained by the store; 0 for a record not stored yet.
    #[serde(skip)]
    pub version: i64,
}

impl Attempts {
    /// The empty counters of `subject`, not stored yet.
    pub fn new(pool_id: &str, subject: String) -> Self {
        Self {
            pool_id: pool_id.to_string(),
            subject,
            ..Self::default()
        }
    }
}
