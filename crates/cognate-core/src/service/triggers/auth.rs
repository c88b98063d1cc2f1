//! PreAuthentication (a sign-in attempt, before its first factor is checked: the function may
//! refuse it) and PostAuthentication (a sign-in whose every factor passed, before its tokens:
//! a refusal there ends it too). An unknown user reaches PreAuthentication, as
//! `userNotFound`, only where the client hides which users exist, as in Cognito.

use std::collections::BTreeMap;

use serde_json::json;

use super::call::{client_metadata, user_attributes, Call, Trigger};
use crate::{
    error::CoreResult,
    model::{AppClient, User, UserPool},
    service::Cognate,
};

impl Cognate {
    /// Runs the pool's PreAuthentication function, if any, for a sign-in as `username`
    /// (`user` when known); the request's `ClientMetadata` is its `validationData`.
    pub(crate) async fn pre_authentication(
        &self,
        (pool, client): (&UserPool, &AppClient),
        username: &str,
        user: Option<&User>,
        metadata: &BTreeMap<String, String>,
    ) -> CoreResult<()> {
        if user.is_none() && !client.prevents_user_existence_errors() {
            return Ok(());
        }
        let call = Call {
            trigger: Trigger::PreAuthentication,
            source: "PreAuthentication_Authentication",
            user_name: user.map_or(username, |u| u.username.as_str()),
            client_id: Some(&client.client_id),
            request: Box::new(move |_| {
                json!({
                    "userAttributes": user.map_or_else(|| json!({}), |u| user_attributes(u, true)),
                    "validationData": client_metadata(Some(metadata)),
                    "userNotFound": user.is_none(),
                })
            }),
        };
        self.run_trigger(pool, call).await?;
        Ok(())
    }

    /// Runs the pool's PostAuthentication function, if any, for `user`'s completed sign-in.
    pub(crate) async fn post_authentication(
        &self,
        (pool, client_id): (&UserPool, &str),
        user: &User,
        new_device_used: bool,
        metadata: &BTreeMap<String, String>,
    ) -> CoreResult<()> {
        let call = Call {
            trigger: Trigger::PostAuthentication,
            source: "PostAuthentication_Authentication",
            user_name: &user.username,
            client_id: Some(client_id),
            request: Box::new(move |_| {
                json!({
                    "userAttributes": user_attributes(user, true),
                    "newDeviceUsed": new_device_used,
                    "clientMetadata": client_metadata(Some(metadata)),
                })
            }),
        };
        self.run_trigger(pool, call).await?;
        Ok(())
    }
}
