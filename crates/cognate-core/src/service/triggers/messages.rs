//! CustomMessage: before a code goes out, the function may rewrite the SMS, the email and its
//! subject. It sees the placeholders (`codeParameter` `{####}`, and `usernameParameter`
//! `{username}` for invitations), never the code; a message that leaves out a placeholder it
//! must carry is not used, and the pool's own message goes instead.

use serde_json::{json, Map, Value};

use super::call::{client_metadata, user_attributes, Call, Trigger};
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool},
    service::{
        codes::{Message, MessageKind},
        Cognate,
    },
};

/// The messages a CustomMessage function wrote; `None` keeps the pool's.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct CustomMessage {
    pub sms_message: Option<String>,
    pub email_message: Option<String>,
    pub email_subject: Option<String>,
}

/// A text of the response (absent or null: none).
fn text(response: &Map<String, Value>, name: &str) -> CoreResult<Option<String>> {
    match response.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(CoreError::InvalidLambdaResponse(
            "Unrecognizable lambda output".into(),
        )),
    }
}

impl Cognate {
    /// Runs the pool's CustomMessage function, if any, for `message` to `user`.
    pub(in crate::service) async fn custom_message(
        &self,
        pool: &UserPool,
        user: &User,
        message: Message<'_>,
    ) -> CoreResult<CustomMessage> {
        let Message {
            kind,
            client_metadata: metadata,
        } = message;
        let invitation = kind == MessageKind::Invitation;
        let call = Call {
            trigger: Trigger::CustomMessage,
            source: kind.custom_message_source(),
            user_name: &user.username,
            client_id: None,
            request: Box::new(move |_| {
                json!({
                    "userAttributes": user_attributes(user, true),
                    "codeParameter": "{####}",
                    "linkParameter": "{##Click Here##}",
                    "usernameParameter": if invitation { json!("{username}") } else { Value::Null },
                    "clientMetadata": client_metadata(metadata),
                })
            }),
        };
        let Some(response) = self.run_trigger(pool, call).await? else {
            return Ok(CustomMessage::default());
        };
        let usable = |message: Option<String>| {
            message.filter(|m| m.contains("{####}") && (!invitation || m.contains("{username}")))
        };
        Ok(CustomMessage {
            sms_message: usable(text(&response, "smsMessage")?),
            email_message: usable(text(&response, "emailMessage")?),
            email_subject: text(&response, "emailSubject")?,
        })
    }
}
