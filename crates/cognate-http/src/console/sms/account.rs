//! The SMS page itself: the sandbox status, the monthly spend limit and the default message
//! type; the pending request to leave the sandbox; the sandbox destination numbers and their
//! one-time passwords; the month's spend; and the numbers that opted out.

use std::collections::BTreeMap;

use axum::{extract::RawQuery, http::StatusCode, response::Response};
use cognate_core::{
    model::{parse_usd, SandboxExit, SandboxExitStatus, SmsSpend},
    Cognate, CoreError,
};
use maud::{html, Markup};

use super::{
    charts,
    figures::{percent, usd, utc},
    request_panel,
};
use crate::console::{
    access::{Form, Operator},
    shell::{csrf_field, notice_query, select, submit, text_field, Place, Shell},
};
use crate::error::ApiError;

/// How many pages of opted-out numbers the page reads (100 a page) before it stops.
const OPTED_OUT_PAGES: usize = 20;

/// Which of the page's forms failed, with what the operator entered in it and Cognate's
/// message, so the page is drawn again with both.
pub(super) enum Failed {
    /// Nothing failed.
    Nothing,
    /// The settings form, with the message type chosen.
    Settings { sms_type: String, message: String },
    /// Adding a sandbox number, with the number typed.
    Add { phone: String, message: String },
    /// Verifying the sandbox number `phone`, with the code typed.
    Verify {
        phone: String,
        code: String,
        message: String,
    },
    /// An action with nothing typed (deleting a number, opting one in, deciding a request).
    Other { message: String },
}

impl Failed {
    /// The message shown at the top of the page.
    fn message(&self) -> Option<&str> {
        match self {
            Failed::Nothing => None,
            Failed::Settings { message, .. }
            | Failed::Add { message, .. }
            | Failed::Verify { message, .. }
            | Failed::Other { message } => Some(message),
        }
    }
}

/// What the page shows of the account, read once per request.
struct Account {
    in_sandbox: bool,
    attributes: BTreeMap<String, String>,
    request: Option<SandboxExit>,
    numbers: Vec<(String, &'static str)>,
    opted_out: Vec<String>,
    /// `YYYY-MM` of the current month.
    month: String,
    spend: Vec<SmsSpend>,
    daily: charts::Daily,
}

impl Account {
    /// Reads the account's settings, sandbox numbers, opt-outs and this month's spend.
    async fn load(cognate: &Cognate) -> Result<Account, CoreError> {
        let in_sandbox = cognate.sms_sandbox_status().await?;
        let attributes = cognate.get_sms_attributes(&[]).await?;
        let request = cognate.sms_sandbox_exit().await?;
        let (numbers, _) = cognate.list_sms_sandbox_phone_numbers(None, None).await?;
        let mut opted_out = Vec::new();
        let mut next: Option<String> = None;
        for _ in 0..OPTED_OUT_PAGES {
            let (page, more) = cognate
                .list_phone_numbers_opted_out(next.as_deref())
                .await?;
            opted_out.extend(page);
            next = more;
            if next.is_none() {
                break;
            }
        }
        let (month, spend) = cognate.sms_report(None).await?;
        let daily = if spend.is_empty() {
            charts::Daily::default()
        } else {
            charts::daily(cognate, &month).await?
        };
        Ok(Account {
            in_sandbox,
            attributes,
            request,
            numbers,
            opted_out,
            month,
            spend,
            daily,
        })
    }

    /// An SMS attribute (GetSMSAttributes, with its defaults); empty when unset.
    fn attribute(&self, name: &str) -> &str {
        self.attributes.get(name).map_or("", String::as_str)
    }

    /// The request waiting for the operator's decision.
    fn pending(&self) -> Option<&SandboxExit> {
        self.request
            .as_ref()
            .filter(|r| r.status == SandboxExitStatus::Pending)
    }

    /// This month's spend, micro-USD.
    fn spent(&self) -> i64 {
        self.spend.iter().map(|row| row.micro_usd).sum()
    }
}

/// `GET /console/sms`.
pub(super) async fn page(operator: Operator, RawQuery(query): RawQuery) -> Response {
    let notice = notice_in(query.as_deref());
    render(
        &operator,
        notice.as_deref(),
        &Failed::Nothing,
        StatusCode::OK,
    )
    .await
}

/// The `notice` a form's redirect put in the query string.
fn notice_in(query: Option<&str>) -> Option<String> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(name, _)| name == "notice")
        .map(|(_, value)| value.into_owned())
}

/// The SMS page, with what the last action did or why it failed.
async fn render(
    operator: &Operator,
    notice: Option<&str>,
    failed: &Failed,
    status: StatusCode,
) -> Response {
    let account = match Account::load(&operator.state.cognate).await {
        Ok(account) => account,
        Err(e) => return operator.failure(&ApiError::from(e)),
    };
    let body = html! {
        (account_panel(operator, &account, failed))
        @if let Some(request) = account.pending() {
            (request_panel::pending_panel(operator, request))
        }
        (numbers_panel(operator, &account, failed))
        (spend_panel(&account))
        (opted_out_panel(operator, &account))
    };
    Shell {
        title: "SMS",
        place: Place::Sms,
        notice,
        error: failed.message(),
        body,
    }
    .respond(operator, status)
}

/// The page again with `error`: a form's refusal beside the form, a failure of the server
/// on a page of its own.
pub(super) async fn refused(
    operator: &Operator,
    error: CoreError,
    failed: impl FnOnce(String) -> Failed,
) -> Response {
    let error = ApiError::from(error);
    let (kind, message) = error.parts();
    if kind == "InternalErrorException" {
        return operator.failure(&error);
    }
    let failed = failed(message.to_string());
    render(operator, None, &failed, StatusCode::BAD_REQUEST).await
}

/// A 303 to the SMS page with `notice`.
pub(super) fn done(operator: &Operator, notice: &str) -> Response {
    operator.see_other(&format!("/console/sms?{}", notice_query(notice)))
}

/// The sandbox status, the spend limit and this month's spend, the way out of the sandbox,
/// and the default message type's form.
fn account_panel(operator: &Operator, account: &Account, failed: &Failed) -> Markup {
    let sms_type = match failed {
        Failed::Settings { sms_type, .. } => sms_type.as_str(),
        _ => account.attribute("DefaultSMSType"),
    };
    let denied = account
        .request
        .as_ref()
        .filter(|r| r.status == SandboxExitStatus::Denied && account.in_sandbox);
    html! {
        section class="panel" aria-labelledby="sms-account" {
            h2 id="sms-account" { "Account" }
            dl class="facts" {
                dt { "Sandbox status" }
                dd {
                    @if account.in_sandbox { "In the SMS sandbox" } @else { "Out of the SMS sandbox" }
                }
                dt { "Account spend limit" }
                dd { (account.attribute("MonthlySpendLimit")) " USD" }
                dt { "Spent this month" }
                dd { (usd(account.spent())) " USD" }
            }
            @if account.in_sandbox {
                p class="hint" {
                    "While the account is in the SMS sandbox, SMS go only to verified sandbox destination phone numbers, and the spend limit stays low."
                }
                @if let Some(request) = denied {
                    p class="hint" {
                        "The last request to exit the SMS sandbox was denied"
                        @if let Some(at) = request.decided_ms { " on " (utc(at)) }
                        ". You can submit a new one."
                    }
                }
                @if account.pending().is_none() {
                    p { a class="button" href="/console/sms/exit-sandbox" { "Exit SMS sandbox" } }
                }
            }
            form method="post" action="/console/sms/settings" {
                (csrf_field(operator))
                (select(
                    "Default message type",
                    "default_sms_type",
                    &[("Transactional", "Transactional"), ("Promotional", "Promotional")],
                    sms_type,
                ))
                p class="hint" { "Transactional: messages that matter to a sign-in, such as codes. Promotional: marketing." }
                @if let Failed::Settings { message, .. } = failed {
                    p class="field-error" role="alert" { (message) }
                }
                (submit("Save SMS settings"))
            }
        }
    }
}

/// The sandbox destination numbers, each with its forms, and the form that adds one.
fn numbers_panel(operator: &Operator, account: &Account, failed: &Failed) -> Markup {
    let (typed, add_error) = match failed {
        Failed::Add { phone, message } => (phone.as_str(), Some(message.as_str())),
        _ => ("", None),
    };
    html! {
        section class="panel" aria-labelledby="sms-numbers" {
            h2 id="sms-numbers" { "Sandbox destination phone numbers" }
            p class="hint" {
                "While the account is in the SMS sandbox, SMS go only to these numbers, once verified. Adding a number sends it a one-time password to enter here."
            }
            @if account.numbers.is_empty() {
                p class="empty" { "No sandbox destination phone numbers yet. Add one below, then enter the verification code it receives." }
            } @else {
                div class="table-wrap" {
                    table {
                        thead { tr { th { "Phone number" } th { "Status" } th { "Actions" } } }
                        tbody {
                            @for (i, (phone, status)) in account.numbers.iter().enumerate() {
                                tr {
                                    td { (phone) }
                                    td { @if *status == "Verified" { "Verified" } @else { "Pending verification" } }
                                    td { (number_actions(operator, i, phone, *status == "Verified", failed)) }
                                }
                            }
                        }
                    }
                }
            }
            form method="post" action="/console/sms/sandbox-numbers" {
                (csrf_field(operator))
                (text_field("Phone number", "phone", "tel", typed, Some("In E.164 format, e.g. +14155550123."), add_error))
                (submit("Add phone number"))
            }
        }
    }
}

/// The forms of one sandbox number: its verification code (while pending) and its deletion.
fn number_actions(
    operator: &Operator,
    row: usize,
    phone: &str,
    verified: bool,
    failed: &Failed,
) -> Markup {
    let (code, error) = match failed {
        Failed::Verify {
            phone: p,
            code,
            message,
        } if p == phone => (code.as_str(), Some(message.as_str())),
        _ => ("", None),
    };
    let id = format!("code-{row}");
    html! {
        @if !verified {
            form method="post" action="/console/sms/sandbox-numbers/verify" {
                (csrf_field(operator))
                input type="hidden" name="phone" value=(phone);
                div class="field" {
                    label for=(id) { "Verification code" }
                    input id=(id) name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                        value=(code) aria-invalid=[error.map(|_| "true")];
                    @if let Some(error) = error {
                        p class="field-error" role="alert" { (error) }
                    }
                }
                (submit("Verify phone number"))
            }
        }
        form method="post" action="/console/sms/sandbox-numbers/delete" {
            (csrf_field(operator))
            input type="hidden" name="phone" value=(phone);
            div class="actions" { button class="secondary" type="submit" { "Delete" } }
        }
    }
}

/// This month's spend against the limit, by day and by country; an empty state when nothing
/// was spent.
fn spend_panel(account: &Account) -> Markup {
    let limit = account.attribute("MonthlySpendLimit");
    let spent = account.spent();
    html! {
        section class="panel" aria-labelledby="sms-spend" {
            h2 id="sms-spend" { "Spend this month" }
            p {
                (usd(spent)) " USD spent in " (account.month) " of the " (limit) " USD monthly spend limit"
                @if let Some(limit) = parse_usd(limit).filter(|l| *l > 0) {
                    " (" (percent(spent, limit)) "%)"
                }
                "."
            }
            @if let Some(limit) = parse_usd(limit) {
                (charts::meter(spent, limit))
            }
            @if account.spend.is_empty() {
                p class="empty" {
                    "Nothing was spent on SMS in " (account.month) ". Messages count here when the SMS sender costs money (webhook or sns); the log sender sends nothing and costs nothing."
                }
            } @else {
                h3 { "By day" }
                (charts::by_day(&account.month, &account.daily))
                h3 { "By country" }
                (charts::by_country(&account.spend))
            }
        }
    }
}

/// The numbers that opted out, each with the form that opts it in again.
fn opted_out_panel(operator: &Operator, account: &Account) -> Markup {
    html! {
        section class="panel" aria-labelledby="sms-opted-out" {
            h2 id="sms-opted-out" { "Opted-out phone numbers" }
            @if account.opted_out.is_empty() {
                p class="empty" {
                    "No phone number has opted out. A number whose owner replies STOP (or that "
                    code { "cognate sms opt-out" } " marks) is listed here and gets no SMS until it is opted in."
                }
            } @else {
                div class="table-wrap" {
                    table {
                        thead { tr { th { "Phone number" } th { "Action" } } }
                        tbody {
                            @for phone in &account.opted_out {
                                tr {
                                    td { (phone) }
                                    td {
                                        form method="post" action="/console/sms/opt-in" {
                                            (csrf_field(operator))
                                            input type="hidden" name="phone" value=(phone);
                                            button class="secondary" type="submit" { "Opt in" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /console/sms/settings`: SetSMSAttributes with the default message type.
pub(super) async fn save_settings(form: Form) -> Response {
    let operator = &form.operator;
    let sms_type = form.get("default_sms_type").to_string();
    let attributes = BTreeMap::from([("DefaultSMSType".to_string(), sms_type.clone())]);
    match operator.state.cognate.set_sms_attributes(attributes).await {
        Ok(()) => done(operator, "SMS settings saved."),
        Err(e) => {
            refused(operator, e, |message| Failed::Settings {
                sms_type,
                message,
            })
            .await
        }
    }
}

/// `POST /console/sms/sandbox-numbers`: CreateSMSSandboxPhoneNumber, which sends the number
/// its one-time password.
pub(super) async fn add_number(form: Form) -> Response {
    let operator = &form.operator;
    let phone = form.get("phone").to_string();
    if phone.is_empty() {
        let failed = Failed::Add {
            phone,
            message: "Enter a phone number in E.164 format, e.g. +14155550123.".into(),
        };
        return render(operator, None, &failed, StatusCode::BAD_REQUEST).await;
    }
    let cognate = &operator.state.cognate;
    match cognate.create_sms_sandbox_phone_number(&phone).await {
        Ok(()) => done(
            operator,
            &format!(
                "A verification code was sent to {phone}. Enter it below to verify the number."
            ),
        ),
        Err(e) => refused(operator, e, |message| Failed::Add { phone, message }).await,
    }
}

/// `POST /console/sms/sandbox-numbers/verify`: VerifySMSSandboxPhoneNumber.
pub(super) async fn verify_number(form: Form) -> Response {
    let operator = &form.operator;
    let phone = form.get("phone").to_string();
    let code = form.get("code").to_string();
    if code.is_empty() {
        let message = format!("Enter the verification code sent to {phone}.");
        let failed = Failed::Verify {
            phone,
            code,
            message,
        };
        return render(operator, None, &failed, StatusCode::BAD_REQUEST).await;
    }
    let cognate = &operator.state.cognate;
    match cognate.verify_sms_sandbox_phone_number(&phone, &code).await {
        Ok(()) => done(
            operator,
            &format!(
                "{phone} is verified: SMS may go to it while the account is in the SMS sandbox."
            ),
        ),
        Err(e) => {
            refused(operator, e, |message| Failed::Verify {
                phone,
                code,
                message,
            })
            .await
        }
    }
}

/// `POST /console/sms/sandbox-numbers/delete`: DeleteSMSSandboxPhoneNumber.
pub(super) async fn delete_number(form: Form) -> Response {
    let operator = &form.operator;
    let phone = form.get("phone");
    match operator
        .state
        .cognate
        .delete_sms_sandbox_phone_number(phone)
        .await
    {
        Ok(()) => done(
            operator,
            &format!("{phone} was deleted from the sandbox destination phone numbers."),
        ),
        Err(e) => refused(operator, e, |message| Failed::Other { message }).await,
    }
}

/// `POST /console/sms/opt-in`: OptInPhoneNumber.
pub(super) async fn opt_in(form: Form) -> Response {
    let operator = &form.operator;
    let phone = form.get("phone");
    match operator.state.cognate.opt_in_phone_number(phone).await {
        Ok(()) => done(
            operator,
            &format!("{phone} is opted in: it gets SMS again."),
        ),
        Err(e) => refused(operator, e, |message| Failed::Other { message }).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::shell::notice_query;

    #[test]
    fn the_notice_comes_from_the_query_string() {
        let query = notice_query("Your request was submitted.");
        assert_eq!(
            notice_in(Some(&query)).as_deref(),
            Some("Your request was submitted.")
        );
        assert_eq!(notice_in(Some("other=1")), None);
        assert_eq!(notice_in(None), None);
    }
}
