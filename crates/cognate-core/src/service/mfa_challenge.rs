//! The second factor at sign-in: which MFA challenge a user gets (SMS_MFA, SOFTWARE_TOKEN_MFA,
//! SELECT_MFA_TYPE, MFA_SETUP), sending the SMS code, and checking the answers. Wrong answers
//! keep the session (as Cognito does) but are bounded per session and counted per user.

use std::collections::BTreeMap;

use cognate_crypto::{ct::ct_eq, random, totp};
use serde_json::{json, Map};

use super::{auth::Challenge, codes::MessageKind, lockout, tokens::SignIn, Cognate};
use crate::{
    delivery::Purpose,
    error::{CoreError, CoreResult},
    model::{AppClient, AuthSession, User, UserPool},
};

/// Wrong answers one challenge session takes before it is void.
const MAX_SESSION_FAILURES: u32 = 5;

/// A second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MfaFactor {
    /// A code by SMS.
    Sms,
    /// An authenticator-app code.
    SoftwareToken,
}

impl MfaFactor {
    fn challenge(self) -> &'static str {
        match self {
            MfaFactor::Sms => "SMS_MFA",
            MfaFactor::SoftwareToken => "SOFTWARE_TOKEN_MFA",
        }
    }
}

fn mfa_mode(pool: &UserPool) -> &str {
    pool.settings.mfa_configuration.as_deref().unwrap_or("OFF")
}

/// The factors the user can answer with now.
pub(super) fn available_factors(pool: &UserPool, user: &User) -> Vec<MfaFactor> {
    let totp = user.mfa.totp_enabled && user.software_token.is_some();
    let can_text = pool.settings.sms_configuration.is_some() && user.attr("phone_number").is_some();
    // In a pool that requires MFA, a user with a phone number and no other factor gets SMS.
    let sms = can_text && (user.mfa.sms_enabled || (mfa_mode(pool) == "ON" && !totp));
    let mut factors = Vec::new();
    if sms {
        factors.push(MfaFactor::Sms);
    }
    if totp {
        factors.push(MfaFactor::SoftwareToken);
    }
    factors
}

fn hash_code(
    master: &cognate_crypto::secretbox::MasterKey,
    sub: &str,
    nonce: &str,
    code: &str,
) -> String {
    hex::encode(master.mac("sms-mfa-code", format!("{sub}|{nonce}|{code}").as_bytes()))
}

impl Cognate {
    /// After the first factor: the MFA challenge the pool and the user require, if any.
    pub(super) async fn mfa_challenge_if_needed(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &SignIn,
    ) -> CoreResult<Option<cognate_proto::AuthResponse>> {
        let mode = mfa_mode(pool);
        if mode == "OFF" {
            return Ok(None);
        }
        let factors = available_factors(pool, user);
        let preferred = match user.mfa.preferred.as_deref() {
            Some("SMS_MFA") => Some(MfaFactor::Sms),
            Some("SOFTWARE_TOKEN_MFA") => Some(MfaFactor::SoftwareToken),
            _ => None,
        }
        .filter(|p| factors.contains(p));
        let response = match (factors.as_slice(), preferred) {
            ([], _) if mode == "ON" => {
                let mut can_setup = Vec::new();
                if pool.settings.sms_configuration.is_some() {
                    can_setup.push("SMS_MFA");
                }
                if pool.software_token_mfa_enabled {
                    can_setup.push("SOFTWARE_TOKEN_MFA");
                }
                let parameters = BTreeMap::from([
                    ("MFAS_CAN_SETUP".to_string(), json!(can_setup).to_string()),
                    ("USER_ID_FOR_SRP".to_string(), user.username.clone()),
                ]);
                self.challenge(
                    pool,
                    client,
                    user,
                    sign_in,
                    Challenge {
                        name: "MFA_SETUP",
                        parameters,
                        state: Default::default(),
                        resume: None,
                    },
                )
                .await?
            }
            ([], _) => return Ok(None),
            (_, Some(factor)) | (&[factor], None) => {
                self.start_mfa(pool, client, user, sign_in, factor).await?
            }
            (many, None) => {
                let names: Vec<&str> = many.iter().map(|f| f.challenge()).collect();
                let parameters = BTreeMap::from([
                    ("MFAS_CAN_CHOOSE".to_string(), json!(names).to_string()),
                    ("USER_ID_FOR_SRP".to_string(), user.username.clone()),
                ]);
                self.challenge(
                    pool,
                    client,
                    user,
                    sign_in,
                    Challenge {
                        name: "SELECT_MFA_TYPE",
                        parameters,
                        state: Default::default(),
                        resume: None,
                    },
                )
                .await?
            }
        };
        Ok(Some(response))
    }

    /// Issues an SMS_MFA (sending the code) or SOFTWARE_TOKEN_MFA challenge.
    pub(super) async fn start_mfa(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &SignIn,
        factor: MfaFactor,
    ) -> CoreResult<cognate_proto::AuthResponse> {
        let mut parameters =
            BTreeMap::from([("USER_ID_FOR_SRP".to_string(), user.username.clone())]);
        let mut extra = Map::new();
        if factor == MfaFactor::Sms {
            let code = random::code6();
            let nonce = random::alnum(16);
            let details = self
                .deliver_code(
                    pool,
                    user,
                    "phone_number",
                    &code,
                    Purpose::Mfa,
                    MessageKind::Mfa,
                )
                .await?;
            parameters.insert(
                "CODE_DELIVERY_DELIVERY_MEDIUM".into(),
                details.delivery_medium,
            );
            parameters.insert("CODE_DELIVERY_DESTINATION".into(), details.destination);
            extra.insert(
                "code_hash".into(),
                json!(hash_code(&self.master_key, &user.sub, &nonce, &code)),
            );
            extra.insert("nonce".into(), json!(nonce));
        } else if let Some(name) = user
            .software_token
            .as_ref()
            .and_then(|t| t.friendly_name.clone())
        {
            parameters.insert("FRIENDLY_DEVICE_NAME".into(), name);
        }
        self.challenge(
            pool,
            client,
            user,
            sign_in,
            Challenge {
                name: factor.challenge(),
                parameters,
                state: extra,
                resume: None,
            },
        )
        .await
    }

    /// Checks an SMS_MFA or SOFTWARE_TOKEN_MFA answer; tokens on success.
    pub(super) async fn answer_mfa_code(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        session: &AuthSession,
        responses: &BTreeMap<String, String>,
        sign_in: SignIn,
    ) -> CoreResult<cognate_proto::AuthResponse> {
        let now = self.now_ms();
        if lockout::is_locked(&user.mfa_lockout, now) {
            return Err(CoreError::NotAuthorized(
                "Password attempts exceeded".into(),
            ));
        }
        let is_sms = session.challenge == "SMS_MFA";
        let field = if is_sms {
            "SMS_MFA_CODE"
        } else {
            "SOFTWARE_TOKEN_MFA_CODE"
        };
        let code = super::auth::param(responses, field)?;
        let accepted_step = if is_sms {
            let nonce = session.data["nonce"].as_str().unwrap_or_default();
            let expected = session.data["code_hash"].as_str().unwrap_or_default();
            let actual = hash_code(&self.master_key, &user.sub, nonce, code.trim());
            ct_eq(actual.as_bytes(), expected.as_bytes()).then_some(0)
        } else {
            self.software_token_step(user, code)?
        };
        let Some(step) = accepted_step else {
            self.count_mfa_failure(pool, user, session, now).await?;
            return Err(CoreError::CodeMismatch(
                "Invalid code or auth state for the user.".into(),
            ));
        };
        self.consume_session(&session.id).await?;
        let (user, ()) = self
            .modify_user(pool, user, |u| {
                if is_sms {
                    // Cognito: a successful SMS MFA proves the phone number.
                    u.attributes
                        .insert("phone_number_verified".into(), "true".into());
                } else if let Some(token) = u.software_token.as_mut() {
                    if step <= token.last_step {
                        return Err(CoreError::CodeMismatch(
                            "Invalid code or auth state for the user.".into(),
                        ));
                    }
                    token.last_step = step;
                }
                lockout::record_success(&mut u.mfa_lockout);
                Ok(())
            })
            .await?;
        self.finish_sign_in(pool, client, &user, &sign_in).await
    }

    /// The step of a valid authenticator code newer than the last one accepted.
    pub(super) fn software_token_step(&self, user: &User, code: &str) -> CoreResult<Option<u64>> {
        let Some(token) = user.software_token.as_ref() else {
            return Ok(None);
        };
        let secret = self.unseal_totp(&token.sealed_secret)?;
        let now = u64::try_from(self.clock.now_secs()).unwrap_or_default();
        Ok(totp::matching_step(&secret, code, now).filter(|step| *step > token.last_step))
    }

    /// Counts a wrong MFA answer on the session (voiding it after too many) and on the user.
    async fn count_mfa_failure(
        &self,
        pool: &UserPool,
        user: &User,
        session: &AuthSession,
        now: i64,
    ) -> CoreResult<()> {
        let mut session = session.clone();
        session.failed_attempts += 1;
        if session.failed_attempts >= MAX_SESSION_FAILURES {
            self.store.take_session(&session.id).await?;
        } else {
            self.store.update_session(&session).await?;
        }
        self.modify_user(pool, user, |u| {
            lockout::record_failure(&mut u.mfa_lockout, now);
            Ok(())
        })
        .await?;
        Ok(())
    }
}
