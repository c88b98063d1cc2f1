//! Persistence, as the domain needs it. Backends (SQLite, PostgreSQL) implement [`Store`];
//! they take and return domain records and never decide Cognito rules.
//!
//! Verbs: `find_*` returns `Option`, `list_*` pages with an opaque cursor, `insert_*` fails
//! with [`StoreError::Conflict`] when a unique key is taken, `update_*` is guarded by the
//! record's version and fails with [`StoreError::VersionMismatch`] when someone else wrote first.

use async_trait::async_trait;

use crate::model::{
    AppClient, Attempts, AuditEvent, AuditFeedback, AuditKind, AuthSession, Group,
    IdentityProvider, PoolDomain, RefreshTokenRecord, ResourceServer, SealedSigningKey, SmsAccount,
    SmsCharge, SmsLimits, SmsReservation, SmsSpend, TokenUse, UiCustomization, User, UserImportJob,
    UserImportJobStatus, UserPool,
};

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique key (username, alias, id) is already taken; carries the key.
    #[error("key already taken: {0}")]
    Conflict(String),
    /// The record changed since it was read.
    #[error("record changed concurrently")]
    VersionMismatch,
    /// The record does not exist.
    #[error("record not found")]
    NotFound,
    /// The database failed.
    #[error(transparent)]
    Backend(#[from] anyhow::Error),
    /// The connection to the database was lost before the statement's outcome was known (a
    /// failover, a killed backend): the statement may be tried again on a fresh connection.
    #[error("the database connection was lost: {0}")]
    Unavailable(anyhow::Error),
}

impl StoreError {
    /// Whether `e`, or any error in its chain, is [`StoreError::Unavailable`].
    pub fn is_unavailable_in(e: &anyhow::Error) -> bool {
        e.chain().any(|c| {
            matches!(
                c.downcast_ref::<StoreError>(),
                Some(StoreError::Unavailable(_))
            )
        })
    }
}

/// One page of a listing.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items, in the listing's stable order.
    pub items: Vec<T>,
    /// Cursor of the next page, when there is one.
    pub next: Option<String>,
}

/// User pools.
#[async_trait]
pub trait PoolStore: Send + Sync {
    /// Adds a pool with its first signing keys, in one transaction.
    async fn insert_pool(
        &self,
        pool: &UserPool,
        keys: &[SealedSigningKey],
    ) -> Result<(), StoreError>;
    /// A pool by id.
    async fn find_pool(&self, id: &str) -> Result<Option<UserPool>, StoreError>;
    /// Replaces a pool's document.
    async fn update_pool(&self, pool: &UserPool) -> Result<(), StoreError>;
    /// Deletes a pool with its signing keys, clients, users, groups, identity providers, user
    /// import jobs, sessions, tokens and attempt counters.
    async fn delete_pool(&self, id: &str) -> Result<(), StoreError>;
    /// Pools ordered by id, after the cursor.
    async fn list_pools(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<UserPool>, StoreError>;
    /// Number of users in a pool.
    async fn count_users(&self, pool_id: &str) -> Result<i64, StoreError>;
}

/// Pool domains: one per pool, each name taken once.
#[async_trait]
pub trait DomainStore: Send + Sync {
    /// Adds a domain; `Conflict` when the name or the pool already has one.
    async fn insert_domain(&self, domain: &PoolDomain) -> Result<(), StoreError>;
    /// A domain by name.
    async fn find_domain(&self, domain: &str) -> Result<Option<PoolDomain>, StoreError>;
    /// The domain of a pool.
    async fn find_pool_domain(&self, pool_id: &str) -> Result<Option<PoolDomain>, StoreError>;
    /// Replaces a domain's record (same name and pool); `NotFound` when it is gone.
    async fn update_domain(&self, domain: &PoolDomain) -> Result<(), StoreError>;
    /// Deletes a pool's domain; `false` when it had none by that name.
    async fn delete_domain(&self, pool_id: &str, domain: &str) -> Result<bool, StoreError>;
}

/// Hosted-page branding, keyed by pool and client (`ALL` for the pool's default).
#[async_trait]
pub trait UiCustomizationStore: Send + Sync {
    /// Adds or replaces one.
    async fn put_ui_customization(&self, ui: &UiCustomization) -> Result<(), StoreError>;
    /// One, by pool and client.
    async fn find_ui_customization(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<Option<UiCustomization>, StoreError>;
    /// Removes one; `false` when there was none.
    async fn delete_ui_customization(
        &self,
        pool_id: &str,
        client_id: &str,
    ) -> Result<bool, StoreError>;
}

/// Resource servers, keyed by pool and identifier.
#[async_trait]
pub trait ResourceServerStore: Send + Sync {
    /// Adds one; `Conflict` when the identifier is taken in the pool.
    async fn insert_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError>;
    /// One by pool and identifier.
    async fn find_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<Option<ResourceServer>, StoreError>;
    /// Replaces one; `NotFound` when it is gone.
    async fn update_resource_server(&self, server: &ResourceServer) -> Result<(), StoreError>;
    /// Deletes one; `false` when there was none.
    async fn delete_resource_server(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<bool, StoreError>;
    /// A pool's resource servers ordered by identifier, after the cursor.
    async fn list_resource_servers(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<ResourceServer>, StoreError>;
}

/// Identity providers, keyed by pool and name, with their IdP identifiers, each held by one
/// provider of the pool.
#[async_trait]
pub trait IdentityProviderStore: Send + Sync {
    /// Adds one with its identifiers; `Conflict(key)` when its name or one of its identifiers
    /// is taken in the pool (the key is that name or identifier), and then nothing is added.
    async fn insert_identity_provider(&self, provider: &IdentityProvider)
        -> Result<(), StoreError>;
    /// One by pool and name.
    async fn find_identity_provider(
        &self,
        pool_id: &str,
        name: &str,
    ) -> Result<Option<IdentityProvider>, StoreError>;
    /// The one of the pool that holds the IdP identifier `identifier`.
    async fn find_identity_provider_by_identifier(
        &self,
        pool_id: &str,
        identifier: &str,
    ) -> Result<Option<IdentityProvider>, StoreError>;
    /// Replaces one and its identifiers; `NotFound` when it is gone, `Conflict(identifier)`
    /// when another provider of the pool holds one of them, and then nothing changes.
    async fn update_identity_provider(&self, provider: &IdentityProvider)
        -> Result<(), StoreError>;
    /// Deletes one with its identifiers; `false` when there was none.
    async fn delete_identity_provider(&self, pool_id: &str, name: &str)
        -> Result<bool, StoreError>;
    /// A pool's providers ordered by name, after the cursor.
    async fn list_identity_providers(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<IdentityProvider>, StoreError>;
}

/// Groups, keyed by pool and name, and their members (users by `sub`).
#[async_trait]
pub trait GroupStore: Send + Sync {
    /// Adds one; `Conflict` when the name is taken in the pool.
    async fn insert_group(&self, group: &Group) -> Result<(), StoreError>;
    /// One by pool and name.
    async fn find_group(&self, pool_id: &str, name: &str) -> Result<Option<Group>, StoreError>;
    /// Replaces one; `NotFound` when it is gone.
    async fn update_group(&self, group: &Group) -> Result<(), StoreError>;
    /// Deletes one with its memberships; `false` when there was none.
    async fn delete_group(&self, pool_id: &str, name: &str) -> Result<bool, StoreError>;
    /// A pool's groups ordered by name, after the cursor.
    async fn list_groups(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Group>, StoreError>;
    /// Makes the user `sub` a member of the group; nothing when they already are.
    async fn add_group_member(
        &self,
        pool_id: &str,
        name: &str,
        sub: &str,
    ) -> Result<(), StoreError>;
    /// Ends a membership; nothing when there was none.
    async fn remove_group_member(
        &self,
        pool_id: &str,
        name: &str,
        sub: &str,
    ) -> Result<(), StoreError>;
    /// The groups the user `sub` belongs to, ordered by name, after the cursor.
    async fn list_user_groups(
        &self,
        pool_id: &str,
        sub: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Group>, StoreError>;
    /// The members of a group ordered by `sub`, after the cursor.
    async fn list_group_members(
        &self,
        pool_id: &str,
        name: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<User>, StoreError>;
}

/// User import jobs, keyed by job id, and the CSV file of each, kept until the job ends.
#[async_trait]
pub trait UserImportStore: Send + Sync {
    /// Adds one; `Conflict` when the job id is taken.
    async fn insert_import_job(&self, job: &UserImportJob) -> Result<(), StoreError>;
    /// One by job id, whatever its pool.
    async fn find_import_job(&self, job_id: &str) -> Result<Option<UserImportJob>, StoreError>;
    /// Replaces one if `job.version` is current and bumps the version; `VersionMismatch` when
    /// it changed since it was read, `NotFound` when it is gone.
    async fn update_import_job(&self, job: &UserImportJob) -> Result<(), StoreError>;
    /// Replaces one as [`UserImportStore::update_import_job`] does and keeps `csv` as its
    /// file (replacing an earlier one), both or neither.
    async fn attach_import_csv(&self, job: &UserImportJob, csv: &[u8]) -> Result<(), StoreError>;
    /// The file of a job, when one was attached and not yet removed.
    async fn find_import_csv(&self, job_id: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// Removes the file of a job; nothing when it has none.
    async fn delete_import_csv(&self, job_id: &str) -> Result<(), StoreError>;
    /// A pool's jobs ordered by job id, after the cursor.
    async fn list_import_jobs(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<UserImportJob>, StoreError>;
    /// Up to `limit` jobs of every pool in `status`, ordered by job id.
    async fn list_import_jobs_in_status(
        &self,
        status: UserImportJobStatus,
        limit: usize,
    ) -> Result<Vec<UserImportJob>, StoreError>;
}

/// App clients.
#[async_trait]
pub trait ClientStore: Send + Sync {
    /// Adds a client.
    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError>;
    /// A client by id.
    async fn find_client(&self, client_id: &str) -> Result<Option<AppClient>, StoreError>;
    /// Replaces a client's document.
    async fn update_client(&self, client: &AppClient) -> Result<(), StoreError>;
    /// Deletes a client.
    async fn delete_client(&self, pool_id: &str, client_id: &str) -> Result<(), StoreError>;
    /// A pool's clients ordered by id, after the cursor.
    async fn list_clients(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AppClient>, StoreError>;
}

/// Users and their unique sign-in keys (username, email, phone number, ...).
#[async_trait]
pub trait UserStore: Send + Sync {
    /// Adds a user holding `keys`; `Conflict(key)` if any key is taken in the pool.
    async fn insert_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError>;
    /// Adds users, each holding its keys, in one write: a user whose key is taken (by anyone,
    /// or by an earlier user of the batch) is left out and its entry is `Conflict(key)`; the
    /// others are added. One entry per user, in order.
    async fn insert_users(
        &self,
        users: &[(User, Vec<String>)],
    ) -> Result<Vec<Result<(), StoreError>>, StoreError>;
    /// The user holding `key` in the pool.
    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError>;
    /// A user by `sub`.
    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError>;
    /// Replaces the user's document and keys if `user.version` is current; bumps the version.
    async fn update_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError>;
    /// Deletes a user with its keys, refresh tokens and group memberships.
    async fn delete_user(&self, pool_id: &str, sub: &str) -> Result<(), StoreError>;
    /// A pool's users ordered by `sub`, after the cursor.
    async fn list_users(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<User>, StoreError>;
}

/// Challenge sessions.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Adds a session.
    async fn insert_session(&self, session: &AuthSession) -> Result<(), StoreError>;
    /// A session by id, used or not.
    async fn find_session(&self, id: &str) -> Result<Option<AuthSession>, StoreError>;
    /// Marks an unused session used and returns it: exactly one caller gets it. The row stays
    /// until it expires.
    async fn take_session(&self, id: &str) -> Result<Option<AuthSession>, StoreError>;
    /// Replaces an unused session's document (e.g. to count a wrong answer).
    async fn update_session(&self, session: &AuthSession) -> Result<(), StoreError>;
    /// Deletes sessions that expired before `now_ms`.
    async fn purge_sessions(&self, now_ms: i64) -> Result<u64, StoreError>;
}

/// Everything an access-token check needs, read in one round trip.
#[derive(Debug, Clone)]
pub struct TokenSubject {
    /// Whether the pool still exists.
    pub pool_exists: bool,
    /// The user, if they still exist.
    pub user: Option<User>,
    /// The client the token names, if it still exists.
    pub client: Option<AppClient>,
    /// Whether the token's sign-in was revoked (`None`: no refresh token of it is known).
    pub revoked: Option<bool>,
}

/// Refresh tokens.
#[async_trait]
pub trait TokenStore: Send + Sync {
    /// Pool, user, client and revocation state behind an access token, in one query.
    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError>;
    /// Adds a refresh token.
    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError>;
    /// A refresh token by hash.
    async fn find_refresh_token(
        &self,
        hash: &str,
    ) -> Result<Option<RefreshTokenRecord>, StoreError>;
    /// Marks every refresh token of the sign-in `origin_jti` revoked.
    async fn revoke_origin(&self, origin_jti: &str) -> Result<(), StoreError>;
    /// Marks every refresh token of a user revoked (global sign-out).
    async fn revoke_user_tokens(&self, pool_id: &str, sub: &str) -> Result<(), StoreError>;
    /// Whether the sign-in `origin_jti` was revoked; `None` when no token of it is known.
    async fn is_origin_revoked(&self, origin_jti: &str) -> Result<Option<bool>, StoreError>;
}

/// The account's SMS settings and the spend ledger.
#[async_trait]
pub trait SmsStore: Send + Sync {
    /// The settings document, when ever saved.
    async fn find_sms_account(&self) -> Result<Option<SmsAccount>, StoreError>;
    /// Saves the settings: inserts when `account.version` is 0, else replaces them if the
    /// version is current (`VersionMismatch` otherwise).
    async fn save_sms_account(&self, account: &SmsAccount) -> Result<(), StoreError>;
    /// Counts `charge` if its month's total stays within the spend limit and its number and
    /// country within their hourly caps; otherwise counts nothing and says which limit it met.
    /// Atomic across connections and nodes.
    async fn reserve_sms_spend(
        &self,
        charge: &SmsCharge,
        limits: &SmsLimits,
    ) -> Result<SmsReservation, StoreError>;
    /// Takes back a reserved charge (the message was not sent after all).
    async fn refund_sms_spend(&self, charge: &SmsCharge) -> Result<(), StoreError>;
    /// The month's spend by pool and country, ordered by pool then country.
    async fn sms_spend(&self, month: &str) -> Result<Vec<SmsSpend>, StoreError>;
}

/// The counters of sign-in failures and rate-limited calls, one record per subject of a pool
/// (a user, or a name that no user holds), keyed by a keyed hash of the subject.
#[async_trait]
pub trait AttemptStore: Send + Sync {
    /// The counters of `subject` in the pool.
    async fn find_attempts(
        &self,
        pool_id: &str,
        subject: &str,
    ) -> Result<Option<Attempts>, StoreError>;
    /// Saves counters in one single-row write: inserts them when the subject has none, else
    /// replaces them if `attempts.version` is current; `VersionMismatch` otherwise (also when
    /// version 0, "none yet", meets a stored record). Bumps the stored version.
    async fn save_attempts(&self, attempts: &Attempts) -> Result<(), StoreError>;
    /// Deletes the records that expired before `now_ms`; how many.
    async fn purge_attempts(&self, now_ms: i64) -> Result<u64, StoreError>;
}

/// What [`RateCounterStore::count_in_window`] counted: the events of the window it counted
/// in, the new one included, and those of the window before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WindowCounts {
    /// Events in the current window, the one just counted included.
    pub current: u64,
    /// Events in the previous window (0 when none were kept).
    pub previous: u64,
}

/// Counters of events in fixed windows of time, by key: what the abuse limits
/// (`service::limits`) count sign-in attempts and code sendings with. Where the backend is
/// shared by several nodes, so are the counts. They are kept at little cost rather than
/// durably: a crash or a restart may lose recent counts, which only lets a few more requests
/// through.
#[async_trait]
pub trait RateCounterStore: Send + Sync {
    /// Counts one event under `key` in the window that starts at `window_start_ms` and lasts
    /// `period_ms`, atomically across connections and nodes, and returns that window's count
    /// (this event included) with the count of the window before it, which started at
    /// `window_start_ms - period_ms`. A window is kept at least until
    /// `window_start_ms + 2 * period_ms`, while it may still be the previous one.
    async fn count_in_window(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> Result<WindowCounts, StoreError>;
    /// Deletes the windows no longer needed at `now_ms`; how many.
    async fn purge_rate_counts(&self, now_ms: i64) -> Result<u64, StoreError>;
}

/// The audit log: steps of events, appended in batches and never rewritten but for their
/// feedback; read as events, each folded from its steps ([`AuditEvent::fold`]). Events stay when
/// their pool or user is deleted, until [`AuditStore::purge_audit_events`] takes them.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends steps in one transaction; a step whose event id and step number are stored
    /// already is left as it is (a batch written again after a failure adds nothing twice).
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> Result<(), StoreError>;
    /// The events of `kinds` of the user `sub` in the pool, newest first (by `seq`, then event
    /// id), after the cursor.
    async fn list_user_audit_events(
        &self,
        pool_id: &str,
        sub: &str,
        kinds: &[AuditKind],
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AuditEvent>, StoreError>;
    /// Every event (of one pool, when given) created at or after `since_ms`, oldest first (by
    /// `seq`, then event id), after the cursor.
    async fn list_audit_events(
        &self,
        pool_id: Option<&str>,
        since_ms: i64,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AuditEvent>, StoreError>;
    /// One event of a pool.
    async fn find_audit_event(
        &self,
        pool_id: &str,
        event_id: &str,
    ) -> Result<Option<AuditEvent>, StoreError>;
    /// Sets an event's feedback, replacing any earlier; `false` when the pool has no such event.
    async fn update_audit_feedback(
        &self,
        pool_id: &str,
        event_id: &str,
        feedback: &AuditFeedback,
    ) -> Result<bool, StoreError>;
    /// Deletes the steps of events created before `before_ms`; how many.
    async fn purge_audit_events(&self, before_ms: i64) -> Result<u64, StoreError>;
}

/// Settings of the deployment as a whole rather than of a pool, one text value per name. Every
/// node sharing the database reads the same ones: what the nodes must agree on lives here.
#[async_trait]
pub trait SettingsStore: Send + Sync {
    /// The value recorded under `name`.
    async fn find_setting(&self, name: &str) -> Result<Option<String>, StoreError>;
    /// Records `value` under `name` unless a value is recorded there already, atomically
    /// across connections and nodes; returns the value recorded afterwards: `value`, or the
    /// one that was there first.
    async fn insert_setting_if_absent(&self, name: &str, value: &str)
        -> Result<String, StoreError>;
    /// Records `value` under `name`, replacing any earlier value.
    async fn put_setting(&self, name: &str, value: &str) -> Result<(), StoreError>;
}

/// The pools' token-signing keys.
#[async_trait]
pub trait SigningKeyStore: Send + Sync {
    /// A pool's keys, ordered by generation, then by the name of their use.
    async fn list_signing_keys(&self, pool_id: &str) -> Result<Vec<SealedSigningKey>, StoreError>;
    /// Adds keys in one transaction; `Conflict` when the pool already has a key of the same
    /// generation and use (another rotation got there first).
    async fn insert_signing_keys(&self, keys: &[SealedSigningKey]) -> Result<(), StoreError>;
    /// Deletes one key; whether there was one.
    async fn delete_signing_key(
        &self,
        pool_id: &str,
        generation: i64,
        token_use: TokenUse,
    ) -> Result<bool, StoreError>;
}

/// How many records a master-key rotation sealed again, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResealCounts {
    /// Pools' signing keys.
    pub signing_keys: u64,
    /// App clients with a secret.
    pub clients: u64,
    /// Users with a password, an authenticator app or a confirmed device.
    pub users: u64,
    /// Identity providers with secret details.
    pub identity_providers: u64,
}

/// What a master-key rotation does to each kind of record that holds a sealed secret: opens each
/// secret under the old key and seals it under the new one, in place. The record methods return
/// whether the record holds any sealed secret; records without one are not written.
pub trait Reseal: Sync {
    /// A signing key's PKCS#8 document.
    fn signing_key(&self, key: &mut SealedSigningKey) -> anyhow::Result<()>;
    /// An app client's secret.
    fn client(&self, client: &mut AppClient) -> anyhow::Result<bool>;
    /// A user's password verifier, authenticator-app secrets and device verifiers.
    fn user(&self, user: &mut User) -> anyhow::Result<bool>;
    /// An identity provider's secret details.
    fn identity_provider(&self, provider: &mut IdentityProvider) -> anyhow::Result<bool>;
}

/// Sealing every secret at rest again, for a master-key rotation.
#[async_trait]
pub trait ResealStore: Send + Sync {
    /// Passes every record that may hold a sealed secret through `reseal`, writes back those
    /// that hold one, and records the deployment `settings` (name, value): all in one
    /// transaction, so that a failure anywhere leaves every record as it was.
    async fn reseal_all(
        &self,
        reseal: &dyn Reseal,
        settings: &[(&str, &str)],
    ) -> Result<ResealCounts, StoreError>;
}

/// Everything Cognate persists.
pub trait Store:
    PoolStore
    + SigningKeyStore
    + DomainStore
    + ResourceServerStore
    + UiCustomizationStore
    + ClientStore
    + UserStore
    + GroupStore
    + IdentityProviderStore
    + UserImportStore
    + SessionStore
    + TokenStore
    + SmsStore
    + SettingsStore
    + AttemptStore
    + RateCounterStore
    + AuditStore
    + ResealStore
{
}

impl<T> Store for T where
    T: PoolStore
        + SigningKeyStore
        + DomainStore
        + ResourceServerStore
        + UiCustomizationStore
        + ClientStore
        + UserStore
        + GroupStore
        + IdentityProviderStore
        + UserImportStore
        + SessionStore
        + TokenStore
        + SmsStore
        + SettingsStore
        + AttemptStore
        + RateCounterStore
        + AuditStore
        + ResealStore
{
}
