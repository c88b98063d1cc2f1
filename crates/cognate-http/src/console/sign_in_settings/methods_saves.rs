//! The saves of the Authentication methods page's panels: the SMS configuration, a test
//! message through the server's SMS sender, the email configuration and the message
//! templates, each through UpdateUserPool with every other member carried over.

use axum::{extract::Path, response::Response};
use serde_json::{json, Map, Value};

use super::{
    common::{object_at, saved},
    methods_page::{methods_refused, EmailForm, MethodForms, SmsForm, TemplateForm},
};
use crate::{
    console::{
        access::{Form, Operator},
        pool_settings::{pool_header, pool_name, update_request},
        problems::{refusal, Problem},
    },
    error::ApiError,
};

/// `value` under `key`, or no `key` when it is empty.
fn set_or_remove(map: &mut Map<String, Value>, key: &str, value: &str) {
    if value.is_empty() {
        map.remove(key);
    } else {
        map.insert(key.into(), json!(value));
    }
}

/// What a panel's save sends through UpdateUserPool besides the request: the notice when it
/// is taken, the panel as posted, the field a refusal's message concerns and how the posted
/// panel goes back onto the page.
struct Saved<T, F, K> {
    notice: &'static str,
    posted: T,
    field: F,
    keep: K,
}

impl<T, F, K> Saved<T, F, K>
where
    F: FnOnce(&str, &T) -> &'static str,
    K: FnOnce(&mut MethodForms, T),
{
    fn new(notice: &'static str, posted: T, field: F, keep: K) -> Self {
        Saved {
            notice,
            posted,
            field,
            keep,
        }
    }
}

/// Sends `request` through UpdateUserPool: a 303 back to the Authentication methods page with
/// the panel's notice when Cognito takes it, else the page again with the refusal beside its
/// field and the panel as it was posted.
async fn update_methods<T, F, K>(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    request: Map<String, Value>,
    panel: Saved<T, F, K>,
) -> Response
where
    F: FnOnce(&str, &T) -> &'static str,
    K: FnOnce(&mut MethodForms, T),
{
    match operator
        .call("UpdateUserPool", Value::Object(request))
        .await
    {
        Ok(_) => saved(operator, pool_id, "authentication-methods", panel.notice),
        Err(e) => {
            let Saved {
                posted,
                field,
                keep,
                ..
            } = panel;
            match refusal(operator, &e, |message| field(message, &posted)) {
                Ok(problem) => {
                    methods_refused(operator, pool_id, pool, |f| keep(f, posted), problem)
                }
                Err(page) => *page,
            }
        }
    }
}

/// The SMS panel's field a refusal concerns.
fn sms_field(message: &str) -> &'static str {
    if message.contains("xternalId") {
        "external_id"
    } else if message.contains("nsRegion") {
        "sns_region"
    } else {
        "sns_caller_arn"
    }
}

/// `POST …/authentication-methods/sms`: the pool's `SmsConfiguration`, through UpdateUserPool.
pub(super) async fn save_sms(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = SmsForm::posted(&form);
    if posted.arn.is_empty() {
        let problem = Problem::new(
            "sns_caller_arn",
            "Enter the ARN of the IAM role Cognito assumes to send SMS.",
        );
        return methods_refused(operator, &pool_id, &pool, |f| f.sms = posted, problem);
    }
    let mut sms = Map::new();
    sms.insert("SnsCallerArn".into(), json!(posted.arn));
    set_or_remove(&mut sms, "ExternalId", &posted.external_id);
    set_or_remove(&mut sms, "SnsRegion", &posted.region);
    let mut request = update_request(&pool);
    request.insert("SmsConfiguration".into(), Value::Object(sms));
    let saved_sms = Saved::new(
        "Saved SMS configuration.",
        posted,
        |message, _| sms_field(message),
        |f, posted| f.sms = posted,
    );
    update_methods(operator, &pool_id, &pool, request, saved_sms).await
}

/// `POST …/authentication-methods/sms/test`: one text message through the server's SMS
/// sender, as SNS Publish sends it (the account's sandbox, opt-outs and spend limit apply).
pub(super) async fn send_test_message(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let phone = form.get("phone").to_string();
    let text = format!(
        "Test message from the Cognate console for user pool {}.",
        pool_name(&pool)
    );
    let sent = operator.state.cognate.publish_sms(&phone, &text).await;
    match sent {
        Ok(message_id) => {
            let notice = format!(
                "Sent a test message to {phone} through the server's SMS sender (message ID {message_id}). With the development sender (log), it is in the Dev inbox."
            );
            saved(operator, &pool_id, "authentication-methods", &notice)
        }
        Err(e) => match refusal(operator, &ApiError::from(e), |_| "phone") {
            Ok(problem) => methods_refused(operator, &pool_id, &pool, |f| f.phone = phone, problem),
            Err(page) => *page,
        },
    }
}

/// The email panel's field a refusal concerns.
fn email_field(message: &str) -> &'static str {
    if message.contains("ourceArn") {
        "source_arn"
    } else if message.contains("eplyTo") {
        "reply_to"
    } else if message.contains("mailSendingAccount") {
        "email_sending_account"
    } else {
        "from"
    }
}

/// `POST …/authentication-methods/email`: the pool's `EmailConfiguration` (its configuration
/// set kept).
pub(super) async fn save_email(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = EmailForm::posted(&form);
    let mut email = object_at(&pool, &["EmailConfiguration"]);
    set_or_remove(&mut email, "EmailSendingAccount", &posted.account);
    set_or_remove(&mut email, "SourceArn", &posted.source_arn);
    set_or_remove(&mut email, "From", &posted.from);
    set_or_remove(&mut email, "ReplyToEmailAddress", &posted.reply_to);
    let mut request = update_request(&pool);
    request.insert("EmailConfiguration".into(), Value::Object(email));
    let saved_email = Saved::new(
        "Saved email configuration.",
        posted,
        |message, _| email_field(message),
        |f, posted| f.email = posted,
    );
    update_methods(operator, &pool_id, &pool, request, saved_email).await
}

/// The templates panel's field a refusal concerns; a message without its `{####}` is put
/// beside the first field posted without one.
fn template_field(message: &str, posted: &TemplateForm) -> &'static str {
    // `smsAuthenticationMessage` in Cognito's validation messages, `SmsAuthenticationMessage`
    // in others.
    if message.contains("msAuthenticationMessage") {
        return "sms_authentication_message";
    }
    if message.contains("{####}") {
        let lacking = |text: &str| !text.is_empty() && !text.contains("{####}");
        if lacking(&posted.email_message) {
            return "email_message";
        }
        if lacking(&posted.sms_verification) {
            return "sms_verification_message";
        }
        if lacking(&posted.sms_authentication) {
            return "sms_authentication_message";
        }
    }
    if message.contains("ubject") {
        "email_subject"
    } else {
        "email_message"
    }
}

/// `POST …/authentication-methods/templates`: the verification messages (in
/// `VerificationMessageTemplate` and the older members Cognito keeps in step with it) and the
/// MFA message; an empty field returns to Cognito's default text.
pub(super) async fn save_templates(Path(pool_id): Path<String>, form: Form) -> Response {
    let operator = &form.operator;
    let pool = match pool_header(operator, &pool_id).await {
        Ok(pool) => pool,
        Err(page) => return page,
    };
    let posted = TemplateForm::posted(&form);
    let mut request = update_request(&pool);
    let mut template = object_at(&pool, &["VerificationMessageTemplate"]);
    for (in_template, legacy, value) in [
        (
            "EmailSubject",
            "EmailVerificationSubject",
            &posted.email_subject,
        ),
        (
            "EmailMessage",
            "EmailVerificationMessage",
            &posted.email_message,
        ),
        (
            "SmsMessage",
            "SmsVerificationMessage",
            &posted.sms_verification,
        ),
    ] {
        set_or_remove(&mut template, in_template, value);
        set_or_remove(&mut request, legacy, value);
    }
    request.insert(
        "VerificationMessageTemplate".into(),
        Value::Object(template),
    );
    set_or_remove(
        &mut request,
        "SmsAuthenticationMessage",
        &posted.sms_authentication,
    );
    let saved_templates = Saved::new(
        "Saved message templates.",
        posted,
        template_field,
        |f, posted| f.templates = posted,
    );
    update_methods(operator, &pool_id, &pool, request, saved_templates).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_without_its_placeholder_is_blamed_on_its_field() {
        let posted = TemplateForm {
            email_subject: String::new(),
            email_message: "Code {####}".into(),
            sms_verification: "no code".into(),
            sms_authentication: String::new(),
        };
        assert_eq!(
            template_field(
                "Verification messages must contain the {####} placeholder.",
                &posted
            ),
            "sms_verification_message"
        );
    }
}
