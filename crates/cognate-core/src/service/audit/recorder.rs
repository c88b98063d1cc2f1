//! The audit log's writer. A request hands its events to a bounded queue and goes on at once;
//! the writer, spawned on the runtime, takes what is queued (up to a batch) and writes it in one
//! transaction, so that a busy server writes many events per commit instead of committing once
//! per request. A full queue drops the event and counts it in the metrics rather than make the
//! request wait. The writer also deletes the events past the retention, once an hour.
//!
//! It knows the store, the clock and the metrics, and nothing of what the events mean.

use std::{
    sync::{
        atomic::{AtomicBool, AtomicI64, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::sync::{
    mpsc::{self, error::TrySendError},
    oneshot,
};

use crate::{clock::Clock, metrics::Metrics, model::AuditEvent, store::Store};

/// Events the queue holds; more are dropped until the writer catches up.
const QUEUE: usize = 16_384;
/// Most events one transaction writes.
const BATCH: usize = 256;
/// How often events past the retention are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(3600);
const PURGE_EVERY_MS: i64 = 3_600_000;
/// Tries to write a batch before its events are given up (and counted).
const WRITE_TRIES: u64 = 3;
/// How long the writer lets events gather after the first of a batch arrives, unless a flush
/// waits: on a busy server one commit then carries the events of many requests.
const GATHER: Duration = Duration::from_millis(20);

/// What the queue carries: an event, or a caller waiting for what was queued before it.
enum Message {
    Event(Box<AuditEvent>),
    Flush(oneshot::Sender<()>),
}

/// The sending side, owned by the service.
pub(crate) struct Recorder {
    queue: mpsc::Sender<Message>,
    metrics: Arc<Metrics>,
    /// The last step number handed out.
    last_step: AtomicI64,
    /// Whether the queue was found full since it last took an event (logged once per spell).
    overflowing: AtomicBool,
}

impl Recorder {
    /// A recorder writing to `store` from a writer it spawns (so it must be made inside a Tokio
    /// runtime), deleting events older than `retention_ms` (none: kept for ever).
    pub(crate) fn start(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        metrics: Arc<Metrics>,
        retention_ms: Option<i64>,
    ) -> Self {
        let (queue, received) = mpsc::channel(QUEUE);
        let writer = Writer {
            store,
            clock,
            metrics: Arc::clone(&metrics),
            retention_ms,
            next_purge_ms: i64::MIN,
        };
        tokio::spawn(writer.run(received));
        Self {
            queue,
            metrics,
            last_step: AtomicI64::new(0),
            overflowing: AtomicBool::new(false),
        }
    }

    /// A step number for a step recorded at `now_ms` (see [`next_after`]).
    pub(crate) fn next_step(&self, now_ms: i64) -> i64 {
        next_after(&self.last_step, now_ms)
    }

    /// Queues `event` without waiting.
    pub(crate) fn record(&self, event: AuditEvent) {
        match self.queue.try_send(Message::Event(Box::new(event))) {
            Ok(()) => {
                if self.overflowing.load(Ordering::Relaxed) {
                    self.overflowing.store(false, Ordering::Relaxed);
                }
            }
            Err(TrySendError::Full(_)) => {
                self.metrics.count_audit_dropped("queue_full", 1);
                if !self.overflowing.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        "the audit log's queue is full: events are dropped until its writer catches up"
                    );
                }
            }
            Err(TrySendError::Closed(_)) => self.metrics.count_audit_dropped("stopped", 1),
        }
    }

    /// Waits until every event queued before the call is written (or given up on after
    /// failed writes).
    pub(crate) async fn flush(&self) {
        let (done, written) = oneshot::channel();
        if self.queue.send(Message::Flush(done)).await.is_ok() {
            let _ = written.await;
        }
    }
}

/// The step number after `last` for a step recorded at `now_ms`, kept in `last`: the time in
/// thousandths of a millisecond, and at least one more than the last one given, so that the
/// steps this process records one after the other are ordered even within a millisecond or
/// under a clock that stands still. Steps of one sign-in on two nodes are ordered by the
/// nodes' clocks.
fn next_after(last: &AtomicI64, now_ms: i64) -> i64 {
    let floor = now_ms.saturating_mul(1000);
    let bump = |last: i64| Some(floor.max(last.saturating_add(1)));
    let before = last
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, bump)
        .unwrap_or_else(|before| before);
    floor.max(before.saturating_add(1))
}

/// The receiving side, spawned on the runtime, running until every sender is gone.
/// Adds to `messages` what arrives within [`GATHER`], up to a batch; at once when a flush is
/// among them or the batch is full.
async fn gather(queue: &mut mpsc::Receiver<Message>, messages: &mut Vec<Message>) {
    let flushing = |messages: &[Message]| messages.iter().any(|m| matches!(m, Message::Flush(_)));
    if flushing(messages) || messages.len() >= BATCH {
        return;
    }
    let deadline = tokio::time::Instant::now() + GATHER;
    while messages.len() < BATCH && !flushing(messages) {
        let room = BATCH - messages.len();
        match tokio::time::timeout_at(deadline, queue.recv_many(messages, room)).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

struct Writer {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    metrics: Arc<Metrics>,
    retention_ms: Option<i64>,
    next_purge_ms: i64,
}

impl Writer {
    async fn run(mut self, mut queue: mpsc::Receiver<Message>) {
        let mut messages = Vec::with_capacity(BATCH);
        loop {
            self.purge_if_due().await;
            let receiving = queue.recv_many(&mut messages, BATCH);
            // Without a retention nothing is due by the hour: no timer wakes the writer. With
            // one, `recv_many` loses nothing when the hour ends the wait for it first.
            let received = match self.retention_ms {
                Some(_) => tokio::time::timeout(PURGE_EVERY, receiving).await.ok(),
                None => Some(receiving.await),
            };
            match received {
                Some(0) => return,
                Some(_) => {
                    gather(&mut queue, &mut messages).await;
                    self.take(&mut messages).await;
                }
                None => {}
            }
        }
    }

    /// Writes the events of `messages`, then answers the flushes among them.
    async fn take(&self, messages: &mut Vec<Message>) {
        let mut events = Vec::with_capacity(messages.len());
        let mut flushes = Vec::new();
        for message in messages.drain(..) {
            match message {
                Message::Event(event) => events.push(*event),
                Message::Flush(done) => flushes.push(done),
            }
        }
        self.write(&events).await;
        for done in flushes {
            let _ = done.send(());
        }
    }

    async fn write(&self, events: &[AuditEvent]) {
        if events.is_empty() {
            return;
        }
        for attempt in 1..=WRITE_TRIES {
            match self.store.insert_audit_events(events).await {
                Ok(()) => return,
                Err(e) if attempt < WRITE_TRIES => {
                    tracing::warn!(events = events.len(), error = %e, "writing audit events failed; trying again");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                Err(e) => {
                    tracing::error!(events = events.len(), error = %e, "audit events lost: writing them kept failing");
                    let lost = u64::try_from(events.len()).unwrap_or(u64::MAX);
                    self.metrics.count_audit_dropped("write_failed", lost);
                }
            }
        }
    }

    /// Deletes the events past the retention, at most once an hour by the service's clock.
    async fn purge_if_due(&mut self) {
        let Some(retention_ms) = self.retention_ms else {
            return;
        };
        let now = self.clock.now_ms();
        if now < self.next_purge_ms {
            return;
        }
        self.next_purge_ms = now.saturating_add(PURGE_EVERY_MS);
        match self
            .store
            .purge_audit_events(now.saturating_sub(retention_ms))
            .await
        {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "deleted audit events past their retention"),
            Err(e) => {
                tracing::warn!(error = %e, "deleting audit events past their retention failed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_numbers_grow_under_a_clock_that_stands_still_or_goes_back() {
        let last = AtomicI64::new(0);
        let steps: Vec<i64> = [5, 5, 5, 4, 6]
            .into_iter()
            .map(|now| next_after(&last, now))
            .collect();
        assert_eq!(steps, [5_000, 5_001, 5_002, 5_003, 6_000]);
    }
}
