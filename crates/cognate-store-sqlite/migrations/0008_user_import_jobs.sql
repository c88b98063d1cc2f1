-- User import jobs by id (unique across pools), with the status the worker finds them by and
-- a version that guards updates; and the CSV file of each job until the job ends.
CREATE TABLE user_import_jobs (
    job_id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX user_import_jobs_by_pool ON user_import_jobs (pool_id, job_id);
CREATE INDEX user_import_jobs_by_status ON user_import_jobs (status, job_id);

CREATE TABLE user_import_files (
    job_id TEXT PRIMARY KEY,
    pool_id TEXT NOT NULL,
    csv BLOB NOT NULL
);
CREATE INDEX user_import_files_by_pool ON user_import_files (pool_id);
