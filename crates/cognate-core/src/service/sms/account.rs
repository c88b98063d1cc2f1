//! The account's SMS settings as Amazon SNS exposes them — SetSMSAttributes / GetSMSAttributes,
//! the SMS sandbox (status, destination numbers and their one-time passwords), opt-outs,
//! Publish to a number — and the operator's side: requests to leave the sandbox (filed,
//! then approved or denied by the operator), re-entering it, and marking a number opted out.
//! The settings are one document, read and written here only.

use std::collections::BTreeMap;

use cognate_crypto::random;

use crate::{
    delivery::Purpose,
    error::{CoreError, CoreResult},
    model::{parse_usd, SandboxExit, SandboxExitStatus, SandboxNumber, SmsAccount},
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

/// The checks a request to leave the sandbox must pass, in SNS's words: a company, a monthly
/// spend of 1 to [`SandboxExit::MAX_SPEND_USD`] whole dollars, and a message type.
fn check_sandbox_exit(request: &SandboxExit) -> CoreResult<()> {
    let bad = |name: &str, why: &str| -> CoreResult<()> {
        Err(invalid(format!("Invalid parameter: {name} Reason: {why}")))
    };
    if request.company.trim().is_empty() {
        return bad("CompanyName", "must not be empty");
    }
    if !(1..=SandboxExit::MAX_SPEND_USD).contains(&request.requested_spend_usd) {
        return bad(
            "MonthlySpend",
            "must be a whole number of US dollars from 1 to 1000000",
        );
    }
    if !matches!(
        request.message_type.as_str(),
        "Transactional" | "Promotional"
    ) {
        return bad("MessageType", "must be Transactional or Promotional");
    }
    Ok(())
}

/// Files `request` as the account's pending request to leave the sandbox: refused when the
/// account is out of it already, or while another request waits for a decision.
fn file_sandbox_exit(account: &mut SmsAccount, request: SandboxExit) -> CoreResult<()> {
    if !account.in_sandbox {
        return Err(invalid(
            "Invalid parameter: the account is already out of the SMS sandbox",
        ));
    }
    let pending = account
        .sandbox_exit
        .as_ref()
        .is_some_and(|r| r.status == SandboxExitStatus::Pending);
    if pending {
        return Err(invalid(
            "Invalid parameter: a request to exit the SMS sandbox is already pending; approve or deny it first",
        ));
    }
    account.sandbox_exit = Some(request);
    Ok(())
}

/// Approves or denies the pending request at `now_ms`. An approval takes the account out of
/// the sandbox and makes the requested spend its MonthlySpendLimit, as AWS support's answer
/// does; a denial leaves both as they are. Returns the request as decided.
fn decide_sandbox_exit(
    account: &mut SmsAccount,
    approve: bool,
    now_ms: i64,
) -> CoreResult<SandboxExit> {
    let request = account
        .sandbox_exit
        .as_mut()
        .filter(|r| r.status == SandboxExitStatus::Pending)
        .ok_or_else(|| {
            invalid("Invalid parameter: no request to exit the SMS sandbox is pending")
        })?;
    request.status = if approve {
        SandboxExitStatus::Approved
    } else {
        SandboxExitStatus::Denied
    };
    request.decided_ms = Some(now_ms);
    let decided = request.clone();
    if approve {
        account.in_sandbox = false;
        if decided.requested_spend_usd > 0 {
            account.attributes.insert(
                "MonthlySpendLimit".into(),
                decided.requested_spend_usd.to_string(),
            );
        }
    }
    Ok(decided)
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

    /// The operator takes the account out of the sandbox at once, recording the request as
    /// approved (and its requested spend, when it names one, as the MonthlySpendLimit).
    pub async fn exit_sms_sandbox(&self, request: SandboxExit) -> CoreResult<()> {
        let request = SandboxExit {
            status: SandboxExitStatus::Pending,
            decided_ms: None,
            ..request
        };
        let now = self.now_ms();
        self.modify_sms_account(|account| {
            account.sandbox_exit = Some(request.clone());
            decide_sandbox_exit(account, true, now).map(|_| ())
        })
        .await
    }

    /// The account's latest request to leave the sandbox, pending or decided.
    pub async fn sms_sandbox_exit(&self) -> CoreResult<Option<SandboxExit>> {
        Ok(self.sms_account().await?.sandbox_exit)
    }

    /// Files a request to leave the sandbox (the answers of SNS's form), pending until the
    /// operator approves or denies it. Refused when the account is out of the sandbox, while
    /// another request is pending, or without a company, a monthly spend of 1 to
    /// [`SandboxExit::MAX_SPEND_USD`] dollars and a message type.
    pub async fn request_sms_sandbox_exit(&self, request: SandboxExit) -> CoreResult<()> {
        check_sandbox_exit(&request)?;
        let request = SandboxExit {
            requested_ms: self.now_ms(),
            status: SandboxExitStatus::Pending,
            decided_ms: None,
            ..request
        };
        self.modify_sms_account(|account| file_sandbox_exit(account, request.clone()))
            .await
    }

    /// Approves the pending request: the account leaves the sandbox and its MonthlySpendLimit
    /// becomes the requested spend. Returns the request as approved.
    pub async fn approve_sms_sandbox_exit(&self) -> CoreResult<SandboxExit> {
        let now = self.now_ms();
        self.modify_sms_account(|account| decide_sandbox_exit(account, true, now))
            .await
    }

    /// Denies the pending request: the account stays in the sandbox, and a new request may be
    /// filed. Returns the request as denied.
    pub async fn deny_sms_sandbox_exit(&self) -> CoreResult<SandboxExit> {
        let now = self.now_ms();
        self.modify_sms_account(|account| decide_sandbox_exit(account, false, now))
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

    fn filed(spend: u64) -> SandboxExit {
        SandboxExit {
            company: "Example Corp".into(),
            message_type: "Transactional".into(),
            region: "ap-southeast-1".into(),
            requested_spend_usd: spend,
            status: SandboxExitStatus::Pending,
            ..SandboxExit::default()
        }
    }

    #[test]
    fn an_approved_request_leaves_the_sandbox_with_the_requested_spend_limit() {
        let mut account = SmsAccount::default();
        file_sandbox_exit(&mut account, filed(50)).unwrap();
        assert!(account.in_sandbox, "filing decides nothing");
        assert!(
            file_sandbox_exit(&mut account, filed(60)).is_err(),
            "one pending request at a time"
        );
        let decided = decide_sandbox_exit(&mut account, true, 7).unwrap();
        assert_eq!(decided.status, SandboxExitStatus::Approved);
        assert_eq!(decided.decided_ms, Some(7));
        assert!(!account.in_sandbox);
        assert_eq!(
            account
                .attributes
                .get("MonthlySpendLimit")
                .map(String::as_str),
            Some("50")
        );
        assert!(
            decide_sandbox_exit(&mut account, true, 8).is_err(),
            "nothing pending"
        );
        assert!(
            file_sandbox_exit(&mut account, filed(70)).is_err(),
            "already out"
        );
    }

    #[test]
    fn a_denied_request_keeps_the_sandbox_and_may_be_filed_again() {
        let mut account = SmsAccount::default();
        file_sandbox_exit(&mut account, filed(50)).unwrap();
        let decided = decide_sandbox_exit(&mut account, false, 7).unwrap();
        assert_eq!(decided.status, SandboxExitStatus::Denied);
        assert!(account.in_sandbox);
        assert!(!account.attributes.contains_key("MonthlySpendLimit"));
        file_sandbox_exit(&mut account, filed(20)).unwrap();
    }

    #[test]
    fn a_request_needs_a_company_a_spend_and_a_message_type() {
        assert!(check_sandbox_exit(&filed(50)).is_ok());
        assert!(check_sandbox_exit(&filed(0)).is_err());
        assert!(check_sandbox_exit(&filed(SandboxExit::MAX_SPEND_USD + 1)).is_err());
        let nameless = SandboxExit {
            company: " ".into(),
            ..filed(50)
        };
        assert!(check_sandbox_exit(&nameless).is_err());
        let urgent = SandboxExit {
            message_type: "Urgent".into(),
            ..filed(50)
        };
        assert!(check_sandbox_exit(&urgent).is_err());
    }

    #[test]
    fn a_request_stored_before_decisions_reads_as_approved() {
        let stored = r#"{"requested_ms":1,"company":"C","website":"https://example.com","use_case":"codes","message_type":"Transactional","monthly_volume":5}"#;
        let request: SandboxExit = serde_json::from_str(stored).unwrap();
        assert_eq!(request.status, SandboxExitStatus::Approved);
        assert_eq!(request.requested_spend_usd, 0);
        assert!(request.destination_countries.is_empty());
    }
}
