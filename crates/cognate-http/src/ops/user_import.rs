//! Importing users from a CSV file: GetCSVHeader, CreateUserImportJob, DescribeUserImportJob,
//! ListUserImportJobs, StartUserImportJob, StopUserImportJob. The file itself arrives at
//! `PUT /user-import/{job_id}` (`user_import_upload.rs`).

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    CreateUserImportJobRequest, GetCSVHeaderRequest, GetCSVHeaderResponse,
    ListUserImportJobsRequest, ListUserImportJobsResponse, UserImportJobRequest,
    UserImportJobResponse,
};

use super::wire::{pool_id, present, required};

/// GetCSVHeader.
pub async fn get_csv_header(
    c: &Cognate,
    _rc: &RequestContext,
    req: GetCSVHeaderRequest,
) -> CoreResult<GetCSVHeaderResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.get_csv_header(&pool).await
}

/// CreateUserImportJob.
pub async fn create_user_import_job(
    c: &Cognate,
    _rc: &RequestContext,
    req: CreateUserImportJobRequest,
) -> CoreResult<UserImportJobResponse> {
    let name = required(&req.job_name, "jobName")?;
    let pool = pool_id(&req.user_pool_id)?;
    let role = required(&req.cloud_watch_logs_role_arn, "cloudWatchLogsRoleArn")?;
    c.create_user_import_job(&pool, name, role).await
}

/// DescribeUserImportJob.
pub async fn describe_user_import_job(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserImportJobRequest,
) -> CoreResult<UserImportJobResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let job = required(&req.job_id, "jobId")?;
    c.describe_user_import_job(&pool, job).await
}

/// ListUserImportJobs.
pub async fn list_user_import_jobs(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListUserImportJobsRequest,
) -> CoreResult<ListUserImportJobsResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let max_results = present(req.max_results, "maxResults")?;
    c.list_user_import_jobs(&pool, max_results, req.pagination_token.as_deref())
        .await
}

/// StartUserImportJob.
pub async fn start_user_import_job(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserImportJobRequest,
) -> CoreResult<UserImportJobResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let job = required(&req.job_id, "jobId")?;
    c.start_user_import_job(&pool, job).await
}

/// StopUserImportJob.
pub async fn stop_user_import_job(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserImportJobRequest,
) -> CoreResult<UserImportJobResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let job = required(&req.job_id, "jobId")?;
    c.stop_user_import_job(&pool, job).await
}
