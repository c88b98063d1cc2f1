//! The pools' token-signing keys.

use async_trait::async_trait;
use cognate_core::{
    model::{SealedSigningKey, TokenUse},
    store::{SigningKeyStore, StoreError},
};
use sqlx::{
    ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Row, Transaction, Type,
};

use crate::{
    rows::{backend, column, conflict},
    Backend, SqlStore,
};

const TABLE: &str = "pool_signing_keys";

/// Keys as `pool_signing_keys` rows keyed by pool, generation and use, the sealed PKCS#8
/// document in `sealed`.
#[async_trait]
impl<B: Backend> SigningKeyStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn list_signing_keys(&self, pool_id: &str) -> Result<Vec<SealedSigningKey>, StoreError> {
        let rows = sqlx::query(
            "SELECT pool_id, generation, token_use, created_ms, sealed FROM pool_signing_keys \
             WHERE pool_id = $1 ORDER BY generation, token_use",
        )
        .bind(pool_id)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.iter().map(key_from_row).collect()
    }

    async fn insert_signing_keys(&self, keys: &[SealedSigningKey]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        insert_keys(&mut tx, keys).await?;
        tx.commit().await.map_err(backend)
    }

    async fn delete_signing_key(
        &self,
        pool_id: &str,
        generation: i64,
        token_use: TokenUse,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM pool_signing_keys \
             WHERE pool_id = $1 AND generation = $2 AND token_use = $3",
        )
        .bind(pool_id)
        .bind(generation)
        .bind(token_use.as_str())
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(B::rows_affected(&done) > 0)
    }
}

/// A key from a row of `pool_signing_keys` (all its columns).
pub(crate) fn key_from_row<'r, R>(row: &'r R) -> Result<SealedSigningKey, StoreError>
where
    R: Row,
    &'r str: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let pool_id: &str = column(row, TABLE, "pool_id")?;
    let token_use: &str = column(row, TABLE, "token_use")?;
    let sealed: &str = column(row, TABLE, "sealed")?;
    Ok(SealedSigningKey {
        pool_id: pool_id.to_string(),
        generation: column(row, TABLE, "generation")?,
        token_use: TokenUse::parse(token_use).ok_or_else(|| {
            StoreError::Backend(anyhow::anyhow!(
                "unknown token use {token_use:?} in {TABLE}"
            ))
        })?,
        created_ms: column(row, TABLE, "created_ms")?,
        sealed: sealed.to_string(),
    })
}

/// Inserts keys inside a transaction; a taken pool, generation and use becomes
/// `Conflict(pool id)`.
pub(crate) async fn insert_keys<DB>(
    tx: &mut Transaction<'_, DB>,
    keys: &[SealedSigningKey],
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    i64: for<'q> Encode<'q, DB> + Type<DB>,
{
    for key in keys {
        sqlx::query(
            "INSERT INTO pool_signing_keys (pool_id, generation, token_use, created_ms, sealed) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(key.pool_id.as_str())
        .bind(key.generation)
        .bind(key.token_use.as_str())
        .bind(key.created_ms)
        .bind(key.sealed.as_str())
        .execute(&mut **tx)
        .await
        .map_err(conflict(&key.pool_id))?;
    }
    Ok(())
}
