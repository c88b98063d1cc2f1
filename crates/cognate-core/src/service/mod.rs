//! Cognito's operations over the store, the senders and the clock. Each submodule owns one
//! area of the API reference; this module owns the shared context and the lookups every
//! operation needs (pool, client, user by any identifier) and the guarded user update.

mod admin_users;
mod arns;
mod attempts;
mod attributes;
mod audit;
mod client_oauth;
mod clients;
mod codes;
pub mod console_sessions;
mod deferred;
mod devices;
mod domains;
mod group_claims;
mod groups;
mod identity_provider_rules;
mod identity_providers;
pub mod limits;
mod lockout;
pub mod master_key;
mod mfa_settings;
pub mod oauth;
mod paging;
mod password;
mod pool_mfa;
mod pools;
mod profile;
mod recovery;
pub(crate) mod recovery_codes;
mod resource_servers;
mod schema;
mod scrape;
pub mod sign_in;
mod signup;
mod sms;
mod tags;
pub mod tokens;
mod triggers;
mod ui_customization;
mod unknown_user;
mod user_import;

use std::sync::Arc;

use cognate_crypto::secretbox::MasterKey;

use crate::{
    clock::Clock,
    delivery::{EmailSender, SmsSender},
    error::{CoreError, CoreResult},
    functions::{FunctionInvoker, NoFunctions},
    metrics::{ConnectionPools, Metrics},
    model::{AppClient, ClientUser, PoolId, SmsCaps, Subject, User, UserPool, Username},
    store::{Store, StoreError},
};

pub use crate::context::{Caller, RequestContext};
pub use sms::SmsPrices;
pub use tokens::{key_cache::PoolKeys, verified::AccessContext};

/// Settings of the service that are not per pool.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    /// Region used in pool ids, ARNs and device keys.
    pub region: String,
    /// Base of token issuers: `iss = {public_url}/{userPoolId}`.
    pub public_url: String,
    /// Account id shown in ARNs.
    pub account_id: String,
    /// What an SMS costs, by destination country.
    pub sms_prices: SmsPrices,
    /// Hourly caps on SMS per destination number and per country (none when unset).
    pub sms_caps: SmsCaps,
}

/// The Cognito service: every operation is a method. Cheap to clone (its parts are shared), so
/// that work deferred past an answer can own one.
#[derive(Clone)]
pub struct Cognate {
    pub(crate) store: Arc<dyn Store>,
    email: Arc<dyn EmailSender>,
    sms: Arc<dyn SmsSender>,
    pub(crate) clock: Arc<dyn Clock>,
    functions: Arc<dyn FunctionInvoker>,
    pub(crate) master_key: MasterKey,
    pub(crate) config: Arc<ServiceConfig>,
    keys: Arc<tokens::key_cache::KeyCache>,
    verified: Arc<tokens::verified::VerifiedTokens>,
    dummy_password: Arc<unknown_user::DummyVerifier>,
    deferred: Arc<deferred::Deferred>,
    pub(crate) metrics: Arc<Metrics>,
    connection_pools: Option<Arc<dyn ConnectionPools>>,
    limits: Arc<limits::RateLimits>,
    audit: Arc<audit::recorder::Recorder>,
}

impl Cognate {
    /// Builds the service from its parts. It spawns the audit log's writer on the runtime, so
    /// it must be called inside a Tokio runtime.
    pub fn new(
        store: Arc<dyn Store>,
        email: Arc<dyn EmailSender>,
        sms: Arc<dyn SmsSender>,
        clock: Arc<dyn Clock>,
        master_key: MasterKey,
        config: ServiceConfig,
    ) -> Self {
        let metrics: Arc<Metrics> = Arc::default();
        let audit = audit::recorder::Recorder::start(
            Arc::clone(&store),
            Arc::clone(&clock),
            Arc::clone(&metrics),
            None,
        );
        Self {
            store,
            email,
            sms,
            clock,
            functions: Arc::new(NoFunctions),
            master_key,
            config: Arc::new(config),
            keys: Arc::default(),
            verified: Arc::default(),
            dummy_password: Arc::new(unknown_user::DummyVerifier::new()),
            deferred: Arc::default(),
            metrics,
            connection_pools: None,
            limits: Arc::new(limits::RateLimits::none()),
            audit: Arc::new(audit),
        }
    }

    /// The service, calling the pools' trigger functions through `functions`.
    #[must_use]
    pub fn with_functions(mut self, functions: Arc<dyn FunctionInvoker>) -> Self {
        self.functions = functions;
        self
    }

    /// The service, reporting the connections of the store's database pools in its metrics.
    #[must_use]
    pub fn with_connection_pools(mut self, pools: Arc<dyn ConnectionPools>) -> Self {
        self.connection_pools = Some(pools);
        self
    }

    /// The counters and histograms of the service, for the HTTP layer to record requests in.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Runs `work` after the answer it follows, on a task of its own; a failure is logged as
    /// `what`.
    pub(crate) fn defer<F>(&self, what: &'static str, work: F)
    where
        F: std::future::Future<Output = CoreResult<()>> + Send + 'static,
    {
        self.deferred.spawn(what, work);
    }

    /// Waits until the work deferred so far (codes sent after their answer) is done: for tests
    /// and for shutdown.
    pub async fn settle(&self) {
        self.deferred.settle().await;
    }

    /// The service, reading each pool's signing keys again after they served for `period`
    /// (a minute by default): how soon a key rotated or retired with `cognate keys …` takes
    /// effect on this node.
    #[must_use]
    pub fn with_signing_key_refresh(mut self, period: std::time::Duration) -> Self {
        let ms = i64::try_from(period.as_millis()).unwrap_or(i64::MAX);
        self.keys = Arc::new(tokens::key_cache::KeyCache::with_refresh_ms(ms));
        self
    }

    /// The service configuration.
    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The issuer of a pool's tokens.
    pub fn issuer(&self, pool_id: &str) -> String {
        format!(
            "{}/{}",
            self.config.public_url.trim_end_matches('/'),
            pool_id
        )
    }

    /// A pool that must exist.
    pub(crate) async fn pool(&self, id: &str) -> CoreResult<UserPool> {
        self.store
            .find_pool(id)
            .await?
            .ok_or_else(|| CoreError::ResourceNotFound(format!("User pool {id} does not exist.")))
    }

    /// A client that must exist (and belong to `pool_id` when given).
    pub(crate) async fn client(
        &self,
        client_id: &str,
        pool_id: Option<&str>,
    ) -> CoreResult<AppClient> {
        match self.store.find_client(client_id).await? {
            Some(c) if pool_id.is_none_or(|p| p == c.pool_id) => Ok(c),
            _ => Err(CoreError::ResourceNotFound(format!(
                "User pool client {client_id} does not exist."
            ))),
        }
    }

    /// A client and its pool, for the public (client-id authorized) operations.
    pub(crate) async fn client_and_pool(
        &self,
        client_id: &str,
    ) -> CoreResult<(AppClient, UserPool)> {
        let client = self.client(client_id, None).await?;
        let pool = self.pool(&client.pool_id).await?;
        Ok((client, pool))
    }

    /// The client and pool of a client-authorized request naming a user, with its
    /// `SECRET_HASH` checked, and the username as given.
    pub(crate) async fn client_user<'a>(
        &self,
        who: &'a ClientUser,
    ) -> CoreResult<(AppClient, UserPool, &'a str)> {
        let (client, pool) = self.client_and_pool(who.client.as_str()).await?;
        let username = who.username.as_str();
        self.check_secret_hash(&client, username, who.secret_hash.as_deref())?;
        Ok((client, pool, username))
    }

    /// The user an identifier names: username, email / phone sign-in alias, or `sub`.
    pub(crate) async fn find_user(
        &self,
        pool: &UserPool,
        identifier: &str,
    ) -> CoreResult<Option<User>> {
        for key in attributes::lookup_keys(pool, identifier) {
            if let Some(user) = self.store.find_user_by_key(&pool.id, &key).await? {
                return Ok(Some(user));
            }
        }
        if uuid_like(identifier) {
            if let Some(user) = self.store.find_user(&pool.id, identifier).await? {
                return Ok(Some(user));
            }
        }
        // Nobody: the time a found user's document takes to read is spent all the same.
        Ok(self.dummy_password.read_as_found())
    }

    /// Whether `identifier` names `user` (as [`Cognate::find_user`] would find them), without a
    /// lookup: for challenge answers, whose user is already known.
    pub(crate) fn names_user(pool: &UserPool, user: &User, identifier: &str) -> bool {
        if identifier == user.sub {
            return true;
        }
        let held = attributes::sign_in_keys(pool, user);
        attributes::lookup_keys(pool, identifier)
            .iter()
            .any(|key| held.contains(key))
    }

    /// A user that must exist (`UserNotFoundException` otherwise), for admin operations.
    pub(crate) async fn user(&self, pool: &UserPool, identifier: &str) -> CoreResult<User> {
        self.find_user(pool, identifier)
            .await?
            .ok_or_else(|| CoreError::UserNotFound("User does not exist.".into()))
    }

    /// The pool and user an Admin request names (`UserPoolId`, `Username` or alias).
    pub(crate) async fn admin_target(
        &self,
        pool_id: &PoolId,
        username: &Username,
    ) -> CoreResult<(UserPool, User)> {
        let pool = self.pool(pool_id.as_str()).await?;
        let user = self.user(&pool, username.as_str()).await?;
        Ok((pool, user))
    }

    /// The pool and user an operation with a public and an Admin form acts on.
    pub(crate) async fn subject(&self, subject: &Subject) -> CoreResult<(UserPool, User)> {
        match subject {
            Subject::Token(token) => {
                let ctx = self.authorize_access_token(token).await?;
                let pool = self.token_pool(&ctx).await?;
                Ok((pool, ctx.user))
            }
            Subject::Named { pool, username } => self.admin_target(pool, username).await,
        }
    }

    /// Applies `change` to the user's document and stores it. The first attempt starts from
    /// `user` as the caller read it; when another request wrote since, the document is read
    /// again and `change` re-applied. `change` may refuse by returning an error; nothing is
    /// written then. A `Conflict` on a sign-in key becomes `AliasExistsException`.
    pub(crate) async fn modify_user<T>(
        &self,
        pool: &UserPool,
        user: &User,
        mut change: impl FnMut(&mut User) -> CoreResult<T>,
    ) -> CoreResult<(User, T)> {
        let sub = user.sub.as_str();
        let mut known = Some(user.clone());
        for _ in 0..8 {
            let mut user = match known.take() {
                Some(user) => user,
                None => self
                    .store
                    .find_user(&pool.id, sub)
                    .await?
                    .ok_or_else(|| CoreError::UserNotFound("User does not exist.".into()))?,
            };
            let out = change(&mut user)?;
            user.modified_ms = self.now_ms();
            let keys = attributes::sign_in_keys(pool, &user);
            match self.store.update_user(&user, &keys).await {
                Ok(()) => {
                    user.version += 1;
                    return Ok((user, out));
                }
                Err(StoreError::VersionMismatch) => continue,
                Err(StoreError::Conflict(key)) => return Err(attributes::key_conflict(&key)),
                Err(e) => return Err(e.into()),
            }
        }
        Err(CoreError::Internal(anyhow::anyhow!(
            "user {sub} kept changing under concurrent updates"
        )))
    }
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}
