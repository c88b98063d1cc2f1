//! The one typed configuration: command-line options, each also read from `COGNATE_<OPTION>`,
//! then from an optional `--config cognate.toml`, then defaults. Validated once at start.

use std::{net::SocketAddr, path::PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Deserialize;

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
}

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

/// `cognate sms sandbox …`.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Take the account out of the sandbox, recording the request (SNS's exit form).
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

/// Where codes go by email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EmailSenderKind {
    /// Print to the console.
    Log,
    /// Send through `--smtp-url`.
    Smtp,
}

/// Where codes go by SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsSenderKind {
    /// Print to the console.
    Log,
    /// POST JSON to `--sms-webhook-url`.
    Webhook,
    /// Amazon SNS, through each pool's SmsConfiguration role.
    Sns,
}

/// Options of `cognate serve`.
#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// TOML file with any of the options below (keys in snake_case).
    #[arg(long, env = "COGNATE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:9229].
    #[arg(long, env = "COGNATE_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// Folder of the embedded database and key file [default: ./cognate-data].
    #[arg(long, env = "COGNATE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `postgres://…` or `sqlite://PATH` instead of the embedded default.
    #[arg(long, env = "COGNATE_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Base URL of token issuers [default: http://<listen>].
    #[arg(long, env = "COGNATE_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Region in pool ids and ARNs [default: us-east-1].
    #[arg(long, env = "COGNATE_REGION")]
    pub region: Option<String>,
    /// Email carrier [default: log].
    #[arg(long, env = "COGNATE_EMAIL_SENDER", value_enum)]
    pub email_sender: Option<EmailSenderKind>,
    /// SMTP server, e.g. smtp://127.0.0.1:25 or smtps://user:pass@host:465.
    #[arg(long, env = "COGNATE_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender address of emails [default: no-reply@verificationemail.com].
    #[arg(long, env = "COGNATE_EMAIL_FROM")]
    pub email_from: Option<String>,
    /// SMS carrier [default: log].
    #[arg(long, env = "COGNATE_SMS_SENDER", value_enum)]
    pub sms_sender: Option<SmsSenderKind>,
    /// Webhook receiving SMS as JSON.
    #[arg(long, env = "COGNATE_SMS_WEBHOOK_URL")]
    pub sms_webhook_url: Option<String>,
    /// SNS endpoint for `--sms-sender sns` [default: the region's].
    #[arg(long, env = "COGNATE_SNS_ENDPOINT_URL")]
    pub sns_endpoint_url: Option<String>,
    /// STS endpoint for `--sms-sender sns` [default: the region's].
    #[arg(long, env = "COGNATE_STS_ENDPOINT_URL")]
    pub sts_endpoint_url: Option<String>,
    /// TOML file of SMS prices in USD by country (`US = 0.00645`, `default = 0.15`).
    #[arg(long, env = "COGNATE_SMS_PRICES")]
    pub sms_prices: Option<PathBuf>,
    /// At most this many SMS per destination number per hour [default: no cap].
    #[arg(long, env = "COGNATE_SMS_MAX_PER_NUMBER_PER_HOUR")]
    pub sms_max_per_number_per_hour: Option<u32>,
    /// At most this many SMS per destination country per hour [default: no cap].
    #[arg(long, env = "COGNATE_SMS_MAX_PER_COUNTRY_PER_HOUR")]
    pub sms_max_per_country_per_hour: Option<u32>,
    /// Access key id that signs admin operations (SigV4).
    #[arg(long, env = "COGNATE_ADMIN_ACCESS_KEY_ID")]
    pub admin_access_key_id: Option<String>,
    /// Secret access key that signs admin operations.
    #[arg(long, env = "COGNATE_ADMIN_SECRET_ACCESS_KEY", hide_env_values = true)]
    pub admin_secret_access_key: Option<String>,
    /// File holding the master key (base64); created with mode 0600 if missing
    /// [default: <data-dir>/master.key].
    #[arg(long, env = "COGNATE_MASTER_KEY_FILE")]
    pub master_key_file: Option<PathBuf>,
    /// Log format.
    #[arg(long, env = "COGNATE_LOG_FORMAT")]
    pub log_format: Option<String>,
}

/// The same options as a TOML file holds them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    public_url: Option<String>,
    region: Option<String>,
    email_sender: Option<EmailSenderKind>,
    smtp_url: Option<String>,
    email_from: Option<String>,
    sms_sender: Option<SmsSenderKind>,
    sms_webhook_url: Option<String>,
    sns_endpoint_url: Option<String>,
    sts_endpoint_url: Option<String>,
    sms_prices: Option<PathBuf>,
    sms_max_per_number_per_hour: Option<u32>,
    sms_max_per_country_per_hour: Option<u32>,
    admin_access_key_id: Option<String>,
    admin_secret_access_key: Option<String>,
    master_key_file: Option<PathBuf>,
    log_format: Option<String>,
}

/// Which database.
#[derive(Debug, Clone)]
pub enum Database {
    /// Embedded SQLite at this path.
    Sqlite(PathBuf),
    /// PostgreSQL at this URL.
    Postgres(String),
}

/// The validated configuration.
#[derive(Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub database: Database,
    pub public_url: Option<String>,
    pub region: String,
    pub email_sender: EmailSenderKind,
    pub smtp_url: Option<String>,
    pub email_from: String,
    pub sms_sender: SmsSenderKind,
    pub sms_webhook_url: Option<String>,
    pub sns_endpoint_url: Option<String>,
    pub sts_endpoint_url: Option<String>,
    /// Price overrides, USD by country.
    pub sms_prices: std::collections::BTreeMap<String, f64>,
    pub sms_max_per_number_per_hour: Option<u32>,
    pub sms_max_per_country_per_hour: Option<u32>,
    pub admin_keys: Option<(String, String)>,
    pub master_key_file: PathBuf,
    pub json_logs: bool,
}

impl Config {
    /// Merges options, environment and file, then validates.
    pub fn load(args: ServeArgs) -> anyhow::Result<Config> {
        let file: FileConfig = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let listen = args
            .listen
            .or(file.listen)
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 9229)));
        let data_dir = args
            .data_dir
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("cognate-data"));
        let database = match args.database_url.or(file.database_url) {
            None => Database::Sqlite(data_dir.join("cognate.db")),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Database::Postgres(url)
            }
            Some(url) if url.starts_with("sqlite://") => {
                Database::Sqlite(PathBuf::from(&url["sqlite://".len()..]))
            }
            Some(url) => {
                bail!("unsupported database URL {url:?}: use postgres://… or sqlite://PATH")
            }
        };
        let region = args
            .region
            .or(file.region)
            .unwrap_or_else(|| "us-east-1".into());
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            bail!("invalid region {region:?}");
        }
        let email_sender = args
            .email_sender
            .or(file.email_sender)
            .unwrap_or(EmailSenderKind::Log);
        let smtp_url = args.smtp_url.or(file.smtp_url);
        if email_sender == EmailSenderKind::Smtp && smtp_url.is_none() {
            bail!("--email-sender smtp needs --smtp-url");
        }
        let sms_sender = args
            .sms_sender
            .or(file.sms_sender)
            .unwrap_or(SmsSenderKind::Log);
        let sms_webhook_url = args.sms_webhook_url.or(file.sms_webhook_url);
        if sms_sender == SmsSenderKind::Webhook && sms_webhook_url.is_none() {
            bail!("--sms-sender webhook needs --sms-webhook-url");
        }
        let sms_prices = match args.sms_prices.or(file.sms_prices) {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| {
                    format!("parsing {} (country = price in USD)", path.display())
                })?
            }
            None => Default::default(),
        };
        let admin_keys = match (
            args.admin_access_key_id.or(file.admin_access_key_id),
            args.admin_secret_access_key
                .or(file.admin_secret_access_key),
        ) {
            (Some(id), Some(secret)) => Some((id, secret)),
            (None, None) => None,
            _ => bail!("--admin-access-key-id and --admin-secret-access-key go together"),
        };
        if admin_keys.is_none() && !listen.ip().is_loopback() {
            bail!(
                "refusing to listen on {listen} without admin keys: anyone could call admin operations. \
                 Set --admin-access-key-id and --admin-secret-access-key, or listen on a loopback address."
            );
        }
        let public_url = args
            .public_url
            .or(file.public_url)
            .map(|u| u.trim_end_matches('/').to_string());
        let master_key_file = args
            .master_key_file
            .or(file.master_key_file)
            .unwrap_or_else(|| data_dir.join("master.key"));
        let json_logs = args
            .log_format
            .or(file.log_format)
            .is_some_and(|f| f == "json");
        Ok(Config {
            listen,
            database,
            public_url,
            region,
            email_sender,
            smtp_url,
            email_from: args
                .email_from
                .or(file.email_from)
                .unwrap_or_else(|| "no-reply@verificationemail.com".into()),
            sms_sender,
            sms_webhook_url,
            sns_endpoint_url: args.sns_endpoint_url.or(file.sns_endpoint_url),
            sts_endpoint_url: args.sts_endpoint_url.or(file.sts_endpoint_url),
            sms_prices,
            sms_max_per_number_per_hour: args
                .sms_max_per_number_per_hour
                .or(file.sms_max_per_number_per_hour),
            sms_max_per_country_per_hour: args
                .sms_max_per_country_per_hour
                .or(file.sms_max_per_country_per_hour),
            admin_keys,
            master_key_file,
            json_logs,
        })
    }
}
