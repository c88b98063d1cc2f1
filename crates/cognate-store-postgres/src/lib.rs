//! [`cognate_core::store::Store`] on PostgreSQL. Every node of a cluster points at the same
//! database; all shared state (sessions, tokens, counters) lives here.

mod hot;
mod migrate;
mod rate_counts;

use std::str::FromStr;

use anyhow::Context;
use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject, WindowCounts},
};
use cognate_store_sql::{backend, column, token_subject, user_from_row, Backend, SqlStore};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgQueryResult};

pub use hot::HotReader;
pub use migrate::MIGRATIONS;

/// Connects like [`SqlStore::open`] if the database already holds Cognate's schema; `None`,
/// creating nothing, if not.
pub async fn open_existing(url: &str) -> anyhow::Result<Option<PgStore>> {
    let options = PgConnectOptions::from_str(url).context("reading the PostgreSQL URL")?;
    let probe = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .context("connecting to PostgreSQL")?;
    let has_schema: bool =
        sqlx::query_scalar("SELECT to_regclass('schema_migrations') IS NOT NULL")
            .fetch_one(&probe)
            .await
            .context("reading the PostgreSQL schema")?;
    probe.close().await;
    if !has_schema {
        return Ok(None);
    }
    PgStore::open(url).await.map(Some)
}

/// The PostgreSQL store; [`SqlStore::open`] takes the database's URL.
pub type PgStore = SqlStore<HotReader>;

/// Users by `sub` or by sign-in key, and the access-token check, are hot reads: one round
/// trip each. So is a rate count, in an UNLOGGED table every node shares.
impl Backend for HotReader {
    type Db = sqlx::Postgres;
    type Target = str;

    const IS_ORIGIN_REVOKED: &'static str =
        "SELECT bool_or(revoked) FROM refresh_tokens WHERE origin_jti = $1";

    async fn open(url: &str) -> anyhow::Result<PgStore> {
        let options = PgConnectOptions::from_str(url).context("reading the PostgreSQL URL")?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect_with(options.clone())
            .await
            .context("connecting to PostgreSQL")?;
        migrate::run(&pool).await?;
        Ok(SqlStore::with_one_pool(pool, HotReader::new(options)))
    }

    fn rows_affected(done: &PgQueryResult) -> u64 {
        done.rows_affected()
    }

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .fetch_optional(|| {
                sqlx::query("SELECT doc, version FROM users WHERE pool_id = $1 AND sub = $2")
                    .bind(pool_id)
                    .bind(sub)
            })
            .await
            .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .fetch_optional(|| {
                sqlx::query(
                    "SELECT u.doc, u.version FROM user_keys k JOIN users u ON u.pool_id = k.pool_id AND u.sub = k.sub \
                     WHERE k.pool_id = $1 AND k.ukey = $2",
                )
                .bind(pool_id)
                .bind(key)
            })
            .await
            .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        let row = self
            .fetch_optional(|| {
                sqlx::query(
                    "SELECT (SELECT COUNT(*) FROM user_pools WHERE id = $1) AS pools, \
                            u.doc AS user_doc, u.version AS user_version, \
                            (SELECT doc FROM app_clients WHERE client_id = $3) AS client_doc, \
                            (SELECT bool_or(revoked) FROM refresh_tokens WHERE origin_jti = $4) AS revoked \
                     FROM (SELECT 1) AS one LEFT JOIN users u ON u.pool_id = $1 AND u.sub = $2",
                )
                .bind(pool_id)
                .bind(sub)
                .bind(client_id)
                .bind(origin_jti)
            })
            .await
            .map_err(backend)?
            .ok_or_else(|| StoreError::Backend(anyhow::anyhow!("the token query returned no row")))?;
        const QUERY: &str = "the token check";
        let user_doc: Option<&str> = column(&row, QUERY, "user_doc")?;
        let user_version: Option<i64> = column(&row, QUERY, "user_version")?;
        token_subject(
            column(&row, QUERY, "pools")?,
            user_doc.zip(user_version),
            column(&row, QUERY, "client_doc")?,
            column(&row, QUERY, "revoked")?,
        )
    }

    async fn count_in_window(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> Result<WindowCounts, StoreError> {
        self.count_event(key, window_start_ms, period_ms).await
    }

    async fn purge_rate_counts(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.purge_counts(now_ms).await
    }
}

#[cfg(test)]
mod tests {
    use cognate_core::store::{TokenStore, UserStore};
    use sqlx::PgPool;

    use super::*;

    /// A fresh database on `COGNATE_TEST_PG_URL` (default: the local server): the admin pool,
    /// the database's name and its URL.
    async fn scratch_database() -> (PgPool, String, String) {
        let base = std::env::var("COGNATE_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("cognate_conf_{}", uuid::Uuid::new_v4().simple());
        let admin = PgPool::connect(&base).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
        let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
        (admin, name, url)
    }

    async fn drop_database(admin: &PgPool, name: &str) {
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(admin)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn postgres_store_passes_the_conformance_suite() {
        let (admin, name, url) = scratch_database().await;
        let store = PgStore::open(&url).await.unwrap();
        cognate_core::conformance::run_all(&store).await;
        store.close().await;
        drop_database(&admin, &name).await;
    }

    #[tokio::test]
    async fn hot_reads_survive_lost_connections() {
        use cognate_core::{conformance, store::PoolStore};

        let (admin, name, url) = scratch_database().await;
        let store = PgStore::open(&url).await.unwrap();
        store
            .insert_pool(&conformance::pool("p1"), &[])
            .await
            .unwrap();
        store
            .insert_user(&conformance::user("p1", "s1"), &["u:s1".into()])
            .await
            .unwrap();
        let reads = || async {
            let subject = store
                .find_token_subject("p1", "s1", "client", "jti")
                .await
                .unwrap();
            assert!(subject.pool_exists);
            assert_eq!(subject.user.map(|u| u.sub).as_deref(), Some("s1"));
            let by_key = store.find_user_by_key("p1", "u:s1").await.unwrap();
            assert_eq!(by_key.map(|u| u.sub).as_deref(), Some("s1"));
        };
        reads().await;
        // the server ends every session of the database, the hot connections among them
        let ended: Vec<bool> = sqlx::query_scalar(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
        )
        .bind(&name)
        .fetch_all(&admin)
        .await
        .unwrap();
        assert!(!ended.is_empty());
        for _ in 0..16 {
            reads().await;
        }
        store.close().await;
        drop_database(&admin, &name).await;
    }
}
