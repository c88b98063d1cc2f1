//! `cognate audit export`: the audit log as JSON lines on stdout, one event per line, oldest
//! first, read from the database a page at a time (the fields: README, "The audit log"). It
//! works on the storage of a server that has started before, while that server runs or not.

use std::io::Write;

use anyhow::Context;
use clap::Subcommand;
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

use crate::{
    config::{Config, ServeArgs},
    service,
};

/// `cognate audit …`: each takes the storage options of `cognate serve`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Write the audit log's events to stdout as JSON lines, oldest first.
    Export {
        /// Only events from this time on: RFC 3339 (`2026-05-01T00:00:00Z`) or epoch seconds.
        #[arg(long)]
        since: Option<String>,
        /// Only the events of this pool.
        #[arg(long)]
        pool: Option<String>,
        #[command(flatten)]
        storage: ServeArgs,
    },
}

impl AuditCommand {
    /// The storage options the command was given.
    pub fn storage(&self) -> &ServeArgs {
        match self {
            AuditCommand::Export { storage, .. } => storage,
        }
    }
}

/// `--since`: an RFC 3339 time, or epoch seconds (a fraction allowed), as epoch ms.
fn since_ms(text: &str) -> anyhow::Result<i64> {
    if let Ok(secs) = text.trim().parse::<f64>() {
        if secs.is_finite() {
            // A float out of range becomes the nearest i64, which is what a bound should do.
            let ms = (secs * 1000.0).round() as i64;
            return Ok(ms);
        }
    }
    let at = OffsetDateTime::parse(text.trim(), &Rfc3339).with_context(|| {
        format!("--since {text:?} is neither an RFC 3339 time nor epoch seconds")
    })?;
    Ok(i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MIN))
}

/// Runs one `cognate audit` command on the storage of a server that has started before.
pub async fn run(command: AuditCommand, config: &Config) -> anyhow::Result<()> {
    let AuditCommand::Export { since, pool, .. } = command;
    let since = since
        .as_deref()
        .map(since_ms)
        .transpose()?
        .unwrap_or(i64::MIN);
    let cognate = service::for_operator(config).await?;
    let mut after: Option<String> = None;
    loop {
        let (lines, next) = cognate
            .export_audit_events(pool.as_deref(), since, after.as_deref())
            .await
            .context("reading the audit log")?;
        let mut out = std::io::stdout().lock();
        for line in &lines {
            writeln!(out, "{line}").context("writing to stdout")?;
        }
        out.flush().context("writing to stdout")?;
        match next {
            Some(next) => after = Some(next),
            None => return Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::since_ms;

    #[test]
    fn since_takes_rfc_3339_or_epoch_seconds() {
        assert_eq!(since_ms("1714564800").unwrap(), 1_714_564_800_000);
        assert_eq!(since_ms("1714564800.25").unwrap(), 1_714_564_800_250);
        assert_eq!(since_ms("2024-05-01T12:00:00Z").unwrap(), 1_714_564_800_000);
        assert_eq!(
            since_ms("2024-05-01T14:00:00.5+02:00").unwrap(),
            1_714_564_800_500
        );
        let error = since_ms("yesterday").unwrap_err();
        assert!(format!("{error:#}").contains("--since"), "{error:#}");
    }
}
