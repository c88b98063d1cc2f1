//! A user's authentication events: AdminListUserAuthEvents, AdminUpdateAuthEventFeedback,
//! UpdateAuthEventFeedback.

use cognate_core::{model::FeedbackValue, service::RequestContext, Cognate, CoreError, CoreResult};
use cognate_proto::{
    AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse,
    AdminUpdateAuthEventFeedbackRequest, UpdateAuthEventFeedbackRequest,
};

use super::wire::{named, required};

/// `FeedbackValue`: `Valid` or `Invalid`.
fn feedback_value(value: &Option<String>) -> CoreResult<FeedbackValue> {
    let value = required(value, "feedbackValue")?;
    FeedbackValue::parse(value).ok_or_else(|| {
        CoreError::constraint(
            "feedbackValue",
            value,
            "Member must satisfy enum value set: [Valid, Invalid]",
        )
    })
}

/// AdminListUserAuthEvents.
pub async fn admin_list_user_auth_events(
    c: &Cognate,
    _rc: &RequestContext,
    req: AdminListUserAuthEventsRequest,
) -> CoreResult<AdminListUserAuthEventsResponse> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    c.admin_list_user_auth_events(&pool, &user, req.max_results, req.next_token.as_deref())
        .await
}

/// AdminUpdateAuthEventFeedback.
pub async fn admin_update_auth_event_feedback(
    c: &Cognate,
    _rc: &RequestContext,
    req: AdminUpdateAuthEventFeedbackRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let event_id = required(&req.event_id, "eventId")?;
    let value = feedback_value(&req.feedback_value)?;
    c.admin_update_auth_event_feedback(&pool, &user, event_id, value)
        .await
}

/// UpdateAuthEventFeedback.
pub async fn update_auth_event_feedback(
    c: &Cognate,
    _rc: &RequestContext,
    req: UpdateAuthEventFeedbackRequest,
) -> CoreResult<()> {
    let (pool, user) = named(&req.user_pool_id, &req.username)?;
    let event_id = required(&req.event_id, "eventId")?;
    let token = required(&req.feedback_token, "feedbackToken")?;
    let value = feedback_value(&req.feedback_value)?;
    c.update_auth_event_feedback(&pool, &user, event_id, token, value)
        .await
}
