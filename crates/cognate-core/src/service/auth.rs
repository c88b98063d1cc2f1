//! Sign-in: InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge /
//! AdminRespondToAuthChallenge, with challenge sessions kept in the store so that any node can
//! answer the next step.

use std::collections::BTreeMap;

use cognate_crypto::random;
use cognate_proto::{AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest};
use serde_json::json;

use super::{
    attributes, lockout,
    mfa_challenge::{available_factors, MfaFactor},
    password, required, tokens,
    tokens::SignIn,
    Cognate,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, AuthFlow, AuthSession, User, UserPool, UserStatus},
};

const FLOWS: &str = "[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]";

/// A challenge to issue: its name, the parameters the client sees, and state kept in the
/// session for the answer. `resume` is a second session id, derived from what the answer
/// carries, under which an answer without `Session` finds the challenge (see
/// [`Cognate::resumed_device_session`]).
pub(super) struct Challenge<'a> {
    pub name: &'a str,
    pub parameters: BTreeMap<String, String>,
    pub state: serde_json::Map<String, serde_json::Value>,
    pub resume: Option<String>,
}

/// Where a sign-in request came from: the public API or the IAM-authorized Admin API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// InitiateAuth / RespondToAuthChallenge.
    Public,
    /// AdminInitiateAuth / AdminRespondToAuthChallenge.
    Admin,
}

/// A required, non-empty member of AuthParameters / ChallengeResponses.
pub(super) fn param<'a>(params: &'a BTreeMap<String, String>, name: &str) -> CoreResult<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CoreError::InvalidParameter(format!("Missing required parameter {name}")))
}

fn flow_not_enabled(flow: &str) -> CoreError {
    CoreError::InvalidParameter(format!("{flow} flow not enabled for this client"))
}

impl Cognate {
    /// The client (and pool) of a sign-in request, checked against `UserPoolId` for Admin calls.
    async fn sign_in_client(
        &self,
        caller: Caller,
        pool_id: Option<&String>,
        client_id: Option<&String>,
    ) -> CoreResult<(AppClient, UserPool)> {
        let client_id = client_id
            .map(String::as_str)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| CoreError::missing("clientId"))?;
        match caller {
            Caller::Public => self.client_and_pool(client_id).await,
            Caller::Admin => {
                let pool_id = pool_id
                    .map(String::as_str)
                    .filter(|p| !p.is_empty())
                    .ok_or_else(|| CoreError::missing("userPoolId"))?;
                let pool = self.pool(pool_id).await?;
                let client = self.client(client_id, Some(pool_id)).await?;
                Ok((client, pool))
            }
        }
    }

    /// InitiateAuth and AdminInitiateAuth.
    pub async fn initiate_auth(
        &self,
        req: InitiateAuthRequest,
        caller: Caller,
    ) -> CoreResult<AuthResponse> {
        let flow = required(&req.auth_flow, "authFlow")?.to_string();
        let (client, pool) = self
            .sign_in_client(caller, req.user_pool_id.as_ref(), req.client_id.as_ref())
            .await?;
        let params = req.auth_parameters.unwrap_or_default();
        match (flow.as_str(), caller) {
            ("USER_PASSWORD_AUTH", Caller::Public) | ("ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", Caller::Admin) => {
                let allowed = match caller {
                    Caller::Public => AuthFlow::UserPassword,
                    Caller::Admin => AuthFlow::AdminUserPassword,
                };
                if !client.allows(allowed) {
                    return Err(flow_not_enabled(&flow));
                }
                let username = param(&params, "USERNAME")?;
                let password = param(&params, "PASSWORD")?;
                self.check_secret_hash(&client, username, params.get("SECRET_HASH").map(String::as_str))?;
                let device_key = params.get("DEVICE_KEY").map(String::as_str);
                self.password_sign_in(&pool, &client, username, password, device_key)
                    .await
            }
            ("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN", _) => self.refresh_token_auth(&pool, &client, &params).await,
            ("USER_SRP_AUTH", _) => {
                if !client.allows(AuthFlow::UserSrp) {
                    return Err(flow_not_enabled(&flow));
                }
                let username = param(&params, "USERNAME")?;
                let srp_a = param(&params, "SRP_A")?;
                self.check_secret_hash(&client, username, params.get("SECRET_HASH").map(String::as_str))?;
                let device_key = params.get("DEVICE_KEY").map(String::as_str);
                self.start_srp(&pool, &client, username, srp_a, device_key)
                    .await
            }
            ("CUSTOM_AUTH" | "USER_AUTH", _) => Err(CoreError::InvalidParameter(format!(
                "{flow} is not supported by this server yet."
            ))),
            ("USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", _) => {
                Err(CoreError::InvalidParameter("Initiate Auth method not supported.".into()))
            }
            _ => Err(CoreError::InvalidParameter(format!(
                "1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: {FLOWS}"
            ))),
        }
    }

    /// The password step: lockout, verifier check, user state, then the next step.
    async fn password_sign_in(
        &self,
        pool: &UserPool,
        client: &AppClient,
        username: &str,
        password: &str,
        device_key: Option<&str>,
    ) -> CoreResult<AuthResponse> {
        let now = self.now_ms();
        let Some(user) = self.find_user(pool, username).await? else {
            self.burn_password_check(password).await;
            return Err(if client.prevents_user_existence_errors() {
                CoreError::bad_credentials()
            } else {
                CoreError::UserNotFound("User does not exist.".into())
            });
        };
        if lockout::is_locked(&user.lockout, now) {
            return Err(CoreError::NotAuthorized(
                "Password attempts exceeded".into(),
            ));
        }
        if !self.password_matches(pool, &user, password).await? {
            self.modify_user(pool, &user, |u| {
                lockout::record_failure(&mut u.lockout, now);
                Ok(())
            })
            .await?;
            return Err(CoreError::bad_credentials());
        }
        let user = if user.lockout.failures > 0 {
            self.modify_user(pool, &user, |u| {
                lockout::record_success(&mut u.lockout);
                Ok(())
            })
            .await?
            .0
        } else {
            user
        };
        let sign_in = SignIn::new(self.clock.now_secs(), device_key);
        self.first_factor_passed(pool, client, user, sign_in).await
    }

    /// Refuses users whose state forbids sign-in, with Cognito's error for each state.
    pub(super) fn check_can_sign_in(&self, user: &User, now_ms: i64) -> CoreResult<()> {
        if !user.enabled {
            return Err(CoreError::NotAuthorized("User is disabled.".into()));
        }
        match user.status {
            UserStatus::Unconfirmed => {
                Err(CoreError::UserNotConfirmed("User is not confirmed.".into()))
            }
            UserStatus::ResetRequired => Err(CoreError::PasswordResetRequired(
                "Password reset required for the user".into(),
            )),
            UserStatus::ForceChangePassword
                if user
                    .password
                    .as_ref()
                    .and_then(|p| p.temporary_until_ms)
                    .is_some_and(|t| t < now_ms) =>
            {
                Err(CoreError::NotAuthorized(
                    "Temporary password has expired and must be reset by an administrator.".into(),
                ))
            }
            _ => Ok(()),
        }
    }

    /// After a factor succeeded: the next challenge, or tokens.
    pub(super) async fn next_step(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: SignIn,
    ) -> CoreResult<AuthResponse> {
        if user.status == UserStatus::ForceChangePassword {
            let current: BTreeMap<&str, &str> = user
                .attributes
                .iter()
                .filter(|(k, _)| client.can_read(k))
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let missing: Vec<String> = pool
                .schema
                .iter()
                .filter(|a| a.required == Some(true))
                .filter_map(|a| a.name.as_deref())
                .filter(|n| *n != "sub" && !user.attributes.contains_key(*n))
                .map(|n| format!("userAttributes.{n}"))
                .collect();
            let parameters = BTreeMap::from([
                ("USER_ID_FOR_SRP".to_string(), user.username.clone()),
                ("requiredAttributes".to_string(), json!(missing).to_string()),
                ("userAttributes".to_string(), json!(current).to_string()),
            ]);
            return self
                .challenge(
                    pool,
                    client,
                    user,
                    &sign_in,
                    Challenge {
                        name: "NEW_PASSWORD_REQUIRED",
                        parameters,
                        state: Default::default(),
                        resume: None,
                    },
                )
                .await;
        }
        let mut sign_in = sign_in;
        if let Some(response) = self.device_step(pool, client, user, &mut sign_in).await? {
            return Ok(response);
        }
        if let Some(response) = self
            .mfa_challenge_if_needed(pool, client, user, &sign_in)
            .await?
        {
            return Ok(response);
        }
        self.finish_sign_in(pool, client, user, &sign_in).await
    }

    /// Tokens for a sign-in whose every required factor passed; in a pool that tracks devices,
    /// bound to the sign-in's device, or to a new one (`NewDeviceMetadata`).
    pub(super) async fn finish_sign_in(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &SignIn,
    ) -> CoreResult<AuthResponse> {
        let mut sign_in = sign_in.clone();
        let new_device = self.bind_device(pool, user, &mut sign_in).await?;
        let mut result = self
            .issue_tokens(pool, client, user, &sign_in, true)
            .await?;
        result.new_device_metadata = new_device;
        Ok(AuthResponse {
            authentication_result: Some(result),
            ..AuthResponse::default()
        })
    }

    /// Starts a challenge: stores its session and answers with it. `extra` joins the session's
    /// state (the sign-in's `auth_time`, `origin_jti` and device are always kept).
    pub(super) async fn challenge(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &SignIn,
        challenge: Challenge<'_>,
    ) -> CoreResult<AuthResponse> {
        let Challenge {
            name,
            parameters,
            state: extra,
            resume,
        } = challenge;
        let token = random::opaque_token(96);
        let mut data = sign_in.to_session();
        data.extend(extra);
        let data = serde_json::Value::Object(data);
        let session = AuthSession {
            id: self.session_id(&token),
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            sub: user.sub.clone(),
            challenge: name.to_string(),
            expires_ms: self.now_ms() + client.auth_session_seconds() * 1000,
            failed_attempts: 0,
            data,
            used: false,
        };
        self.store.insert_session(&session).await?;
        if let Some(id) = resume {
            let pointer = AuthSession {
                id,
                data: json!({ "resumes": session.id }),
                ..session
            };
            self.store.insert_session(&pointer).await?;
        }
        if rand::random::<u8>() == 0 {
            self.store.purge_sessions(self.now_ms()).await?;
        }
        Ok(AuthResponse {
            challenge_name: Some(name.to_string()),
            session: Some(token),
            challenge_parameters: parameters,
            authentication_result: None,
        })
    }

    /// A live, unanswered session by its token, for the given client (any challenge).
    pub(super) async fn live_session(
        &self,
        token: Option<&str>,
        client_id: Option<&str>,
    ) -> CoreResult<AuthSession> {
        let token = token
            .filter(|s| !s.is_empty())
            .ok_or_else(CoreError::session_expired)?;
        self.live_session_by_id(&self.session_id(token), client_id)
            .await
    }

    /// A live, unanswered session by its id, for the given client (any challenge).
    pub(super) async fn live_session_by_id(
        &self,
        id: &str,
        client_id: Option<&str>,
    ) -> CoreResult<AuthSession> {
        let session = self
            .store
            .find_session(id)
            .await?
            .filter(|s| s.expires_ms > self.now_ms() && client_id.is_none_or(|c| c == s.client_id))
            .ok_or_else(CoreError::session_expired)?;
        if session.used {
            return Err(CoreError::session_used());
        }
        Ok(session)
    }

    pub(super) fn session_id(&self, token: &str) -> String {
        hex::encode(self.master_key.mac("auth-session", token.as_bytes()))
    }

    /// RespondToAuthChallenge and AdminRespondToAuthChallenge.
    pub async fn respond_to_auth_challenge(
        &self,
        req: RespondToAuthChallengeRequest,
        caller: Caller,
    ) -> CoreResult<AuthResponse> {
        let name = required(&req.challenge_name, "challengeName")?.to_string();
        let (client, pool) = self
            .sign_in_client(caller, req.user_pool_id.as_ref(), req.client_id.as_ref())
            .await?;
        let responses = req.challenge_responses.unwrap_or_default();
        let token = req.session.as_deref().filter(|s| !s.is_empty());
        if name == "PASSWORD_VERIFIER" {
            return self
                .answer_password_verifier(&pool, &client, &responses, token.is_none())
                .await;
        }
        let session = match token {
            Some(token) => {
                self.live_session(Some(token), Some(&client.client_id))
                    .await?
            }
            None => {
                self.resumed_device_session(&name, &pool, &client, &responses)
                    .await?
            }
        };
        if session.pool_id != pool.id {
            return Err(CoreError::session_expired());
        }
        let id = session.id.clone();
        if session.challenge != name {
            return Err(CoreError::InvalidParameter(format!(
                "Invalid challenge name: expected {}",
                session.challenge
            )));
        }
        let user = self
            .store
            .find_user(&pool.id, &session.sub)
            .await?
            .ok_or_else(CoreError::session_expired)?;
        let username = param(&responses, "USERNAME")?;
        if !Self::names_user(&pool, &user, username) {
            return Err(CoreError::NotAuthorized(
                "Invalid session for the user.".into(),
            ));
        }
        self.check_secret_hash_any(
            &client,
            &tokens::identifiers(&user),
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let sign_in = SignIn::from_session(&session.data, self.clock.now_secs());
        match name.as_str() {
            "NEW_PASSWORD_REQUIRED" => {
                let user = self
                    .new_password_required(&pool, &client, &user, &responses, &id)
                    .await?;
                self.next_step(&pool, &client, &user, sign_in).await
            }
            "SMS_MFA" | "SOFTWARE_TOKEN_MFA" => {
                self.answer_mfa_code(&pool, &client, &user, &session, &responses, sign_in)
                    .await
            }
            "SELECT_MFA_TYPE" => {
                let choice = param(&responses, "ANSWER")?;
                let step = match choice {
                    "SMS_MFA" | "SMS_OTP" => MfaFactor::Sms,
                    "SOFTWARE_TOKEN_MFA" => MfaFactor::SoftwareToken,
                    other => {
                        return Err(CoreError::InvalidParameter(format!(
                            "Invalid ANSWER {other} for SELECT_MFA_TYPE."
                        )))
                    }
                };
                if !available_factors(&pool, &user).contains(&step) {
                    return Err(CoreError::InvalidParameter(format!(
                        "{choice} is not available for this user."
                    )));
                }
                self.consume_session(&id).await?;
                self.start_mfa(&pool, &client, &user, &sign_in, step).await
            }
            "DEVICE_SRP_AUTH" => {
                let resumable = token.is_none();
                self.answer_device_srp_auth(
                    &pool, &client, &user, &id, &responses, sign_in, resumable,
                )
                .await
            }
            "DEVICE_PASSWORD_VERIFIER" => {
                self.answer_device_password_verifier(
                    &pool, &client, &user, &session, &responses, sign_in,
                )
                .await
            }
            "MFA_SETUP" => {
                if session.data["setup_done"] != serde_json::Value::Bool(true) {
                    return Err(CoreError::InvalidParameter(
                        "MFA setup is not complete: verify a software token with this session first.".into(),
                    ));
                }
                self.consume_session(&id).await?;
                self.finish_sign_in(&pool, &client, &user, &sign_in).await
            }
            _ => Err(CoreError::InvalidParameter(format!(
                "Challenge {name} is not supported by this server yet."
            ))),
        }
    }

    /// Marks a session answered; of two racing answers, the second is refused.
    pub(super) async fn consume_session(&self, id: &str) -> CoreResult<()> {
        self.store
            .take_session(id)
            .await?
            .ok_or_else(CoreError::session_used)?;
        Ok(())
    }

    /// NEW_PASSWORD_REQUIRED: the new password and any required attributes.
    async fn new_password_required(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        responses: &BTreeMap<String, String>,
        session_id: &str,
    ) -> CoreResult<User> {
        let new_password = param(responses, "NEW_PASSWORD")?;
        password::check_policy(&pool.password_policy(), new_password)?;
        let mut updates = Vec::new();
        for (key, value) in responses {
            let Some(name) = key.strip_prefix("userAttributes.") else {
                continue;
            };
            if !client.can_write(name) {
                return Err(CoreError::NotAuthorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )));
            }
            if user.attributes.contains_key(name) && !attributes::is_mutable(pool, name) {
                return Err(CoreError::InvalidParameter(format!(
                    "Cannot modify the non-mutable attribute {name}"
                )));
            }
            attributes::validate(pool, name, value)?;
            updates.push((name.to_string(), value.clone()));
        }
        // Everything that can refuse the answer is checked before the session is taken, and
        // the session is taken before anything is written: of two racing answers, exactly one
        // changes the password.
        let mut merged = user.attributes.clone();
        merged.extend(updates.iter().cloned());
        attributes::check_required(pool, &merged)?;
        self.consume_session(session_id).await?;
        let record = self
            .password_record(pool, &user.username, new_password, None)
            .await?;
        let (user, ()) = self
            .modify_user(pool, user, |u| {
                for (name, value) in &updates {
                    u.attributes.insert(name.clone(), value.clone());
                }
                attributes::check_required(pool, &u.attributes)?;
                u.password = Some(record.clone());
                u.status = UserStatus::Confirmed;
                Ok(())
            })
            .await?;
        Ok(user)
    }
}
