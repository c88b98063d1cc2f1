//! Tokens after sign-in: GetTokensFromRefreshToken, RevokeToken, GlobalSignOut.

use cognate_core::{service::RequestContext, Cognate, CoreResult};
use cognate_proto::{
    AccessTokenRequest, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse,
    RevokeTokenRequest,
};

use super::wire::{access_token, client_id, required};

/// GetTokensFromRefreshToken.
pub async fn get_tokens_from_refresh_token(
    c: &Cognate,
    _rc: &RequestContext,
    req: GetTokensFromRefreshTokenRequest,
) -> CoreResult<GetTokensFromRefreshTokenResponse> {
    let client = client_id(&req.client_id)?;
    let token = required(&req.refresh_token, "refreshToken")?;
    let secret = req.client_secret.as_deref();
    c.get_tokens_from_refresh_token(&client, secret, token, req.device_key.as_deref())
        .await
}

/// RevokeToken.
pub async fn revoke_token(
    c: &Cognate,
    rc: &RequestContext,
    req: RevokeTokenRequest,
) -> CoreResult<()> {
    let client = client_id(&req.client_id)?;
    let token = required(&req.token, "token")?;
    c.revoke_token(rc, &client, req.client_secret.as_deref(), token)
        .await
}

/// GlobalSignOut.
pub async fn global_sign_out(
    c: &Cognate,
    rc: &RequestContext,
    req: AccessTokenRequest,
) -> CoreResult<()> {
    c.global_sign_out(rc, &access_token(&req.access_token)?)
        .await
}
