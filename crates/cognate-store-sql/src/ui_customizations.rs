//! Hosted-page branding (SetUICustomization).

use async_trait::async_trait;
use cognate_core::{
    model::UiCustomization,
    store::{StoreError, UiCustomizationStore},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, encode},
    Backend, SqlStore,
};

/// Branding as JSON documents keyed by pool and client (`ALL` for the pool's default).
#[async_trait]
impl<B: Backend> UiCustomizationStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn put_ui_customization(&self, ui: &UiCustomization) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO ui_customizations (pool_id, client_id, doc) VALUES ($1, $2, $3) \
             ON CONFLICT (pool_id, client_id) DO UPDATE SET doc = excluded.doc",
        )
        .bind(ui.pool_id.as_str())
        .bind(ui.client_id.as_str())
        .bind(encode(ui)?)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn find_ui_customization(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<Option<UiCustomization>, StoreError> {
        self.find_doc(
            "SELECT doc FROM ui_customizations WHERE pool_id = $1 AND client_id = $2",
            "ui_customizations",
            &[pool_id, client_id],
        )
        .await
    }

    async fn delete_ui_customization(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<bool, StoreError> {
        self.delete_row(
            "DELETE FROM ui_customizations WHERE pool_id = $1 AND client_id = $2",
            &[pool_id, client_id],
        )
        .await
    }
}
