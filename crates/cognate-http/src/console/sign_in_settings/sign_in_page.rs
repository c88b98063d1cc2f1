//! A pool's "Sign-in" page: its multi-factor authentication, device tracking, password
//! policy and user account recovery panels, as the pool is now or as a refused form was
//! posted.

use axum::{
    extract::{Path, RawQuery},
    response::Response,
};
use cognate_core::model::MfaFactor;
use maud::html;
use serde_json::{json, Value};

use super::common::{flag, settings_page, Said};
use crate::console::{
    access::{Form, Operator},
    pool_settings::{member, member_text, pool_header, query_param, MFA_CHOICES},
    problems::{field_error, group_error, Problem},
    shell::{checkbox, csrf_field, radios, submit, text_field, Section},
};

/// How devices are remembered: form value, label, hint.
const TRACKING_CHOICES: [(&str, &str, &str); 3] = [
    ("off", "Don't remember", "Devices are not tracked."),
    (
        "always",
        "Always remember",
        "Every device a user signs in on is remembered.",
    ),
    (
        "opt_in",
        "User opt-in",
        "A device is remembered when the user chooses so in the app.",
    ),
];

/// The password requirements: form value, `PasswordPolicy` member, label.
pub(super) const REQUIREMENTS: [(&str, &str, &str); 4] = [
    ("numbers", "RequireNumbers", "Contains at least 1 number"),
    (
        "lowercase",
        "RequireLowercase",
        "Contains at least 1 lowercase letter",
    ),
    (
        "uppercase",
        "RequireUppercase",
        "Contains at least 1 uppercase letter",
    ),
    (
        "symbols",
        "RequireSymbols",
        "Contains at least 1 special character",
    ),
];

/// A way to recover an account: form value, label, `RecoveryMechanisms` names by priority.
pub(super) struct RecoveryChoice {
    pub(super) value: &'static str,
    pub(super) label: &'static str,
    pub(super) mechanisms: &'static [&'static str],
}

/// The recovery choices, as the AWS console words them.
pub(super) static RECOVERY_CHOICES: [RecoveryChoice; 5] = [
    RecoveryChoice {
        value: "email",
        label: "Email only",
        mechanisms: &["verified_email"],
    },
    RecoveryChoice {
        value: "sms",
        label: "SMS only",
        mechanisms: &["verified_phone_number"],
    },
    RecoveryChoice {
        value: "email_then_sms",
        label: "Email if available, otherwise SMS",
        mechanisms: &["verified_email", "verified_phone_number"],
    },
    RecoveryChoice {
        value: "sms_then_email",
        label: "SMS if available, otherwise email",
        mechanisms: &["verified_phone_number", "verified_email"],
    },
    RecoveryChoice {
        value: "admin_only",
        label: "None – users must contact an administrator",
        mechanisms: &["admin_only"],
    },
];

/// The number at `path` as the form shows it, or `default`.
fn number_text(value: &Value, path: &[&str], default: &str) -> String {
    member(value, path)
        .and_then(Value::as_i64)
        .map_or_else(|| default.to_string(), |n| n.to_string())
}

/// What the MFA panel holds.
pub(super) struct MfaForm {
    pub(super) mode: String,
    pub(super) totp: bool,
    pub(super) sms: bool,
}

impl MfaForm {
    /// From GetUserPoolMfaConfig.
    fn of(config: &Value) -> Self {
        let mode = member_text(config, &["MfaConfiguration"]);
        MfaForm {
            mode: if mode.is_empty() { "OFF".into() } else { mode },
            totp: flag(config, &["SoftwareTokenMfaConfiguration", "Enabled"]),
            sms: member(config, &["SmsMfaConfiguration", "SmsConfiguration"]).is_some(),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        let factors = form.all("factor");
        MfaForm {
            mode: form.get("mfa").to_string(),
            totp: factors.contains(&MfaFactor::SoftwareToken.as_str()),
            sms: factors.contains(&MfaFactor::Sms.as_str()),
        }
    }
}

/// What the device-tracking panel holds.
pub(super) struct DeviceForm {
    pub(super) tracking: String,
    pub(super) bypass: bool,
}

impl DeviceForm {
    /// From the pool's `DeviceConfiguration`: any member set means devices are tracked.
    fn of(pool: &Value) -> Self {
        let config = pool.get("DeviceConfiguration");
        let member_set = |key: &str| {
            config
                .and_then(|c| c.get(key))
                .is_some_and(|v| !v.is_null())
        };
        let tracked = member_set("ChallengeRequiredOnNewDevice")
            || member_set("DeviceOnlyRememberedOnUserPrompt");
        if !tracked {
            return DeviceForm {
                tracking: "off".into(),
                bypass: false,
            };
        }
        let tracking = if flag(
            pool,
            &["DeviceConfiguration", "DeviceOnlyRememberedOnUserPrompt"],
        ) {
            "opt_in"
        } else {
            "always"
        };
        DeviceForm {
            tracking: tracking.into(),
            bypass: flag(
                pool,
                &["DeviceConfiguration", "ChallengeRequiredOnNewDevice"],
            ),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        DeviceForm {
            tracking: form.get("tracking").to_string(),
            bypass: form.checked("bypass"),
        }
    }
}

/// What the password-policy panel holds.
pub(super) struct PasswordForm {
    pub(super) min_length: String,
    pub(super) require: Vec<String>,
    pub(super) temp_days: String,
}

impl PasswordForm {
    /// The panel as the pool is now.
    fn of(pool: &Value) -> Self {
        let policy = member(pool, &["Policies", "PasswordPolicy"]).unwrap_or(&Value::Null);
        PasswordForm {
            min_length: number_text(policy, &["MinimumLength"], "8"),
            require: REQUIREMENTS
                .iter()
                .filter(|(_, key, _)| flag(policy, &[*key]))
                .map(|(value, _, _)| (*value).to_string())
                .collect(),
            temp_days: number_text(policy, &["TemporaryPasswordValidityDays"], "7"),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        PasswordForm {
            min_length: form.get("min_length").to_string(),
            require: form.all_owned("require"),
            temp_days: form.get("temp_days").to_string(),
        }
    }

    /// Whether requirement `value` is ticked.
    pub(super) fn requires(&self, value: &str) -> bool {
        self.require.iter().any(|r| r == value)
    }
}

/// What the account-recovery panel holds.
pub(super) struct RecoveryForm {
    pub(super) choice: String,
    /// The pool sets no recovery mechanisms: Cognito's default order applies.
    pub(super) is_default: bool,
}

impl RecoveryForm {
    /// The panel as the pool is now.
    fn of(pool: &Value) -> Self {
        let mut mechanisms: Vec<(i64, String)> =
            member(pool, &["AccountRecoverySetting", "RecoveryMechanisms"])
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|m| {
                    let priority = m
                        .get("Priority")
                        .and_then(Value::as_i64)
                        .unwrap_or_default();
                    (priority, member_text(m, &["Name"]))
                })
                .collect();
        mechanisms.sort();
        if mechanisms.is_empty() {
            // Without a setting, Cognito recovers through a verified phone number first, then
            // a verified email address.
            return RecoveryForm {
                choice: "sms_then_email".into(),
                is_default: true,
            };
        }
        let names: Vec<&str> = mechanisms.iter().map(|(_, n)| n.as_str()).collect();
        let choice = RECOVERY_CHOICES
            .iter()
            .find(|c| c.mechanisms == names.as_slice())
            .map_or("", |c| c.value);
        RecoveryForm {
            choice: choice.into(),
            is_default: false,
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        RecoveryForm {
            choice: form.get("recovery").to_string(),
            is_default: false,
        }
    }
}

/// Every panel of the Sign-in page.
pub(super) struct SignInForms {
    pub(super) mfa: MfaForm,
    pub(super) devices: DeviceForm,
    pub(super) password: PasswordForm,
    pub(super) recovery: RecoveryForm,
    pub(super) has_sms: bool,
}

impl SignInForms {
    /// The panels as the pool is now (GetUserPoolMfaConfig for the MFA panel).
    async fn load(operator: &Operator, pool_id: &str, pool: &Value) -> Result<Self, Response> {
        let config = operator
            .call("GetUserPoolMfaConfig", json!({ "UserPoolId": pool_id }))
            .await
            .map_err(|e| operator.failure(&e))?;
        Ok(SignInForms {
            mfa: MfaForm::of(&config),
            devices: DeviceForm::of(pool),
            password: PasswordForm::of(pool),
            recovery: RecoveryForm::of(pool),
            has_sms: pool.get("SmsConfiguration").is_some_and(|c| !c.is_null()),
        })
    }
}

/// `GET /console/pools/{pool_id}/sign-in`.
pub(super) async fn sign_in_page(
    operator: Operator,
    Path(pool_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let pool = pool_header(&operator, &pool_id).await?;
    let forms = SignInForms::load(&operator, &pool_id, &pool).await?;
    let notice = query_param(query.as_deref(), "notice");
    let said = Said::Notice(notice.as_deref());
    Ok(sign_in_view(&operator, &pool_id, &pool, &forms, said))
}

/// The Sign-in page with its panels' values and a refusal, if any.
fn sign_in_view(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    forms: &SignInForms,
    said: Said<'_>,
) -> Response {
    let problem = said.problem();
    let base = format!("/console/pools/{pool_id}/sign-in");
    let recovery_options: Vec<(&str, &str, &str)> = RECOVERY_CHOICES
        .iter()
        .map(|c| (c.value, c.label, ""))
        .collect();
    let body = html! {
        section class="panel" id="mfa" {
            h2 { "Multi-factor authentication" }
            form method="post" action=(format!("{base}/mfa")) {
                (csrf_field(operator))
                (radios("MFA enforcement", "mfa", &MFA_CHOICES, &forms.mfa.mode))
                (group_error(problem, "mfa"))
                fieldset class="choices" {
                    legend { "MFA methods" }
                    (checkbox("Authenticator apps", "factor", MfaFactor::SoftwareToken.as_str(), forms.mfa.totp))
                    (checkbox("SMS message", "factor", MfaFactor::Sms.as_str(), forms.mfa.sms))
                    @if forms.has_sms {
                        p class="hint" { "Text-message codes go out through the pool's SMS configuration; they are offered while the pool has one." }
                    } @else {
                        p class="hint" { "Text-message codes need the pool's SMS configuration: save it under Authentication methods, SMS, first." }
                    }
                    (group_error(problem, "factor"))
                }
                (submit("Save multi-factor authentication"))
            }
        }
        section class="panel" id="devices" {
            h2 { "Device tracking" }
            form method="post" action=(format!("{base}/devices")) {
                (csrf_field(operator))
                (radios("Remember user devices", "tracking", &TRACKING_CHOICES, &forms.devices.tracking))
                (group_error(problem, "tracking"))
                (checkbox("Allow users to bypass MFA for trusted devices", "bypass", "1", forms.devices.bypass))
                p class="hint" { "A remembered device signs in with its own key instead of a second factor. New devices still ask for one." }
                (submit("Save device tracking"))
            }
        }
        section class="panel" id="password-policy" {
            h2 { "Password policy" }
            form method="post" action=(format!("{base}/password-policy")) {
                (csrf_field(operator))
                (text_field("Password minimum length", "min_length", "number", &forms.password.min_length,
                    Some("From 6 to 99 characters."), field_error(problem, "min_length")))
                fieldset class="choices" {
                    legend { "Password requirements" }
                    @for (value, _, label) in REQUIREMENTS {
                        (checkbox(label, "require", value, forms.password.requires(value)))
                    }
                }
                (text_field("Temporary passwords set by administrators expire in", "temp_days", "number",
                    &forms.password.temp_days, Some("Days. A user who does not sign in and change it by then needs a new one."),
                    field_error(problem, "temp_days")))
                (submit("Save password policy"))
            }
        }
        section class="panel" id="recovery" {
            h2 { "User account recovery" }
            form method="post" action=(format!("{base}/recovery")) {
                (csrf_field(operator))
                (radios("Recovery message delivery method", "recovery", &recovery_options, &forms.recovery.choice))
                @if forms.recovery.is_default {
                    p class="hint" { "The pool sets no recovery method yet, so Cognito's default applies: SMS to a verified phone number, otherwise email." }
                }
                (group_error(problem, "recovery"))
                (submit("Save user account recovery"))
            }
        }
    };
    let page = ("Sign-in", Section::SignIn);
    settings_page(operator, pool_id, pool, page, body, said)
}

/// Shows the Sign-in page again after a refusal, with `edit` putting the posted values into
/// their panel.
pub(super) async fn sign_in_refused(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    edit: impl FnOnce(&mut SignInForms),
    problem: Problem,
) -> Response {
    let mut forms = match SignInForms::load(operator, pool_id, pool).await {
        Ok(forms) => forms,
        Err(page) => return page,
    };
    edit(&mut forms);
    sign_in_view(operator, pool_id, pool, &forms, Said::Refused(&problem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_read_off_always_and_opt_in_with_their_bypass() {
        let off = DeviceForm::of(&json!({}));
        assert_eq!((off.tracking.as_str(), off.bypass), ("off", false));
        let always = DeviceForm::of(&json!({"DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": true, "DeviceOnlyRememberedOnUserPrompt": false}}));
        assert_eq!((always.tracking.as_str(), always.bypass), ("always", true));
        let opt_in = DeviceForm::of(&json!({"DeviceConfiguration": {
            "ChallengeRequiredOnNewDevice": false, "DeviceOnlyRememberedOnUserPrompt": true}}));
        assert_eq!((opt_in.tracking.as_str(), opt_in.bypass), ("opt_in", false));
    }

    #[test]
    fn recovery_reads_the_mechanisms_in_priority_order() {
        let pool = json!({"AccountRecoverySetting": {"RecoveryMechanisms": [
            {"Priority": 2, "Name": "verified_phone_number"},
            {"Priority": 1, "Name": "verified_email"}]}});
        assert_eq!(RecoveryForm::of(&pool).choice, "email_then_sms");
        let unset = RecoveryForm::of(&json!({}));
        assert!(unset.is_default);
        assert_eq!(unset.choice, "sms_then_email");
    }

    #[test]
    fn mfa_reads_both_factors_from_the_pool_mfa_config() {
        let config = json!({
            "MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/r"}},
        });
        let form = MfaForm::of(&config);
        assert_eq!(form.mode, "OPTIONAL");
        assert!(form.totp && form.sms);
    }
}
