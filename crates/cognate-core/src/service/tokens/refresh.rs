//! Refresh tokens: new ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH and
//! GetTokensFromRefreshToken) under Cognito's device rule, RevokeToken, and GlobalSignOut.

use crate::service::triggers::TokenEvent;
use cognate_proto::{AuthenticationResultType, GetTokensFromRefreshTokenResponse};

use crate::{
    context::RequestContext,
    error::{CoreError, CoreResult},
    model::{
        AccessToken, AppClient, AuditKind, AuthFlow, ClientId, RefreshTokenRecord, SignIn, User,
        UserPool,
    },
    service::{attributes::identifiers, Cognate},
};

use super::issue::{Minted, Minting};

fn invalid() -> CoreError {
    CoreError::NotAuthorized("Invalid Refresh Token".into())
}

/// Refresh of a token bound to device `bound`: refused once the device is forgotten, and, once
/// it is confirmed, unless the client names it (Cognito's rule; a key never confirmed binds
/// nothing).
fn check_refresh_device(user: &User, bound: &str, presented: Option<&str>) -> CoreResult<()> {
    match user.devices.iter().find(|d| d.key == bound) {
        Some(device) if !device.is_active() => Err(invalid()),
        Some(_) if presented != Some(bound) => Err(invalid()),
        _ => Ok(()),
    }
}

/// A refresh token presented with InitiateAuth, and what came with it.
pub(crate) struct Refresh<'a> {
    pub token: &'a str,
    pub device_key: Option<&'a str>,
    pub secret_hash: Option<&'a str>,
}

/// `InitiateAuth` with `REFRESH_TOKEN_AUTH` / `REFRESH_TOKEN`.
pub(crate) async fn refresh_token_auth(
    c: &Cognate,
    pool: &UserPool,
    client: &AppClient,
    refresh: Refresh<'_>,
) -> CoreResult<AuthenticationResultType> {
    if client.sealed_secret.is_some() {
        // Clients hash the internal username here; accept any of the user's identifiers.
        let record = c.live_refresh_token(refresh.token, client).await?;
        let user = c.store.find_user(&pool.id, &record.sub).await?;
        let names = user.map(|u| identifiers(&u)).unwrap_or_default();
        c.check_secret_hash_any(client, &names, refresh.secret_hash)?;
    }
    let minted = c
        .refresh_tokens(pool, client, refresh.token, refresh.device_key)
        .await?;
    Ok(minted.into_result())
}

impl Cognate {
    pub(crate) fn refresh_hash(&self, token: &str) -> String {
        self.master_key.mac_hex("refresh-token", token.as_bytes())
    }

    /// The record behind a presented refresh token, checked for this client.
    async fn live_refresh_token(
        &self,
        token: &str,
        client: &AppClient,
    ) -> CoreResult<RefreshTokenRecord> {
        let record = self
            .store
            .find_refresh_token(&self.refresh_hash(token))
            .await?
            .ok_or_else(invalid)?;
        if record.client_id != client.client_id {
            return Err(invalid());
        }
        if record.revoked {
            return Err(CoreError::NotAuthorized(
                "Refresh Token has been revoked".into(),
            ));
        }
        if record.expires_ms <= self.now_ms() {
            return Err(CoreError::NotAuthorized("Refresh Token has expired".into()));
        }
        Ok(record)
    }

    /// New ID and access tokens for a refresh token; the caller has already checked the
    /// client's secret. A token issued to a confirmed device needs that device's key; a
    /// forgotten device's tokens are refused.
    pub(crate) async fn refresh_tokens(
        &self,
        pool: &UserPool,
        client: &AppClient,
        token: &str,
        device_key: Option<&str>,
    ) -> CoreResult<Minted> {
        if !client.allows(AuthFlow::RefreshToken) {
            return Err(CoreError::InvalidParameter(
                "Refresh Token flow not enabled for this client".into(),
            ));
        }
        let record = self.live_refresh_token(token, client).await?;
        let user = self
            .store
            .find_user(&pool.id, &record.sub)
            .await?
            .ok_or_else(invalid)?;
        if !user.enabled {
            return Err(CoreError::NotAuthorized("User is disabled.".into()));
        }
        if let Some(bound) = &record.device_key {
            check_refresh_device(&user, bound, device_key)?;
        }
        let sign_in = SignIn {
            auth_time: record.auth_time,
            origin_jti: record.origin_jti.clone(),
            device_key: record.device_key.clone(),
            srp_a: None,
            passwordless: false,
            audit: None,
        };
        let minting = Minting {
            sign_in: &sign_in,
            scope: record.scope.as_deref(),
            nonce: None,
            with_refresh: false,
            event: TokenEvent::RefreshTokens,
        };
        self.issue_tokens(pool, client, &user, &minting).await
    }

    /// GetTokensFromRefreshToken.
    pub async fn get_tokens_from_refresh_token(
        &self,
        client: &ClientId,
        client_secret: Option<&str>,
        token: &str,
        device_key: Option<&str>,
    ) -> CoreResult<GetTokensFromRefreshTokenResponse> {
        let (client, pool) = self.client_and_pool(client.as_str()).await?;
        self.check_client_secret(&client, client_secret)?;
        let minted = self
            .refresh_tokens(&pool, &client, token, device_key)
            .await?;
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: minted.into_result(),
        })
    }

    /// RevokeToken: revokes the refresh token and every access token minted from its sign-in.
    pub async fn revoke_token(
        &self,
        rc: &RequestContext,
        client: &ClientId,
        client_secret: Option<&str>,
        token: &str,
    ) -> CoreResult<()> {
        let (client, _pool) = self.client_and_pool(client.as_str()).await?;
        if !client.is_token_revocation_enabled() {
            return Err(CoreError::UnsupportedOperation(
                "Token revocation is not enabled for this client.".into(),
            ));
        }
        self.check_client_secret(&client, client_secret)?;
        if let Some(record) = self.revoke_refresh_token(&client, token).await? {
            self.audit_note_of(rc, AuditKind::TokenRevoked, &record.pool_id, &record.sub)
                .client(&client.client_id)
                .record();
        }
        Ok(())
    }

    /// Revokes a refresh token of `client` and every access token minted from its sign-in, and
    /// returns its record; an unknown token is a success (RFC 7009) that revokes nothing, a JWT
    /// is `UnsupportedTokenTypeException`, another client's token `UnauthorizedException`.
    pub(crate) async fn revoke_refresh_token(
        &self,
        client: &AppClient,
        token: &str,
    ) -> CoreResult<Option<RefreshTokenRecord>> {
        if token.split('.').count() == 3 {
            return Err(CoreError::UnsupportedTokenType(
                "Only refresh tokens can be revoked.".into(),
            ));
        }
        let Some(record) = self
            .store
            .find_refresh_token(&self.refresh_hash(token))
            .await?
        else {
            return Ok(None);
        };
        if record.client_id != client.client_id {
            return Err(CoreError::Unauthorized(
                "The token was not issued to this client.".into(),
            ));
        }
        self.store.revoke_origin(&record.origin_jti).await?;
        Ok(Some(record))
    }

    /// GlobalSignOut: every refresh token of the user, and the access tokens minted from them.
    pub async fn global_sign_out(
        &self,
        rc: &RequestContext,
        token: &AccessToken,
    ) -> CoreResult<()> {
        let ctx = self.authorize_access_token(token).await?;
        self.store
            .revoke_user_tokens(&ctx.pool_id, &ctx.user.sub)
            .await?;
        self.audit_note(rc, AuditKind::GlobalSignOut, &ctx.user)
            .client(&ctx.client.client_id)
            .detail("operation", "GlobalSignOut")
            .record();
        Ok(())
    }

    /// Checks `ClientSecret` (RevokeToken, GetTokensFromRefreshToken).
    fn check_client_secret(&self, client: &AppClient, presented: Option<&str>) -> CoreResult<()> {
        let Some(secret) = self.client_secret(client)? else {
            return Ok(());
        };
        match presented {
            Some(p) if cognate_crypto::ct::ct_eq(p.as_bytes(), secret.as_bytes()) => Ok(()),
            _ => Err(CoreError::NotAuthorized(format!(
                "Unable to verify secret hash for client {}",
                client.client_id
            ))),
        }
    }
}
