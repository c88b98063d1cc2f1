//! Identity providers: CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider,
//! DeleteIdentityProvider, ListIdentityProviders, GetIdentityProviderByIdentifier.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    CreateIdentityProviderRequest, GetIdentityProviderByIdentifierRequest,
    IdentityProviderNameRequest, IdentityProviderResponse, ListIdentityProvidersRequest,
    ListIdentityProvidersResponse, UpdateIdentityProviderRequest,
};

use super::wire::{pool_id, present, required};

/// CreateIdentityProvider.
pub async fn create_identity_provider(
    c: &Cognate,
    _rc: &RequestContext,
    req: CreateIdentityProviderRequest,
) -> CoreResult<IdentityProviderResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let name = required(&req.provider_name, "providerName")?;
    let kind = required(&req.provider_type, "providerType")?;
    let details = present(req.provider_details.as_ref(), "providerDetails")?;
    c.create_identity_provider(&pool, name, kind, details, &req)
        .await
}

/// DescribeIdentityProvider.
pub async fn describe_identity_provider(
    c: &Cognate,
    _rc: &RequestContext,
    req: IdentityProviderNameRequest,
) -> CoreResult<IdentityProviderResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let name = required(&req.provider_name, "providerName")?;
    c.describe_identity_provider(&pool, name).await
}

/// UpdateIdentityProvider.
pub async fn update_identity_provider(
    c: &Cognate,
    _rc: &RequestContext,
    req: UpdateIdentityProviderRequest,
) -> CoreResult<IdentityProviderResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let name = required(&req.provider_name, "providerName")?;
    c.update_identity_provider(&pool, name, &req).await
}

/// DeleteIdentityProvider.
pub async fn delete_identity_provider(
    c: &Cognate,
    _rc: &RequestContext,
    req: IdentityProviderNameRequest,
) -> CoreResult<()> {
    let pool = pool_id(&req.user_pool_id)?;
    let name = required(&req.provider_name, "providerName")?;
    c.delete_identity_provider(&pool, name).await
}

/// ListIdentityProviders.
pub async fn list_identity_providers(
    c: &Cognate,
    _rc: &RequestContext,
    req: ListIdentityProvidersRequest,
) -> CoreResult<ListIdentityProvidersResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    c.list_identity_providers(&pool, req.max_results, req.next_token.as_deref())
        .await
}

/// GetIdentityProviderByIdentifier.
pub async fn get_identity_provider_by_identifier(
    c: &Cognate,
    _rc: &RequestContext,
    req: GetIdentityProviderByIdentifierRequest,
) -> CoreResult<IdentityProviderResponse> {
    let pool = pool_id(&req.user_pool_id)?;
    let identifier = required(&req.idp_identifier, "idpIdentifier")?;
    c.get_identity_provider_by_identifier(&pool, identifier)
        .await
}
