//! `cognate backup` and `cognate restore`, for the embedded SQLite database: a consistent copy
//! taken while the server serves, and that copy made the database of an empty data folder.
//! PostgreSQL deployments use PostgreSQL's own tools (README, "Backups and restores"). Either
//! way the master key file is not in the database: a backup is of no use without it.

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use cognate_core::service::master_key::deployment_master_key;
use cognate_store_sqlite::SqliteStore;

use crate::{
    config::{Config, Database, ServeArgs},
    storage,
};

const PG_BACKUP: &str = "the database is PostgreSQL: back it up with pg_dump, e.g. \
     `pg_dump --format=custom --file=cognate.dump \"$DATABASE_URL\"`, and keep the master key \
     file apart from the dump (README, \"Backups and restores\")";

const PG_RESTORE: &str = "the database is PostgreSQL: restore a pg_dump archive with \
     pg_restore into an empty database, e.g. `pg_restore --no-owner --exit-on-error \
     --dbname=\"$NEW_DATABASE_URL\" cognate.dump`, then start the nodes on it with the master \
     key file of the dumped deployment (README, \"Backups and restores\")";

/// `cognate backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// File to write the copy to; it must not exist.
    #[arg(long)]
    pub to: PathBuf,
    #[command(flatten)]
    pub storage: ServeArgs,
}

/// `cognate restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file `cognate backup` wrote.
    #[arg(long)]
    pub from: PathBuf,
    #[command(flatten)]
    pub storage: ServeArgs,
}

/// Copies the database of `--data-dir` (or `--database-url sqlite://…`) to `--to`.
pub async fn backup(args: BackupArgs, config: &Config) -> anyhow::Result<()> {
    let Database::Sqlite(path) = &config.database else {
        bail!(PG_BACKUP);
    };
    let version = cognate_store_sqlite::backup(path, &args.to).await?;
    println!(
        "Backed up {} to {} (schema {version}). The backup's secrets are sealed with the master \
         key in {}: keep a copy of that file apart from the backup; without it the backup \
         cannot be used.",
        path.display(),
        args.to.display(),
        config.master_key_file.display()
    );
    Ok(())
}

/// Makes the backup `--from` the database of a data folder that has none, after checking that
/// the master key opens it; on any failure the folder is left without a database again.
pub async fn restore(args: RestoreArgs, config: &Config) -> anyhow::Result<()> {
    let Database::Sqlite(path) = &config.database else {
        bail!(PG_RESTORE);
    };
    if !config.master_key_file.is_file() {
        bail!(
            "no master key at {}: a restore needs the master key file of the deployment that \
             was backed up; copy it there, or name it with --master-key-file",
            config.master_key_file.display()
        );
    }
    let key = storage::read_master_key(&config.master_key_file)?;
    let version = cognate_store_sqlite::restore(&args.from, path).await?;
    let checked = async {
        let store = SqliteStore::open(path)
            .await
            .context("opening the restored database")?;
        let opened = deployment_master_key(&store, key).await;
        store.close().await;
        opened.context("checking the master key against the restored database")?;
        Ok::<(), anyhow::Error>(())
    }
    .await;
    if let Err(e) = checked {
        for file in cognate_store_sqlite::database_files(path) {
            if file.exists() {
                std::fs::remove_file(&file)
                    .with_context(|| format!("removing {}", file.display()))?;
            }
        }
        return Err(e.context(format!(
            "{} was not restored (the copy was removed again)",
            args.from.display()
        )));
    }
    println!(
        "Restored {} (schema {version}) to {}. Start the server with the same storage options \
         and --master-key-file {}.",
        args.from.display(),
        path.display(),
        config.master_key_file.display()
    );
    Ok(())
}
