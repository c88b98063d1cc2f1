//! The audit log: each step of an event one row, appended and never rewritten but for its
//! feedback.

use std::collections::HashMap;

use async_trait::async_trait;
use cognate_core::{
    model::{AuditEvent, AuditFeedback, AuditKind},
    store::{AuditStore, Page, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode, page, page_limit},
    Backend, SqlStore,
};

const TABLE: &str = "audit_events";

/// Rows per INSERT: eight parameters each, well within SQLite's oldest limit of 999.
const ROWS_PER_INSERT: usize = 100;

/// `$from, $from+1, …`: `n` numbered parameters.
fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A listing's cursor: the last event's place in the log and id.
fn cursor(event: &AuditEvent) -> String {
    format!("{}|{}", event.seq, event.event_id)
}

fn parse_cursor(after: &str) -> Result<(i64, String), StoreError> {
    after
        .split_once('|')
        .and_then(|(ms, id)| Some((ms.parse().ok()?, id.to_string())))
        .ok_or_else(|| StoreError::Backend(anyhow::anyhow!("malformed audit cursor {after:?}")))
}

/// Steps as `audit_events` rows keyed by event id and step. `sub` (empty for no user), `kind`,
/// `seq` (the event's place in the log) and `created_ms` (its time), which every step of an
/// event carries alike, are columns for the listings; the step itself is the `doc`; `feedback`
/// (empty until given) is the one column written later, on every step of its event. A listing
/// picks its page of events by the columns first, then reads their steps and folds them.
#[async_trait]
impl<B: Backend> AuditStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_audit_events(&self, events: &[AuditEvent]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut tx = self.writer.begin().await.map_err(backend)?;
        for chunk in events.chunks(ROWS_PER_INSERT) {
            let docs = chunk.iter().map(encode).collect::<Result<Vec<_>, _>>()?;
            let rows = (0..chunk.len())
                .map(|i| format!("({}, '')", placeholders(i * 8 + 1, 8)))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO audit_events \
                 (event_id, step, pool_id, sub, kind, seq, created_ms, doc, feedback) \
                 VALUES {rows} ON CONFLICT (event_id, step) DO NOTHING"
            );
            let mut query = sqlx::query(&sql);
            for (event, doc) in chunk.iter().zip(&docs) {
                query = query
                    .bind(event.event_id.as_str())
                    .bind(event.step)
                    .bind(event.pool_id.as_str())
                    .bind(event.sub.as_deref().unwrap_or(""))
                    .bind(event.kind.as_str())
                    .bind(event.seq)
                    .bind(event.created_ms)
                    .bind(doc.as_str());
            }
            query.execute(&mut *tx).await.map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn list_user_audit_events(
        &self,
        pool_id: &str,
        sub: &str,
        kinds: &[AuditKind],
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AuditEvent>, StoreError> {
        if kinds.is_empty() || sub.is_empty() {
            return Ok(Page {
                items: Vec::new(),
                next: None,
            });
        }
        let (before_seq, before_id) = match after {
            Some(after) => parse_cursor(after)?,
            None => (i64::MAX, String::new()),
        };
        let sql = format!(
            "SELECT DISTINCT seq, event_id FROM audit_events \
             WHERE pool_id = $1 AND sub = $2 \
             AND (seq < $3 OR (seq = $3 AND event_id < $4)) \
             AND kind IN ({}) \
             ORDER BY seq DESC, event_id DESC LIMIT ${}",
            placeholders(5, kinds.len()),
            5 + kinds.len()
        );
        let mut query = sqlx::query(&sql)
            .bind(pool_id)
            .bind(sub)
            .bind(before_seq)
            .bind(before_id.as_str());
        for kind in kinds {
            query = query.bind(kind.as_str());
        }
        let rows = query
            .bind(page_limit(limit))
            .fetch_all(&self.reader)
            .await
            .map_err(backend)?;
        self.events_page(&rows, limit).await
    }

    async fn list_audit_events(
        &self,
        pool_id: Option<&str>,
        since_ms: i64,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AuditEvent>, StoreError> {
        let (after_seq, after_id) = match after {
            Some(after) => parse_cursor(after)?,
            None => (i64::MIN, String::new()),
        };
        // No pool given: the pool filter holds for every row.
        let sql = "SELECT DISTINCT seq, event_id FROM audit_events \
                   WHERE created_ms >= $1 AND (pool_id = $2 OR $3 = '') \
                   AND (seq > $4 OR (seq = $4 AND event_id > $5)) \
                   ORDER BY seq, event_id LIMIT $6";
        let pool_id = pool_id.unwrap_or("");
        let rows = sqlx::query(sql)
            .bind(since_ms)
            .bind(pool_id)
            .bind(pool_id)
            .bind(after_seq)
            .bind(after_id.as_str())
            .bind(page_limit(limit))
            .fetch_all(&self.reader)
            .await
            .map_err(backend)?;
        self.events_page(&rows, limit).await
    }

    async fn find_audit_event(
        &self,
        pool_id: &str,
        event_id: &str,
    ) -> Result<Option<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc, feedback FROM audit_events WHERE pool_id = $1 AND event_id = $2",
        )
        .bind(pool_id)
        .bind(event_id)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let steps = rows
            .iter()
            .map(|r| step_from_row(column(r, TABLE, "doc")?, column(r, TABLE, "feedback")?))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AuditEvent::fold(steps))
    }

    async fn update_audit_feedback(
        &self,
        pool_id: &str,
        event_id: &str,
        feedback: &AuditFeedback,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE audit_events SET feedback = $3 WHERE pool_id = $1 AND event_id = $2",
        )
        .bind(pool_id)
        .bind(event_id)
        .bind(encode(feedback)?)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(B::rows_affected(&done) > 0)
    }

    async fn purge_audit_events(&self, before_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM audit_events WHERE created_ms < $1")
            .bind(before_ms)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(B::rows_affected(&done))
    }
}

impl<B: Backend> SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    /// The events whose ids `id_rows` hold (a page of a listing, fetched one over `limit`),
    /// each folded from its steps, in the order given.
    async fn events_page(
        &self,
        id_rows: &[<B::Db as Database>::Row],
        limit: usize,
    ) -> Result<Page<AuditEvent>, StoreError> {
        let ids = id_rows
            .iter()
            .map(|r| column::<_, &str>(r, TABLE, "event_id").map(str::to_string))
            .collect::<Result<Vec<String>, _>>()?;
        let mut steps: HashMap<String, Vec<AuditEvent>> = HashMap::new();
        if !ids.is_empty() {
            let sql = format!(
                "SELECT event_id, doc, feedback FROM audit_events WHERE event_id IN ({})",
                placeholders(1, ids.len())
            );
            let mut query = sqlx::query(&sql);
            for id in &ids {
                query = query.bind(id.as_str());
            }
            let rows = query.fetch_all(&self.reader).await.map_err(backend)?;
            for row in &rows {
                let id: &str = column(row, TABLE, "event_id")?;
                let step =
                    step_from_row(column(row, TABLE, "doc")?, column(row, TABLE, "feedback")?)?;
                steps.entry(id.to_string()).or_default().push(step);
            }
        }
        let events = ids
            .iter()
            .filter_map(|id| AuditEvent::fold(steps.remove(id).unwrap_or_default()))
            .collect();
        Ok(page(events, limit, cursor))
    }
}

/// A step from its `doc` and `feedback` columns.
fn step_from_row(doc: &str, feedback: &str) -> Result<AuditEvent, StoreError> {
    let mut step: AuditEvent = decode(doc)?;
    if !feedback.is_empty() {
        step.feedback = Some(decode(feedback)?);
    }
    Ok(step)
}
