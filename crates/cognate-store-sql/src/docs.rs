//! Reads and writes of one JSON document by its key, shared by the stores whose rows are a key
//! and a document (pools, app clients).

use cognate_core::store::StoreError;
use serde::de::DeserializeOwned;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode},
    Backend, SqlStore,
};

impl<B: Backend> SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    /// The `doc` column of the row of `table` that `sql` selects by `key` (`$1`), decoded.
    pub(crate) async fn find_doc<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        table: &'static str,
        key: &str,
    ) -> Result<Option<T>, StoreError> {
        let row = sqlx::query(sql)
            .bind(key)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| decode(column(&r, table, "doc")?)).transpose()
    }

    /// Runs `sql`, which sets the document of the row with `key` (`$1`) to `doc` (`$2`);
    /// `NotFound` when no row has the key.
    pub(crate) async fn update_doc(
        &self,
        sql: &'static str,
        key: &str,
        doc: String,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(sql)
            .bind(key)
            .bind(doc)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
