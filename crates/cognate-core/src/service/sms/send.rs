//! Every SMS Cognate sends goes through [`Cognate::send_sms`]: the account's settings give its
//! type and sender id, and — for senders that cost money — its guardrails decide whether it
//! goes at all: opted-out numbers, the sandbox, the optional hourly caps per number and per
//! country (against SMS pumping), and the monthly spend limit, reserved before sending so that
//! no number of concurrent senders on any number of nodes overspends. The spend is reported
//! by month, and each message is counted in the metrics and recorded in the audit log as sent,
//! refused or failed.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::{account::DEFAULT_SPEND_LIMIT_USD, prices::country_of};
use crate::{
    delivery::{DeliveryError, Purpose, SmsMessage, SmsRole},
    error::{CoreError, CoreResult},
    metrics::SmsOutcome,
    model::{parse_usd, SmsAccount, SmsCharge, SmsLimits, SmsReservation, SmsSpend, UserPool},
    service::{attributes::mask_phone, Cognate},
};

/// Why a message was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    OptedOut,
    Sandbox,
    SpendLimit,
    NumberCap,
    CountryCap,
}

impl Refusal {
    fn reason(self) -> &'static str {
        match self {
            Refusal::OptedOut => "the number opted out of SMS",
            Refusal::Sandbox => "the account is in the SMS sandbox and the number is not verified",
            Refusal::SpendLimit => "the message would pass the account's MonthlySpendLimit",
            Refusal::NumberCap => {
                "the number had its hourly share of messages (possible SMS pumping)"
            }
            Refusal::CountryCap => {
                "the destination country had its hourly share of messages (possible SMS pumping)"
            }
        }
    }

    /// The `reason` label of the refusal in the metrics.
    fn label(self) -> &'static str {
        match self {
            Refusal::OptedOut => "opted_out",
            Refusal::Sandbox => "sandbox",
            Refusal::SpendLimit => "spend_limit",
            Refusal::NumberCap => "number_cap",
            Refusal::CountryCap => "country_cap",
        }
    }
}

/// The account's MonthlySpendLimit, micro-USD (SNS's default when never set).
fn monthly_limit(account: &SmsAccount) -> i64 {
    account
        .attributes
        .get("MonthlySpendLimit")
        .and_then(|l| parse_usd(l))
        .or_else(|| parse_usd(DEFAULT_SPEND_LIMIT_USD))
        .unwrap_or_default()
}

/// Micro-USD as dollars with cents and what is below them: `1.00`, `0.00645`.
fn usd(micro_usd: i64) -> String {
    let cents = format!(
        "{}.{:02}",
        micro_usd / 1_000_000,
        micro_usd % 1_000_000 / 10_000
    );
    match micro_usd % 10_000 {
        0 => cents,
        rest => format!("{cents}{}", format!("{rest:04}").trim_end_matches('0')),
    }
}

/// What the audit log records of a message: its purpose, masked destination, country and
/// cost (micro-USD; 0 for a message that cost nothing or was not sent).
fn audit_detail(
    purpose: Purpose,
    phone: &str,
    country: &str,
    micro_usd: i64,
) -> Map<String, Value> {
    let mut detail = Map::new();
    detail.insert("purpose".into(), purpose.as_str().into());
    detail.insert("destination".into(), mask_phone(phone).into());
    detail.insert("country".into(), country.into());
    detail.insert("costMicroUsd".into(), micro_usd.into());
    detail
}

/// `YYYY-MM` of an instant (UTC): the month a message's spend counts in.
fn month_of(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", at.year(), u8::from(at.month()))
}

impl Cognate {
    /// Sends `text` to `phone` for `pool` (none for SNS Publish) and `purpose`, within the
    /// account's guardrails. A refused or failed message is logged with the pool and a masked
    /// number, never its text, and answered with Cognito's delivery error.
    pub(in crate::service) async fn send_sms(
        &self,
        pool: Option<&UserPool>,
        purpose: Purpose,
        phone: &str,
        text: String,
    ) -> CoreResult<()> {
        let account = self.sms_account().await?;
        let pool_id = pool.map(|p| p.id.clone()).unwrap_or_default();
        let message = SmsMessage {
            user_pool_id: pool_id.clone(),
            purpose,
            phone_number: phone.to_string(),
            message: text,
            sms_type: account
                .attributes
                .get("DefaultSMSType")
                .cloned()
                .unwrap_or_else(|| "Transactional".into()),
            sender_id: account.attributes.get("DefaultSenderID").cloned(),
            role: pool
                .and_then(|p| p.settings.sms_configuration.as_ref())
                .map(|c| SmsRole {
                    arn: c.sns_caller_arn.clone(),
                    external_id: c.external_id.clone(),
                    region: c.sns_region.clone(),
                }),
        };
        let country = country_of(phone);
        if !self.sms.costs_money() {
            return self.hand_over(&message, None, &country).await;
        }
        let refuse = |refusal: Refusal| {
            tracing::warn!(pool = %pool_id, purpose = purpose.as_str(), to = %mask_phone(phone), reason = refusal.reason(), "SMS not sent");
            self.metrics
                .count_sms(SmsOutcome::Refused(refusal.label()), &country);
            let detail = audit_detail(purpose, phone, &country, 0);
            self.audit_sms(&pool_id, Some(refusal.label()), detail);
            Err(CoreError::CodeDeliveryFailure(
                "Unable to deliver message to phone_number.".into(),
            ))
        };
        if account.opted_out.contains_key(phone) {
            return refuse(Refusal::OptedOut);
        }
        let to_sandbox_number =
            purpose == Purpose::SandboxVerification || account.is_verified_sandbox_number(phone);
        if account.in_sandbox && !to_sandbox_number {
            return refuse(Refusal::Sandbox);
        }
        let limits = SmsLimits {
            monthly_micro_usd: monthly_limit(&account),
            caps: self.config.sms_caps,
        };
        let now = self.now_ms();
        let charge = SmsCharge {
            month: month_of(now),
            pool_id: pool_id.clone(),
            phone_number: phone.to_string(),
            micro_usd: self.config.sms_prices.micro_usd(&country),
            country: country.clone(),
            at_ms: now,
        };
        match self.store.reserve_sms_spend(&charge, &limits).await? {
            SmsReservation::Reserved => {}
            SmsReservation::OverSpendLimit => return refuse(Refusal::SpendLimit),
            SmsReservation::OverNumberCap => return refuse(Refusal::NumberCap),
            SmsReservation::OverCountryCap => return refuse(Refusal::CountryCap),
        }
        self.hand_over(&message, Some(&charge), &country).await
    }

    /// The spend of `month` (`YYYY-MM`, default the current one) by pool and country.
    pub async fn sms_report(&self, month: Option<&str>) -> CoreResult<(String, Vec<SmsSpend>)> {
        let month = month.map_or_else(|| month_of(self.now_ms()), str::to_string);
        let rows = self.store.sms_spend(&month).await?;
        Ok((month, rows))
    }

    /// This month's spend by pool (the pool id, empty for SNS Publish), micro-USD, and the
    /// account's MonthlySpendLimit: the spend gauges of the metrics. Every node sharing the
    /// database reads the same figures.
    pub(in crate::service) async fn sms_spend_this_month(
        &self,
    ) -> CoreResult<(Vec<(String, i64)>, i64)> {
        let (_, rows) = self.sms_report(None).await?;
        let mut by_pool: BTreeMap<String, i64> = BTreeMap::new();
        for row in rows {
            *by_pool.entry(row.pool_id).or_default() += row.micro_usd;
        }
        let limit = monthly_limit(&self.sms_account().await?);
        Ok((by_pool.into_iter().collect(), limit))
    }

    /// The guardrails in force for a sender that costs money, in words for the start-up log
    /// (none for a sender that costs nothing): the sandbox, the monthly spend limit and this
    /// month's spend, and the hourly caps.
    pub async fn sms_guards(&self) -> CoreResult<Option<String>> {
        if !self.sms.costs_money() {
            return Ok(None);
        }
        let account = self.sms_account().await?;
        let (by_pool, _) = self.sms_spend_this_month().await?;
        let spent: i64 = by_pool.iter().map(|(_, micro_usd)| micro_usd).sum();
        let sandbox = if account.in_sandbox {
            let verified = account
                .sandbox_numbers
                .iter()
                .filter(|n| n.verified)
                .count();
            format!("in the SMS sandbox (only to {verified} verified destination numbers)")
        } else {
            "out of the SMS sandbox".to_string()
        };
        let cap = |cap: Option<u32>, what: &str| match cap {
            Some(n) => format!("at most {n} per {what} per hour"),
            None => format!("no cap per {what}"),
        };
        Ok(Some(format!(
            "{sandbox}; monthly spend limit {} USD, {} USD spent this month; {}; {}",
            usd(monthly_limit(&account)),
            usd(spent),
            cap(self.config.sms_caps.per_number_per_hour, "number"),
            cap(self.config.sms_caps.per_country_per_hour, "country"),
        )))
    }

    /// Gives the message to the sender; a failure refunds its charge.
    async fn hand_over(
        &self,
        message: &SmsMessage,
        charge: Option<&SmsCharge>,
        country: &str,
    ) -> CoreResult<()> {
        let (purpose, phone) = (message.purpose, message.phone_number.as_str());
        let Err(e) = self.sms.send_sms(message).await else {
            self.metrics.count_sms(SmsOutcome::Sent, country);
            let cost = charge.map_or(0, |c| c.micro_usd);
            let detail = audit_detail(purpose, phone, country, cost);
            self.audit_sms(&message.user_pool_id, None, detail);
            return Ok(());
        };
        if let Some(charge) = charge {
            self.store.refund_sms_spend(charge).await?;
        }
        tracing::warn!(pool = %message.user_pool_id, purpose = message.purpose.as_str(), to = %mask_phone(&message.phone_number), error = %e, "SMS delivery failed");
        let reason = match &e {
            DeliveryError::Failed(_) => "delivery",
            DeliveryError::RoleTrust(_) => "role_trust",
            DeliveryError::RoleAccessPolicy(_) => "role_access_policy",
        };
        self.metrics.count_sms(SmsOutcome::Failed(reason), country);
        let detail = audit_detail(purpose, phone, country, 0);
        self.audit_sms(&message.user_pool_id, Some(reason), detail);
        Err(match e {
            DeliveryError::Failed(_) => {
                CoreError::CodeDeliveryFailure("Unable to deliver message to phone_number.".into())
            }
            DeliveryError::RoleTrust(_) => CoreError::InvalidSmsRoleTrustRelationship(
                "Role does not have a trust relationship allowing Cognito to assume the role."
                    .into(),
            ),
            DeliveryError::RoleAccessPolicy(_) => CoreError::InvalidSmsRoleAccessPolicy(
                "Role does not have permission to publish with SNS.".into(),
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_amounts() {
        assert_eq!(month_of(0), "1970-01");
        assert_eq!(month_of(1_764_720_000_000), "2025-12");
        assert_eq!(parse_usd("10.00"), Some(10_000_000));
        assert_eq!(parse_usd("1"), Some(1_000_000));
        assert_eq!(parse_usd("-1"), None);
        assert_eq!(parse_usd("ten"), None);
        assert_eq!(usd(1_000_000), "1.00");
        assert_eq!(usd(6_450), "0.00645");
        assert_eq!(usd(50_120_000), "50.12");
    }
}
