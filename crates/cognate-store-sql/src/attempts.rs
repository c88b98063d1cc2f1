//! The counters of sign-in failures and rate-limited calls, per subject of a pool.

use async_trait::async_trait;
use cognate_core::{
    model::Attempts,
    store::{AttemptStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode},
    Backend, SqlStore,
};

/// Counters as `attempts` rows keyed by pool and subject, their document guarded by a
/// `version` column. A save is one statement whatever came before it, an insert that turns
/// into a guarded update when the row exists, so that counting a subject costs the same
/// single-row write whether it is a user or a name nobody holds, and whether it was counted
/// before or not. `expires_ms` lets old rows go in one indexed delete.
#[async_trait]
impl<B: Backend> AttemptStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn find_attempts(
        &self,
        pool_id: &str,
        subject: &str,
    ) -> Result<Option<Attempts>, StoreError> {
        let row =
            sqlx::query("SELECT doc, version FROM attempts WHERE pool_id = $1 AND subject = $2")
                .bind(pool_id)
                .bind(subject)
                .fetch_optional(&self.reader)
                .await
                .map_err(backend)?;
        row.map(|r| {
            let mut attempts: Attempts = decode(column(&r, "attempts", "doc")?)?;
            attempts.version = column(&r, "attempts", "version")?;
            Ok(attempts)
        })
        .transpose()
    }

    async fn save_attempts(&self, attempts: &Attempts) -> Result<(), StoreError> {
        let done = sqlx::query(
            "INSERT INTO attempts (pool_id, subject, version, expires_ms, doc) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (pool_id, subject) DO UPDATE \
             SET version = excluded.version, expires_ms = excluded.expires_ms, doc = excluded.doc \
             WHERE attempts.version = $6",
        )
        .bind(attempts.pool_id.as_str())
        .bind(attempts.subject.as_str())
        .bind(attempts.version + 1)
        .bind(attempts.expires_ms)
        .bind(encode(attempts)?)
        .bind(attempts.version)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        if B::rows_affected(&done) == 1 {
            Ok(())
        } else {
            Err(StoreError::VersionMismatch)
        }
    }

    async fn purge_attempts(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM attempts WHERE expires_ms < $1")
            .bind(now_ms)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(B::rows_affected(&done))
    }
}
