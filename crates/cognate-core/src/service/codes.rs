//! One-time codes (sign-up confirmation, attribute verification, password reset, and the SMS
//! sandbox's one-time passwords) and their delivery. Codes are six CSPRNG digits, kept only as
//! keyed hashes, single use, bounded in wrong attempts, and compared in constant time; the
//! operations that send or check them are rate-limited per caller.

use std::collections::BTreeMap;

use base64::{engine::general_purpose::STANDARD as B64, Engine};
use cognate_crypto::{ct::ct_eq, random};
use cognate_proto::CodeDeliveryDetailsType;

use super::{attributes, Cognate};
use crate::{
    delivery::{EmailMessage, Purpose},
    error::{CoreError, CoreResult},
    model::{CodeRecord, User, UserPool},
};

/// Verification and confirmation codes live 24 hours.
pub(super) const DAY_MS: i64 = 24 * 3600 * 1000;
/// Password-reset codes live one hour.
pub(super) const HOUR_MS: i64 = 3600 * 1000;
/// Wrong answers a code survives; the last one voids it.
const MAX_FAILED_ATTEMPTS: u32 = 5;

/// Code record keys in `User::codes`.
pub(super) const SIGN_UP: &str = "sign_up";
pub(super) const FORGOT_PASSWORD: &str = "forgot_password";
/// Attribute verification codes are stored under `verify:<attribute>`.
pub(super) fn verify_key(attribute: &str) -> String {
    format!("verify:{attribute}")
}

/// What kind of message carries a code; selects the pool's template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MessageKind {
    /// SignUp's confirmation code.
    SignUp,
    /// ResendConfirmationCode's.
    ResendCode,
    /// ForgotPassword's (and AdminResetUserPassword's) reset code.
    ForgotPassword,
    /// The code for a new email or phone number (UpdateUserAttributes).
    UpdateUserAttribute,
    /// GetUserAttributeVerificationCode's.
    VerifyUserAttribute,
    /// AdminCreateUser invitation with the temporary password.
    Invitation,
    /// MFA code at sign-in (`SmsAuthenticationMessage`).
    Mfa,
}

impl MessageKind {
    /// This kind of message for a request that carried `client_metadata`.
    pub(super) fn with(self, client_metadata: Option<&BTreeMap<String, String>>) -> Message<'_> {
        Message {
            kind: self,
            client_metadata,
        }
    }

    /// What the message is for, as the senders see it.
    fn purpose(self) -> Purpose {
        match self {
            MessageKind::SignUp
            | MessageKind::ResendCode
            | MessageKind::UpdateUserAttribute
            | MessageKind::VerifyUserAttribute => Purpose::Verification,
            MessageKind::ForgotPassword => Purpose::ForgotPassword,
            MessageKind::Invitation => Purpose::Invitation,
            MessageKind::Mfa => Purpose::Mfa,
        }
    }

    /// CustomMessage's `triggerSource` for this message.
    pub(super) fn custom_message_source(self) -> &'static str {
        match self {
            MessageKind::SignUp => "CustomMessage_SignUp",
            MessageKind::ResendCode => "CustomMessage_ResendCode",
            MessageKind::ForgotPassword => "CustomMessage_ForgotPassword",
            MessageKind::UpdateUserAttribute => "CustomMessage_UpdateUserAttribute",
            MessageKind::VerifyUserAttribute => "CustomMessage_VerifyUserAttribute",
            MessageKind::Invitation => "CustomMessage_AdminCreateUser",
            MessageKind::Mfa => "CustomMessage_Authentication",
        }
    }
}

/// A message carrying a code: its kind, and the ClientMetadata of the request that sends it,
/// which the CustomMessage function receives.
#[derive(Debug, Clone, Copy)]
pub(super) struct Message<'a> {
    pub kind: MessageKind,
    pub client_metadata: Option<&'a BTreeMap<String, String>>,
}

/// The limit message clients see (and the SDKs retry on).
fn limit_exceeded() -> CoreError {
    CoreError::LimitExceeded("Attempt limit exceeded, please try after some time.".into())
}

/// Counts a call in `calls` (their times, epoch ms) if fewer than `limit` fell in the last
/// `window_ms`; `false`, and nothing counted, when the window is full.
pub(super) fn count_within(
    calls: &mut Vec<i64>,
    limit: usize,
    window_ms: i64,
    now_ms: i64,
) -> bool {
    calls.retain(|t| now_ms - t < window_ms);
    if calls.len() >= limit {
        return false;
    }
    calls.push(now_ms);
    true
}

/// Counts a call of a per-user rate-limited operation: at most `per_hour` in any hour.
pub(super) fn rate_limit(
    user: &mut User,
    operation: &str,
    per_hour: usize,
    now_ms: i64,
) -> CoreResult<()> {
    count_hourly(
        user.rate.entry(operation.to_string()).or_default(),
        per_hour,
        now_ms,
    )
}

/// Counts a call in `calls` if fewer than `per_hour` fell in the last hour; Cognito's
/// `LimitExceededException`, and nothing counted, otherwise.
pub(super) fn count_hourly(calls: &mut Vec<i64>, per_hour: usize, now_ms: i64) -> CoreResult<()> {
    if count_within(calls, per_hour, HOUR_MS, now_ms) {
        Ok(())
    } else {
        Err(limit_exceeded())
    }
}

/// A fresh code: its keyed hash, live until `expires_ms`, verifying nothing.
pub(super) fn new_record(hash: String, expires_ms: i64) -> CodeRecord {
    CodeRecord {
        hash,
        expires_ms,
        failed_attempts: 0,
        attribute: None,
        value: None,
        pending: None,
    }
}

/// What a presented code came to.
#[derive(Debug)]
pub(super) enum CodeCheck {
    /// It matched: the code is consumed and returned.
    Accepted(CodeRecord),
    /// No code was pending.
    Missing,
    /// The code had expired, or what it verifies has changed since; it is gone.
    Expired,
    /// Wrong code; the attempt is counted.
    Mismatch,
    /// Wrong code, and the last attempt allowed: the code is void.
    Voided,
}

/// Checks the keyed hash of a presented code against the code pending in `slot`, in constant
/// time. `is_current`: what the code verifies has not changed since it was sent. The caller
/// stores the slot whatever the outcome.
pub(super) fn check_code(
    slot: &mut Option<CodeRecord>,
    presented_hash: &str,
    is_current: bool,
    now_ms: i64,
) -> CodeCheck {
    let Some(record) = slot.as_mut() else {
        return CodeCheck::Missing;
    };
    if record.expires_ms <= now_ms || !is_current {
        *slot = None;
        return CodeCheck::Expired;
    }
    if ct_eq(presented_hash.as_bytes(), record.hash.as_bytes()) {
        return slot.take().map_or(CodeCheck::Missing, CodeCheck::Accepted);
    }
    record.failed_attempts += 1;
    if record.failed_attempts >= MAX_FAILED_ATTEMPTS {
        *slot = None;
        return CodeCheck::Voided;
    }
    CodeCheck::Mismatch
}

impl Cognate {
    fn code_hash(&self, user: &User, purpose: &str, code: &str) -> String {
        let data = format!("{}|{}|{}|{}", user.pool_id, user.sub, purpose, code);
        B64.encode(self.master_key.mac("code", data.as_bytes()))
    }

    /// Makes a new code for `purpose`, replacing any previous one, and returns it in clear.
    /// `attribute` names what the code verifies; its current value is recorded so that a
    /// later change of the attribute voids the code.
    pub(super) fn issue_code(
        &self,
        user: &mut User,
        purpose: &str,
        ttl_ms: i64,
        attribute: Option<&str>,
    ) -> String {
        let code = random::code6();
        let record = CodeRecord {
            attribute: attribute.map(str::to_string),
            value: attribute.and_then(|a| user.attr(a)).map(str::to_string),
            ..new_record(self.code_hash(user, purpose, &code), self.now_ms() + ttl_ms)
        };
        user.codes.insert(purpose.to_string(), record);
        code
    }

    /// A code verifying `attribute` (24 hours), or, with `pending`, a new value of it that
    /// takes effect when the code is redeemed.
    pub(super) fn issue_verify_code(
        &self,
        user: &mut User,
        attribute: &str,
        pending: Option<String>,
    ) -> String {
        let key = verify_key(attribute);
        let code = self.issue_code(user, &key, DAY_MS, Some(attribute));
        user.codes.entry(key).and_modify(|r| r.pending = pending);
        code
    }

    /// Checks a presented code. On success the code is consumed and returned; a wrong code
    /// counts an attempt and the last allowed attempt voids it. The caller must store `user`
    /// whatever the outcome.
    pub(super) fn redeem_code(
        &self,
        user: &mut User,
        purpose: &str,
        presented: &str,
    ) -> CoreResult<CodeRecord> {
        let expired =
            || CoreError::ExpiredCode("Invalid code provided, please request a code again.".into());
        let mismatch = || {
            CoreError::CodeMismatch("Invalid verification code provided, please try again.".into())
        };
        let hash = self.code_hash(user, purpose, presented.trim());
        let mut slot = user.codes.remove(purpose);
        let still_current = slot.as_ref().is_none_or(|record| {
            record
                .attribute
                .as_deref()
                .is_none_or(|a| user.attributes.get(a) == record.value.as_ref())
        });
        let check = check_code(&mut slot, &hash, still_current, self.now_ms());
        if let Some(record) = slot {
            user.codes.insert(purpose.to_string(), record);
        }
        match check {
            CodeCheck::Accepted(record) => Ok(record),
            CodeCheck::Missing | CodeCheck::Expired => Err(expired()),
            CodeCheck::Mismatch => Err(mismatch()),
            CodeCheck::Voided => Err(limit_exceeded()),
        }
    }

    /// Sends a code to the user's `attribute` (`email` or `phone_number`) with the pool's
    /// template, and describes the delivery as Cognito does.
    pub(super) async fn deliver_code(
        &self,
        pool: &UserPool,
        user: &User,
        attribute: &str,
        code: &str,
        message: Message<'_>,
    ) -> CoreResult<CodeDeliveryDetailsType> {
        let address = user.attr(attribute).ok_or_else(|| {
            CoreError::InvalidParameter(format!("No {attribute} to send a code to."))
        })?;
        let to = Destination { attribute, address };
        self.deliver_code_to(pool, user, to, code, message).await
    }

    /// Sends a code to `to` (for a new value waiting for verification, the new address).
    pub(super) async fn deliver_code_to(
        &self,
        pool: &UserPool,
        user: &User,
        to: Destination<'_>,
        code: &str,
        message: Message<'_>,
    ) -> CoreResult<CodeDeliveryDetailsType> {
        let (kind, purpose) = (message.kind, message.kind.purpose());
        let Destination { attribute, address } = to;
        let destination = address.to_string();
        let username = user
            .attr("email")
            .filter(|_| pool.has_username_attribute("email"))
            .unwrap_or(&user.username)
            .to_string();
        let fill = |template: &str| {
            template
                .replace("{####}", code)
                .replace("{username}", &username)
        };
        let custom = self.custom_message(pool, user, message).await?;
        if attribute == "phone_number" {
            let template = custom
                .sms_message
                .unwrap_or_else(|| sms_template(pool, kind));
            self.send_sms(Some(pool), purpose, &destination, fill(&template))
                .await?;
            self.metrics.count_code_sent("sms", purpose);
            return Ok(delivery_details(attribute, &destination));
        }
        let result = {
            let (default_subject, default_body) = email_template(pool, kind);
            let subject = custom.email_subject.unwrap_or(default_subject);
            let body = custom.email_message.unwrap_or(default_body);
            let message = EmailMessage {
                user_pool_id: pool.id.clone(),
                purpose,
                to: destination.clone(),
                subject,
                body: fill(&body),
            };
            self.email.send_email(&message).await
        };
        if let Err(e) = result {
            tracing::warn!(pool = %pool.id, purpose = purpose.as_str(), medium = attribute, error = %e, "code delivery failed");
            return Err(CoreError::CodeDeliveryFailure(format!(
                "Unable to deliver message to {attribute}."
            )));
        }
        self.metrics.count_code_sent("email", purpose);
        Ok(delivery_details(attribute, &destination))
    }
}

/// A code to issue and send: to whom, what for, for how long, to which of their attributes,
/// in which message, for a request that carried which `ClientMetadata`.
pub(super) struct Sending {
    pub pool: UserPool,
    pub user: User,
    pub purpose: &'static str,
    pub ttl_ms: i64,
    pub attribute: &'static str,
    pub kind: MessageKind,
    pub client_metadata: Option<BTreeMap<String, String>>,
}

impl Cognate {
    /// Issues a code and sends it; the delivery as the answer describes it. With
    /// `after_answer` both happen once the request is answered: where the client hides which
    /// users exist, the answer must tell neither by its time (a message handed to a mail
    /// server or an SMS gateway takes milliseconds) nor by a failed delivery that there was
    /// anyone to send to, since an unknown name has nothing to send. A failure then goes to the
    /// log.
    pub(super) async fn send_code(
        &self,
        sending: Sending,
        after_answer: bool,
    ) -> CoreResult<CodeDeliveryDetailsType> {
        let Some(address) = sending.user.attr(sending.attribute) else {
            return Err(CoreError::InvalidParameter(format!(
                "No {} to send a code to.",
                sending.attribute
            )));
        };
        let details = delivery_details(sending.attribute, address);
        if after_answer {
            let c = self.clone();
            self.defer("sending a code", async move {
                c.issue_and_deliver(sending).await
            });
        } else {
            self.issue_and_deliver(sending).await?;
        }
        Ok(details)
    }

    async fn issue_and_deliver(&self, s: Sending) -> CoreResult<()> {
        let (user, code) = self
            .modify_user(&s.pool, &s.user, |u| {
                Ok(self.issue_code(u, s.purpose, s.ttl_ms, Some(s.attribute)))
            })
            .await?;
        let message = s.kind.with(s.client_metadata.as_ref());
        self.deliver_code(&s.pool, &user, s.attribute, &code, message)
            .await?;
        Ok(())
    }
}

/// Where a code goes: the attribute it is for and the address.
pub(super) struct Destination<'a> {
    pub attribute: &'a str,
    pub address: &'a str,
}

/// The new value a live verification code of `attribute` waits to confirm, if the attribute
/// has not changed since the code was sent.
pub(super) fn pending_value(user: &User, attribute: &str, now_ms: i64) -> Option<String> {
    user.codes
        .get(&verify_key(attribute))
        .filter(|c| c.expires_ms > now_ms && user.attributes.get(attribute) == c.value.as_ref())
        .and_then(|c| c.pending.clone())
}

/// `CodeDeliveryDetails` for a destination.
pub(super) fn delivery_details(attribute: &str, destination: &str) -> CodeDeliveryDetailsType {
    let (medium, masked) = if attribute == "phone_number" {
        ("SMS", attributes::mask_phone(destination))
    } else {
        ("EMAIL", attributes::mask_email(destination))
    };
    CodeDeliveryDetailsType {
        destination: masked,
        delivery_medium: medium.into(),
        attribute_name: attribute.into(),
    }
}

fn sms_template(pool: &UserPool, kind: MessageKind) -> String {
    let s = &pool.settings;
    match kind {
        MessageKind::Mfa => s
            .sms_authentication_message
            .clone()
            .unwrap_or_else(|| "Your authentication code is {####}. ".into()),
        MessageKind::Invitation => s
            .admin_create_user_config
            .as_ref()
            .and_then(|c| c.invite_message_template.as_ref())
            .and_then(|t| t.sms_message.clone())
            .unwrap_or_else(|| {
                "Your username is {username} and temporary password is {####}. ".into()
            }),
        _ => s
            .verification_message_template
            .as_ref()
            .and_then(|t| t.sms_message.clone())
            .or_else(|| s.sms_verification_message.clone())
            .unwrap_or_else(|| "Your verification code is {####}. ".into()),
    }
}

fn email_template(pool: &UserPool, kind: MessageKind) -> (String, String) {
    let s = &pool.settings;
    match kind {
        MessageKind::SignUp
        | MessageKind::ResendCode
        | MessageKind::ForgotPassword
        | MessageKind::UpdateUserAttribute
        | MessageKind::VerifyUserAttribute => {
            let t = s.verification_message_template.as_ref();
            (
                t.and_then(|t| t.email_subject.clone())
                    .or_else(|| s.email_verification_subject.clone())
                    .unwrap_or_else(|| "Your verification code".into()),
                t.and_then(|t| t.email_message.clone())
                    .or_else(|| s.email_verification_message.clone())
                    .unwrap_or_else(|| "Your verification code is {####}. ".into()),
            )
        }
        MessageKind::Mfa => (
            "Your authentication code".into(),
            "Your authentication code is {####}. ".into(),
        ),
        MessageKind::Invitation => {
            let t = s
                .admin_create_user_config
                .as_ref()
                .and_then(|c| c.invite_message_template.as_ref());
            (
                t.and_then(|t| t.email_subject.clone())
                    .unwrap_or_else(|| "Your temporary password".into()),
                t.and_then(|t| t.email_message.clone()).unwrap_or_else(|| {
                    "Your username is {username} and temporary password is {####}. ".into()
                }),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(hash: &str, expires_ms: i64) -> Option<CodeRecord> {
        Some(new_record(hash.into(), expires_ms))
    }

    #[test]
    fn a_matching_code_is_consumed_and_a_second_try_finds_none() {
        let mut slot = pending("h", 10);
        assert!(
            matches!(check_code(&mut slot, "h", true, 5), CodeCheck::Accepted(r) if r.hash == "h")
        );
        assert!(slot.is_none());
        assert!(matches!(
            check_code(&mut slot, "h", true, 5),
            CodeCheck::Missing
        ));
    }

    #[test]
    fn an_expired_or_stale_code_is_gone_even_if_it_matches() {
        let mut slot = pending("h", 10);
        assert!(matches!(
            check_code(&mut slot, "h", true, 10),
            CodeCheck::Expired
        ));
        assert!(slot.is_none());
        let mut slot = pending("h", 10);
        assert!(matches!(
            check_code(&mut slot, "h", false, 5),
            CodeCheck::Expired
        ));
        assert!(slot.is_none());
    }

    #[test]
    fn wrong_codes_count_and_the_fifth_voids_the_code() {
        let mut slot = pending("h", 10);
        for attempt in 1..MAX_FAILED_ATTEMPTS {
            assert!(matches!(
                check_code(&mut slot, "x", true, 5),
                CodeCheck::Mismatch
            ));
            assert_eq!(slot.as_ref().map(|r| r.failed_attempts), Some(attempt));
        }
        assert!(matches!(
            check_code(&mut slot, "x", true, 5),
            CodeCheck::Voided
        ));
        assert!(matches!(
            check_code(&mut slot, "h", true, 5),
            CodeCheck::Missing
        ));
    }

    #[test]
    fn calls_past_the_limit_in_the_window_are_refused_and_not_counted() {
        let mut calls = Vec::new();
        assert!(count_within(&mut calls, 2, 100, 0));
        assert!(count_within(&mut calls, 2, 100, 50));
        assert!(!count_within(&mut calls, 2, 100, 99));
        assert_eq!(calls, vec![0, 50]);
        assert!(count_within(&mut calls, 2, 100, 100));
        assert_eq!(calls, vec![50, 100]);
    }
}
