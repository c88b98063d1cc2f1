//! What the hosted sign-in leaves behind, kept server-side so that any node answers the next
//! request: the browser's managed-login session (a cookie naming a row, one hour) and
//! authorization codes (single use, five minutes). Both live beside challenge sessions, under
//! ids that are keyed hashes of what the browser holds, each kind with its own key.

use crate::service::triggers::TokenEvent;
use cognate_crypto::random;
use serde::{Deserialize, Serialize};

use super::authorize::{redirect_with, Authorized, Pkce, ResponseType};
use crate::{
    error::{CoreError, CoreResult},
    model::{AuthSession, SignIn, User, UserPool, UserStatus},
    service::{sign_in::SignedIn, tokens::issue::Minting, Cognate},
};

/// How long a managed-login session lasts (Cognito: one hour).
pub const LOGIN_SECONDS: i64 = 3600;
/// How long an authorization code may be exchanged (Cognito: five minutes).
const CODE_SECONDS: i64 = 300;
/// The version of [`Grant`] this code writes and reads.
const VERSION: u32 = 1;

/// A grant row's `data`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(super) enum Grant {
    /// A browser's managed-login session.
    Login { v: u32, sign_in: SignIn },
    /// An authorization code: what it was issued for.
    AuthCode {
        v: u32,
        sign_in: SignIn,
        redirect_uri: String,
        scope: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nonce: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pkce: Option<Pkce>,
    },
}

impl Grant {
    pub(super) fn read(data: &serde_json::Value) -> Option<Grant> {
        let grant: Grant = serde_json::from_value(data.clone()).ok()?;
        let v = match &grant {
            Grant::Login { v, .. } | Grant::AuthCode { v, .. } => *v,
        };
        (v == VERSION).then_some(grant)
    }
}

/// A browser's managed-login session: the pool it is for and its cookie's value.
#[derive(Clone)]
pub struct LoginCookie {
    pub pool_id: String,
    pub token: String,
}

impl std::fmt::Debug for LoginCookie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginCookie")
            .field("pool_id", &self.pool_id)
            .finish_non_exhaustive()
    }
}

/// Where the browser goes once an authorization is granted, and the session cookie to set.
#[derive(Debug)]
pub struct Granted {
    pub redirect: String,
    pub login: Option<LoginCookie>,
}

impl Cognate {
    pub(super) fn login_id(&self, token: &str) -> String {
        self.master_key.mac_hex("login-session", token.as_bytes())
    }

    pub(super) fn code_id(&self, code: &str) -> String {
        self.master_key
            .mac_hex("authorization-code", code.as_bytes())
    }

    /// The sign-in of a live managed-login session of the pool, with its user when they may
    /// still sign in.
    pub(crate) async fn live_login(
        &self,
        pool: &UserPool,
        token: &str,
    ) -> CoreResult<Option<(User, SignIn)>> {
        let Some(row) = self.store.find_session(&self.login_id(token)).await? else {
            return Ok(None);
        };
        if row.used || row.expires_ms <= self.now_ms() || row.pool_id != pool.id {
            return Ok(None);
        }
        let Some(Grant::Login { sign_in, .. }) = Grant::read(&row.data) else {
            return Ok(None);
        };
        let user = self.store.find_user(&pool.id, &row.sub).await?;
        Ok(user
            .filter(|u| u.enabled && u.status == UserStatus::Confirmed)
            .map(|u| (u, sign_in)))
    }

    /// `/oauth2/authorize` while the browser holds a live managed-login session: where it goes
    /// at once (none when it must sign in).
    pub async fn authorize_signed_in(
        &self,
        authorized: &Authorized,
        cookie: Option<&str>,
    ) -> CoreResult<Option<String>> {
        let Some(token) = cookie.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let Some((user, sign_in)) = self.live_login(&authorized.pool, token).await? else {
            return Ok(None);
        };
        Ok(Some(self.grant(authorized, &user, &sign_in).await?))
    }

    /// A sign-in the hosted pages completed: a managed-login session for the browser, and the
    /// authorization's code (or tokens) in the redirect.
    pub async fn complete_authorization(
        &self,
        authorized: &Authorized,
        done: &SignedIn,
    ) -> CoreResult<Granted> {
        let pool = &authorized.pool;
        let user = self
            .store
            .find_user(&pool.id, &done.sub)
            .await?
            .ok_or_else(CoreError::session_expired)?;
        let token = random::opaque_token(32);
        let row = AuthSession {
            id: self.login_id(&token),
            pool_id: pool.id.clone(),
            client_id: String::new(),
            sub: user.sub.clone(),
            expires_ms: self.now_ms() + LOGIN_SECONDS * 1000,
            failed_attempts: 0,
            data: to_value(&Grant::Login {
                v: VERSION,
                sign_in: done.sign_in.clone(),
            }),
            used: false,
        };
        self.store.insert_session(&row).await?;
        let redirect = self.grant(authorized, &user, &done.sign_in).await?;
        Ok(Granted {
            redirect,
            login: Some(LoginCookie {
                pool_id: pool.id.clone(),
                token,
            }),
        })
    }

    /// Ends a managed-login session (`/logout`); an unknown or ended one is no error.
    pub async fn end_login(&self, token: &str) -> CoreResult<()> {
        self.store.take_session(&self.login_id(token)).await?;
        Ok(())
    }

    /// The redirect that hands the browser an authorization code or, for the implicit grant,
    /// the tokens. Each grant starts a token family of its own.
    async fn grant(
        &self,
        authorized: &Authorized,
        user: &User,
        login: &SignIn,
    ) -> CoreResult<String> {
        let (auth, pool) = (&authorized.auth, &authorized.pool);
        let sign_in = SignIn {
            auth_time: login.auth_time,
            origin_jti: random::uuid_v4(),
            device_key: None,
            srp_a: None,
            passwordless: false,
            audit: None,
        };
        let mut params: Vec<(&str, String)> = Vec::new();
        match auth.response_type {
            ResponseType::Code => {
                let code = random::uuid_v4();
                let row = AuthSession {
                    id: self.code_id(&code),
                    pool_id: pool.id.clone(),
                    client_id: auth.client_id.as_str().to_string(),
                    sub: user.sub.clone(),
                    expires_ms: self.now_ms() + CODE_SECONDS * 1000,
                    failed_attempts: 0,
                    data: to_value(&Grant::AuthCode {
                        v: VERSION,
                        sign_in,
                        redirect_uri: auth.redirect_uri.clone(),
                        scope: auth.scope.clone(),
                        nonce: auth.nonce.clone(),
                        pkce: auth.pkce.clone(),
                    }),
                    used: false,
                };
                self.store.insert_session(&row).await?;
                params.push(("code", code));
            }
            ResponseType::Token => {
                let minting = Minting {
                    sign_in: &sign_in,
                    scope: Some(&auth.scope),
                    nonce: auth.nonce.as_deref(),
                    with_refresh: false,
                    event: TokenEvent::HostedAuth,
                };
                let minted = self
                    .issue_tokens(pool, &authorized.client, user, &minting)
                    .await?;
                if let Some(id_token) = minted.id_token {
                    params.push(("id_token", id_token));
                }
                params.push(("access_token", minted.access_token));
                params.push(("token_type", "Bearer".into()));
                params.push(("expires_in", minted.expires_in.to_string()));
            }
        }
        if let Some(state) = &auth.state {
            params.push(("state", state.clone()));
        }
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Ok(redirect_with(
            &auth.redirect_uri,
            auth.response_type == ResponseType::Token,
            &pairs,
        ))
    }
}

fn to_value(grant: &Grant) -> serde_json::Value {
    serde_json::to_value(grant).unwrap_or_default()
}
