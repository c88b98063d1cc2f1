//! Copies of the database file. A backup is taken with `VACUUM INTO` through a connection of its
//! own: it reads one snapshot of the database, so it is consistent while the server keeps
//! writing (WAL lets both go on). A restore checks the copy (an intact SQLite file holding
//! Cognate's migrations table, none newer than this build knows) and writes it beside its
//! final place before renaming it there, so that a failure leaves no half-written database.

use std::{
    ffi::OsString,
    path::{Path, PathBuf},
    time::Duration,
};

use anyhow::{bail, Context};
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteConnection},
    ConnectOptions, Connection,
};

use crate::migrate::MIGRATIONS;

/// `path` with `suffix` appended to its file name (`cognate.db` → `cognate.db-wal`).
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// The files a database at `path` is made of: the database, its WAL and its shared memory.
pub fn database_files(path: &Path) -> [PathBuf; 3] {
    [
        path.to_path_buf(),
        beside(path, "-wal"),
        beside(path, "-shm"),
    ]
}

/// A connection to the existing database file at `path`, which it does not create.
async fn connect(path: &Path) -> anyhow::Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(path)
        .busy_timeout(Duration::from_secs(30))
        .connect()
        .await
        .with_context(|| format!("opening SQLite database {}", path.display()))
}

/// The newest migration the Cognate database on `conn` (read from `path`) has applied, after
/// checking that it is an intact SQLite database with Cognate's migrations table.
async fn schema_version(conn: &mut SqliteConnection, path: &Path) -> anyhow::Result<i64> {
    let shown = path.display();
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(&mut *conn)
        .await
        .with_context(|| format!("reading {shown}: is it an SQLite database?"))?;
    if verdict != ["ok"] {
        bail!(
            "{shown} is damaged (SQLite's quick_check: {})",
            verdict.join("; ")
        );
    }
    let is_cognate: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master \
         WHERE type = 'table' AND name = 'schema_migrations')",
    )
    .fetch_one(&mut *conn)
    .await
    .with_context(|| format!("reading the schema of {shown}"))?;
    if !is_cognate {
        bail!("{shown} is not a Cognate database: it has no schema_migrations table");
    }
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM schema_migrations")
        .fetch_one(&mut *conn)
        .await
        .with_context(|| format!("reading the migrations of {shown}"))?;
    let version = version.unwrap_or(0);
    let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    if version > known {
        bail!(
            "{shown} was written by a newer Cognate (schema {version}; this one knows up to \
             {known}): restore it with that version or a later one"
        );
    }
    Ok(version)
}

/// Writes a consistent copy of the database at `path` to `to`, which must not exist, while the
/// server may go on writing; the copy's schema version.
pub async fn backup(path: &Path, to: &Path) -> anyhow::Result<i64> {
    if !path.is_file() {
        bail!("no Cognate database at {}", path.display());
    }
    if to.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file, name a new one",
            to.display()
        );
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            bail!("no folder {} to write the backup in", dir.display());
        }
    }
    let target = to
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
    let mut conn = connect(path).await?;
    let version = schema_version(&mut conn, path).await?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut conn)
        .await
        .with_context(|| format!("writing the backup {}", to.display()))?;
    conn.close().await?;
    Ok(version)
}

/// Makes the backup `from` the database at `path`, where no database may be; the backup's
/// schema version (the server migrates it further when it starts).
pub async fn restore(from: &Path, path: &Path) -> anyhow::Result<i64> {
    if let Some(found) = database_files(path).iter().find(|f| f.exists()) {
        bail!(
            "{} exists: restore only into a data folder without a database",
            found.display()
        );
    }
    if !from.is_file() {
        bail!("no backup file {}", from.display());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let partial = beside(path, ".restoring");
    for file in database_files(&partial) {
        if file.exists() {
            std::fs::remove_file(&file).with_context(|| {
                format!("removing {} left by an earlier restore", file.display())
            })?;
        }
    }
    let target = partial
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", partial.display()))?
        .to_string();
    let mut conn = connect(from).await?;
    let version = schema_version(&mut conn, from).await?;
    // A copy through SQLite, not of the file: whatever the backup's own WAL still holds comes
    // along, and every page is read once more on the way.
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(target.as_str())
        .execute(&mut conn)
        .await;
    conn.close().await?;
    copied.with_context(|| format!("copying {} to {}", from.display(), partial.display()))?;
    std::fs::File::open(&partial)
        .and_then(|file| file.sync_all())
        .with_context(|| format!("syncing {}", partial.display()))?;
    std::fs::rename(&partial, path)
        .with_context(|| format!("moving {} to {}", partial.display(), path.display()))?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SqliteStore;

    fn scratch() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cognate-backup-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[tokio::test]
    async fn a_backup_restores_into_an_empty_folder_and_nowhere_else() {
        use cognate_core::store::SettingsStore;

        let dir = scratch();
        let live = dir.join("live").join("cognate.db");
        std::fs::create_dir_all(live.parent().unwrap()).unwrap();
        let store = SqliteStore::open(&live).await.unwrap();
        store.put_setting("backup.test", "kept").await.unwrap();

        let copy = dir.join("backup.db");
        let version = backup(&live, &copy).await.unwrap();
        assert_eq!(version, i64::try_from(MIGRATIONS.len()).unwrap());
        assert!(backup(&live, &copy).await.is_err(), "never overwrites");
        store.put_setting("backup.test", "later").await.unwrap();

        assert!(restore(&copy, &live).await.is_err(), "a database is there");
        let restored = dir.join("restored").join("cognate.db");
        restore(&copy, &restored).await.unwrap();
        let again = SqliteStore::open(&restored).await.unwrap();
        let value = again.find_setting("backup.test").await.unwrap();
        assert_eq!(
            value.as_deref(),
            Some("kept"),
            "the snapshot, not later writes"
        );

        let stranger = dir.join("stranger.db");
        std::fs::write(&stranger, b"not a database at all").unwrap();
        let error = restore(&stranger, &dir.join("other").join("cognate.db"))
            .await
            .unwrap_err();
        assert!(format!("{error:#}").contains("stranger.db"), "{error:#}");
        store.close().await;
        again.close().await;
        std::fs::remove_dir_all(&dir).ok();
    }
}
