//! `/console/sms/exit-sandbox`: the request to leave the SMS sandbox, with the questions AWS
//! support asks before it raises an account's SMS spend limit (seed 000), and the decision on
//! it. Cognate has no support team, so the operator approves or denies the pending request on
//! the SMS page; an approval takes the account out of the sandbox, makes the requested spend
//! its MonthlySpendLimit, and is answered in AWS support's words.

use std::collections::{BTreeMap, HashMap};

use axum::{
    http::StatusCode,
    response::Response,
    routing::{get, post},
    Router,
};
use cognate_core::model::{SandboxExit, SandboxExitStatus};
use maud::{html, Markup};

use super::{
    account::{done, refused, Failed},
    figures::utc,
    request_panel::region_name,
};
use crate::{
    console::{
        access::{Form, Operator},
        shell::{checkbox, csrf_field, radios, select, submit, text_field, Place, Shell},
    },
    error::ApiError,
    state::AppState,
};

/// The origination identities SNS knows.
const ORIGINATIONS: [(&str, &str); 4] = [
    ("SenderID", "SenderID"),
    ("LongCode", "LongCode"),
    ("ShortCode", "ShortCode"),
    ("10DLC", "10DLC"),
];

/// The request form's routes and those of the decision.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/console/sms/exit-sandbox",
            get(request_form).post(submit_request),
        )
        .route("/console/sms/exit-sandbox/approve", post(approve))
        .route("/console/sms/exit-sandbox/deny", post(deny))
}

/// What the form holds: as posted, or the answers a new request starts with.
struct Values(HashMap<String, String>);

impl Values {
    /// A new request's answers: the region given, a transactional SenderID.
    fn new(region: &str) -> Values {
        let defaults = [
            ("region", region),
            ("message_type", "Transactional"),
            ("origination", "SenderID"),
        ];
        Values(
            defaults
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// The answers as posted (the first of a repeated field), untrimmed.
    fn posted(form: &Form) -> Values {
        let mut values = HashMap::new();
        for (name, value) in &form.fields {
            values.entry(name.clone()).or_insert_with(|| value.clone());
        }
        Values(values)
    }

    /// The answer `name`; empty when absent.
    fn get(&self, name: &str) -> &str {
        self.0.get(name).map_or("", String::as_str)
    }
}

/// Why fields were refused, by field name.
type Errors = BTreeMap<&'static str, String>;

/// The trimmed answer `name`; "Enter `what`." when it is empty.
fn required(values: &Values, errors: &mut Errors, name: &'static str, what: &str) -> String {
    let value = values.get(name).trim().to_string();
    if value.is_empty() {
        errors.insert(name, format!("Enter {what}."));
    }
    value
}

/// The answer `name` as a whole number within `range` (thousands may be separated with
/// commas); `missing` or `invalid` otherwise.
fn whole_number(
    values: &Values,
    errors: &mut Errors,
    name: &'static str,
    (missing, invalid): (&str, &str),
    range: std::ops::RangeInclusive<u64>,
) -> u64 {
    let text = values.get(name).trim();
    if text.is_empty() {
        errors.insert(name, missing.to_string());
        return 0;
    }
    let digits: String = text
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    match digits.parse::<u64>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            errors.insert(name, invalid.to_string());
            0
        }
    }
}

/// The request the answers make, or why fields were refused.
fn read(values: &Values) -> Result<SandboxExit, Errors> {
    let mut errors = Errors::new();
    let company = required(values, &mut errors, "company", "the company name");
    let company_url = required(values, &mut errors, "company_url", "the company URL");
    let region = required(
        values,
        &mut errors,
        "region",
        "the AWS region, e.g. us-east-1",
    )
    .to_ascii_lowercase();
    let region_code = region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !(region.is_empty() || region_code && region.contains('-')) {
        errors.insert(
            "region",
            "Enter the AWS region as its code, e.g. ap-southeast-1.".into(),
        );
    }
    let spend = whole_number(
        values,
        &mut errors,
        "monthly_spend",
        (
            "Enter the requested monthly spend in US dollars.",
            "Enter the requested monthly spend as a whole number of US dollars from 1 to 1,000,000.",
        ),
        1..=SandboxExit::MAX_SPEND_USD,
    );
    let service_name = required(
        values,
        &mut errors,
        "service_name",
        "the SMS service or program name",
    );
    let opt_in = required(
        values,
        &mut errors,
        "opt_in",
        "the service opt-in location and process",
    );
    let message_type = values.get("message_type").trim().to_string();
    if !matches!(message_type.as_str(), "Transactional" | "Promotional") {
        errors.insert(
            "message_type",
            "Enter the message type: Transactional or Promotional.".into(),
        );
    }
    let origination = values.get("origination").trim().to_string();
    if !ORIGINATIONS.iter().any(|(value, _)| *value == origination) {
        errors.insert(
            "origination",
            "Choose the origination identity: SenderID, LongCode, ShortCode or 10DLC.".into(),
        );
    }
    let countries: Vec<String> = required(
        values,
        &mut errors,
        "countries",
        "the destination countries, e.g. SG, US",
    )
    .split(|c: char| c == ',' || c.is_whitespace())
    .filter(|c| !c.is_empty())
    .map(str::to_ascii_uppercase)
    .collect();
    if countries
        .iter()
        .any(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        errors.insert(
            "countries",
            "Enter the destination countries as two-letter country codes separated by commas, e.g. SG, US.".into(),
        );
    }
    let per_day = whole_number(
        values,
        &mut errors,
        "per_day",
        (
            "Enter the expected messages per day.",
            "Enter the expected messages per day as a whole number.",
        ),
        0..=u64::MAX,
    );
    let per_second = whole_number(
        values,
        &mut errors,
        "per_second",
        (
            "Enter the expected messages per second.",
            "Enter the expected messages per second as a whole number.",
        ),
        0..=u64::MAX,
    );
    let templates = required(values, &mut errors, "templates", "the message templates");
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = |name: &str| values.get(name).trim().to_string();
    let (relationship, service_url) = (text("relationship"), text("service_url"));
    Ok(SandboxExit {
        company,
        website: if service_url.is_empty() {
            company_url.clone()
        } else {
            service_url.clone()
        },
        use_case: if relationship.is_empty() {
            service_name.clone()
        } else {
            relationship.clone()
        },
        message_type,
        monthly_volume: per_day.saturating_mul(30),
        company_url,
        region,
        requested_spend_usd: spend,
        service_name,
        relationship,
        service_url,
        opt_in_process: opt_in,
        launch_date: text("launch_date"),
        origination_identity: origination,
        identity_registered: !values.get("registered").is_empty(),
        destination_countries: countries,
        messages_per_day: per_day,
        messages_per_second: per_second,
        message_templates: templates,
        message_urls: text("urls"),
        domain_relationship: text("domains"),
        ..SandboxExit::default()
    })
}

/// The error of a choice (a select or radio buttons), under it.
fn choice_error(error: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error {
            p class="field-error" role="alert" { (error) }
        }
    }
}

/// The request form, with the answers in `values` and the refusals in `errors`.
fn form_page(
    operator: &Operator,
    values: &Values,
    errors: &Errors,
    error: Option<&str>,
    status: StatusCode,
) -> Response {
    let e = |name: &str| errors.get(name).map(String::as_str);
    let v = |name: &str| values.get(name);
    let body = html! {
        p class="hint" {
            "AWS support asks these questions before it raises an account's SMS spend limit. Here the request waits on the SMS page until you approve or deny it: approving takes the account out of the SMS sandbox and makes the requested spend its monthly spend limit."
        }
        form method="post" action="/console/sms/exit-sandbox" {
            (csrf_field(operator))
            section class="panel" aria-labelledby="exit-company" {
                h2 id="exit-company" { "Company" }
                (text_field("Company name", "company", "text", v("company"), None, e("company")))
                (text_field("Company URL", "company_url", "url", v("company_url"), Some("e.g. https://example.com"), e("company_url")))
                (text_field("AWS region", "region", "text", v("region"), Some("The region whose SMS spend limit is raised, e.g. ap-southeast-1."), e("region")))
                (text_field("Requested monthly spend (USD)", "monthly_spend", "number", v("monthly_spend"), Some("Whole US dollars, e.g. 50: the account's monthly spend limit once approved."), e("monthly_spend")))
            }
            section class="panel" aria-labelledby="exit-use-case" {
                h2 id="exit-use-case" { "SMS service use case" }
                (text_field("SMS service or program name", "service_name", "text", v("service_name"), None, e("service_name")))
                (text_field("Company relationship to the SMS service", "relationship", "textarea", v("relationship"), Some("What the messages are for, and how users opt in."), e("relationship")))
                (text_field("SMS service or program website URL", "service_url", "url", v("service_url"), None, e("service_url")))
                (text_field("Service opt-in location and process", "opt_in", "textarea", v("opt_in"), Some("Where users agree to get SMS (app, website, form) and how."), e("opt_in")))
                (text_field("Desired launch date", "launch_date", "text", v("launch_date"), Some("e.g. 2025-07-01"), e("launch_date")))
                (select("Origination identity", "origination", &ORIGINATIONS, v("origination")))
                (choice_error(e("origination")))
                (checkbox("The origination identity is registered", "registered", "1", !v("registered").is_empty()))
                (text_field("Destination countries", "countries", "text", v("countries"), Some("Two-letter country codes separated by commas, e.g. SG, US."), e("countries")))
                (radios("Message type", "message_type", &[("Transactional", "Transactional", ""), ("Promotional", "Promotional", "")], v("message_type")))
                (choice_error(e("message_type")))
                (text_field("Expected messages per day", "per_day", "number", v("per_day"), None, e("per_day")))
                (text_field("Expected messages per second", "per_second", "number", v("per_second"), Some("At the busiest moment."), e("per_second")))
                (text_field("Message templates", "templates", "textarea", v("templates"), Some("One per use case, e.g. Your verification code is {####}."), e("templates")))
                (text_field("URLs that will appear in messages", "urls", "textarea", v("urls"), Some("One per use case; leave empty when messages hold none."), e("urls")))
                (text_field("Relationship between your domains and the URLs", "domains", "textarea", v("domains"), Some("Optional: only when the URLs' domains are not your company's."), e("domains")))
            }
            (submit("Submit request"))
        }
    };
    Shell {
        title: "Exit SMS sandbox",
        place: Place::Sms,
        notice: None,
        error,
        body,
    }
    .respond(operator, status)
}

/// The page in place of the form when there is nothing to request.
fn nothing_to_request(operator: &Operator, text: &str) -> Response {
    let body = html! {
        p class="empty" { (text) }
        p { a href="/console/sms" { "Back to SMS" } }
    };
    Shell {
        title: "Exit SMS sandbox",
        place: Place::Sms,
        notice: None,
        error: None,
        body,
    }
    .respond(operator, StatusCode::OK)
}

/// `GET /console/sms/exit-sandbox`: the form, while the account is in the sandbox with no
/// request pending.
async fn request_form(operator: Operator) -> Response {
    let cognate = &operator.state.cognate;
    let in_sandbox = match cognate.sms_sandbox_status().await {
        Ok(in_sandbox) => in_sandbox,
        Err(e) => return operator.failure(&ApiError::from(e)),
    };
    if !in_sandbox {
        return nothing_to_request(
            &operator,
            "The account is out of the SMS sandbox: SMS may go to any number, within the monthly spend limit. There is nothing to request.",
        );
    }
    let pending = match cognate.sms_sandbox_exit().await {
        Ok(request) => request.filter(|r| r.status == SandboxExitStatus::Pending),
        Err(e) => return operator.failure(&ApiError::from(e)),
    };
    if let Some(request) = pending {
        let text = format!(
            "A request to exit the SMS sandbox was submitted on {} and waits for a decision: approve or deny it on the SMS page.",
            utc(request.requested_ms)
        );
        return nothing_to_request(&operator, &text);
    }
    let region = match cognate.config().region.as_str() {
        "" => "us-east-1",
        region => region,
    };
    let values = Values::new(region);
    form_page(&operator, &values, &Errors::new(), None, StatusCode::OK)
}

/// `POST /console/sms/exit-sandbox`: files the request, pending the operator's decision.
async fn submit_request(form: Form) -> Response {
    let operator = &form.operator;
    let values = Values::posted(&form);
    let request = match read(&values) {
        Ok(request) => request,
        Err(errors) => {
            let error = "Some answers are missing or not valid: see the fields marked below.";
            return form_page(
                operator,
                &values,
                &errors,
                Some(error),
                StatusCode::BAD_REQUEST,
            );
        }
    };
    match operator
        .state
        .cognate
        .request_sms_sandbox_exit(request)
        .await
    {
        Ok(()) => done(operator, "Your request was submitted."),
        Err(e) => {
            let error = ApiError::from(e);
            let (kind, message) = error.parts();
            if kind == "InternalErrorException" {
                return operator.failure(&error);
            }
            form_page(
                operator,
                &values,
                &Errors::new(),
                Some(message),
                StatusCode::BAD_REQUEST,
            )
        }
    }
}

/// AWS support's answer to an approved request (seed 000), with its amount and region.
fn approval(request: &SandboxExit) -> String {
    format!(
        "Thank you for submitting your request to increase your SMS monthly spending limits. Your new SMS monthly spending limit of ${} USD was implemented in {} region.",
        request.requested_spend_usd,
        region_name(&request.region)
    )
}

/// `POST /console/sms/exit-sandbox/approve`.
async fn approve(form: Form) -> Response {
    let operator = &form.operator;
    match operator.state.cognate.approve_sms_sandbox_exit().await {
        Ok(request) => done(operator, &approval(&request)),
        Err(e) => refused(operator, e, |message| Failed::Other { message }).await,
    }
}

/// `POST /console/sms/exit-sandbox/deny`.
async fn deny(form: Form) -> Response {
    let operator = &form.operator;
    match operator.state.cognate.deny_sms_sandbox_exit().await {
        Ok(_) => done(
            operator,
            "The request to exit the SMS sandbox was denied: the account stays in the SMS sandbox. You can submit a new request.",
        ),
        Err(e) => refused(operator, e, |message| Failed::Other { message }).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(pairs: &[(&str, &str)]) -> Values {
        Values(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    const COMPLETE: [(&str, &str); 11] = [
        ("company", "Example Corp"),
        ("company_url", "https://example.com"),
        ("region", "ap-southeast-1"),
        ("monthly_spend", "50"),
        ("service_name", "Example sign-in"),
        (
            "opt_in",
            "Users add their phone number in the app's settings.",
        ),
        ("message_type", "Transactional"),
        ("origination", "SenderID"),
        ("countries", "sg, US"),
        ("per_day", "1,000"),
        ("per_second", "1"),
    ];

    #[test]
    fn a_complete_form_makes_a_request() {
        let mut pairs = COMPLETE.to_vec();
        pairs.push(("templates", "Your verification code is {####}"));
        let request = read(&answered(&pairs)).unwrap();
        assert_eq!(request.requested_spend_usd, 50);
        assert_eq!(request.destination_countries, vec!["SG", "US"]);
        assert_eq!(request.messages_per_day, 1_000);
        assert_eq!(request.monthly_volume, 30_000);
        assert_eq!(request.website, "https://example.com");
        assert!(!request.identity_registered);
    }

    #[test]
    fn each_missing_answer_is_named_beside_its_field() {
        let errors = read(&answered(&COMPLETE)).unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            vec!["templates"]
        );
        assert_eq!(errors["templates"], "Enter the message templates.");
        let mut pairs = COMPLETE.to_vec();
        pairs.push(("templates", "Your code is {####}"));
        pairs.retain(|(k, _)| *k != "monthly_spend");
        pairs.push(("monthly_spend", "50.5"));
        let errors = read(&answered(&pairs)).unwrap_err();
        assert!(
            errors["monthly_spend"].contains("whole number"),
            "{errors:?}"
        );
        let errors = read(&answered(&[])).unwrap_err();
        for field in [
            "company",
            "company_url",
            "region",
            "monthly_spend",
            "service_name",
            "opt_in",
        ] {
            assert!(errors[field].starts_with("Enter "), "{field}: {errors:?}");
        }
    }

    #[test]
    fn an_approval_reads_as_aws_supports_answer() {
        let request = SandboxExit {
            requested_spend_usd: 50,
            region: "ap-southeast-1".into(),
            ..SandboxExit::default()
        };
        assert_eq!(
            approval(&request),
            "Thank you for submitting your request to increase your SMS monthly spending limits. Your new SMS monthly spending limit of $50 USD was implemented in Asia Pacific (Singapore) region."
        );
        assert_eq!(region_name("us-east-1"), "US East (N. Virginia)");
        assert_eq!(region_name("xx-moon-1"), "xx-moon-1");
    }
}
