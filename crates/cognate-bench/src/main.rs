//! `cognate-bench`: a load generator for a running Cognate server. It creates a pool, a client
//! and users through the API, then measures operations at several concurrency levels over HTTP
//! and prints requests/s, p50 and p99 latency and every non-success response.
//!
//! `cognate-bench --endpoint http://127.0.0.1:9229 --seconds 10 --connections 1,8,32`

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use clap::Parser;
use serde_json::{json, Value};

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
        default_value = "initiate-auth,get-user,sign-up"
    )]
    scenarios: Vec<String>,
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

const PASSWORD: &str = "BenchPass123!";

#[derive(Clone)]
struct Api {
    http: reqwest::Client,
    endpoint: String,
    key: String,
    secret: String,
}

impl Api {
    /// Calls an operation; returns the JSON body or an error with the Cognito error type.
    async fn call(&self, op: &str, body: &Value, signed: bool) -> anyhow::Result<Value> {
        let bytes = serde_json::to_vec(body)?;
        let url = reqwest::Url::parse(&self.endpoint)?;
        let host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or("127.0.0.1")),
            None => url.host_str().unwrap_or("127.0.0.1").to_string(),
        };
        let mut headers = vec![
            ("host".to_string(), host),
            (
                "content-type".to_string(),
                "application/x-amz-json-1.1".to_string(),
            ),
            (
                "x-amz-target".to_string(),
                format!("AWSCognitoIdentityProviderService.{op}"),
            ),
        ];
        if signed {
            cognate_crypto::sigv4::sign(
                "POST",
                "/",
                "",
                &mut headers,
                &bytes,
                &self.key,
                &self.secret,
                "us-east-1",
                "cognito-idp",
                time::OffsetDateTime::now_utc(),
            );
        }
        let mut request = self.http.post(&self.endpoint).body(bytes);
        for (name, value) in headers.iter().filter(|(n, _)| n != "host") {
            request = request.header(name, value);
        }
        let response = request.send().await?;
        let ok = response.status().is_success();
        let value: Value = response.json().await?;
        if !ok {
            bail!("{}", value["__type"].as_str().unwrap_or("error"));
        }
        Ok(value)
    }
}

struct Fixture {
    pool_id: String,
    client_id: String,
    users: Vec<String>,
}

async fn setup(api: &Api, users: usize) -> anyhow::Result<Fixture> {
    let pool = api
        .call(
            "CreateUserPool",
            &json!({"PoolName": "bench", "Policies": {"PasswordPolicy": {"MinimumLength": 8}}}),
            true,
        )
        .await
        .context("CreateUserPool")?;
    let pool_id = pool["UserPool"]["Id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let client = api
        .call(
            "CreateUserPoolClient",
            &json!({"UserPoolId": pool_id, "ClientName": "bench",
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            true,
        )
        .await
        .context("CreateUserPoolClient")?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut names = Vec::new();
    for i in 0..users {
        let name = format!("bench-user-{i}");
        api.call(
            "AdminCreateUser",
            &json!({"UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS"}),
            true,
        )
        .await
        .context("AdminCreateUser")?;
        api.call(
            "AdminSetUserPassword",
            &json!({"UserPoolId": pool_id, "Username": name, "Password": PASSWORD, "Permanent": true}),
            true,
        )
        .await
        .context("AdminSetUserPassword")?;
        names.push(name);
    }
    Ok(Fixture {
        pool_id,
        client_id,
        users: names,
    })
}

async fn sign_in(api: &Api, client_id: &str, user: &str) -> anyhow::Result<Value> {
    api.call(
        "InitiateAuth",
        &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": user, "PASSWORD": PASSWORD}}),
        false,
    )
    .await
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: Vec<String>,
}

/// Runs `op` from `connections` workers for `seconds`.
async fn run<F, Fut>(connections: usize, seconds: u64, op: F) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let op = Arc::new(op);
    let counter = Arc::new(AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let (op, counter) = (op.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let start = Instant::now();
                match op(worker, n).await {
                    Ok(()) => latencies.push(start.elapsed()),
                    Err(e) => errors.push(e.to_string()),
                }
            }
            (latencies, errors)
        }));
    }
    let mut outcome = Outcome {
        latencies: Vec::new(),
        errors: Vec::new(),
    };
    for task in tasks {
        if let Ok((l, e)) = task.await {
            outcome.latencies.extend(l);
            outcome.errors.extend(e);
        }
    }
    outcome.latencies.sort();
    outcome
}

fn report(label: &str, scenario: &str, connections: usize, seconds: u64, o: &Outcome) {
    let pct = |p: f64| {
        if o.latencies.is_empty() {
            0.0
        } else {
            let i = ((o.latencies.len() as f64 - 1.0) * p).round() as usize;
            o.latencies[i].as_secs_f64() * 1000.0
        }
    };
    let mut kinds: Vec<String> = o.errors.clone();
    kinds.sort();
    kinds.dedup();
    println!(
        "{label:<10} {scenario:<14} conns={connections:<3} ok/s={:>9.1}  p50={:>7.2}ms  p99={:>7.2}ms  errors={}{}",
        o.latencies.len() as f64 / seconds as f64,
        pct(0.50),
        pct(0.99),
        o.errors.len(),
        if kinds.is_empty() { String::new() } else { format!(" {kinds:?}") },
    );
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
    let fixture = Arc::new(setup(&api, max_conns).await?);
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
    let tokens = Arc::new(tokens);
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp();
    for scenario in &args.scenarios {
        for &connections in &args.connections {
            let (api, fx, tokens) = (api.clone(), fixture.clone(), tokens.clone());
            let outcome = match scenario.as_str() {
                "initiate-auth" => {
                    run(connections, args.seconds, move |w, _| {
                        let (api, fx) = (api.clone(), fx.clone());
                        async move { sign_in(&api, &fx.client_id, &fx.users[w]).await.map(|_| ()) }
                    })
                    .await
                }
                "get-user" => {
                    run(connections, args.seconds, move |w, _| {
                        let (api, tokens) = (api.clone(), tokens.clone());
                        async move {
                            api.call("GetUser", &json!({"AccessToken": tokens[w]}), false).await.map(|_| ())
                        }
                    })
                    .await
                }
                "sign-up" => {
                    run(connections, args.seconds, move |_, n| {
                        let (api, fx) = (api.clone(), fx.clone());
                        async move {
                            api.call(
                                "SignUp",
                                &json!({"ClientId": fx.client_id, "Username": format!("su-{run_id}-{connections}-{n}"),
                                        "Password": PASSWORD}),
                                false,
                            )
                            .await
                            .map(|_| ())
                        }
                    })
                    .await
                }
                other => bail!("unknown scenario {other}"),
            };
            report(&args.label, scenario, connections, args.seconds, &outcome);
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
