//! Work that follows an answer instead of preceding it: a code sent where the client hides
//! which users exist (see `Cognate::send_code`). `Cognate::settle` waits for what is under
//! way, for tests and for shutdown.

use std::{
    future::Future,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::sync::Notify;
use tracing::Instrument;

use crate::error::CoreResult;

/// How long deferred work waits before it starts: the answer it follows gets out (and the
/// caller reads it) without sharing the moment with a database write and a conversation with a
/// mail server or SMS gateway.
const AFTER_ANSWER: Duration = Duration::from_millis(10);

/// How much deferred work is under way, and a bell for when none is left.
#[derive(Default)]
pub(super) struct Deferred {
    running: AtomicUsize,
    idle: Notify,
}

/// One piece of work counted as under way until it is dropped: finished, failed or panicked.
struct Running(Arc<Deferred>);

impl Running {
    fn start(deferred: &Arc<Deferred>) -> Self {
        deferred.running.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(deferred))
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl Deferred {
    /// Runs `work` on a task of its own, in the request's span, once the caller has answered
    /// (a moment later: [`AFTER_ANSWER`]); a failure is logged as `what`.
    pub(super) fn spawn<F>(self: &Arc<Self>, what: &'static str, work: F)
    where
        F: Future<Output = CoreResult<()>> + Send + 'static,
    {
        let running = Running::start(self);
        let task = async move {
            let _running = running;
            tokio::time::sleep(AFTER_ANSWER).await;
            if let Err(e) = work.await {
                tracing::warn!(work = what, error = %e, "deferred work failed");
            }
        };
        tokio::spawn(task.in_current_span());
    }

    /// Waits until the work deferred so far is done.
    pub(super) async fn settle(&self) {
        loop {
            // Registered before the count is read, so that a last piece finishing in between
            // still wakes this wait.
            let idle = self.idle.notified();
            if self.running.load(Ordering::SeqCst) == 0 {
                return;
            }
            idle.await;
        }
    }
}
