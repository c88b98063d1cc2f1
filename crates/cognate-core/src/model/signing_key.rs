//! A pool's token-signing keys as the store keeps them: RSA key pairs sealed with the master
//! key, in generations. Each generation holds one key for ID tokens and one for access tokens;
//! the newest generation of each use signs, and every key of the pool verifies and is published
//! in its JWKS until an operator retires it.

use serde::{Deserialize, Serialize};

/// Which tokens a key signs (the `token_use` claim of the tokens it signs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenUse {
    /// ID tokens.
    Id,
    /// Access tokens.
    Access,
}

impl TokenUse {
    /// Both uses, in the order the JWKS lists a generation's keys.
    pub const ALL: [TokenUse; 2] = [TokenUse::Id, TokenUse::Access];

    /// The stored and printed name: `id` or `access`.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }

    /// The use a stored name names.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "id" => Some(TokenUse::Id),
            "access" => Some(TokenUse::Access),
            _ => None,
        }
    }
}

/// One signing key of a pool, sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedSigningKey {
    /// The pool.
    pub pool_id: String,
    /// 1 for the keys made with the pool, one more at each rotation; with `token_use`, the key's
    /// identity in the store.
    pub generation: i64,
    /// The tokens it signs.
    pub token_use: TokenUse,
    /// When it was made, epoch ms.
    pub created_ms: i64,
    /// The PKCS#8 document, sealed with the master key (standard base64).
    pub sealed: String,
}

/// One of a pool's signing keys, as `cognate keys list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningKeyInfo {
    /// The key id that tokens name in their header and the JWKS lists (`kid`).
    pub kid: String,
    /// The tokens it signs.
    pub token_use: TokenUse,
    /// Its generation: 1 for the keys made with the pool, one more at each rotation.
    pub generation: i64,
    /// When it was made, epoch ms.
    pub created_ms: i64,
    /// Whether it signs new tokens: the newest key of its use.
    pub is_current: bool,
}

impl SigningKeyInfo {
    /// `created_ms` as RFC 3339 in UTC, to the second.
    pub fn created_utc(&self) -> String {
        time::OffsetDateTime::from_unix_timestamp(self.created_ms.div_euclid(1000))
            .ok()
            .and_then(|at| {
                at.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            })
            .unwrap_or_else(|| self.created_ms.to_string())
    }
}
