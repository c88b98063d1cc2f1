//! Identity providers and their IdP identifiers.

use async_trait::async_trait;
use cognate_core::{
    model::IdentityProvider,
    store::{IdentityProviderStore, Page, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Transaction, Type};

use crate::{
    rows::{backend, conflict, encode},
    Backend, SqlStore,
};

/// Providers as JSON documents keyed by pool and name; their IdP identifiers as
/// `identity_provider_identifiers` rows whose key (pool, identifier) keeps each identifier to
/// one provider of the pool. A provider and its identifiers are written in one transaction.
#[async_trait]
impl<B: Backend> IdentityProviderStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_identity_provider(
        &self,
        provider: &IdentityProvider,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        sqlx::query("INSERT INTO identity_providers (pool_id, name, doc) VALUES ($1, $2, $3)")
            .bind(provider.pool_id.as_str())
            .bind(provider.name.as_str())
            .bind(encode(provider)?)
            .execute(&mut *tx)
            .await
            .map_err(conflict(&provider.name))?;
        insert_identifiers(&mut tx, provider).await?;
        tx.commit().await.map_err(backend)
    }

    async fn find_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> Result<Option<IdentityProvider>, StoreError> {
        self.find_doc(
            "SELECT doc FROM identity_providers WHERE pool_id = $1 AND name = $2",
            "identity_providers",
            &[pool_id, name],
        )
        .await
    }

    async fn find_identity_provider_by_identifier(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<Option<IdentityProvider>, StoreError> {
        self.find_doc(
            "SELECT p.doc AS doc FROM identity_provider_identifiers i \
             JOIN identity_providers p ON p.pool_id = i.pool_id AND p.name = i.provider_name \
             WHERE i.pool_id = $1 AND i.identifier = $2",
            "identity_provider_identifiers",
            &[pool_id, identifier],
        )
        .await
    }

    async fn update_identity_provider(
        &self,
        provider: &IdentityProvider,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let done =
            sqlx::query("UPDATE identity_providers SET doc = $3 WHERE pool_id = $1 AND name = $2")
                .bind(provider.pool_id.as_str())
                .bind(provider.name.as_str())
                .bind(encode(provider)?)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "DELETE FROM identity_provider_identifiers WHERE pool_id = $1 AND provider_name = $2",
        )
        .bind(provider.pool_id.as_str())
        .bind(provider.name.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        insert_identifiers(&mut tx, provider).await?;
        tx.commit().await.map_err(backend)
    }

    async fn delete_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            &[
                "DELETE FROM identity_provider_identifiers WHERE pool_id = $1 AND provider_name = $2",
                "DELETE FROM identity_providers WHERE pool_id = $1 AND name = $2",
            ],
            &[pool_id, name],
        )
        .await
    }

    async fn list_identity_providers(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<IdentityProvider>, StoreError> {
        self.list_docs(
            "SELECT doc FROM identity_providers WHERE pool_id = $1 AND name > $2 ORDER BY name LIMIT $3",
            "identity_providers",
            &[pool_id],
            after,
            limit,
            |p: &IdentityProvider| p.name.clone(),
        )
        .await
    }
}

/// Inserts the provider's IdP identifiers inside a transaction; one another provider of the
/// pool holds becomes `Conflict(identifier)`.
async fn insert_identifiers<DB>(
    tx: &mut Transaction<'_, DB>,
    provider: &IdentityProvider,
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
{
    for identifier in &provider.idp_identifiers {
        sqlx::query(
            "INSERT INTO identity_provider_identifiers (pool_id, identifier, provider_name) \
             VALUES ($1, $2, $3)",
        )
        .bind(provider.pool_id.as_str())
        .bind(identifier.as_str())
        .bind(provider.name.as_str())
        .execute(&mut **tx)
        .await
        .map_err(conflict(identifier))?;
    }
    Ok(())
}
