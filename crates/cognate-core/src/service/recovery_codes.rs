//! Recovery codes (Cognate's own; Cognito has none): ten single-use codes a user keeps for the
//! day the authenticator app is lost. They are kept as keyed hashes, a new set replaces the
//! old one, and one is accepted wherever a one-time MFA code is asked (the hosted MFA page,
//! `SMS_MFA_CODE` / `SOFTWARE_TOKEN_MFA_CODE`), under the same attempt limits.

use cognate_crypto::{ct::ct_eq, random};

use crate::{
    error::{CoreError, CoreResult},
    model::{AccessToken, RecoveryCode, User, UserPool},
    service::{sign_in::SignedIn, Cognate},
};

/// Codes in a set.
pub const SET_SIZE: usize = 10;
/// Characters in a code (shown as two groups of five).
const LENGTH: usize = 10;

/// A code as typed, without spaces or dashes, in lower case.
fn normalise(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `code` has the shape of a recovery code (not of a 6-digit one-time code).
pub(crate) fn looks_like(code: &str) -> bool {
    let code = normalise(code);
    code.len() == LENGTH && code.chars().all(|c| c.is_ascii_alphanumeric())
}

impl Cognate {
    fn recovery_hash(&self, pool: &UserPool, user: &User, code: &str) -> String {
        let keyed = format!("{}\n{}\n{}", pool.id, user.sub, normalise(code));
        self.master_key.mac_hex("recovery-code", keyed.as_bytes())
    }

    /// The index of the user's unused recovery code `code` is, if any (every code compared, in
    /// constant time).
    pub(crate) fn matching_recovery_code(
        &self,
        pool: &UserPool,
        user: &User,
        code: &str,
    ) -> Option<usize> {
        if !looks_like(code) {
            return None;
        }
        let hash = self.recovery_hash(pool, user, code);
        let mut found = None;
        for (i, stored) in user.recovery_codes.iter().enumerate() {
            if ct_eq(stored.hash.as_bytes(), hash.as_bytes()) && stored.used_ms.is_none() {
                found = Some(i);
            }
        }
        found
    }

    /// A new set of recovery codes for `user`, replacing any earlier set; the codes, to show
    /// once.
    pub(crate) async fn issue_recovery_codes(
        &self,
        pool: &UserPool,
        user: &User,
    ) -> CoreResult<Vec<String>> {
        let codes: Vec<String> = (0..SET_SIZE)
            .map(|_| {
                let raw = random::unambiguous(LENGTH);
                format!("{}-{}", &raw[..LENGTH / 2], &raw[LENGTH / 2..])
            })
            .collect();
        let hashed: Vec<RecoveryCode> = codes
            .iter()
            .map(|code| RecoveryCode {
                hash: self.recovery_hash(pool, user, code),
                used_ms: None,
            })
            .collect();
        self.modify_user(pool, user, |u| {
            u.recovery_codes.clone_from(&hashed);
            Ok(())
        })
        .await?;
        Ok(codes)
    }

    /// A new set of recovery codes for the user of an access token (Cognate's own endpoint,
    /// `POST /cognate/recovery-codes`).
    pub async fn new_recovery_codes(&self, token: &AccessToken) -> CoreResult<Vec<String>> {
        let ctx = self.authorize_access_token(token).await?;
        let pool = self.token_pool(&ctx).await?;
        self.issue_recovery_codes(&pool, &ctx.user).await
    }

    /// A new set for the user a hosted sign-in just signed in (after an authenticator app was
    /// set up on the pages).
    pub async fn recovery_codes_after_sign_in(
        &self,
        pool_id: &str,
        done: &SignedIn,
    ) -> CoreResult<Vec<String>> {
        let pool = self.pool(pool_id).await?;
        let user = self
            .store
            .find_user(&pool.id, &done.sub)
            .await?
            .ok_or_else(CoreError::session_expired)?;
        self.issue_recovery_codes(&pool, &user).await
    }

    /// A new set for the user of a live managed-login session of the pool; none without one.
    pub async fn recovery_codes_for_login(
        &self,
        pool_id: &str,
        login: &str,
    ) -> CoreResult<Option<Vec<String>>> {
        let pool = self.pool(pool_id).await?;
        let Some((user, _)) = self.live_login(&pool, login).await? else {
            return Ok(None);
        };
        Ok(Some(self.issue_recovery_codes(&pool, &user).await?))
    }

    /// How many unused recovery codes the user of an access token has left.
    pub async fn recovery_codes_left(&self, token: &AccessToken) -> CoreResult<usize> {
        let ctx = self.authorize_access_token(token).await?;
        Ok(ctx
            .user
            .recovery_codes
            .iter()
            .filter(|c| c.used_ms.is_none())
            .count())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_without_case_spaces_or_dashes_and_six_digits_are_not_codes() {
        assert_eq!(normalise(" AbCde-12345 "), "abcde12345");
        assert!(looks_like("abcde-12345"));
        assert!(looks_like("ABCDE 12345"));
        assert!(!looks_like("123456"));
        assert!(!looks_like("abcde-1234!"));
    }
}
