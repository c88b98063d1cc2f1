//! The account's SMS settings as Amazon SNS exposes them — SetSMSAttributes / GetSMSAttributes,
//! the SMS sandbox (status, destination numbers and their one-time passwords), opt-outs,
//! Publish to a number — and the operator's side: leaving or re-entering the sandbox and
//! marking a number opted out. The settings are one document, read and written here only.

use std::collections::BTreeMap;

use cognate_crypto::random;

use crate::{
    delivery::Purpose,
    error::{CoreError, CoreResult},
    model::{SandboxExit, SandboxNumber, SmsAccount},
    service::{
        attributes::validate_phone,
        codes::{self, CodeCheck, DAY_MS},
        Cognate,
    },
    store::StoreError,
};

/// MonthlySpendLimit of a new account, USD (Amazon SNS's default quota).
pub(super) const DEFAULT_SPEND_LIMIT_USD: &str = "1";

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
/// Codes per number per 24 hours.
const SANDBOX_SENDS_PER_DAY: usize = 5;
/// Page size of the listings.
const PAGE: usize = 100;

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidParameter(message.into())
}

/// An E.164 number, as SNS's SMS operations require: the `phone_number` attribute's check,
/// answered in SNS's words.
fn e164(phone: &str) -> CoreResult<&str> {
    validate_phone(phone).map(|()| phone).map_err(|_| {
        invalid(format!(
            "Invalid parameter: PhoneNumber Reason: {phone} is not a valid E.164 phone number"
        ))
    })
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
    /// The account's SMS settings (a new account's when never saved).
    pub(super) async fn sms_account(&self) -> CoreResult<SmsAccount> {
        Ok(self.store.find_sms_account().await?.unwrap_or_default())
    }

    /// Applies `change` to the account's SMS settings, retrying when another request wrote
    /// first; nothing is written when `change` refuses.
    async fn modify_sms_account<T>(
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
                        code: None,
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
            if !codes::count_within(&mut number.sends, SANDBOX_SENDS_PER_DAY, DAY_MS, now) {
                return Err(CoreError::LimitExceeded(
                    "You can request a new one-time password up to 5 times in 24 hours.".into(),
                ));
            }
            number.code = Some(codes::new_record(hash.clone(), now + DAY_MS));
            Ok(())
        })
        .await?;
        let text = format!("Your Amazon SNS sandbox verification code is {code}");
        self.send_sms(None, Purpose::SandboxVerification, phone, text)
            .await
    }

    fn sandbox_code_hash(&self, phone: &str, code: &str) -> String {
        self.master_key
            .mac_hex("sms-sandbox-code", format!("{phone}|{code}").as_bytes())
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
                Ok(
                    match codes::check_code(&mut number.code, &presented, true, now) {
                        CodeCheck::Accepted(_) => {
                            number.verified = true;
                            Ok(())
                        }
                        CodeCheck::Missing => {
                            Err("No one-time password is pending for this number.")
                        }
                        CodeCheck::Expired => Err("The one-time password has expired."),
                        CodeCheck::Mismatch | CodeCheck::Voided => {
                            Err("Invalid one-time password.")
                        }
                    },
                )
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
