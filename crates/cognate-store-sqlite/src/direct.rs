//! The hot reads — a user by `sub` or by sign-in key, and everything an access-token check
//! needs — straight through SQLite on the calling thread, with cached prepared statements.
//! Each such read takes some microseconds against a memory-mapped WAL database, less than
//! handing it to sqlx's connection thread and back; writes keep going through sqlx's single
//! writer.

use std::{path::Path, sync::Mutex};

use cognate_core::{
    model::User,
    store::{StoreError, TokenSubject},
};
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use cognate_store_sql::{token_subject, user_from_doc, Bind, DocRow};

use crate::rate_counts::RateCounts;

/// The names of the first parameters, as the store's statements write them.
const PARAMETERS: [&str; 6] = ["$1", "$2", "$3", "$4", "$5", "$6"];

/// Read-only connections kept for reuse.
const MAX_IDLE: usize = 8;

fn backend(e: rusqlite::Error) -> StoreError {
    StoreError::Backend(anyhow::Error::new(e))
}

/// The SQLite backend of [`cognate_store_sql::SqlStore`]: its hot reads, on a small pool of
/// read-only connections, and its rate counters, in memory.
pub struct DirectReader {
    path: std::path::PathBuf,
    idle: Mutex<Vec<Connection>>,
    pub(crate) rate_counts: RateCounts,
}

impl DirectReader {
    pub(crate) fn new(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            rate_counts: RateCounts::default(),
        }
    }

    fn open(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(backend)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(backend)?;
        conn.pragma_update(None, "mmap_size", 268_435_456_i64)
            .map_err(backend)?;
        // Every document read of the store keeps its statement prepared.
        conn.set_prepared_statement_cache_capacity(128);
        Ok(conn)
    }

    /// Runs `read` on an idle connection (or a new one), then keeps the connection.
    fn with<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => self.open()?,
        };
        let out = read(&conn);
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
        out
    }

    fn user(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, i64)> {
        Ok((row.get(0)?, row.get(1)?))
    }

    /// The rows of a document read (see [`cognate_store_sql::Backend::read_docs`]): `$1`, `$2`,
    /// … of `sql` bound by name to `binds` in order.
    pub(crate) fn read_doc_rows(
        &self,
        sql: &str,
        binds: &[Bind<'_>],
    ) -> Result<Vec<DocRow>, StoreError> {
        self.with(|c| {
            let mut statement = c.prepare_cached(sql).map_err(backend)?;
            for (i, bind) in binds.iter().enumerate() {
                let owned;
                let name = match PARAMETERS.get(i) {
                    Some(name) => *name,
                    None => {
                        owned = format!("${}", i + 1);
                        owned.as_str()
                    }
                };
                let Some(index) = statement.parameter_index(name).map_err(backend)? else {
                    continue;
                };
                match bind {
                    Bind::Text(text) => statement.raw_bind_parameter(index, text),
                    Bind::Int(number) => statement.raw_bind_parameter(index, number),
                }
                .map_err(backend)?;
            }
            let flagged = statement.column_count() > 1;
            let mut rows = statement.raw_query();
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(backend)? {
                out.push(DocRow {
                    doc: row.get(0).map_err(backend)?,
                    flag: if flagged {
                        row.get(1).map_err(backend)?
                    } else {
                        None
                    },
                });
            }
            Ok(out)
        })
    }

    pub(crate) fn read_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        let row = self.with(|c| {
            c.prepare_cached("SELECT doc, version FROM users WHERE pool_id = ?1 AND sub = ?2")
                .and_then(|mut s| s.query_row([pool_id, sub], Self::user).optional())
                .map_err(backend)
        })?;
        row.map(|(doc, version)| user_from_doc(&doc, version))
            .transpose()
    }

    pub(crate) fn read_user_by_key(
        &self,
        pool_id: &str,
        key: &str,
    ) -> Result<Option<User>, StoreError> {
        let row = self.with(|c| {
            c.prepare_cached(
                "SELECT u.doc, u.version FROM user_keys k JOIN users u ON u.pool_id = k.pool_id AND u.sub = k.sub \
                 WHERE k.pool_id = ?1 AND k.ukey = ?2",
            )
            .and_then(|mut s| s.query_row([pool_id, key], Self::user).optional())
            .map_err(backend)
        })?;
        row.map(|(doc, version)| user_from_doc(&doc, version))
            .transpose()
    }

    pub(crate) fn read_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        type Row = (
            i64,
            Option<String>,
            Option<i64>,
            Option<String>,
            Option<i64>,
        );
        let (pools, user_doc, user_version, client_doc, revoked): Row = self.with(|c| {
            c.prepare_cached(
                "SELECT (SELECT COUNT(*) FROM user_pools WHERE id = ?1), \
                        u.doc, u.version, \
                        (SELECT doc FROM app_clients WHERE client_id = ?3), \
                        (SELECT MAX(revoked) FROM refresh_tokens WHERE origin_jti = ?4) \
                 FROM (SELECT 1) AS one LEFT JOIN users u ON u.pool_id = ?1 AND u.sub = ?2",
            )
            .and_then(|mut s| {
                s.query_row([pool_id, sub, client_id, origin_jti], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
            })
            .map_err(backend)
        })?;
        token_subject(
            pools,
            user_doc.as_deref().zip(user_version),
            client_doc.as_deref(),
            revoked.map(|r| r != 0),
        )
    }
}
