//! Records in and out of rows: JSON documents, columns read without panicking, database
//! failures as [`StoreError`], and pages of listings.

use cognate_core::{
    model::User,
    store::{Page, StoreError, TokenSubject},
};
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{ColumnIndex, Decode, Row, Type};

/// A database failure as a [`StoreError`]: `Unavailable` when the connection was lost (see
/// [`is_connection_failure`]), else `Backend`.
pub fn backend(e: sqlx::Error) -> StoreError {
    if is_connection_failure(&e) {
        StoreError::Unavailable(anyhow::Error::new(e))
    } else {
        StoreError::Backend(anyhow::Error::new(e))
    }
}

/// Whether an error leaves the connection unusable: a failure of the connection itself (I/O,
/// TLS, the protocol, the driver's worker), or an error the database reported that ends the
/// session (SQLSTATE classes 08, connection exception, and 57, operator intervention such as a
/// terminated backend). Waiting for a pooled connection in vain is not one: the database is
/// out of reach or saturated, and trying again at once would not help.
pub fn is_connection_failure(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57")),
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        _ => false,
    }
}

/// Maps a unique-key violation to `Conflict(key)`, any other failure to [`backend`].
pub(crate) fn conflict(key: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
    move |e| {
        if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) {
            StoreError::Conflict(key.to_owned())
        } else {
            backend(e)
        }
    }
}

/// A record as its stored JSON document.
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.into()))
}

/// A record from its stored JSON document.
pub(crate) fn decode<T: DeserializeOwned>(doc: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("decoding stored document")))
}

/// The column `name` of a row from `table` (a table, or the query the row answers); a missing
/// or malformed column is an error that names both.
pub fn column<'r, R, T>(
    row: &'r R,
    table: &'static str,
    name: &'static str,
) -> Result<T, StoreError>
where
    R: Row,
    T: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    row.try_get(name).map_err(|e| {
        StoreError::Backend(anyhow::Error::new(e).context(format!("column {name} of {table}")))
    })
}

/// A user from its stored document and `version` column.
pub fn user_from_doc(doc: &str, version: i64) -> Result<User, StoreError> {
    let mut user: User = decode(doc)?;
    user.version = version;
    Ok(user)
}

/// A user from a row's `doc` and `version` columns.
pub fn user_from_row<'r, R>(row: &'r R) -> Result<User, StoreError>
where
    R: Row,
    &'r str: Decode<'r, R::Database> + Type<R::Database>,
    i64: Decode<'r, R::Database> + Type<R::Database>,
    &'static str: ColumnIndex<R>,
{
    user_from_doc(
        column(row, "users", "doc")?,
        column(row, "users", "version")?,
    )
}

/// What an access-token check needs, from the columns of the one query both backends make for
/// it: how many pools have the id, the user's document and version, the app client's
/// document, and whether any refresh token of the sign-in is revoked.
pub fn token_subject(
    pools: i64,
    user: Option<(&str, i64)>,
    client_doc: Option<&str>,
    revoked: Option<bool>,
) -> Result<TokenSubject, StoreError> {
    Ok(TokenSubject {
        pool_exists: pools > 0,
        user: user
            .map(|(doc, version)| user_from_doc(doc, version))
            .transpose()?,
        client: client_doc.map(decode).transpose()?,
        revoked,
    })
}

/// The row limit that fetches one page of `limit` and tells whether another follows.
pub(crate) fn page_limit(limit: usize) -> i64 {
    i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX)
}

/// The first `limit` of `items` (fetched one over the limit), with the cursor of the next page
/// when there are more.
pub(crate) fn page<T>(mut items: Vec<T>, limit: usize, cursor: impl Fn(&T) -> String) -> Page<T> {
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(cursor)
    } else {
        None
    };
    Page { items, next }
}
