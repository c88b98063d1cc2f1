//! Users and their sign-in keys.

/// `impl UserStore for $store` over the sqlx database `$db`: users as JSON documents whose
/// `version` column guards updates, and their sign-in keys as `user_keys` rows (unique in the
/// pool), written with the user in one transaction. The backend's own `find_user` and
/// `find_user_by_key` come in braces. Also defines `user_from_row`, a user from a row's `doc`
/// and `version` columns, for the backend's reads.
#[macro_export]
macro_rules! user_store {
    ($store:ty, $db:ty, { $($own:tt)* }) => {
        /// A user from a row's `doc` and `version` columns.
        fn user_from_row(
            row: &<$db as sqlx::Database>::Row,
        ) -> Result<cognate_core::model::User, StoreError> {
            user_from_doc(
                &row.try_get::<String, _>("doc").map_err(backend)?,
                row.try_get("version").map_err(backend)?,
            )
        }

        /// Inserts `keys` for a user inside a transaction; a taken key becomes `Conflict(key)`.
        async fn insert_keys(
            tx: &mut sqlx::Transaction<'_, $db>,
            pool_id: &str,
            sub: &str,
            keys: &[String],
        ) -> Result<(), StoreError> {
            for key in keys {
                sqlx::query("INSERT INTO user_keys (pool_id, ukey, sub) VALUES ($1, $2, $3)")
                    .bind(pool_id)
                    .bind(key)
                    .bind(sub)
                    .execute(&mut **tx)
                    .await
                    .map_err(conflict(key))?;
            }
            Ok(())
        }

        #[async_trait::async_trait]
        impl cognate_core::store::UserStore for $store {
            async fn insert_user(
                &self,
                user: &cognate_core::model::User,
                keys: &[String],
            ) -> Result<(), StoreError> {
                let mut tx = self.writer.begin().await.map_err(backend)?;
                sqlx::query("INSERT INTO users (pool_id, sub, version, doc) VALUES ($1, $2, 1, $3)")
                    .bind(&user.pool_id)
                    .bind(&user.sub)
                    .bind(encode(user)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(conflict(&user.sub))?;
                insert_keys(&mut tx, &user.pool_id, &user.sub, keys).await?;
                tx.commit().await.map_err(backend)
            }

            async fn update_user(
                &self,
                user: &cognate_core::model::User,
                keys: &[String],
            ) -> Result<(), StoreError> {
                let mut tx = self.writer.begin().await.map_err(backend)?;
                let done = sqlx::query(
                    "UPDATE users SET doc = $3, version = version + 1 WHERE pool_id = $1 AND sub = $2 AND version = $4",
                )
                .bind(&user.pool_id)
                .bind(&user.sub)
                .bind(encode(user)?)
                .bind(user.version)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::VersionMismatch);
                }
                sqlx::query("DELETE FROM user_keys WHERE pool_id = $1 AND sub = $2")
                    .bind(&user.pool_id)
                    .bind(&user.sub)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                insert_keys(&mut tx, &user.pool_id, &user.sub, keys).await?;
                tx.commit().await.map_err(backend)
            }

            async fn delete_user(&self, pool_id: &str, sub: &str) -> Result<(), StoreError> {
                let mut tx = self.writer.begin().await.map_err(backend)?;
                for sql in [
                    "DELETE FROM refresh_tokens WHERE pool_id = $1 AND sub = $2",
                    "DELETE FROM user_keys WHERE pool_id = $1 AND sub = $2",
                    "DELETE FROM users WHERE pool_id = $1 AND sub = $2",
                ] {
                    sqlx::query(sql)
                        .bind(pool_id)
                        .bind(sub)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                }
                tx.commit().await.map_err(backend)
            }

            async fn list_users(
                &self,
                pool_id: &str,
                after: Option<&str>,
                limit: usize,
            ) -> Result<cognate_core::store::Page<cognate_core::model::User>, StoreError> {
                let rows = sqlx::query(
                    "SELECT doc, version FROM users WHERE pool_id = $1 AND sub > $2 ORDER BY sub LIMIT $3",
                )
                .bind(pool_id)
                .bind(after.unwrap_or(""))
                .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
                let items = rows
                    .iter()
                    .map(user_from_row)
                    .collect::<Result<Vec<cognate_core::model::User>, _>>()?;
                Ok(page(items, limit, |u| u.sub.clone()))
            }

            $($own)*
        }
    };
}
