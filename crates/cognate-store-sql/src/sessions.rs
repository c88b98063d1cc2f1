//! Challenge sessions.

/// `impl SessionStore for $store`: challenge sessions, each answered once. Taking one marks it
/// used in one conditional UPDATE (exactly one caller wins); the row stays, as a tombstone that
/// tells a second answer so, until it expires and is purged.
#[macro_export]
macro_rules! session_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl cognate_core::store::SessionStore for $store {
            async fn insert_session(&self, session: &cognate_core::model::AuthSession) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO auth_sessions (id, pool_id, expires_ms, doc) VALUES ($1, $2, $3, $4)",
                )
                .bind(&session.id)
                .bind(&session.pool_id)
                .bind(session.expires_ms)
                .bind(encode(session)?)
                .execute(&self.writer)
                .await
                .map_err(backend)?;
                Ok(())
            }

            async fn find_session(&self, id: &str) -> Result<Option<cognate_core::model::AuthSession>, StoreError> {
                let row = sqlx::query("SELECT doc, used FROM auth_sessions WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.reader)
                    .await
                    .map_err(backend)?;
                row.map(|r| {
                    let mut session: cognate_core::model::AuthSession = decode(&r.get::<String, _>("doc"))?;
                    session.used = r.get::<i32, _>("used") != 0;
                    Ok(session)
                })
                .transpose()
            }

            async fn take_session(&self, id: &str) -> Result<Option<cognate_core::model::AuthSession>, StoreError> {
                let row = sqlx::query(
                    "UPDATE auth_sessions SET used = 1 WHERE id = $1 AND used = 0 RETURNING doc",
                )
                .bind(id)
                .fetch_optional(&self.writer)
                .await
                .map_err(backend)?;
                row.map(|r| decode(&r.get::<String, _>("doc"))).transpose()
            }

            async fn update_session(&self, session: &cognate_core::model::AuthSession) -> Result<(), StoreError> {
                sqlx::query(
                    "UPDATE auth_sessions SET doc = $2, expires_ms = $3 WHERE id = $1 AND used = 0",
                )
                .bind(&session.id)
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
                Ok(done.rows_affected())
            }
        }
    };
}
