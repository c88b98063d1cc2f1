//! `cognate keys …`: the operator's side of the pools' token-signing keys — listing them,
//! rotating (a new key pair signs new tokens; the older keys keep verifying the tokens they
//! signed) and retiring an older key (the tokens it signed stop verifying). Running nodes see
//! either change when they next read the pool's keys: within `--signing-key-refresh-secs`
//! (60 s by default), or at once for a token naming a key they have not read yet.

use anyhow::Context;
use clap::Subcommand;
use cognate_core::model::SigningKeyInfo;

use crate::{
    config::{Config, ServeArgs},
    service,
};

/// `cognate keys …`: each takes the storage options of `cognate serve`.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// The pool's keys: kid, tokens signed, generation, creation time, and whether it signs
    /// new tokens (current) or only verifies older ones (previous).
    List {
        /// The pool's id.
        #[arg(long)]
        pool: String,
        #[command(flatten)]
        storage: ServeArgs,
    },
    /// Add a key pair (ID tokens, access tokens) that signs the pool's new tokens from then on.
    Rotate {
        /// The pool's id.
        #[arg(long)]
        pool: String,
        #[command(flatten)]
        storage: ServeArgs,
    },
    /// Remove a key that no longer signs: the JWKS drops it and the tokens it signed stop
    /// verifying. The current keys cannot be retired.
    Retire {
        /// The pool's id.
        #[arg(long)]
        pool: String,
        /// The key's id, as `cognate keys list` shows it.
        #[arg(long)]
        kid: String,
        #[command(flatten)]
        storage: ServeArgs,
    },
}

impl KeysCommand {
    /// The storage options the command was given.
    pub fn storage(&self) -> &ServeArgs {
        match self {
            KeysCommand::List { storage, .. }
            | KeysCommand::Rotate { storage, .. }
            | KeysCommand::Retire { storage, .. } => storage,
        }
    }
}

/// Runs one `cognate keys` command on the storage of a server that has started before.
pub async fn run(command: KeysCommand, config: &Config) -> anyhow::Result<()> {
    let cognate = service::for_operator(config).await?;
    match command {
        KeysCommand::List { pool, .. } => {
            let keys = cognate
                .list_signing_keys(&pool)
                .await
                .with_context(|| format!("listing the signing keys of pool {pool}"))?;
            print!("{}", table(&keys));
        }
        KeysCommand::Rotate { pool, .. } => {
            let added = cognate
                .rotate_signing_keys(&pool)
                .await
                .with_context(|| format!("rotating the signing keys of pool {pool}"))?;
            print!("{}", table(&added));
            println!(
                "These keys sign pool {pool}'s new tokens as soon as each node reads the pool's \
                 keys again (within its --signing-key-refresh-secs, 60 s by default). The older \
                 keys stay in the JWKS and keep verifying the tokens they signed until you retire \
                 them with `cognate keys retire --pool {pool} --kid KID`."
            );
        }
        KeysCommand::Retire { pool, kid, .. } => {
            let retired = cognate
                .retire_signing_key(&pool, &kid)
                .await
                .with_context(|| format!("retiring signing key {kid} of pool {pool}"))?;
            println!(
                "Retired {kid} ({} tokens, generation {}) from pool {pool}. Nodes drop it when \
                 they next read the pool's keys; from then on the tokens it signed are refused.",
                retired.token_use.as_str(),
                retired.generation
            );
        }
    }
    Ok(())
}

/// The keys as a plain-text table, a header line first.
fn table(keys: &[SigningKeyInfo]) -> String {
    let row = |kid: &str, token_use: &str, generation: &str, created: &str, status: &str| {
        format!("{kid:<44}  {token_use:<6}  {generation:>10}  {created:<20}  {status}\n")
    };
    let mut out = row("KID", "USE", "GENERATION", "CREATED", "STATUS");
    for key in keys {
        out.push_str(&row(
            &key.kid,
            key.token_use.as_str(),
            &key.generation.to_string(),
            &key.created_utc(),
            if key.is_current {
                "current"
            } else {
                "previous"
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use cognate_core::model::{SigningKeyInfo, TokenUse};

    use super::table;

    #[test]
    fn the_table_has_one_line_per_key_with_five_columns() {
        let key = |generation, is_current| SigningKeyInfo {
            kid: "rFAF0Kz4ZOhcQ3AYxoVu3aNPuTqpzNbOmGI/3tdU7XE=".into(),
            token_use: TokenUse::Access,
            generation,
            created_ms: 1_796_660_772_000,
            is_current,
        };
        let text = table(&[key(2, true), key(1, false)]);
        let lines: Vec<Vec<&str>> = text
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(lines[0], ["KID", "USE", "GENERATION", "CREATED", "STATUS"]);
        assert_eq!(
            lines[1][1..],
            ["access", "2", "2026-12-07T16:26:12Z", "current"]
        );
        assert_eq!(lines[2][4], "previous");
    }
}
