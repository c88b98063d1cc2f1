//! A remembered device in place of MFA: after the password step, DEVICE_SRP_AUTH →
//! DEVICE_PASSWORD_VERIFIER proves the device's secret with the same SRP handshake as the
//! password (the device group key and device key stand in for pool name and user id).
//!
//! pycognito answers both device challenges without `Session`. Such an answer finds its step
//! through a pointer row whose id derives from what the answer carries: for DEVICE_SRP_AUTH the
//! device key and the `SRP_A` of the password step (pycognito sends the same `A`), for
//! DEVICE_PASSWORD_VERIFIER the sealed block. Either way the answer must continue a sign-in
//! that passed the password step.

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::srp;
use serde::{Deserialize, Serialize};

use super::{
    attempt::Attempt,
    door::{Answer, Next, Prompt, Reply, SrpClaim},
    session::{self, Step},
    srp::{Claim, Handshake},
    state::Awaiting,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{ChallengeName, SignIn, User},
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

fn resume_id(at: &Attempt<'_>, parts: &[&str]) -> String {
    at.c.master_key
        .mac_hex("device-challenge-resume", parts.join("|").as_bytes())
}

fn block_id(at: &Attempt<'_>, block: &str) -> String {
    at.c.master_key
        .mac_hex("device-srp-block-id", block.trim().as_bytes())
}

fn srp_auth_resume_id(at: &Attempt<'_>, device_key: &str, a_hex: &str) -> String {
    let name = ChallengeName::DeviceSrpAuth.as_str();
    resume_id(
        at,
        &[name, &at.pool.id, &at.client.client_id, device_key, a_hex],
    )
}

/// After the password step: a sign-in naming a device must name one of the user's devices; a
/// remembered one is asked for DEVICE_SRP_AUTH when the pool lets it replace MFA.
pub(super) async fn ask_if_remembered(
    at: &Attempt<'_>,
    user: &User,
    sign_in: &mut SignIn,
) -> CoreResult<Option<Next>> {
    if !at.pool.tracks_devices() {
        sign_in.device_key = None;
        return Ok(None);
    }
    let Some(key) = sign_in.device_key.clone() else {
        return Ok(None);
    };
    let device = user.device(&key).ok_or_else(CoreError::device_not_found)?;
    if !(device.remembered && at.pool.remembered_devices_skip_mfa()) {
        return Ok(None);
    }
    let resume = sign_in
        .srp_a
        .take()
        .map(|a| srp_auth_resume_id(at, &key, &a));
    let token = session::open(at, user, sign_in, Awaiting::DeviceSrp, resume).await?;
    Ok(Some(Next::Challenge {
        session: Some(token),
        prompt: Prompt::DeviceSrp,
    }))
}

/// The step a device answer without `Session` continues, found by what the answer carries.
pub(super) async fn resumed(at: &Attempt<'_>, reply: &Reply) -> CoreResult<Step> {
    let pointer = match &reply.answer {
        Answer::DeviceSrp { device_key, srp_a } => {
            let a = srp::parse_srp_a(srp_a).map_err(|_| CoreError::session_expired())?;
            srp_auth_resume_id(at, device_key, &srp::to_hex(&a))
        }
        // The block's own id: the block is sealed to its user and single use.
        Answer::DeviceClaim(claim) => block_id(at, &claim.secret_block),
        _ => return Err(CoreError::session_expired()),
    };
    session::by_pointer(at, &pointer).await
}

/// DEVICE_SRP_AUTH: the device's `A` → DEVICE_PASSWORD_VERIFIER with `SRP_B`, the device's
/// salt and a sealed `SECRET_BLOCK`. `resumable`: the answer came without `Session`, so the
/// next one may too.
pub(super) async fn challenge(
    at: &Attempt<'_>,
    user: &User,
    step: &Step,
    sign_in: SignIn,
    (key, srp_a): (&str, &str),
    resumable: bool,
) -> CoreResult<Next> {
    let a = srp::parse_srp_a(srp_a).map_err(|_| {
        CoreError::InvalidParameter("SRP_A is not a valid SRP public value.".into())
    })?;
    if sign_in.device_key.as_deref() != Some(key) {
        return Err(CoreError::device_not_found());
    }
    let device = user
        .device(key)
        .filter(|d| d.remembered)
        .ok_or_else(CoreError::device_not_found)?;
    let (salt, verifier) = at.c.device_verifier(&at.pool, user, device)?;
    session::take(at, &step.id).await?;
    let (handshake, srp_b) = Handshake::start(srp::to_hex(&a), verifier).await?;
    let block = DeviceBlock {
        sub: user.sub.clone(),
        device_key: key.to_string(),
        handshake,
    };
    let plain = serde_json::to_vec(&block).map_err(|e| CoreError::Internal(e.into()))?;
    let sealed = at.c.master_key.seal_b64(BLOCK_PURPOSE, &plain);
    let secret_block = sealed.map_err(|e| CoreError::Internal(e.into()))?;
    let block_id = block_id(at, &secret_block);
    let resume = resumable.then(|| block_id.clone());
    let awaiting = Awaiting::DevicePasswordVerifier { block_id };
    let token = session::open(at, user, &sign_in, awaiting, resume).await?;
    Ok(Next::Challenge {
        session: Some(token),
        prompt: Prompt::DevicePasswordVerifier {
            salt_hex: srp::salt_hex(&salt),
            srp_b,
            secret_block,
            username: user.username.clone(),
            device_key: key.to_string(),
        },
    })
}

/// DEVICE_PASSWORD_VERIFIER: checks the device's proof (one proof per challenge, right or
/// wrong).
pub(super) async fn verify(
    at: &Attempt<'_>,
    user: &User,
    step: &Step,
    expected_block: &str,
    sign_in: &SignIn,
    claim: &SrpClaim,
) -> CoreResult<()> {
    let refused = CoreError::bad_credentials;
    let block = claim.secret_block.as_str();
    if block_id(at, block) != expected_block {
        return Err(refused());
    }
    let block_bytes = B64.decode(block.trim()).map_err(|_| refused())?;
    let plain =
        at.c.master_key
            .open(BLOCK_PURPOSE, &block_bytes)
            .map_err(|_| refused())?;
    let state: DeviceBlock = serde_json::from_slice(&plain).map_err(|_| refused())?;
    if state.sub != user.sub || sign_in.device_key.as_deref() != Some(&state.device_key) {
        return Err(refused());
    }
    if claim
        .device_key
        .as_ref()
        .is_some_and(|k| *k != state.device_key)
    {
        return Err(CoreError::device_not_found());
    }
    session::take(at, &step.id).await?;
    let device = user
        .device(&state.device_key)
        .filter(|d| d.remembered)
        .ok_or_else(CoreError::device_not_found)?;
    let (_, verifier) = at.c.device_verifier(&at.pool, user, device)?;
    let proof = Claim {
        block: &block_bytes,
        timestamp: &claim.timestamp,
        signature: &claim.signature,
    };
    let names = (
        at.c.device_group_key(&at.pool, user),
        state.device_key.clone(),
    );
    let proven = state
        .handshake
        .proves(verifier, names, &proof, at.c.clock.now_secs())
        .await?;
    if proven {
        Ok(())
    } else {
        Err(refused())
    }
}
