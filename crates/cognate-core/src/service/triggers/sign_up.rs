//! PreSignUp (before a user is created: the function may refuse, confirm the user or mark the
//! email or phone number verified) and PostConfirmation (after a user is confirmed).

use std::collections::BTreeMap;

use cognate_proto::AttributeType;
use serde_json::{json, Map, Value};

use super::call::{client_metadata, flag, user_attributes, Call, Trigger};
use crate::{
    error::CoreResult,
    model::{User, UserPool},
    service::Cognate,
};

/// What a PreSignUp function decided.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SignUpDecision {
    pub auto_confirm: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// Why a user is being created (`triggerSource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignUpSource {
    SignUp,
    AdminCreateUser,
}

/// Why a user was confirmed (`triggerSource`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confirmation {
    SignUp,
    ForgotPassword,
}

fn name_values(given: &[AttributeType]) -> Value {
    Value::Object(
        given
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    Value::String(a.value.clone().unwrap_or_default()),
                )
            })
            .collect::<Map<String, Value>>(),
    )
}

impl Cognate {
    /// Runs the pool's PreSignUp function, if any, for `user` (not yet stored).
    pub(crate) async fn pre_sign_up(
        &self,
        pool: &UserPool,
        user: &User,
        source: SignUpSource,
        client_id: Option<&str>,
        validation_data: &[AttributeType],
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<SignUpDecision> {
        let request: super::call::Request<'_> = Box::new(move |_| {
            json!({
                "userAttributes": user_attributes(user, false),
                "validationData": if validation_data.is_empty() {
                    Value::Null
                } else {
                    name_values(validation_data)
                },
                "clientMetadata": client_metadata(metadata),
            })
        });
        let source = match source {
            SignUpSource::SignUp => "PreSignUp_SignUp",
            SignUpSource::AdminCreateUser => "PreSignUp_AdminCreateUser",
        };
        let call = Call {
            trigger: Trigger::PreSignUp,
            source,
            user_name: &user.username,
            client_id,
            request,
        };
        let Some(response) = self.run_trigger(pool, call).await? else {
            return Ok(SignUpDecision::default());
        };
        Ok(SignUpDecision {
            auto_confirm: flag(&response, "autoConfirmUser")?,
            auto_verify_email: flag(&response, "autoVerifyEmail")?,
            auto_verify_phone: flag(&response, "autoVerifyPhone")?,
        })
    }

    /// Runs the pool's PostConfirmation function, if any, for `user` (confirmed and stored).
    pub(crate) async fn post_confirmation(
        &self,
        pool: &UserPool,
        user: &User,
        why: Confirmation,
        client_id: Option<&str>,
        metadata: Option<&BTreeMap<String, String>>,
    ) -> CoreResult<()> {
        let call = Call {
            trigger: Trigger::PostConfirmation,
            source: match why {
                Confirmation::SignUp => "PostConfirmation_ConfirmSignUp",
                Confirmation::ForgotPassword => "PostConfirmation_ConfirmForgotPassword",
            },
            user_name: &user.username,
            client_id,
            request: Box::new(move |_| {
                json!({
                    "userAttributes": user_attributes(user, true),
                    "clientMetadata": client_metadata(metadata),
                })
            }),
        };
        self.run_trigger(pool, call).await?;
        Ok(())
    }
}
