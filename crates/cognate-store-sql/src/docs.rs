//! Reads and writes of JSON documents by their keys, and pages of a pool's documents, shared by
//! the stores whose rows are keys and a document (pools, app clients, domains, resource servers,
//! groups, identity providers).

use cognate_core::store::{Page, StoreError};
use serde::de::DeserializeOwned;
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, page, page_limit},
    Backend, Bind, SqlStore,
};

impl<B: Backend> SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    /// The `doc` column of the row of `table` that `sql` selects by `keys` (`$1`, `$2`, …),
    /// decoded.
    pub(crate) async fn find_doc<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        table: &'static str,
        keys: &[&str],
    ) -> Result<Option<T>, StoreError> {
        let binds: Vec<Bind<'_>> = keys.iter().map(|k| Bind::Text(k)).collect();
        if let Some(rows) = self.hot.read_docs(sql, &binds) {
            return rows?.first().map(|r| decode(&r.doc)).transpose();
        }
        let mut query = sqlx::query(sql);
        for key in keys {
            query = query.bind(*key);
        }
        let row = query.fetch_optional(&self.reader).await.map_err(backend)?;
        row.map(|r| decode(column(&r, table, "doc")?)).transpose()
    }

    /// Runs the `statements` in one transaction, each with `keys` (`$1`, …): the rows that
    /// hang off a document, then the document; whether the last statement deleted anything.
    pub(crate) async fn delete_with_dependents(
        &self,
        statements: &[&'static str],
        keys: &[&str],
    ) -> Result<bool, StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let mut deleted = false;
        for sql in statements {
            let mut query = sqlx::query(sql);
            for key in keys {
                query = query.bind(*key);
            }
            let done = query.execute(&mut *tx).await.map_err(backend)?;
            deleted = B::rows_affected(&done) > 0;
        }
        tx.commit().await.map_err(backend)?;
        Ok(deleted)
    }

    /// Runs `sql`, which sets the document of the row with `keys` (`$1`, …) to `doc` (the
    /// parameter after the keys); `NotFound` when no row has the keys.
    pub(crate) async fn update_doc(
        &self,
        sql: &'static str,
        keys: &[&str],
        doc: String,
    ) -> Result<(), StoreError> {
        let mut query = sqlx::query(sql);
        for key in keys {
            query = query.bind(*key);
        }
        let done = query
            .bind(doc)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Runs `sql`, which deletes the row with `keys` (`$1`, …); whether there was one.
    pub(crate) async fn delete_row(
        &self,
        sql: &'static str,
        keys: &[&str],
    ) -> Result<bool, StoreError> {
        let mut query = sqlx::query(sql);
        for key in keys {
            query = query.bind(*key);
        }
        let done = query.execute(&self.writer).await.map_err(backend)?;
        Ok(B::rows_affected(&done) > 0)
    }

    /// One page of the documents of rows of `table`: `sql` selects them by `keys` (`$1`, …),
    /// after a cursor (the parameter after the keys), with a limit (the last parameter), in
    /// cursor order.
    pub(crate) async fn list_docs<T: DeserializeOwned>(
        &self,
        sql: &'static str,
        table: &'static str,
        keys: &[&str],
        after: Option<&str>,
        limit: usize,
        cursor: impl Fn(&T) -> String,
    ) -> Result<Page<T>, StoreError> {
        let mut binds: Vec<Bind<'_>> = keys.iter().map(|k| Bind::Text(k)).collect();
        binds.push(Bind::Text(after.unwrap_or("")));
        binds.push(Bind::Int(page_limit(limit)));
        let items = match self.hot.read_docs(sql, &binds) {
            Some(rows) => rows?
                .iter()
                .map(|r| decode(&r.doc))
                .collect::<Result<Vec<T>, _>>()?,
            None => {
                let mut query = sqlx::query(sql);
                for key in keys {
                    query = query.bind(*key);
                }
                let rows = query
                    .bind(after.unwrap_or(""))
                    .bind(page_limit(limit))
                    .fetch_all(&self.reader)
                    .await
                    .map_err(backend)?;
                rows.iter()
                    .map(|r| decode(column(r, table, "doc")?))
                    .collect::<Result<Vec<T>, _>>()?
            }
        };
        Ok(page(items, limit, cursor))
    }
}
