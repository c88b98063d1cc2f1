//! Sign-ins that answer challenges: SRP (`PASSWORD_VERIFIER`), then a remembered device's proof
//! (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`), and TOTP MFA (`SOFTWARE_TOKEN_MFA`).

use anyhow::bail;
use cognate_core::model::ChallengeName;
use serde_json::{json, Value};

use crate::api::Api;
use crate::fixture::{sign_in, Fixture, KeptDevice, PASSWORD};

// The sign-in challenge names the bench sends and expects, as they go over the wire.
const PASSWORD_VERIFIER: &str = ChallengeName::PasswordVerifier.as_str();
const DEVICE_SRP_AUTH: &str = ChallengeName::DeviceSrpAuth.as_str();
const DEVICE_PASSWORD_VERIFIER: &str = ChallengeName::DevicePasswordVerifier.as_str();
const SOFTWARE_TOKEN_MFA: &str = ChallengeName::SoftwareTokenMfa.as_str();

/// One complete SRP sign-in (InitiateAuth USER_SRP_AUTH + PASSWORD_VERIFIER); with a device,
/// the device's proof follows (DEVICE_SRP_AUTH + DEVICE_PASSWORD_VERIFIER) in place of MFA.
pub async fn srp_sign_in(
    api: &Api,
    fx: &Fixture,
    user: &str,
    device: Option<&KeptDevice>,
) -> anyhow::Result<()> {
    use cognate_crypto::srp::client::ClientHandshake;
    let handshake = ClientHandshake::from_secret(&cognate_crypto::random::random_bytes(32))?;
    let mut params = json!({"USERNAME": user, "SRP_A": handshake.srp_a()});
    if let Some(device) = device {
        params["DEVICE_KEY"] = json!(device.key);
    }
    let challenge = api
        .call(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": fx.client_id, "AuthParameters": params}),
            false,
        )
        .await?;
    let p = &challenge["ChallengeParameters"];
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let pool_name = fx
        .pool_id
        .split_once('_')
        .map(|(_, n)| n)
        .unwrap_or_default();
    let mut responses = claim(
        &handshake,
        (pool_name, &text("USER_ID_FOR_SRP")),
        PASSWORD,
        p,
    )?;
    responses["USERNAME"] = json!(text("USERNAME"));
    if let Some(device) = device {
        responses["DEVICE_KEY"] = json!(device.key);
    }
    let reply = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": PASSWORD_VERIFIER, "ClientId": fx.client_id,
                    "ChallengeResponses": responses}),
            false,
        )
        .await?;
    match device {
        Some(device) => device_proof(api, fx, device, &text("USERNAME"), &reply).await,
        None => Ok(()),
    }
}

/// The answer to a (DEVICE_)PASSWORD_VERIFIER challenge with `parameters`: TIMESTAMP, the
/// SECRET_BLOCK and the claim signature for SRP "pool name" and "user id" `names`.
fn claim(
    handshake: &cognate_crypto::srp::client::ClientHandshake,
    (name, id): (&str, &str),
    password: &str,
    parameters: &Value,
) -> anyhow::Result<Value> {
    use cognate_crypto::srp;
    let text = |k: &str| parameters[k].as_str().unwrap_or_default().to_string();
    let key = handshake.session_key(name, id, password, &text("SRP_B"), &text("SALT"))?;
    let timestamp = srp::format_timestamp(time::OffsetDateTime::now_utc());
    let block = text("SECRET_BLOCK");
    let signature = srp::client::password_claim_signature(&key, name, id, &block, &timestamp)?;
    Ok(
        json!({"TIMESTAMP": timestamp, "PASSWORD_CLAIM_SECRET_BLOCK": block,
              "PASSWORD_CLAIM_SIGNATURE": signature}),
    )
}

/// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens.
async fn device_proof(
    api: &Api,
    fx: &Fixture,
    device: &KeptDevice,
    username: &str,
    reply: &Value,
) -> anyhow::Result<()> {
    use cognate_crypto::srp::client::ClientHandshake;
    if reply["ChallengeName"] != DEVICE_SRP_AUTH {
        bail!("expected {DEVICE_SRP_AUTH}, got {}", reply["ChallengeName"]);
    }
    let handshake = ClientHandshake::from_secret(&cognate_crypto::random::random_bytes(32))?;
    let challenge = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": DEVICE_SRP_AUTH, "ClientId": fx.client_id, "Session": reply["Session"],
                    "ChallengeResponses": {"USERNAME": username, "DEVICE_KEY": device.key, "SRP_A": handshake.srp_a()}}),
            false,
        )
        .await?;
    let p = &challenge["ChallengeParameters"];
    let mut responses = claim(
        &handshake,
        (&device.group_key, &device.key),
        &device.password,
        p,
    )?;
    responses["USERNAME"] = json!(username);
    responses["DEVICE_KEY"] = json!(device.key);
    let done = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": DEVICE_PASSWORD_VERIFIER, "ClientId": fx.client_id,
                    "Session": challenge["Session"], "ChallengeResponses": responses}),
            false,
        )
        .await?;
    if done.get("AuthenticationResult").is_none() {
        bail!("expected tokens, got {}", done["ChallengeName"]);
    }
    Ok(())
}

/// One complete TOTP MFA sign-in (InitiateAuth + SOFTWARE_TOKEN_MFA). Each user's codes are
/// single use, so a sign-in uses the current step, else the next one, if the user has not used
/// it yet (the previous step is avoided: it may expire before the server checks it).
pub async fn totp_sign_in(
    api: &Api,
    fx: &Fixture,
    user: &str,
    secret: &[u8],
    last_step: &mut u64,
) -> anyhow::Result<()> {
    let now = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .unsigned_abs();
    let step = (*last_step + 1).max(now / 30);
    if step > now / 30 + 1 {
        bail!("user codes exhausted for this step");
    }
    let challenge = sign_in(api, &fx.client_id, user).await?;
    let code = cognate_crypto::totp::code_at(secret, step * 30);
    api.call(
        "RespondToAuthChallenge",
        &json!({"ChallengeName": SOFTWARE_TOKEN_MFA, "ClientId": fx.client_id,
                "Session": challenge["Session"],
                "ChallengeResponses": {"USERNAME": user, "SOFTWARE_TOKEN_MFA_CODE": code}}),
        false,
    )
    .await?;
    *last_step = step;
    Ok(())
}
