//! The `cognate` binary: reads the configuration, opens the store, checks the master key
//! against it, settles the public URL with the deployment's, builds the senders, and serves the
//! Cognito API until SIGINT/SIGTERM (and, on an address of their own, the metrics); or runs one
//! of the operator's commands on the storage.

mod audit_cli;
mod backup;
mod cli;
mod config;
mod issuer;
mod keys_cli;
mod master_key_cli;
mod serve;
mod service;
mod sms_cli;
mod storage;
mod tls;

use std::{net::SocketAddr, sync::Arc};

use anyhow::Context;
use clap::Parser;
use cli::{Cli, Command};
use cognate_core::{
    delivery::{EmailSender, Outbox, SmsSender},
    Cognate,
};
use cognate_crypto::secret::Secret;
use cognate_delivery::{LogSender, SmtpSender, SnsSmsSender, WebhookSmsSender};
use cognate_http::{AdminAuth, AppState};
use config::{Config, EmailSenderKind, SmsSenderKind};

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("starting the runtime")
    };
    match cli.command {
        Command::Serve(args) => {
            let config = Config::load(args)?;
            init_tracing(config.json_logs);
            let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
            runtime()?.block_on(serve(config))
        }
        Command::Sms(command) => {
            let config = Config::load(command.storage().clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(sms_cli::run(command, &config))
        }
        Command::Issuer(command) => {
            let config = Config::load(command.storage().clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(issuer::run(command, &config))
        }
        Command::Keys(command) => {
            let config = Config::load(command.storage().clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(keys_cli::run(command, &config))
        }
        Command::MasterKey(command) => {
            let config = Config::load(command.storage().clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(master_key_cli::run(command, &config))
        }
        Command::Audit(command) => {
            let config = Config::load(command.storage().clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(audit_cli::run(command, &config))
        }
        Command::Backup(args) => {
            let config = Config::load(args.storage.clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(backup::backup(args, &config))
        }
        Command::Restore(args) => {
            let config = Config::load(args.storage.clone())?;
            init_tracing(config.json_logs);
            runtime()?.block_on(backup::restore(args, &config))
        }
    }
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let master_key = storage::load_or_create_master_key(&config.master_key_file)?;
    let (store, connection_pools) = storage::open_store(&config.database).await?;
    let master_key = cognate_core::service::master_key::deployment_master_key(&*store, master_key)
        .await
        .context("checking the master key")?;
    // The senders that only log keep the last messages for the console's dev inbox: one
    // outbox for both, so email and SMS read in the order they went.
    let uses_log =
        config.email_sender == EmailSenderKind::Log || config.sms_sender == SmsSenderKind::Log;
    let outbox = uses_log.then(|| Arc::new(Outbox::default()));
    let log_sender = || {
        outbox
            .clone()
            .map_or_else(LogSender::default, LogSender::with_outbox)
    };
    let email: Arc<dyn EmailSender> = match config.email_sender {
        EmailSenderKind::Log => Arc::new(log_sender()),
        EmailSenderKind::Smtp => Arc::new(SmtpSender::new(
            config
                .smtp_url
                .as_ref()
                .map(Secret::expose)
                .unwrap_or_default(),
            &config.email_from,
        )?),
    };
    let sms: Arc<dyn SmsSender> = match config.sms_sender {
        SmsSenderKind::Log => Arc::new(log_sender()),
        SmsSenderKind::Webhook => Arc::new(WebhookSmsSender::new(
            config.sms_webhook_url.as_deref().unwrap_or_default(),
        )?),
        SmsSenderKind::Sns => Arc::new(
            SnsSmsSender::new(
                &config.region,
                config.sns_endpoint_url.as_deref(),
                config.sts_endpoint_url.as_deref(),
            )
            .await,
        ),
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("binding {}", config.listen))?;
    let local = listener.local_addr()?;
    let scheme = if config.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let public_url = issuer::resolve(
        &*store,
        config.public_url.as_deref(),
        &format!("{scheme}://{local}"),
    )
    .await?;
    let admin_auth = match &config.admin_keys {
        Some((id, secret)) => AdminAuth::Keys([(id.clone(), secret.clone())].into()),
        None => {
            tracing::warn!("no admin keys configured: admin operations accept any signature (allowed on loopback only)");
            AdminAuth::Open
        }
    };
    let functions = Arc::new(
        cognate_lambda::LambdaInvoker::new(&config.region, config.lambda_endpoint_url.as_deref())
            .await,
    );
    // Only a serving node purges the audit log: an operator's command would by its own options.
    let cognate = Arc::new(
        service::service(&config, store, email, sms, master_key, public_url.clone())
            .with_functions(functions)
            .with_connection_pools(connection_pools)
            .with_audit_retention(config.audit_retention),
    );
    if let Some(guards) = cognate.sms_guards().await? {
        tracing::info!("SMS costs money here; guards in force: {guards}");
    }
    if let Some(address) = config.metrics_listen {
        spawn_metrics(address, Arc::clone(&cognate)).await?;
    }
    // Every node runs the user import worker; a guarded claim gives each job to one of them.
    tokio::spawn(Arc::clone(&cognate).run_user_imports());
    let settling = Arc::clone(&cognate);
    let behind_proxies = !config.trusted_proxies.is_empty();
    tracing::info!(limits = %config.rate_limits, behind_proxies, "abuse limits");
    let app = cognate_http::router(AppState {
        cognate,
        admin_auth: Arc::new(admin_auth),
        trusted_proxies: Arc::new(config.trusted_proxies.clone()),
        outbox,
    });
    let limits = serve::Limits {
        max_connections: config.max_connections,
        header_read_timeout: config.header_read_timeout,
    };
    let tls = match &config.tls {
        None => {
            tracing::info!(issuer_base = %public_url, "cognate listening on http://{local}");
            None
        }
        Some(tls) => {
            let (cert, key) = tls::files(tls)?;
            let acceptor = tokio_rustls::TlsAcceptor::from(tls::server_config(&cert, &key)?);
            tracing::info!(issuer_base = %public_url, certificate = %cert.display(), "cognate listening on https://{local}");
            Some(acceptor)
        }
    };
    serve::serve(listener, app, limits, tls, shutdown()).await;
    // Codes already answered for (sent after their answer) still go out, within the drain time.
    if tokio::time::timeout(serve::DRAIN, settling.settle())
        .await
        .is_err()
    {
        tracing::warn!("stopped with codes still being sent");
    }
    // The audit events of every request answered are written before the process ends.
    if tokio::time::timeout(serve::DRAIN, settling.flush_audit())
        .await
        .is_err()
    {
        tracing::warn!("stopped with audit events still being written");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Serves `GET /metrics` on `address`, apart from the API, for as long as the process runs:
/// a scrape holds nothing that needs draining.
async fn spawn_metrics(address: SocketAddr, cognate: Arc<Cognate>) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .with_context(|| format!("binding the metrics listener {address}"))?;
    let local = listener.local_addr()?;
    if local.ip().is_unspecified() {
        tracing::warn!(
            "metrics served on every interface ({local}): keep the port off public networks"
        );
    }
    tracing::info!("metrics at http://{local}/metrics");
    let app = cognate_http::metrics_router(cognate);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "the metrics listener stopped");
        }
    });
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
