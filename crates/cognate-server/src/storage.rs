//! Where the server's state lives: the master key file and the database. `cognate serve`
//! creates what is missing on its first start; the operator's commands (`cognate sms …`,
//! `cognate issuer …`, `cognate keys …`, `cognate master-key …`, `cognate backup`) work only on
//! what exists.

use std::{io::Write, path::Path, sync::Arc};

use anyhow::Context;
use cognate_core::{metrics::ConnectionPools, store::Store};
use cognate_crypto::secretbox::MasterKey;

use crate::config::Database;

/// Loads the master key, creating it (mode 0600) on first start.
pub fn load_or_create_master_key(path: &Path) -> anyhow::Result<MasterKey> {
    if path.exists() {
        return read_master_key(path);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let key = MasterKey::generate();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{}", key.to_base64())?;
    file.sync_all()?;
    tracing::info!(path = %path.display(), "created a new master key; nodes sharing a database need the same key");
    Ok(key)
}

/// Reads the master key `cognate serve` created.
pub fn read_master_key(path: &Path) -> anyhow::Result<MasterKey> {
    if !path.exists() {
        anyhow::bail!("no master key at {}: {START_FIRST}", path.display());
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    MasterKey::from_base64(&text)
        .map_err(|e| anyhow::anyhow!("invalid master key in {}: {e}", path.display()))
}

/// The store `cognate serve` runs on, and its connection pools as the metrics count them.
pub type Opened = (Arc<dyn Store>, Arc<dyn ConnectionPools>);

/// Opens the database, creating it (and its folder) on first start.
pub async fn open_store(database: &Database) -> anyhow::Result<Opened> {
    Ok(match database {
        Database::Sqlite(path) => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            tracing::info!(path = %path.display(), "using embedded SQLite");
            opened(cognate_store_sqlite::SqliteStore::open(path).await?)
        }
        Database::Postgres(url) => {
            tracing::info!("using PostgreSQL");
            opened(cognate_store_postgres::PgStore::open(url.expose()).await?)
        }
    })
}

/// One store, seen both ways.
fn opened<S: Store + ConnectionPools + 'static>(store: S) -> Opened {
    let store = Arc::new(store);
    let pools: Arc<dyn ConnectionPools> = store.clone();
    let store: Arc<dyn Store> = store;
    (store, pools)
}

/// Opens the database `cognate serve` created; creates nothing.
pub async fn open_existing_store(database: &Database) -> anyhow::Result<Arc<dyn Store>> {
    Ok(match database {
        Database::Sqlite(path) => match cognate_store_sqlite::open_existing(path).await? {
            Some(store) => Arc::new(store),
            None => anyhow::bail!("no Cognate database at {}: {START_FIRST}", path.display()),
        },
        Database::Postgres(url) => {
            match cognate_store_postgres::open_existing(url.expose()).await? {
                Some(store) => Arc::new(store),
                None => anyhow::bail!(
                    "the PostgreSQL database has no Cognate schema (no table schema_migrations): \
                     {START_FIRST}"
                ),
            }
        }
    })
}

/// What to do when an operator's command finds no server state.
const START_FIRST: &str = "start `cognate serve` once with the same storage options \
     (--data-dir, --database-url, --master-key-file), then run this again";
