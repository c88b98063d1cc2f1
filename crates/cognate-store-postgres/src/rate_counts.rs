//! The rate counters in the UNLOGGED `rate_counts` table (migration 13), shared by every node
//! on the database. One statement counts the event and reads the previous window, on the hot
//! connections: one round trip, with no WAL record or fsync to wait for.

use cognate_core::store::{StoreError, WindowCounts};
use cognate_store_sql::{backend, column};

use crate::hot::HotReader;

const COUNT: &str = "\
    WITH counted AS ( \
        INSERT INTO rate_counts (counter_key, window_start_ms, events, expires_ms) \
        VALUES ($1, $2, 1, $3) \
        ON CONFLICT (counter_key, window_start_ms) \
        DO UPDATE SET events = rate_counts.events + 1 \
        RETURNING events) \
    SELECT counted.events AS window_events, COALESCE(earlier.events, 0) AS earlier_events \
    FROM counted LEFT JOIN rate_counts AS earlier \
      ON earlier.counter_key = $1 AND earlier.window_start_ms = $4";

const PURGE: &str = "\
    WITH gone AS (DELETE FROM rate_counts WHERE expires_ms < $1 RETURNING 1) \
    SELECT COUNT(*) AS purged FROM gone";

const TABLE: &str = "rate_counts";

fn no_row() -> StoreError {
    StoreError::Backend(anyhow::anyhow!(
        "the rate counters' statement returned no row"
    ))
}

fn count_of(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl HotReader {
    /// [`cognate_core::store::RateCounterStore::count_in_window`].
    pub(crate) async fn count_event(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> Result<WindowCounts, StoreError> {
        let expires_ms = window_start_ms.saturating_add(period_ms.saturating_mul(2));
        let earlier_start_ms = window_start_ms.saturating_sub(period_ms);
        let row = self
            .fetch_optional(|| {
                sqlx::query(COUNT)
                    .bind(key)
                    .bind(window_start_ms)
                    .bind(expires_ms)
                    .bind(earlier_start_ms)
            })
            .await
            .map_err(backend)?
            .ok_or_else(no_row)?;
        Ok(WindowCounts {
            current: count_of(column(&row, TABLE, "window_events")?),
            previous: count_of(column(&row, TABLE, "earlier_events")?),
        })
    }

    /// [`cognate_core::store::RateCounterStore::purge_rate_counts`].
    pub(crate) async fn purge_counts(&self, now_ms: i64) -> Result<u64, StoreError> {
        let row = self
            .fetch_optional(|| sqlx::query(PURGE).bind(now_ms))
            .await
            .map_err(backend)?
            .ok_or_else(no_row)?;
        Ok(count_of(column(&row, TABLE, "purged")?))
    }
}
