//! The scenarios a run can measure, by name: what each worker repeats, and any setup of its own
//! (done before the clock starts).

use std::sync::Arc;

use anyhow::bail;
use serde_json::json;

use crate::api::Api;
use crate::challenges::{srp_sign_in, totp_sign_in};
use crate::fixture::{device_users, machine_client, setup, sign_in, totp_users, Fixture, PASSWORD};
use crate::hosted::{self, code_exchange, web_client};
use crate::runner::{run, Outcome};

/// Per worker: the next user slot, and each user's last used TOTP step.
type Cursor = std::sync::Mutex<(usize, Vec<u64>)>;

/// What every scenario shares: the API, the main fixture and its users' access tokens, and the
/// run's settings.
pub struct Bench {
    pub api: Api,
    pub fixture: Arc<Fixture>,
    pub tokens: Arc<Vec<String>>,
    /// Seconds per scenario and concurrency level.
    pub seconds: u64,
    /// PID of the server, to measure its CPU time.
    pub server_pid: Option<u32>,
    /// Tells this run's sign-up usernames from earlier runs'.
    pub run_id: i64,
}

/// Runs `scenario` from `connections` workers for the configured time.
pub async fn run_scenario(
    bench: &Bench,
    scenario: &str,
    connections: usize,
) -> anyhow::Result<Outcome> {
    let (api, fx, tokens) = (
        bench.api.clone(),
        bench.fixture.clone(),
        bench.tokens.clone(),
    );
    let (seconds, server_pid, run_id) = (bench.seconds, bench.server_pid, bench.run_id);
    let outcome = match scenario {
        "initiate-auth" => {
            run(connections, seconds, server_pid, move |w, _| {
                let (api, fx) = (api.clone(), fx.clone());
                async move { sign_in(&api, &fx.client_id, &fx.users[w]).await.map(|_| ()) }
            })
            .await
        }
        "get-user" => {
            run(connections, seconds, server_pid, move |w, _| {
                let (api, tokens) = (api.clone(), tokens.clone());
                async move {
                    api.call("GetUser", &json!({"AccessToken": tokens[w]}), false).await.map(|_| ())
                }
            })
            .await
        }
        "sign-up" => {
            run(connections, seconds, server_pid, move |_, n| {
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
            run(connections, seconds, server_pid, move |w, _| {
                let (api, fx) = (api.clone(), fx.clone());
                async move { srp_sign_in(&api, &fx, &fx.users[w], None).await }
            })
            .await
        }
        "device-sign-in" => {
            let fx = Arc::new(setup(&api, 0, true).await?);
            let devices = Arc::new(device_users(&api, &fx, connections).await?);
            run(connections, seconds, server_pid, move |w, _| {
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
            let per_worker = (seconds as usize * 1000 / 2).div_ceil(connections).max(1);
            let users = Arc::new(totp_users(&api, &fx, &connections.to_string(), per_worker * connections).await?);
            let cursors: Arc<Vec<Cursor>> = Arc::new(
                (0..connections)
                    .map(|w| {
                        let used = users[w * per_worker..(w + 1) * per_worker].iter().map(|u| u.2).collect();
                        std::sync::Mutex::new((0, used))
                    })
                    .collect(),
            );
            run(connections, seconds, server_pid, move |w, _| {
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
        "client-credentials" => {
            let (id, secret) = machine_client(&api, &fx, &format!("{run_id}-{connections}")).await?;
            let (id, secret) = (Arc::new(id), Arc::new(secret));
            run(connections, seconds, server_pid, move |_, _| {
                let (api, id, secret) = (api.clone(), id.clone(), secret.clone());
                async move { api.client_credentials(&id, &secret).await.map(|_| ()) }
            })
            .await
        }
        "code-exchange" => {
            let client_id = Arc::new(web_client(&api, &fx).await?);
            let mut browsers = Vec::new();
            for user in fx.users.iter().take(connections) {
                browsers.push(hosted::sign_in(&api, &client_id, user).await?);
            }
            let browsers = Arc::new(browsers);
            run(connections, seconds, server_pid, move |w, _| {
                let (api, client_id, browsers) = (api.clone(), client_id.clone(), browsers.clone());
                async move { code_exchange(&api, &client_id, &browsers[w]).await }
            })
            .await
        }
        "token-exchange" => {
            // The codes are made before the measured run (authorize is the code-exchange
            // scenario's other half): the run measures `/oauth2/token` alone. A worker that
            // uses up its codes makes the next one inside the run, which only costs more.
            let client_id = Arc::new(web_client(&api, &fx).await?);
            let per_worker = 200 * usize::try_from(seconds).unwrap_or(10);
            let mut browsers = Vec::new();
            let mut codes = Vec::new();
            for user in fx.users.iter().take(connections) {
                let browser = hosted::sign_in(&api, &client_id, user).await?;
                let mut minted = Vec::with_capacity(per_worker);
                for _ in 0..per_worker {
                    minted.push(hosted::authorize(&api, &client_id, &browser).await?);
                }
                browsers.push(browser);
                codes.push(std::sync::Mutex::new(minted));
            }
            let (browsers, codes) = (Arc::new(browsers), Arc::new(codes));
            run(connections, seconds, server_pid, move |w, _| {
                let (api, client_id) = (api.clone(), client_id.clone());
                let (browsers, codes) = (browsers.clone(), codes.clone());
                async move {
                    let next = codes[w].lock().ok().and_then(|mut c| c.pop());
                    let code = match next {
                        Some(code) => code,
                        None => hosted::authorize(&api, &client_id, &browsers[w]).await?,
                    };
                    hosted::exchange(&api, &client_id, &browsers[w], &code).await
                }
            })
            .await
        }
        other => bail!("unknown scenario {other}"),
    };
    Ok(outcome)
}
