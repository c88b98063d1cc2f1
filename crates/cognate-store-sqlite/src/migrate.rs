//! Embedded schema migrations, applied in order at start-up and recorded in `schema_migrations`.

use anyhow::Context;
use cognate_store_sql::apply_once;
use sqlx::{Executor, Sqlite, SqlitePool};

/// Every migration, numbered as in PostgreSQL's list. The parity test
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

/// Applies the migrations not yet applied, each in its own transaction.
pub async fn run(pool: &SqlitePool) -> anyhow::Result<()> {
    pool.execute(sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)",
    ))
    .await
    .context("creating schema_migrations")?;
    for (version, sql) in MIGRATIONS {
        let mut tx = pool.begin().await?;
        apply_once::<Sqlite>(&mut *tx, *version, sql).await?;
        tx.commit().await?;
    }
    Ok(())
}
