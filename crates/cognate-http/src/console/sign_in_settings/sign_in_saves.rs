//! The saves of the Sign-in page's panels: MFA through SetUserPoolMfaConfig (after
//! GetUserPoolMfaConfig, keeping the SMS configuration and message as they are), device
//! tracking, the password policy and account recovery through UpdateUserPool.

use axum::{extract::Path, response::Response};
use serde_json::{json, Map, Value};

use super::{
    common::{flag, object_at, saved},
    sign_in_page::{
        sign_in_refused, DeviceForm, MfaForm, PasswordForm, RecoveryForm, RECOVERY_CHOICES,
        REQUIREMENTS,
    },
};
use crate::console::{
    access::Form,
    pool_settings::{member, member_text, pool_header, update_request, MFA_CHOICES},
    problems::{refusal, Problem},
};

/// The MFA panel's field a refusal concerns.
fn mfa_field(message: &str) -> &'static str {
    if message.contains("[MfaConfiguration]") || message.contains("MFA configuration cannot") {
        "mfa"
    } else {
        "factor"
    }
}

/// What a saved MFA configuration is, in the panel's words.
fn mfa_summary(config: &Value, wanted_sms: bool) -> String {
    let mode = member_text(config, &["MfaConfiguration"]);
    let mode = MFA_CHOICES
        .iter()
        .find(|(value, _, _)| *value == mode)
        .map_or("No MFA", |(_, label, _)| *label);
    let mut factors = Vec::new();
    if flag(config, &["SoftwareTokenMfaConfiguration", "Enabled"]) {
        factors.push("authenticator apps");
    }
    let has_sms = member(config, &["SmsMfaConfiguration", "SmsConfiguration"]).is_some();
    if has_sms {
        factors.push("SMS message");
    }
    let mut text = if factors.is_empty() {
        format!("Saved multi-factor authentication: {mode}.")
    } else {
        format!(
            "Saved multi-factor authentication: {mode} with {}.",
            factors.join(" and ")
        )
    };
    if has_sms && !wanted_sms {
        text.push_str(" SMS message stays available while the pool has an SMS configuration.");
    }
    text
}

/// `POST …/sign-in/mfa`: SetUserPoolMfaConfig with the mode and factors chosen; the SMS
/// configuration and message, and the email and passkey settings, go back as they were.
pub(super) async fn save_mfa(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let config = match operator
        .call("GetUserPoolMfaConfig", json!({ "UserPoolId": pool_id }))
        .await
    {
        Ok(config) => config,
        Err(e) => return operator.failure(&e),
    };
    let posted = MfaForm::posted(&form);
    let mut request = Map::new();
    request.insert("UserPoolId".into(), json!(pool_id));
    request.insert("MfaConfiguration".into(), json!(posted.mode));
    request.insert(
        "SoftwareTokenMfaConfiguration".into(),
        json!({ "Enabled": posted.totp }),
    );
    if posted.sms {
        let sms = config
            .get("SmsMfaConfiguration")
            .filter(|c| c.is_object())
            .cloned()
            .unwrap_or_else(|| json!({}));
        request.insert("SmsMfaConfiguration".into(), sms);
    }
    for kept in ["EmailMfaConfiguration", "WebAuthnConfiguration"] {
        if let Some(value) = config.get(kept).filter(|v| !v.is_null()) {
            request.insert(kept.into(), value.clone());
        }
    }
    match operator
        .call("SetUserPoolMfaConfig", Value::Object(request))
        .await
    {
        Ok(saved_config) => saved(
            operator,
            &pool_id,
            "sign-in",
            &mfa_summary(&saved_config, posted.sms),
        ),
        Err(e) => match refusal(operator, &e, mfa_field) {
            Ok(problem) => {
                sign_in_refused(operator, &pool_id, &pool, |f| f.mfa = posted, problem).await
            }
            Err(page) => *page,
        },
    }
}

/// `POST …/sign-in/devices`: the pool's `DeviceConfiguration` (none when devices are not
/// remembered); a trusted device bypasses MFA when `ChallengeRequiredOnNewDevice` is true.
pub(super) async fn save_devices(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = DeviceForm::posted(&form);
    let mut request = update_request(&pool);
    let tracking = posted.tracking.clone();
    let notice = match tracking.as_str() {
        "off" => {
            request.remove("DeviceConfiguration");
            "Saved device tracking: devices are not remembered."
        }
        "always" | "opt_in" => {
            let opt_in = tracking == "opt_in";
            request.insert(
                "DeviceConfiguration".into(),
                json!({
                    "ChallengeRequiredOnNewDevice": posted.bypass,
                    "DeviceOnlyRememberedOnUserPrompt": opt_in,
                }),
            );
            match (opt_in, posted.bypass) {
                (false, true) => "Saved device tracking: devices are always remembered, and trusted devices bypass MFA.",
                (false, false) => "Saved device tracking: devices are always remembered.",
                (true, true) => "Saved device tracking: devices are remembered when users opt in, and trusted devices bypass MFA.",
                (true, false) => "Saved device tracking: devices are remembered when users opt in.",
            }
        }
        _ => {
            let problem = Problem::new("tracking", "Choose whether devices are remembered.");
            return sign_in_refused(operator, &pool_id, &pool, |f| f.devices = posted, problem)
                .await;
        }
    };
    match operator
        .call("UpdateUserPool", Value::Object(request))
        .await
    {
        Ok(_) => saved(operator, &pool_id, "sign-in", notice),
        Err(e) => match refusal(operator, &e, |_| "tracking") {
            Ok(problem) => {
                sign_in_refused(operator, &pool_id, &pool, |f| f.devices = posted, problem).await
            }
            Err(page) => *page,
        },
    }
}

/// The password panel's field a refusal concerns.
fn password_field(message: &str) -> &'static str {
    if message.contains("emporaryPassword") {
        "temp_days"
    } else {
        "min_length"
    }
}

/// `POST …/sign-in/password-policy`: the pool's `PasswordPolicy` (its password history and
/// sign-in policy kept).
pub(super) async fn save_password_policy(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = PasswordForm::posted(&form);
    let min_length = posted.min_length.parse::<i64>();
    let temp_days = match posted.temp_days.as_str() {
        "" => Ok(None),
        days => days.parse::<i64>().map(Some),
    };
    let (min_length, temp_days) = match (min_length, temp_days) {
        (Ok(min), Ok(days)) => (min, days),
        (Err(_), _) => {
            let problem = Problem::new(
                "min_length",
                "Enter the password minimum length as a whole number of characters.",
            );
            return sign_in_refused(operator, &pool_id, &pool, |f| f.password = posted, problem)
                .await;
        }
        (_, Err(_)) => {
            let problem = Problem::new(
                "temp_days",
                "Enter how long temporary passwords last as a whole number of days.",
            );
            return sign_in_refused(operator, &pool_id, &pool, |f| f.password = posted, problem)
                .await;
        }
    };
    let mut policy = object_at(&pool, &["Policies", "PasswordPolicy"]);
    policy.insert("MinimumLength".into(), json!(min_length));
    for (value, key, _) in REQUIREMENTS {
        policy.insert(key.into(), json!(posted.requires(value)));
    }
    match temp_days {
        Some(days) => {
            policy.insert("TemporaryPasswordValidityDays".into(), json!(days));
        }
        None => {
            policy.remove("TemporaryPasswordValidityDays");
        }
    }
    let mut policies = object_at(&pool, &["Policies"]);
    policies.insert("PasswordPolicy".into(), Value::Object(policy));
    let mut request = update_request(&pool);
    request.insert("Policies".into(), Value::Object(policies));
    match operator
        .call("UpdateUserPool", Value::Object(request))
        .await
    {
        Ok(_) => saved(operator, &pool_id, "sign-in", "Saved password policy."),
        Err(e) => match refusal(operator, &e, password_field) {
            Ok(problem) => {
                sign_in_refused(operator, &pool_id, &pool, |f| f.password = posted, problem).await
            }
            Err(page) => *page,
        },
    }
}

/// `POST …/sign-in/recovery`: the pool's `AccountRecoverySetting`.
pub(super) async fn save_recovery(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = RecoveryForm::posted(&form);
    let Some(choice) = RECOVERY_CHOICES.iter().find(|c| c.value == posted.choice) else {
        let problem = Problem::new("recovery", "Choose how users recover their accounts.");
        return sign_in_refused(operator, &pool_id, &pool, |f| f.recovery = posted, problem).await;
    };
    let mechanisms: Vec<Value> = choice
        .mechanisms
        .iter()
        .zip(1..)
        .map(|(name, priority): (&&str, i64)| json!({ "Priority": priority, "Name": name }))
        .collect();
    let mut request = update_request(&pool);
    request.insert(
        "AccountRecoverySetting".into(),
        json!({ "RecoveryMechanisms": mechanisms }),
    );
    let notice = format!("Saved user account recovery: {}.", choice.label);
    match operator
        .call("UpdateUserPool", Value::Object(request))
        .await
    {
        Ok(_) => saved(operator, &pool_id, "sign-in", &notice),
        Err(e) => match refusal(operator, &e, |_| "recovery") {
            Ok(problem) => {
                sign_in_refused(operator, &pool_id, &pool, |f| f.recovery = posted, problem).await
            }
            Err(page) => *page,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_mfa_config_is_told_in_the_panels_words() {
        let config = json!({
            "MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": {"Enabled": true},
            "SmsMfaConfiguration": {"SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::1:role/r"}},
        });
        assert_eq!(
            mfa_summary(&config, true),
            "Saved multi-factor authentication: Optional MFA with authenticator apps and SMS message."
        );
    }
}
