//! What a run needs on the server before it measures anything: a pool, its client and users
//! (with an authenticator, or a remembered device), all made through the API.

use anyhow::Context;
use serde_json::{json, Value};

use crate::api::Api;

pub const PASSWORD: &str = "BenchPass123!";

pub struct Fixture {
    pub pool_id: String,
    pub client_id: String,
    pub users: Vec<String>,
}

/// A resource server named `tag` in the fixture's pool and a confidential client allowed
/// `client_credentials` on its scope: (client id, client secret).
pub async fn machine_client(
    api: &Api,
    fx: &Fixture,
    tag: &str,
) -> anyhow::Result<(String, String)> {
    let identifier = format!("bench-api-{tag}");
    api.call(
        "CreateResourceServer",
        &json!({"UserPoolId": fx.pool_id, "Identifier": identifier, "Name": "bench",
                "Scopes": [{"ScopeName": "read", "ScopeDescription": "read"}]}),
        true,
    )
    .await
    .context("CreateResourceServer")?;
    let client = api
        .call(
            "CreateUserPoolClient",
            &json!({"UserPoolId": fx.pool_id, "ClientName": "machine", "GenerateSecret": true,
                    "AllowedOAuthFlowsUserPoolClient": true,
                    "AllowedOAuthFlows": ["client_credentials"],
                    "AllowedOAuthScopes": [format!("{identifier}/read")]}),
            true,
        )
        .await
        .context("CreateUserPoolClient (client_credentials)")?;
    let field = |name: &str| {
        client["UserPoolClient"][name]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    Ok((field("ClientId"), field("ClientSecret")))
}

/// A pool (remembering devices when `devices`), its client, and `users` users.
pub async fn setup(api: &Api, users: usize, devices: bool) -> anyhow::Result<Fixture> {
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

pub async fn sign_in(api: &Api, client_id: &str, user: &str) -> anyhow::Result<Value> {
    api.call(
        "InitiateAuth",
        &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                "AuthParameters": {"USERNAME": user, "PASSWORD": PASSWORD}}),
        false,
    )
    .await
}

/// A user with an authenticator: name, secret, and the last time step whose code was used.
pub type TotpUser = (String, Vec<u8>, u64);

/// Creates `count` users with a verified, preferred authenticator.
pub async fn totp_users(
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
pub struct KeptDevice {
    pub user: String,
    pub key: String,
    pub group_key: String,
    pub password: String,
}

/// Creates `count` users with a preferred authenticator and one remembered device each (the
/// device of their first sign-in, confirmed before MFA was switched on).
pub async fn device_users(
    api: &Api,
    fx: &Fixture,
    count: usize,
) -> anyhow::Result<Vec<KeptDevice>> {
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
