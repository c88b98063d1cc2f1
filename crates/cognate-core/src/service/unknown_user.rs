//! What an unknown user's password is checked against, so that it costs the same time as a
//! known user's: the password itself (USER_PASSWORD_AUTH), or the SRP proof of it, whose
//! handshake runs on this verifier for a name no user holds.

use cognate_crypto::{random, srp};
use serde_json::json;

use crate::model::User;

/// A verifier for no one: unknown users are checked against it so that they cost the same time
/// as known ones.
pub(crate) struct DummyVerifier {
    salt: Vec<u8>,
    verifier: Vec<u8>,
    /// A user document of the usual size (attributes, a password, a pending code), as the
    /// store hands a found user over.
    document: Vec<u8>,
}

impl DummyVerifier {
    pub(crate) fn new() -> Self {
        let salt = srp::new_salt();
        let verifier = srp::compute_verifier("dummy", "dummy", &random::alnum(24), &salt);
        let sub = uuid::Uuid::new_v4().to_string();
        let email = format!("{}@example.com", random::alnum(16));
        let document = json!({
            "pool_id": "us-east-1_Standin00",
            "sub": sub,
            "username": sub,
            "attributes": {"email": email, "email_verified": "false", "name": "Stand In", "sub": sub},
            "status": "UNCONFIRMED",
            "enabled": true,
            "created_ms": 0,
            "modified_ms": 0,
            "password": {
                "salt_hex": hex::encode(&salt),
                "sealed_verifier": random::alnum(560),
                "set_ms": 0,
            },
            "codes": {"sign_up": {
                "hash": random::alnum(64),
                "expires_ms": 0,
                "failed_attempts": 0,
                "attribute": "email",
            }},
        })
        .to_string()
        .into_bytes();
        Self {
            salt,
            verifier,
            document,
        }
    }
}

impl DummyVerifier {
    pub(crate) fn salt(&self) -> &[u8] {
        &self.salt
    }

    pub(crate) fn verifier(&self) -> &[u8] {
        &self.verifier
    }

    /// Reads the stand-in document as a found user is read; `None`, as for an unknown name.
    pub(crate) fn read_as_found(&self) -> Option<User> {
        let read = serde_json::from_slice::<User>(&self.document);
        debug_assert!(read.is_ok(), "the stand-in user document reads as a user");
        std::hint::black_box(read).ok().and(None)
    }
}
