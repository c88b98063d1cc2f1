//! Embedded schema migrations, applied in order at start-up under an advisory lock, so that
//! several nodes starting together migrate once.

use anyhow::Context;
use cognate_store_sql::apply_once;
use sqlx::{Executor, PgPool, Postgres};

/// Every migration, numbered as in SQLite's list. The parity test
/// (`crates/cognate-store-sql/tests/migration_parity.rs`) checks that both lists have the same
/// numbers and files, that both schemas come out the same, and that no released migration has
/// changed.
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/0001_initial.sql")),
    (2, include_str!("../migrations/0002_session_tombstones.sql")),
    (3, include_str!("../migrations/0003_sms.sql")),
    (4, include_str!("../migrations/0004_oauth.sql")),
    (5, include_str!("../migrations/0005_ui_customizations.sql")),
    (6, include_str!("../migrations/0006_groups.sql")),
    (7, include_str!("../migrations/0007_identity_providers.sql")),
    (8, include_str!("../migrations/0008_user_import_jobs.sql")),
    (9, include_str!("../migrations/0009_settings.sql")),
    (10, include_str!("../migrations/0010_attempts.sql")),
    (11, include_str!("../migrations/0011_signing_keys.sql")),
    (12, include_str!("../migrations/0012_rate_counts.sql")),
    (13, include_str!("../migrations/0013_audit_events.sql")),
];

/// Arbitrary constant naming Cognate's migration lock.
const LOCK_ID: i64 = 0x0063_6f67_6e61_7465;

/// Applies the migrations not yet applied, all in one transaction.
pub async fn run(pool: &PgPool) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(LOCK_ID)
        .execute(&mut *tx)
        .await
        .context("taking the migration lock")?;
    (&mut *tx)
        .execute(sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY)",
        ))
        .await
        .context("creating schema_migrations")?;
    for (version, sql) in MIGRATIONS {
        apply_once::<Postgres>(&mut *tx, *version, sql).await?;
    }
    tx.commit().await?;
    Ok(())
}
