//! One call of a trigger: the event, the function the pool names for it, the time limit, and
//! Cognito's errors for what can go wrong.

use std::{collections::BTreeMap, time::Duration};

use serde_json::{json, Map, Value};

use crate::{
    error::{CoreError, CoreResult},
    functions::InvokeError,
    model::{User, UserPool},
    service::Cognate,
};

/// How long Cognito waits for a trigger.
const TIME_LIMIT: Duration = Duration::from_secs(5);

/// The triggers Cognate calls, by their `LambdaConfig` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    PreSignUp,
    PostConfirmation,
    PreTokenGeneration,
    CustomMessage,
    UserMigration,
    PreAuthentication,
    PostAuthentication,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
}

impl Trigger {
    /// The `LambdaConfig` member, and the name Cognito's errors give the trigger.
    fn name(self) -> &'static str {
        match self {
            Trigger::PreSignUp => "PreSignUp",
            Trigger::PostConfirmation => "PostConfirmation",
            Trigger::PreTokenGeneration => "PreTokenGeneration",
            Trigger::CustomMessage => "CustomMessage",
            Trigger::UserMigration => "UserMigration",
            Trigger::PreAuthentication => "PreAuthentication",
            Trigger::PostAuthentication => "PostAuthentication",
            Trigger::DefineAuthChallenge => "DefineAuthChallenge",
            Trigger::CreateAuthChallenge => "CreateAuthChallenge",
            Trigger::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
        }
    }
}

/// One call of a trigger.
pub(super) struct Call<'a> {
    pub trigger: Trigger,
    /// `triggerSource`, such as `PreSignUp_SignUp`.
    pub source: &'a str,
    /// The user's username (`userName`).
    pub user_name: &'a str,
    /// The app client, when a client made the request.
    pub client_id: Option<&'a str>,
    /// Builds the event's `request` for the function's event version; called only when the
    /// pool has the function, so pools without it build nothing.
    pub request: Request<'a>,
}

/// How a [`Call`] builds its event's `request`, given the event version.
pub(super) type Request<'a> = Box<dyn FnOnce(&str) -> Value + Send + 'a>;

/// `userAttributes` of an event: the user's attributes, with `sub` and `cognito:user_status`
/// once the user exists.
pub(super) fn user_attributes(user: &User, exists: bool) -> Value {
    let mut map: Map<String, Value> = user
        .attributes
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    if exists {
        map.insert("sub".into(), Value::String(user.sub.clone()));
        map.insert(
            "cognito:user_status".into(),
            Value::String(user.status.as_str().into()),
        );
    }
    Value::Object(map)
}

/// `clientMetadata`, as the request gave it (an empty object when it gave none).
pub(super) fn client_metadata(given: Option<&BTreeMap<String, String>>) -> Value {
    json!(given.cloned().unwrap_or_default())
}

impl Cognate {
    /// The function a pool runs for `trigger`, and the event version it takes.
    pub(super) fn trigger_function(
        pool: &UserPool,
        trigger: Trigger,
    ) -> Option<(String, &'static str)> {
        let config = pool.settings.lambda_config.as_ref()?;
        if trigger == Trigger::PreTokenGeneration {
            if let Some(v2) = config.get("PreTokenGenerationConfig") {
                let arn = v2.get("LambdaArn").and_then(Value::as_str)?;
                let version = match v2.get("LambdaVersion").and_then(Value::as_str) {
                    Some("V2_0") => "2",
                    Some("V3_0") => "3",
                    _ => "1",
                };
                return Some((arn.to_string(), version));
            }
        }
        let arn = config.get(trigger.name()).and_then(Value::as_str)?;
        Some((arn.to_string(), "1"))
    }

    /// Runs the pool's function for `call.trigger`, if it has one, and returns the `response`
    /// it filled in (`None` when the pool has no such trigger).
    pub(super) async fn run_trigger(
        &self,
        pool: &UserPool,
        call: Call<'_>,
    ) -> CoreResult<Option<Map<String, Value>>> {
        let Some((arn, version)) = Self::trigger_function(pool, call.trigger) else {
            return Ok(None);
        };
        let name = call.trigger.name();
        let event = json!({
            "version": version,
            "triggerSource": call.source,
            "region": Self::region_of(&pool.id),
            "userPoolId": pool.id,
            "userName": call.user_name,
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": call.client_id.unwrap_or("CLIENT_ID_NOT_APPLICABLE"),
            },
            "request": (call.request)(version),
            "response": {},
        });
        let payload = serde_json::to_vec(&event).map_err(|e| CoreError::Internal(e.into()))?;
        let answer =
            match tokio::time::timeout(TIME_LIMIT, self.functions.invoke(&arn, payload)).await {
                Err(_) => {
                    return Err(CoreError::UnexpectedLambda(format!(
                        "{name} failed with error Socket timeout while invoking Lambda function."
                    )))
                }
                Ok(Err(InvokeError::Function(message))) => {
                    return Err(CoreError::UserLambdaValidation(format!(
                        "{name} failed with error {message}."
                    )))
                }
                Ok(Err(InvokeError::Failed(reason))) => {
                    tracing::warn!(trigger = name, function = %arn, %reason, "trigger not called");
                    return Err(CoreError::UnexpectedLambda(format!(
                        "{name} invocation failed due to error AccessDeniedException."
                    )));
                }
                Ok(Ok(answer)) => answer,
            };
        let response = serde_json::from_slice::<Value>(&answer)
            .ok()
            .and_then(|mut v| match v.get_mut("response").map(Value::take) {
                Some(Value::Object(map)) => Some(map),
                Some(Value::Null) => Some(Map::new()),
                _ => None,
            })
            .ok_or_else(|| {
                CoreError::InvalidLambdaResponse("Unrecognizable lambda output".into())
            })?;
        Ok(Some(response))
    }
}

/// A boolean of a trigger's `response` (absent or null: false); anything else is an answer
/// Cognito cannot use.
pub(super) fn flag(response: &Map<String, Value>, name: &str) -> CoreResult<bool> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(CoreError::InvalidLambdaResponse(
            "Unrecognizable lambda output".into(),
        )),
    }
}

/// Checks a pool's `LambdaConfig`: each function an `ArnType`, PreTokenGenerationConfig's
/// version one Cognito knows. The custom senders are refused: Cognito hands them the code
/// encrypted with the AWS KMS key `KMSKeyID`, and this server does not use AWS KMS.
pub(crate) fn check_lambda_config(config: Option<&Value>) -> CoreResult<()> {
    let Some(config) = config else {
        return Ok(());
    };
    let Value::Object(members) = config else {
        return Err(CoreError::InvalidParameter(
            "LambdaConfig must be an object.".into(),
        ));
    };
    for (name, value) in members {
        let mut chars = name.chars();
        let first = chars.next().map(|c| c.to_lowercase().to_string());
        let member = format!(
            "lambdaConfig.{}{}",
            first.unwrap_or_default(),
            chars.as_str()
        );
        match (name.as_str(), value) {
            ("CustomSMSSender" | "CustomEmailSender" | "KMSKeyID", _) => {
                return Err(CoreError::InvalidParameter(format!(
                    "{name} is not supported: Cognito encrypts the codes it hands CustomSMSSender and CustomEmailSender with the AWS KMS key KMSKeyID, and this server does not use AWS KMS. Send messages through the pool's SMS and email configuration, or reword them with a CustomMessage function."
                )));
            }
            ("PreTokenGenerationConfig", Value::Object(v)) => {
                if let Some(Value::String(arn)) = v.get("LambdaArn") {
                    crate::service::arns::check(&format!("{member}.lambdaArn"), arn)?;
                }
                match v.get("LambdaVersion").and_then(Value::as_str) {
                    Some("V1_0" | "V2_0" | "V3_0") => {}
                    other => {
                        return Err(CoreError::constraint(
                            &format!("{member}.lambdaVersion"),
                            other.unwrap_or("null"),
                            "Member must satisfy enum value set: [V1_0, V2_0, V3_0]",
                        ))
                    }
                }
            }
            (_, Value::String(arn)) => crate::service::arns::check(&member, arn)?,
            _ => {}
        }
    }
    Ok(())
}
