//! A job's pre-signed URL and the file it takes. Cognito hands out an S3 URL; Cognate's points
//! at itself: `PUT {public_url}/user-import/{job_id}?expires={epoch s}&signature={hex}`, the
//! signature a keyed MAC of the pool, the job and the expiry, so the URL cannot be pointed at
//! another job or kept alive longer. It takes a file for an hour, as Cognito's does, while the
//! job is not started; a later upload replaces an earlier one.

use cognate_crypto::ct::ct_eq;

use crate::service::Cognate;
use crate::{
    error::CsvUploadError,
    model::{UserImportJob, UserImportJobStatus},
    store::StoreError,
};

/// How long a job's URL takes a file, in seconds (Cognito's pre-signed URL: an hour).
const URL_TTL_SECS: i64 = 3600;

/// When the URL of a job created at `now_ms` stops taking a file: whole seconds, as the URL
/// carries it.
pub(super) fn url_expiry(now_ms: i64) -> i64 {
    (now_ms.div_euclid(1000) + URL_TTL_SECS) * 1000
}

impl Cognate {
    /// The signature of the URL of job `job_id` of `pool_id` expiring at `expires` (epoch
    /// seconds, as the URL writes it).
    fn url_signature(&self, pool_id: &str, job_id: &str, expires: &str) -> String {
        self.master_key.mac_hex(
            "user-import-url",
            format!("{pool_id}|{job_id}|{expires}").as_bytes(),
        )
    }

    /// The pre-signed URL of a job.
    pub(super) fn import_url(&self, job: &UserImportJob) -> String {
        let expires = job.url_expires_ms.div_euclid(1000).to_string();
        format!(
            "{}/user-import/{}?expires={expires}&signature={}",
            self.config.public_url.trim_end_matches('/'),
            job.job_id,
            self.url_signature(&job.pool_id, &job.job_id, &expires)
        )
    }

    /// Keeps `csv` as the file of job `job_id`, given the `expires` and `signature` of the URL
    /// it was sent to. The signature is checked before anything about the job is told.
    pub async fn upload_user_import_csv(
        &self,
        job_id: &str,
        expires: &str,
        signature: &str,
        csv: &[u8],
    ) -> Result<(), CsvUploadError> {
        let Some(mut job) = self.store.find_import_job(job_id).await? else {
            return Err(CsvUploadError::BadSignature);
        };
        let expected = self.url_signature(&job.pool_id, &job.job_id, expires);
        if !ct_eq(expected.as_bytes(), signature.as_bytes()) {
            return Err(CsvUploadError::BadSignature);
        }
        let expires_ms = expires
            .parse::<i64>()
            .map_err(|_| CsvUploadError::BadSignature)?
            .saturating_mul(1000);
        for _ in 0..8 {
            let now = self.now_ms();
            if now >= expires_ms {
                return Err(CsvUploadError::Expired);
            }
            let status = job.status_at(now);
            if status != UserImportJobStatus::Created {
                return Err(CsvUploadError::NotAccepting(status.as_str()));
            }
            job.uploaded_ms = Some(now);
            match self.store.attach_import_csv(&job, csv).await {
                Ok(()) => return Ok(()),
                // Another upload, or StartUserImportJob, wrote first: look again.
                Err(StoreError::VersionMismatch) => {
                    job = self
                        .store
                        .find_import_job(job_id)
                        .await?
                        .ok_or(CsvUploadError::BadSignature)?;
                }
                Err(StoreError::NotFound) => return Err(CsvUploadError::BadSignature),
                Err(e) => return Err(e.into()),
            }
        }
        Err(CsvUploadError::Store(StoreError::VersionMismatch))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_expire_an_hour_later_on_a_whole_second() {
        assert_eq!(url_expiry(1_700_000_000_999), 1_700_003_600_000);
        assert_eq!(url_expiry(0), 3_600_000);
    }
}
