//! Resource servers.

use async_trait::async_trait;
use cognate_core::{
    model::ResourceServer,
    store::{Page, ResourceServerStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{conflict, encode},
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
        self.find_doc(
            "SELECT doc FROM resource_servers WHERE pool_id = $1 AND identifier = $2",
            "resource_servers",
            &[pool_id, identifier],
        )
        .await
    }

    async fn update_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError> {
        self.update_doc(
            "UPDATE resource_servers SET doc = $3 WHERE pool_id = $1 AND identifier = $2",
            &[&server.pool_id, &server.identifier],
            encode(server)?,
        )
        .await
    }

    async fn delete_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<bool, StoreError> {
        self.delete_row(
            "DELETE FROM resource_servers WHERE pool_id = $1 AND identifier = $2",
            &[pool_id, identifier],
        )
        .await
    }

    async fn list_resource_servers(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ResourceServer>, StoreError> {
        self.list_docs(
            "SELECT doc FROM resource_servers WHERE pool_id = $1 AND identifier > $2 ORDER BY identifier LIMIT $3",
            "resource_servers",
            &[pool_id],
            after,
            limit,
            |s: &ResourceServer| s.identifier.clone(),
        )
        .await
    }
}
