//! Importing users from a CSV file: GetCSVHeader, CreateUserImportJob, DescribeUserImportJob,
//! ListUserImportJobs, StartUserImportJob, StopUserImportJob. The file arrives at the job's
//! pre-signed URL (`upload.rs`); once the job is started, a background worker (`worker.rs`)
//! reads it (`csv.rs`) and creates its users (`rows.rs`).
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool.html>

mod csv;
mod rows;
mod upload;
mod worker;

use cognate_crypto::random;
use cognate_proto::{
    GetCSVHeaderResponse, ListUserImportJobsResponse, UserImportJobResponse, UserImportJobType,
};

use super::{arns, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{PoolId, UserImportJob, UserImportJobStatus, UserPool},
    store::StoreError,
};

/// The standard attributes a file may set, in GetCSVHeader's order (`sub` is Cognito's).
const STANDARD_COLUMNS: &[&str] = &[
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
];
/// Whether the user has SMS MFA turned on (`true`/`false`); every file has this column.
const MFA_COLUMN: &str = "cognito:mfa_enabled";
/// The user's username; every file has this column.
const USERNAME_COLUMN: &str = "cognito:username";

/// The columns a file for `pool` may have, in GetCSVHeader's order: the standard attributes,
/// the pool's custom attributes (not the developer-only ones, which only the API writes), then
/// Cognito's two columns.
fn csv_header(pool: &UserPool) -> Vec<String> {
    let mut header: Vec<String> = STANDARD_COLUMNS.iter().map(|c| (*c).to_string()).collect();
    header.extend(
        pool.schema
            .iter()
            .filter_map(|a| a.name.as_deref())
            .filter(|name| name.starts_with("custom:"))
            .map(str::to_string),
    );
    header.push(MFA_COLUMN.into());
    header.push(USERNAME_COLUMN.into());
    header
}

/// `JobName`: 1–128 word characters, spaces and `+=,.@-`.
fn check_job_name(name: &str) -> CoreResult<()> {
    if !(1..=128).contains(&name.chars().count()) {
        return Err(CoreError::constraint(
            "jobName",
            name,
            "Member must have length between 1 and 128",
        ));
    }
    let allowed =
        |c: char| c.is_alphanumeric() || c == '_' || c.is_whitespace() || "+=,.@-".contains(c);
    if !name.chars().all(allowed) {
        return Err(CoreError::constraint(
            "jobName",
            name,
            "Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+",
        ));
    }
    Ok(())
}

/// `JobId`: `import-` and letters, digits and dashes, at most 55 characters.
fn check_job_id(job_id: &str) -> CoreResult<()> {
    if job_id.chars().count() > 55 {
        return Err(CoreError::constraint(
            "jobId",
            job_id,
            "Member must have length less than or equal to 55",
        ));
    }
    let shaped = job_id.strip_prefix("import-").is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !shaped {
        return Err(CoreError::constraint(
            "jobId",
            job_id,
            "Member must satisfy regular expression pattern: import-[0-9a-zA-Z-]+",
        ));
    }
    Ok(())
}

/// `MaxResults` of ListUserImportJobs: 1–60.
fn check_max_results(max: i64) -> CoreResult<usize> {
    if max < 1 {
        return Err(CoreError::constraint(
            "maxResults",
            &max.to_string(),
            "Member must have value greater than or equal to 1",
        ));
    }
    if max > 60 {
        return Err(CoreError::constraint(
            "maxResults",
            &max.to_string(),
            "Member must have value less than or equal to 60",
        ));
    }
    Ok(usize::try_from(max).unwrap_or(60))
}

fn not_found(job_id: &str) -> CoreError {
    CoreError::ResourceNotFound(format!("Import job {job_id} does not exist."))
}

fn secs(ms: i64) -> f64 {
    ms as f64 / 1000.0
}

impl Cognate {
    /// `UserImportJobType` of a job as it stands at `now_ms`.
    fn job_type(&self, job: UserImportJob, now_ms: i64) -> UserImportJobType {
        let pre_signed_url = self.import_url(&job);
        let status = job.status_at(now_ms);
        UserImportJobType {
            job_name: job.job_name,
            job_id: job.job_id,
            user_pool_id: job.pool_id,
            pre_signed_url,
            creation_date: secs(job.created_ms),
            start_date: job.started_ms.map(secs),
            completion_date: job.completed_ms.map(secs),
            status: status.as_str().into(),
            cloud_watch_logs_role_arn: job.cloud_watch_logs_role_arn,
            imported_users: job.imported_users,
            skipped_users: job.skipped_users,
            failed_users: job.failed_users,
            completion_message: job.completion_message,
        }
    }

    fn job_response(&self, job: UserImportJob) -> UserImportJobResponse {
        UserImportJobResponse {
            user_import_job: self.job_type(job, self.now_ms()),
        }
    }

    /// A job of `pool`, or Cognito's `ResourceNotFoundException`.
    async fn import_job(&self, pool: &UserPool, job_id: &str) -> CoreResult<UserImportJob> {
        check_job_id(job_id)?;
        self.store
            .find_import_job(job_id)
            .await?
            .filter(|job| job.pool_id == pool.id)
            .ok_or_else(|| not_found(job_id))
    }

    /// Applies `change` (given the time) to a job of `pool` and stores it; when someone else
    /// wrote first, the job is read again and `change` re-applied. `change` may refuse.
    async fn change_import_job(
        &self,
        pool: &UserPool,
        job_id: &str,
        change: impl Fn(&mut UserImportJob, i64) -> CoreResult<()>,
    ) -> CoreResult<UserImportJob> {
        for _ in 0..8 {
            let mut job = self.import_job(pool, job_id).await?;
            change(&mut job, self.now_ms())?;
            match self.store.update_import_job(&job).await {
                Ok(()) => {
                    job.version += 1;
                    return Ok(job);
                }
                Err(StoreError::VersionMismatch) => continue,
                Err(StoreError::NotFound) => return Err(not_found(job_id)),
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(anyhow::anyhow!(
            "import job {job_id} kept changing under concurrent updates"
        )))
    }

    /// GetCSVHeader.
    pub async fn get_csv_header(&self, pool: &PoolId) -> CoreResult<GetCSVHeaderResponse> {
        let pool = self.pool(pool.as_str()).await?;
        Ok(GetCSVHeaderResponse {
            csv_header: csv_header(&pool),
            user_pool_id: pool.id,
        })
    }

    /// CreateUserImportJob: a job in `Created` and its pre-signed URL, good for an hour.
    pub async fn create_user_import_job(
        &self,
        pool: &PoolId,
        job_name: &str,
        cloud_watch_logs_role_arn: &str,
    ) -> CoreResult<UserImportJobResponse> {
        check_job_name(job_name)?;
        arns::check("cloudWatchLogsRoleArn", cloud_watch_logs_role_arn)?;
        let pool = self.pool(pool.as_str()).await?;
        let now = self.now_ms();
        let job = UserImportJob {
            pool_id: pool.id,
            job_id: format!("import-{}", random::alnum(10)),
            job_name: job_name.to_string(),
            cloud_watch_logs_role_arn: cloud_watch_logs_role_arn.to_string(),
            status: UserImportJobStatus::Created,
            created_ms: now,
            started_ms: None,
            completed_ms: None,
            url_expires_ms: upload::url_expiry(now),
            uploaded_ms: None,
            heartbeat_ms: 0,
            imported_users: 0,
            skipped_users: 0,
            failed_users: 0,
            completion_message: None,
            version: 1,
        };
        self.store.insert_import_job(&job).await?;
        Ok(self.job_response(job))
    }

    /// DescribeUserImportJob.
    pub async fn describe_user_import_job(
        &self,
        pool: &PoolId,
        job_id: &str,
    ) -> CoreResult<UserImportJobResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let job = self.import_job(&pool, job_id).await?;
        Ok(self.job_response(job))
    }

    /// ListUserImportJobs, by job id.
    pub async fn list_user_import_jobs(
        &self,
        pool: &PoolId,
        max_results: i64,
        pagination_token: Option<&str>,
    ) -> CoreResult<ListUserImportJobsResponse> {
        let limit = check_max_results(max_results)?;
        let pool = self.pool(pool.as_str()).await?;
        let listing = format!("user-import-jobs|{}", pool.id);
        let after = self.open_cursor(&listing, pagination_token)?;
        let page = self
            .store
            .list_import_jobs(&pool.id, after.as_deref(), limit)
            .await?;
        let pagination_token = page
            .next
            .map(|key| self.seal_cursor(&listing, &key))
            .transpose()?;
        let now = self.now_ms();
        Ok(ListUserImportJobsResponse {
            user_import_jobs: page
                .items
                .into_iter()
                .map(|job| self.job_type(job, now))
                .collect(),
            pagination_token,
        })
    }

    /// StartUserImportJob: a `Created` job whose file was uploaded becomes `Pending`, and a
    /// worker takes it within a second or so.
    pub async fn start_user_import_job(
        &self,
        pool: &PoolId,
        job_id: &str,
    ) -> CoreResult<UserImportJobResponse> {
        let pool = self.pool(pool.as_str()).await?;
        // Imported users have no password: without a verified email or phone number to send a
        // reset code to, they could never sign in (the developer guide: "the import job will
        // not start").
        if !["email", "phone_number"]
            .iter()
            .any(|a| pool.auto_verifies(a))
        {
            return Err(CoreError::InvalidParameter(
                "The user pool has no auto-verified attributes (email or phone_number): imported users could not reset their passwords.".into(),
            ));
        }
        let job = self
            .change_import_job(&pool, job_id, |job, now| {
                match job.status_at(now) {
                    UserImportJobStatus::Created if job.uploaded_ms.is_some() => {}
                    UserImportJobStatus::Created => {
                        return Err(CoreError::InvalidParameter(format!(
                            "Import job {job_id} has no CSV file: upload it to the job's PreSignedUrl first."
                        )))
                    }
                    other => {
                        return Err(CoreError::InvalidParameter(format!(
                            "Import job {job_id} cannot be started: its status is {}.",
                            other.as_str()
                        )))
                    }
                }
                job.status = UserImportJobStatus::Pending;
                job.started_ms = Some(now);
                Ok(())
            })
            .await?;
        Ok(self.job_response(job))
    }

    /// StopUserImportJob: a `Pending` or `InProgress` job becomes `Stopping`; its worker (or,
    /// for a job no worker took yet, the next pass) ends it `Stopped`.
    pub async fn stop_user_import_job(
        &self,
        pool: &PoolId,
        job_id: &str,
    ) -> CoreResult<UserImportJobResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let job = self
            .change_import_job(&pool, job_id, |job, now| {
                match job.status_at(now) {
                    UserImportJobStatus::Pending | UserImportJobStatus::InProgress => {}
                    other => {
                        return Err(CoreError::InvalidParameter(format!(
                            "Import job {job_id} cannot be stopped: its status is {}.",
                            other.as_str()
                        )))
                    }
                }
                job.status = UserImportJobStatus::Stopping;
                Ok(())
            })
            .await?;
        Ok(self.job_response(job))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_names_and_ids_are_checked_as_cognito_does() {
        assert!(check_job_name("Nightly import, run 2 @ 03:00").is_err());
        assert!(check_job_name("Nightly import, run 2 @ 0300").is_ok());
        assert!(check_job_name("").is_err());
        assert!(check_job_name(&"j".repeat(129)).is_err());
        assert!(check_job_id("import-AbC123xyz9").is_ok());
        assert!(check_job_id("import-").is_err());
        assert!(check_job_id("export-AbC123xyz9").is_err());
        assert!(check_job_id(&format!("import-{}", "a".repeat(49))).is_err());
    }

    #[test]
    fn page_sizes_are_one_to_sixty() {
        assert_eq!(check_max_results(1).unwrap(), 1);
        assert_eq!(check_max_results(60).unwrap(), 60);
        assert!(check_max_results(0).is_err());
        assert!(check_max_results(61).is_err());
    }

    #[test]
    fn a_job_left_unstarted_for_a_day_shows_expired() {
        let mut job = UserImportJob {
            pool_id: "us-east-1_a".into(),
            job_id: "import-a".into(),
            job_name: "n".into(),
            cloud_watch_logs_role_arn: "arn:aws:iam::123456789012:role/r".into(),
            status: UserImportJobStatus::Created,
            created_ms: 0,
            started_ms: None,
            completed_ms: None,
            url_expires_ms: 0,
            uploaded_ms: None,
            heartbeat_ms: 0,
            imported_users: 0,
            skipped_users: 0,
            failed_users: 0,
            completion_message: None,
            version: 1,
        };
        assert_eq!(
            job.status_at(UserImportJob::START_WINDOW_MS - 1),
            UserImportJobStatus::Created
        );
        assert_eq!(
            job.status_at(UserImportJob::START_WINDOW_MS),
            UserImportJobStatus::Expired
        );
        job.status = UserImportJobStatus::Pending;
        assert_eq!(
            job.status_at(UserImportJob::START_WINDOW_MS),
            UserImportJobStatus::Pending
        );
    }
}
