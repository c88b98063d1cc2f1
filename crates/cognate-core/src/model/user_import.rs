//! User import jobs: a CSV file of users, uploaded to the job's pre-signed URL, then read by a
//! background worker that creates the users. The job document carries its state and counters;
//! the file is kept beside it until the job ends.

use serde::{Deserialize, Serialize};

/// `UserImportJobStatusType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserImportJobStatus {
    /// Created, not started (the file may be uploaded).
    Created,
    /// Started; waiting for a worker.
    Pending,
    /// A worker is creating the users.
    InProgress,
    /// Asked to stop; the worker stops at its next progress point.
    Stopping,
    /// Not started within a day of its creation.
    Expired,
    /// Stopped before the end of the file.
    Stopped,
    /// The file could not be read, or too many rows failed.
    Failed,
    /// Every row was read.
    Succeeded,
}

impl UserImportJobStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserImportJobStatus::Created => "Created",
            UserImportJobStatus::Pending => "Pending",
            UserImportJobStatus::InProgress => "InProgress",
            UserImportJobStatus::Stopping => "Stopping",
            UserImportJobStatus::Expired => "Expired",
            UserImportJobStatus::Stopped => "Stopped",
            UserImportJobStatus::Failed => "Failed",
            UserImportJobStatus::Succeeded => "Succeeded",
        }
    }

    /// Whether the job has ended and nothing will change it again.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            UserImportJobStatus::Expired
                | UserImportJobStatus::Stopped
                | UserImportJobStatus::Failed
                | UserImportJobStatus::Succeeded
        )
    }
}

/// A user import job (CreateUserImportJob).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserImportJob {
    /// The pool the users go to.
    pub pool_id: String,
    /// `import-` and ten letters and digits; unique across pools.
    pub job_id: String,
    /// `JobName`.
    pub job_name: String,
    /// `CloudWatchLogsRoleArn`, kept as given.
    pub cloud_watch_logs_role_arn: String,
    /// Where the job stands.
    pub status: UserImportJobStatus,
    /// Epoch ms.
    pub created_ms: i64,
    /// When StartUserImportJob was called, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<i64>,
    /// When the job ended, epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_ms: Option<i64>,
    /// When the pre-signed URL stops accepting a file, epoch ms.
    pub url_expires_ms: i64,
    /// When the CSV file arrived (the last upload), epoch ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_ms: Option<i64>,
    /// Last time a worker wrote to the job, epoch ms; a job in progress whose worker went
    /// quiet for long is taken over by another.
    #[serde(default)]
    pub heartbeat_ms: i64,
    /// `ImportedUsers`.
    #[serde(default)]
    pub imported_users: i64,
    /// `SkippedUsers`.
    #[serde(default)]
    pub skipped_users: i64,
    /// `FailedUsers`.
    #[serde(default)]
    pub failed_users: i64,
    /// `CompletionMessage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_message: Option<String>,
    /// Optimistic-concurrency version, maintained by the store.
    #[serde(skip)]
    pub version: i64,
}

impl UserImportJob {
    /// A job not started within this long of its creation expires (Cognito: 24 to 48 hours).
    pub const START_WINDOW_MS: i64 = 24 * 3600 * 1000;

    /// The status the job shows at `now_ms`: a job left unstarted past its window has expired
    /// even before the worker records it.
    pub fn status_at(&self, now_ms: i64) -> UserImportJobStatus {
        if self.status == UserImportJobStatus::Created
            && now_ms - self.created_ms >= Self::START_WINDOW_MS
        {
            UserImportJobStatus::Expired
        } else {
            self.status
        }
    }

    /// Rows of the file dealt with so far, however they ended.
    pub fn rows_done(&self) -> i64 {
        self.imported_users + self.skipped_users + self.failed_users
    }
}
