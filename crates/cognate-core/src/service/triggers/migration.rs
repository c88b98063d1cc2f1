//! UserMigration: when someone unknown signs in with a password (`UserMigration_Authentication`)
//! or asks for a password reset (`UserMigration_ForgotPassword`), the pool's function may vouch
//! for them (checking the password against the old user store, for example the Cognito pool the
//! team leaves) and give their attributes. The user is then created here, with that password
//! and `finalUserStatus` (`CONFIRMED`, or `RESET_REQUIRED`), and the request goes on as for a
//! user who was always here. A function that raises leaves the user unknown: the request gets
//! the unknown-user answer, so a wrong password reveals nothing more than without migration.
//!
//! The response's other members are checked as Cognito checks them: `enableSMSMFA` turns on SMS
//! MFA for the user (who must then have a phone number); `messageAction` (`SUPPRESS`, `RESEND`),
//! `desiredDeliveryMediums` (`SMS`, `EMAIL`) and `forceAliasCreation` are accepted. Cognate sends
//! no welcome message for a migrated user: AdminCreateUser's invitation carries a password, and
//! Cognate never writes a user's own password into a message.

use cognate_proto::AttributeType;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::call::{client_metadata, Call, Trigger};
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool, UserStatus},
    service::{signup::new_user, Cognate},
};

fn unusable() -> CoreError {
    CoreError::InvalidLambdaResponse("Unrecognizable lambda output".into())
}

/// `messageAction`, `desiredDeliveryMediums` and `forceAliasCreation`, when present, must be
/// what AdminCreateUser would take.
fn check_delivery_members(response: &serde_json::Map<String, Value>) -> CoreResult<()> {
    let action_ok = match response.get("messageAction") {
        None | Some(Value::Null) => true,
        Some(Value::String(a)) => a == "SUPPRESS" || a == "RESEND",
        Some(_) => false,
    };
    let mediums_ok = match response.get("desiredDeliveryMediums") {
        None | Some(Value::Null) => true,
        Some(Value::Array(list)) => list
            .iter()
            .all(|m| matches!(m.as_str(), Some("SMS") | Some("EMAIL"))),
        Some(_) => false,
    };
    let alias_ok = matches!(
        response.get("forceAliasCreation"),
        None | Some(Value::Null) | Some(Value::Bool(_))
    );
    if action_ok && mediums_ok && alias_ok {
        Ok(())
    } else {
        Err(unusable())
    }
}

impl Cognate {
    /// The user the pool's UserMigration function brings in for `username` (with the
    /// `password` they signed in with; without one, for a password reset), created and stored;
    /// `None` when the pool has no such function.
    pub(crate) async fn migrate_user(
        &self,
        pool: &UserPool,
        (client_id, metadata): (&str, Option<&BTreeMap<String, String>>),
        username: &str,
        password: Option<&str>,
    ) -> CoreResult<Option<User>> {
        let call = Call {
            trigger: Trigger::UserMigration,
            source: if password.is_some() {
                "UserMigration_Authentication"
            } else {
                "UserMigration_ForgotPassword"
            },
            user_name: username,
            client_id: Some(client_id),
            request: Box::new(move |_| {
                json!({
                    "password": password,
                    "validationData": client_metadata(metadata),
                    "clientMetadata": client_metadata(metadata),
                })
            }),
        };
        let response = match self.run_trigger(pool, call).await {
            Ok(Some(response)) => response,
            // No function, or it does not vouch for this user: the user stays unknown, and the
            // caller answers as for any unknown user (without telling which it was).
            Ok(None) | Err(CoreError::UserLambdaValidation(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let attributes: Vec<AttributeType> = match response.get("userAttributes") {
            Some(Value::Object(map)) => map
                .iter()
                .filter(|(name, _)| name.as_str() != "sub" && name.as_str() != "username")
                .map(|(name, value)| {
                    let value = match value {
                        Value::String(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        _ => return Err(unusable()),
                    };
                    Ok(AttributeType {
                        name: name.clone(),
                        value: Some(value),
                    })
                })
                .collect::<CoreResult<_>>()?,
            _ => return Err(unusable()),
        };
        let status = match response.get("finalUserStatus").and_then(Value::as_str) {
            None | Some("CONFIRMED") if password.is_some() => UserStatus::Confirmed,
            None | Some("RESET_REQUIRED") | Some("CONFIRMED") => UserStatus::ResetRequired,
            Some(_) => return Err(unusable()),
        };
        check_delivery_members(&response)?;
        let mut user = new_user(pool, username, &attributes, status, self.now_ms())?;
        match response.get("enableSMSMFA") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) if user.attr("phone_number").is_some() => {
                user.mfa.sms_enabled = true;
            }
            Some(_) => return Err(unusable()),
        }
        if let (Some(password), UserStatus::Confirmed) = (password, status) {
            user.password = Some(
                self.password_record(pool, &user.username, password, None)
                    .await?,
            );
        }
        self.insert_new_user(pool, &user).await?;
        tracing::info!(pool = %pool.id, sub = %user.sub, status = user.status.as_str(), "user migrated");
        Ok(Some(user))
    }
}
