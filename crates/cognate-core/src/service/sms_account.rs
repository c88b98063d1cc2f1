//! The account's SMS settings as Amazon SNS exposes them — SetSMSAttributes / GetSMSAttributes,
//! the SMS sandbox (status, destination numbers and their one-time passwords), opt-outs,
//! Publish to a number — and the operator's side: leaving or re-entering the sandbox, marking
//! a number opted out, and the month's spend report.

use std::collections::BTreeMap;

use cognate_crypto::{ct::ct_eq, random};

use super::{
    sms::{month_of, parse_usd, DEFAULT_SPEND_LIMIT_USD},
    Cognate,
};
use crate::{
    delivery::Purpose,
    error::{CoreError, CoreResult},
    model::{SandboxExit, SandboxNumber, SmsSpend},
};

/// Attributes SetSMSAttributes accepts.
const ATTRIBUTES: &[&str] = &[
    "MonthlySpendLimit",
    "DeliveryStatusIAMRole",
    "DeliveryStatusSuccessSamplingRate",
    "DefaultSenderID",
    "DefaultSMSType",
    "UsageReportS3Bucket",
];
/// Sandbox destination numbers an account may have.
const MAX_SANDBOX_NUMBERS: usize = 10;
/// How long a sandbox one-time password lives.
const SANDBOX_CODE_MS: i64 = 24 * 3600 * 1000;
/// Codes per number per 24 hours.
const SANDBOX_SENDS_PER_DAY: usize = 5;
/// Wrong passwords before a pending one is void.
const SANDBOX_MAX_FAILURES: u32 = 5;
/// Page size of the listings.
const PAGE: usize = 100;

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidParameter(message.into())
}

/// An E.164 number, as SNS's SMS operations require.
fn e164(phone: &str) -> CoreResult<&str> {
    let digits = phone.strip_prefix('+').unwrap_or_default();
    if digits.len() >= 8 && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(phone)
    } else {
        Err(invalid(format!(
            "Invalid parameter: PhoneNumber Reason: {phone} is not a valid E.164 phone number"
        )))
    }
}

fn check_attribute(name: &str, value: &str) -> CoreResult<()> {
    let bad = |why: &str| Err(invalid(format!("Invalid parameter: {name} Reason: {why}")));
    match name {
        "MonthlySpendLimit" if parse_usd(value).is_none() => bad("must be a non-negative number"),
        "DefaultSMSType" if !matches!(value, "Promotional" | "Transactional") => {
            bad("must be Promotional or Transactional")
        }
        "DefaultSenderID"
            if !(1..=11).contains(&value.len())
                || !value.bytes().all(|b| b.is_ascii_alphanumeric())
                || !value.bytes().any(|b| b.is_ascii_alphabetic()) =>
        {
            bad("must be 1-11 letters and digits with at least one letter")
        }
        "DeliveryStatusSuccessSamplingRate"
            if value.parse::<u8>().map_or(true, |rate| rate > 100) =>
        {
            bad("must be an integer from 0 to 100")
        }
        _ if !ATTRIBUTES.contains(&name) => bad("is not a supported SMS attribute"),
        _ => Ok(()),
    }
}

/// One page of `items` after the opaque cursor `next` (an index).
fn page<T: Clone>(
    items: &[T],
    next: Option<&str>,
    max: usize,
) -> CoreResult<(Vec<T>, Option<String>)> {
    let start = match next.filter(|n| !n.is_empty()) {
        Some(n) => n
            .parse::<usize>()
            .map_err(|_| invalid("Invalid parameter: NextToken"))?,
        None => 0,
    };
    let end = (start + max).min(items.len());
    let slice = items.get(start..end).unwrap_or_default().to_vec();
    Ok((slice, (end < items.len()).then(|| end.to_string())))
}

impl Cognate {
    /// SetSMSAttributes.
    pub async fn set_sms_attributes(&self, attributes: BTreeMap<String, String>) -> CoreResult<()> {
        for (name, value) in &attributes {
            check_attribute(name, value)?;
        }
        self.modify_sms_account(|account| {
            account.attributes.extend(attributes.clone());
            Ok(())
        })
        .await
    }

    /// GetSMSAttributes: the named attributes (all that are set, when none is named), with
    /// the account's defaults for MonthlySpendLimit and DefaultSMSType.
    pub async fn get_sms_attributes(
        &self,
        names: &[String],
    ) -> CoreResult<BTreeMap<String, String>> {
        let mut all = self.sms_account().await?.attributes;
        all.entry("MonthlySpendLimit".into())
            .or_insert_with(|| DEFAULT_SPEND_LIMIT_USD.into());
        all.entry("DefaultSMSType".into())
            .or_insert_with(|| "Transactional".into());
        if names.is_empty() {
            return Ok(all);
        }
        Ok(all
            .into_iter()
            .filter(|(name, _)| names.contains(name))
            .collect())
    }

    /// GetSMSSandboxAccountStatus: whether the account is in the sandbox.
    pub async fn sms_sandbox_status(&self) -> CoreResult<bool> {
        Ok(self.sms_account().await?.in_sandbox)
    }

    /// CreateSMSSandboxPhoneNumber: adds a destination number and sends it a one-time password.
    pub async fn create_sms_sandbox_phone_number(&self, phone: &str) -> CoreResult<()> {
        let phone = e164(phone)?;
        let code = random::code6();
        let hash = self.sandbox_code_hash(phone, &code);
        let now = self.now_ms();
        self.modify_sms_account(|account| {
            let known = account.sandbox_numbers.len();
            let number = match account
                .sandbox_numbers
                .iter_mut()
                .find(|n| n.phone_number == phone)
            {
                Some(number) => number,
                None if known >= MAX_SANDBOX_NUMBERS => {
                    return Err(invalid(format!(
                        "Invalid parameter: PhoneNumber Reason: the sandbox holds at most {MAX_SANDBOX_NUMBERS} numbers"
                    )))
                }
                None => {
                    account.sandbox_numbers.push(SandboxNumber {
                        phone_number: phone.to_string(),
                        verified: false,
                        code_hash: None,
                        code_expires_ms: 0,
                        failed_attempts: 0,
                        sends: Vec::new(),
                        created_ms: now,
                    });
                    account
                        .sandbox_numbers
                        .last_mut()
                        .ok_or_else(|| CoreError::Internal(anyhow::anyhow!("sandbox number")))?
                }
            };
            if number.verified {
                return Err(invalid(
                    "Invalid parameter: PhoneNumber Reason: the number is already verified",
                ));
            }
            number.sends.retain(|t| now - t < 24 * 3600 * 1000);
            if number.sends.len() >= SANDBOX_SENDS_PER_DAY {
                return Err(CoreError::LimitExceeded(
                    "You can request a new one-time password up to 5 times in 24 hours.".into(),
                ));
            }
            number.sends.push(now);
            number.code_hash = Some(hash.clone());
            number.code_expires_ms = now + SANDBOX_CODE_MS;
            number.failed_attempts = 0;
            Ok(())
        })
        .await?;
        let text = format!("Your Amazon SNS sandbox verification code is {code}");
        self.send_sms(None, Purpose::SandboxVerification, phone, text)
            .await
    }

    fn sandbox_code_hash(&self, phone: &str, code: &str) -> String {
        hex::encode(
            self.master_key
                .mac("sms-sandbox-code", format!("{phone}|{code}").as_bytes()),
        )
    }

    /// VerifySMSSandboxPhoneNumber.
    pub async fn verify_sms_sandbox_phone_number(&self, phone: &str, code: &str) -> CoreResult<()> {
        let phone = e164(phone)?;
        let presented = self.sandbox_code_hash(phone, code.trim());
        let now = self.now_ms();
        let verdict = self
            .modify_sms_account(|account| {
                let number = account
                    .sandbox_numbers
                    .iter_mut()
                    .find(|n| n.phone_number == phone)
                    .ok_or_else(|| {
                        CoreError::ResourceNotFound("No such sandbox phone number.".into())
                    })?;
                let Some(expected) = number.code_hash.clone() else {
                    return Ok(Err("No one-time password is pending for this number."));
                };
                if number.code_expires_ms < now {
                    number.code_hash = None;
                    return Ok(Err("The one-time password has expired."));
                }
                if !ct_eq(expected.as_bytes(), presented.as_bytes()) {
                    number.failed_attempts += 1;
                    if number.failed_attempts >= SANDBOX_MAX_FAILURES {
                        number.code_hash = None;
                    }
                    return Ok(Err("Invalid one-time password."));
                }
                number.verified = true;
                number.code_hash = None;
                Ok(Ok(()))
            })
            .await?;
        verdict.map_err(|why| CoreError::CodeMismatch(why.into()))
    }

    /// ListSMSSandboxPhoneNumbers: (number, `Pending` | `Verified`) and the next cursor.
    pub async fn list_sms_sandbox_phone_numbers(
        &self,
        next: Option<&str>,
        max: Option<usize>,
    ) -> CoreResult<(Vec<(String, &'static str)>, Option<String>)> {
        let numbers: Vec<(String, &'static str)> = self
            .sms_account()
            .await?
            .sandbox_numbers
            .into_iter()
            .map(|n| {
                let status = if n.verified { "Verified" } else { "Pending" };
                (n.phone_number, status)
            })
            .collect();
        page(&numbers, next, max.unwrap_or(PAGE).clamp(1, PAGE))
    }

    /// DeleteSMSSandboxPhoneNumber.
    pub async fn delete_sms_sandbox_phone_number(&self, phone: &str) -> CoreResult<()> {
        let phone = e164(phone)?;
        self.modify_sms_account(|account| {
            let before = account.sandbox_numbers.len();
            account.sandbox_numbers.retain(|n| n.phone_number != phone);
            if account.sandbox_numbers.len() == before {
                return Err(CoreError::ResourceNotFound(
                    "No such sandbox phone number.".into(),
                ));
            }
            Ok(())
        })
        .await
    }

    /// CheckIfPhoneNumberIsOptedOut.
    pub async fn is_phone_number_opted_out(&self, phone: &str) -> CoreResult<bool> {
        let phone = e164(phone)?;
        Ok(self.sms_account().await?.opted_out.contains_key(phone))
    }

    /// ListPhoneNumbersOptedOut.
    pub async fn list_phone_numbers_opted_out(
        &self,
        next: Option<&str>,
    ) -> CoreResult<(Vec<String>, Option<String>)> {
        let numbers: Vec<String> = self.sms_account().await?.opted_out.into_keys().collect();
        page(&numbers, next, PAGE)
    }

    /// OptInPhoneNumber.
    pub async fn opt_in_phone_number(&self, phone: &str) -> CoreResult<()> {
        let phone = e164(phone)?;
        self.modify_sms_account(|account| {
            account.opted_out.remove(phone);
            Ok(())
        })
        .await
    }

    /// Publish to a phone number: one SMS through the configured sender, within the
    /// guardrails; returns the message id.
    pub async fn publish_sms(&self, phone: &str, message: &str) -> CoreResult<String> {
        let phone = e164(phone)?;
        if message.is_empty() || message.len() > 1600 {
            return Err(invalid(
                "Invalid parameter: Message Reason: must be 1 to 1600 characters",
            ));
        }
        self.send_sms(None, Purpose::Publish, phone, message.to_string())
            .await?;
        Ok(random::uuid_v4())
    }

    /// The operator takes the account out of the sandbox, recording the request.
    pub async fn exit_sms_sandbox(&self, request: SandboxExit) -> CoreResult<()> {
        self.modify_sms_account(|account| {
            account.in_sandbox = false;
            account.sandbox_exit = Some(request.clone());
            Ok(())
        })
        .await
    }

    /// The operator puts the account back into the sandbox.
    pub async fn enter_sms_sandbox(&self) -> CoreResult<()> {
        self.modify_sms_account(|account| {
            account.in_sandbox = true;
            Ok(())
        })
        .await
    }

    /// The number's owner opted out (replied STOP): nothing more is sent to it.
    pub async fn opt_out_phone_number(&self, phone: &str) -> CoreResult<()> {
        let phone = e164(phone)?;
        let now = self.now_ms();
        self.modify_sms_account(|account| {
            account.opted_out.insert(phone.to_string(), now);
            Ok(())
        })
        .await
    }

    /// The spend of `month` (`YYYY-MM`, default the current one) by pool and country.
    pub async fn sms_report(&self, month: Option<&str>) -> CoreResult<(String, Vec<SmsSpend>)> {
        let month = month.map_or_else(|| month_of(self.now_ms()), str::to_string);
        let rows = self.store.sms_spend(&month).await?;
        Ok((month, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_rules() {
        assert!(check_attribute("MonthlySpendLimit", "10.00").is_ok());
        assert!(check_attribute("MonthlySpendLimit", "lots").is_err());
        assert!(check_attribute("DefaultSMSType", "Transactional").is_ok());
        assert!(check_attribute("DefaultSMSType", "Urgent").is_err());
        assert!(check_attribute("DefaultSenderID", "MyApp").is_ok());
        assert!(check_attribute("DefaultSenderID", "12345").is_err());
        assert!(check_attribute("Colour", "blue").is_err());
    }

    #[test]
    fn numbers_and_pages() {
        assert!(e164("+14155550123").is_ok());
        assert!(e164("4155550123").is_err());
        let items: Vec<u32> = (0..5).collect();
        assert_eq!(
            page(&items, None, 2).unwrap(),
            (vec![0, 1], Some("2".into()))
        );
        assert_eq!(page(&items, Some("4"), 2).unwrap(), (vec![4], None));
    }
}
