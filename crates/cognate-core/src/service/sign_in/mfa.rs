//! Which second factor a sign-in asks for: none, the one the user prefers or has, a choice
//! (SELECT_MFA_TYPE), or a setup first (MFA_SETUP); and asking for it, which for SMS sends the
//! code.

use super::{
    attempt::Attempt,
    door::{Next, Prompt},
    session, sms_code,
    state::Awaiting,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{MfaFactor, MfaMode, SignIn, User, UserPool},
};

/// The factors the user can answer with now.
pub(super) fn available_factors(pool: &UserPool, user: &User) -> Vec<MfaFactor> {
    let totp = user.mfa.totp_enabled && user.software_token.is_some();
    let can_text = pool.settings.sms_configuration.is_some() && user.attr("phone_number").is_some();
    // In a pool that requires MFA, a user with a phone number and no other factor gets SMS.
    let sms = can_text && (user.mfa.sms_enabled || (pool.mfa_mode() == MfaMode::On && !totp));
    let mut factors = Vec::new();
    if sms {
        factors.push(MfaFactor::Sms);
    }
    if totp {
        factors.push(MfaFactor::SoftwareToken);
    }
    factors
}

/// The factors a user without any could set up in this pool.
pub(super) fn setup_factors(pool: &UserPool) -> Vec<MfaFactor> {
    let mut factors = Vec::new();
    if pool.settings.sms_configuration.is_some() {
        factors.push(MfaFactor::Sms);
    }
    if pool.software_token_mfa_enabled {
        factors.push(MfaFactor::SoftwareToken);
    }
    factors
}

/// After the first factor (and any device step): the second factor the pool and the user
/// require, if any.
pub(super) async fn ask_if_needed(
    at: &Attempt<'_>,
    user: &User,
    sign_in: &SignIn,
) -> CoreResult<Option<Next>> {
    let mode = at.pool.mfa_mode();
    if mode == MfaMode::Off || sign_in.passwordless {
        return Ok(None);
    }
    let factors = available_factors(&at.pool, user);
    let preferred = user.mfa.preferred.filter(|p| factors.contains(p));
    let user_id_for_srp = user.username.clone();
    let (awaiting, prompt) = match (factors.as_slice(), preferred) {
        ([], _) if mode == MfaMode::On => {
            let awaiting = Awaiting::MfaSetup { verified: false };
            let prompt = Prompt::MfaSetup {
                offered: setup_factors(&at.pool),
                user_id_for_srp,
            };
            (awaiting, prompt)
        }
        ([], _) => return Ok(None),
        (_, Some(factor)) | (&[factor], None) => {
            return ask(at, user, sign_in, factor).await.map(Some)
        }
        (many, None) => {
            let prompt = Prompt::MfaChoice {
                offered: many.to_vec(),
                user_id_for_srp,
            };
            (Awaiting::MfaChoice, prompt)
        }
    };
    let token = session::open(at, user, sign_in, awaiting, None).await?;
    Ok(Some(Next::Challenge {
        session: Some(token),
        prompt,
    }))
}

/// SELECT_MFA_TYPE: the factor picked must be one the user can answer with now.
pub(super) fn check_choice(at: &Attempt<'_>, user: &User, factor: MfaFactor) -> CoreResult<()> {
    if available_factors(&at.pool, user).contains(&factor) {
        Ok(())
    } else {
        Err(CoreError::InvalidParameter(format!(
            "{} is not available for this user.",
            factor.as_str()
        )))
    }
}

/// Asks for `factor`'s code: sends it by SMS, or names the authenticator app.
pub(super) async fn ask(
    at: &Attempt<'_>,
    user: &User,
    sign_in: &SignIn,
    factor: MfaFactor,
) -> CoreResult<Next> {
    let (sent, delivered_to, friendly_device_name) = match factor {
        MfaFactor::Sms => {
            let (sent, delivery) = sms_code::send(at, user).await?;
            (Some(sent), Some(delivery), None)
        }
        MfaFactor::SoftwareToken => {
            let name = user
                .software_token
                .as_ref()
                .and_then(|t| t.friendly_name.clone());
            (None, None, name)
        }
    };
    let awaiting = Awaiting::MfaCode { factor, sent };
    let token = session::open(at, user, sign_in, awaiting, None).await?;
    Ok(Next::Challenge {
        session: Some(token),
        prompt: Prompt::MfaCode {
            factor,
            user_id_for_srp: user.username.clone(),
            delivered_to,
            friendly_device_name,
        },
    })
}
