//! App clients.

/// `impl ClientStore for $store`: app clients as JSON documents keyed by client id, listed per
/// pool.
#[macro_export]
macro_rules! client_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl cognate_core::store::ClientStore for $store {
            async fn insert_client(
                &self,
                client: &cognate_core::model::AppClient,
            ) -> Result<(), StoreError> {
                sqlx::query("INSERT INTO app_clients (client_id, pool_id, doc) VALUES ($1, $2, $3)")
                    .bind(&client.client_id)
                    .bind(&client.pool_id)
                    .bind(encode(client)?)
                    .execute(&self.writer)
                    .await
                    .map_err(conflict(&client.client_id))?;
                Ok(())
            }

            async fn find_client(
                &self,
                client_id: &str,
            ) -> Result<Option<cognate_core::model::AppClient>, StoreError> {
                let row = sqlx::query("SELECT doc FROM app_clients WHERE client_id = $1")
                    .bind(client_id)
                    .fetch_optional(&self.reader)
                    .await
                    .map_err(backend)?;
                row.map(|r| decode(&r.get::<String, _>("doc"))).transpose()
            }

            async fn update_client(
                &self,
                client: &cognate_core::model::AppClient,
            ) -> Result<(), StoreError> {
                let done = sqlx::query("UPDATE app_clients SET doc = $2 WHERE client_id = $1")
                    .bind(&client.client_id)
                    .bind(encode(client)?)
                    .execute(&self.writer)
                    .await
                    .map_err(backend)?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                Ok(())
            }

            async fn delete_client(
                &self,
                pool_id: &str,
                client_id: &str,
            ) -> Result<(), StoreError> {
                sqlx::query("DELETE FROM app_clients WHERE pool_id = $1 AND client_id = $2")
                    .bind(pool_id)
                    .bind(client_id)
                    .execute(&self.writer)
                    .await
                    .map_err(backend)?;
                Ok(())
            }

            async fn list_clients(
                &self,
                pool_id: &str,
                after: Option<&str>,
                limit: usize,
            ) -> Result<cognate_core::store::Page<cognate_core::model::AppClient>, StoreError> {
                let rows = sqlx::query(
                    "SELECT doc FROM app_clients WHERE pool_id = $1 AND client_id > $2 ORDER BY client_id LIMIT $3",
                )
                .bind(pool_id)
                .bind(after.unwrap_or(""))
                .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
                let items = rows
                    .iter()
                    .map(|r| decode(&r.get::<String, _>("doc")))
                    .collect::<Result<Vec<cognate_core::model::AppClient>, _>>()?;
                Ok(page(items, limit, |c| c.client_id.clone()))
            }
        }
    };
}
