//! The custom sign-in's three functions (`CUSTOM_AUTH`): DefineAuthChallenge decides, from the
//! challenges so far, whether to issue tokens, fail, or ask another challenge;
//! CreateAuthChallenge makes a `CUSTOM_CHALLENGE` (what the client sees, and what only the
//! checker sees); VerifyAuthChallengeResponse judges the answer.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::call::{client_metadata, flag, user_attributes, Call, Trigger};
use crate::{
    error::{CoreError, CoreResult},
    model::{ChallengeResult, User, UserPool},
    service::Cognate,
};

/// Who a custom sign-in is for, and what every one of its calls carries.
pub(crate) struct ChallengeEvent<'a> {
    pub pool: &'a UserPool,
    pub client_id: &'a str,
    /// The user; `None` for an unknown user where the client hides which users exist.
    pub user: Option<&'a User>,
    /// The name the sign-in gave.
    pub username: &'a str,
    pub client_metadata: &'a BTreeMap<String, String>,
}

impl ChallengeEvent<'_> {
    /// The call of `trigger` (whose `triggerSource` is `source`) with `request` and what every
    /// call of the custom sign-in carries.
    fn call<'b>(&'b self, (trigger, source): (Trigger, &'b str), mut request: Value) -> Call<'b> {
        let user = self.user;
        if let Value::Object(map) = &mut request {
            map.insert(
                "userAttributes".into(),
                user.map_or_else(|| json!({}), |u| user_attributes(u, true)),
            );
            map.insert(
                "clientMetadata".into(),
                client_metadata(Some(self.client_metadata)),
            );
            map.insert("userNotFound".into(), json!(user.is_none()));
        }
        Call {
            trigger,
            source,
            user_name: user.map_or(self.username, |u| u.username.as_str()),
            client_id: Some(self.client_id),
            request: Box::new(move |_| request),
        }
    }
}

/// What DefineAuthChallenge decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decision {
    /// `failAuthentication`.
    Fail,
    /// `issueTokens`.
    IssueTokens,
    /// `challengeName`: the next challenge.
    Challenge(String),
}

/// A challenge CreateAuthChallenge made.
#[derive(Debug, Clone, Default)]
pub(crate) struct Created {
    /// `publicChallengeParameters`: what the client is shown.
    pub public: BTreeMap<String, String>,
    /// `privateChallengeParameters`: what VerifyAuthChallengeResponse is given.
    pub private: BTreeMap<String, String>,
    /// `challengeMetadata`: what DefineAuthChallenge later sees of it.
    pub metadata: Option<String>,
}

fn unusable() -> CoreError {
    CoreError::InvalidLambdaResponse("Unrecognizable lambda output".into())
}

/// A `response` member that must be a map of strings (absent or null: empty).
fn strings(response: &Map<String, Value>, name: &str) -> CoreResult<BTreeMap<String, String>> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                Value::Number(n) => Ok((k.clone(), n.to_string())),
                Value::Bool(b) => Ok((k.clone(), b.to_string())),
                _ => Err(unusable()),
            })
            .collect(),
        Some(_) => Err(unusable()),
    }
}

impl Cognate {
    /// Whether the pool has a DefineAuthChallenge function, without which there is no custom
    /// sign-in.
    pub(crate) fn defines_auth_challenges(pool: &UserPool) -> bool {
        Self::trigger_function(pool, Trigger::DefineAuthChallenge).is_some()
    }

    /// DefineAuthChallenge, given the challenges so far.
    pub(crate) async fn define_auth_challenge(
        &self,
        event: &ChallengeEvent<'_>,
        session: &[ChallengeResult],
    ) -> CoreResult<Decision> {
        let call = event.call(
            (
                Trigger::DefineAuthChallenge,
                "DefineAuthChallenge_Authentication",
            ),
            json!({ "session": session }),
        );
        let response = self
            .run_trigger(event.pool, call)
            .await?
            .ok_or_else(no_define)?;
        if flag(&response, "failAuthentication")? {
            return Ok(Decision::Fail);
        }
        if flag(&response, "issueTokens")? {
            return Ok(Decision::IssueTokens);
        }
        match response.get("challengeName") {
            Some(Value::String(name)) if !name.is_empty() => Ok(Decision::Challenge(name.clone())),
            _ => Err(unusable()),
        }
    }

    /// CreateAuthChallenge for the challenge `name`, given the challenges so far.
    pub(crate) async fn create_auth_challenge(
        &self,
        event: &ChallengeEvent<'_>,
        name: &str,
        session: &[ChallengeResult],
    ) -> CoreResult<Created> {
        let request = json!({ "challengeName": name, "session": session });
        let call = event.call(
            (
                Trigger::CreateAuthChallenge,
                "CreateAuthChallenge_Authentication",
            ),
            request,
        );
        let response = self.run_trigger(event.pool, call).await?.ok_or_else(|| {
            CoreError::InvalidParameter(
                "Create Auth Challenge lambda trigger is not configured for the user pool.".into(),
            )
        })?;
        let metadata = match response.get("challengeMetadata") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(unusable()),
        };
        Ok(Created {
            public: strings(&response, "publicChallengeParameters")?,
            private: strings(&response, "privateChallengeParameters")?,
            metadata,
        })
    }

    /// VerifyAuthChallengeResponse: whether `answer` is right for the challenge whose private
    /// parameters are `private`.
    pub(crate) async fn verify_auth_challenge(
        &self,
        event: &ChallengeEvent<'_>,
        private: &BTreeMap<String, String>,
        answer: &str,
    ) -> CoreResult<bool> {
        let request = json!({
            "privateChallengeParameters": private,
            "challengeAnswer": answer,
        });
        let call = event.call(
            (
                Trigger::VerifyAuthChallengeResponse,
                "VerifyAuthChallengeResponse_Authentication",
            ),
            request,
        );
        let response = self.run_trigger(event.pool, call).await?.ok_or_else(|| {
            CoreError::InvalidParameter(
                "Verify Auth Challenge Response lambda trigger is not configured for the user pool."
                    .into(),
            )
        })?;
        flag(&response, "answerCorrect")
    }
}

/// The error of a custom sign-in in a pool without DefineAuthChallenge.
pub(crate) fn no_define() -> CoreError {
    CoreError::InvalidParameter(
        "Custom auth lambda trigger is not configured for the user pool.".into(),
    )
}
