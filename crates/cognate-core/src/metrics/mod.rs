//! The service's metrics: counters the operations bump as they go (requests, sign-ins,
//! lockouts, codes sent, SMS sent or refused, requests over a rate limit, audit events lost)
//! and the request-duration histogram, written in Prometheus's text format on demand. What is
//! read from the store at scrape time (the month's SMS spend) is written by `service::scrape`;
//! the database's connection counts come from whoever implements [`ConnectionPools`]. This
//! module knows no HTTP and no SQL.
//!
//! Every label takes values from a closed set, so the number of series stays bounded: the
//! operations of the JSON API's table (anything else is `unknown`), the error types the HTTP
//! layer answers with, the enums below, ISO 3166 country codes, the rate limits' names and the
//! quotas' categories.

mod family;
mod text;

use std::{
    sync::atomic::{AtomicU64, Ordering},
    time::Duration,
};

pub use text::{Exposition, Kind, TEXT_FORMAT};

use crate::delivery::Purpose;
use family::{Counters, Histograms};

/// How a step of a sign-in ended (`result` of `cognate_sign_ins_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInResult {
    /// Tokens were issued (or, for the hosted pages, the user is signed in).
    Success,
    /// The step was refused.
    Failure,
    /// Another challenge follows.
    Challenge,
}

impl SignInResult {
    fn as_str(self) -> &'static str {
        match self {
            SignInResult::Success => "success",
            SignInResult::Failure => "failure",
            SignInResult::Challenge => "challenge",
        }
    }
}

/// What a step of a sign-in checked (`factor` of `cognate_sign_ins_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInFactor {
    /// The password itself (`USER_PASSWORD_AUTH`, `ADMIN_USER_PASSWORD_AUTH`).
    Password,
    /// SRP: `USER_SRP_AUTH` and its `PASSWORD_VERIFIER` answer.
    Srp,
    /// `SMS_MFA`.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`.
    SoftwareTokenMfa,
    /// `CUSTOM_AUTH` and its `CUSTOM_CHALLENGE` answers.
    Custom,
    /// `REFRESH_TOKEN_AUTH`.
    Refresh,
    /// `NEW_PASSWORD_REQUIRED`.
    NewPassword,
    /// `SELECT_MFA_TYPE`.
    MfaSelection,
    /// `MFA_SETUP`.
    MfaSetup,
    /// `DEVICE_SRP_AUTH` and `DEVICE_PASSWORD_VERIFIER`.
    DeviceSrp,
    /// A challenge this server never issues.
    Other,
}

impl SignInFactor {
    fn as_str(self) -> &'static str {
        match self {
            SignInFactor::Password => "password",
            SignInFactor::Srp => "srp",
            SignInFactor::SmsMfa => "sms_mfa",
            SignInFactor::SoftwareTokenMfa => "software_token_mfa",
            SignInFactor::Custom => "custom",
            SignInFactor::Refresh => "refresh",
            SignInFactor::NewPassword => "new_password",
            SignInFactor::MfaSelection => "mfa_selection",
            SignInFactor::MfaSetup => "mfa_setup",
            SignInFactor::DeviceSrp => "device_srp",
            SignInFactor::Other => "other",
        }
    }
}

/// What happened to an SMS (`outcome` and `reason` of `cognate_sms_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsOutcome {
    /// Handed to the carrier.
    Sent,
    /// Stopped by the account's guardrails, for the reason given (`opted_out`, `sandbox`,
    /// `spend_limit`, `number_cap`, `country_cap`).
    Refused(&'static str),
    /// The carrier did not take it, for the reason given (`delivery`, `role_trust`,
    /// `role_access_policy`).
    Failed(&'static str),
}

impl SmsOutcome {
    fn labels(self) -> (&'static str, &'static str) {
        match self {
            SmsOutcome::Sent => ("sent", "none"),
            SmsOutcome::Refused(reason) => ("refused", reason),
            SmsOutcome::Failed(reason) => ("failed", reason),
        }
    }
}

/// The connections of one database pool, as its driver counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConnections {
    /// Which pool (`writer`, `reader`, or `read_write` where one pool does both).
    pub pool: &'static str,
    /// Connections open, idle or not.
    pub open: u32,
    /// Open connections waiting in the pool.
    pub idle: usize,
    /// The most the pool opens.
    pub max: u32,
}

/// A source of connection counts, read at scrape time: the store backends, which own the
/// pools (the core has no pool type of its own).
pub trait ConnectionPools: Send + Sync {
    /// Each pool's counts now.
    fn connections(&self) -> Vec<PoolConnections>;
}

/// The registry: every counter and histogram the service keeps, since the process started.
#[derive(Debug)]
pub struct Metrics {
    requests: Counters<2>,
    request_seconds: Histograms<1>,
    sign_ins: Counters<2>,
    lockouts: AtomicU64,
    codes_sent: Counters<2>,
    sms: Counters<3>,
    rate_limited: Counters<1>,
    audit_dropped: Counters<1>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: Counters::new(
                "cognate_requests_total",
                "Requests to the JSON API by operation and outcome (ok, or the error __type).",
                ["operation", "outcome"],
            ),
            request_seconds: Histograms::new(
                "cognate_request_duration_seconds",
                "Time to answer a request to the JSON API, by operation.",
                ["operation"],
            ),
            sign_ins: Counters::new(
                "cognate_sign_ins_total",
                "Sign-in steps by result (success, failure, challenge) and the factor checked.",
                ["result", "factor"],
            ),
            lockouts: AtomicU64::new(0),
            codes_sent: Counters::new(
                "cognate_codes_sent_total",
                "Codes handed to the email or SMS carrier, by medium and purpose.",
                ["medium", "purpose"],
            ),
            sms: Counters::new(
                "cognate_sms_total",
                "SMS by outcome (sent, refused, failed), reason and destination country (ISO 3166, ZZ if unknown).",
                ["outcome", "reason", "country"],
            ),
            rate_limited: Counters::new(
                "cognate_rate_limited_total",
                "Requests refused with TooManyRequestsException, by the limit they met (an abuse limit's name, or a quota's operation category).",
                ["limit"],
            ),
            audit_dropped: Counters::new(
                "cognate_audit_events_dropped_total",
                "Audit events not written, by reason (queue_full: the writer fell behind; write_failed: the database refused their batch; stopped: the writer had ended).",
                ["reason"],
            ),
        }
    }
}

impl Metrics {
    /// One request to the JSON API: its operation (`unknown` for a name not in the table),
    /// `ok` or the error's `__type`, and how long it took.
    pub fn record_request(&self, operation: &str, outcome: &str, elapsed: Duration) {
        self.requests.inc([operation, outcome]);
        self.request_seconds
            .observe([operation], elapsed.as_secs_f64());
    }

    /// One step of a sign-in.
    pub(crate) fn count_sign_in(&self, result: SignInResult, factor: SignInFactor) {
        self.sign_ins.inc([result.as_str(), factor.as_str()]);
    }

    /// A failed attempt that locked a user's password or MFA sign-in.
    pub(crate) fn count_lockout(&self) {
        self.lockouts.fetch_add(1, Ordering::Relaxed);
    }

    /// A code handed to a carrier: `medium` is `email` or `sms`.
    pub(crate) fn count_code_sent(&self, medium: &'static str, purpose: Purpose) {
        self.codes_sent.inc([medium, purpose.as_str()]);
    }

    /// An SMS to `country`, sent or not.
    pub(crate) fn count_sms(&self, outcome: SmsOutcome, country: &str) {
        let (outcome, reason) = outcome.labels();
        self.sms.inc([outcome, reason, country]);
    }

    /// A request refused for going over `limit` (a rule's name, or a quota's category).
    pub(crate) fn count_rate_limited(&self, limit: &'static str) {
        self.rate_limited.inc([limit]);
    }

    /// `n` audit events not written, for `reason` (`queue_full`, `write_failed`, `stopped`).
    pub(crate) fn count_audit_dropped(&self, reason: &'static str, n: u64) {
        self.audit_dropped.add([reason], n);
    }

    /// Writes every family, in a fixed order; families nothing has happened to yet are
    /// written without samples.
    pub fn write(&self, out: &mut Exposition) {
        self.requests.write(out);
        self.request_seconds.write(out);
        self.sign_ins.write(out);
        out.family(
            "cognate_lockouts_total",
            "Failed password or MFA attempts that locked a user's sign-in.",
            Kind::Counter,
        );
        out.sample(
            "cognate_lockouts_total",
            &[],
            self.lockouts.load(Ordering::Relaxed),
        );
        self.codes_sent.write(out);
        self.sms.write(out);
        self.rate_limited.write(out);
        self.audit_dropped.write(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_is_written_once_even_before_anything_happened() {
        let mut out = Exposition::default();
        Metrics::default().write(&mut out);
        let text = out.finish();
        for name in [
            "cognate_requests_total",
            "cognate_request_duration_seconds",
            "cognate_sign_ins_total",
            "cognate_lockouts_total",
            "cognate_codes_sent_total",
            "cognate_sms_total",
            "cognate_rate_limited_total",
            "cognate_audit_events_dropped_total",
        ] {
            assert_eq!(
                text.matches(&format!("# TYPE {name} ")).count(),
                1,
                "{text}"
            );
        }
        assert!(text.contains("\ncognate_lockouts_total 0\n"), "{text}");
    }

    #[test]
    fn recorded_events_show_with_their_labels() {
        let metrics = Metrics::default();
        metrics.record_request("InitiateAuth", "ok", Duration::from_millis(3));
        metrics.record_request(
            "InitiateAuth",
            "NotAuthorizedException",
            Duration::from_secs(20),
        );
        metrics.count_sign_in(SignInResult::Failure, SignInFactor::Password);
        metrics.count_lockout();
        metrics.count_code_sent("sms", Purpose::Mfa);
        metrics.count_sms(SmsOutcome::Refused("opted_out"), "US");
        metrics.count_rate_limited("sign-in-per-ip");
        metrics.count_audit_dropped("queue_full", 3);
        let mut out = Exposition::default();
        metrics.write(&mut out);
        let text = out.finish();
        for line in [
            "cognate_requests_total{operation=\"InitiateAuth\",outcome=\"ok\"} 1",
            "cognate_requests_total{operation=\"InitiateAuth\",outcome=\"NotAuthorizedException\"} 1",
            "cognate_request_duration_seconds_bucket{operation=\"InitiateAuth\",le=\"0.005\"} 1",
            "cognate_request_duration_seconds_bucket{operation=\"InitiateAuth\",le=\"+Inf\"} 2",
            "cognate_sign_ins_total{result=\"failure\",factor=\"password\"} 1",
            "cognate_lockouts_total 1",
            "cognate_codes_sent_total{medium=\"sms\",purpose=\"mfa\"} 1",
            "cognate_sms_total{outcome=\"refused\",reason=\"opted_out\",country=\"US\"} 1",
            "cognate_rate_limited_total{limit=\"sign-in-per-ip\"} 1",
            "cognate_audit_events_dropped_total{reason=\"queue_full\"} 3",
        ] {
            assert!(text.contains(&format!("{line}\n")), "no {line:?} in\n{text}");
        }
    }
}
