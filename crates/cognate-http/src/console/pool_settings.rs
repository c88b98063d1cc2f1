//! What a pool's pages share: the pool a page is about ([`pool_header`]) and its name, the
//! UpdateUserPool request that carries every member of a pool over ([`update_request`]), the
//! pool's MFA choices, and the reading of the API's JSON answers and of a URL's query that
//! every page does (a member at a path, a string member, a date).

use axum::response::Response;
use serde_json::{json, Map, Value};

use super::access::Operator;

/// The members of a pool that UpdateUserPool sets. Cognate's UpdateUserPool, like Cognito's,
/// puts every member a request leaves out back to its default (only the tags are kept), so a
/// save must send all of them again.
const UPDATABLE: [&str; 19] = [
    "Policies",
    "DeletionProtection",
    "LambdaConfig",
    "AutoVerifiedAttributes",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "MfaConfiguration",
    "UserAttributeUpdateSettings",
    "DeviceConfiguration",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "AccountRecoverySetting",
    "UserPoolTier",
];

/// The MFA choices of a pool (`MfaConfiguration`), as the AWS console words them.
pub(super) const MFA_CHOICES: [(&str, &str, &str); 3] = [
    ("OFF", "No MFA", "Users sign in with their password alone."),
    (
        "OPTIONAL",
        "Optional MFA",
        "Users who turned on a second factor are asked for it.",
    ),
    (
        "ON",
        "Require MFA",
        "Every user is asked for a second factor.",
    ),
];

/// The value of `key` in a URL's query.
pub(super) fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// The member at `path` of a JSON value (`["Policies", "PasswordPolicy"]`).
pub(super) fn member<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// The string at `path`, empty when absent.
pub(super) fn member_text(value: &Value, path: &[&str]) -> String {
    member(value, path)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// A string member of a JSON object, empty when absent.
pub(super) fn text<'a>(value: &'a Value, member: &str) -> &'a str {
    value
        .get(member)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The pool's name, from its DescribeUserPool `UserPool`.
pub(super) fn pool_name(pool: &Value) -> &str {
    pool.get("Name").and_then(Value::as_str).unwrap_or_default()
}

/// The pool a page is about: its DescribeUserPool `UserPool`, or the failure page (an
/// unknown pool is a 404).
pub(super) async fn pool_header(operator: &Operator, pool_id: &str) -> Result<Value, Response> {
    match operator
        .call("DescribeUserPool", json!({ "UserPoolId": pool_id }))
        .await
    {
        Ok(mut answer) => Ok(answer
            .get_mut("UserPool")
            .map(Value::take)
            .unwrap_or_default()),
        Err(e) => Err(operator.failure(&e)),
    }
}

/// The UpdateUserPool request that leaves a pool as DescribeUserPool shows it: every member
/// UpdateUserPool sets, copied over. A save changes only its own members in it and sends it,
/// so that it never resets another section's settings.
pub(super) fn update_request(pool: &Value) -> Map<String, Value> {
    let mut request = Map::new();
    request.insert(
        "UserPoolId".into(),
        pool.get("Id").cloned().unwrap_or_default(),
    );
    for key in UPDATABLE {
        if let Some(value) = pool.get(key).filter(|v| !v.is_null()) {
            request.insert(key.into(), value.clone());
        }
    }
    request
}

/// Epoch seconds (as DescribeUserPool gives them) as a UTC date and time.
pub(super) fn date(seconds: Option<&Value>) -> String {
    let Some(seconds) = seconds.and_then(Value::as_f64) else {
        return String::new();
    };
    match time::OffsetDateTime::from_unix_timestamp(seconds.floor() as i64) {
        Ok(at) => format!(
            "{:04}-{:02}-{:02} {:02}:{:02} UTC",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute()
        ),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognate_proto::{
        AccountRecoverySettingType, DeviceConfigurationType, SmsConfigurationType, UserPoolSettings,
    };
    use std::collections::BTreeSet;

    #[test]
    fn every_member_update_user_pool_sets_is_carried_over() {
        // A literal naming every member: a member added to the settings stops this compiling
        // until it is weighed here and, if UpdateUserPool sets it, added to UPDATABLE.
        let all = UserPoolSettings {
            policies: Some(Default::default()),
            deletion_protection: Some("ACTIVE".into()),
            lambda_config: Some(json!({})),
            auto_verified_attributes: Some(Vec::new()),
            sms_verification_message: Some(String::new()),
            email_verification_message: Some(String::new()),
            email_verification_subject: Some(String::new()),
            verification_message_template: Some(Default::default()),
            sms_authentication_message: Some(String::new()),
            mfa_configuration: Some("OFF".into()),
            user_attribute_update_settings: Some(Default::default()),
            device_configuration: Some(DeviceConfigurationType {
                challenge_required_on_new_device: None,
                device_only_remembered_on_user_prompt: None,
            }),
            email_configuration: Some(json!({})),
            sms_configuration: Some(SmsConfigurationType {
                sns_caller_arn: String::new(),
                external_id: None,
                sns_region: None,
            }),
            user_pool_tags: Some(json!({})),
            admin_create_user_config: Some(Default::default()),
            user_pool_add_ons: Some(json!({})),
            account_recovery_setting: Some(AccountRecoverySettingType {
                recovery_mechanisms: None,
            }),
            user_pool_tier: Some("LITE".into()),
        };
        let wire = serde_json::to_value(&all).unwrap();
        let members: BTreeSet<&str> = wire
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(members, UPDATABLE.into_iter().collect::<BTreeSet<&str>>());
    }

    #[test]
    fn the_update_request_carries_every_settable_member_and_nothing_else() {
        let pool = json!({
            "Id": "us-east-1_abc",
            "Name": "p",
            "Arn": "arn:aws:cognito-idp:us-east-1:0:userpool/us-east-1_abc",
            "EstimatedNumberOfUsers": 3,
            "SchemaAttributes": [],
            "MfaConfiguration": "OPTIONAL",
            "DeviceConfiguration": { "ChallengeRequiredOnNewDevice": true },
            "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::1:role/r" },
            "Policies": { "PasswordPolicy": { "MinimumLength": 10 } },
            "UserPoolTags": { "team": "a" },
        });
        let request = update_request(&pool);
        assert_eq!(request.get("UserPoolId"), Some(&json!("us-east-1_abc")));
        assert_eq!(request.get("MfaConfiguration"), Some(&json!("OPTIONAL")));
        assert_eq!(
            request.get("DeviceConfiguration"),
            pool.get("DeviceConfiguration")
        );
        assert_eq!(
            request.get("SmsConfiguration"),
            pool.get("SmsConfiguration")
        );
        assert_eq!(request.get("Policies"), pool.get("Policies"));
        assert_eq!(request.get("UserPoolTags"), pool.get("UserPoolTags"));
        for read_only in [
            "Name",
            "Arn",
            "EstimatedNumberOfUsers",
            "SchemaAttributes",
            "Id",
        ] {
            assert!(!request.contains_key(read_only), "{read_only} was copied");
        }
    }

    #[test]
    fn dates_read_as_utc_minutes() {
        assert_eq!(date(Some(&json!(0.5))), "1970-01-01 00:00 UTC");
        assert_eq!(date(None), "");
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_param(Some("a=1&notice=Saved%20it."), "notice").as_deref(),
            Some("Saved it.")
        );
        assert_eq!(query_param(None, "notice"), None);
    }
}
