//! Resource servers and their custom scopes: CreateResourceServer, DescribeResourceServer,
//! UpdateResourceServer, ListResourceServers, DeleteResourceServer. App clients may be given
//! `<identifier>/<scope>` in `AllowedOAuthScopes`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use cognate_proto::{
    ListResourceServersResponse, ResourceServerResponse, ResourceServerScopeType,
    ResourceServerType,
};

use super::Cognate;
use crate::{
    error::{CoreError, CoreResult},
    model::{CustomScope, PoolId, ResourceServer},
    store::StoreError,
};

/// Resource servers a pool may have (Cognito's quota).
const MAX_PER_POOL: usize = 25;
/// Scopes a resource server may have.
const MAX_SCOPES: usize = 100;
/// Largest ListResourceServers page.
const MAX_PAGE: i64 = 50;

/// 1–256 characters, each allowed by `allowed`.
fn check_text(
    member: &str,
    value: &str,
    pattern: &str,
    allowed: impl Fn(char) -> bool,
) -> CoreResult<()> {
    let len = value.chars().count();
    if !(1..=256).contains(&len) {
        return Err(CoreError::constraint(
            member,
            value,
            "Member must have length between 1 and 256",
        ));
    }
    if !value.chars().all(allowed) {
        return Err(CoreError::constraint(
            member,
            value,
            &format!("Member must satisfy regular expression pattern: {pattern}"),
        ));
    }
    Ok(())
}

/// Printable ASCII without space, `"` and `\` (and without `/` where `slash` is false).
fn scope_char(c: char, slash: bool) -> bool {
    matches!(c, '\x21'..='\x7e') && c != '"' && c != '\\' && (slash || c != '/')
}

fn check_identifier(identifier: &str) -> CoreResult<()> {
    check_text(
        "identifier",
        identifier,
        "[\\x21\\x23-\\x5B\\x5D-\\x7E]+",
        |c| scope_char(c, true),
    )
}

fn check_name(name: &str) -> CoreResult<()> {
    check_text("name", name, "[\\w\\s+=,.@-]+", |c| {
        c.is_alphanumeric() || c.is_whitespace() || "_+=,.@-".contains(c)
    })
}

/// The scopes as sent, checked: names unique, each with a description.
fn scopes(given: &[ResourceServerScopeType]) -> CoreResult<Vec<CustomScope>> {
    if given.len() > MAX_SCOPES {
        return Err(CoreError::constraint(
            "scopes",
            &given.len().to_string(),
            "Member must have length less than or equal to 100",
        ));
    }
    let mut out: Vec<CustomScope> = Vec::with_capacity(given.len());
    for scope in given {
        let name = scope
            .scope_name
            .as_deref()
            .ok_or_else(|| CoreError::missing("scopes.member.scopeName"))?;
        let description = scope
            .scope_description
            .as_deref()
            .ok_or_else(|| CoreError::missing("scopes.member.scopeDescription"))?;
        check_text(
            "scopes.member.scopeName",
            name,
            "[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+",
            |c| scope_char(c, false),
        )?;
        check_text("scopes.member.scopeDescription", description, ".+", |_| {
            true
        })?;
        if out.iter().any(|s| s.name == name) {
            return Err(CoreError::InvalidParameter(format!(
                "Scope {name} is listed more than once."
            )));
        }
        out.push(CustomScope {
            name: name.to_string(),
            description: description.to_string(),
        });
    }
    Ok(out)
}

fn server_type(server: ResourceServer) -> ResourceServerType {
    ResourceServerType {
        user_pool_id: server.pool_id,
        identifier: server.identifier,
        name: server.name,
        scopes: server
            .scopes
            .into_iter()
            .map(|s| ResourceServerScopeType {
                scope_name: Some(s.name),
                scope_description: Some(s.description),
            })
            .collect(),
    }
}

fn response(server: ResourceServer) -> ResourceServerResponse {
    ResourceServerResponse {
        resource_server: server_type(server),
    }
}

/// A resource server of `pool_id` as a Create or Update request gives it, its name and scopes
/// checked.
fn record(
    pool_id: &str,
    identifier: &str,
    name: &str,
    given: &[ResourceServerScopeType],
) -> CoreResult<ResourceServer> {
    check_name(name)?;
    Ok(ResourceServer {
        pool_id: pool_id.to_string(),
        identifier: identifier.to_string(),
        name: name.to_string(),
        scopes: scopes(given)?,
    })
}

fn not_found(identifier: &str) -> CoreError {
    CoreError::ResourceNotFound(format!("Resource server {identifier} does not exist."))
}

impl Cognate {
    /// CreateResourceServer.
    pub async fn create_resource_server(
        &self,
        pool: &PoolId,
        identifier: &str,
        name: &str,
        given: &[ResourceServerScopeType],
    ) -> CoreResult<ResourceServerResponse> {
        let pool = self.pool(pool.as_str()).await?;
        check_identifier(identifier)?;
        let server = record(&pool.id, identifier, name, given)?;
        if self.resource_servers(&pool.id).await?.len() >= MAX_PER_POOL {
            return Err(CoreError::LimitExceeded(format!(
                "A user pool can have at most {MAX_PER_POOL} resource servers."
            )));
        }
        match self.store.insert_resource_server(&server).await {
            Ok(()) => Ok(response(server)),
            Err(StoreError::Conflict(_)) => Err(CoreError::InvalidParameter(format!(
                "{identifier} already exists in user pool {}.",
                pool.id
            ))),
            Err(e) => Err(e.into()),
        }
    }

    /// The resource servers of a pool, all of them (at most [`MAX_PER_POOL`]).
    pub(crate) async fn resource_servers(&self, pool_id: &str) -> CoreResult<Vec<ResourceServer>> {
        Ok(self
            .store
            .list_resource_servers(pool_id, None, MAX_PER_POOL)
            .await?
            .items)
    }

    /// DescribeResourceServer.
    pub async fn describe_resource_server(
        &self,
        pool: &PoolId,
        identifier: &str,
    ) -> CoreResult<ResourceServerResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let server = self
            .store
            .find_resource_server(&pool.id, identifier)
            .await?
            .ok_or_else(|| not_found(identifier))?;
        Ok(response(server))
    }

    /// UpdateResourceServer: the name and scopes are replaced (scopes not sent are removed).
    pub async fn update_resource_server(
        &self,
        pool: &PoolId,
        identifier: &str,
        name: &str,
        given: &[ResourceServerScopeType],
    ) -> CoreResult<ResourceServerResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let server = record(&pool.id, identifier, name, given)?;
        match self.store.update_resource_server(&server).await {
            Ok(()) => Ok(response(server)),
            Err(StoreError::NotFound) => Err(not_found(identifier)),
            Err(e) => Err(e.into()),
        }
    }

    /// DeleteResourceServer.
    pub async fn delete_resource_server(&self, pool: &PoolId, identifier: &str) -> CoreResult<()> {
        let pool = self.pool(pool.as_str()).await?;
        if self
            .store
            .delete_resource_server(&pool.id, identifier)
            .await?
        {
            Ok(())
        } else {
            Err(not_found(identifier))
        }
    }

    /// ListResourceServers, in identifier order.
    pub async fn list_resource_servers(
        &self,
        pool: &PoolId,
        max_results: Option<i64>,
        next_token: Option<&str>,
    ) -> CoreResult<ListResourceServersResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let limit = match max_results {
            None => MAX_PAGE,
            Some(n) if (1..=MAX_PAGE).contains(&n) => n,
            Some(n) => {
                return Err(CoreError::constraint(
                    "maxResults",
                    &n.to_string(),
                    "Member must have value between 1 and 50",
                ))
            }
        };
        let after = match next_token {
            Some(token) => Some(
                URL_SAFE_NO_PAD
                    .decode(token)
                    .ok()
                    .and_then(|k| String::from_utf8(k).ok())
                    .ok_or_else(|| {
                        CoreError::InvalidParameter(format!(
                            "Paging marker {token} is invalid for request."
                        ))
                    })?,
            ),
            None => None,
        };
        let page = self
            .store
            .list_resource_servers(
                &pool.id,
                after.as_deref(),
                usize::try_from(limit).unwrap_or(50),
            )
            .await?;
        Ok(ListResourceServersResponse {
            resource_servers: page.items.into_iter().map(server_type).collect(),
            next_token: page.next.map(|k| URL_SAFE_NO_PAD.encode(k)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(name: &str, description: &str) -> ResourceServerScopeType {
        ResourceServerScopeType {
            scope_name: Some(name.into()),
            scope_description: Some(description.into()),
        }
    }

    #[test]
    fn scope_names_keep_cognitos_alphabet() {
        assert!(scopes(&[scope("read", "Read"), scope("write:all", "Write")]).is_ok());
        assert!(scopes(&[scope("a/b", "slash")]).is_err());
        assert!(scopes(&[scope("a b", "space")]).is_err());
        assert!(scopes(&[scope("read", "x"), scope("read", "y")]).is_err());
        assert!(scopes(&[scope("read", "")]).is_err());
    }

    #[test]
    fn identifiers_and_names() {
        assert!(check_identifier("https://api.example.com").is_ok());
        assert!(check_identifier("has space").is_err());
        assert!(check_name("My API v1.0").is_ok());
        assert!(check_name("bad/name").is_err());
    }
}
