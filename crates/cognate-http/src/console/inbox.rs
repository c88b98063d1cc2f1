//! `/console/inbox`: the dev inbox. While Cognate's email or SMS sender is `log` (the
//! development default), the last messages it printed, newest first, each code set apart, so
//! that local development needs no terminal. It reads the senders' outbox, kept in this
//! process's memory, and nothing else; with real carriers there is nothing to show.

use axum::{http::StatusCode, response::Response, routing::get, Router};
use cognate_core::delivery::{OutboxEntry, OutboxKind, Purpose};
use maud::{html, Markup};

use super::{
    access::Operator,
    shell::{Place, Shell},
    sms::figures::utc,
};
use crate::state::AppState;

/// The dev inbox's route.
pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/console/inbox", get(page))
}

/// `GET /console/inbox`.
async fn page(operator: Operator) -> Response {
    let entries = operator.state.outbox.as_ref().map(|o| o.newest_first());
    let body = match entries {
        None => html! {
            p class="empty" {
                "The dev inbox shows messages only while Cognate's email or SMS sender is "
                code { "log" } " (the development default). This server hands its messages to real carriers; start it with "
                code { "--email-sender log" } " or " code { "--sms-sender log" } " to read the codes here."
            }
        },
        Some(entries) => inbox(&entries),
    };
    Shell {
        title: "Dev inbox",
        place: Place::Inbox,
        notice: None,
        error: None,
        body,
    }
    .respond(&operator, StatusCode::OK)
}

/// The outbox's messages, newest first, or what to do while it is empty.
fn inbox(entries: &[OutboxEntry]) -> Markup {
    html! {
        p {
            a href="/console/inbox" { "Refresh" }
            span class="hint" { " · The last " (cognate_core::delivery::Outbox::CAPACITY) " email and SMS messages the log sender printed since the server started, newest first." }
        }
        @if entries.is_empty() {
            p class="empty" {
                "No messages yet. Codes sent by email or SMS (sign-up, sign-in MFA, forgotten passwords, invitations) appear here as they go; refresh the page to see them."
            }
        } @else {
            div class="table-wrap" {
                table {
                    thead {
                        tr {
                            th { "When" } th { "Type" } th { "To" } th { "Pool" } th { "Purpose" }
                            th { "Message" } th { "Code" }
                        }
                    }
                    tbody {
                        @for entry in entries {
                            (row(entry))
                        }
                    }
                }
            }
        }
    }
}

/// One message: when, email or SMS, to whom, for which pool and why, its text and its code.
fn row(entry: &OutboxEntry) -> Markup {
    let code = code_in(&entry.body).or_else(|| entry.subject.as_deref().and_then(code_in));
    let kind = match entry.kind {
        OutboxKind::Email => "Email",
        OutboxKind::Sms => "SMS",
    };
    html! {
        tr {
            td { (utc(entry.at_ms)) }
            td { (kind) }
            td { (entry.to) }
            td {
                @if entry.user_pool_id.is_empty() {
                    "—"
                } @else {
                    a href=(format!("/console/pools/{}", entry.user_pool_id)) { (entry.user_pool_id) }
                }
            }
            td { (purpose(entry.purpose)) }
            td {
                @if let Some(subject) = &entry.subject {
                    strong { (subject) } br;
                }
                (entry.body)
            }
            td { @if let Some(code) = code { strong { (code) } } }
        }
    }
}

/// Why a message was sent, in words.
fn purpose(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Verification => "Verification",
        Purpose::ForgotPassword => "Forgot password",
        Purpose::Mfa => "MFA",
        Purpose::Invitation => "Invitation",
        Purpose::SandboxVerification => "Sandbox verification",
        Purpose::Publish => "SNS Publish",
    }
}

/// The first run of 4 to 8 digits standing on its own (not inside a word, a longer number or a
/// phone number): the code of the message, if it has one.
fn code_in(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_digit() {
            start += 1;
            continue;
        }
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        let alone_before =
            start == 0 || (!bytes[start - 1].is_ascii_alphanumeric() && bytes[start - 1] != b'+');
        let alone_after = bytes.get(end).is_none_or(|b| !b.is_ascii_alphanumeric());
        if (4..=8).contains(&(end - start)) && alone_before && alone_after {
            return text.get(start..end);
        }
        start = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_the_run_of_digits_that_stands_alone() {
        assert_eq!(code_in("Your verification code is 123456."), Some("123456"));
        assert_eq!(code_in("Your MFA code is 004211"), Some("004211"));
        assert_eq!(code_in("Sent to +15555550123, code 8841"), Some("8841"));
        assert_eq!(code_in("user-3f9a1c2b7d wrote 12 and 123456789"), None);
        assert_eq!(code_in("abc1234 x"), None);
        assert_eq!(code_in(""), None);
    }
}
