//! Pool domains.

use async_trait::async_trait;
use cognate_core::{
    model::PoolDomain,
    store::{DomainStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, conflict, encode},
    Backend, SqlStore,
};

/// Domains as JSON documents keyed by name, with the pool unique too (one domain per pool).
#[async_trait]
impl<B: Backend> DomainStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_domain(&self, domain: &PoolDomain) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO pool_domains (domain, pool_id, doc) VALUES ($1, $2, $3)")
            .bind(domain.domain.as_str())
            .bind(domain.pool_id.as_str())
            .bind(encode(domain)?)
            .execute(&self.writer)
            .await
            .map_err(conflict(&domain.domain))?;
        Ok(())
    }

    async fn find_domain(&self, domain: &str) -> Result<Option<PoolDomain>, StoreError> {
        self.find_doc(
            "SELECT doc FROM pool_domains WHERE domain = $1",
            "pool_domains",
            &[domain],
        )
        .await
    }

    async fn find_pool_domain(&self, pool_id: &str) -> Result<Option<PoolDomain>, StoreError> {
        self.find_doc(
            "SELECT doc FROM pool_domains WHERE pool_id = $1",
            "pool_domains",
            &[pool_id],
        )
        .await
    }

    async fn update_domain(&self, domain: &PoolDomain) -> Result<(), StoreError> {
        self.update_doc(
            "UPDATE pool_domains SET doc = $2 WHERE domain = $1",
            &[&domain.domain],
            encode(domain)?,
        )
        .await
    }

    async fn delete_domain(&self, pool_id: &str, domain: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM pool_domains WHERE pool_id = $1 AND domain = $2")
            .bind(pool_id)
            .bind(domain)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(B::rows_affected(&done) > 0)
    }
}
