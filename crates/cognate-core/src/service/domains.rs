//! Pool domains: CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain,
//! DeleteUserPoolDomain. A prefix domain (`myprefix`) or a custom domain (`auth.example.com`,
//! with a certificate ARN); one per pool, each name taken once. The hosted pages answer on the
//! server's own address for every pool, and on `<prefix>.<public host>` too.

use cognate_proto::{
    CustomDomainConfigType, DescribeUserPoolDomainResponse, DomainDescriptionType,
    UserPoolDomainResponse,
};

use super::{arns, Cognate};
use crate::{
    error::{CoreError, CoreResult},
    model::{PoolDomain, PoolId},
    store::StoreError,
};

/// Words Cognito keeps out of prefix domains.
const RESERVED: &[&str] = &["aws", "amazon", "cognito"];

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidParameter(message.into())
}

fn no_such_domain() -> CoreError {
    invalid("No such domain or user pool exists.")
}

/// A DNS label: lower-case letters, digits and inner hyphens, 1–63 characters.
fn is_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && bytes.first() != Some(&b'-')
        && bytes.last() != Some(&b'-')
}

/// Checks a prefix domain as Cognito does.
fn check_prefix(domain: &str) -> CoreResult<()> {
    if !is_label(domain) {
        return Err(invalid(
            "The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$",
        ));
    }
    if let Some(word) = RESERVED.iter().find(|w| domain.contains(*w)) {
        return Err(invalid(format!(
            "Domain cannot contain reserved word: {word}"
        )));
    }
    Ok(())
}

/// Checks a custom domain: a fully qualified name with a certificate ARN.
fn check_custom(domain: &str, config: &CustomDomainConfigType) -> CoreResult<String> {
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || domain.len() > 253 || !labels.iter().all(|l| is_label(l)) {
        return Err(invalid(format!("{domain} is not a valid domain name.")));
    }
    match config.certificate_arn.as_deref() {
        Some(arn) => {
            arns::check("customDomainConfig.certificateArn", arn)?;
            Ok(arn.to_string())
        }
        None => Err(CoreError::missing("customDomainConfig.certificateArn")),
    }
}

fn check_version(version: Option<i64>) -> CoreResult<()> {
    match version {
        None | Some(1 | 2) => Ok(()),
        Some(v) => Err(invalid(format!(
            "ManagedLoginVersion {v} is not supported. Use 1 (hosted UI classic) or 2 (managed login)."
        ))),
    }
}

impl Cognate {
    /// Where a custom domain's DNS alias points: this server's public host.
    fn serving_host(&self) -> String {
        let url = self.config.public_url.as_str();
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let host = rest.split(['/', ':']).next().unwrap_or(rest);
        host.to_string()
    }

    /// The pool whose domain a request's `Host` names: `<prefix>.<public host>` for a prefix
    /// domain, the name itself for a custom one; none for the server's own host or a name no
    /// pool has.
    pub(crate) async fn pool_of_host(&self, host: &str) -> CoreResult<Option<String>> {
        let host = host.trim().to_ascii_lowercase();
        let host = match host.rsplit_once(':') {
            Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name.to_string(),
            _ => host,
        };
        let public = self.serving_host().to_ascii_lowercase();
        if host == public || host.is_empty() {
            return Ok(None);
        }
        let name = match host.strip_suffix(&format!(".{public}")) {
            Some(prefix) if !prefix.contains('.') => prefix.to_string(),
            _ => host,
        };
        Ok(self.store.find_domain(&name).await?.map(|d| d.pool_id))
    }

    fn domain_response(&self, domain: &PoolDomain) -> UserPoolDomainResponse {
        UserPoolDomainResponse {
            managed_login_version: domain.managed_login_version,
            cloud_front_domain: domain.is_custom().then(|| self.serving_host()),
        }
    }

    /// CreateUserPoolDomain.
    pub async fn create_user_pool_domain(
        &self,
        pool: &PoolId,
        domain: &str,
        custom: Option<&CustomDomainConfigType>,
        managed_login_version: Option<i64>,
    ) -> CoreResult<UserPoolDomainResponse> {
        let pool = self.pool(pool.as_str()).await?;
        let certificate_arn = match custom {
            Some(config) => Some(check_custom(domain, config)?),
            None => {
                check_prefix(domain)?;
                None
            }
        };
        check_version(managed_login_version)?;
        if self.store.find_pool_domain(&pool.id).await?.is_some() {
            return Err(invalid("User pool already has a domain configured."));
        }
        let record = PoolDomain {
            domain: domain.to_string(),
            pool_id: pool.id.clone(),
            certificate_arn,
            security_policy: custom.and_then(|c| c.security_policy.clone()),
            managed_login_version: Some(managed_login_version.unwrap_or(1)),
            created_ms: self.now_ms(),
        };
        match self.store.insert_domain(&record).await {
            Ok(()) => Ok(self.domain_response(&record)),
            Err(StoreError::Conflict(_)) => {
                Err(invalid("Domain already associated with another user pool."))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// DescribeUserPoolDomain: an empty description for a domain nobody has, as in Cognito.
    pub async fn describe_user_pool_domain(
        &self,
        domain: &str,
    ) -> CoreResult<DescribeUserPoolDomainResponse> {
        let Some(d) = self.store.find_domain(domain).await? else {
            return Ok(DescribeUserPoolDomainResponse::default());
        };
        Ok(DescribeUserPoolDomainResponse {
            domain_description: DomainDescriptionType {
                user_pool_id: Some(d.pool_id.clone()),
                aws_account_id: Some(self.config.account_id.clone()),
                domain: Some(d.domain.clone()),
                cloud_front_distribution: Some(self.serving_host()),
                version: Some(d.created_ms.to_string()),
                status: Some("ACTIVE".into()),
                custom_domain_config: d.certificate_arn.clone().map(|arn| CustomDomainConfigType {
                    certificate_arn: Some(arn),
                    security_policy: d.security_policy.clone(),
                }),
                managed_login_version: d.managed_login_version,
            },
        })
    }

    /// UpdateUserPoolDomain: a custom domain's certificate, and the managed-login version.
    pub async fn update_user_pool_domain(
        &self,
        pool: &PoolId,
        domain: &str,
        custom: Option<&CustomDomainConfigType>,
        managed_login_version: Option<i64>,
    ) -> CoreResult<UserPoolDomainResponse> {
        self.pool(pool.as_str()).await?;
        check_version(managed_login_version)?;
        let mut record = self
            .store
            .find_domain(domain)
            .await?
            .filter(|d| d.pool_id == pool.as_str())
            .ok_or_else(no_such_domain)?;
        if let Some(config) = custom {
            if !record.is_custom() {
                return Err(invalid(
                    "CustomDomainConfig can only be updated for a custom domain.",
                ));
            }
            record.certificate_arn = Some(check_custom(domain, config)?);
            record.security_policy = config.security_policy.clone();
        }
        if managed_login_version.is_some() {
            record.managed_login_version = managed_login_version;
        }
        match self.store.update_domain(&record).await {
            Ok(()) => Ok(self.domain_response(&record)),
            Err(StoreError::NotFound) => Err(no_such_domain()),
            Err(e) => Err(e.into()),
        }
    }

    /// DeleteUserPoolDomain.
    pub async fn delete_user_pool_domain(&self, pool: &PoolId, domain: &str) -> CoreResult<()> {
        self.pool(pool.as_str()).await?;
        if self.store.delete_domain(pool.as_str(), domain).await? {
            Ok(())
        } else {
            Err(no_such_domain())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_follow_cognitos_pattern() {
        assert!(check_prefix("my-app-1").is_ok());
        for bad in ["", "-a", "a-", "My", "a_b", "a.b", &"a".repeat(64)] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
        assert!(check_prefix("mycognitoapp").is_err());
    }

    #[test]
    fn custom_domains_need_a_name_and_a_certificate() {
        let config = |arn: Option<&str>| CustomDomainConfigType {
            certificate_arn: arn.map(str::to_string),
            security_policy: None,
        };
        let arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
        assert!(check_custom("auth.example.com", &config(Some(arn))).is_ok());
        assert!(check_custom("auth", &config(Some(arn))).is_err());
        assert!(check_custom("auth.example.com", &config(None)).is_err());
        assert!(check_custom("auth.example.com", &config(Some("nope"))).is_err());
    }
}
