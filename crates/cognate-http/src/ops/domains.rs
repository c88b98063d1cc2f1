//! Pool domains: CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain,
//! DeleteUserPoolDomain.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse, UserPoolDomainRequest,
    UserPoolDomainResponse,
};

use super::wire::{pool_id, required};

/// CreateUserPoolDomain.
pub async fn create_user_pool_domain(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserPoolDomainRequest,
) -> CoreResult<UserPoolDomainResponse> {
    let domain = required(&req.domain, "domain")?;
    let pool = pool_id(&req.user_pool_id)?;
    let custom = req.custom_domain_config.as_ref();
    c.create_user_pool_domain(&pool, domain, custom, req.managed_login_version)
        .await
}

/// DescribeUserPoolDomain.
pub async fn describe_user_pool_domain(
    c: &Cognate,
    _rc: &RequestContext,
    req: DescribeUserPoolDomainRequest,
) -> CoreResult<DescribeUserPoolDomainResponse> {
    c.describe_user_pool_domain(required(&req.domain, "domain")?)
        .await
}

/// UpdateUserPoolDomain.
pub async fn update_user_pool_domain(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserPoolDomainRequest,
) -> CoreResult<UserPoolDomainResponse> {
    let domain = required(&req.domain, "domain")?;
    let pool = pool_id(&req.user_pool_id)?;
    let custom = req.custom_domain_config.as_ref();
    c.update_user_pool_domain(&pool, domain, custom, req.managed_login_version)
        .await
}

/// DeleteUserPoolDomain.
pub async fn delete_user_pool_domain(
    c: &Cognate,
    _rc: &RequestContext,
    req: UserPoolDomainRequest,
) -> CoreResult<()> {
    let domain = required(&req.domain, "domain")?;
    let pool = pool_id(&req.user_pool_id)?;
    c.delete_user_pool_domain(&pool, domain).await
}
