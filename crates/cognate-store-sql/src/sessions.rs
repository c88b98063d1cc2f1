//! Challenge sessions.

use async_trait::async_trait;
use cognate_core::{
    model::AuthSession,
    store::{SessionStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode},
    Backend, Bind, SqlStore,
};

/// Challenge sessions, each answered once. Taking one marks it used in one conditional UPDATE
/// (exactly one caller wins); the row stays, as a tombstone that tells a second answer so,
/// until it expires and is purged.
#[async_trait]
impl<B: Backend> SessionStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i32: for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_session(&self, session: &AuthSession) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO auth_sessions (id, pool_id, expires_ms, doc) VALUES ($1, $2, $3, $4)",
        )
        .bind(session.id.as_str())
        .bind(session.pool_id.as_str())
        .bind(session.expires_ms)
        .bind(encode(session)?)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn find_session(&self, id: &str) -> Result<Option<AuthSession>, StoreError> {
        const SQL: &str = "SELECT doc, used FROM auth_sessions WHERE id = $1";
        if let Some(rows) = self.hot.read_docs(SQL, &[Bind::Text(id)]) {
            return rows?
                .first()
                .map(|r| {
                    let mut session: AuthSession = decode(&r.doc)?;
                    session.used = r.flag.unwrap_or(0) != 0;
                    Ok(session)
                })
                .transpose();
        }
        let row = sqlx::query(SQL)
            .bind(id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| {
            let mut session: AuthSession = decode(column(&r, "auth_sessions", "doc")?)?;
            session.used = column::<_, i32>(&r, "auth_sessions", "used")? != 0;
            Ok(session)
        })
        .transpose()
    }

    async fn take_session(&self, id: &str) -> Result<Option<AuthSession>, StoreError> {
        let row = sqlx::query(
            "UPDATE auth_sessions SET used = 1 WHERE id = $1 AND used = 0 RETURNING doc",
        )
        .bind(id)
        .fetch_optional(&self.writer)
        .await
        .map_err(backend)?;
        row.map(|r| decode(column(&r, "auth_sessions", "doc")?))
            .transpose()
    }

    async fn update_session(&self, session: &AuthSession) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE auth_sessions SET doc = $2, expires_ms = $3 WHERE id = $1 AND used = 0",
        )
        .bind(session.id.as_str())
        .bind(encode(session)?)
        .bind(session.expires_ms)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn purge_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM auth_sessions WHERE expires_ms < $1")
            .bind(now_ms)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(B::rows_affected(&done))
    }
}
