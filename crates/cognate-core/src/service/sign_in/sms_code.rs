//! The SMS code as a second factor: six digits sent with the pool's MFA template, kept in the
//! challenge session only as a keyed hash, compared in constant time.

use cognate_crypto::{ct::ct_eq, random};

use super::{attempt::Attempt, door::Delivery, state::SentCode};
use crate::{error::CoreResult, model::User, service::codes::MessageKind};

fn hash(at: &Attempt<'_>, sub: &str, nonce: &str, code: &str) -> String {
    let data = format!("{sub}|{nonce}|{code}");
    at.c.master_key.mac_hex("sms-mfa-code", data.as_bytes())
}

/// Sends a new code to the user's phone number, within the abuse limits on code sending; what
/// the session keeps of it, and where it went.
pub(super) async fn send(at: &Attempt<'_>, user: &User) -> CoreResult<(SentCode, Delivery)> {
    at.limit_code_sending(user).await?;
    let code = random::code6();
    let nonce = random::alnum(16);
    let details =
        at.c.deliver_code(
            &at.pool,
            user,
            "phone_number",
            &code,
            // InitiateAuth's ClientMetadata is not for CustomMessage (Cognito's rule).
            MessageKind::Mfa.with(None),
        )
        .await?;
    let sent = SentCode {
        hash: hash(at, &user.sub, &nonce, &code),
        nonce,
    };
    let delivery = Delivery {
        medium: details.delivery_medium,
        destination: details.destination,
    };
    Ok((sent, delivery))
}

/// Whether `code` is the code that was sent.
pub(super) fn matches(at: &Attempt<'_>, user: &User, sent: &SentCode, code: &str) -> bool {
    let actual = hash(at, &user.sub, &sent.nonce, code.trim());
    ct_eq(actual.as_bytes(), sent.hash.as_bytes())
}
