//! User pools.

use async_trait::async_trait;
use cognate_core::{
    model::{SealedSigningKey, UserPool},
    store::{Page, PoolStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, conflict, decode, encode, page, page_limit},
    signing_keys::insert_keys,
    Backend, SqlStore,
};

/// Pools as JSON documents keyed by id, written with their first signing keys in one
/// transaction. Deleting a pool deletes, in one transaction, its refresh tokens, sessions,
/// sign-in keys, group memberships, groups, users, clients, resource servers, identity
/// providers, domain, branding, user import jobs (with their files) and signing keys with it.
#[async_trait]
impl<B: Backend> PoolStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
    usize: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_pool(
        &self,
        pool: &UserPool,
        keys: &[SealedSigningKey],
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        sqlx::query("INSERT INTO user_pools (id, doc) VALUES ($1, $2)")
            .bind(pool.id.as_str())
            .bind(encode(pool)?)
            .execute(&mut *tx)
            .await
            .map_err(conflict(&pool.id))?;
        insert_keys(&mut tx, keys).await?;
        tx.commit().await.map_err(backend)
    }

    async fn find_pool(&self, id: &str) -> Result<Option<UserPool>, StoreError> {
        self.find_doc(
            "SELECT doc FROM user_pools WHERE id = $1",
            "user_pools",
            &[id],
        )
        .await
    }

    async fn update_pool(&self, pool: &UserPool) -> Result<(), StoreError> {
        self.update_doc(
            "UPDATE user_pools SET doc = $2 WHERE id = $1",
            &[&pool.id],
            encode(pool)?,
        )
        .await
    }

    async fn delete_pool(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        for sql in [
            "DELETE FROM refresh_tokens WHERE pool_id = $1",
            "DELETE FROM auth_sessions WHERE pool_id = $1",
            "DELETE FROM attempts WHERE pool_id = $1",
            "DELETE FROM group_members WHERE pool_id = $1",
            "DELETE FROM user_groups WHERE pool_id = $1",
            "DELETE FROM user_keys WHERE pool_id = $1",
            "DELETE FROM users WHERE pool_id = $1",
            "DELETE FROM app_clients WHERE pool_id = $1",
            "DELETE FROM resource_servers WHERE pool_id = $1",
            "DELETE FROM identity_provider_identifiers WHERE pool_id = $1",
            "DELETE FROM identity_providers WHERE pool_id = $1",
            "DELETE FROM pool_domains WHERE pool_id = $1",
            "DELETE FROM ui_customizations WHERE pool_id = $1",
            "DELETE FROM user_import_files WHERE pool_id = $1",
            "DELETE FROM user_import_jobs WHERE pool_id = $1",
            "DELETE FROM pool_signing_keys WHERE pool_id = $1",
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
    ) -> Result<Page<UserPool>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM user_pools WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.unwrap_or(""))
            .bind(page_limit(limit))
            .fetch_all(&self.reader)
            .await
            .map_err(backend)?;
        let items = rows
            .iter()
            .map(|r| decode(column(r, "user_pools", "doc")?))
            .collect::<Result<Vec<UserPool>, _>>()?;
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
