//! SRP sign-in: InitiateAuth `USER_SRP_AUTH` → `PASSWORD_VERIFIER` → RespondToAuthChallenge.
//!
//! The handshake state (A, B, b, who, when) travels sealed inside `SECRET_BLOCK`, so the answer
//! may reach any node and needs no `Session` (pycognito sends none). A session row keyed by the
//! block's hash makes each block single use. Unknown users get a convincing fake challenge when
//! the client prevents existence errors.

use std::collections::BTreeMap;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::srp;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{lockout, tokens::SignIn, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, AuthSession, User, UserPool},
};

const BLOCK_PURPOSE: &str = "srp-secret-block";
/// How far the client's TIMESTAMP may be from the server's clock.
pub(super) const MAX_SKEW_SECS: i64 = 300;

/// The server's half of one SRP handshake, as a sealed SECRET_BLOCK carries it (user and
/// device SRP alike).
#[derive(Serialize, Deserialize)]
pub(super) struct Handshake {
    a_hex: String,
    b_hex: String,
    secret_b64: String,
}

/// A client's claim: `PASSWORD_CLAIM_SECRET_BLOCK` (decoded), `TIMESTAMP`,
/// `PASSWORD_CLAIM_SIGNATURE`.
pub(super) struct Claim<'a> {
    pub block: &'a [u8],
    pub timestamp: &'a str,
    pub signature: &'a str,
}

impl Handshake {
    /// The client's `A` (canonical hex).
    pub(super) fn a_hex(&self) -> &str {
        &self.a_hex
    }

    /// Starts a handshake with the client's `A` (canonical hex) for `verifier` (one exponentiation, off the
    /// async threads).
    pub(super) async fn start(a_hex: String, verifier: Vec<u8>) -> CoreResult<(Self, String)> {
        let handshake = tokio::task::spawn_blocking(move || srp::server_start(&verifier))
            .await
            .map_err(|e| CoreError::Internal(e.into()))?;
        let b_hex = srp::to_hex(&handshake.big_b);
        let state = Self {
            a_hex,
            b_hex: b_hex.clone(),
            secret_b64: B64.encode(&*handshake.b),
        };
        Ok((state, b_hex))
    }

    /// Whether `claim` proves the secret behind `verifier` for SRP "pool name" `name` and
    /// "user id" `id` (the device group key and device key for device SRP): a TIMESTAMP within
    /// [`MAX_SKEW_SECS`] of `now_secs`, and the signature made with this handshake's key.
    pub(super) async fn proves(
        &self,
        verifier: Vec<u8>,
        (name, id): (String, String),
        claim: &Claim<'_>,
        now_secs: i64,
    ) -> CoreResult<bool> {
        let fresh = srp::parse_timestamp(claim.timestamp)
            .is_some_and(|t| (t.unix_timestamp() - now_secs).abs() <= MAX_SKEW_SECS);
        let (Ok(a), Ok(big_b), Ok(secret)) = (
            srp::parse_srp_a(&self.a_hex),
            srp::parse_srp_a(&self.b_hex),
            B64.decode(&self.secret_b64),
        ) else {
            return Ok(false);
        };
        if !fresh {
            return Ok(false);
        }
        let (block, timestamp, signature) = (
            claim.block.to_vec(),
            claim.timestamp.to_string(),
            claim.signature.to_string(),
        );
        tokio::task::spawn_blocking(move || {
            srp::server_session_key(&a, &big_b, &secret, &verifier).is_ok_and(|key| {
                srp::verify_claim(&key, &name, &id, &block, &timestamp, &signature)
            })
        })
        .await
        .map_err(|e| CoreError::Internal(e.into()))
    }
}

/// What the sealed SECRET_BLOCK of PASSWORD_VERIFIER carries.
#[derive(Serialize, Deserialize)]
struct BlockState {
    pool_id: String,
    client_id: String,
    /// `None` for the fake challenge of an unknown user.
    sub: Option<String>,
    user_id: String,
    #[serde(flatten)]
    handshake: Handshake,
    issued_ms: i64,
    /// DEVICE_KEY of InitiateAuth, when the client named its device.
    #[serde(default)]
    device_key: Option<String>,
}

fn bad_credentials() -> CoreError {
    CoreError::bad_credentials()
}

impl Cognate {
    /// A fake salt and verifier for an unknown user, stable per username so that repeated
    /// attempts do not reveal that the user does not exist.
    fn fake_verifier(&self, pool: &UserPool, username: &str) -> (Vec<u8>, Vec<u8>) {
        let seed = self.master_key.mac(
            "srp-fake-user",
            format!("{}|{}", pool.id, username).as_bytes(),
        );
        let salt = seed[..16].to_vec();
        let verifier = srp::compute_verifier("fake", username, &hex::encode(seed), &salt);
        (salt, verifier)
    }

    /// InitiateAuth `USER_SRP_AUTH`: answers `PASSWORD_VERIFIER`.
    pub(super) async fn start_srp(
        &self,
        pool: &UserPool,
        client: &AppClient,
        username: &str,
        srp_a: &str,
        device_key: Option<&str>,
    ) -> CoreResult<cognate_proto::AuthResponse> {
        let a = srp::parse_srp_a(srp_a).map_err(|_| {
            CoreError::InvalidParameter("SRP_A is not a valid SRP public value.".into())
        })?;
        let user = self.find_user(pool, username).await?;
        let (sub, user_id, salt, verifier) = match user
            .as_ref()
            .and_then(|u| u.password.as_ref().map(|p| (u, p)))
        {
            Some((user, record)) => {
                if lockout::is_locked(&user.lockout, self.now_ms()) {
                    return Err(CoreError::NotAuthorized(
                        "Password attempts exceeded".into(),
                    ));
                }
                let (salt, verifier) = self.verifier(record)?;
                (
                    Some(user.sub.clone()),
                    user.username.clone(),
                    salt,
                    verifier,
                )
            }
            None if client.prevents_user_existence_errors() || user.is_some() => {
                let (salt, verifier) = self.fake_verifier(pool, username);
                (None, username.to_string(), salt, verifier)
            }
            None => return Err(CoreError::UserNotFound("User does not exist.".into())),
        };
        let (handshake, b_hex) = Handshake::start(srp::to_hex(&a), verifier).await?;
        let state = BlockState {
            pool_id: pool.id.clone(),
            client_id: client.client_id.clone(),
            sub,
            user_id: user_id.clone(),
            handshake,
            issued_ms: self.now_ms(),
            device_key: device_key.map(str::to_string),
        };
        let plain = serde_json::to_vec(&state).map_err(|e| CoreError::Internal(e.into()))?;
        let block = B64.encode(
            self.master_key
                .seal(BLOCK_PURPOSE, &plain)
                .map_err(|e| CoreError::Internal(e.into()))?,
        );
        self.store
            .insert_session(&AuthSession {
                id: self.block_id(&block),
                pool_id: pool.id.clone(),
                client_id: client.client_id.clone(),
                sub: state.sub.clone().unwrap_or_default(),
                challenge: "PASSWORD_VERIFIER".into(),
                expires_ms: state.issued_ms + client.auth_session_seconds() * 1000,
                failed_attempts: 0,
                data: json!({}),
                used: false,
            })
            .await?;
        let parameters = BTreeMap::from([
            ("SALT".to_string(), srp::salt_hex(&salt)),
            ("SECRET_BLOCK".to_string(), block),
            ("SRP_B".to_string(), b_hex),
            ("USERNAME".to_string(), user_id.clone()),
            ("USER_ID_FOR_SRP".to_string(), user_id),
        ]);
        Ok(cognate_proto::AuthResponse {
            challenge_name: Some("PASSWORD_VERIFIER".into()),
            session: None,
            challenge_parameters: parameters,
            authentication_result: None,
        })
    }

    fn block_id(&self, block: &str) -> String {
        hex::encode(
            self.master_key
                .mac("srp-secret-block-id", block.trim().as_bytes()),
        )
    }

    /// RespondToAuthChallenge `PASSWORD_VERIFIER`: checks the client's proof of the password.
    /// `sessionless`: the answer came without `Session`, so a device step that follows may too.
    pub(super) async fn answer_password_verifier(
        &self,
        pool: &UserPool,
        client: &AppClient,
        responses: &BTreeMap<String, String>,
        sessionless: bool,
    ) -> CoreResult<cognate_proto::AuthResponse> {
        let get = |name: &str| super::auth::param(responses, name);
        let block = get("PASSWORD_CLAIM_SECRET_BLOCK")?;
        let signature = get("PASSWORD_CLAIM_SIGNATURE")?;
        let timestamp = get("TIMESTAMP")?;
        let username = get("USERNAME")?;
        let block_bytes = B64.decode(block.trim()).map_err(|_| bad_credentials())?;
        let plain = self
            .master_key
            .open(BLOCK_PURPOSE, &block_bytes)
            .map_err(|_| bad_credentials())?;
        let state: BlockState = serde_json::from_slice(&plain).map_err(|_| bad_credentials())?;
        if state.pool_id != pool.id || state.client_id != client.client_id {
            return Err(bad_credentials());
        }
        let now = self.now_ms();
        if now > state.issued_ms + client.auth_session_seconds() * 1000 {
            return Err(CoreError::session_expired());
        }
        let user = match &state.sub {
            Some(sub) => self.store.find_user(&pool.id, sub).await?,
            None => None,
        };
        let device_key = match &user {
            Some(user) => {
                self.answer_device(pool, user, block, &state, responses)
                    .await?
            }
            None => None,
        };
        // Single use: whoever takes the session row may proceed.
        self.consume_session(&self.block_id(block)).await?;
        let user = user.ok_or_else(bad_credentials)?;
        if !Self::names_user(pool, &user, username) {
            return Err(bad_credentials());
        }
        self.check_secret_hash_any(
            client,
            &super::tokens::identifiers(&user),
            responses.get("SECRET_HASH").map(String::as_str),
        )?;
        let claim = Claim {
            block: &block_bytes,
            timestamp,
            signature,
        };
        let proven = match user.password.as_ref() {
            Some(record) => {
                let (_, verifier) = self.verifier(record)?;
                let names = (pool.srp_pool_name().to_string(), state.user_id.clone());
                state
                    .handshake
                    .proves(verifier, names, &claim, now.div_euclid(1000))
                    .await?
            }
            None => false,
        };
        if !proven {
            self.modify_user(pool, &user, |u| {
                lockout::record_failure(&mut u.lockout, now);
                Ok(())
            })
            .await?;
            return Err(bad_credentials());
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
        let mut sign_in = SignIn::new(self.clock.now_secs(), device_key.as_deref());
        if sessionless {
            sign_in.srp_a = Some(state.handshake.a_hex().to_string());
        }
        self.first_factor_passed(pool, client, user, sign_in).await
    }

    /// The device a PASSWORD_VERIFIER answer names: its `DEVICE_KEY`, else InitiateAuth's. A
    /// device the user does not have is refused before the block is used, so that the client
    /// can answer the same challenge again without it, as Cognito's clients do; a key that came
    /// only from InitiateAuth is then dropped for that block.
    async fn answer_device(
        &self,
        pool: &UserPool,
        user: &User,
        block: &str,
        state: &BlockState,
        responses: &BTreeMap<String, String>,
    ) -> CoreResult<Option<String>> {
        let known = |key: &str| !pool.tracks_devices() || user.device(key).is_some();
        if let Some(key) = responses.get("DEVICE_KEY") {
            return if known(key) {
                Ok(Some(key.clone()))
            } else {
                Err(CoreError::device_not_found())
            };
        }
        let Some(key) = state.device_key.as_deref().filter(|k| !known(k)) else {
            return Ok(state.device_key.clone());
        };
        let id = self.block_id(block);
        let Some(mut session) = self.store.find_session(&id).await? else {
            return Err(CoreError::session_expired());
        };
        if session.data["device_refused"] == json!(key) {
            return Ok(None);
        }
        session.data = json!({ "device_refused": key });
        self.store.update_session(&session).await?;
        Err(CoreError::device_not_found())
    }

    /// After the password (or its SRP proof) is accepted: state checks, then the next step.
    pub(super) async fn first_factor_passed(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: User,
        sign_in: SignIn,
    ) -> CoreResult<cognate_proto::AuthResponse> {
        self.check_can_sign_in(&user, self.now_ms())?;
        self.next_step(pool, client, &user, sign_in).await
    }
}
