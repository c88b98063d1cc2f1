//! The rate counters of a SQLite store, kept in memory. A SQLite database serves one node, so
//! its counts need not be shared, and a table would cost a synced write on every limited
//! request; a restart forgets them, which only forgets recent counts. Migration 13, which
//! creates PostgreSQL's table for them, creates nothing here.

use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard, PoisonError},
};

use cognate_core::store::WindowCounts;

/// One window's count, and when it may go.
struct Window {
    events: u64,
    expires_ms: i64,
}

/// Counts by key and window start.
#[derive(Default)]
pub(crate) struct RateCounts {
    windows: Mutex<HashMap<(String, i64), Window>>,
}

impl RateCounts {
    /// [`cognate_core::store::RateCounterStore::count_in_window`].
    pub(crate) fn count(&self, key: &str, window_start_ms: i64, period_ms: i64) -> WindowCounts {
        let mut windows = self.lock();
        let expires_ms = window_start_ms.saturating_add(period_ms.saturating_mul(2));
        let window = windows
            .entry((key.to_owned(), window_start_ms))
            .or_insert(Window {
                events: 0,
                expires_ms,
            });
        window.events += 1;
        let current = window.events;
        let earlier = (key.to_owned(), window_start_ms.saturating_sub(period_ms));
        let previous = windows.get(&earlier).map_or(0, |w| w.events);
        WindowCounts { current, previous }
    }

    /// [`cognate_core::store::RateCounterStore::purge_rate_counts`].
    pub(crate) fn purge(&self, now_ms: i64) -> u64 {
        let mut windows = self.lock();
        let before = windows.len();
        windows.retain(|_, w| w.expires_ms >= now_ms);
        u64::try_from(before - windows.len()).unwrap_or(0)
    }

    /// The windows; a panic elsewhere while they were held leaves counts that are still good.
    fn lock(&self) -> MutexGuard<'_, HashMap<(String, i64), Window>> {
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
