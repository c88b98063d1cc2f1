//! The authorization-code flow as a browser and an app drive it: one sign-in on the hosted
//! page per worker (its managed-login session cookie), then, measured, `/oauth2/authorize`
//! (straight back with a code while the session lasts) and the code's exchange with PKCE at
//! `/oauth2/token`.

use anyhow::{bail, Context};
use serde_json::{json, Value};

use crate::{api::Api, fixture::Fixture, fixture::PASSWORD};

const CALLBACK: &str = "http://localhost:3999/callback";
/// A fixed PKCE pair (RFC 7636 Appendix B), so the server checks a real S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// A browser: a client that does not follow redirects, and a signed-in session's cookie.
pub struct Browser {
    http: reqwest::Client,
    cookie: String,
}

fn encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn authorize_query(client_id: &str) -> String {
    format!(
        "response_type=code&client_id={client_id}&redirect_uri={}&scope=openid&code_challenge={CHALLENGE}&code_challenge_method=S256",
        encoded(CALLBACK)
    )
}

/// A public client of the fixture's pool for the code flow.
pub async fn web_client(api: &Api, fx: &Fixture) -> anyhow::Result<String> {
    let client = api
        .call(
            "CreateUserPoolClient",
            &json!({"UserPoolId": fx.pool_id, "ClientName": "web",
                    "AllowedOAuthFlowsUserPoolClient": true, "AllowedOAuthFlows": ["code"],
                    "AllowedOAuthScopes": ["openid"], "CallbackURLs": [CALLBACK],
                    "SupportedIdentityProviders": ["COGNITO"]}),
            true,
        )
        .await
        .context("CreateUserPoolClient (code)")?;
    Ok(client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap_or_default()
        .to_string())
}

/// The `name=value` pairs a response sets.
fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next().map(str::to_string))
        .collect()
}

/// Signs `username` in on the hosted page: a browser holding the session cookie.
pub async fn sign_in(api: &Api, client_id: &str, username: &str) -> anyhow::Result<Browser> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(4)
        .build()?;
    let login = format!("{}login?{}", api.endpoint, authorize_query(client_id));
    let page = http.get(&login).send().await?;
    let csrf = set_cookies(&page)
        .into_iter()
        .find(|c| c.starts_with("cognate_csrf="))
        .context("no CSRF cookie on the sign-in page")?;
    let token = csrf.trim_start_matches("cognate_csrf=").to_string();
    let form = format!(
        "_csrf={token}&username={}&password={}",
        encoded(username),
        encoded(PASSWORD)
    );
    let signed = http
        .post(&login)
        .header("cookie", &csrf)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await?;
    let cookie = set_cookies(&signed)
        .into_iter()
        .find(|c| c.starts_with("cognate_login_"))
        .with_context(|| format!("sign-in on the page failed: {}", signed.status()))?;
    Ok(Browser { http, cookie })
}

/// `/oauth2/authorize` while the browser's session lasts: the code it comes straight back with.
pub async fn authorize(api: &Api, client_id: &str, browser: &Browser) -> anyhow::Result<String> {
    let url = format!(
        "{}oauth2/authorize?{}",
        api.endpoint,
        authorize_query(client_id)
    );
    let back = browser
        .http
        .get(url)
        .header("cookie", &browser.cookie)
        .send()
        .await?;
    let location = back
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default();
    let Some(code) = location
        .split_once("code=")
        .map(|(_, rest)| rest.split('&').next().unwrap_or_default().to_string())
    else {
        bail!("authorize did not come back with a code: {location}");
    };
    Ok(code)
}

/// A code's exchange with its PKCE verifier at `/oauth2/token`.
pub async fn exchange(
    api: &Api,
    client_id: &str,
    browser: &Browser,
    code: &str,
) -> anyhow::Result<()> {
    let form = format!(
        "grant_type=authorization_code&client_id={client_id}&code={code}&redirect_uri={}&code_verifier={VERIFIER}",
        encoded(CALLBACK)
    );
    let tokens = browser
        .http
        .post(format!("{}oauth2/token", api.endpoint))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await?;
    let ok = tokens.status().is_success();
    let value: Value = tokens.json().await?;
    if !ok {
        bail!("{}", value["error"].as_str().unwrap_or("error"));
    }
    Ok(())
}

/// One authorization and its code's exchange.
pub async fn code_exchange(api: &Api, client_id: &str, browser: &Browser) -> anyhow::Result<()> {
    let code = authorize(api, client_id, browser).await?;
    exchange(api, client_id, browser, &code).await
}
