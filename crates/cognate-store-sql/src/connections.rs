//! The connection counts of the store's pools, for the metrics: sqlx's own figures, read when
//! a scrape asks.

use cognate_core::metrics::{ConnectionPools, PoolConnections};
use sqlx::Pool;

use crate::{Backend, SqlStore};

impl<B: Backend> ConnectionPools for SqlStore<B> {
    fn connections(&self) -> Vec<PoolConnections> {
        if self.one_pool {
            return vec![counts("read_write", &self.writer)];
        }
        vec![
            counts("writer", &self.writer),
            counts("reader", &self.reader),
        ]
    }
}

fn counts<DB: sqlx::Database>(pool: &'static str, of: &Pool<DB>) -> PoolConnections {
    PoolConnections {
        pool,
        open: of.size(),
        idle: of.num_idle(),
        max: of.options().get_max_connections(),
    }
}
