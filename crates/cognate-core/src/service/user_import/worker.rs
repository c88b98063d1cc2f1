//! The worker that runs started jobs. Each second it looks for a `Pending` job, claims it with
//! a guarded write (on PostgreSQL with several nodes, one node wins) and creates the users of
//! its file, a few hundred in each write, writing the counters every 1,000 rows; a
//! `StopUserImportJob` is noticed at those writes, since it changes the job under them. A job
//! whose worker went quiet (a node that stopped) is taken over and resumed after the rows its
//! counters account for. Jobs left unstarted past their window are marked `Expired`; a job's
//! file is removed when it ends.

use std::{sync::Arc, time::Duration};

use super::{
    csv::Records,
    rows::{row_user, Columns},
};
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserImportJob, UserImportJobStatus, UserPool},
    service::Cognate,
    store::StoreError,
};

/// How often a node looks for work.
const TICK: Duration = Duration::from_secs(1);
/// Rows between two writes of the counters.
const PROGRESS_EVERY: i64 = 1_000;
/// Rows whose users are stored in one write (a divisor of `PROGRESS_EVERY`, so that the
/// counters written account for every row before them).
const BATCH: i64 = 250;
/// A running job whose worker has not written for this long is taken over.
const QUIET_MS: i64 = 5 * 60 * 1000;
/// Jobs looked at per status and pass.
const SCAN: usize = 100;
/// Failed rows logged per run of a job.
const LOGGED_FAILURES: usize = 100;

/// The failed rows of one run, logged with their line and reason up to a limit (the log
/// stands in for Cognito's CloudWatch log stream), then only counted.
#[derive(Default)]
struct FailureLog {
    logged: usize,
    unlogged: usize,
}

impl FailureLog {
    fn record(&mut self, job: &UserImportJob, line: usize, why: &str) {
        if self.logged < LOGGED_FAILURES {
            self.logged += 1;
            tracing::info!(job = %job.job_id, pool = %job.pool_id, line, reason = why, "user import row failed");
        } else {
            self.unlogged += 1;
        }
    }

    fn summarize(&self, job: &UserImportJob) {
        if self.unlogged > 0 {
            tracing::info!(job = %job.job_id, unlogged = self.unlogged, "user import: more rows failed than were logged");
        }
    }
}

const SUCCEEDED: &str = "Import Job Completed Successfully.";
const TOO_MANY_FAILED: &str = "Too many users have failed or been skipped during the import.";
const STOPPED: &str = "Import Job Stopped.";

impl Cognate {
    /// Runs user import jobs for as long as the server runs; spawn it once per node.
    pub async fn run_user_imports(self: Arc<Self>) {
        loop {
            if let Err(e) = self.run_user_import_pass().await {
                tracing::warn!(error = %e, "user import worker pass failed");
            }
            tokio::time::sleep(TICK).await;
        }
    }

    /// One pass of the worker: expires unstarted jobs past their window, ends stopped jobs no
    /// worker holds, and runs, one after the other, the jobs waiting for a worker (or whose
    /// worker went quiet). Returns how many jobs it ran.
    pub async fn run_user_import_pass(&self) -> CoreResult<usize> {
        let now = self.now_ms();
        let quiet = |job: &UserImportJob| now - job.heartbeat_ms > QUIET_MS;
        for job in self
            .store
            .list_import_jobs_in_status(UserImportJobStatus::Created, SCAN)
            .await?
        {
            if job.status_at(now) == UserImportJobStatus::Expired {
                self.end_import(job, UserImportJobStatus::Expired, None)
                    .await?;
            }
        }
        for job in self
            .store
            .list_import_jobs_in_status(UserImportJobStatus::Stopping, SCAN)
            .await?
        {
            if quiet(&job) {
                self.end_import(job, UserImportJobStatus::Stopped, Some(STOPPED))
                    .await?;
            }
        }
        let mut waiting = self
            .store
            .list_import_jobs_in_status(UserImportJobStatus::Pending, SCAN)
            .await?;
        waiting.extend(
            self.store
                .list_import_jobs_in_status(UserImportJobStatus::InProgress, SCAN)
                .await?
                .into_iter()
                .filter(|job| quiet(job)),
        );
        let mut ran = 0;
        for job in waiting {
            let Some(job) = self.claim_import(job).await? else {
                continue;
            };
            let job_id = job.job_id.clone();
            if let Err(e) = self.run_import(job).await {
                // The job stays in progress; once its heartbeat is old, a pass resumes it.
                tracing::warn!(job = %job_id, error = %e, "user import interrupted");
            }
            ran += 1;
        }
        Ok(ran)
    }

    /// Takes a job for this node (`None` when another node took it first).
    async fn claim_import(&self, mut job: UserImportJob) -> CoreResult<Option<UserImportJob>> {
        job.status = UserImportJobStatus::InProgress;
        job.heartbeat_ms = self.now_ms();
        match self.store.update_import_job(&job).await {
            Ok(()) => {
                job.version += 1;
                Ok(Some(job))
            }
            Err(StoreError::VersionMismatch | StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the users of a claimed job's file, from the first row its counters do not
    /// account for, and ends the job.
    async fn run_import(&self, mut job: UserImportJob) -> CoreResult<()> {
        let Some(pool) = self.store.find_pool(&job.pool_id).await? else {
            // The pool was deleted, and its jobs with it.
            return Ok(());
        };
        let csv = self.store.find_import_csv(&job.job_id).await?;
        let text = match csv.as_deref().map(std::str::from_utf8) {
            Some(Ok(text)) => text,
            Some(Err(_)) => {
                return self
                    .fail_import(job, "The CSV file is not UTF-8 text.")
                    .await
            }
            None => return self.fail_import(job, "The CSV file is missing.").await,
        };
        let mut records = Records::new(text);
        let columns = match records.next() {
            None => return self.fail_import(job, "The CSV file is empty.").await,
            Some((_, Err(e))) => {
                return self
                    .fail_import(job, &format!("The CSV header cannot be read: {e}."))
                    .await
            }
            Some((_, Ok(header))) => match Columns::parse(&pool, &header) {
                Ok(columns) => columns,
                Err(why) => return self.fail_import(job, &why).await,
            },
        };
        let already = job.rows_done();
        let mut batch = Vec::new();
        let mut failures = FailureLog::default();
        for (row, (line, record)) in (1_i64..).zip(records) {
            if row <= already {
                continue;
            }
            let user = match record {
                Ok(fields) => row_user(&pool, &columns, &fields, self.now_ms()),
                Err(e) => Err(format!("The row cannot be read: {e}.")),
            };
            match user {
                Ok(user) => batch.push((line, user)),
                Err(why) => {
                    job.failed_users += 1;
                    failures.record(&job, line, &why);
                }
            }
            if row % BATCH == 0 {
                self.store_import_batch(&pool, &mut job, &mut batch, &mut failures)
                    .await?;
            }
            if row % PROGRESS_EVERY == 0 {
                match self.save_import_progress(job).await? {
                    Some(saved) => job = saved,
                    None => return Ok(()),
                }
            }
        }
        self.store_import_batch(&pool, &mut job, &mut batch, &mut failures)
            .await?;
        failures.summarize(&job);
        // More failed rows than users: Cognito ends such a job Failed with this message.
        if job.failed_users + job.skipped_users > job.imported_users {
            self.end_import(job, UserImportJobStatus::Failed, Some(TOO_MANY_FAILED))
                .await
        } else {
            self.end_import(job, UserImportJobStatus::Succeeded, Some(SUCCEEDED))
                .await
        }
    }

    /// Stores the checked users of `batch` (each with its line) and counts them in `job`.
    async fn store_import_batch(
        &self,
        pool: &UserPool,
        job: &mut UserImportJob,
        batch: &mut Vec<(usize, User)>,
        failures: &mut FailureLog,
    ) -> CoreResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let (lines, users): (Vec<usize>, Vec<User>) = std::mem::take(batch).into_iter().unzip();
        let outcomes = self.insert_imported_users(pool, users).await?;
        for (line, outcome) in lines.into_iter().zip(outcomes) {
            match outcome {
                Ok(()) => job.imported_users += 1,
                Err(why) => {
                    job.failed_users += 1;
                    failures.record(job, line, &why);
                }
            }
        }
        Ok(())
    }

    /// Writes a running job's counters. `None` when the worker must let go of the job: it was
    /// stopped (and is now ended `Stopped` with these counters), deleted, or taken over.
    async fn save_import_progress(
        &self,
        mut job: UserImportJob,
    ) -> CoreResult<Option<UserImportJob>> {
        job.heartbeat_ms = self.now_ms();
        match self.store.update_import_job(&job).await {
            Ok(()) => {
                job.version += 1;
                Ok(Some(job))
            }
            Err(StoreError::VersionMismatch) => {
                let current = self.store.find_import_job(&job.job_id).await?;
                if let Some(current) = current.filter(|c| c.status == UserImportJobStatus::Stopping)
                {
                    let stopped = UserImportJob {
                        imported_users: job.imported_users,
                        skipped_users: job.skipped_users,
                        failed_users: job.failed_users,
                        ..current
                    };
                    self.end_import(stopped, UserImportJobStatus::Stopped, Some(STOPPED))
                        .await?;
                }
                Ok(None)
            }
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Ends a job `Failed` before any row was read, with why.
    async fn fail_import(&self, job: UserImportJob, why: &str) -> CoreResult<()> {
        tracing::info!(job = %job.job_id, pool = %job.pool_id, reason = why, "user import failed");
        self.end_import(job, UserImportJobStatus::Failed, Some(why))
            .await
    }

    /// Ends a job with `status` and `message` and the counters it carries, and removes its
    /// file. When the job changed meanwhile, a stop asked for wins (`Stopped`); a job that
    /// already ended, or is gone, is left as it is.
    async fn end_import(
        &self,
        mut job: UserImportJob,
        mut status: UserImportJobStatus,
        mut message: Option<&str>,
    ) -> CoreResult<()> {
        for _ in 0..8 {
            let now = self.now_ms();
            let mut ended = job.clone();
            ended.status = status;
            ended.completed_ms = Some(now);
            ended.heartbeat_ms = now;
            // CompletionMessage is at most 128 characters.
            ended.completion_message = message.map(|m| m.chars().take(128).collect());
            match self.store.update_import_job(&ended).await {
                Ok(()) => {
                    self.store.delete_import_csv(&ended.job_id).await?;
                    tracing::info!(
                        job = %ended.job_id,
                        pool = %ended.pool_id,
                        status = status.as_str(),
                        imported = ended.imported_users,
                        failed = ended.failed_users,
                        "user import ended"
                    );
                    return Ok(());
                }
                Err(StoreError::VersionMismatch) => {
                    let Some(current) = self.store.find_import_job(&job.job_id).await? else {
                        return Ok(());
                    };
                    if current.status.is_final() {
                        return Ok(());
                    }
                    if current.status == UserImportJobStatus::Stopping {
                        status = UserImportJobStatus::Stopped;
                        message = Some(STOPPED);
                    }
                    job = UserImportJob {
                        imported_users: job.imported_users,
                        skipped_users: job.skipped_users,
                        failed_users: job.failed_users,
                        ..current
                    };
                }
                Err(StoreError::NotFound) => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(anyhow::anyhow!(
            "import job {} kept changing while it ended",
            job.job_id
        )))
    }
}
