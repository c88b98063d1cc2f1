//! Sign-in from a remembered device: after the password step, DEVICE_SRP_AUTH →
//! DEVICE_PASSWORD_VERIFIER proves the device's secret with the same SRP engine (the device
//! group key and device key stand in for pool name and user id) and replaces the MFA challenge
//! where the pool allows it.
//!
//! pycognito answers both device challenges without `Session`. Such a sign-in finds its
//! challenge by a second session id derived from what the answer carries: for DEVICE_SRP_AUTH
//! the device key and the `SRP_A` of the password step (pycognito sends the same `A`), for
//! DEVICE_PASSWORD_VERIFIER the sealed block. Either way the answer must continue a sign-in
//! that passed the password step.

use std::collections::BTreeMap;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::srp;
use cognate_proto::AuthResponse;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map};

use super::{
    auth::{param, Challenge},
    srp_auth::{Claim, Handshake},
    tokens::SignIn,
    Cognate,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, AuthSession, User, UserPool},
};

const BLOCK_PURPOSE: &str = "device-srp-secret-block";

/// What the sealed SECRET_BLOCK of DEVICE_PASSWORD_VERIFIER carries.
#[derive(Serialize, Deserialize)]
struct DeviceBlock {
    sub: String,
    device_key: String,
    #[serde(flatten)]
    handshake: Handshake,
}

impl Cognate {
    /// After the password step: a sign-in naming a device must name one of the user's devices;
    /// a remembered one answers DEVICE_SRP_AUTH when the pool lets it replace MFA.
    pub(super) async fn device_step(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        sign_in: &mut SignIn,
    ) -> CoreResult<Option<AuthResponse>> {
        if !pool.tracks_devices() {
            sign_in.device_key = None;
            return Ok(None);
        }
        let Some(key) = sign_in.device_key.as_deref() else {
            return Ok(None);
        };
        let device = user.device(key).ok_or_else(CoreError::device_not_found)?;
        if !(device.remembered && pool.remembered_devices_skip_mfa()) {
            return Ok(None);
        }
        let resume = sign_in
            .srp_a
            .take()
            .map(|a| self.resume_id(&["DEVICE_SRP_AUTH", &pool.id, &client.client_id, key, &a]));
        let challenge = Challenge {
            name: "DEVICE_SRP_AUTH",
            parameters: BTreeMap::new(),
            state: Map::new(),
            resume,
        };
        self.challenge(pool, client, user, sign_in, challenge)
            .await
            .map(Some)
    }

    /// The session of a device challenge answered without `Session`, found by what the answer
    /// carries.
    pub(super) async fn resumed_device_session(
        &self,
        name: &str,
        pool: &UserPool,
        client: &AppClient,
        responses: &BTreeMap<String, String>,
    ) -> CoreResult<AuthSession> {
        let id = match name {
            "DEVICE_SRP_AUTH" => {
                let key = param(responses, "DEVICE_KEY")?;
                let a = srp::parse_srp_a(param(responses, "SRP_A")?)
                    .map_err(|_| CoreError::session_expired())?;
                self.resume_id(&[name, &pool.id, &client.client_id, key, &srp::to_hex(&a)])
            }
            // The block's own id: the block is sealed to its user and single use.
            "DEVICE_PASSWORD_VERIFIER" => {
                self.device_block_id(param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?)
            }
            _ => return Err(CoreError::session_expired()),
        };
        let pointer = self
            .live_session_by_id(&id, Some(&client.client_id))
            .await?;
        let target = pointer.data["resumes"]
            .as_str()
            .ok_or_else(CoreError::session_expired)?;
        self.live_session_by_id(target, Some(&client.client_id))
            .await
    }

    fn resume_id(&self, parts: &[&str]) -> String {
        hex::encode(
            self.master_key
                .mac("device-challenge-resume", parts.join("|").as_bytes()),
        )
    }

    /// RespondToAuthChallenge `DEVICE_SRP_AUTH`: the device's `SRP_A` → `DEVICE_PASSWORD_VERIFIER`
    /// with `SRP_B`, the device's salt and a sealed `SECRET_BLOCK`. `resumable`: the answer came
    /// without `Session`, so the next one may too.
    #[allow(clippy::too_many_arguments)] // the answer's context, as its siblings take it
    pub(super) async fn answer_device_srp_auth(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        session_id: &str,
        responses: &BTreeMap<String, String>,
        sign_in: SignIn,
        resumable: bool,
    ) -> CoreResult<AuthResponse> {
        let key = param(responses, "DEVICE_KEY")?;
        let a = srp::parse_srp_a(param(responses, "SRP_A")?).map_err(|_| {
            CoreError::InvalidParameter("SRP_A is not a valid SRP public value.".into())
        })?;
        if sign_in.device_key.as_deref() != Some(key) {
            return Err(CoreError::device_not_found());
        }
        let device = user
            .device(key)
            .filter(|d| d.remembered)
            .ok_or_else(CoreError::device_not_found)?;
        let (salt, verifier) = self.device_verifier(pool, user, device)?;
        self.consume_session(session_id).await?;
        let (handshake, b_hex) = Handshake::start(srp::to_hex(&a), verifier).await?;
        let block = DeviceBlock {
            sub: user.sub.clone(),
            device_key: key.to_string(),
            handshake,
        };
        let plain = serde_json::to_vec(&block).map_err(|e| CoreError::Internal(e.into()))?;
        let sealed = B64.encode(
            self.master_key
                .seal(BLOCK_PURPOSE, &plain)
                .map_err(|e| CoreError::Internal(e.into()))?,
        );
        let parameters = BTreeMap::from([
            ("SRP_B".to_string(), b_hex),
            ("SALT".to_string(), srp::salt_hex(&salt)),
            ("SECRET_BLOCK".to_string(), sealed.clone()),
            ("USERNAME".to_string(), user.username.clone()),
            ("DEVICE_KEY".to_string(), key.to_string()),
        ]);
        let block_id = self.device_block_id(&sealed);
        let mut state = Map::new();
        state.insert("block_id".into(), json!(block_id));
        let resume = resumable.then_some(block_id);
        let challenge = Challenge {
            name: "DEVICE_PASSWORD_VERIFIER",
            parameters,
            state,
            resume,
        };
        self.challenge(pool, client, user, &sign_in, challenge)
            .await
    }

    fn device_block_id(&self, block: &str) -> String {
        hex::encode(
            self.master_key
                .mac("device-srp-block-id", block.trim().as_bytes()),
        )
    }

    /// RespondToAuthChallenge `DEVICE_PASSWORD_VERIFIER`: checks the device's proof, then tokens
    /// bound to the device, without MFA.
    pub(super) async fn answer_device_password_verifier(
        &self,
        pool: &UserPool,
        client: &AppClient,
        user: &User,
        session: &AuthSession,
        responses: &BTreeMap<String, String>,
        sign_in: SignIn,
    ) -> CoreResult<AuthResponse> {
        let block = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
        let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE")?.to_string();
        let timestamp = param(responses, "TIMESTAMP")?.to_string();
        let refused = || CoreError::NotAuthorized("Incorrect username or password.".into());
        if session.data["block_id"].as_str() != Some(self.device_block_id(block).as_str()) {
            return Err(refused());
        }
        let block_bytes = B64.decode(block.trim()).map_err(|_| refused())?;
        let plain = self
            .master_key
            .open(BLOCK_PURPOSE, &block_bytes)
            .map_err(|_| refused())?;
        let state: DeviceBlock = serde_json::from_slice(&plain).map_err(|_| refused())?;
        if state.sub != user.sub || sign_in.device_key.as_deref() != Some(&state.device_key) {
            return Err(refused());
        }
        if responses
            .get("DEVICE_KEY")
            .is_some_and(|k| *k != state.device_key)
        {
            return Err(CoreError::device_not_found());
        }
        // One proof per challenge, right or wrong.
        self.consume_session(&session.id).await?;
        let device = user
            .device(&state.device_key)
            .filter(|d| d.remembered)
            .ok_or_else(CoreError::device_not_found)?;
        let (_, verifier) = self.device_verifier(pool, user, device)?;
        let claim = Claim {
            block: &block_bytes,
            timestamp: &timestamp,
            signature: &signature,
        };
        let names = (self.device_group_key(pool, user), state.device_key.clone());
        let proven = state
            .handshake
            .proves(verifier, names, &claim, self.clock.now_secs())
            .await?;
        if !proven {
            return Err(refused());
        }
        self.finish_sign_in(pool, client, user, &sign_in).await
    }
}
