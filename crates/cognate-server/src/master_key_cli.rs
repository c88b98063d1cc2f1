//! `cognate master-key rotate`: seals every secret at rest again under a new master key, in one
//! store transaction (see `cognate_core::service::master_key` for what is sealed and what is
//! not). Nodes running with the old key cannot open what the rotation wrote: stop them all
//! first, and start them again with the new key file.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Subcommand;

use crate::{
    config::{Config, ServeArgs},
    service, storage,
};

/// `cognate master-key …`: each takes the storage options of `cognate serve`, whose
/// `--master-key-file` names the current key.
#[derive(Debug, Subcommand)]
pub enum MasterKeyCommand {
    /// Seal every secret at rest again under the key in --new-key-file, in one transaction.
    /// Stop every node first; start them again with --master-key-file set to the new file.
    Rotate {
        /// File holding the new master key (base64); a new key is made there (mode 0600) when
        /// the file does not exist.
        #[arg(long)]
        new_key_file: PathBuf,
        #[command(flatten)]
        storage: ServeArgs,
    },
}

impl MasterKeyCommand {
    /// The storage options the command was given.
    pub fn storage(&self) -> &ServeArgs {
        match self {
            MasterKeyCommand::Rotate { storage, .. } => storage,
        }
    }
}

/// Whether two paths name one file (the second may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Runs one `cognate master-key` command on the storage of a server that has started before.
pub async fn run(command: MasterKeyCommand, config: &Config) -> anyhow::Result<()> {
    let MasterKeyCommand::Rotate { new_key_file, .. } = command;
    if same_file(&new_key_file, &config.master_key_file) {
        bail!(
            "--new-key-file names the current master key file {}: give a new file",
            config.master_key_file.display()
        );
    }
    let cognate = service::for_operator(config).await?;
    let new_key = storage::load_or_create_master_key(&new_key_file)?;
    let counts = cognate
        .reseal_secrets(&new_key)
        .await
        .context("sealing the secrets at rest again under the new master key")?;
    println!(
        "Sealed again under the master key in {new}: {} signing keys, {} app client secrets, \
         {} users (password verifiers, authenticator apps, devices), {} identity providers.\n\
         Start every node with --master-key-file {new}. The old key file {old} no longer opens \
         this database: destroy it once the new one is stored safely (backups of the database \
         taken before now still need it).",
        counts.signing_keys,
        counts.clients,
        counts.users,
        counts.identity_providers,
        new = new_key_file.display(),
        old = config.master_key_file.display(),
    );
    Ok(())
}
