//! Users and their sign-in keys.

use async_trait::async_trait;
use cognate_core::{
    model::User,
    store::{Page, StoreError, UserStore},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Transaction, Type};

use crate::{
    rows::{backend, conflict, encode, page, page_limit, user_from_row},
    Backend, SqlStore,
};

/// Users as JSON documents whose `version` column guards updates, and their sign-in keys as
/// `user_keys` rows (unique in the pool), written with the user in one transaction. Reads of
/// one user are the backend's hot reads.
#[async_trait]
impl<B: Backend> UserStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        insert_one(&mut tx, user, keys).await?;
        tx.commit().await.map_err(backend)
    }

    async fn insert_users(
        &self,
        users: &[(User, Vec<String>)],
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let mut outcomes = Vec::with_capacity(users.len());
        for (user, keys) in users {
            // Each user in a savepoint: a taken key undoes that user alone.
            let mut one = sqlx::Connection::begin(&mut *tx).await.map_err(backend)?;
            match insert_one(&mut one, user, keys).await {
                Ok(()) => {
                    one.commit().await.map_err(backend)?;
                    outcomes.push(Ok(()));
                }
                Err(StoreError::Conflict(key)) => {
                    one.rollback().await.map_err(backend)?;
                    outcomes.push(Err(StoreError::Conflict(key)));
                }
                Err(e) => return Err(e),
            }
        }
        tx.commit().await.map_err(backend)?;
        Ok(outcomes)
    }

    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        self.hot.find_user_by_key(pool_id, key).await
    }

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        self.hot.find_user(pool_id, sub).await
    }

    async fn update_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let done = sqlx::query(
            "UPDATE users SET doc = $3, version = version + 1 WHERE pool_id = $1 AND sub = $2 AND version = $4",
        )
        .bind(user.pool_id.as_str())
        .bind(user.sub.as_str())
        .bind(encode(user)?)
        .bind(user.version)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(StoreError::VersionMismatch);
        }
        sqlx::query("DELETE FROM user_keys WHERE pool_id = $1 AND sub = $2")
            .bind(user.pool_id.as_str())
            .bind(user.sub.as_str())
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
            "DELETE FROM group_members WHERE pool_id = $1 AND sub = $2",
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
    ) -> Result<Page<User>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc, version FROM users WHERE pool_id = $1 AND sub > $2 ORDER BY sub LIMIT $3",
        )
        .bind(pool_id)
        .bind(after.unwrap_or(""))
        .bind(page_limit(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(user_from_row)
            .collect::<Result<Vec<User>, _>>()?;
        Ok(page(items, limit, |u| u.sub.clone()))
    }
}

/// Inserts a user and its keys inside a transaction; a taken key becomes `Conflict(key)`.
async fn insert_one<DB>(
    tx: &mut Transaction<'_, DB>,
    user: &User,
    keys: &[String],
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
    String: for<'q> Encode<'q, DB> + Type<DB>,
{
    sqlx::query("INSERT INTO users (pool_id, sub, version, doc) VALUES ($1, $2, 1, $3)")
        .bind(user.pool_id.as_str())
        .bind(user.sub.as_str())
        .bind(encode(user)?)
        .execute(&mut **tx)
        .await
        .map_err(conflict(&user.sub))?;
    insert_keys(tx, &user.pool_id, &user.sub, keys).await
}

/// Inserts `keys` for a user inside a transaction; a taken key becomes `Conflict(key)`.
async fn insert_keys<DB>(
    tx: &mut Transaction<'_, DB>,
    pool_id: &str,
    sub: &str,
    keys: &[String],
) -> Result<(), StoreError>
where
    DB: Database,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'a> &'a str: Encode<'a, DB> + Type<DB>,
{
    for key in keys {
        sqlx::query("INSERT INTO user_keys (pool_id, ukey, sub) VALUES ($1, $2, $3)")
            .bind(pool_id)
            .bind(key.as_str())
            .bind(sub)
            .execute(&mut **tx)
            .await
            .map_err(conflict(key))?;
    }
    Ok(())
}
