//! `/console/pools/new`: the form that creates a user pool with what the AWS console's create
//! wizard sets: the pool's name, its sign-in options, the password minimum length, multi-factor
//! authentication and its methods, the IAM role Cognito sends SMS with, and the email sender's
//! addresses. CreateUserPool makes the pool with its SMS and email configuration; for optional
//! or required MFA, SetUserPoolMfaConfig then turns on the methods ticked.

use axum::{http::StatusCode, response::Response};
use cognate_core::model::MfaFactor;
use maud::html;
use serde_json::{json, Map, Value};

use super::{
    access::{Form, Operator},
    pool_settings::{member_text, MFA_CHOICES},
    problems::{field_error, group_error, refusal, Problem},
    shell::{checkbox, csrf_field, notice_query, radios, submit, text_field, Place, Shell},
};

/// What the create form holds.
struct NewPool {
    name: String,
    sign_in: Vec<String>,
    min_length: String,
    mfa: String,
    /// Authenticator apps are ticked among the MFA methods.
    totp: bool,
    /// SMS message is ticked among the MFA methods.
    sms: bool,
    sns_caller_arn: String,
    external_id: String,
    sns_region: String,
    from: String,
    reply_to: String,
}

/// `value` under `key` of `map`, unless it is empty.
fn insert_given(map: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        map.insert(key.into(), json!(value));
    }
}

impl NewPool {
    /// The form as it first appears: no MFA, with authenticator apps ticked for when it is
    /// turned on.
    fn blank() -> Self {
        NewPool {
            name: String::new(),
            sign_in: Vec::new(),
            min_length: "8".into(),
            mfa: "OFF".into(),
            totp: true,
            sms: false,
            sns_caller_arn: String::new(),
            external_id: String::new(),
            sns_region: String::new(),
            from: String::new(),
            reply_to: String::new(),
        }
    }

    /// The form as it was posted.
    fn posted(form: &Form) -> Self {
        let factors = form.all("factor");
        NewPool {
            name: form.get("pool_name").to_string(),
            sign_in: form.all_owned("sign_in"),
            min_length: form.get("min_length").to_string(),
            mfa: form.get("mfa").to_string(),
            totp: factors.contains(&MfaFactor::SoftwareToken.as_str()),
            sms: factors.contains(&MfaFactor::Sms.as_str()),
            sns_caller_arn: form.get("sns_caller_arn").to_string(),
            external_id: form.get("external_id").to_string(),
            sns_region: form.get("sns_region").to_string(),
            from: form.get("from").to_string(),
            reply_to: form.get("reply_to").to_string(),
        }
    }

    /// Whether sign-in option `option` is ticked.
    fn signs_in_with(&self, option: &str) -> bool {
        self.sign_in.iter().any(|s| s == option)
    }

    /// Whether MFA is optional or required (the MFA methods count only then).
    fn mfa_on(&self) -> bool {
        self.mfa != "OFF"
    }

    /// Why the MFA methods or the SMS fields cannot be taken as posted, found before the pool is
    /// made: Cognito refuses MFA methods only in SetUserPoolMfaConfig, once the pool exists, and
    /// an external ID or SNS region without its role would otherwise be dropped unsaid.
    fn settings_problem(&self) -> Option<Problem> {
        if self.mfa_on() && !self.totp && !self.sms {
            return Some(Problem::new("factor", "Choose at least one MFA method."));
        }
        if self.mfa_on() && self.sms && self.sns_caller_arn.is_empty() {
            return Some(Problem::new("factor", "SMS messages need an IAM role ARN."));
        }
        if self.sns_caller_arn.is_empty()
            && (!self.external_id.is_empty() || !self.sns_region.is_empty())
        {
            return Some(Problem::new(
                "sns_caller_arn",
                "Enter the IAM role ARN the external ID and SNS region belong to.",
            ));
        }
        None
    }

    /// The pool's `SmsConfiguration` when a role is given: the role and those of its external
    /// ID and SNS region that are filled in.
    fn sms_configuration(&self) -> Option<Value> {
        if self.sns_caller_arn.is_empty() {
            return None;
        }
        let mut sms = Map::new();
        sms.insert("SnsCallerArn".into(), json!(self.sns_caller_arn));
        insert_given(&mut sms, "ExternalId", &self.external_id);
        insert_given(&mut sms, "SnsRegion", &self.sns_region);
        Some(Value::Object(sms))
    }

    /// The pool's `EmailConfiguration` when a FROM or REPLY-TO address is given: Cognito's own
    /// email sender (the form names no SES identity) with the addresses filled in.
    fn email_configuration(&self) -> Option<Value> {
        if self.from.is_empty() && self.reply_to.is_empty() {
            return None;
        }
        let mut email = Map::new();
        email.insert("EmailSendingAccount".into(), json!("COGNITO_DEFAULT"));
        insert_given(&mut email, "From", &self.from);
        insert_given(&mut email, "ReplyToEmailAddress", &self.reply_to);
        Some(Value::Object(email))
    }

    /// The SetUserPoolMfaConfig request that turns on the MFA mode with the methods ticked:
    /// authenticator apps on or off, and SMS messages with the pool's SMS configuration.
    fn mfa_request(&self, pool_id: &str) -> Value {
        let mut request = Map::new();
        request.insert("UserPoolId".into(), json!(pool_id));
        request.insert("MfaConfiguration".into(), json!(self.mfa));
        request.insert(
            "SoftwareTokenMfaConfiguration".into(),
            json!({ "Enabled": self.totp }),
        );
        if let Some(sms) = self.sms_configuration().filter(|_| self.sms) {
            request.insert(
                "SmsMfaConfiguration".into(),
                json!({ "SmsConfiguration": sms }),
            );
        }
        Value::Object(request)
    }
}

/// `GET /console/pools/new`.
pub(super) async fn new_pool(operator: Operator) -> Response {
    create_page(&operator, &NewPool::blank(), None, StatusCode::OK)
}

/// The create form, with the values it holds and Cognito's refusal, if any.
fn create_page(
    operator: &Operator,
    pool: &NewPool,
    problem: Option<&Problem>,
    status: StatusCode,
) -> Response {
    let body = html! {
        section class="panel" {
            form method="post" action="/console/pools/new" {
                (csrf_field(operator))
                (text_field("User pool name", "pool_name", "text", &pool.name,
                    Some("Up to 128 characters. Names need not be unique; the pool's ID is."),
                    field_error(problem, "pool_name")))
                fieldset class="choices" {
                    legend { "Cognito user pool sign-in options" }
                    (checkbox("User name", "sign_in", "username", pool.signs_in_with("username")))
                    (checkbox("Email", "sign_in", "email", pool.signs_in_with("email")))
                    (checkbox("Phone number", "sign_in", "phone_number", pool.signs_in_with("phone_number")))
                    p class="hint" {
                        "What users type to sign in. With User name, an email address or phone number ticked as well can be used in its place; without it, the email address or phone number is the user name. This cannot be changed later."
                    }
                    (group_error(problem, "sign_in"))
                }
                (text_field("Password minimum length", "min_length", "number", &pool.min_length,
                    Some("From 6 to 99 characters. Passwords also need a number, a lowercase and an uppercase letter and a special character; change that later under Sign-in."),
                    field_error(problem, "min_length")))
                (radios("Multi-factor authentication", "mfa", &MFA_CHOICES, &pool.mfa))
                (group_error(problem, "mfa"))
                fieldset class="choices" {
                    legend { "MFA methods" }
                    (checkbox("Authenticator apps", "factor", MfaFactor::SoftwareToken.as_str(), pool.totp))
                    (checkbox("SMS message", "factor", MfaFactor::Sms.as_str(), pool.sms))
                    p class="hint" { "The second factors users may choose under Optional or Require MFA. SMS message needs the IAM role ARN below." }
                    (group_error(problem, "factor"))
                }
                fieldset class="choices" {
                    legend { "SMS" }
                    p class="hint" { "Needed for SMS messages: verification codes and MFA by SMS. Cognito sends them through Amazon SNS with an IAM role it assumes; leave these empty to add them later under Authentication methods." }
                    (text_field("IAM role ARN", "sns_caller_arn", "text", &pool.sns_caller_arn,
                        Some("A role that may call sns:Publish, such as arn:aws:iam::123456789012:role/CognitoSMS."),
                        field_error(problem, "sns_caller_arn")))
                    (text_field("External ID", "external_id", "text", &pool.external_id,
                        Some("The external ID the role's trust policy asks for."),
                        field_error(problem, "external_id")))
                    (text_field("SNS region", "sns_region", "text", &pool.sns_region,
                        Some("The AWS Region of SNS, such as ap-southeast-1. Empty: the pool's own Region."),
                        field_error(problem, "sns_region")))
                }
                fieldset class="choices" {
                    legend { "Email" }
                    (text_field("FROM email address", "from", "text", &pool.from,
                        Some("Such as Example <no-reply@example.com>. Empty: the sender's default."),
                        field_error(problem, "from")))
                    (text_field("REPLY-TO email address", "reply_to", "email", &pool.reply_to,
                        None, field_error(problem, "reply_to")))
                }
                (submit("Create user pool"))
            }
        }
    };
    Shell {
        title: "Create user pool",
        place: Place::Pools,
        notice: None,
        error: problem.map(|p| p.message.as_str()),
        body,
    }
    .respond(operator, status)
}

/// The create form's field a CreateUserPool refusal concerns. The SMS and email members come
/// first: Cognito's message repeats the value refused, which may hold any other word.
fn create_field(message: &str) -> &'static str {
    if message.contains("nsCallerArn") {
        "sns_caller_arn"
    } else if message.contains("xternalId") {
        "external_id"
    } else if message.contains("nsRegion") {
        "sns_region"
    } else if message.contains("eplyToEmailAddress") {
        "reply_to"
    } else if message.contains("mailConfiguration") {
        "from"
    } else if message.contains("MinimumLength") || message.contains("minimumLength") {
        "min_length"
    } else if message.contains("UsernameAttributes") || message.contains("AliasAttributes") {
        "sign_in"
    } else if message.contains("Mfa") || message.contains("MFA") {
        "mfa"
    } else {
        "pool_name"
    }
}

/// The CreateUserPool request of the form: a pool with MFA off, which [`NewPool::mfa_request`]
/// turns on once the pool exists (CreateUserPool takes no authenticator-app setting).
fn create_request(posted: &NewPool, min_length: i64) -> Value {
    let identifiers: Vec<&str> = ["email", "phone_number"]
        .into_iter()
        .filter(|a| posted.signs_in_with(a))
        .collect();
    let mut request = Map::new();
    request.insert("PoolName".into(), json!(posted.name));
    if posted.signs_in_with("username") {
        if !identifiers.is_empty() {
            request.insert("AliasAttributes".into(), json!(identifiers));
        }
    } else {
        request.insert("UsernameAttributes".into(), json!(identifiers));
    }
    request.insert(
        "UsernameConfiguration".into(),
        json!({ "CaseSensitive": false }),
    );
    if let Some(first) = identifiers.first() {
        request.insert("AutoVerifiedAttributes".into(), json!([first]));
        let recovery = if *first == "email" {
            "verified_email"
        } else {
            "verified_phone_number"
        };
        request.insert(
            "AccountRecoverySetting".into(),
            json!({ "RecoveryMechanisms": [{ "Priority": 1, "Name": recovery }] }),
        );
    }
    request.insert(
        "Policies".into(),
        json!({ "PasswordPolicy": {
            "MinimumLength": min_length,
            "RequireNumbers": true,
            "RequireLowercase": true,
            "RequireUppercase": true,
            "RequireSymbols": true,
            "TemporaryPasswordValidityDays": 7,
        }}),
    );
    if let Some(sms) = posted.sms_configuration() {
        request.insert("SmsConfiguration".into(), sms);
    }
    if let Some(email) = posted.email_configuration() {
        request.insert("EmailConfiguration".into(), email);
    }
    request.insert("MfaConfiguration".into(), json!("OFF"));
    Value::Object(request)
}

/// `POST /console/pools/new`: CreateUserPool with the form's choices, then (for optional or
/// required MFA) SetUserPoolMfaConfig with the MFA methods ticked, as the AWS console sets a
/// new pool up.
pub(super) async fn create(form: Form) -> Response {
    let posted = NewPool::posted(&form);
    let operator = &form.operator;
    let refuse =
        |problem: Problem| create_page(operator, &posted, Some(&problem), StatusCode::BAD_REQUEST);
    let Ok(min_length) = posted.min_length.parse::<i64>() else {
        return refuse(Problem::new(
            "min_length",
            "Enter the password minimum length as a whole number of characters.",
        ));
    };
    if posted.sign_in.is_empty() {
        return refuse(Problem::new(
            "sign_in",
            "Choose at least one sign-in option.",
        ));
    }
    if let Some(problem) = posted.settings_problem() {
        return refuse(problem);
    }
    let created = match operator
        .call("CreateUserPool", create_request(&posted, min_length))
        .await
    {
        Ok(created) => created,
        Err(e) => {
            return match refusal(operator, &e, create_field) {
                Ok(problem) => refuse(problem),
                Err(page) => *page,
            }
        }
    };
    let id = member_text(&created, &["UserPool", "Id"]);
    let mut notice = format!("Created user pool {}.", posted.name);
    if posted.mfa_on() {
        if let Err(e) = operator
            .call("SetUserPoolMfaConfig", posted.mfa_request(&id))
            .await
        {
            let (_, message) = e.parts();
            notice = format!(
                "Created user pool {}, but its MFA stays off: {message} Set it under Sign-in.",
                posted.name
            );
        }
    }
    operator.see_other(&format!("/console/pools/{id}?{}", notice_query(&notice)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn optional_with(totp: bool, sms: bool, arn: &str) -> NewPool {
        NewPool {
            mfa: "OPTIONAL".into(),
            totp,
            sms,
            sns_caller_arn: arn.into(),
            ..NewPool::blank()
        }
    }

    #[test]
    fn optional_mfa_needs_a_method_and_sms_needs_a_role() {
        let none = optional_with(false, false, "");
        assert_eq!(
            none.settings_problem().map(|p| (p.field, p.message)),
            Some(("factor", "Choose at least one MFA method.".to_string()))
        );
        let sms = optional_with(true, true, "");
        assert_eq!(
            sms.settings_problem().map(|p| (p.field, p.message)),
            Some(("factor", "SMS messages need an IAM role ARN.".to_string()))
        );
        assert!(optional_with(true, true, "arn:aws:iam::1:role/r")
            .settings_problem()
            .is_none());
        let off = NewPool {
            totp: false,
            ..NewPool::blank()
        };
        assert!(off.settings_problem().is_none());
    }

    #[test]
    fn only_the_members_filled_in_are_sent() {
        let mut pool = optional_with(true, true, "arn:aws:iam::1:role/r");
        pool.sns_region = "ap-southeast-1".into();
        pool.from = "Example <no-reply@example.com>".into();
        assert_eq!(
            pool.sms_configuration(),
            Some(json!({ "SnsCallerArn": "arn:aws:iam::1:role/r", "SnsRegion": "ap-southeast-1" }))
        );
        assert_eq!(
            pool.email_configuration(),
            Some(json!({
                "EmailSendingAccount": "COGNITO_DEFAULT",
                "From": "Example <no-reply@example.com>",
            }))
        );
        assert!(NewPool::blank().sms_configuration().is_none());
        assert!(NewPool::blank().email_configuration().is_none());
    }

    #[test]
    fn the_mfa_request_carries_the_methods_ticked() {
        let both = optional_with(true, true, "arn:aws:iam::1:role/r").mfa_request("p");
        assert_eq!(
            both.get("SmsMfaConfiguration"),
            Some(&json!({ "SmsConfiguration": { "SnsCallerArn": "arn:aws:iam::1:role/r" } }))
        );
        assert_eq!(
            both.get("SoftwareTokenMfaConfiguration"),
            Some(&json!({ "Enabled": true }))
        );
        let apps_only = optional_with(true, false, "arn:aws:iam::1:role/r").mfa_request("p");
        assert!(apps_only.get("SmsMfaConfiguration").is_none());
        let sms_only = optional_with(false, true, "arn:aws:iam::1:role/r").mfa_request("p");
        assert_eq!(
            sms_only.get("SoftwareTokenMfaConfiguration"),
            Some(&json!({ "Enabled": false }))
        );
    }

    #[test]
    fn a_refused_role_is_shown_beside_its_field() {
        let message = "1 validation error detected: Value 'MFA-role' at 'smsConfiguration.snsCallerArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:.*";
        assert_eq!(create_field(message), "sns_caller_arn");
        assert_eq!(
            create_field("Password policy MinimumLength must be between 6 and 99."),
            "min_length"
        );
    }
}
