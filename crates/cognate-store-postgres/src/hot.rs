//! Connections for the hot reads (the access-token check, users by `sub` or sign-in key) and
//! the rate counts, kept outside the sqlx pool: the pool pings a connection when it hands it
//! out and again when it takes it back, so a pooled query costs three round trips where these
//! cost one. A connection that fails is dropped and the query runs once more on a new one (a
//! count whose answer was lost may then count twice, which errs on the side of the limit).

use std::sync::atomic::{AtomicUsize, Ordering};

use cognate_store_sql::is_connection_failure;
use sqlx::{
    postgres::{PgArguments, PgConnectOptions, PgRow},
    query::Query,
    ConnectOptions, PgConnection, Postgres,
};
use tokio::sync::Mutex;

/// How many connections serve the hot reads (each is one PostgreSQL backend per node).
const SLOTS: usize = 8;

/// The PostgreSQL backend of [`cognate_store_sql::SqlStore`]: a few connections for the hot
/// reads and the rate counts, used one statement at a time.
pub struct HotReader {
    options: PgConnectOptions,
    slots: Vec<Mutex<Option<PgConnection>>>,
    next: AtomicUsize,
}

impl HotReader {
    pub(crate) fn new(options: PgConnectOptions) -> Self {
        Self {
            options,
            slots: (0..SLOTS).map(|_| Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
        }
    }

    /// Runs the query `make` builds on a free connection (or the next one's turn) and returns
    /// its rows, at most one expected; a broken connection is replaced and the query retried
    /// once.
    pub(crate) async fn fetch_optional<'q>(
        &self,
        make: impl Fn() -> Query<'q, Postgres, PgArguments>,
    ) -> Result<Option<PgRow>, sqlx::Error> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let mut slot =
            match (0..SLOTS).find_map(|i| self.slots[(start + i) % SLOTS].try_lock().ok()) {
                Some(free) => free,
                None => self.slots[start % SLOTS].lock().await,
            };
        if let Some(conn) = slot.as_mut() {
            match make().fetch_optional(conn).await {
                Err(e) if is_connection_failure(&e) => *slot = None,
                done => return done,
            }
        }
        let conn = slot.insert(self.options.connect().await?);
        let done = make().fetch_optional(conn).await;
        if done.as_ref().is_err_and(is_connection_failure) {
            *slot = None;
        }
        done
    }
}
