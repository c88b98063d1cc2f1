//! The account's SMS settings, as Amazon SNS keeps them per account: attributes
//! (SetSMSAttributes), the SMS sandbox and its verified numbers, and opted-out numbers. One
//! document, written with optimistic concurrency; monthly spend is counted apart (see
//! [`crate::store::SmsStore`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::user::CodeRecord;

/// The account's SMS settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SmsAccount {
    /// SetSMSAttributes values by name (`MonthlySpendLimit`, `DefaultSMSType`, ...).
    #[serde(default)]
    pub attributes: BTreeMap<String, String>,
    /// Whether SMS may go only to verified sandbox numbers (new accounts start there).
    #[serde(default = "in_sandbox_by_default")]
    pub in_sandbox: bool,
    /// The latest request to leave the sandbox, pending or decided.
    #[serde(default)]
    pub sandbox_exit: Option<SandboxExit>,
    /// Destination numbers added with CreateSMSSandboxPhoneNumber.
    #[serde(default)]
    pub sandbox_numbers: Vec<SandboxNumber>,
    /// Numbers that opted out (replied STOP), with when, epoch ms.
    #[serde(default)]
    pub opted_out: BTreeMap<String, i64>,
    /// Optimistic-concurrency version, maintained by the store (0: not stored yet).
    #[serde(skip)]
    pub version: i64,
}

fn in_sandbox_by_default() -> bool {
    true
}

impl Default for SmsAccount {
    fn default() -> Self {
        Self {
            attributes: BTreeMap::new(),
            in_sandbox: true,
            sandbox_exit: None,
            sandbox_numbers: Vec::new(),
            opted_out: BTreeMap::new(),
            version: 0,
        }
    }
}

impl SmsAccount {
    /// Whether `phone` is a verified sandbox destination.
    pub fn is_verified_sandbox_number(&self, phone: &str) -> bool {
        self.sandbox_numbers
            .iter()
            .any(|n| n.phone_number == phone && n.verified)
    }
}

/// A request to leave the SMS sandbox: the answers of SNS's "Exit SMS sandbox" form (the
/// details AWS support asks for), and the operator's decision. Cognate has no support team:
/// the operator approves or denies it, or files and approves one at once with
/// `cognate sms sandbox exit`. Every member added after the first release reads as empty in
/// rows stored before it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SandboxExit {
    /// When it was filed, epoch ms.
    pub requested_ms: i64,
    /// Company or organisation.
    pub company: String,
    /// Website or app the messages are for.
    pub website: String,
    /// The use case: what the messages are for.
    pub use_case: String,
    /// `Transactional` or `Promotional`.
    pub message_type: String,
    /// Expected messages per month.
    pub monthly_volume: u64,
    /// The company's URL.
    #[serde(default)]
    pub company_url: String,
    /// The AWS region the new limit is for (`ap-southeast-1`).
    #[serde(default)]
    pub region: String,
    /// The requested monthly spend, whole US dollars: the MonthlySpendLimit an approval sets
    /// (0: none requested, the limit stays as it is).
    #[serde(default)]
    pub requested_spend_usd: u64,
    /// The SMS service or program's name.
    #[serde(default)]
    pub service_name: String,
    /// The company's relationship to the service: its purpose, and how users opt in.
    #[serde(default)]
    pub relationship: String,
    /// The service or program's website.
    #[serde(default)]
    pub service_url: String,
    /// Where and how users opt in (app, website, form).
    #[serde(default)]
    pub opt_in_process: String,
    /// The desired launch date, as written.
    #[serde(default)]
    pub launch_date: String,
    /// The origination identity: `SenderID`, `LongCode`, `ShortCode` or `10DLC`.
    #[serde(default)]
    pub origination_identity: String,
    /// Whether that identity is registered.
    #[serde(default)]
    pub identity_registered: bool,
    /// Destination countries, ISO 3166 codes (`SG`, `US`).
    #[serde(default)]
    pub destination_countries: Vec<String>,
    /// Expected messages per day.
    #[serde(default)]
    pub messages_per_day: u64,
    /// Expected messages per second at the peak.
    #[serde(default)]
    pub messages_per_second: u64,
    /// The message templates, one per use case.
    #[serde(default)]
    pub message_templates: String,
    /// The URLs that will appear in messages, one per use case.
    #[serde(default)]
    pub message_urls: String,
    /// When the account's domains differ from those URLs, how they relate.
    #[serde(default)]
    pub domain_relationship: String,
    /// Where the request stands. Requests stored before requests were decided read as
    /// approved: the operator's command took the account out at once.
    #[serde(default)]
    pub status: SandboxExitStatus,
    /// When it was approved or denied, epoch ms.
    #[serde(default)]
    pub decided_ms: Option<i64>,
}

impl SandboxExit {
    /// The largest monthly spend a request may ask for, US dollars.
    pub const MAX_SPEND_USD: u64 = 1_000_000;
}

/// Where a request to leave the SMS sandbox stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SandboxExitStatus {
    /// Filed; the operator has not decided yet.
    Pending,
    /// Approved: the account left the sandbox.
    #[default]
    Approved,
    /// Denied: the account stayed in the sandbox.
    Denied,
}

/// A sandbox destination number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxNumber {
    /// E.164 number.
    pub phone_number: String,
    /// Whether its one-time password was entered.
    pub verified: bool,
    /// The pending one-time password, as a keyed hash with its expiry and wrong attempts.
    #[serde(default)]
    pub code: Option<CodeRecord>,
    /// Codes sent, epoch ms (recent ones only).
    #[serde(default)]
    pub sends: Vec<i64>,
    /// Added, epoch ms.
    pub created_ms: i64,
}

/// One message's charge: what the spend ledger counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsCharge {
    /// Calendar month, `YYYY-MM` (UTC).
    pub month: String,
    /// The pool that sent it (empty for SNS Publish).
    pub pool_id: String,
    /// E.164 destination.
    pub phone_number: String,
    /// ISO 3166 country of the destination (`US`), or `ZZ` when unknown.
    pub country: String,
    /// Price, millionths of a US dollar.
    pub micro_usd: i64,
    /// When, epoch ms.
    pub at_ms: i64,
}

/// What a message must stay within: the month's spend limit (the account's
/// MonthlySpendLimit) and the operator's hourly caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsLimits {
    /// MonthlySpendLimit, micro-USD.
    pub monthly_micro_usd: i64,
    /// Hourly caps per destination number and country.
    pub caps: SmsCaps,
}

/// Hourly caps on SMS against SMS pumping, set by the operator; `None` is no cap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SmsCaps {
    /// Messages per destination number in the last hour.
    pub per_number_per_hour: Option<u32>,
    /// Messages per destination country in the last hour.
    pub per_country_per_hour: Option<u32>,
}

/// The outcome of a reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsReservation {
    /// Counted; the message may go.
    Reserved,
    /// It would pass the month's spend limit.
    OverSpendLimit,
    /// The number had its hourly share.
    OverNumberCap,
    /// The country had its hourly share.
    OverCountryCap,
}

/// A line of the spend report: messages and spend of one pool to one country in a month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsSpend {
    /// The pool (empty for SNS Publish).
    pub pool_id: String,
    /// ISO 3166 country.
    pub country: String,
    /// Messages sent.
    pub messages: i64,
    /// Spend, millionths of a US dollar.
    pub micro_usd: i64,
}

/// A USD amount (`"10.00"`, `"1"`) in micro-dollars.
pub fn parse_usd(text: &str) -> Option<i64> {
    let value: f64 = text.trim().parse().ok()?;
    if !value.is_finite() || !(0.0..=1e9).contains(&value) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some((value * 1_000_000.0).round() as i64)
}
