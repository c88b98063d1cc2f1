//! A user's MFA settings: SetUserMFAPreference, AdminSetUserMFAPreference,
//! AssociateSoftwareToken and VerifySoftwareToken (with an access token, or with the session of
//! an MFA_SETUP challenge). Authenticator secrets are sealed with the master key.

use super::{sign_in::mfa_setup::Setup, Cognate};
use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{AuditKind, Enrollee, MfaFactor, SoftwareToken, Subject, User, UserPool},
};
use cognate_crypto::totp;
use cognate_proto::{
    AssociateSoftwareTokenResponse, MfaSettingsType, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenResponse,
};

pub(crate) const TOTP_PURPOSE: &str = "totp-secret";

/// Applies `SMSMfaSettings` / `SoftwareTokenMfaSettings` to a user, as Cognito does.
fn apply_preferences(user: &mut User, req: &SetUserMfaPreferenceRequest) -> CoreResult<()> {
    if req
        .email_mfa_settings
        .and_then(|e| e.enabled)
        .unwrap_or(false)
    {
        return Err(CoreError::InvalidParameter(
            "Email MFA is not available: it needs Amazon SES email sending.".into(),
        ));
    }
    let set = |settings: Option<MfaSettingsType>,
               factor: MfaFactor,
               enabled: &mut bool,
               preferred: &mut Option<MfaFactor>| {
        let Some(s) = settings else { return };
        if let Some(e) = s.enabled {
            *enabled = e;
        }
        match s.preferred_mfa {
            Some(true) => {
                *enabled = true;
                *preferred = Some(factor);
            }
            Some(false) if *preferred == Some(factor) => *preferred = None,
            _ => {}
        }
        if !*enabled && *preferred == Some(factor) {
            *preferred = None;
        }
    };
    let mut mfa = user.mfa.clone();
    set(
        req.sms_mfa_settings,
        MfaFactor::Sms,
        &mut mfa.sms_enabled,
        &mut mfa.preferred,
    );
    set(
        req.software_token_mfa_settings,
        MfaFactor::SoftwareToken,
        &mut mfa.totp_enabled,
        &mut mfa.preferred,
    );
    if mfa.sms_enabled && !user.mfa.sms_enabled && user.attr("phone_number").is_none() {
        return Err(CoreError::InvalidParameter(format!(
            "User does not have delivery config set to turn on {}",
            MfaFactor::Sms.as_str()
        )));
    }
    if mfa.totp_enabled && user.software_token.is_none() {
        return Err(CoreError::InvalidParameter(
            "User has not verified software token mfa".into(),
        ));
    }
    user.mfa = mfa;
    Ok(())
}

/// AssociateSoftwareToken and VerifySoftwareToken need the pool to allow authenticator apps.
fn check_software_token_enabled(pool: &UserPool) -> CoreResult<()> {
    if pool.software_token_mfa_enabled {
        Ok(())
    } else {
        Err(CoreError::SoftwareTokenMfaNotFound(
            "Software Token MFA has not been enabled by the userPool".into(),
        ))
    }
}

impl Cognate {
    pub(crate) fn unseal_totp(&self, sealed: &str) -> CoreResult<Vec<u8>> {
        let secret = self
            .master_key
            .open_b64(TOTP_PURPOSE, sealed)
            .map_err(|e| CoreError::Internal(e.into()))?;
        Ok(secret.to_vec())
    }

    /// SetUserMFAPreference and AdminSetUserMFAPreference.
    pub async fn set_user_mfa_preference(
        &self,
        rc: &RequestContext,
        who: &Subject,
        req: &SetUserMfaPreferenceRequest,
    ) -> CoreResult<()> {
        let (pool, user) = self.subject(who).await?;
        let (user, ()) = self
            .modify_user(&pool, &user, |u| apply_preferences(u, req))
            .await?;
        let operation = match who {
            Subject::Token(_) => "SetUserMFAPreference",
            Subject::Named { .. } => "AdminSetUserMFAPreference",
        };
        self.audit_note(rc, AuditKind::MfaChange, &user)
            .detail("operation", operation)
            .detail("smsEnabled", user.mfa.sms_enabled)
            .detail("softwareTokenEnabled", user.mfa.totp_enabled)
            .detail("preferred", user.mfa.preferred.map(MfaFactor::as_str))
            .record();
        Ok(())
    }

    /// Who an Associate/VerifySoftwareToken call speaks for: an access token's user, or the user
    /// of an MFA_SETUP step (which the call takes).
    async fn software_token_subject<'a>(
        &'a self,
        rc: &'a RequestContext,
        who: &Enrollee,
    ) -> CoreResult<(UserPool, User, Option<Setup<'a>>)> {
        match who {
            Enrollee::Signed(token) => {
                let ctx = self.authorize_access_token(token).await?;
                let pool = self.token_pool(&ctx).await?;
                Ok((pool, ctx.user, None))
            }
            Enrollee::Setup(session) => {
                let setup = Setup::find(self, rc, session).await?;
                Ok((setup.pool().clone(), setup.user.clone(), Some(setup)))
            }
        }
    }

    /// AssociateSoftwareToken: a new secret, pending until VerifySoftwareToken.
    pub async fn associate_software_token(
        &self,
        rc: &RequestContext,
        who: &Enrollee,
    ) -> CoreResult<AssociateSoftwareTokenResponse> {
        let (pool, user, session) = self.software_token_subject(rc, who).await?;
        check_software_token_enabled(&pool)?;
        let secret = totp::new_secret();
        let sealed = self
            .master_key
            .seal_b64(TOTP_PURPOSE, &secret)
            .map_err(|e| CoreError::Internal(e.into()))?;
        let (user, ()) = self
            .modify_user(&pool, &user, |u| {
                u.pending_software_token = Some(sealed.clone());
                Ok(())
            })
            .await?;
        self.audit_note(rc, AuditKind::MfaChange, &user)
            .detail("operation", "AssociateSoftwareToken")
            .record();
        let session = match session {
            Some(setup) => Some(setup.next(&user, false).await?),
            None => None,
        };
        Ok(AssociateSoftwareTokenResponse {
            secret_code: totp::base32(&secret),
            session,
        })
    }

    /// VerifySoftwareToken: checks a code from the pending secret and makes it the user's
    /// authenticator. Through an MFA_SETUP session it is also enabled and preferred.
    pub async fn verify_software_token(
        &self,
        rc: &RequestContext,
        who: &Enrollee,
        code: &str,
        friendly_name: Option<String>,
    ) -> CoreResult<VerifySoftwareTokenResponse> {
        let (pool, user, session) = self.software_token_subject(rc, who).await?;
        check_software_token_enabled(&pool)?;
        let mismatch = || {
            CoreError::EnableSoftwareTokenMfa(
                "Code mismatch and fail enable Software Token MFA".into(),
            )
        };
        let pending = user.pending_software_token.clone().ok_or_else(mismatch)?;
        let secret = self.unseal_totp(&pending)?;
        let now = u64::try_from(self.clock.now_secs()).unwrap_or_default();
        let note = self
            .audit_note(rc, AuditKind::MfaChange, &user)
            .detail("operation", "VerifySoftwareToken");
        let Some(step) = totp::matching_step(&secret, code, now) else {
            note.refused();
            if let Some(setup) = &session {
                setup.fail().await?;
            }
            return Err(mismatch());
        };
        let during_setup = session.is_some();
        let (user, ()) = self
            .modify_user(&pool, &user, |u| {
                u.software_token = Some(SoftwareToken {
                    sealed_secret: pending.clone(),
                    friendly_name: friendly_name.clone(),
                    last_step: step,
                });
                u.pending_software_token = None;
                if during_setup {
                    u.mfa.totp_enabled = true;
                    u.mfa.preferred = Some(MfaFactor::SoftwareToken);
                }
                Ok(())
            })
            .await?;
        note.record();
        let session = match session {
            Some(setup) => Some(setup.next(&user, true).await?),
            None => None,
        };
        Ok(VerifySoftwareTokenResponse {
            status: "SUCCESS".into(),
            session,
        })
    }
}
