//! The deployment's settings: one text value per name.

use async_trait::async_trait;
use cognate_core::store::{SettingsStore, StoreError};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{rows::backend, Backend, SqlStore};

const FIND: &str = "SELECT value FROM deployment_settings WHERE name = $1";

/// Settings as `deployment_settings` rows keyed by name. The insert-if-absent is one
/// `ON CONFLICT DO NOTHING` insert followed by a read on the writer, so a node that lost the
/// race reads the value the winner committed.
#[async_trait]
impl<B: Backend> SettingsStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'r> Decode<'r, B::Db> + Type<B::Db>,
    usize: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn find_setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar(FIND)
            .bind(name)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)
    }

    async fn insert_setting_if_absent(
        &self,
        name: &str,
        value: &str,
    ) -> Result<String, StoreError> {
        sqlx::query(
            "INSERT INTO deployment_settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(value)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        sqlx::query_scalar(FIND)
            .bind(name)
            .fetch_one(&self.writer)
            .await
            .map_err(backend)
    }

    async fn put_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO deployment_settings (name, value) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }
}
