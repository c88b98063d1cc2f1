//! Store code that is the same SQL on SQLite and PostgreSQL, written once: migrations both
//! backends share, and macros that expand inside a backend crate. [`helpers!`] defines there
//! the free functions the other macros call; each `*_store!` macro expands into an `impl` of
//! one store trait for the store type. They expect in the backend crate the dependencies
//! `sqlx`, `async_trait`, `cognate_core`, `serde`, `serde_json` and `anyhow`, and in scope
//! `Row`, `StoreError`, those helpers and the store's `writer` and `reader` pools. Where a
//! backend answers some of a trait's methods its own way, it hands them to the macro in
//! braces, and they join the same `impl`.

mod clients;
mod helpers;
mod pools;
mod sessions;
mod sms;
mod tokens;
mod users;

/// Migration 2: answered challenge sessions stay as tombstones until they expire.
pub const MIGRATION_0002_SESSION_TOMBSTONES: &str =
    include_str!("../migrations/0002_session_tombstones.sql");

/// Migration 3: the account's SMS settings and the spend ledger.
pub const MIGRATION_0003_SMS: &str = include_str!("../migrations/0003_sms.sql");
