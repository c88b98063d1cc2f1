//! The store written once for SQLite and PostgreSQL: [`SqlStore`] implements every store trait
//! of [`cognate_core::store`] with the same SQL on both, generic over a [`Backend`] that brings
//! its sqlx database and the few things that differ (its way to say "any refresh token
//! revoked", its hot reads, where it keeps the rate counters, how it opens and migrates).
//! Schemas and migrations stay in the backend crates, which run them with [`apply_once`]; this
//! crate holds no SQL that only one of them understands.
//!
//! The `where` clauses on the trait impls are sqlx's own requirements (an executor for pools
//! and transactions, encodable and decodable column types); `sqlx::Sqlite` and
//! `sqlx::Postgres` meet all of them.

mod attempts;
mod audit;
mod clients;
mod connections;
mod docs;
mod domains;
mod groups;
mod identity_providers;
mod migrate;
mod pools;
mod rate_counts;
mod reseal;
mod resource_servers;
mod rows;
mod sessions;
mod settings;
mod signing_keys;
mod sms;
mod tokens;
mod ui_customizations;
mod user_imports;
mod users;

use std::{future::Future, sync::Arc};

use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject, WindowCounts},
};
use sqlx::{Database, Pool};

pub use migrate::apply_once;
pub use rows::{
    backend, column, is_connection_failure, token_subject, user_from_doc, user_from_row,
};

/// What one SQL database brings to [`SqlStore`]: its sqlx driver, the statements its dialect
/// writes its own way, and the hot reads it answers faster than a pooled query.
pub trait Backend: Send + Sync + Sized + 'static {
    /// The sqlx database.
    type Db: Database;
    /// Where a store is opened: a file path, a connection URL.
    type Target: ?Sized + Sync;

    /// Whether any refresh token of the sign-in `$1` is revoked, `NULL` when it has none:
    /// PostgreSQL has `bool_or`, SQLite keeps booleans as integers and takes `MAX`.
    const IS_ORIGIN_REVOKED: &'static str;

    /// Opens the store at `target`, migrating its schema.
    fn open(target: &Self::Target) -> impl Future<Output = anyhow::Result<SqlStore<Self>>> + Send;

    /// How many rows a statement changed.
    fn rows_affected(done: &<Self::Db as Database>::QueryResult) -> u64;

    /// [`cognate_core::store::UserStore::find_user`].
    fn find_user(
        &self,
        pool_id: &str,
        sub: &str,
    ) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// [`cognate_core::store::UserStore::find_user_by_key`].
    fn find_user_by_key(
        &self,
        pool_id: &str,
        key: &str,
    ) -> impl Future<Output = Result<Option<User>, StoreError>> + Send;

    /// [`cognate_core::store::TokenStore::find_token_subject`].
    fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> impl Future<Output = Result<TokenSubject, StoreError>> + Send;

    /// [`cognate_core::store::RateCounterStore::count_in_window`]: each backend keeps its rate
    /// counters where they cost least for the nodes it serves.
    fn count_in_window(
        &self,
        key: &str,
        window_start_ms: i64,
        period_ms: i64,
    ) -> impl Future<Output = Result<WindowCounts, StoreError>> + Send;

    /// [`cognate_core::store::RateCounterStore::purge_rate_counts`].
    fn purge_rate_counts(
        &self,
        now_ms: i64,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// The rows a document read selects (`sql` with `binds` as `$1`, `$2`, …), where the backend
    /// has a way cheaper than the reader pool: SQLite reads on the calling thread. `None` (the
    /// default) leaves the read to the reader pool.
    fn read_docs(
        &self,
        _sql: &'static str,
        _binds: &[Bind<'_>],
    ) -> Option<Result<Vec<DocRow>, StoreError>> {
        None
    }
}

/// A value bound to a statement's parameter, for [`Backend::read_docs`].
#[derive(Debug, Clone, Copy)]
pub enum Bind<'a> {
    Text(&'a str),
    Int(i64),
}

/// A row of a document read: its first column, the document, and its second, a flag (such as a
/// session's `used`), when the statement selects one.
#[derive(Debug, Clone)]
pub struct DocRow {
    pub doc: String,
    pub flag: Option<i64>,
}

/// A store on one SQL database: a pool for writes, a pool for reads (the same pool where the
/// database does not gain from splitting them), and the backend's hot reads.
pub struct SqlStore<B: Backend> {
    writer: Pool<B::Db>,
    reader: Pool<B::Db>,
    /// Whether `reader` is `writer` (counted once in the metrics).
    one_pool: bool,
    hot: Arc<B>,
}

impl<B: Backend> Clone for SqlStore<B> {
    fn clone(&self) -> Self {
        Self {
            writer: self.writer.clone(),
            reader: self.reader.clone(),
            one_pool: self.one_pool,
            hot: Arc::clone(&self.hot),
        }
    }
}

impl<B: Backend> SqlStore<B> {
    /// Opens the store at `target` (see [`Backend::Target`]) and runs migrations.
    pub async fn open(target: &B::Target) -> anyhow::Result<Self> {
        B::open(target).await
    }

    /// A store from its pools and hot reads, for [`Backend::open`].
    pub fn new(writer: Pool<B::Db>, reader: Pool<B::Db>, hot: B) -> Self {
        Self {
            writer,
            reader,
            one_pool: false,
            hot: Arc::new(hot),
        }
    }

    /// A store whose one pool serves writes and reads, for [`Backend::open`].
    pub fn with_one_pool(pool: Pool<B::Db>, hot: B) -> Self {
        Self {
            writer: pool.clone(),
            reader: pool,
            one_pool: true,
            hot: Arc::new(hot),
        }
    }

    /// Closes the pools, waiting for the connections they have lent out.
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
    }
}
