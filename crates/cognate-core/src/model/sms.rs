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
    /// The request that took the account out of the sandbox, as the operator filed it.
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

/// What the operator stated when taking the account out of the sandbox (the details of SNS's
/// "Exit SMS sandbox" request).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SandboxExit {
    /// When, epoch ms.
    pub requested_ms: i64,
    /// Company or organisation.
    pub company: String,
    /// Website or app URL.
    pub website: String,
    /// The use case: what the messages are for.
    pub use_case: String,
    /// `Transactional` or `Promotional`.
    pub message_type: String,
    /// Expected messages per month.
    pub monthly_volume: u64,
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
