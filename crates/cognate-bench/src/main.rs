//! `cognate-bench`: a load generator for a running Cognate server. It creates a pool, a client
//! and users through the API, then measures operations at several concurrency levels over HTTP
//! and prints requests/s, p50 and p99 latency and every non-success response.
//!
//! `cognate-bench --endpoint http://127.0.0.1:9229 --seconds 10 --connections 1,8,32`
//!
//! Files: `api` (signed and unsigned calls), `fixture` (the pool, client and users a run
//! needs), `challenges` (sign-ins that answer challenges), `scenarios`, `runner` (workers and
//! their measurements), `report` (what is printed).

mod api;
mod challenges;
mod fixture;
mod hosted;
mod report;
mod runner;
mod scenarios;

use std::sync::Arc;

use clap::Parser;
use serde_json::json;

use api::Api;
use fixture::{setup, sign_in};
use report::{report, report_server_cpu};
use scenarios::{run_scenario, Bench};

#[derive(Debug, Parser)]
#[command(about = "Load benchmark for a running Cognate server")]
struct Args {
    /// Server base URL.
    #[arg(long, default_value = "http://127.0.0.1:9229")]
    endpoint: String,
    /// Seconds per scenario and concurrency level.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Concurrency levels (connections).
    #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
    connections: Vec<usize>,
    /// Scenarios to run.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "initiate-auth,get-user,sign-up,srp-sign-in,totp-mfa-sign-in,device-sign-in,client-credentials,code-exchange,token-exchange"
    )]
    scenarios: Vec<String>,
    /// PID of the server: adds completed operations per second of server CPU time.
    #[arg(long)]
    server_pid: Option<u32>,
    /// Admin key id, when the server checks signatures.
    #[arg(long, default_value = "bench")]
    access_key_id: String,
    /// Admin secret.
    #[arg(long, default_value = "bench")]
    secret_access_key: String,
    /// Label printed with each figure (e.g. the backend).
    #[arg(long, default_value = "")]
    label: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let api = Api {
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(256)
            .build()?,
        endpoint: args.endpoint.trim_end_matches('/').to_string() + "/",
        key: args.access_key_id.clone(),
        secret: args.secret_access_key.clone(),
    };
    let max_conns = args.connections.iter().copied().max().unwrap_or(1);
    let fixture = Arc::new(setup(&api, max_conns, false).await?);
    let mut tokens = Vec::new();
    for user in &fixture.users {
        let auth = sign_in(&api, &fixture.client_id, user).await?;
        tokens.push(
            auth["AuthenticationResult"]["AccessToken"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        );
    }
    let bench = Bench {
        api: api.clone(),
        fixture: fixture.clone(),
        tokens: Arc::new(tokens),
        seconds: args.seconds,
        server_pid: args.server_pid,
        run_id: time::OffsetDateTime::now_utc().unix_timestamp(),
    };
    for scenario in &args.scenarios {
        for &connections in &args.connections {
            let outcome = run_scenario(&bench, scenario, connections).await?;
            report(&args.label, scenario, connections, args.seconds, &outcome);
            report_server_cpu(&args.label, scenario, connections, &outcome);
        }
    }
    api.call(
        "DeleteUserPool",
        &json!({"UserPoolId": fixture.pool_id}),
        true,
    )
    .await
    .ok();
    Ok(())
}
