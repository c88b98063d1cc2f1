//! Embedded schema migrations, applied in order at start-up under an advisory lock, so that
//! several nodes starting together migrate once.

use anyhow::Context;
use sqlx::PgPool;

/// Every migration, numbered as in SQLite's list (see `tests/migration_parity`).
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, cognate_store_sql::MIGRATION_0002_SESSION_TOMBSTONES),
    (3, cognate_store_sql::MIGRATION_0003_SMS),
];

/// Arbitrary constant naming Cognate's migration lock.
const LOCK_ID: i64 = 0x0063_6f67_6e61_7465;

/// Applies the migrations not yet applied.
pub async fn run(pool: &PgPool) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(LOCK_ID)
        .execute(&mut *tx)
        .await
        .context("taking the migration lock")?;
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)")
        .execute(&mut *tx)
        .await
        .context("creating schema_migrations")?;
    for (version, sql) in MIGRATIONS {
        let applied: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
        if applied.is_none() {
            sqlx::raw_sql(sql)
                .execute(&mut *tx)
                .await
                .with_context(|| format!("applying migration {version}"))?;
            sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
                .bind(version)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
