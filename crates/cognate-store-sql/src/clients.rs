//! App clients.

use async_trait::async_trait;
use cognate_core::{
    model::AppClient,
    store::{ClientStore, Page, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, conflict, encode},
    Backend, SqlStore,
};

/// App clients as JSON documents keyed by client id, listed per pool.
#[async_trait]
impl<B: Backend> ClientStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO app_clients (client_id, pool_id, doc) VALUES ($1, $2, $3)")
            .bind(client.client_id.as_str())
            .bind(client.pool_id.as_str())
            .bind(encode(client)?)
            .execute(&self.writer)
            .await
            .map_err(conflict(&client.client_id))?;
        Ok(())
    }

    async fn find_client(&self, client_id: &str) -> Result<Option<AppClient>, StoreError> {
        self.find_doc(
            "SELECT doc FROM app_clients WHERE client_id = $1",
            "app_clients",
            &[client_id],
        )
        .await
    }

    async fn update_client(&self, client: &AppClient) -> Result<(), StoreError> {
        self.update_doc(
            "UPDATE app_clients SET doc = $2 WHERE client_id = $1",
            &[&client.client_id],
            encode(client)?,
        )
        .await
    }

    async fn delete_client(&self, pool_id: &str, client_id: &str) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        for sql in [
            "DELETE FROM ui_customizations WHERE pool_id = $1 AND client_id = $2",
            "DELETE FROM app_clients WHERE pool_id = $1 AND client_id = $2",
        ] {
            sqlx::query(sql)
                .bind(pool_id)
                .bind(client_id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn list_clients(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AppClient>, StoreError> {
        self.list_docs(
            "SELECT doc FROM app_clients WHERE pool_id = $1 AND client_id > $2 ORDER BY client_id LIMIT $3",
            "app_clients",
            &[pool_id],
            after,
            limit,
            |c: &AppClient| c.client_id.clone(),
        )
        .await
    }
}
