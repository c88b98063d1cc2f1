//! An attempt: one sign-in request's app client and pool, resolved once for every step the
//! request takes.

use std::collections::BTreeMap;

use cognate_proto::AuthenticationResultType;

use super::observed::{self, Seen, Witness};
use crate::{
    context::RequestContext,
    error::CoreResult,
    model::{AppClient, ClientId, PoolId, SignIn, User, UserPool},
    service::{
        limits::Limited,
        tokens::refresh::{refresh_token_auth, Refresh},
        Cognate,
    },
};

/// One sign-in request's app client and pool, resolved once for every step it takes.
pub struct Attempt<'a> {
    pub(super) c: &'a Cognate,
    pub(super) rc: &'a RequestContext,
    pub(super) pool: UserPool,
    pub(super) client: AppClient,
    /// Whether the hosted pages drive this attempt: they stand in for the app client (no
    /// `SECRET_HASH`), and a finished sign-in is [`Next::SignedIn`], which they turn into an
    /// authorization code, rather than tokens.
    pub(super) hosted: bool,
    /// Whether the request came through the Admin API (signed with the deployment's keys),
    /// which the per-address abuse limits leave alone.
    pub(super) admin: bool,
    /// The request's `ClientMetadata`, for the pool's functions.
    pub(super) client_metadata: BTreeMap<String, String>,
    /// Whom the step was about and which sign-in it continues, for the audit log.
    pub(super) seen: Seen,
}

impl<'a> Attempt<'a> {
    /// The client a request names (and, for the Admin API, the pool it must belong to).
    pub async fn open(
        c: &'a Cognate,
        rc: &'a RequestContext,
        pool: Option<&PoolId>,
        client: &ClientId,
    ) -> CoreResult<Attempt<'a>> {
        // Only the Admin API names the pool.
        let pool_named = pool.is_some();
        let (client, pool) = match pool {
            None => c.client_and_pool(client.as_str()).await?,
            Some(pool_id) => {
                let pool = c.pool(pool_id.as_str()).await?;
                let client = c.client(client.as_str(), Some(pool_id.as_str())).await?;
                (client, pool)
            }
        };
        Ok(Attempt {
            c,
            rc,
            pool,
            client,
            hosted: false,
            admin: pool_named,
            client_metadata: BTreeMap::new(),
            seen: Seen::default(),
        })
    }

    /// The attempt with the request's `ClientMetadata`, which the pool's functions receive.
    pub fn with_client_metadata(mut self, metadata: Option<BTreeMap<String, String>>) -> Self {
        self.client_metadata = metadata.unwrap_or_default();
        self
    }

    /// An attempt the hosted pages drive for `client`.
    pub async fn hosted(
        c: &'a Cognate,
        rc: &'a RequestContext,
        client: &ClientId,
    ) -> CoreResult<Attempt<'a>> {
        let mut at = Self::open(c, rc, None, client).await?;
        at.hosted = true;
        Ok(at)
    }

    /// Checks `SECRET_HASH` against any of `names`; the hosted pages act for the client and
    /// present none.
    pub(super) fn check_secret_hash(
        &self,
        names: &[String],
        presented: Option<&str>,
    ) -> CoreResult<()> {
        if self.hosted {
            return Ok(());
        }
        self.c.check_secret_hash_any(&self.client, names, presented)
    }

    /// The client's address, for the per-address abuse limits: `None` for the Admin API.
    pub(super) fn source_ip(&self) -> Option<&str> {
        if self.admin {
            return None;
        }
        self.rc.source_ip.as_deref()
    }

    /// Counts a sign-in step naming `username` (as given) against the abuse limits.
    pub(super) async fn limit_sign_in(&self, username: &str) -> CoreResult<()> {
        self.c
            .check_limits(Limited::SignIn, self.source_ip(), &self.pool, username)
            .await
    }

    /// Counts a code sent to `user` during the sign-in against the abuse limits.
    pub(super) async fn limit_code_sending(&self, user: &User) -> CoreResult<()> {
        self.c
            .check_limits(
                Limited::CodeSending,
                self.source_ip(),
                &self.pool,
                &user.username,
            )
            .await
    }

    /// REFRESH_TOKEN_AUTH: new ID and access tokens for a refresh token of this client.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        device_key: Option<&str>,
        secret_hash: Option<&str>,
    ) -> CoreResult<AuthenticationResultType> {
        let refresh = Refresh {
            token: refresh_token,
            device_key,
            secret_hash,
        };
        let tokens = refresh_token_auth(self.c, &self.pool, &self.client, refresh).await;
        observed::refresh(self.c, tokens)
    }

    /// A sign-in whose first factor just passed, on the device the client named; it begins
    /// the audit log's event of the sign-in.
    pub(super) fn new_sign_in(&self, device_key: Option<&str>) -> SignIn {
        let audit = self.c.audit_ref();
        let sign_in = SignIn {
            auth_time: audit.created_ms.div_euclid(1000),
            origin_jti: cognate_crypto::random::uuid_v4(),
            device_key: device_key.filter(|k| !k.is_empty()).map(str::to_string),
            srp_a: None,
            passwordless: false,
            audit: Some(audit),
        };
        self.seen.began(&sign_in);
        sign_in
    }

    /// The request, as the audit log names it.
    pub(super) fn witness(&self) -> Witness<'_> {
        Witness {
            c: self.c,
            rc: self.rc,
            pool_id: &self.pool.id,
            client_id: &self.client.client_id,
            seen: &self.seen,
        }
    }

    /// The username an unknown user is shown under (`USERNAME`, `USER_ID_FOR_SRP`) where the
    /// client hides which users exist: in a pool whose usernames are generated (sign-in by
    /// email or phone number), a UUID like a real user's, stable per pool and name, so that
    /// the answer does not tell; elsewhere the name given.
    pub(super) fn stand_in_username(&self, given: &str) -> String {
        if self.pool.username_attributes.is_empty() {
            return given.to_string();
        }
        self.stand_in_uuid(given)
    }

    /// A UUID that stands for `given` where no user holds it, shaped like a `sub`: stable per
    /// pool and name (whatever its case), and no user's.
    pub(super) fn stand_in_uuid(&self, given: &str) -> String {
        let seed = self.c.master_key.mac(
            "unknown-username",
            format!("{}|{}", self.pool.id, given.to_lowercase()).as_bytes(),
        );
        let mut bytes = [0_u8; 16];
        bytes.copy_from_slice(&seed[..16]);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }

    /// The pool.
    pub fn pool(&self) -> &UserPool {
        &self.pool
    }

    /// The app client.
    pub fn client(&self) -> &AppClient {
        &self.client
    }
}
