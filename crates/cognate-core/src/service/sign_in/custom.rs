//! The custom sign-in (`CUSTOM_AUTH`): the pool's DefineAuthChallenge function leads it, one
//! challenge at a time, from the challenges so far: a `CUSTOM_CHALLENGE` that
//! CreateAuthChallenge makes and VerifyAuthChallengeResponse judges, or the password by SRP
//! (`PASSWORD_VERIFIER`, when the client began with its `SRP_A`), until it issues tokens or
//! fails the sign-in.
//!
//! When it issues tokens the sign-in goes on as after any first factor: the user's state,
//! a new password, a remembered device, and MFA, which (as in Cognito) follows only when the
//! password was one of the challenges. An unknown user, where the client hides which users
//! exist, goes through the same calls as `userNotFound` and is refused at the end as a wrong
//! password would be. Lockout does not count custom challenges; a sign-in ends after
//! [`session::MAX_FAILURES`] wrong answers.

use super::{
    attempt::Attempt,
    door::{Answer, Next, Prompt, Reply},
    session::{self, Step},
    srp,
    state::{Awaiting, CustomFlow},
};
use crate::{
    error::{CoreError, CoreResult},
    model::{ChallengeName, ChallengeResult, SignIn, User},
    service::{
        attributes::identifiers,
        triggers::{no_define, ChallengeEvent, Decision},
        Cognate,
    },
};

/// Where a custom sign-in stands after a step.
pub(super) enum Custom {
    /// It asks another challenge.
    Asks(Next),
    /// Its challenges passed: the sign-in goes on as after a first factor.
    Passed(Box<User>, SignIn),
}

/// The `SRP_A` entry a sign-in that began with the client's `A` starts with.
const SRP_A: &str = "SRP_A";

fn result(name: &str, passed: bool, metadata: Option<String>) -> ChallengeResult {
    ChallengeResult {
        challenge_name: name.to_string(),
        challenge_result: passed,
        challenge_metadata: metadata,
    }
}

fn event<'a>(at: &'a Attempt<'_>, user: Option<&'a User>, username: &'a str) -> ChallengeEvent<'a> {
    ChallengeEvent {
        pool: &at.pool,
        client_id: &at.client.client_id,
        user,
        username,
        client_metadata: &at.client_metadata,
    }
}

/// InitiateAuth `CUSTOM_AUTH`: the first challenge DefineAuthChallenge asks (or its verdict).
pub(super) async fn begin(
    at: &Attempt<'_>,
    username: &str,
    srp_a: Option<&str>,
    device_key: Option<String>,
) -> CoreResult<Custom> {
    if !Cognate::defines_auth_challenges(&at.pool) {
        return Err(no_define());
    }
    let a_hex = srp_a.map(srp::canonical_a).transpose()?;
    let user = at.c.find_user(&at.pool, username).await?;
    if let Some(user) = &user {
        at.seen.user(user);
    }
    if user.is_none() && !at.client.prevents_user_existence_errors() {
        return Err(CoreError::UserNotFound("User does not exist.".into()));
    }
    at.c.pre_authentication(
        (&at.pool, &at.client),
        username,
        user.as_ref(),
        &at.client_metadata,
    )
    .await?;
    let mut flow = CustomFlow {
        results: Vec::new(),
        username: username.to_string(),
        srp_a: None,
        private: Default::default(),
        metadata: None,
    };
    if let Some(a) = a_hex {
        flow.results.push(result(SRP_A, true, None));
        flow.srp_a = Some(a);
    }
    let mut sign_in = at.new_sign_in(device_key.as_deref());
    sign_in.passwordless = true;
    decide(at, user, flow, sign_in).await
}

/// A `PASSWORD_VERIFIER` of the custom sign-in `flow` passed.
pub(super) async fn password_passed(
    at: &Attempt<'_>,
    user: User,
    sign_in: SignIn,
    mut flow: CustomFlow,
) -> CoreResult<Custom> {
    let name = ChallengeName::PasswordVerifier.as_str();
    flow.results.push(result(name, true, None));
    decide(at, Some(user), flow, sign_in).await
}

/// RespondToAuthChallenge `CUSTOM_CHALLENGE`: the pool's function judges the answer, then
/// DefineAuthChallenge decides again.
pub(super) async fn answer(
    at: &Attempt<'_>,
    step: &Step,
    mut flow: CustomFlow,
    reply: Reply,
) -> CoreResult<Custom> {
    let Answer::CustomAnswer(answer) = reply.answer else {
        return Err(CoreError::InvalidParameter(
            "Missing required parameter ANSWER".into(),
        ));
    };
    let user = match step.sub.as_str() {
        "" => None,
        sub => Some(
            at.c.store
                .find_user(&at.pool.id, sub)
                .await?
                .ok_or_else(CoreError::session_expired)?,
        ),
    };
    if let Some(user) = &user {
        at.seen.user(user);
    }
    let (named, names) = match &user {
        Some(user) => (
            Cognate::names_user(&at.pool, user, &reply.username),
            identifiers(user),
        ),
        None => {
            let shown = at.stand_in_username(&flow.username);
            let named = [&flow.username, &shown].contains(&&reply.username);
            (named, vec![flow.username.clone(), shown])
        }
    };
    if !named {
        return Err(CoreError::NotAuthorized(
            "Invalid session for the user.".into(),
        ));
    }
    at.check_secret_hash(&names, reply.secret_hash.as_deref())?;
    let sign_in = step.sign_in()?;
    session::take(at, &step.id).await?;
    let right =
        at.c.verify_auth_challenge(
            &event(at, user.as_ref(), &flow.username),
            &flow.private,
            &answer,
        )
        .await?;
    let name = ChallengeName::CustomChallenge.as_str();
    flow.results.push(result(name, right, flow.metadata.take()));
    flow.private.clear();
    let wrong = flow.results.iter().filter(|r| !r.challenge_result).count();
    if wrong >= session::MAX_FAILURES as usize {
        return Err(CoreError::bad_credentials());
    }
    decide(at, user, flow, sign_in).await
}

/// Asks DefineAuthChallenge what comes next, and does it.
async fn decide(
    at: &Attempt<'_>,
    user: Option<User>,
    mut flow: CustomFlow,
    sign_in: SignIn,
) -> CoreResult<Custom> {
    let ev = event(at, user.as_ref(), &flow.username);
    let decision = at.c.define_auth_challenge(&ev, &flow.results).await?;
    let asked = match decision {
        Decision::Fail => return Err(CoreError::bad_credentials()),
        Decision::IssueTokens => {
            let user = user.ok_or_else(CoreError::bad_credentials)?;
            return Ok(Custom::Passed(Box::new(user), sign_in));
        }
        Decision::Challenge(name) => ChallengeName::parse(&name),
    };
    match asked {
        Some(ChallengeName::PasswordVerifier) => {
            let a = flow.srp_a.take().ok_or_else(unusable)?;
            let username = flow.username.clone();
            let device = sign_in.device_key.clone();
            let next = srp::handshake(at, user.as_ref(), &username, a, device, Some(flow));
            Ok(Custom::Asks(next.await?))
        }
        Some(ChallengeName::CustomChallenge) => {
            let name = ChallengeName::CustomChallenge.as_str();
            let created = at.c.create_auth_challenge(&ev, name, &flow.results).await?;
            flow.private = created.private;
            flow.metadata = created.metadata;
            let (sub, username) = match &user {
                Some(user) => (user.sub.as_str(), user.username.clone()),
                None => ("", at.stand_in_username(&flow.username)),
            };
            let awaiting = Awaiting::CustomChallenge {
                flow: Box::new(flow),
            };
            let session = session::open_as(at, sub, &sign_in, awaiting, None).await?;
            Ok(Custom::Asks(Next::Challenge {
                session: Some(session),
                prompt: Prompt::CustomChallenge {
                    parameters: created.public,
                    username,
                },
            }))
        }
        _ => Err(unusable()),
    }
}

fn unusable() -> CoreError {
    CoreError::InvalidLambdaResponse("Unrecognizable lambda output".into())
}
