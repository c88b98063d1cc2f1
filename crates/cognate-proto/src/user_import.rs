//! Importing users from a CSV file: GetCSVHeader, CreateUserImportJob, StartUserImportJob,
//! DescribeUserImportJob, ListUserImportJobs, StopUserImportJob.
//! <https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-using-import-tool.html>

use serde::{Deserialize, Serialize};

/// `UserImportJobType`.
/// <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserImportJobType.html>
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobType {
    /// The name given at creation.
    pub job_name: String,
    /// `import-` and ten letters and digits.
    pub job_id: String,
    /// Pool id.
    pub user_pool_id: String,
    /// Where the CSV file goes (`PUT`); Cognate's own URL where Cognito hands out an S3 one.
    pub pre_signed_url: String,
    /// Epoch seconds.
    pub creation_date: f64,
    /// Epoch seconds, once started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<f64>,
    /// Epoch seconds, once it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_date: Option<f64>,
    /// `Created`, `Pending`, `InProgress`, `Stopping`, `Expired`, `Stopped`, `Failed` or
    /// `Succeeded`.
    pub status: String,
    /// The CloudWatch Logs role given at creation (kept; Cognate logs to its own log).
    pub cloud_watch_logs_role_arn: String,
    /// Users created so far.
    pub imported_users: i64,
    /// Rows passed over.
    pub skipped_users: i64,
    /// Rows that could not become users.
    pub failed_users: i64,
    /// Why the job ended as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_message: Option<String>,
}

/// GetCSVHeader input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCSVHeaderRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
}

/// GetCSVHeader output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetCSVHeaderResponse {
    /// Pool id.
    pub user_pool_id: String,
    /// The columns a CSV file of the pool may have.
    #[serde(rename = "CSVHeader")]
    pub csv_header: Vec<String>,
}

/// CreateUserImportJob input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserImportJobRequest {
    /// 1–128 characters.
    #[serde(default)]
    pub job_name: Option<String>,
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// An IAM role ARN (required by Cognito, kept as given).
    #[serde(default)]
    pub cloud_watch_logs_role_arn: Option<String>,
}

/// DescribeUserImportJob, StartUserImportJob and StopUserImportJob input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// The job.
    #[serde(default)]
    pub job_id: Option<String>,
}

/// CreateUserImportJob, DescribeUserImportJob, StartUserImportJob and StopUserImportJob output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserImportJobResponse {
    /// The job.
    pub user_import_job: UserImportJobType,
}

/// ListUserImportJobs input.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserImportJobsRequest {
    /// Pool id.
    #[serde(default)]
    pub user_pool_id: Option<String>,
    /// Page size, 1–60 (required).
    #[serde(default)]
    pub max_results: Option<i64>,
    /// Cursor from the previous page.
    #[serde(default)]
    pub pagination_token: Option<String>,
}

/// ListUserImportJobs output.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserImportJobsResponse {
    /// One page of jobs.
    pub user_import_jobs: Vec<UserImportJobType>,
    /// Present when more follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}
