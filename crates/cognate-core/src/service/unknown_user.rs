//! What an unknown user's password is checked against, so that it costs the same time as a
//! known user's: the password itself (USER_PASSWORD_AUTH), or the SRP proof of it, whose
//! handshake runs on this verifier for a name no user holds.

use cognate_crypto::{random, srp};

/// A verifier for no one: unknown users are checked against it so that they cost the same time
/// as known ones.
pub(crate) struct DummyVerifier {
    salt: Vec<u8>,
    verifier: Vec<u8>,
}

impl DummyVerifier {
    pub(crate) fn new() -> Self {
        let salt = srp::new_salt();
        let verifier = srp::compute_verifier("dummy", "dummy", &random::alnum(24), &salt);
        Self { salt, verifier }
    }
}

impl DummyVerifier {
    pub(crate) fn salt(&self) -> &[u8] {
        &self.salt
    }

    pub(crate) fn verifier(&self) -> &[u8] {
        &self.verifier
    }
}
