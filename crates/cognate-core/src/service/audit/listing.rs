//! Reading the audit log: AdminListUserAuthEvents (a user's events of Cognito's five kinds,
//! newest first, with Cognito's sealed paging tokens) and the operator's export (every event,
//! oldest first, as JSON lines). Both write out what is queued first, so that a caller sees
//! the events of its own requests.
//!
//! Cognito answers AdminListUserAuthEvents only for pools with threat protection
//! (`UserPoolAddOns.AdvancedSecurityMode` other than OFF) and finds risks; Cognate answers for
//! every pool and finds none (`NoRisk`, `Low`).

use cognate_proto::{
    AdminListUserAuthEventsResponse, AuthEventType, ChallengeResponseType, EventContextDataType,
    EventFeedbackType, EventRiskType,
};

use super::feedback::feedback_token;
use crate::{
    error::{CoreError, CoreResult},
    model::{AuditEvent, AuditKind, PoolId, Username},
    service::Cognate,
};

/// Largest AdminListUserAuthEvents page, and the size of an absent or zero `MaxResults`.
const MAX_RESULTS: usize = 60;
/// Events per page of the export.
const EXPORT_PAGE: usize = 500;

/// `MaxResults` as a page size (Cognito: 0–60; 0 or none for 60).
fn page_size(max_results: Option<i64>) -> CoreResult<usize> {
    match max_results {
        None | Some(0) => Ok(MAX_RESULTS),
        Some(n @ 1..=60) => Ok(usize::try_from(n).unwrap_or(MAX_RESULTS)),
        Some(n) => Err(CoreError::constraint(
            "maxResults",
            &n.to_string(),
            if n < 0 {
                "Member must have value greater than or equal to 0"
            } else {
                "Member must have value less than or equal to 60"
            },
        )),
    }
}

fn epoch_secs(ms: i64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let secs = ms as f64 / 1000.0;
    secs
}

/// An event as AdminListUserAuthEvents shows it.
fn auth_event_type(event: &AuditEvent) -> AuthEventType {
    AuthEventType {
        event_id: event.event_id.clone(),
        event_type: event.kind.as_str().to_string(),
        creation_date: epoch_secs(event.created_ms),
        event_response: event.response.as_str().to_string(),
        event_risk: EventRiskType {
            risk_decision: "NoRisk".into(),
            risk_level: "Low".into(),
            compromised_credentials_detected: false,
        },
        challenge_responses: event
            .challenge_responses
            .iter()
            .map(|c| ChallengeResponseType {
                challenge_name: c.challenge_name.as_str().to_string(),
                challenge_response: c.challenge_response.as_str().to_string(),
            })
            .collect(),
        event_context_data: EventContextDataType {
            ip_address: event.source_ip.clone(),
            device_name: event.device_name.clone(),
            ..EventContextDataType::default()
        },
        event_feedback: event.feedback.as_ref().map(|f| EventFeedbackType {
            feedback_value: f.value.as_str().to_string(),
            provider: f.provider.clone(),
            feedback_date: Some(epoch_secs(f.date_ms)),
        }),
    }
}

impl Cognate {
    /// AdminListUserAuthEvents: the user's sign-ins, sign-ups, password resets and changes and
    /// resent codes, newest first.
    pub async fn admin_list_user_auth_events(
        &self,
        pool: &PoolId,
        username: &Username,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<AdminListUserAuthEventsResponse> {
        let limit = page_size(max_results)?;
        let (pool, user) = self.admin_target(pool, username).await?;
        let listing = format!("auth-events|{}|{}", pool.id, user.sub);
        let after = self.open_cursor(&listing, next_token)?;
        self.flush_audit().await;
        let page = self
            .store
            .list_user_audit_events(
                &pool.id,
                &user.sub,
                &AuditKind::AUTH_EVENTS,
                after.as_deref(),
                limit,
            )
            .await?;
        let next_token = page
            .next
            .map(|key| self.seal_cursor(&listing, &key))
            .transpose()?;
        Ok(AdminListUserAuthEventsResponse {
            auth_events: page.items.iter().map(auth_event_type).collect(),
            next_token,
        })
    }

    /// One page of the export: the events (of `pool_id` when given) created from `since_ms`
    /// on, oldest first, after the cursor `after` (the previous page's); each as one line of
    /// JSON, with the token UpdateAuthEventFeedback takes for it (`feedbackToken`) where it is
    /// a user's auth event. Also the cursor of the next page.
    pub async fn export_audit_events(
        &self,
        pool_id: Option<&str>,
        since_ms: i64,
        after: Option<&str>,
    ) -> CoreResult<(Vec<String>, Option<String>)> {
        self.flush_audit().await;
        let page = self
            .store
            .list_audit_events(pool_id, since_ms, after, EXPORT_PAGE)
            .await?;
        let lines = page
            .items
            .iter()
            .map(|event| self.export_line(event))
            .collect::<CoreResult<Vec<_>>>()?;
        Ok((lines, page.next))
    }

    fn export_line(&self, event: &AuditEvent) -> CoreResult<String> {
        let mut json = serde_json::to_value(event).map_err(|e| CoreError::Internal(e.into()))?;
        if let (Some(sub), true, Some(fields)) =
            (&event.sub, event.is_auth_event(), json.as_object_mut())
        {
            let token = feedback_token(&self.master_key, &event.pool_id, sub, &event.event_id);
            fields.insert("feedbackToken".into(), token.into());
        }
        serde_json::to_string(&json).map_err(|e| CoreError::Internal(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        AuditChallenge, AuditFeedback, AuditRef, AuditResponse, ChallengeOutcome,
        ChallengeResponse, FeedbackValue,
    };

    #[test]
    fn max_results_follow_cognitos_range() {
        assert_eq!(page_size(None).unwrap(), 60);
        assert_eq!(page_size(Some(0)).unwrap(), 60);
        assert_eq!(page_size(Some(1)).unwrap(), 1);
        for wrong in [-1, 61] {
            let Err(CoreError::InvalidParameter(message)) = page_size(Some(wrong)) else {
                panic!("{wrong} accepted");
            };
            assert!(message.contains("'maxResults'"), "{message}");
        }
    }

    #[test]
    fn an_event_shows_as_cognitos_auth_event_type() {
        let at = AuditRef {
            event_id: "e".into(),
            created_ms: 1_500,
            seq: 1,
        };
        let mut event = AuditEvent::new(at, AuditKind::SignIn, "p");
        event.response = AuditResponse::Fail;
        event.source_ip = Some("192.0.2.1".into());
        event.challenge_responses.push(ChallengeResponse {
            challenge_name: AuditChallenge::Password,
            challenge_response: ChallengeOutcome::Failure,
        });
        event.feedback = Some(AuditFeedback {
            value: FeedbackValue::Invalid,
            provider: "Admin".into(),
            date_ms: 2_000,
        });
        let wire = serde_json::to_value(auth_event_type(&event)).unwrap();
        assert_eq!(wire["EventId"], "e");
        assert_eq!(wire["EventType"], "SignIn");
        assert_eq!(wire["CreationDate"], 1.5);
        assert_eq!(wire["EventResponse"], "Fail");
        assert_eq!(wire["EventRisk"]["RiskDecision"], "NoRisk");
        assert_eq!(wire["EventRisk"]["CompromisedCredentialsDetected"], false);
        assert_eq!(wire["ChallengeResponses"][0]["ChallengeName"], "Password");
        assert_eq!(
            wire["ChallengeResponses"][0]["ChallengeResponse"],
            "Failure"
        );
        assert_eq!(wire["EventContextData"]["IpAddress"], "192.0.2.1");
        assert_eq!(wire["EventFeedback"]["FeedbackValue"], "Invalid");
        assert_eq!(wire["EventFeedback"]["Provider"], "Admin");
        assert_eq!(wire["EventFeedback"]["FeedbackDate"], 2.0);
    }
}
