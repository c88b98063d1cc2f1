//! Every SMS Cognate sends goes through [`Cognate::send_sms`]: the account's settings give its
//! type and sender id, and — for senders that cost money — its guardrails decide whether it
//! goes at all: opted-out numbers, the sandbox, the optional hourly caps per number and per
//! country (against SMS pumping), and the monthly spend limit, reserved before sending so that
//! no number of concurrent senders on any number of nodes overspends.

use time::OffsetDateTime;

use super::{attributes::mask_phone, Cognate};
use crate::{
    delivery::{DeliveryError, Purpose, SmsMessage, SmsRole},
    error::{CoreError, CoreResult},
    model::{SmsAccount, SmsCharge, SmsLimits, SmsReservation, UserPool},
    sms_prices::country_of,
    store::StoreError,
};

/// MonthlySpendLimit of a new account, USD (Amazon SNS's default quota).
pub(super) const DEFAULT_SPEND_LIMIT_USD: &str = "1";

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
}

/// `YYYY-MM` of an instant (UTC).
pub(super) fn month_of(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", at.year(), u8::from(at.month()))
}

/// A USD amount (`"10.00"`, `"1"`) in micro-dollars.
pub(super) fn parse_usd(text: &str) -> Option<i64> {
    let value: f64 = text.trim().parse().ok()?;
    if !value.is_finite() || !(0.0..=1e9).contains(&value) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some((value * 1_000_000.0).round() as i64)
}

impl Cognate {
    /// The account's SMS settings (a new account's when never saved).
    pub(super) async fn sms_account(&self) -> CoreResult<SmsAccount> {
        Ok(self.store.find_sms_account().await?.unwrap_or_default())
    }

    /// Applies `change` to the account's SMS settings, retrying when another request wrote
    /// first; nothing is written when `change` refuses.
    pub(super) async fn modify_sms_account<T>(
        &self,
        mut change: impl FnMut(&mut SmsAccount) -> CoreResult<T>,
    ) -> CoreResult<T> {
        for _ in 0..8 {
            let mut account = self.sms_account().await?;
            let out = change(&mut account)?;
            match self.store.save_sms_account(&account).await {
                Ok(()) => return Ok(out),
                Err(StoreError::VersionMismatch) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(anyhow::anyhow!(
            "SMS settings kept changing under concurrent updates"
        )))
    }

    /// Sends `text` to `phone` for `pool` (none for SNS Publish) and `purpose`, within the
    /// account's guardrails. A refused or failed message is logged with the pool and a masked
    /// number, never its text, and answered with Cognito's delivery error.
    pub(super) async fn send_sms(
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
        if !self.sms.costs_money() {
            return self.hand_over(&message, None).await;
        }
        let refuse = |refusal: Refusal| {
            tracing::warn!(pool = %pool_id, purpose = purpose.as_str(), to = %mask_phone(phone), reason = refusal.reason(), "SMS not sent");
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
            monthly_micro_usd: account
                .attributes
                .get("MonthlySpendLimit")
                .and_then(|l| parse_usd(l))
                .or_else(|| parse_usd(DEFAULT_SPEND_LIMIT_USD))
                .unwrap_or_default(),
            per_number_per_hour: self.config.sms_caps.per_number_per_hour,
            per_country_per_hour: self.config.sms_caps.per_country_per_hour,
        };
        let country = country_of(phone);
        let now = self.now_ms();
        let charge = SmsCharge {
            month: month_of(now),
            pool_id: pool_id.clone(),
            phone_number: phone.to_string(),
            micro_usd: self.config.sms_prices.micro_usd(&country),
            country,
            at_ms: now,
        };
        match self.store.reserve_sms_spend(&charge, &limits).await? {
            SmsReservation::Reserved => {}
            SmsReservation::OverSpendLimit => return refuse(Refusal::SpendLimit),
            SmsReservation::OverNumberCap => return refuse(Refusal::NumberCap),
            SmsReservation::OverCountryCap => return refuse(Refusal::CountryCap),
        }
        self.hand_over(&message, Some(&charge)).await
    }

    /// Gives the message to the sender; a failure refunds its charge.
    async fn hand_over(&self, message: &SmsMessage, charge: Option<&SmsCharge>) -> CoreResult<()> {
        let Err(e) = self.sms.send_sms(message).await else {
            return Ok(());
        };
        if let Some(charge) = charge {
            self.store.refund_sms_spend(charge).await?;
        }
        tracing::warn!(pool = %message.user_pool_id, purpose = message.purpose.as_str(), to = %mask_phone(&message.phone_number), error = %e, "SMS delivery failed");
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
    }
}
