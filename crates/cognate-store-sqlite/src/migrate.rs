//! Embedded schema migrations, applied in order at start-up and recorded in `schema_migrations`.

use anyhow::Context;
use sqlx::SqlitePool;

/// Every migration, numbered as in PostgreSQL's list (see `tests/migration_parity`).
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, cognate_store_sql::MIGRATION_0002_SESSION_TOMBSTONES),
    (3, cognate_store_sql::MIGRATION_0003_SMS),
];

/// Applies the migrations not yet applied.
pub async fn run(pool: &SqlitePool) -> anyhow::Result<()> {
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)")
        .execute(pool)
        .await
        .context("creating schema_migrations")?;
    for (version, sql) in MIGRATIONS {
        let mut tx = pool.begin().await?;
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
        tx.commit().await?;
    }
    Ok(())
}
