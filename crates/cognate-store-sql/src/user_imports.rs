//! User import jobs and their CSV files.

use async_trait::async_trait;
use cognate_core::{
    model::{UserImportJob, UserImportJobStatus},
    store::{Page, StoreError, UserImportStore},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Row, Type};

use crate::{
    rows::{backend, column, conflict, decode, encode, page, page_limit},
    Backend, SqlStore,
};

/// A job from a row's `doc` and `version` columns.
fn job_from_row<'r, R>(row: &'r R) -> Result<UserImportJob, StoreError>
where
    R: Row,
    &'r str: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    let mut job: UserImportJob = decode(column(row, "user_import_jobs", "doc")?)?;
    job.version = column(row, "user_import_jobs", "version")?;
    Ok(job)
}

const UPDATE_JOB: &str =
    "UPDATE user_import_jobs SET doc = $2, status = $3, version = version + 1 \
                          WHERE job_id = $1 AND version = $4";

/// Jobs as JSON documents keyed by job id, with their status in a column (the worker looks
/// for jobs by it) and a `version` column that guards updates; files as `user_import_files`
/// rows, written with their job in one transaction.
#[async_trait]
impl<B: Backend> UserImportStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    for<'a> &'a [u8]: Encode<'a, B::Db> + Type<B::Db>,
    Vec<u8>: for<'r> Decode<'r, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_import_job(&self, job: &UserImportJob) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_import_jobs (job_id, pool_id, status, version, doc) \
             VALUES ($1, $2, $3, 1, $4)",
        )
        .bind(job.job_id.as_str())
        .bind(job.pool_id.as_str())
        .bind(job.status.as_str())
        .bind(encode(job)?)
        .execute(&self.writer)
        .await
        .map_err(conflict(&job.job_id))?;
        Ok(())
    }

    async fn find_import_job(&self, job_id: &str) -> Result<Option<UserImportJob>, StoreError> {
        let row = sqlx::query("SELECT doc, version FROM user_import_jobs WHERE job_id = $1")
            .bind(job_id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        match row {
            Some(row) => Ok(Some(job_from_row(&row)?)),
            None => Ok(None),
        }
    }

    async fn update_import_job(&self, job: &UserImportJob) -> Result<(), StoreError> {
        let done = sqlx::query(UPDATE_JOB)
            .bind(job.job_id.as_str())
            .bind(encode(job)?)
            .bind(job.status.as_str())
            .bind(job.version)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            return Err(self.changed_or_gone(&job.job_id).await);
        }
        Ok(())
    }

    async fn attach_import_csv(&self, job: &UserImportJob, csv: &[u8]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let done = sqlx::query(UPDATE_JOB)
            .bind(job.job_id.as_str())
            .bind(encode(job)?)
            .bind(job.status.as_str())
            .bind(job.version)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        if B::rows_affected(&done) == 0 {
            tx.rollback().await.map_err(backend)?;
            return Err(self.changed_or_gone(&job.job_id).await);
        }
        sqlx::query(
            "INSERT INTO user_import_files (job_id, pool_id, csv) VALUES ($1, $2, $3) \
             ON CONFLICT (job_id) DO UPDATE SET csv = excluded.csv",
        )
        .bind(job.job_id.as_str())
        .bind(job.pool_id.as_str())
        .bind(csv)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn find_import_csv(&self, job_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query("SELECT csv FROM user_import_files WHERE job_id = $1")
            .bind(job_id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        match row {
            Some(row) => {
                let csv: Vec<u8> = column(&row, "user_import_files", "csv")?;
                Ok(Some(csv))
            }
            None => Ok(None),
        }
    }

    async fn delete_import_csv(&self, job_id: &str) -> Result<(), StoreError> {
        self.delete_row("DELETE FROM user_import_files WHERE job_id = $1", &[job_id])
            .await?;
        Ok(())
    }

    async fn list_import_jobs(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<UserImportJob>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc, version FROM user_import_jobs WHERE pool_id = $1 AND job_id > $2 \
             ORDER BY job_id LIMIT $3",
        )
        .bind(pool_id)
        .bind(after.unwrap_or(""))
        .bind(page_limit(limit))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(job_from_row)
            .collect::<Result<Vec<UserImportJob>, _>>()?;
        Ok(page(items, limit, |j| j.job_id.clone()))
    }

    async fn list_import_jobs_in_status(
        &self,
        status: UserImportJobStatus,
        limit: usize,
    ) -> Result<Vec<UserImportJob>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc, version FROM user_import_jobs WHERE status = $1 ORDER BY job_id LIMIT $2",
        )
        .bind(status.as_str())
        .bind(i64::try_from(limit).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.iter().map(job_from_row).collect()
    }
}

impl<B: Backend> SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    /// Why a guarded update of the job `job_id` changed nothing: it changed since it was read
    /// (`VersionMismatch`), or it is gone (`NotFound`).
    async fn changed_or_gone(&self, job_id: &str) -> StoreError {
        let row = sqlx::query("SELECT version FROM user_import_jobs WHERE job_id = $1")
            .bind(job_id)
            .fetch_optional(&self.writer)
            .await;
        match row {
            Ok(Some(_)) => StoreError::VersionMismatch,
            Ok(None) => StoreError::NotFound,
            Err(e) => backend(e),
        }
    }
}
