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
        default_value = "initiate-auth,get-user,sign-up,srp-sign-in,totp-mfa-sign-in,device-sign-in"
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

/// A pool (remembering devices when `devices`), its client, and `users` users.
async fn setup(api: &Api, users: usize, devices: bool) -> anyhow::Result<Fixture> {
    let mut request = json!({"PoolName": "bench", "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
                    "MfaConfiguration": "OPTIONAL",
                    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::000000000000:role/bench"}});
    if devices {
        request["DeviceConfiguration"] = json!({"ChallengeRequiredOnNewDevice": true,
                                                "DeviceOnlyRememberedOnUserPrompt": false});
    }
    let pool = api
        .call("CreateUserPool", &request, true)
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
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
            true,
        )
        .await
        .context("CreateUserPoolClient")?;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    api.call(
        "SetUserPoolMfaConfig",
        &json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
                "SoftwareTokenMfaConfiguration": {"Enabled": true}}),
        true,
    )
    .await
    .context("SetUserPoolMfaConfig")?;
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

/// A user with an authenticator: name, secret, and the last time step whose code was used.
type TotpUser = (String, Vec<u8>, u64);

/// Creates `count` users with a verified, preferred authenticator.
async fn totp_users(
    api: &Api,
    fx: &Fixture,
    prefix: &str,
    count: usize,
) -> anyhow::Result<Vec<TotpUser>> {
    let mut users = Vec::new();
    for i in 0..count {
        let name = format!("totp-{prefix}-{i}");
        let (secret, step, _) = totp_user(api, fx, &name).await?;
        users.push((name, secret, step));
    }
    Ok(users)
}

/// A remembered device: what a client keeps after ConfirmDevice.
struct KeptDevice {
    user: String,
    key: String,
    group_key: String,
    password: String,
}

/// Creates `count` users with a preferred authenticator and one remembered device each (the
/// device of their first sign-in, confirmed before MFA was switched on).
async fn device_users(api: &Api, fx: &Fixture, count: usize) -> anyhow::Result<Vec<KeptDevice>> {
    let mut devices = Vec::new();
    for i in 0..count {
        let name = format!("device-{i}");
        let (_, _, auth) = totp_user(api, fx, &name).await?;
        let result = &auth["AuthenticationResult"];
        let meta = &result["NewDeviceMetadata"];
        let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let (key, group_key) = (text(&meta["DeviceKey"]), text(&meta["DeviceGroupKey"]));
        let secret = cognate_crypto::srp::client::generate_device_secret(&group_key, &key);
        api.call(
            "ConfirmDevice",
            &json!({"AccessToken": result["AccessToken"], "DeviceKey": key, "DeviceName": "bench",
                    "DeviceSecretVerifierConfig": {"Salt": secret.salt_b64, "PasswordVerifier": secret.verifier_b64}}),
            false,
        )
        .await
        .context("ConfirmDevice")?;
        devices.push(KeptDevice {
            user: name,
            key,
            group_key,
            password: secret.password.clone(),
        });
    }
    Ok(devices)
}

/// Creates a user, signs in once, and sets up a verified, preferred authenticator; returns its
/// secret, the time step of the code that verified it, and that first sign-in.
async fn totp_user(api: &Api, fx: &Fixture, name: &str) -> anyhow::Result<(Vec<u8>, u64, Value)> {
    {
        api.call(
            "AdminCreateUser",
            &json!({"UserPoolId": fx.pool_id, "Username": name, "MessageAction": "SUPPRESS"}),
            true,
        )
        .await?;
        api.call(
            "AdminSetUserPassword",
            &json!({"UserPoolId": fx.pool_id, "Username": name, "Password": PASSWORD, "Permanent": true}),
            true,
        )
        .await?;
        let auth = sign_in(api, &fx.client_id, name).await?;
        let token = auth["AuthenticationResult"]["AccessToken"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let assoc = api
            .call(
                "AssociateSoftwareToken",
                &json!({"AccessToken": token}),
                false,
            )
            .await?;
        let secret = base32_decode(assoc["SecretCode"].as_str().unwrap_or_default());
        // The previous step's code is accepted until the current step ends: keep clear of the
        // boundary so that it is still valid when the server checks it.
        let mut now = time::OffsetDateTime::now_utc()
            .unix_timestamp()
            .unsigned_abs();
        if now % 30 >= 27 {
            tokio::time::sleep(std::time::Duration::from_secs(30 - now % 30)).await;
            now = time::OffsetDateTime::now_utc()
                .unix_timestamp()
                .unsigned_abs();
        }
        let step = now / 30 - 1;
        let code = cognate_crypto::totp::code_at(&secret, step * 30);
        api.call(
            "VerifySoftwareToken",
            &json!({"AccessToken": token, "UserCode": code}),
            false,
        )
        .await?;
        api.call(
            "SetUserMFAPreference",
            &json!({"AccessToken": token, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
            false,
        )
        .await?;
        Ok((secret, step, auth))
    }
}

fn base32_decode(text: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0_u32, 0_u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => continue,
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    out
}

/// One complete SRP sign-in (InitiateAuth USER_SRP_AUTH + PASSWORD_VERIFIER); with a device,
/// the device's proof follows (DEVICE_SRP_AUTH + DEVICE_PASSWORD_VERIFIER) in place of MFA.
async fn srp_sign_in(
    api: &Api,
    fx: &Fixture,
    user: &str,
    device: Option<&KeptDevice>,
) -> anyhow::Result<()> {
    use cognate_crypto::srp::client::ClientHandshake;
    let handshake = ClientHandshake::from_secret(&cognate_crypto::random::random_bytes(32))?;
    let mut params = json!({"USERNAME": user, "SRP_A": handshake.srp_a()});
    if let Some(device) = device {
        params["DEVICE_KEY"] = json!(device.key);
    }
    let challenge = api
        .call(
            "InitiateAuth",
            &json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": fx.client_id, "AuthParameters": params}),
            false,
        )
        .await?;
    let p = &challenge["ChallengeParameters"];
    let text = |k: &str| p[k].as_str().unwrap_or_default().to_string();
    let pool_name = fx
        .pool_id
        .split_once('_')
        .map(|(_, n)| n)
        .unwrap_or_default();
    let mut responses = claim(
        &handshake,
        (pool_name, &text("USER_ID_FOR_SRP")),
        PASSWORD,
        p,
    )?;
    responses["USERNAME"] = json!(text("USERNAME"));
    if let Some(device) = device {
        responses["DEVICE_KEY"] = json!(device.key);
    }
    let reply = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": fx.client_id,
                    "ChallengeResponses": responses}),
            false,
        )
        .await?;
    match device {
        Some(device) => device_proof(api, fx, device, &text("USERNAME"), &reply).await,
        None => Ok(()),
    }
}

/// The answer to a (DEVICE_)PASSWORD_VERIFIER challenge with `parameters`: TIMESTAMP, the
/// SECRET_BLOCK and the claim signature for SRP "pool name" and "user id" `names`.
fn claim(
    handshake: &cognate_crypto::srp::client::ClientHandshake,
    (name, id): (&str, &str),
    password: &str,
    parameters: &Value,
) -> anyhow::Result<Value> {
    use cognate_crypto::srp;
    let text = |k: &str| parameters[k].as_str().unwrap_or_default().to_string();
    let key = handshake.session_key(name, id, password, &text("SRP_B"), &text("SALT"))?;
    let timestamp = srp::format_timestamp(time::OffsetDateTime::now_utc());
    let block = text("SECRET_BLOCK");
    let signature = srp::client::password_claim_signature(&key, name, id, &block, &timestamp)?;
    Ok(
        json!({"TIMESTAMP": timestamp, "PASSWORD_CLAIM_SECRET_BLOCK": block,
              "PASSWORD_CLAIM_SIGNATURE": signature}),
    )
}

/// DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER → tokens.
async fn device_proof(
    api: &Api,
    fx: &Fixture,
    device: &KeptDevice,
    username: &str,
    reply: &Value,
) -> anyhow::Result<()> {
    use cognate_crypto::srp::client::ClientHandshake;
    if reply["ChallengeName"] != "DEVICE_SRP_AUTH" {
        bail!("expected DEVICE_SRP_AUTH, got {}", reply["ChallengeName"]);
    }
    let handshake = ClientHandshake::from_secret(&cognate_crypto::random::random_bytes(32))?;
    let challenge = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "DEVICE_SRP_AUTH", "ClientId": fx.client_id, "Session": reply["Session"],
                    "ChallengeResponses": {"USERNAME": username, "DEVICE_KEY": device.key, "SRP_A": handshake.srp_a()}}),
            false,
        )
        .await?;
    let p = &challenge["ChallengeParameters"];
    let mut responses = claim(
        &handshake,
        (&device.group_key, &device.key),
        &device.password,
        p,
    )?;
    responses["USERNAME"] = json!(username);
    responses["DEVICE_KEY"] = json!(device.key);
    let done = api
        .call(
            "RespondToAuthChallenge",
            &json!({"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "ClientId": fx.client_id,
                    "Session": challenge["Session"], "ChallengeResponses": responses}),
            false,
        )
        .await?;
    if done.get("AuthenticationResult").is_none() {
        bail!("expected tokens, got {}", done["ChallengeName"]);
    }
    Ok(())
}

/// One complete TOTP MFA sign-in (InitiateAuth + SOFTWARE_TOKEN_MFA). Each user's codes are
/// single use, so a sign-in uses the current step, else the next one, if the user has not used
/// it yet (the previous step is avoided: it may expire before the server checks it).
async fn totp_sign_in(
    api: &Api,
    fx: &Fixture,
    user: &str,
    secret: &[u8],
    last_step: &mut u64,
) -> anyhow::Result<()> {
    let now = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .unsigned_abs();
    let step = (*last_step + 1).max(now / 30);
    if step > now / 30 + 1 {
        bail!("user codes exhausted for this step");
    }
    let challenge = sign_in(api, &fx.client_id, user).await?;
    let code = cognate_crypto::totp::code_at(secret, step * 30);
    api.call(
        "RespondToAuthChallenge",
        &json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": fx.client_id,
                "Session": challenge["Session"],
                "ChallengeResponses": {"USERNAME": user, "SOFTWARE_TOKEN_MFA_CODE": code}}),
        false,
    )
    .await?;
    *last_step = step;
    Ok(())
}

/// User + system CPU seconds a process has used (Linux `/proc/<pid>/stat`, 100 ticks/s).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Per worker: the next user slot, and each user's last used TOTP step.
type Cursor = std::sync::Mutex<(usize, Vec<u64>)>;

struct Outcome {
    latencies: Vec<Duration>,
    errors: Vec<String>,
    /// Server CPU seconds spent during the run (not during the scenario's setup).
    server_cpu: Option<f64>,
}

/// Runs `op` from `connections` workers for `seconds`, measuring the CPU time of process
/// `server_pid` meanwhile.
async fn run<F, Fut>(connections: usize, seconds: u64, server_pid: Option<u32>, op: F) -> Outcome
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send,
{
    let cpu_before = server_pid.and_then(cpu_seconds);
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
        server_cpu: None,
    };
    for task in tasks {
        if let Ok((l, e)) = task.await {
            outcome.latencies.extend(l);
            outcome.errors.extend(e);
        }
    }
    outcome.latencies.sort();
    if let (Some(before), Some(after)) = (cpu_before, server_pid.and_then(cpu_seconds)) {
        outcome.server_cpu = Some(after - before);
    }
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
    let tokens = Arc::new(tokens);
    let run_id = time::OffsetDateTime::now_utc().unix_timestamp();
    for scenario in &args.scenarios {
        for &connections in &args.connections {
            let (api, fx, tokens) = (api.clone(), fixture.clone(), tokens.clone());
            let outcome = match scenario.as_str() {
                "initiate-auth" => {
                    run(connections, args.seconds, args.server_pid, move |w, _| {
                        let (api, fx) = (api.clone(), fx.clone());
                        async move { sign_in(&api, &fx.client_id, &fx.users[w]).await.map(|_| ()) }
                    })
                    .await
                }
                "get-user" => {
                    run(connections, args.seconds, args.server_pid, move |w, _| {
                        let (api, tokens) = (api.clone(), tokens.clone());
                        async move {
                            api.call("GetUser", &json!({"AccessToken": tokens[w]}), false).await.map(|_| ())
                        }
                    })
                    .await
                }
                "sign-up" => {
                    run(connections, args.seconds, args.server_pid, move |_, n| {
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
                "srp-sign-in" => {
                    run(connections, args.seconds, args.server_pid, move |w, _| {
                        let (api, fx) = (api.clone(), fx.clone());
                        async move { srp_sign_in(&api, &fx, &fx.users[w], None).await }
                    })
                    .await
                }
                "device-sign-in" => {
                    let fx = Arc::new(setup(&api, 0, true).await?);
                    let devices = Arc::new(device_users(&api, &fx, connections).await?);
                    run(connections, args.seconds, args.server_pid, move |w, _| {
                        let (api, fx, devices) = (api.clone(), fx.clone(), devices.clone());
                        async move {
                            let device = &devices[w];
                            srp_sign_in(&api, &fx, &device.user, Some(device)).await
                        }
                    })
                    .await
                }
                "totp-mfa-sign-in" => {
                    // Two codes per user per 30 s: enough users for ~1,000 sign-ins/s.
                    let per_worker = (args.seconds as usize * 1000 / 2).div_ceil(connections).max(1);
                    let users = Arc::new(totp_users(&api, &fx, &connections.to_string(), per_worker * connections).await?);
                    let cursors: Arc<Vec<Cursor>> = Arc::new(
                        (0..connections)
                            .map(|w| {
                                let used = users[w * per_worker..(w + 1) * per_worker].iter().map(|u| u.2).collect();
                                std::sync::Mutex::new((0, used))
                            })
                            .collect(),
                    );
                    run(connections, args.seconds, args.server_pid, move |w, _| {
                        let (api, fx, users, cursors) = (api.clone(), fx.clone(), users.clone(), cursors.clone());
                        async move {
                            let (slot, mut last) = {
                                let mut c = cursors[w].lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
                                let slot = c.0;
                                c.0 = (c.0 + 1) % per_worker;
                                (slot, c.1[slot])
                            };
                            let (name, secret, _) = &users[w * per_worker + slot];
                            let result = totp_sign_in(&api, &fx, name, secret, &mut last).await;
                            if let Ok(mut c) = cursors[w].lock() {
                                c.1[slot] = last;
                            }
                            result
                        }
                    })
                    .await
                }
                other => bail!("unknown scenario {other}"),
            };
            report(&args.label, scenario, connections, args.seconds, &outcome);
            if let Some(used) = outcome.server_cpu {
                if used > 0.0 {
                    println!(
                        "{:<10} {scenario:<14} conns={connections:<3} server CPU {used:.1} s: {:.0} ok per server CPU-second",
                        args.label,
                        outcome.latencies.len() as f64 / used
                    );
                }
            }
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
