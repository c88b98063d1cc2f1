//! `cognate sms …`: the operator's side of the account's SMS — leaving and re-entering the
//! sandbox, marking a number opted out, and the month's spend by pool and country.

use anyhow::Context;
use clap::Subcommand;
use cognate_core::{
    clock::{Clock, SystemClock},
    model::SandboxExit,
    Cognate,
};

use crate::{
    config::{Config, ServeArgs},
    service,
};

/// `cognate sms …`: each takes the storage options of `cognate serve`.
#[derive(Debug, Subcommand)]
pub enum SmsCommand {
    /// The SMS sandbox: while in it, SMS go only to verified sandbox numbers.
    #[command(subcommand)]
    Sandbox(SandboxCommand),
    /// Mark a number opted out, as if its owner had replied STOP.
    OptOut {
        /// E.164 number.
        phone_number: String,
        #[command(flatten)]
        storage: ServeArgs,
    },
    /// Messages and spend of a month by pool and destination country.
    Report {
        /// `YYYY-MM` [default: the current month, UTC].
        #[arg(long)]
        month: Option<String>,
        #[command(flatten)]
        storage: ServeArgs,
    },
}

impl SmsCommand {
    /// The storage options the command was given.
    pub fn storage(&self) -> &ServeArgs {
        match self {
            SmsCommand::Sandbox(SandboxCommand::Exit { storage, .. })
            | SmsCommand::Sandbox(SandboxCommand::Enter { storage })
            | SmsCommand::OptOut { storage, .. }
            | SmsCommand::Report { storage, .. } => storage,
        }
    }
}

/// `cognate sms sandbox …`.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Take the account out of the sandbox at once, recording the request (SNS's exit form) as
    /// approved. The console files a request with all of the form's answers instead, which the
    /// operator then approves or denies.
    Exit {
        /// Company or organisation sending the messages.
        #[arg(long)]
        company: String,
        /// Website or app the messages are for.
        #[arg(long)]
        website: String,
        /// What the messages are for (e.g. "one-time passwords for sign-in").
        #[arg(long)]
        use_case: String,
        /// `Transactional` or `Promotional`.
        #[arg(long, default_value = "Transactional")]
        message_type: String,
        /// Expected messages per month.
        #[arg(long)]
        monthly_volume: u64,
        #[command(flatten)]
        storage: ServeArgs,
    },
    /// Put the account back into the sandbox.
    Enter {
        #[command(flatten)]
        storage: ServeArgs,
    },
}

/// Runs one `cognate sms` command on the storage of a server that has started before: with no
/// master key or no Cognate database there, it stops before creating either.
pub async fn run(command: SmsCommand, config: &Config) -> anyhow::Result<()> {
    let cognate = service::for_operator(config).await?;
    execute(command, &cognate, SystemClock.now_ms()).await
}

/// Runs one `cognate sms` command against the service.
async fn execute(command: SmsCommand, cognate: &Cognate, now_ms: i64) -> anyhow::Result<()> {
    match command {
        SmsCommand::Sandbox(SandboxCommand::Exit {
            company,
            website,
            use_case,
            message_type,
            monthly_volume,
            ..
        }) => {
            if !matches!(message_type.as_str(), "Transactional" | "Promotional") {
                anyhow::bail!("--message-type must be Transactional or Promotional");
            }
            cognate
                .exit_sms_sandbox(SandboxExit {
                    requested_ms: now_ms,
                    company,
                    website,
                    use_case,
                    message_type,
                    monthly_volume,
                    ..SandboxExit::default()
                })
                .await
                .context("leaving the SMS sandbox")?;
            println!("The account is out of the SMS sandbox: SMS may go to any number.");
        }
        SmsCommand::Sandbox(SandboxCommand::Enter { .. }) => {
            cognate
                .enter_sms_sandbox()
                .await
                .context("entering the SMS sandbox")?;
            println!("The account is in the SMS sandbox: SMS go only to verified sandbox numbers.");
        }
        SmsCommand::OptOut { phone_number, .. } => {
            cognate
                .opt_out_phone_number(&phone_number)
                .await
                .context("opting the number out")?;
            println!("{phone_number} is opted out: it receives no SMS until OptInPhoneNumber.");
        }
        SmsCommand::Report { month, .. } => {
            let (month, rows) = cognate
                .sms_report(month.as_deref())
                .await
                .context("reading the spend")?;
            print!("{}", report(&month, &rows));
        }
    }
    Ok(())
}

/// The report as a plain-text table with a total line.
fn report(month: &str, rows: &[cognate_core::model::SmsSpend]) -> String {
    let usd = |micro: i64| format!("{:.6}", micro as f64 / 1_000_000.0);
    let mut out = format!("SMS spend for {month} (USD)\n");
    out.push_str(&format!(
        "{:<24} {:<8} {:>10} {:>14}\n",
        "POOL", "COUNTRY", "MESSAGES", "SPEND"
    ));
    for row in rows {
        let pool = if row.pool_id.is_empty() {
            "(sns publish)"
        } else {
            &row.pool_id
        };
        out.push_str(&format!(
            "{pool:<24} {:<8} {:>10} {:>14}\n",
            row.country,
            row.messages,
            usd(row.micro_usd)
        ));
    }
    let (messages, micro): (i64, i64) = rows
        .iter()
        .fold((0, 0), |(m, s), r| (m + r.messages, s + r.micro_usd));
    out.push_str(&format!(
        "{:<24} {:<8} {messages:>10} {:>14}\n",
        "TOTAL",
        "",
        usd(micro)
    ));
    out
}

#[cfg(test)]
mod tests {
    use cognate_core::model::SmsSpend;

    use super::report;

    #[test]
    fn report_lists_rows_and_total() {
        let rows = vec![
            SmsSpend {
                pool_id: "us-east-1_abc".into(),
                country: "US".into(),
                messages: 3,
                micro_usd: 19_350,
            },
            SmsSpend {
                pool_id: String::new(),
                country: "GB".into(),
                messages: 1,
                micro_usd: 46_300,
            },
        ];
        let text = report("2026-12", &rows);
        assert!(text.contains("us-east-1_abc"), "{text}");
        assert!(text.contains("0.019350"), "{text}");
        assert!(
            text.lines().last().is_some_and(|l| l.contains("TOTAL")
                && l.contains(" 4 ")
                && l.contains("0.065650")),
            "{text}"
        );
    }
}
