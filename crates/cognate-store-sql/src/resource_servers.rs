//! Resource servers.

use async_trait::async_trait;
use cognate_core::{
    model::ResourceServer,
    store::{Page, ResourceServerStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, conflict, decode, encode, page, page_limit},
    Backend, SqlStore,
};

/// Resource servers as JSON documents keyed by pool and identifier.
#[async_trait]
impl<B: Backend> ResourceServerStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO resource_servers (pool_id, identifier, doc) VALUES ($1, $2, $3)")
            .bind(server.pool_id.as_str())
            .bind(server.identifier.as_str())
            .bind(encode(server)?)
            .execute(&self.writer)
            .await
            .map_err(conflict(&server.identifier))?;
        Ok(())
    }

    async fn find_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<Option<ResourceServer>, StoreError> {
        let row =
            sqlx::query("SELECT doc FROM resource_servers WHERE pool_id = $1 AND identifier = $2")
                .bind(pool_id)
                .bind(identifier)
                .fetch_optional(&self.reader)
                .await
                .map_err(backend)?;
        row.map(|r| decode(column(&r, "resource_servers", "doc")?))
            .transpose()
    }

    async fn update_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE resource_servers SET doc = $3 WHERE pool_id = $1 AND identifier = $2",
        )
        .bind(server.pool_id.as_str())
        .bind(server.identifier.as_str())
        .bind(encode(server)?)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<bool, StoreError> {
        let done =
            sqlx::query("DELETE FROM resource_servers WHERE pool_id = $1 AND identifier = $2")
                .bind(pool_id)
                .bind(identifier)
                .execute(&self.writer)
                .await
                .map_err(backend)?;
        Ok(B::rows_affected(&done) > 0)
    }

    async fn list_resource_servers(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ResourceServer>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc FROM resource_servers WHERE pool_id = $1 AND identifier > $2 ORDER BY identifier LIMIT $3",
        )
        .bind(pool_id)
        .bind(after.unwrap_or(""))
        .bind(page_limit(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(|r| decode(column(r, "resource_servers", "doc")?))
            .collect::<Result<Vec<ResourceServer>, _>>()?;
        Ok(page(items, limit, |s| s.identifier.clone()))
    }
}
