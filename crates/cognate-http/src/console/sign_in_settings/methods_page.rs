//! A pool's "Authentication methods" page: its SMS panel (with a test message), its email
//! panel and its message templates, as the pool is now or as a refused form was posted.

use axum::{
    extract::{Path, RawQuery},
    response::Response,
};
use maud::html;
use serde_json::Value;

use super::common::{settings_page, Said};
use crate::console::{
    access::{Form, Operator},
    pool_settings::{member_text, pool_header, query_param},
    problems::{field_error, group_error, Problem},
    shell::{csrf_field, radios, submit, text_field, Section},
};

/// Who sends the pool's email (`EmailSendingAccount`): value, label, hint.
const EMAIL_PROVIDERS: [(&str, &str, &str); 2] = [
    (
        "COGNITO_DEFAULT",
        "Send email with Cognito",
        "The server's own email sender.",
    ),
    (
        "DEVELOPER",
        "Send email with Amazon SES",
        "Through your SES identity, named by its ARN below.",
    ),
];

/// What the SMS panel holds.
pub(super) struct SmsForm {
    pub(super) arn: String,
    pub(super) external_id: String,
    pub(super) region: String,
}

impl SmsForm {
    /// The panel as the pool is now.
    fn of(pool: &Value) -> Self {
        SmsForm {
            arn: member_text(pool, &["SmsConfiguration", "SnsCallerArn"]),
            external_id: member_text(pool, &["SmsConfiguration", "ExternalId"]),
            region: member_text(pool, &["SmsConfiguration", "SnsRegion"]),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        SmsForm {
            arn: form.get("sns_caller_arn").to_string(),
            external_id: form.get("external_id").to_string(),
            region: form.get("sns_region").to_string(),
        }
    }
}

/// What the email panel holds.
pub(super) struct EmailForm {
    pub(super) from: String,
    pub(super) reply_to: String,
    pub(super) account: String,
    pub(super) source_arn: String,
}

impl EmailForm {
    /// The panel as the pool is now.
    fn of(pool: &Value) -> Self {
        let account = member_text(pool, &["EmailConfiguration", "EmailSendingAccount"]);
        EmailForm {
            from: member_text(pool, &["EmailConfiguration", "From"]),
            reply_to: member_text(pool, &["EmailConfiguration", "ReplyToEmailAddress"]),
            account: if account.is_empty() {
                "COGNITO_DEFAULT".into()
            } else {
                account
            },
            source_arn: member_text(pool, &["EmailConfiguration", "SourceArn"]),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        EmailForm {
            from: form.get("from").to_string(),
            reply_to: form.get("reply_to").to_string(),
            account: form.get("email_sending_account").to_string(),
            source_arn: form.get("source_arn").to_string(),
        }
    }
}

/// What the message-templates panel holds.
pub(super) struct TemplateForm {
    pub(super) email_subject: String,
    pub(super) email_message: String,
    pub(super) sms_verification: String,
    pub(super) sms_authentication: String,
}

impl TemplateForm {
    /// The template's members, else the older members Cognito keeps in step with them.
    fn of(pool: &Value) -> Self {
        let either = |in_template: &str, legacy: &str| {
            let t = member_text(pool, &["VerificationMessageTemplate", in_template]);
            if t.is_empty() {
                member_text(pool, &[legacy])
            } else {
                t
            }
        };
        TemplateForm {
            email_subject: either("EmailSubject", "EmailVerificationSubject"),
            email_message: either("EmailMessage", "EmailVerificationMessage"),
            sms_verification: either("SmsMessage", "SmsVerificationMessage"),
            sms_authentication: member_text(pool, &["SmsAuthenticationMessage"]),
        }
    }

    /// The panel as it was posted.
    pub(super) fn posted(form: &Form) -> Self {
        TemplateForm {
            email_subject: form.get("email_subject").to_string(),
            email_message: form.get("email_message").to_string(),
            sms_verification: form.get("sms_verification_message").to_string(),
            sms_authentication: form.get("sms_authentication_message").to_string(),
        }
    }
}

/// Every panel of the Authentication methods page.
pub(super) struct MethodForms {
    pub(super) sms: SmsForm,
    pub(super) phone: String,
    pub(super) email: EmailForm,
    pub(super) templates: TemplateForm,
}

impl MethodForms {
    /// The panels as the pool is now (the test message's number empty).
    fn of(pool: &Value) -> Self {
        MethodForms {
            sms: SmsForm::of(pool),
            phone: String::new(),
            email: EmailForm::of(pool),
            templates: TemplateForm::of(pool),
        }
    }
}

/// `GET /console/pools/{pool_id}/authentication-methods`.
pub(super) async fn methods_page(
    operator: Operator,
    Path(pool_id): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Response> {
    let pool = pool_header(&operator, &pool_id).await?;
    let notice = query_param(query.as_deref(), "notice");
    let forms = MethodForms::of(&pool);
    let said = Said::Notice(notice.as_deref());
    Ok(methods_view(&operator, &pool_id, &pool, &forms, said))
}

/// The Authentication methods page with its panels' values and a refusal, if any.
fn methods_view(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    forms: &MethodForms,
    said: Said<'_>,
) -> Response {
    let problem = said.problem();
    let base = format!("/console/pools/{pool_id}/authentication-methods");
    let body = html! {
        section class="panel" id="sms" {
            h2 { "SMS" }
            p class="hint" { "Cognito sends text messages (verification codes, MFA codes, invitations) through Amazon SNS, with an IAM role it assumes." }
            form method="post" action=(format!("{base}/sms")) {
                (csrf_field(operator))
                (text_field("IAM role ARN", "sns_caller_arn", "text", &forms.sms.arn,
                    Some("A role that may call sns:Publish, such as arn:aws:iam::123456789012:role/CognitoSMS."),
                    field_error(problem, "sns_caller_arn")))
                (text_field("External ID", "external_id", "text", &forms.sms.external_id,
                    Some("The external ID the role's trust policy asks for."), field_error(problem, "external_id")))
                (text_field("SNS region", "sns_region", "text", &forms.sms.region,
                    Some("The AWS Region of SNS, such as ap-southeast-1. Empty: the pool's own Region."),
                    field_error(problem, "sns_region")))
                (submit("Save SMS configuration"))
            }
            h3 { "Send a test message" }
            form method="post" action=(format!("{base}/sms/test")) {
                (csrf_field(operator))
                (text_field("Phone number", "phone", "tel", &forms.phone,
                    Some("With its country code, such as +6591234567. The message goes through the server's SMS sender, within the account's SMS settings (sandbox, opt-outs, spend limit)."),
                    field_error(problem, "phone")))
                div class="actions" { button class="secondary" type="submit" { "Send test message" } }
            }
        }
        section class="panel" id="email" {
            h2 { "Email" }
            form method="post" action=(format!("{base}/email")) {
                (csrf_field(operator))
                (radios("Email provider", "email_sending_account", &EMAIL_PROVIDERS, &forms.email.account))
                (group_error(problem, "email_sending_account"))
                (text_field("SES source ARN", "source_arn", "text", &forms.email.source_arn,
                    Some("The ARN of the verified SES identity, such as arn:aws:ses:us-east-1:123456789012:identity/example.com."),
                    field_error(problem, "source_arn")))
                (text_field("FROM email address", "from", "text", &forms.email.from,
                    Some("Such as Example <no-reply@example.com>. Empty: the sender's default."), field_error(problem, "from")))
                (text_field("REPLY-TO email address", "reply_to", "email", &forms.email.reply_to,
                    None, field_error(problem, "reply_to")))
                (submit("Save email configuration"))
            }
        }
        section class="panel" id="templates" {
            h2 { "Message templates" }
            form method="post" action=(format!("{base}/templates")) {
                (csrf_field(operator))
                fieldset class="choices" {
                    legend { "Verification message" }
                    (text_field("Email subject", "email_subject", "text", &forms.templates.email_subject,
                        Some("Empty: Your verification code"), field_error(problem, "email_subject")))
                    (text_field("Email message", "email_message", "textarea", &forms.templates.email_message,
                        Some("Must contain {####}, where the code goes. Empty: Your verification code is {####}."),
                        field_error(problem, "email_message")))
                }
                (text_field("SMS verification message", "sms_verification_message", "text",
                    &forms.templates.sms_verification,
                    Some("Must contain {####}. Empty: Your verification code is {####}."),
                    field_error(problem, "sms_verification_message")))
                (text_field("MFA message", "sms_authentication_message", "text",
                    &forms.templates.sms_authentication,
                    Some("The text of SMS MFA codes: 6 to 140 characters with {####}. Empty: Your authentication code is {####}."),
                    field_error(problem, "sms_authentication_message")))
                (submit("Save message templates"))
            }
        }
    };
    let page = ("Authentication methods", Section::AuthenticationMethods);
    settings_page(operator, pool_id, pool, page, body, said)
}

/// Shows the Authentication methods page again after a refusal, with `edit` putting the
/// posted values into their panel.
pub(super) fn methods_refused(
    operator: &Operator,
    pool_id: &str,
    pool: &Value,
    edit: impl FnOnce(&mut MethodForms),
    problem: Problem,
) -> Response {
    let mut forms = MethodForms::of(pool);
    edit(&mut forms);
    methods_view(operator, pool_id, pool, &forms, Said::Refused(&problem))
}
