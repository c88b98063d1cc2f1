//! The sign-in's transitions, top to bottom: a first factor starts it, each answer moves it one
//! step on, and the last step issues tokens. The checks themselves live in the factor files.

use super::{
    attempt::Attempt,
    custom::{self, Custom},
    device_srp,
    door::{Answer, FirstFactor, Next, Reply},
    finish, mfa, mfa_code, mfa_setup, new_password, observed, password, session, srp,
    state::Awaiting,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{ChallengeName, MfaFactor, SignIn, User, UserStatus},
    service::attributes::identifiers,
    service::Cognate,
};

/// InitiateAuth: the first factor, once the abuse limits let it through. A password is
/// checked at once; an SRP handshake answers PASSWORD_VERIFIER.
pub async fn start(
    at: &Attempt<'_>,
    first: FirstFactor,
    secret_hash: Option<&str>,
) -> CoreResult<Next> {
    at.limit_sign_in(first.username()).await?;
    let factor = observed::first_factor(&first);
    let outcome = begin(at, first, secret_hash).await;
    observed::first_step(&at.witness(), factor, outcome)
}

/// RespondToAuthChallenge: the answer to the step its session (or, for PASSWORD_VERIFIER, its
/// sealed block) names, once the abuse limits let it through.
pub async fn respond(at: &Attempt<'_>, reply: Reply) -> CoreResult<Next> {
    at.limit_sign_in(&reply.username).await?;
    let challenge = reply.challenge;
    let outcome = advance(at, reply).await;
    observed::answer(&at.witness(), challenge, outcome)
}

/// The first step, which [`start`] counts and records.
async fn begin(
    at: &Attempt<'_>,
    first: FirstFactor,
    secret_hash: Option<&str>,
) -> CoreResult<Next> {
    match first {
        FirstFactor::Password {
            username,
            password,
            device_key,
        } => {
            at.check_secret_hash(std::slice::from_ref(&username), secret_hash)?;
            let user = password::check(at, &username, &password).await?;
            let sign_in = at.new_sign_in(device_key.as_deref());
            after_first_factor(at, user, sign_in).await
        }
        FirstFactor::Srp {
            username,
            srp_a,
            device_key,
        } => {
            at.check_secret_hash(std::slice::from_ref(&username), secret_hash)?;
            srp::challenge(at, &username, &srp_a, device_key).await
        }
        FirstFactor::Custom {
            username,
            srp_a,
            device_key,
        } => {
            at.check_secret_hash(std::slice::from_ref(&username), secret_hash)?;
            let custom = custom::begin(at, &username, srp_a.as_deref(), device_key).await?;
            go_on(at, custom).await
        }
    }
}

/// An answer's step, which [`respond`] counts and records.
async fn advance(at: &Attempt<'_>, reply: Reply) -> CoreResult<Next> {
    if let Answer::PasswordClaim(claim) = &reply.answer {
        let sessionless = reply.session.is_none();
        let (user, sign_in, flow) = srp::verify(at, claim, &reply, sessionless).await?;
        return match flow {
            Some(flow) => go_on(at, custom::password_passed(at, user, sign_in, flow).await?).await,
            None => after_first_factor(at, user, sign_in).await,
        };
    }
    let step = match reply.session.as_deref() {
        Some(token) => session::by_token(at, Some(token)).await?,
        None => device_srp::resumed(at, &reply).await?,
    };
    if step.pool_id != at.pool.id {
        return Err(CoreError::session_expired());
    }
    if let Some(sign_in) = &step.sign_in {
        at.seen.continues(sign_in);
    }
    let expected = step.awaiting.challenge();
    if expected != reply.challenge {
        return Err(CoreError::InvalidParameter(format!(
            "Invalid challenge name: expected {}",
            expected.as_str()
        )));
    }
    if let Awaiting::CustomChallenge { flow } = &step.awaiting {
        let custom = custom::answer(at, &step, *flow.clone(), reply).await?;
        return go_on(at, custom).await;
    }
    let user =
        at.c.store
            .find_user(&at.pool.id, &step.sub)
            .await?
            .ok_or_else(CoreError::session_expired)?;
    at.seen.user(&user);
    if !Cognate::names_user(&at.pool, &user, &reply.username) {
        return Err(CoreError::NotAuthorized(
            "Invalid session for the user.".into(),
        ));
    }
    at.check_secret_hash(&identifiers(&user), reply.secret_hash.as_deref())?;
    let sign_in = step.sign_in()?;
    match (step.awaiting.clone(), reply.answer) {
        (
            Awaiting::NewPassword,
            Answer::NewPassword {
                password,
                attributes,
            },
        ) => {
            let user = new_password::answer(at, &user, &step, &password, &attributes).await?;
            next_step(at, user, sign_in).await
        }
        (Awaiting::MfaCode { factor, sent }, Answer::MfaCode(code)) => {
            let user = mfa_code::check(at, &user, &step, factor, sent.as_ref(), &code).await?;
            finish::tokens(at, &user, sign_in).await
        }
        (Awaiting::MfaChoice, Answer::MfaChoice(factor)) => {
            mfa::check_choice(at, &user, factor)?;
            session::take(at, &step.id).await?;
            mfa::ask(at, &user, &sign_in, factor).await
        }
        (Awaiting::MfaSetup { verified }, Answer::MfaSetupDone) => {
            if !verified {
                return Err(CoreError::InvalidParameter(
                    "MFA setup is not complete: verify a software token with this session first."
                        .into(),
                ));
            }
            session::take(at, &step.id).await?;
            finish::tokens(at, &user, sign_in).await
        }
        (Awaiting::MfaSetup { .. }, Answer::MfaSetupPhone(phone)) => {
            let user = mfa_setup::set_phone(at, &user, &phone).await?;
            session::take(at, &step.id).await?;
            mfa::ask(at, &user, &sign_in, MfaFactor::Sms).await
        }
        (Awaiting::DeviceSrp, Answer::DeviceSrp { device_key, srp_a }) => {
            let resumable = reply.session.is_none();
            device_srp::challenge(at, &user, &step, sign_in, (&device_key, &srp_a), resumable).await
        }
        (Awaiting::DevicePasswordVerifier { block_id }, Answer::DeviceClaim(claim)) => {
            device_srp::verify(at, &user, &step, &block_id, &sign_in, &claim).await?;
            if let Some(key) = &sign_in.device_key {
                at.seen.device(&user, key);
            }
            finish::tokens(at, &user, sign_in).await
        }
        _ => Err(unsupported(reply.challenge)),
    }
}

fn unsupported(name: ChallengeName) -> CoreError {
    CoreError::InvalidParameter(format!(
        "Challenge {} is not supported by this server yet.",
        name.as_str()
    ))
}

/// A custom sign-in's next challenge, or, when its challenges passed, what follows a first
/// factor.
async fn go_on(at: &Attempt<'_>, custom: Custom) -> CoreResult<Next> {
    match custom {
        Custom::Asks(next) => Ok(next),
        Custom::Passed(user, sign_in) => after_first_factor(at, *user, sign_in).await,
    }
}

/// After the password (or its SRP proof, or a custom sign-in's challenges) passed: the user's
/// state may still refuse the sign-in; otherwise the next step.
async fn after_first_factor(at: &Attempt<'_>, user: User, sign_in: SignIn) -> CoreResult<Next> {
    at.seen.user(&user);
    check_can_sign_in(&user, at.c.now_ms())?;
    next_step(at, user, sign_in).await
}

/// What a signed-in user still owes, in order: a new password, a remembered device's proof
/// (in place of MFA where the pool allows it), a second factor; then tokens.
async fn next_step(at: &Attempt<'_>, user: User, mut sign_in: SignIn) -> CoreResult<Next> {
    if user.status == UserStatus::ForceChangePassword {
        return new_password::ask(at, &user, &sign_in).await;
    }
    if let Some(next) = device_srp::ask_if_remembered(at, &user, &mut sign_in).await? {
        return Ok(next);
    }
    if let Some(next) = mfa::ask_if_needed(at, &user, &sign_in).await? {
        return Ok(next);
    }
    finish::tokens(at, &user, sign_in).await
}

/// Refuses users whose state forbids sign-in, with Cognito's error for each state.
fn check_can_sign_in(user: &User, now_ms: i64) -> CoreResult<()> {
    if !user.enabled {
        return Err(CoreError::NotAuthorized("User is disabled.".into()));
    }
    match user.status {
        UserStatus::Unconfirmed => {
            Err(CoreError::UserNotConfirmed("User is not confirmed.".into()))
        }
        UserStatus::ResetRequired => Err(password::password_reset_required()),
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
