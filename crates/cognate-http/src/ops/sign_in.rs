//! The JSON front door of the sign-in: InitiateAuth, RespondToAuthChallenge and their Admin
//! forms turn `AuthParameters` / `ChallengeResponses` into the machine's typed input and its
//! answer back into Cognito's `AuthResponse`. The machine itself is
//! [`cognate_core::service::sign_in`].

use std::collections::BTreeMap;

use cognate_core::{
    model::{AuthFlow, ChallengeName, MfaFactor, PoolId},
    service::sign_in::{self, Answer, Attempt, FirstFactor, Next, Prompt, Reply, SrpClaim},
    service::{Caller, Cognate, RequestContext},
    CoreError, CoreResult,
};
use cognate_proto::{AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest};
use serde_json::json;

use super::wire::{client_id, pool_id, required};

const FLOWS: &str = "[USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH]";

type Params = BTreeMap<String, String>;

/// A required, non-empty member of AuthParameters / ChallengeResponses.
fn param<'a>(params: &'a Params, name: &str) -> CoreResult<&'a str> {
    params
        .get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CoreError::InvalidParameter(format!("Missing required parameter {name}")))
}

fn optional(params: &Params, name: &str) -> Option<String> {
    params.get(name).cloned()
}

fn flow_not_enabled(flow: &str) -> CoreError {
    CoreError::InvalidParameter(format!("{flow} flow not enabled for this client"))
}

/// The pool an Admin sign-in names (the public API names none).
fn admin_pool(caller: Caller, pool: &Option<String>) -> CoreResult<Option<PoolId>> {
    match caller {
        Caller::Public => Ok(None),
        Caller::Admin => pool_id(pool).map(Some),
    }
}

/// InitiateAuth.
pub async fn initiate_auth(
    c: &Cognate,
    rc: &RequestContext,
    req: InitiateAuthRequest,
) -> CoreResult<AuthResponse> {
    initiate(c, rc, req, Caller::Public).await
}

/// AdminInitiateAuth.
pub async fn admin_initiate_auth(
    c: &Cognate,
    rc: &RequestContext,
    req: InitiateAuthRequest,
) -> CoreResult<AuthResponse> {
    initiate(c, rc, req, Caller::Admin).await
}

/// RespondToAuthChallenge.
pub async fn respond_to_auth_challenge(
    c: &Cognate,
    rc: &RequestContext,
    req: RespondToAuthChallengeRequest,
) -> CoreResult<AuthResponse> {
    respond(c, rc, req, Caller::Public).await
}

/// AdminRespondToAuthChallenge.
pub async fn admin_respond_to_auth_challenge(
    c: &Cognate,
    rc: &RequestContext,
    req: RespondToAuthChallengeRequest,
) -> CoreResult<AuthResponse> {
    respond(c, rc, req, Caller::Admin).await
}

async fn initiate(
    c: &Cognate,
    rc: &RequestContext,
    req: InitiateAuthRequest,
    caller: Caller,
) -> CoreResult<AuthResponse> {
    let flow = required(&req.auth_flow, "authFlow")?;
    let client = client_id(&req.client_id)?;
    let pool = admin_pool(caller, &req.user_pool_id)?;
    let at = Attempt::open(c, rc, pool.as_ref(), &client)
        .await?
        .with_client_metadata(req.client_metadata);
    let params = req.auth_parameters.unwrap_or_default();
    let secret_hash = params.get("SECRET_HASH").map(String::as_str);
    let device_key = optional(&params, "DEVICE_KEY");
    let first = match (flow, caller) {
        ("USER_PASSWORD_AUTH", Caller::Public)
        | ("ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", Caller::Admin) => {
            let allowed = match caller {
                Caller::Public => AuthFlow::UserPassword,
                Caller::Admin => AuthFlow::AdminUserPassword,
            };
            if !at.client().allows(allowed) {
                return Err(flow_not_enabled(flow));
            }
            FirstFactor::Password {
                username: param(&params, "USERNAME")?.to_string(),
                password: param(&params, "PASSWORD")?.to_string(),
                device_key,
            }
        }
        ("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN", _) => {
            let token = params.get("REFRESH_TOKEN").ok_or_else(|| {
                CoreError::InvalidParameter("Missing required parameter REFRESH_TOKEN".into())
            })?;
            let tokens = at
                .refresh(token, device_key.as_deref(), secret_hash)
                .await?;
            return Ok(AuthResponse {
                authentication_result: Some(tokens),
                ..AuthResponse::default()
            });
        }
        ("USER_SRP_AUTH", _) => {
            if !at.client().allows(AuthFlow::UserSrp) {
                return Err(flow_not_enabled(flow));
            }
            FirstFactor::Srp {
                username: param(&params, "USERNAME")?.to_string(),
                srp_a: param(&params, "SRP_A")?.to_string(),
                device_key,
            }
        }
        ("CUSTOM_AUTH", _) => {
            if !at.client().allows(AuthFlow::Custom) {
                return Err(flow_not_enabled(flow));
            }
            FirstFactor::Custom {
                username: param(&params, "USERNAME")?.to_string(),
                srp_a: optional(&params, "SRP_A").filter(|a| !a.is_empty()),
                device_key,
            }
        }
        ("USER_AUTH", _) => {
            return Err(CoreError::InvalidParameter(format!(
                "{flow} is not supported by this server yet."
            )))
        }
        ("USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH", _) => {
            return Err(CoreError::InvalidParameter(
                "Initiate Auth method not supported.".into(),
            ))
        }
        _ => {
            return Err(CoreError::InvalidParameter(format!(
                "1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: {FLOWS}"
            )))
        }
    };
    render(sign_in::start(&at, first, secret_hash).await?)
}

async fn respond(
    c: &Cognate,
    rc: &RequestContext,
    req: RespondToAuthChallengeRequest,
    caller: Caller,
) -> CoreResult<AuthResponse> {
    let name = required(&req.challenge_name, "challengeName")?;
    let client = client_id(&req.client_id)?;
    let pool = admin_pool(caller, &req.user_pool_id)?;
    let at = Attempt::open(c, rc, pool.as_ref(), &client)
        .await?
        .with_client_metadata(req.client_metadata);
    let responses = req.challenge_responses.unwrap_or_default();
    let challenge = ChallengeName::parse(name).ok_or_else(|| {
        CoreError::InvalidParameter(format!(
            "1 validation error detected: Value '{name}' at 'challengeName' failed to satisfy constraint: Member must satisfy enum value set"
        ))
    })?;
    let answer = answer(challenge, &responses)?;
    let reply = Reply {
        challenge,
        session: req.session.filter(|s| !s.is_empty()),
        username: param(&responses, "USERNAME")?.to_string(),
        secret_hash: optional(&responses, "SECRET_HASH"),
        answer,
    };
    render(sign_in::respond(&at, reply).await?)
}

/// The typed answer the responses to `challenge` carry.
fn answer(challenge: ChallengeName, responses: &Params) -> CoreResult<Answer> {
    let text = |name: &str| param(responses, name).map(str::to_string);
    let claim = || -> CoreResult<SrpClaim> {
        Ok(SrpClaim {
            secret_block: text("PASSWORD_CLAIM_SECRET_BLOCK")?,
            timestamp: text("TIMESTAMP")?,
            signature: text("PASSWORD_CLAIM_SIGNATURE")?,
            device_key: optional(responses, "DEVICE_KEY"),
        })
    };
    Ok(match challenge {
        ChallengeName::PasswordVerifier => Answer::PasswordClaim(claim()?),
        ChallengeName::NewPasswordRequired => Answer::NewPassword {
            password: text("NEW_PASSWORD")?,
            attributes: responses
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.strip_prefix("userAttributes.")?.to_string(), v.clone()))
                })
                .collect(),
        },
        ChallengeName::SmsMfa => Answer::MfaCode(text("SMS_MFA_CODE")?),
        ChallengeName::SoftwareTokenMfa => Answer::MfaCode(text("SOFTWARE_TOKEN_MFA_CODE")?),
        ChallengeName::SelectMfaType => {
            let choice = param(responses, "ANSWER")?;
            let factor = ChallengeName::parse(choice)
                .and_then(MfaFactor::from_challenge)
                .ok_or_else(|| {
                    CoreError::InvalidParameter(format!(
                        "Invalid ANSWER {choice} for {}.",
                        challenge.as_str()
                    ))
                })?;
            Answer::MfaChoice(factor)
        }
        ChallengeName::MfaSetup => Answer::MfaSetupDone,
        ChallengeName::DeviceSrpAuth => Answer::DeviceSrp {
            device_key: text("DEVICE_KEY")?,
            srp_a: text("SRP_A")?,
        },
        ChallengeName::DevicePasswordVerifier => Answer::DeviceClaim(claim()?),
        ChallengeName::CustomChallenge => Answer::CustomAnswer(text("ANSWER")?),
        _ => Answer::Unanswerable,
    })
}

/// The machine's next step as Cognito's `AuthResponse`.
fn render(next: Next) -> CoreResult<AuthResponse> {
    let (session, prompt) = match next {
        Next::Tokens(tokens) => {
            return Ok(AuthResponse {
                authentication_result: Some(*tokens),
                ..AuthResponse::default()
            })
        }
        Next::Challenge { session, prompt } => (session, prompt),
        // Only the hosted pages' attempts end this way.
        Next::SignedIn(_) => {
            return Err(CoreError::Internal(anyhow::anyhow!(
                "an API sign-in finished as a hosted one"
            )))
        }
    };
    let challenge = prompt.challenge();
    let names = |factors: &[MfaFactor]| {
        let names: Vec<&str> = factors.iter().map(|f| f.as_str()).collect();
        json!(names).to_string()
    };
    let mut p = Params::new();
    let mut put = |k: &str, v: String| {
        p.insert(k.to_string(), v);
    };
    match prompt {
        Prompt::PasswordVerifier {
            salt_hex,
            srp_b,
            secret_block,
            user_id_for_srp,
        } => {
            put("SALT", salt_hex);
            put("SECRET_BLOCK", secret_block);
            put("SRP_B", srp_b);
            put("USERNAME", user_id_for_srp.clone());
            put("USER_ID_FOR_SRP", user_id_for_srp);
        }
        Prompt::NewPassword {
            user_id_for_srp,
            required_attributes,
            user_attributes,
        } => {
            put("USER_ID_FOR_SRP", user_id_for_srp);
            put("requiredAttributes", json!(required_attributes).to_string());
            put("userAttributes", json!(user_attributes).to_string());
        }
        Prompt::MfaCode {
            user_id_for_srp,
            delivered_to,
            friendly_device_name,
            ..
        } => {
            put("USER_ID_FOR_SRP", user_id_for_srp);
            if let Some(delivery) = delivered_to {
                put("CODE_DELIVERY_DELIVERY_MEDIUM", delivery.medium);
                put("CODE_DELIVERY_DESTINATION", delivery.destination);
            }
            if let Some(name) = friendly_device_name {
                put("FRIENDLY_DEVICE_NAME", name);
            }
        }
        Prompt::MfaChoice {
            offered,
            user_id_for_srp,
        } => {
            put("MFAS_CAN_CHOOSE", names(&offered));
            put("USER_ID_FOR_SRP", user_id_for_srp);
        }
        Prompt::MfaSetup {
            offered,
            user_id_for_srp,
        } => {
            put("MFAS_CAN_SETUP", names(&offered));
            put("USER_ID_FOR_SRP", user_id_for_srp);
        }
        Prompt::DeviceSrp => {}
        Prompt::CustomChallenge {
            parameters,
            username,
        } => {
            for (name, value) in parameters {
                put(&name, value);
            }
            put("USERNAME", username);
        }
        Prompt::DevicePasswordVerifier {
            salt_hex,
            srp_b,
            secret_block,
            username,
            device_key,
        } => {
            put("SRP_B", srp_b);
            put("SALT", salt_hex);
            put("SECRET_BLOCK", secret_block);
            put("USERNAME", username);
            put("DEVICE_KEY", device_key);
        }
    }
    Ok(AuthResponse {
        challenge_name: Some(challenge.as_str().to_string()),
        session,
        challenge_parameters: p,
        authentication_result: None,
    })
}
