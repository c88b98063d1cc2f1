//! [`cognate_core::store::Store`] on an embedded SQLite file: WAL journal, synchronous commits,
//! one writer connection (SQLite serializes writes anyway), a small pool of readers, and the
//! hot reads straight through SQLite ([`direct`]); the rate counters in memory
//! (`rate_counts`), a SQLite database serving one node; backups of the file, and restores
//! from them, in the `backup` module.

mod backup;
mod direct;
mod migrate;
mod rate_counts;

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject, WindowCounts},
};
use cognate_store_sql::{Backend, Bind, DocRow, SqlStore};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteQueryResult,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

pub use backup::{backup, database_files, restore};
pub use direct::DirectReader;
pub use migrate::MIGRATIONS;

/// The SQLite store; [`SqlStore::open`] takes the database file's path, creating the file if
/// needed.
pub type SqliteStore = SqlStore<DirectReader>;

/// Opens the database at `path` like [`SqlStore::open`] if the file exists and holds
/// Cognate's schema; `None`, creating nothing, if not.
pub async fn open_existing(path: &Path) -> anyhow::Result<Option<SqliteStore>> {
    if !path.is_file() {
        return Ok(None);
    }
    let mut probe = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .context("building SQLite options")?
        .connect()
        .await
        .with_context(|| format!("opening SQLite database {}", path.display()))?;
    let has_schema: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')",
    )
    .fetch_one(&mut probe)
    .await
    .with_context(|| format!("reading the schema of {}", path.display()))?;
    probe.close().await?;
    if !has_schema {
        return Ok(None);
    }
    SqliteStore::open(path).await.map(Some)
}

impl Backend for DirectReader {
    type Db = sqlx::Sqlite;
    type Target = Path;

    // SQLite keeps booleans as integers.
    const IS_ORIGIN_REVOKED: &'static str =
        "SELECT MAX(revoked) FROM refresh_tokens WHERE origin_jti = $1";

    async fn open(path: &Path) -> anyhow::Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .context("building SQLite options")?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            // Pages are read through a shared memory map instead of a read() per page miss.
            .pragma("mmap_size", "268435456");
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("opening SQLite database {}", path.display()))?;
        migrate::run(&writer).await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await
            .context("opening SQLite readers")?;
        Ok(SqlStore::new(writer, reader, DirectReader::new(path)))
    }

    fn rows_affected(done: &SqliteQueryResult) -> u64 {
        done.rows_affected()
    }

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        self.read_user(pool_id, sub)
    }

    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        self.read_user_by_key(pool_id, key)
    }

    fn read_docs(
        &self,
        sql: &'static str,
        binds: &[Bind<'_>],
    ) -> Option<Result<Vec<DocRow>, StoreError>> {
        Some(self.read_doc_rows(sql, binds))
    }

    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        self.read_token_subject(pool_id, sub, client_id, origin_jti)
    }

    async fn count_in_window(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> Result<WindowCounts, StoreError> {
        Ok(self.rate_counts.count(key, window_start_ms, period_ms))
    }

    async fn purge_rate_counts(&self, now_ms: i64) -> Result<u64, StoreError> {
        Ok(self.rate_counts.purge(now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sqlite_store_passes_the_conformance_suite() {
        let dir = std::env::temp_dir().join(format!("cognate-sqlite-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let store = SqliteStore::open(&dir.join("cognate.db")).await.unwrap();
        cognate_core::conformance::run_all(&store).await;
        std::fs::remove_dir_all(&dir).ok();
    }
}
