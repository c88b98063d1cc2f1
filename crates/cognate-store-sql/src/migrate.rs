//! One step of a backend's migration run; the backends own their migrations, their order and
//! their locking.

use anyhow::Context;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

/// Applies migration `version` on `conn` and records it in `schema_migrations`, unless that
/// table already records it. The caller holds the transaction the step runs in.
pub async fn apply_once<DB>(
    conn: &mut DB::Connection,
    version: i64,
    sql: &str,
) -> anyhow::Result<()>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    i64: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB>,
    usize: ColumnIndex<DB::Row>,
{
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
            .bind(version)
            .fetch_optional(&mut *conn)
            .await?;
    if applied.is_none() {
        (&mut *conn)
            .execute(sqlx::raw_sql(sql))
            .await
            .with_context(|| format!("applying migration {version}"))?;
        sqlx::query("INSERT INTO schema_migrations (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
