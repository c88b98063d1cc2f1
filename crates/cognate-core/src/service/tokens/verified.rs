//! Who a checked access token speaks for, and the tokens whose signature already verified.

use std::{collections::HashMap, sync::Arc};

use super::claims::AccessClaims;
use crate::model::{AppClient, User};

/// Who an access token speaks for, after every check passed.
#[derive(Debug, Clone)]
pub struct AccessContext {
    /// The pool's id (load the pool with `Cognate::token_pool` when an operation needs it).
    pub pool_id: String,
    /// The user, as stored now.
    pub user: User,
    /// The client the token was issued to.
    pub client: AppClient,
    /// The token's verified claims.
    pub claims: Arc<AccessClaims>,
}

/// An access token whose signature verified: the key that made it and the token's claims.
#[derive(Clone)]
pub(crate) struct Verified {
    /// The signing key's id (`kid`): the token holds only while the pool still has that key.
    pub(crate) kid: String,
    /// The verified claims.
    pub(crate) claims: Arc<AccessClaims>,
}

/// Access tokens whose signature already verified, by SHA-256 of the token. Bounded: cleared
/// when full. Only the signature check is remembered; the key's presence, expiry, revocation
/// and the user's state are checked on every use.
#[derive(Default)]
pub(crate) struct VerifiedTokens(std::sync::Mutex<HashMap<[u8; 32], Verified>>);

const VERIFIED_CAPACITY: usize = 50_000;

impl VerifiedTokens {
    fn key(token: &str) -> [u8; 32] {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
        let mut key = [0_u8; 32];
        key.copy_from_slice(digest.as_ref());
        key
    }

    pub(crate) fn get(&self, token: &str) -> Option<Verified> {
        self.0.lock().ok()?.get(&Self::key(token)).cloned()
    }

    pub(crate) fn insert(&self, token: &str, verified: Verified) {
        if let Ok(mut map) = self.0.lock() {
            if map.len() >= VERIFIED_CAPACITY {
                map.clear();
            }
            map.insert(Self::key(token), verified);
        }
    }
}
