//! From wire members to typed input: the checks that a required member is present (Cognito's
//! "Value null at '…' failed to satisfy constraint" error), and the names core takes.

use cognate_core::{
    model::{AccessToken, ClientId, ClientUser, DeviceKey, PoolId, Subject, Username},
    service::Caller,
    CoreError, CoreResult,
};

/// A required, non-empty string member (`member` as Cognito names it in its error).
pub fn required<'a>(value: &'a Option<String>, member: &str) -> CoreResult<&'a str> {
    match value.as_deref() {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(CoreError::missing(member)),
    }
}

/// A required member of any other type.
pub fn present<T>(value: Option<T>, member: &str) -> CoreResult<T> {
    value.ok_or_else(|| CoreError::missing(member))
}

/// `UserPoolId`.
pub fn pool_id(value: &Option<String>) -> CoreResult<PoolId> {
    required(value, "userPoolId").map(PoolId::new)
}

/// `ClientId`.
pub fn client_id(value: &Option<String>) -> CoreResult<ClientId> {
    required(value, "clientId").map(ClientId::new)
}

/// `Username`.
pub fn username(value: &Option<String>) -> CoreResult<Username> {
    required(value, "username").map(Username::new)
}

/// `DeviceKey`.
pub fn device_key(value: &Option<String>) -> CoreResult<DeviceKey> {
    required(value, "deviceKey").map(DeviceKey::new)
}

/// `AccessToken`.
pub fn access_token(value: &Option<String>) -> CoreResult<AccessToken> {
    required(value, "accessToken").map(AccessToken::new)
}

/// `UserPoolId` and `Username` of an Admin request naming a user.
pub fn named(pool: &Option<String>, user: &Option<String>) -> CoreResult<(PoolId, Username)> {
    Ok((pool_id(pool)?, username(user)?))
}

/// `ClientId`, `Username`, `SecretHash` and `ClientMetadata` of a client-authorized request.
pub fn client_user(
    client: &Option<String>,
    user: &Option<String>,
    secret_hash: &Option<String>,
    client_metadata: &Option<std::collections::BTreeMap<String, String>>,
) -> CoreResult<ClientUser> {
    Ok(ClientUser {
        client: client_id(client)?,
        username: username(user)?,
        secret_hash: secret_hash.clone(),
        client_metadata: client_metadata.clone(),
    })
}

/// The account an operation with a public and an Admin form acts on: `AccessToken` for the
/// public form, `UserPoolId` and `Username` for the Admin form.
pub fn subject(
    caller: Caller,
    token: &Option<String>,
    pool: &Option<String>,
    user: &Option<String>,
) -> CoreResult<Subject> {
    Ok(match caller {
        Caller::Public => Subject::Token(access_token(token)?),
        Caller::Admin => {
            let (pool, username) = named(pool, user)?;
            Subject::Named { pool, username }
        }
    })
}
