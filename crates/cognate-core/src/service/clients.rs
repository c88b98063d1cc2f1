//! App clients: CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
//! ListUserPoolClients, DeleteUserPoolClient, and the client-secret checks (SECRET_HASH).

use cognate_crypto::{random, secret_hash::verify_secret_hash};
use cognate_proto::{
    CreateUserPoolClientRequest, CreateUserPoolClientResponse, ListUserPoolClientsResponse,
    UpdateUserPoolClientRequest, UserPoolClientDescription, UserPoolClientSettings,
    UserPoolClientType,
};

use super::{client_oauth, pools::page_size, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{AppClient, ClientId, PoolId},
};

pub(crate) const SECRET_PURPOSE: &str = "client-secret";
const FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
];
const UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];

/// Validates settings and fills in Cognito's defaults.
fn normalize(mut s: UserPoolClientSettings) -> CoreResult<UserPoolClientSettings> {
    let name = s.client_name.as_deref().unwrap_or_default();
    if name.is_empty() || name.len() > 128 {
        return Err(CoreError::missing("clientName"));
    }
    let flows = s.explicit_auth_flows.get_or_insert_with(|| {
        vec![
            "ALLOW_REFRESH_TOKEN_AUTH".into(),
            "ALLOW_USER_SRP_AUTH".into(),
            "ALLOW_CUSTOM_AUTH".into(),
        ]
    });
    if let Some(bad) = flows.iter().find(|f| !FLOWS.contains(&f.as_str())) {
        return Err(CoreError::InvalidParameter(format!(
            "Invalid auth flow {bad}."
        )));
    }
    let (allow, legacy): (Vec<&String>, Vec<&String>) =
        flows.iter().partition(|f| f.starts_with("ALLOW_"));
    if !allow.is_empty() && !legacy.is_empty() {
        return Err(CoreError::InvalidParameter(
            "The combination of auth flows is invalid: legacy and ALLOW_ flows cannot be mixed."
                .into(),
        ));
    }
    let units = s.token_validity_units.get_or_insert_with(Default::default);
    for unit in [&units.access_token, &units.id_token, &units.refresh_token]
        .into_iter()
        .flatten()
    {
        if !UNITS.contains(&unit.as_str()) {
            return Err(CoreError::InvalidParameter(format!(
                "Invalid token validity unit {unit}."
            )));
        }
    }
    // Cognito reports the defaults as 60 minutes / 60 minutes / 30 days.
    if s.access_token_validity.is_none() {
        s.access_token_validity = Some(60);
        units.access_token = Some("minutes".into());
    }
    if s.id_token_validity.is_none() {
        s.id_token_validity = Some(60);
        units.id_token = Some("minutes".into());
    }
    if s.refresh_token_validity.is_none_or(|v| v == 0) {
        s.refresh_token_validity = Some(30);
        units.refresh_token = Some("days".into());
    }
    units.access_token.get_or_insert_with(|| "hours".into());
    units.id_token.get_or_insert_with(|| "hours".into());
    units.refresh_token.get_or_insert_with(|| "days".into());
    let session = *s.auth_session_validity.get_or_insert(3);
    if !(3..=15).contains(&session) {
        return Err(CoreError::InvalidParameter(
            "AuthSessionValidity must be between 3 and 15 minutes.".into(),
        ));
    }
    let check = |secs: i64, min: i64, max: i64, what: &str| {
        if secs < min || secs > max {
            Err(CoreError::InvalidParameter(format!(
                "{what} validity is out of range."
            )))
        } else {
            Ok(())
        }
    };
    let probe = AppClient {
        pool_id: String::new(),
        client_id: String::new(),
        sealed_secret: None,
        created_ms: 0,
        modified_ms: 0,
        settings: s.clone(),
    };
    check(probe.access_token_seconds(), 300, 86_400, "Access token")?;
    check(probe.id_token_seconds(), 300, 86_400, "Id token")?;
    check(
        probe.refresh_token_seconds(),
        3600,
        315_360_000,
        "Refresh token",
    )?;
    match s
        .prevent_user_existence_errors
        .get_or_insert_with(|| "LEGACY".into())
        .as_str()
    {
        "LEGACY" | "ENABLED" => {}
        other => {
            return Err(CoreError::InvalidParameter(format!(
                "Invalid PreventUserExistenceErrors value {other}."
            )))
        }
    }
    s.enable_token_revocation.get_or_insert(true);
    s.enable_propagate_additional_user_context_data
        .get_or_insert(false);
    s.allowed_o_auth_flows_user_pool_client.get_or_insert(false);
    Ok(s)
}

impl Cognate {
    fn client_type(&self, client: &AppClient) -> CoreResult<UserPoolClientType> {
        Ok(UserPoolClientType {
            user_pool_id: client.pool_id.clone(),
            client_id: client.client_id.clone(),
            client_secret: self.client_secret(client)?,
            last_modified_date: client.modified_ms as f64 / 1000.0,
            creation_date: client.created_ms as f64 / 1000.0,
            settings: client.settings.clone(),
        })
    }

    /// The client's secret in clear, when it has one.
    pub(super) fn client_secret(&self, client: &AppClient) -> CoreResult<Option<String>> {
        let Some(sealed) = client.sealed_secret.as_deref() else {
            return Ok(None);
        };
        let secret = self
            .master_key
            .open_b64(SECRET_PURPOSE, sealed)
            .map_err(|e| CoreError::Internal(e.into()))?;
        String::from_utf8(secret.to_vec())
            .map(Some)
            .map_err(|e| CoreError::Internal(e.into()))
    }

    /// Checks SECRET_HASH for any of `usernames`, when the client has a secret.
    pub(super) fn check_secret_hash_any(
        &self,
        client: &AppClient,
        usernames: &[String],
        presented: Option<&str>,
    ) -> CoreResult<()> {
        let Some(secret) = self.client_secret(client)? else {
            return Ok(());
        };
        let Some(presented) = presented.filter(|p| !p.is_empty()) else {
            return Err(CoreError::NotAuthorized(format!(
                "Client {} is configured for secret but secret was not received",
                client.client_id
            )));
        };
        if usernames
            .iter()
            .any(|u| verify_secret_hash(&secret, u, &client.client_id, presented))
        {
            return Ok(());
        }
        Err(CoreError::NotAuthorized(format!(
            "Unable to verify secret hash for client {}",
            client.client_id
        )))
    }

    /// Checks SECRET_HASH for the username the client sent.
    pub(super) fn check_secret_hash(
        &self,
        client: &AppClient,
        username: &str,
        presented: Option<&str>,
    ) -> CoreResult<()> {
        self.check_secret_hash_any(client, &[username.to_string()], presented)
    }

    /// Checks a client's OAuth settings against the pool's resource servers and identity
    /// providers.
    async fn check_oauth(
        &self,
        pool_id: &str,
        settings: &UserPoolClientSettings,
        has_secret: bool,
    ) -> CoreResult<()> {
        let scopes = settings
            .allowed_o_auth_scopes
            .as_deref()
            .unwrap_or_default();
        let custom: Vec<String> = if scopes
            .iter()
            .all(|s| client_oauth::STANDARD_SCOPES.contains(&s.as_str()))
        {
            Vec::new()
        } else {
            self.resource_servers(pool_id)
                .await?
                .iter()
                .flat_map(|server| server.scope_names())
                .collect()
        };
        let named = settings
            .supported_identity_providers
            .as_deref()
            .unwrap_or_default();
        let providers = self.existing_identity_providers(pool_id, named).await?;
        client_oauth::check(pool_id, settings, has_secret, &custom, &providers)
    }

    /// A client of an existing pool, for the client operations.
    async fn pool_client(&self, pool: &PoolId, client: &ClientId) -> CoreResult<AppClient> {
        self.pool(pool.as_str()).await?;
        self.client(client.as_str(), Some(pool.as_str())).await
    }

    /// CreateUserPoolClient.
    pub async fn create_user_pool_client(
        &self,
        pool: &PoolId,
        req: CreateUserPoolClientRequest,
    ) -> CoreResult<CreateUserPoolClientResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let settings = normalize(req.settings)?;
        let has_secret = req.generate_secret.unwrap_or(false);
        self.check_oauth(&pool.id, &settings, has_secret).await?;
        let sealed_secret = req
            .generate_secret
            .unwrap_or(false)
            .then(|| {
                self.master_key
                    .seal_b64(SECRET_PURPOSE, random::client_secret().as_bytes())
            })
            .transpose()
            .map_err(|e| CoreError::Internal(e.into()))?;
        let now = self.now_ms();
        let client = AppClient {
            pool_id: pool.id.clone(),
            client_id: random::client_id(),
            sealed_secret,
            created_ms: now,
            modified_ms: now,
            settings,
        };
        self.store.insert_client(&client).await?;
        Ok(CreateUserPoolClientResponse {
            user_pool_client: self.client_type(&client)?,
        })
    }

    /// DescribeUserPoolClient.
    pub async fn describe_user_pool_client(
        &self,
        pool: &PoolId,
        client: &ClientId,
    ) -> CoreResult<CreateUserPoolClientResponse> {
        let client = self.pool_client(pool, client).await?;
        Ok(CreateUserPoolClientResponse {
            user_pool_client: self.client_type(&client)?,
        })
    }

    /// UpdateUserPoolClient: omitted settings return to their defaults, as in Cognito.
    pub async fn update_user_pool_client(
        &self,
        pool: &PoolId,
        client: &ClientId,
        req: UpdateUserPoolClientRequest,
    ) -> CoreResult<CreateUserPoolClientResponse> {
        let mut client = self.pool_client(pool, client).await?;
        let mut settings = req.settings;
        settings.client_name = settings
            .client_name
            .or_else(|| client.settings.client_name.clone());
        let settings = normalize(settings)?;
        self.check_oauth(&client.pool_id, &settings, client.sealed_secret.is_some())
            .await?;
        client.settings = settings;
        client.modified_ms = self.now_ms();
        self.store.update_client(&client).await?;
        Ok(CreateUserPoolClientResponse {
            user_pool_client: self.client_type(&client)?,
        })
    }

    /// ListUserPoolClients.
    pub async fn list_user_pool_clients(
        &self,
        pool: &PoolId,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<ListUserPoolClientsResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let page = self
            .store
            .list_clients(&pool.id, next_token, page_size(max_results)?)
            .await?;
        Ok(ListUserPoolClientsResponse {
            user_pool_clients: page
                .items
                .into_iter()
                .map(|c| UserPoolClientDescription {
                    client_id: c.client_id,
                    user_pool_id: c.pool_id,
                    client_name: c.settings.client_name.unwrap_or_default(),
                })
                .collect(),
            next_token: page.next,
        })
    }

    /// DeleteUserPoolClient.
    pub async fn delete_user_pool_client(
        &self,
        pool: &PoolId,
        client: &ClientId,
    ) -> CoreResult<()> {
        let client = self.pool_client(pool, client).await?;
        self.store
            .delete_client(&client.pool_id, &client.client_id)
            .await?;
        Ok(())
    }
}
