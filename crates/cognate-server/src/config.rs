//! The one typed configuration. Each option is declared once, in [`Options`]: given on the
//! command line, else as `COGNATE_<OPTION>`, else in the `--config` TOML file, else its
//! default. Validated once at start; secrets stay [`Secret`]s, so `Debug` shows none.

use crate::tls::Tls;
use std::{net::SocketAddr, path::PathBuf, time::Duration};

use anyhow::{anyhow, bail, Context};
use clap::{Args, ValueEnum};
use cognate_core::service::limits::RateLimits;
use cognate_crypto::secret::Secret;
use cognate_http::TrustedProxies;
use serde::Deserialize;

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

/// Options of `cognate serve` (and the storage options of the operator's commands).
#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// TOML file with any of the options below (keys in snake_case).
    #[arg(long, env = "COGNATE_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(flatten)]
    pub options: Options,
}

/// Declares [`Options`] once for all three sources: clap reads the command line and the
/// `COGNATE_*` environment (command line first), serde reads the `--config` file, and
/// `or` lays the first over the second field by field.
macro_rules! options {
    ($( $(#[$attr:meta])* $name:ident: $ty:ty, )*) => {
        /// Every option, each unset unless given.
        #[derive(Debug, Clone, Default, Args, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Options {
            $( $(#[$attr])* pub $name: Option<$ty>, )*
        }

        impl Options {
            /// Each option of `self`, or else of `fallback`.
            fn or(self, fallback: Options) -> Options {
                Options { $( $name: self.$name.or(fallback.$name), )* }
            }
        }
    };
}

options! {
    /// Address to listen on [default: 127.0.0.1:9229].
    #[arg(long, env = "COGNATE_LISTEN")]
    listen: SocketAddr,
    /// Serve Prometheus metrics at GET /metrics on this address, apart from the API (keep it on
    /// loopback or a private network) [default: no metrics listener].
    #[arg(long, env = "COGNATE_METRICS_LISTEN")]
    metrics_listen: SocketAddr,
    /// Folder of the embedded database and key file [default: ./cognate-data].
    #[arg(long, env = "COGNATE_DATA_DIR")]
    data_dir: PathBuf,
    /// `postgres://…` or `sqlite://PATH` instead of the embedded default.
    #[arg(long, env = "COGNATE_DATABASE_URL", hide_env_values = true)]
    database_url: Secret,
    /// Base URL of token issuers and the hosted pages [default: the one recorded in the
    /// database, else http(s)://<listen>].
    #[arg(long, env = "COGNATE_PUBLIC_URL")]
    public_url: String,
    /// `self-signed`: serve HTTPS with a certificate for localhost made once in the data folder.
    #[arg(long, env = "COGNATE_TLS")]
    tls: String,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, env = "COGNATE_TLS_CERT")]
    tls_cert: PathBuf,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, env = "COGNATE_TLS_KEY")]
    tls_key: PathBuf,
    /// Region of pools created by unsigned requests (a signed request's own region wins)
    /// [default: us-east-1].
    #[arg(long, env = "COGNATE_REGION")]
    region: String,
    /// AWS account id in ARNs (12 digits) [default: 000000000000].
    #[arg(long, env = "COGNATE_ACCOUNT_ID")]
    account_id: String,
    /// Email carrier [default: log].
    #[arg(long, env = "COGNATE_EMAIL_SENDER", value_enum)]
    email_sender: EmailSenderKind,
    /// SMTP server, e.g. smtp://127.0.0.1:25 or smtps://user:pass@host:465.
    #[arg(long, env = "COGNATE_SMTP_URL", hide_env_values = true)]
    smtp_url: Secret,
    /// Sender address of emails [default: no-reply@verificationemail.com].
    #[arg(long, env = "COGNATE_EMAIL_FROM")]
    email_from: String,
    /// SMS carrier [default: log].
    #[arg(long, env = "COGNATE_SMS_SENDER", value_enum)]
    sms_sender: SmsSenderKind,
    /// Webhook receiving SMS as JSON.
    #[arg(long, env = "COGNATE_SMS_WEBHOOK_URL")]
    sms_webhook_url: String,
    /// SNS endpoint for `--sms-sender sns` [default: the region's].
    #[arg(long, env = "COGNATE_SNS_ENDPOINT_URL")]
    sns_endpoint_url: String,
    /// STS endpoint for `--sms-sender sns` [default: the region's].
    #[arg(long, env = "COGNATE_STS_ENDPOINT_URL")]
    sts_endpoint_url: String,
    /// Where the pools' Lambda triggers are invoked: any endpoint of the Lambda Invoke API
    /// (`sam local start-lambda`, LocalStack) [default: AWS Lambda in each function's region].
    #[arg(long, env = "COGNATE_LAMBDA_ENDPOINT_URL")]
    lambda_endpoint_url: String,
    /// TOML file of SMS prices in USD by country (`US = 0.00645`, `default = 0.15`).
    #[arg(long, env = "COGNATE_SMS_PRICES")]
    sms_prices: PathBuf,
    /// At most this many SMS per destination number per hour [default: no cap].
    #[arg(long, env = "COGNATE_SMS_MAX_PER_NUMBER_PER_HOUR")]
    sms_max_per_number_per_hour: u32,
    /// At most this many SMS per destination country per hour [default: no cap].
    #[arg(long, env = "COGNATE_SMS_MAX_PER_COUNTRY_PER_HOUR")]
    sms_max_per_country_per_hour: u32,
    /// Access key id that signs admin operations (SigV4).
    #[arg(long, env = "COGNATE_ADMIN_ACCESS_KEY_ID")]
    admin_access_key_id: String,
    /// Secret access key that signs admin operations.
    #[arg(long, env = "COGNATE_ADMIN_SECRET_ACCESS_KEY", hide_env_values = true)]
    admin_secret_access_key: Secret,
    /// File holding the master key (base64); created with mode 0600 if missing
    /// [default: <data-dir>/master.key].
    #[arg(long, env = "COGNATE_MASTER_KEY_FILE")]
    master_key_file: PathBuf,
    /// Log format.
    #[arg(long, env = "COGNATE_LOG_FORMAT")]
    log_format: String,
    /// At most this many client connections open at once (plain HTTP); more wait to be
    /// accepted [default: 1024].
    #[arg(long, env = "COGNATE_MAX_CONNECTIONS")]
    max_connections: u32,
    /// Seconds a client has to send a request's headers, from when its connection opens or its
    /// previous response ends; an idle kept-alive connection closes after it too [default: 10].
    #[arg(long, env = "COGNATE_HEADER_READ_TIMEOUT_SECS")]
    header_read_timeout_secs: u64,
    /// Seconds a pool's signing keys are used before they are read again from the database:
    /// how soon `cognate keys rotate` and `retire` take effect on this node [default: 60].
    #[arg(long, env = "COGNATE_SIGNING_KEY_REFRESH_SECS")]
    signing_key_refresh_secs: u64,
    /// An abuse limit, NAME=COUNT/PERIOD (period in s, m or h) or NAME=off; repeatable, or
    /// comma-separated. NAME is sign-in-per-ip, sign-in-per-username, code-sending-per-ip or
    /// code-sending-per-username [defaults: 3000/1m, 120/1m, 3000/10m, 30/10m].
    #[arg(long, env = "COGNATE_RATE_LIMIT", value_delimiter = ',', value_name = "NAME=RATE")]
    rate_limit: Vec<String>,
    /// `off` turns every abuse limit off but those --rate-limit sets [default: on].
    #[arg(long, env = "COGNATE_RATE_LIMITS", value_name = "on|off")]
    rate_limits: String,
    /// `cognito` applies Cognito's default request quotas per operation category, to all pools
    /// together [default: off].
    #[arg(long, env = "COGNATE_OPERATION_QUOTAS", value_name = "cognito|off")]
    operation_quotas: String,
    /// A proxy (CIDR network or address) whose X-Forwarded-For names the client; repeatable,
    /// or comma-separated [default: none, the peer is the client].
    #[arg(long, env = "COGNATE_TRUSTED_PROXY", value_delimiter = ',', value_name = "CIDR")]
    trusted_proxy: Vec<String>,
    /// Days the audit log keeps an event before the server deletes it; 0 keeps events for ever
    /// [default: 90].
    #[arg(long, env = "COGNATE_AUDIT_RETENTION_DAYS")]
    audit_retention_days: u32,
}

/// Which database.
#[derive(Debug, Clone)]
pub enum Database {
    /// Embedded SQLite at this path.
    Sqlite(PathBuf),
    /// PostgreSQL at this URL (which may carry a password).
    Postgres(Secret),
}

/// The validated configuration; its `Debug` shows no secret.
#[derive(Debug)]
pub struct Config {
    pub listen: SocketAddr,
    /// Where `/metrics` is served, when it is.
    pub metrics_listen: Option<SocketAddr>,
    pub database: Database,
    pub public_url: Option<String>,
    /// HTTPS, when asked for.
    pub tls: Option<Tls>,
    pub region: String,
    pub account_id: String,
    pub email_sender: EmailSenderKind,
    pub smtp_url: Option<Secret>,
    pub email_from: String,
    pub sms_sender: SmsSenderKind,
    pub sms_webhook_url: Option<String>,
    pub sns_endpoint_url: Option<String>,
    pub sts_endpoint_url: Option<String>,
    pub lambda_endpoint_url: Option<String>,
    /// Price overrides, USD by country.
    pub sms_prices: std::collections::BTreeMap<String, f64>,
    pub sms_max_per_number_per_hour: Option<u32>,
    pub sms_max_per_country_per_hour: Option<u32>,
    /// Access key id and its secret access key.
    pub admin_keys: Option<(String, Secret)>,
    pub master_key_file: PathBuf,
    pub json_logs: bool,
    /// Client connections open at once.
    pub max_connections: u32,
    /// Time a client has to send a request's headers.
    pub header_read_timeout: Duration,
    /// Time a pool's signing keys serve before they are read again.
    pub signing_key_refresh: Duration,
    /// The abuse limits, and whether Cognito's request quotas apply.
    pub rate_limits: RateLimits,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
    /// How long the audit log keeps an event (`None`: for ever).
    pub audit_retention: Option<Duration>,
}

impl Config {
    /// Lays the command line and environment over the `--config` file, then validates.
    pub fn load(args: ServeArgs) -> anyhow::Result<Config> {
        let file = match &args.config {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
            }
            None => Options::default(),
        };
        Config::validate(args.options.or(file))
    }

    /// Fills in defaults and checks the options against each other.
    fn validate(o: Options) -> anyhow::Result<Config> {
        let listen = o
            .listen
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 9229)));
        // Port 0 asks for any free port, so two such addresses never clash.
        if o.metrics_listen == Some(listen) && listen.port() != 0 {
            bail!("--metrics-listen {listen} is the API's address: give the metrics their own");
        }
        let data_dir = o.data_dir.unwrap_or_else(|| PathBuf::from("cognate-data"));
        let database = match o.database_url {
            None => Database::Sqlite(data_dir.join("cognate.db")),
            Some(url) => database(url)?,
        };
        let region = o.region.unwrap_or_else(|| "us-east-1".into());
        if region.is_empty()
            || !region
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            bail!("invalid region {region:?}");
        }
        let account_id = o.account_id.unwrap_or_else(|| "000000000000".into());
        if account_id.len() != 12 || !account_id.chars().all(|c| c.is_ascii_digit()) {
            bail!("invalid account id {account_id:?}: 12 digits");
        }
        let email_sender = o.email_sender.unwrap_or(EmailSenderKind::Log);
        if email_sender == EmailSenderKind::Smtp && o.smtp_url.is_none() {
            bail!("--email-sender smtp needs --smtp-url");
        }
        let sms_sender = o.sms_sender.unwrap_or(SmsSenderKind::Log);
        if sms_sender == SmsSenderKind::Webhook && o.sms_webhook_url.is_none() {
            bail!("--sms-sender webhook needs --sms-webhook-url");
        }
        let sms_prices = match o.sms_prices {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| {
                    format!("parsing {} (country = price in USD)", path.display())
                })?
            }
            None => Default::default(),
        };
        let admin_keys = match (o.admin_access_key_id, o.admin_secret_access_key) {
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
        let max_connections = o.max_connections.unwrap_or(1024);
        if !(1..=1_000_000).contains(&max_connections) {
            bail!("--max-connections takes 1 to 1000000, not {max_connections}");
        }
        let header_read_timeout_secs = o.header_read_timeout_secs.unwrap_or(10);
        if !(1..=3600).contains(&header_read_timeout_secs) {
            bail!("--header-read-timeout-secs takes 1 to 3600, not {header_read_timeout_secs}");
        }
        let signing_key_refresh_secs = o.signing_key_refresh_secs.unwrap_or(60);
        if !(1..=86_400).contains(&signing_key_refresh_secs) {
            bail!("--signing-key-refresh-secs takes 1 to 86400, not {signing_key_refresh_secs}");
        }
        let rate_limits = limits_from(
            o.rate_limits.as_deref(),
            &o.rate_limit.unwrap_or_default(),
            o.operation_quotas.as_deref(),
        )?;
        let trusted_proxies = TrustedProxies::parse(&o.trusted_proxy.unwrap_or_default())
            .map_err(|e| anyhow!("--trusted-proxy {e}"))?;
        let audit_retention_days = o.audit_retention_days.unwrap_or(90);
        if audit_retention_days > 36_500 {
            bail!("--audit-retention-days takes 0 (keep for ever) to 36500, not {audit_retention_days}");
        }
        let audit_retention = (audit_retention_days > 0)
            .then(|| Duration::from_secs(u64::from(audit_retention_days) * 86_400));
        let tls = match (o.tls.as_deref(), o.tls_cert, o.tls_key) {
            (None, None, None) => None,
            (None, Some(cert), Some(key)) => Some(Tls::Files { cert, key }),
            (Some("self-signed"), None, None) => Some(Tls::SelfSigned {
                dir: data_dir.join("tls"),
            }),
            (Some(other), None, None) => {
                bail!("--tls takes `self-signed` (or give --tls-cert and --tls-key), not {other:?}")
            }
            (Some(_), _, _) => {
                bail!("--tls self-signed and --tls-cert/--tls-key exclude each other")
            }
            _ => bail!("--tls-cert and --tls-key go together"),
        };
        Ok(Config {
            listen,
            metrics_listen: o.metrics_listen,
            tls,
            database,
            public_url: o.public_url.map(|u| u.trim_end_matches('/').to_string()),
            region,
            account_id,
            email_sender,
            smtp_url: o.smtp_url,
            email_from: o
                .email_from
                .unwrap_or_else(|| "no-reply@verificationemail.com".into()),
            sms_sender,
            sms_webhook_url: o.sms_webhook_url,
            sns_endpoint_url: o.sns_endpoint_url,
            sts_endpoint_url: o.sts_endpoint_url,
            lambda_endpoint_url: o.lambda_endpoint_url,
            sms_prices,
            sms_max_per_number_per_hour: o.sms_max_per_number_per_hour,
            sms_max_per_country_per_hour: o.sms_max_per_country_per_hour,
            admin_keys,
            master_key_file: o
                .master_key_file
                .unwrap_or_else(|| data_dir.join("master.key")),
            json_logs: o.log_format.is_some_and(|f| f == "json"),
            max_connections,
            header_read_timeout: Duration::from_secs(header_read_timeout_secs),
            signing_key_refresh: Duration::from_secs(signing_key_refresh_secs),
            rate_limits,
            trusted_proxies,
            audit_retention,
        })
    }
}

/// The abuse limits: every rule at its default unless `--rate-limits off`, then each
/// `--rate-limit` in order; Cognito's request quotas with `--operation-quotas cognito`.
fn limits_from(
    all: Option<&str>,
    settings: &[String],
    quotas: Option<&str>,
) -> anyhow::Result<RateLimits> {
    let mut limits = match all {
        None | Some("on") => RateLimits::defaults(),
        Some("off") => RateLimits::none(),
        Some(other) => bail!("--rate-limits takes on or off, not {other:?}"),
    };
    for setting in settings {
        limits
            .set(setting)
            .map_err(|e| anyhow!("--rate-limit {setting}: {e}"))?;
    }
    let quotas = match quotas {
        None | Some("off") => false,
        Some("cognito") => true,
        Some(other) => bail!("--operation-quotas takes cognito or off, not {other:?}"),
    };
    Ok(limits.with_operation_quotas(quotas))
}

/// The database a `--database-url` names. An unsupported URL is reported by its scheme only:
/// the rest may hold a password.
fn database(url: Secret) -> anyhow::Result<Database> {
    let text = url.expose();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        return Ok(Database::Postgres(url));
    }
    if let Some(path) = text.strip_prefix("sqlite://") {
        return Ok(Database::Sqlite(PathBuf::from(path)));
    }
    let scheme = text.split_once("://").map_or("", |(scheme, _)| scheme);
    bail!("unsupported database URL scheme {scheme:?}: use postgres://… or sqlite://PATH")
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use clap::Parser;

    use cognate_core::service::limits::{Rate, RateLimits, Rule};

    use super::{Config, Database, ServeArgs};

    fn rate(count: u64, period_ms: i64) -> Rate {
        Rate { count, period_ms }
    }

    /// `cognate serve`'s options alone.
    #[derive(Debug, Parser)]
    struct Serve {
        #[command(flatten)]
        args: ServeArgs,
    }

    fn serve_args(args: &[&str]) -> ServeArgs {
        Serve::try_parse_from([&["cognate"], args].concat())
            .unwrap()
            .args
    }

    fn config_file(name: &str, text: &str) -> std::path::PathBuf {
        let path =
            std::env::temp_dir().join(format!("cognate-config-{}-{name}.toml", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn command_line_beats_environment_beats_file_beats_default() {
        let file = config_file(
            "precedence",
            "region = \"eu-west-1\"\n\
             public_url = \"http://file.example\"\n\
             email_from = \"file@example.com\"\n",
        );
        // Only this test sets these variables.
        std::env::set_var("COGNATE_PUBLIC_URL", "http://env.example/");
        std::env::set_var("COGNATE_EMAIL_FROM", "env@example.com");
        let args = serve_args(&[
            "--config",
            file.to_str().unwrap(),
            "--email-from",
            "cli@example.com",
        ]);
        std::env::remove_var("COGNATE_PUBLIC_URL");
        std::env::remove_var("COGNATE_EMAIL_FROM");
        let config = Config::load(args).unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(config.email_from, "cli@example.com");
        assert_eq!(config.public_url.as_deref(), Some("http://env.example"));
        assert_eq!(config.region, "eu-west-1");
        assert_eq!(config.listen.to_string(), "127.0.0.1:9229");
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error() {
        let file = config_file("unknown", "listen_adress = \"127.0.0.1:1\"\n");
        let error = Config::load(serve_args(&["--config", file.to_str().unwrap()])).unwrap_err();
        std::fs::remove_file(&file).unwrap();
        assert!(format!("{error:#}").contains("listen_adress"), "{error:#}");
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let args = serve_args(&[
            "--database-url",
            "postgres://cognate:hunter1@db.example/cognate",
            "--email-sender",
            "smtp",
            "--smtp-url",
            "smtps://mailer:hunter2@smtp.example:465",
            "--admin-access-key-id",
            "AKIDEXAMPLE",
            "--admin-secret-access-key",
            "hunter3",
        ]);
        let config = Config::load(args.clone()).unwrap();
        for shown in [format!("{args:?}"), format!("{config:?}")] {
            assert!(!shown.contains("hunter"), "{shown}");
            assert!(shown.contains("AKIDEXAMPLE"), "{shown}");
        }
        let Database::Postgres(url) = &config.database else {
            panic!("not PostgreSQL: {config:?}");
        };
        assert_eq!(
            url.expose(),
            "postgres://cognate:hunter1@db.example/cognate"
        );
        let (_, secret) = config.admin_keys.as_ref().unwrap();
        assert_eq!(secret.expose(), "hunter3");
    }

    #[test]
    fn connection_limits_come_from_any_source_and_refuse_zero() {
        let defaults = Config::load(serve_args(&[])).unwrap();
        assert_eq!(defaults.max_connections, 1024);
        assert_eq!(defaults.header_read_timeout, Duration::from_secs(10));

        let file = config_file(
            "limits",
            "max_connections = 8\nheader_read_timeout_secs = 3\n",
        );
        let path = file.to_str().unwrap();
        let from_file = Config::load(serve_args(&["--config", path])).unwrap();
        assert_eq!(from_file.max_connections, 8);
        assert_eq!(from_file.header_read_timeout, Duration::from_secs(3));

        // Only this test sets these variables.
        std::env::set_var("COGNATE_MAX_CONNECTIONS", "16");
        std::env::set_var("COGNATE_HEADER_READ_TIMEOUT_SECS", "5");
        let args = serve_args(&["--config", path, "--header-read-timeout-secs", "1"]);
        std::env::remove_var("COGNATE_MAX_CONNECTIONS");
        std::env::remove_var("COGNATE_HEADER_READ_TIMEOUT_SECS");
        let layered = Config::load(args).unwrap();
        std::fs::remove_file(&file).unwrap();
        assert_eq!(layered.max_connections, 16);
        assert_eq!(layered.header_read_timeout, Duration::from_secs(1));

        for zero in ["--max-connections", "--header-read-timeout-secs"] {
            let error = Config::load(serve_args(&[zero, "0"])).unwrap_err();
            assert!(format!("{error:#}").contains(zero), "{error:#}");
        }
    }

    #[test]
    fn the_metrics_listener_is_off_unless_given_and_never_the_api_address() {
        assert_eq!(Config::load(serve_args(&[])).unwrap().metrics_listen, None);

        let file = config_file("metrics", "metrics_listen = \"127.0.0.1:9100\"\n");
        let path = file.to_str().unwrap();
        let from_file = Config::load(serve_args(&["--config", path])).unwrap();
        assert_eq!(
            from_file.metrics_listen,
            Some(([127, 0, 0, 1], 9100).into())
        );

        // Only this test sets this variable.
        std::env::set_var("COGNATE_METRICS_LISTEN", "10.0.0.5:9101");
        let from_env = serve_args(&["--config", path]);
        let from_cli = serve_args(&["--config", path, "--metrics-listen", "[::1]:9102"]);
        std::env::remove_var("COGNATE_METRICS_LISTEN");
        let (env_loaded, cli_loaded) = (Config::load(from_env), Config::load(from_cli));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            env_loaded.unwrap().metrics_listen,
            Some(([10, 0, 0, 5], 9101).into())
        );
        assert_eq!(
            cli_loaded.unwrap().metrics_listen,
            Some("[::1]:9102".parse().unwrap())
        );

        let same = serve_args(&[
            "--listen",
            "127.0.0.1:9229",
            "--metrics-listen",
            "127.0.0.1:9229",
        ]);
        let error = format!("{:#}", Config::load(same).unwrap_err());
        assert!(error.contains("--metrics-listen"), "{error}");
    }

    #[test]
    fn abuse_limits_are_on_by_default_and_each_is_set_or_turned_off_from_any_source() {
        let defaults = Config::load(serve_args(&[])).unwrap();
        assert_eq!(defaults.rate_limits, RateLimits::defaults());
        assert!(!defaults.rate_limits.has_operation_quotas());
        assert!(defaults.trusted_proxies.is_empty());

        let set = Config::load(serve_args(&[
            "--rate-limit",
            "sign-in-per-ip=20/60s",
            "--rate-limit",
            "code-sending-per-username=off,sign-in-per-username=5/1m",
            "--operation-quotas",
            "cognito",
            "--trusted-proxy",
            "10.0.0.0/8,fd00::/8",
        ]))
        .unwrap();
        let limits = &set.rate_limits;
        assert_eq!(limits.rate(Rule::SignInPerIp), Some(rate(20, 60_000)));
        assert_eq!(limits.rate(Rule::SignInPerUsername), Some(rate(5, 60_000)));
        assert_eq!(limits.rate(Rule::CodeSendingPerUsername), None);
        assert_eq!(
            limits.rate(Rule::CodeSendingPerIp),
            Some(Rule::CodeSendingPerIp.default_rate())
        );
        assert!(limits.has_operation_quotas());
        assert!(!set.trusted_proxies.is_empty());

        let off = Config::load(serve_args(&["--rate-limits", "off"])).unwrap();
        assert_eq!(off.rate_limits, RateLimits::none());

        // --rate-limits off, then one limit turned on again, from the file.
        let file = config_file(
            "rate-limits",
            "rate_limits = \"off\"\n\
             rate_limit = [\"code-sending-per-ip=10/1h\"]\n\
             trusted_proxy = [\"192.0.2.7\"]\n",
        );
        let path = file.to_str().unwrap();
        let from_file = Config::load(serve_args(&["--config", path])).unwrap();
        // Only this test sets this variable.
        std::env::set_var(
            "COGNATE_RATE_LIMIT",
            "sign-in-per-ip=7/1m,sign-in-per-username=off",
        );
        let from_env = serve_args(&["--config", path]);
        std::env::remove_var("COGNATE_RATE_LIMIT");
        let from_env = Config::load(from_env);
        std::fs::remove_file(&file).unwrap();
        let limits = from_file.rate_limits;
        assert_eq!(
            limits.rate(Rule::CodeSendingPerIp),
            Some(rate(10, 3_600_000))
        );
        assert_eq!(limits.rate(Rule::SignInPerIp), None);
        assert!(!from_file.trusted_proxies.is_empty());
        // The environment's list replaces the file's.
        let limits = from_env.unwrap().rate_limits;
        assert_eq!(limits.rate(Rule::SignInPerIp), Some(rate(7, 60_000)));
        assert_eq!(limits.rate(Rule::CodeSendingPerIp), None);
    }

    #[test]
    fn a_malformed_limit_or_proxy_stops_the_start_saying_what_is_wrong() {
        for (args, words) in [
            (
                &["--rate-limit", "sign-in-per-ip=lots"][..],
                "--rate-limit sign-in-per-ip=lots",
            ),
            (&["--rate-limit", "sign-in-per-ip=0/1m"][..], "write off"),
            (&["--rate-limit", "logins=5/1m"][..], "sign-in-per-username"),
            (&["--rate-limits", "maybe"][..], "--rate-limits"),
            (&["--operation-quotas", "aws"][..], "--operation-quotas"),
            (
                &["--trusted-proxy", "10.0.0.0/33"][..],
                "--trusted-proxy \"10.0.0.0/33\"",
            ),
        ] {
            let error = format!("{:#}", Config::load(serve_args(args)).unwrap_err());
            assert!(error.contains(words), "{args:?}: {error}");
        }
    }

    #[test]
    fn audit_retention_is_ninety_days_unless_given_and_zero_keeps_events_for_ever() {
        const DAY: u64 = 86_400;
        let defaults = Config::load(serve_args(&[])).unwrap();
        assert_eq!(
            defaults.audit_retention,
            Some(Duration::from_secs(90 * DAY))
        );

        let file = config_file("retention", "audit_retention_days = 7\n");
        let path = file.to_str().unwrap();
        let from_file = Config::load(serve_args(&["--config", path])).unwrap();
        assert_eq!(
            from_file.audit_retention,
            Some(Duration::from_secs(7 * DAY))
        );

        // Only this test sets this variable.
        std::env::set_var("COGNATE_AUDIT_RETENTION_DAYS", "30");
        let from_env = serve_args(&["--config", path]);
        let from_cli = serve_args(&["--config", path, "--audit-retention-days", "0"]);
        std::env::remove_var("COGNATE_AUDIT_RETENTION_DAYS");
        let (env_loaded, cli_loaded) = (Config::load(from_env), Config::load(from_cli));
        std::fs::remove_file(&file).unwrap();
        assert_eq!(
            env_loaded.unwrap().audit_retention,
            Some(Duration::from_secs(30 * DAY))
        );
        assert_eq!(cli_loaded.unwrap().audit_retention, None, "0: for ever");

        let error = Config::load(serve_args(&["--audit-retention-days", "36501"])).unwrap_err();
        assert!(
            format!("{error:#}").contains("--audit-retention-days"),
            "{error:#}"
        );
        assert!(serve_args_error(&["--audit-retention-days", "-1"]));
    }

    /// Whether the command line itself is refused.
    fn serve_args_error(args: &[&str]) -> bool {
        Serve::try_parse_from([&["cognate"], args].concat()).is_err()
    }

    #[test]
    fn an_unsupported_database_url_is_named_by_its_scheme_only() {
        let args = serve_args(&["--database-url", "mysql://root:hunter4@db.example/cognate"]);
        let error = format!("{:#}", Config::load(args).unwrap_err());
        assert!(error.contains("\"mysql\""), "{error}");
        assert!(!error.contains("hunter"), "{error}");
    }
}
