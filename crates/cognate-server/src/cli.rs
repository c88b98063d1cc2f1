//! The command line: `cognate serve` and the operator's commands, each declared in the module
//! that runs it.

use clap::{Parser, Subcommand};

use crate::{
    audit_cli::AuditCommand,
    backup::{BackupArgs, RestoreArgs},
    config::ServeArgs,
    issuer::IssuerCommand,
    keys_cli::KeysCommand,
    master_key_cli::MasterKeyCommand,
    sms_cli::SmsCommand,
};

/// Cognate: a self-hosted server for the Amazon Cognito user-pools API.
#[derive(Debug, Parser)]
#[command(name = "cognate", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the Cognito API.
    Serve(ServeArgs),
    /// Operate the account's SMS: the sandbox, opt-outs, the spend report.
    #[command(subcommand)]
    Sms(SmsCommand),
    /// The deployment's public URL, the base of its token issuers.
    #[command(subcommand)]
    Issuer(IssuerCommand),
    /// The pools' token-signing keys: list, rotate, retire.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// The master key that seals the secrets at rest: rotate.
    #[command(subcommand)]
    MasterKey(MasterKeyCommand),
    /// The audit log: export.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Copy the embedded SQLite database while the server serves (PostgreSQL: pg_dump).
    Backup(BackupArgs),
    /// Make a backup the database of a data folder that has none (PostgreSQL: pg_restore).
    Restore(RestoreArgs),
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;

    use super::{Cli, Command};
    use crate::{
        config::{Config, Database},
        issuer::IssuerCommand,
    };

    fn serve_args(args: &[&str]) -> crate::config::ServeArgs {
        let cli = Cli::try_parse_from([&["cognate", "serve"], args].concat()).unwrap();
        let Command::Serve(args) = cli.command else {
            panic!("not serve: {cli:?}");
        };
        args
    }

    #[test]
    fn issuer_set_takes_the_url_and_the_storage_options() {
        let cli = Cli::try_parse_from([
            "cognate",
            "issuer",
            "set",
            "https://auth.example.com",
            "--data-dir",
            "/srv/cognate",
        ])
        .unwrap();
        let Command::Issuer(command) = cli.command else {
            panic!("not issuer: {cli:?}");
        };
        let config = Config::load(command.storage().clone()).unwrap();
        let Database::Sqlite(path) = &config.database else {
            panic!("not SQLite: {config:?}");
        };
        assert_eq!(
            path,
            &std::path::Path::new("/srv/cognate").join("cognate.db")
        );
        let IssuerCommand::Set { url, .. } = command;
        assert_eq!(url, "https://auth.example.com");
    }

    #[test]
    fn operator_commands_take_their_own_options_and_the_storage_options() {
        let cli = Cli::try_parse_from([
            "cognate",
            "keys",
            "retire",
            "--pool",
            "us-east-1_a",
            "--kid",
            "k1",
            "--data-dir",
            "/srv/cognate",
            "--signing-key-refresh-secs",
            "5",
        ])
        .unwrap();
        let Command::Keys(command) = cli.command else {
            panic!("not keys: {cli:?}");
        };
        let config = Config::load(command.storage().clone()).unwrap();
        assert_eq!(config.signing_key_refresh, Duration::from_secs(5));
        let cli = Cli::try_parse_from([
            "cognate",
            "master-key",
            "rotate",
            "--new-key-file",
            "/keys/new.key",
            "--master-key-file",
            "/keys/old.key",
        ])
        .unwrap();
        assert!(matches!(cli.command, Command::MasterKey(_)), "{cli:?}");
        for args in [["backup", "--to"], ["restore", "--from"]] {
            let cli = Cli::try_parse_from(["cognate", args[0], args[1], "/tmp/cognate.backup"]);
            assert!(cli.is_ok(), "{args:?}");
        }
        let error = Config::load(serve_args(&["--signing-key-refresh-secs", "0"])).unwrap_err();
        assert!(
            format!("{error:#}").contains("--signing-key-refresh-secs"),
            "{error:#}"
        );
    }
}
