//! User pools.

/// `impl PoolStore for $store`: pools as JSON documents keyed by id. Deleting a pool deletes,
/// in one transaction, its refresh tokens, sessions, sign-in keys, users and clients with it.
#[macro_export]
macro_rules! pool_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl cognate_core::store::PoolStore for $store {
            async fn insert_pool(
                &self,
                pool: &cognate_core::model::UserPool,
            ) -> Result<(), StoreError> {
                sqlx::query("INSERT INTO user_pools (id, doc) VALUES ($1, $2)")
                    .bind(&pool.id)
                    .bind(encode(pool)?)
                    .execute(&self.writer)
                    .await
                    .map_err(conflict(&pool.id))?;
                Ok(())
            }

            async fn find_pool(
                &self,
                id: &str,
            ) -> Result<Option<cognate_core::model::UserPool>, StoreError> {
                let row = sqlx::query("SELECT doc FROM user_pools WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.reader)
                    .await
                    .map_err(backend)?;
                row.map(|r| decode(&r.get::<String, _>("doc"))).transpose()
            }

            async fn update_pool(
                &self,
                pool: &cognate_core::model::UserPool,
            ) -> Result<(), StoreError> {
                let done = sqlx::query("UPDATE user_pools SET doc = $2 WHERE id = $1")
                    .bind(&pool.id)
                    .bind(encode(pool)?)
                    .execute(&self.writer)
                    .await
                    .map_err(backend)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn delete_pool(&self, id: &str) -> Result<(), StoreError> {
                let mut tx = self.writer.begin().await.map_err(backend)?;
                for sql in [
                    "DELETE FROM refresh_tokens WHERE pool_id = $1",
                    "DELETE FROM auth_sessions WHERE pool_id = $1",
                    "DELETE FROM user_keys WHERE pool_id = $1",
                    "DELETE FROM users WHERE pool_id = $1",
                    "DELETE FROM app_clients WHERE pool_id = $1",
                    "DELETE FROM user_pools WHERE id = $1",
                ] {
                    sqlx::query(sql)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(backend)?;
                }
                tx.commit().await.map_err(backend)
            }

            async fn list_pools(
                &self,
                after: Option<&str>,
                limit: usize,
            ) -> Result<cognate_core::store::Page<cognate_core::model::UserPool>, StoreError> {
                let rows =
                    sqlx::query("SELECT doc FROM user_pools WHERE id > $1 ORDER BY id LIMIT $2")
                        .bind(after.unwrap_or(""))
                        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
                        .fetch_all(&self.reader)
                        .await
                        .map_err(backend)?;
                let items = rows
                    .iter()
                    .map(|r| decode(&r.get::<String, _>("doc")))
                    .collect::<Result<Vec<cognate_core::model::UserPool>, _>>()?;
                Ok(page(items, limit, |p| p.id.clone()))
            }

            async fn count_users(&self, pool_id: &str) -> Result<i64, StoreError> {
                sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE pool_id = $1")
                    .bind(pool_id)
                    .fetch_one(&self.reader)
                    .await
                    .map_err(backend)
            }
        }
    };
}
