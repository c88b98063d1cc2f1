//! [`cognate_core::store::Store`] on an embedded SQLite file: WAL journal, synchronous commits,
//! one writer connection (SQLite serializes writes anyway), a small pool of readers, and the
//! hot reads straight through SQLite ([`direct`]).

mod direct;
mod migrate;

use std::{path::Path, str::FromStr, time::Duration};

use anyhow::Context;
use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject},
};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    ConnectOptions, Connection, Row, SqlitePool,
};

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    direct: std::sync::Arc<direct::DirectReader>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and runs migrations.
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
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
        Ok(Self {
            writer,
            reader,
            direct: std::sync::Arc::new(direct::DirectReader::new(path)),
        })
    }

    /// Opens the database at `path` like [`SqliteStore::open`] if the file exists and holds
    /// Cognate's schema; `None`, creating nothing, if not.
    pub async fn open_existing(path: &Path) -> anyhow::Result<Option<Self>> {
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
        Self::open(path).await.map(Some)
    }
}

cognate_store_sql::helpers!();
cognate_store_sql::pool_store!(SqliteStore);
cognate_store_sql::client_store!(SqliteStore);
cognate_store_sql::session_store!(SqliteStore);
cognate_store_sql::sms_store!(SqliteStore);

// Users by `sub` or by sign-in key are hot reads: straight through SQLite.
cognate_store_sql::user_store!(SqliteStore, sqlx::Sqlite, {
    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        self.direct.find_user_by_key(pool_id, key)
    }

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        self.direct.find_user(pool_id, sub)
    }
});

// The access-token check is a hot read: straight through SQLite. "Any token revoked" is
// `MAX` in SQLite, which keeps booleans as integers.
cognate_store_sql::token_store!(SqliteStore, {
    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        self.direct
            .find_token_subject(pool_id, sub, client_id, origin_jti)
    }

    async fn is_origin_revoked(&self, origin_jti: &str) -> Result<Option<bool>, StoreError> {
        sqlx::query_scalar("SELECT MAX(revoked) FROM refresh_tokens WHERE origin_jti = $1")
            .bind(origin_jti)
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }
});

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
