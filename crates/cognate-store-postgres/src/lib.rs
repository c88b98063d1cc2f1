//! [`cognate_core::store::Store`] on PostgreSQL. Every node of a cluster points at the same
//! database; all shared state (sessions, tokens, counters) lives here.

mod hot;
mod migrate;

use std::{str::FromStr, sync::Arc};

use anyhow::Context;
use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject},
};
use sqlx::{
    postgres::{PgConnectOptions, PgPoolOptions},
    PgPool, Row,
};

/// The PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    writer: PgPool,
    reader: PgPool,
    hot: Arc<hot::HotReader>,
}

impl PgStore {
    /// Connects to `url` and runs migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let (pool, options) = connect_pool(url).await?;
        Self::migrated(pool, options).await
    }

    /// Connects like [`PgStore::connect`] if the database already holds Cognate's schema;
    /// `None`, creating nothing, if not.
    pub async fn connect_existing(url: &str) -> anyhow::Result<Option<Self>> {
        let (pool, options) = connect_pool(url).await?;
        let has_schema: bool =
            sqlx::query_scalar("SELECT to_regclass('schema_migrations') IS NOT NULL")
                .fetch_one(&pool)
                .await
                .context("reading the PostgreSQL schema")?;
        if !has_schema {
            pool.close().await;
            return Ok(None);
        }
        Self::migrated(pool, options).await.map(Some)
    }

    async fn migrated(pool: PgPool, options: PgConnectOptions) -> anyhow::Result<Self> {
        migrate::run(&pool).await?;
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
            hot: Arc::new(hot::HotReader::new(options)),
        })
    }
}

async fn connect_pool(url: &str) -> anyhow::Result<(PgPool, PgConnectOptions)> {
    let options = PgConnectOptions::from_str(url).context("reading the PostgreSQL URL")?;
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect_with(options.clone())
        .await
        .context("connecting to PostgreSQL")?;
    Ok((pool, options))
}

cognate_store_sql::helpers!();
cognate_store_sql::pool_store!(PgStore);
cognate_store_sql::client_store!(PgStore);
cognate_store_sql::session_store!(PgStore);
cognate_store_sql::sms_store!(PgStore);

// Users by `sub` or by sign-in key are hot reads: one round trip each.
cognate_store_sql::user_store!(PgStore, sqlx::Postgres, {
    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .hot
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

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        let row = self
            .hot
            .fetch_optional(|| {
                sqlx::query("SELECT doc, version FROM users WHERE pool_id = $1 AND sub = $2")
                    .bind(pool_id)
                    .bind(sub)
            })
            .await
            .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }
});

// The access-token check is one hot query; "any token revoked" is `bool_or` in PostgreSQL.
cognate_store_sql::token_store!(PgStore, {
    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        let row = self
            .hot
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
        let get = |name: &str| row.try_get::<Option<String>, _>(name).map_err(backend);
        let user = get("user_doc")?.zip(row.try_get("user_version").map_err(backend)?);
        token_subject(
            row.try_get("pools").map_err(backend)?,
            user,
            get("client_doc")?,
            row.try_get("revoked").map_err(backend)?,
        )
    }

    async fn is_origin_revoked(&self, origin_jti: &str) -> Result<Option<bool>, StoreError> {
        sqlx::query_scalar("SELECT bool_or(revoked) FROM refresh_tokens WHERE origin_jti = $1")
            .bind(origin_jti)
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }
});

#[cfg(test)]
mod tests {
    use cognate_core::store::{TokenStore, UserStore};

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
        let store = PgStore::connect(&url).await.unwrap();
        cognate_core::conformance::run_all(&store).await;
        store.writer.close().await;
        drop_database(&admin, &name).await;
    }

    #[tokio::test]
    async fn hot_reads_survive_lost_connections() {
        use cognate_core::{conformance, store::PoolStore};

        let (admin, name, url) = scratch_database().await;
        let store = PgStore::connect(&url).await.unwrap();
        store.insert_pool(&conformance::pool("p1")).await.unwrap();
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
        store.writer.close().await;
        drop_database(&admin, &name).await;
    }
}
