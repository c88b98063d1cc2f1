//! The audit log (its records: `model::audit`): how an operation records what it did
//! (`events`), AdminListUserAuthEvents and the operator's export (`listing`), the feedback on
//! an event (`feedback`), and the writer that takes events off the request's path
//! (`recorder`). The sign-in records its steps where their outcome passes, in
//! `sign_in/observed.rs`.

mod events;
mod feedback;
mod listing;
pub(super) mod recorder;

use std::{sync::Arc, time::Duration};

use cognate_crypto::random;

use super::Cognate;
use crate::model::{AuditEvent, AuditRef};

impl Cognate {
    /// The service, deleting audit events older than `retention` (`None`: keeping them for
    /// ever) when it starts and every hour after. Only a serving node should purge: an
    /// operator's command would purge by its own options.
    #[must_use]
    pub fn with_audit_retention(mut self, retention: Option<Duration>) -> Self {
        let retention_ms = retention.map(|r| i64::try_from(r.as_millis()).unwrap_or(i64::MAX));
        self.audit = Arc::new(recorder::Recorder::start(
            Arc::clone(&self.store),
            Arc::clone(&self.clock),
            Arc::clone(&self.metrics),
            retention_ms,
        ));
        self
    }

    /// Waits until the audit events recorded so far are written: before they are read, and at
    /// shutdown.
    pub async fn flush_audit(&self) {
        self.audit.flush().await;
    }

    /// A new event's id, time and place in the log, now.
    pub(crate) fn audit_ref(&self) -> AuditRef {
        let now = self.now_ms();
        AuditRef {
            event_id: random::uuid_v4(),
            created_ms: now,
            seq: self.audit.next_step(now),
        }
    }

    /// Hands `event` to the writer, numbered as this process's next step; never waits.
    pub(crate) fn record_audit(&self, mut event: AuditEvent) {
        event.step = self.audit.next_step(self.now_ms());
        self.audit.record(event);
    }
}
