//! The pending request to leave the SMS sandbox, as the SMS page shows it: its answers under
//! the form's questions, the AWS region by its name, and the operator's two decisions.

use cognate_core::model::SandboxExit;
use maud::{html, Markup};

use super::figures::utc;
use crate::console::access::Operator;
use crate::console::shell::csrf_field;

/// AWS regions by code, with the names AWS support's answer uses.
const REGIONS: [(&str, &str); 30] = [
    ("us-east-1", "US East (N. Virginia)"),
    ("us-east-2", "US East (Ohio)"),
    ("us-west-1", "US West (N. California)"),
    ("us-west-2", "US West (Oregon)"),
    ("af-south-1", "Africa (Cape Town)"),
    ("ap-east-1", "Asia Pacific (Hong Kong)"),
    ("ap-south-1", "Asia Pacific (Mumbai)"),
    ("ap-south-2", "Asia Pacific (Hyderabad)"),
    ("ap-northeast-1", "Asia Pacific (Tokyo)"),
    ("ap-northeast-2", "Asia Pacific (Seoul)"),
    ("ap-northeast-3", "Asia Pacific (Osaka)"),
    ("ap-southeast-1", "Asia Pacific (Singapore)"),
    ("ap-southeast-2", "Asia Pacific (Sydney)"),
    ("ap-southeast-3", "Asia Pacific (Jakarta)"),
    ("ap-southeast-4", "Asia Pacific (Melbourne)"),
    ("ca-central-1", "Canada (Central)"),
    ("ca-west-1", "Canada West (Calgary)"),
    ("eu-central-1", "Europe (Frankfurt)"),
    ("eu-central-2", "Europe (Zurich)"),
    ("eu-west-1", "Europe (Ireland)"),
    ("eu-west-2", "Europe (London)"),
    ("eu-west-3", "Europe (Paris)"),
    ("eu-north-1", "Europe (Stockholm)"),
    ("eu-south-1", "Europe (Milan)"),
    ("eu-south-2", "Europe (Spain)"),
    ("il-central-1", "Israel (Tel Aviv)"),
    ("me-south-1", "Middle East (Bahrain)"),
    ("me-central-1", "Middle East (UAE)"),
    ("sa-east-1", "South America (São Paulo)"),
    ("us-gov-west-1", "AWS GovCloud (US-West)"),
];

/// A region's name (`Asia Pacific (Singapore)`), or its code when it is not in the table.
pub(super) fn region_name(code: &str) -> &str {
    REGIONS
        .iter()
        .find(|(known, _)| *known == code)
        .map_or(code, |(_, name)| *name)
}

/// The pending request on the SMS page: its answers and the two decisions.
pub(super) fn pending_panel(operator: &Operator, request: &SandboxExit) -> Markup {
    html! {
        section class="panel" aria-labelledby="sms-request" {
            h2 id="sms-request" { "Request pending" }
            p {
                "A request to exit the SMS sandbox was submitted on " (utc(request.requested_ms)) ". "
                "Cognate has no AWS support team: you decide. Approving takes the account out of the SMS sandbox and sets its monthly spend limit to "
                (request.requested_spend_usd) " USD."
            }
            (answers(request))
            div class="actions" {
                form method="post" action="/console/sms/exit-sandbox/approve" {
                    (csrf_field(operator))
                    button type="submit" { "Approve request" }
                }
                form method="post" action="/console/sms/exit-sandbox/deny" {
                    (csrf_field(operator))
                    button class="danger" type="submit" { "Deny request" }
                }
            }
        }
    }
}

/// A request's answers, under the form's questions.
fn answers(request: &SandboxExit) -> Markup {
    let region = match region_name(&request.region) {
        name if name == request.region => request.region.clone(),
        name => format!("{} ({name})", request.region),
    };
    let origination = match (
        request.origination_identity.as_str(),
        request.identity_registered,
    ) {
        ("", _) => String::new(),
        (identity, true) => format!("{identity}, registered"),
        (identity, false) => format!("{identity}, unregistered"),
    };
    let rows = [
        ("Company name", request.company.clone()),
        ("Company URL", request.company_url.clone()),
        ("AWS region", region),
        (
            "Requested monthly spend (USD)",
            request.requested_spend_usd.to_string(),
        ),
        ("SMS service or program name", request.service_name.clone()),
        (
            "Company relationship to the SMS service",
            request.relationship.clone(),
        ),
        (
            "SMS service or program website URL",
            request.service_url.clone(),
        ),
        (
            "Service opt-in location and process",
            request.opt_in_process.clone(),
        ),
        ("Desired launch date", request.launch_date.clone()),
        ("Origination identity", origination),
        (
            "Destination countries",
            request.destination_countries.join(", "),
        ),
        ("Message type", request.message_type.clone()),
        (
            "Expected messages per day",
            request.messages_per_day.to_string(),
        ),
        (
            "Expected messages per second",
            request.messages_per_second.to_string(),
        ),
        ("Message templates", request.message_templates.clone()),
        (
            "URLs that will appear in messages",
            request.message_urls.clone(),
        ),
        (
            "Relationship between your domains and the URLs",
            request.domain_relationship.clone(),
        ),
    ];
    html! {
        dl class="facts" {
            @for (question, answer) in &rows {
                dt { (question) }
                dd { @if answer.is_empty() { "—" } @else { (answer) } }
            }
        }
    }
}
