//! Passwords: the pool's policy, and the SRP verifier that is the only form in which Cognate
//! keeps a password. A USER_PASSWORD_AUTH check recomputes the verifier from the presented
//! password and compares it in constant time with the stored one (sealed with the master key).

use cognate_crypto::{ct::ct_eq, random, srp};

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::{PasswordPolicy, PasswordRecord, User, UserPool},
};

pub(crate) const SEAL_PURPOSE: &str = "srp-verifier";
/// Characters Cognito counts as symbols.
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";
/// Cognito's upper bound on password length.
const MAX_LEN: usize = 256;

/// Checks a password against the pool's policy, naming the first rule it breaks.
pub(super) fn check_policy(policy: &PasswordPolicy, password: &str) -> CoreResult<()> {
    let fail = |why: &str| {
        Err(CoreError::InvalidPassword(format!(
            "Password did not conform with policy: {why}"
        )))
    };
    if password.chars().count() < policy.minimum_length {
        return fail("Password not long enough");
    }
    if password.chars().count() > MAX_LEN {
        return fail("Password is too long");
    }
    if policy.require_lowercase && !password.chars().any(|c| c.is_lowercase()) {
        return fail("Password must have lowercase characters");
    }
    if policy.require_uppercase && !password.chars().any(|c| c.is_uppercase()) {
        return fail("Password must have uppercase characters");
    }
    if policy.require_numbers && !password.chars().any(|c| c.is_ascii_digit()) {
        return fail("Password must have numeric characters");
    }
    if policy.require_symbols && !password.chars().any(|c| SYMBOLS.contains(c)) {
        return fail("Password must have symbol characters");
    }
    Ok(())
}

/// A random password that satisfies any policy (for AdminCreateUser without one).
pub(super) fn temporary_password(policy: &PasswordPolicy) -> String {
    let mut password = random::alnum(policy.minimum_length.max(12));
    password.push_str("aA1!");
    password
}

impl Cognate {
    /// Computes the password record for `user` (pool name and internal username enter the
    /// verifier, as SRP requires).
    pub(super) async fn password_record(
        &self,
        pool: &UserPool,
        username: &str,
        password: &str,
        temporary_until_ms: Option<i64>,
    ) -> CoreResult<PasswordRecord> {
        let (pool_name, username, password) = (
            pool.srp_pool_name().to_string(),
            username.to_string(),
            password.to_string(),
        );
        let (salt, verifier) = tokio::task::spawn_blocking(move || {
            let salt = srp::new_salt();
            let verifier = srp::compute_verifier(&pool_name, &username, &password, &salt);
            (salt, verifier)
        })
        .await
        .map_err(|e| CoreError::Internal(e.into()))?;
        Ok(PasswordRecord {
            salt_hex: hex::encode(salt),
            sealed_verifier: self
                .master_key
                .seal_b64(SEAL_PURPOSE, &verifier)
                .map_err(|e| CoreError::Internal(e.into()))?,
            set_ms: self.now_ms(),
            temporary_until_ms,
        })
    }

    /// The stored verifier of a user, unsealed.
    pub(super) fn verifier(&self, record: &PasswordRecord) -> CoreResult<(Vec<u8>, Vec<u8>)> {
        let verifier = self
            .master_key
            .open_b64(SEAL_PURPOSE, &record.sealed_verifier)
            .map_err(|e| {
                CoreError::Internal(anyhow::Error::new(e).context("unsealing verifier"))
            })?;
        let salt = hex::decode(&record.salt_hex)
            .map_err(|e| CoreError::Internal(anyhow::Error::new(e).context("decoding salt")))?;
        Ok((salt, verifier.to_vec()))
    }

    /// Whether `password` is the user's password. Users without a password never match, but
    /// cost the same time.
    pub(super) async fn password_matches(
        &self,
        pool: &UserPool,
        user: &User,
        password: &str,
    ) -> CoreResult<bool> {
        let Some(record) = user.password.as_ref() else {
            self.burn_password_check(password).await;
            return Ok(false);
        };
        let (salt, expected) = self.verifier(record)?;
        let (pool_name, username, password) = (
            pool.srp_pool_name().to_string(),
            user.username.clone(),
            password.to_string(),
        );
        tokio::task::spawn_blocking(move || {
            let actual = srp::compute_verifier(&pool_name, &username, &password, &salt);
            ct_eq(&actual, &expected)
        })
        .await
        .map_err(|e| CoreError::Internal(e.into()))
    }

    /// Spends the time of one password check, for users that do not exist.
    pub(super) async fn burn_password_check(&self, password: &str) {
        let (salt, expected) = (
            self.dummy_password.salt().to_vec(),
            self.dummy_password.verifier().to_vec(),
        );
        let password = password.to_string();
        let _ = tokio::task::spawn_blocking(move || {
            let actual = srp::compute_verifier("dummy", "dummy", &password, &salt);
            ct_eq(&actual, &expected)
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed_policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: false,
            temporary_password_validity_days: 7,
        }
    }

    #[test]
    fn policy_violations_name_the_rule() {
        let p = seed_policy();
        assert!(check_policy(&p, "TestPass123").is_ok());
        let msg = |pw: &str| check_policy(&p, pw).unwrap_err().to_string();
        assert!(msg("Tp1").ends_with("Password not long enough"));
        assert!(msg("testpass123").ends_with("Password must have uppercase characters"));
        assert!(msg("TESTPASS123").ends_with("Password must have lowercase characters"));
        assert!(msg("TestPassword").ends_with("Password must have numeric characters"));
        let symbols = PasswordPolicy {
            require_symbols: true,
            ..p
        };
        assert!(check_policy(&symbols, "TestPass123")
            .unwrap_err()
            .to_string()
            .ends_with("symbol characters"));
        assert!(check_policy(&symbols, "TestPass123!").is_ok());
    }

    #[test]
    fn generated_temporary_passwords_satisfy_the_strictest_policy() {
        let strict = PasswordPolicy {
            minimum_length: 20,
            require_symbols: true,
            ..seed_policy()
        };
        assert!(check_policy(&strict, &temporary_password(&strict)).is_ok());
    }
}
