//! The rate counters, which each backend keeps its own way ([`Backend::count_in_window`]).

use async_trait::async_trait;
use cognate_core::store::{RateCounterStore, StoreError, WindowCounts};

use crate::{Backend, SqlStore};

#[async_trait]
impl<B: Backend> RateCounterStore for SqlStore<B> {
    async fn count_in_window(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> Result<WindowCounts, StoreError> {
        self.hot
            .count_in_window(key, window_start_ms, period_ms)
            .await
    }

    async fn purge_rate_counts(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.hot.purge_rate_counts(now_ms).await
    }
}
