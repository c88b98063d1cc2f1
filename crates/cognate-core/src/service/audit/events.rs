//! How an operation records what it did: an [`AuditNote`] about a user, started from the
//! request and given what its kind records, then recorded as passed or refused; and the
//! events of an SMS, which no request's caller is part of.

use serde_json::Value;

use crate::{
    context::RequestContext,
    error::CoreResult,
    model::{AuditEvent, AuditKind, AuditRef, AuditResponse, User},
    service::Cognate,
};

/// An event about to be recorded; nothing is until [`AuditNote::record`], [`AuditNote::refused`]
/// or [`AuditNote::outcome`].
#[must_use]
pub(crate) struct AuditNote<'a> {
    c: &'a Cognate,
    event: AuditEvent,
}

impl AuditNote<'_> {
    /// The app client the request named.
    pub(crate) fn client(mut self, client_id: &str) -> Self {
        self.event.client_id = Some(client_id.to_string());
        self
    }

    /// `value` under `name` in the event's detail.
    pub(crate) fn detail(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.event.detail.insert(name.to_string(), value.into());
        self
    }

    /// Records the event as passed.
    pub(crate) fn record(self) {
        self.c.record_audit(self.event);
    }

    /// Records the event as refused.
    pub(crate) fn refused(mut self) {
        self.event.response = AuditResponse::Fail;
        self.c.record_audit(self.event);
    }

    /// Records the event as `result` tells: passed when it is `Ok`, refused when it refuses
    /// the caller ([`crate::CoreError::is_refusal`]); a malformed request or a failure of the
    /// server is no event.
    pub(crate) fn outcome<T>(self, result: &CoreResult<T>) {
        match result {
            Ok(_) => self.record(),
            Err(e) if e.is_refusal() => self.refused(),
            Err(_) => {}
        }
    }
}

impl Cognate {
    /// A new event of `kind` in `pool_id`, now, with what the request `rc` tells of its
    /// caller.
    pub(crate) fn audit_event(
        &self,
        rc: &RequestContext,
        kind: AuditKind,
        pool_id: &str,
    ) -> AuditEvent {
        Self::audit_step(rc, kind, pool_id, self.audit_ref())
    }

    /// A step of the event `at` of `kind` in `pool_id`, with what the request `rc` tells of
    /// its caller.
    pub(crate) fn audit_step(
        rc: &RequestContext,
        kind: AuditKind,
        pool_id: &str,
        at: AuditRef,
    ) -> AuditEvent {
        let mut event = AuditEvent::new(at, kind, pool_id);
        event.source_ip.clone_from(&rc.source_ip);
        event.user_agent.clone_from(&rc.user_agent);
        event.admin_key_id.clone_from(&rc.admin_key_id);
        event
    }

    /// A note that `kind` happened to `user` at the request `rc`.
    pub(crate) fn audit_note<'a>(
        &'a self,
        rc: &RequestContext,
        kind: AuditKind,
        user: &User,
    ) -> AuditNote<'a> {
        let mut note = self.audit_note_of(rc, kind, &user.pool_id, &user.sub);
        note.event.username = Some(user.username.clone());
        note
    }

    /// A note that `kind` happened to the user `sub` of `pool_id` (whose username is not at
    /// hand) at the request `rc`.
    pub(crate) fn audit_note_of<'a>(
        &'a self,
        rc: &RequestContext,
        kind: AuditKind,
        pool_id: &str,
        sub: &str,
    ) -> AuditNote<'a> {
        let mut event = self.audit_event(rc, kind, pool_id);
        event.sub = Some(sub.to_string());
        AuditNote { c: self, event }
    }

    /// Records the Admin operation `operation`, done to `user` at the request `rc`.
    pub(crate) fn audit_admin_action(&self, rc: &RequestContext, operation: &str, user: &User) {
        self.audit_note(rc, AuditKind::AdminAction, user)
            .detail("operation", operation)
            .record();
    }

    /// Records an SMS for `pool_id` (empty for SNS Publish): sent, or refused for `reason`.
    /// `detail` holds its purpose, masked destination, country and cost.
    pub(crate) fn audit_sms(
        &self,
        pool_id: &str,
        refused_for: Option<&str>,
        detail: serde_json::Map<String, Value>,
    ) {
        let kind = match refused_for {
            None => AuditKind::SmsSent,
            Some(_) => AuditKind::SmsRefused,
        };
        let mut event = AuditEvent::new(self.audit_ref(), kind, pool_id);
        event.detail = detail;
        if let Some(reason) = refused_for {
            event.response = AuditResponse::Fail;
            event
                .detail
                .insert("reason".into(), Value::from(reason.to_string()));
        }
        self.record_audit(event);
    }
}
