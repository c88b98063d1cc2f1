//! Multi-factor settings of pools: SetUserPoolMfaConfig and GetUserPoolMfaConfig.

use cognate_proto::{
    SetUserPoolMfaConfigRequest, SmsConfigurationType, SmsMfaConfigType,
    SoftwareTokenMfaConfigType, UserPoolMfaConfigResponse,
};

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::{MfaMode, PoolId, UserPool},
};

fn mfa_config(pool: &UserPool) -> UserPoolMfaConfigResponse {
    let s = &pool.settings;
    let sms =
        (s.sms_configuration.is_some() || s.sms_authentication_message.is_some()).then(|| {
            SmsMfaConfigType {
                sms_authentication_message: s.sms_authentication_message.clone(),
                sms_configuration: s.sms_configuration.clone(),
            }
        });
    UserPoolMfaConfigResponse {
        sms_mfa_configuration: sms,
        software_token_mfa_configuration: (pool.software_token_mfa_configured
            || pool.software_token_mfa_enabled)
            .then_some(SoftwareTokenMfaConfigType {
                enabled: pool.software_token_mfa_enabled,
            }),
        email_mfa_configuration: pool.email_mfa_configuration.clone(),
        mfa_configuration: Some(pool.mfa_mode().as_str().to_string()),
        web_authn_configuration: pool.web_authn_configuration.clone(),
    }
}

/// Cognito's `ArnType` pattern, which an `SnsCallerArn` must satisfy.
const ARN_PATTERN: &str = "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?";

/// Whether `arn` has the shape of Cognito's `ArnType`: `arn:partition:service:[region]:account:
/// resource[:more[:more]]`, 20 to 2048 characters, each part of word characters and `+=/,.@-`.
fn is_arn(arn: &str) -> bool {
    let word = |part: &str| {
        part.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || "+=/,.@-".contains(c))
    };
    let parts: Vec<&str> = arn.split(':').collect();
    (20..=2048).contains(&arn.chars().count())
        && (6..=8).contains(&parts.len())
        && parts[0] == "arn"
        && parts[1..].iter().all(|p| word(p))
        && !parts[1].is_empty()
        && !parts[2].is_empty()
        && !parts[4].is_empty()
        && parts[4].chars().all(|c| c.is_ascii_digit())
        && parts[5..].iter().all(|p| !p.is_empty())
}

/// Refuses an SMS configuration whose role ARN is not one, in Cognito's words for the member
/// at `member` (`smsConfiguration`, or `smsMfaConfiguration.smsConfiguration`).
pub(super) fn check_sms_configuration(
    config: Option<&SmsConfigurationType>,
    member: &str,
) -> CoreResult<()> {
    match config {
        Some(c) if !is_arn(&c.sns_caller_arn) => Err(CoreError::constraint(
            &format!("{member}.snsCallerArn"),
            &c.sns_caller_arn,
            &format!("Member must satisfy regular expression pattern: {ARN_PATTERN}"),
        )),
        _ => Ok(()),
    }
}

impl Cognate {
    /// SetUserPoolMfaConfig: MFA mode and factors of a pool, as seed 002's CLI call sends them.
    pub async fn set_user_pool_mfa_config(
        &self,
        pool: &PoolId,
        req: SetUserPoolMfaConfigRequest,
    ) -> CoreResult<UserPoolMfaConfigResponse> {
        let mut pool = self.pool(pool.as_str()).await?;
        if let Some(sms) = req.sms_mfa_configuration {
            check_sms_configuration(
                sms.sms_configuration.as_ref(),
                "smsMfaConfiguration.smsConfiguration",
            )?;
            if sms.sms_configuration.is_none() && pool.settings.sms_configuration.is_none() {
                // Cognito's words, member names and all.
                return Err(CoreError::InvalidParameter(
                    "[SmsConfiguration] is a required member of [SoftwareTokenMfaConfiguration]."
                        .into(),
                ));
            }
            if let Some(msg) = &sms.sms_authentication_message {
                if !msg.contains("{####}") || msg.chars().count() < 6 || msg.chars().count() > 140 {
                    return Err(CoreError::InvalidParameter(
                        "SmsAuthenticationMessage must contain {####} and be 6-140 characters."
                            .into(),
                    ));
                }
            }
            if let Some(msg) = sms.sms_authentication_message {
                pool.settings.sms_authentication_message = Some(msg);
            }
            if let Some(cfg) = sms.sms_configuration {
                pool.settings.sms_configuration = Some(cfg);
            }
        }
        if let Some(totp) = req.software_token_mfa_configuration {
            pool.software_token_mfa_enabled = totp.enabled;
            pool.software_token_mfa_configured = true;
        }
        if let Some(email) = req.email_mfa_configuration {
            pool.email_mfa_configuration = Some(email);
        }
        if let Some(webauthn) = req.web_authn_configuration {
            pool.web_authn_configuration = Some(webauthn);
        }
        if let Some(mode) = req.mfa_configuration {
            if MfaMode::parse(&mode).is_none() {
                return Err(CoreError::InvalidParameter(
                    "[MfaConfiguration] must be one of 'ON', 'OFF', or 'OPTIONAL'.".into(),
                ));
            }
            pool.settings.mfa_configuration = Some(mode);
        }
        if pool.mfa_mode() != MfaMode::Off
            && pool.settings.sms_configuration.is_none()
            && !pool.software_token_mfa_enabled
        {
            return Err(CoreError::InvalidParameter(
                "At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.".into(),
            ));
        }
        pool.modified_ms = self.now_ms();
        self.store.update_pool(&pool).await?;
        Ok(mfa_config(&pool))
    }

    /// GetUserPoolMfaConfig.
    pub async fn get_user_pool_mfa_config(
        &self,
        pool: &PoolId,
    ) -> CoreResult<UserPoolMfaConfigResponse> {
        let pool = self.pool(pool.as_str()).await?;
        Ok(mfa_config(&pool))
    }
}

#[cfg(test)]
mod arn_tests {
    use super::is_arn;

    #[test]
    fn role_arns_pass_and_other_text_does_not() {
        assert!(is_arn("arn:aws:iam::123456789012:role/CognitoSMS"));
        assert!(is_arn(
            "arn:aws:iam::123456789012:role/service-role/Cognito-SMS_Role"
        ));
        assert!(!is_arn("not an arn"));
        assert!(!is_arn("arn:aws:iam::12345678901x:role/CognitoSMS"));
        assert!(!is_arn("arn:aws:iam:123456789012:role"));
        assert!(!is_arn("arn:aws:iam::123456789012:role/with space"));
    }
}
