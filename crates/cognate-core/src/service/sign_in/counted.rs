//! What the metrics count of each sign-in step: the factor it checked and how it ended. Every
//! step passes through the machine's entry points (and REFRESH_TOKEN_AUTH through the
//! attempt), which hand their outcome here; no factor file counts anything.

use super::door::{FirstFactor, Next};
use crate::{
    error::CoreResult,
    metrics::{SignInFactor, SignInResult},
    model::ChallengeName,
    service::Cognate,
};

/// The factor a first step checks.
pub(super) fn first_factor(first: &FirstFactor) -> SignInFactor {
    match first {
        FirstFactor::Password { .. } => SignInFactor::Password,
        FirstFactor::Srp { .. } => SignInFactor::Srp,
        FirstFactor::Custom { .. } => SignInFactor::Custom,
    }
}

/// The factor an answer to `challenge` is checked against.
pub(super) fn answered(challenge: ChallengeName) -> SignInFactor {
    match challenge {
        ChallengeName::PasswordVerifier => SignInFactor::Srp,
        ChallengeName::SmsMfa => SignInFactor::SmsMfa,
        ChallengeName::SoftwareTokenMfa => SignInFactor::SoftwareTokenMfa,
        ChallengeName::CustomChallenge => SignInFactor::Custom,
        ChallengeName::NewPasswordRequired => SignInFactor::NewPassword,
        ChallengeName::SelectMfaType => SignInFactor::MfaSelection,
        ChallengeName::MfaSetup => SignInFactor::MfaSetup,
        ChallengeName::DeviceSrpAuth | ChallengeName::DevicePasswordVerifier => {
            SignInFactor::DeviceSrp
        }
        _ => SignInFactor::Other,
    }
}

/// Counts how a step that checked `factor` ended, and passes its outcome on.
pub(super) fn step(
    c: &Cognate,
    factor: SignInFactor,
    outcome: CoreResult<Next>,
) -> CoreResult<Next> {
    let result = match &outcome {
        Ok(Next::Challenge { .. }) => SignInResult::Challenge,
        Ok(Next::Tokens(_) | Next::SignedIn(_)) => SignInResult::Success,
        Err(_) => SignInResult::Failure,
    };
    c.metrics.count_sign_in(result, factor);
    outcome
}

/// Counts a REFRESH_TOKEN_AUTH, which ends in tokens or a failure, and passes it on.
pub(super) fn refresh<T>(c: &Cognate, outcome: CoreResult<T>) -> CoreResult<T> {
    let result = if outcome.is_ok() {
        SignInResult::Success
    } else {
        SignInResult::Failure
    };
    c.metrics.count_sign_in(result, SignInFactor::Refresh);
    outcome
}
