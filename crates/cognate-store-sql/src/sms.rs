//! The account's SMS settings and the monthly spend ledger.

use async_trait::async_trait;
use cognate_core::{
    model::{SmsAccount, SmsCharge, SmsLimits, SmsReservation, SmsSpend},
    store::{SmsStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode},
    Backend, SqlStore,
};

/// How far back the per-number and per-country caps count.
const HOUR_MS: i64 = 3_600_000;

/// The account's SMS settings document and the monthly spend ledger. A reservation adds to the
/// month's total only while it stays within the limit, in one conditional UPDATE, so concurrent
/// senders on any number of nodes never overspend; the last hour's messages (`sms_recent`) give
/// the per-number and per-country caps.
#[async_trait]
impl<B: Backend> SmsStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
    usize: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn find_sms_account(&self) -> Result<Option<SmsAccount>, StoreError> {
        let row = sqlx::query("SELECT doc, version FROM sms_account WHERE id = 'account'")
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| {
            let mut account: SmsAccount = decode(column(&r, "sms_account", "doc")?)?;
            account.version = column(&r, "sms_account", "version")?;
            Ok(account)
        })
        .transpose()
    }

    async fn save_sms_account(&self, account: &SmsAccount) -> Result<(), StoreError> {
        let doc = encode(account)?;
        let done = if account.version == 0 {
            sqlx::query(
                "INSERT INTO sms_account (id, version, doc) VALUES ('account', 1, $1) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(doc)
            .execute(&self.writer)
            .await
        } else {
            sqlx::query(
                "UPDATE sms_account SET doc = $1, version = version + 1 \
                 WHERE id = 'account' AND version = $2",
            )
            .bind(doc)
            .bind(account.version)
            .execute(&self.writer)
            .await
        }
        .map_err(backend)?;
        if B::rows_affected(&done) == 1 {
            Ok(())
        } else {
            Err(StoreError::VersionMismatch)
        }
    }

    async fn reserve_sms_spend(
        &self,
        charge: &SmsCharge,
        limits: &SmsLimits,
    ) -> Result<SmsReservation, StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        sqlx::query(
            "INSERT INTO sms_month (month, micro_usd) VALUES ($1, 0) \
             ON CONFLICT (month) DO NOTHING",
        )
        .bind(charge.month.as_str())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        // The month's row is locked from here to commit: reservations take turns, so the
        // counts below are exact too.
        let within_limit = sqlx::query(
            "UPDATE sms_month SET micro_usd = micro_usd + $2 \
             WHERE month = $1 AND micro_usd + $2 <= $3",
        )
        .bind(charge.month.as_str())
        .bind(charge.micro_usd)
        .bind(limits.monthly_micro_usd)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        let since = charge.at_ms - HOUR_MS;
        let mut outcome = if B::rows_affected(&within_limit) == 1 {
            SmsReservation::Reserved
        } else {
            SmsReservation::OverSpendLimit
        };
        for (cap, count, value, over) in [
            (
                limits.caps.per_number_per_hour,
                "SELECT COUNT(*) FROM sms_recent WHERE phone_number = $1 AND at_ms > $2",
                &charge.phone_number,
                SmsReservation::OverNumberCap,
            ),
            (
                limits.caps.per_country_per_hour,
                "SELECT COUNT(*) FROM sms_recent WHERE country = $1 AND at_ms > $2",
                &charge.country,
                SmsReservation::OverCountryCap,
            ),
        ] {
            let Some(cap) = cap else { continue };
            if outcome != SmsReservation::Reserved {
                break;
            }
            let recent: i64 = sqlx::query_scalar(count)
                .bind(value.as_str())
                .bind(since)
                .fetch_one(&mut *tx)
                .await
                .map_err(backend)?;
            if recent >= i64::from(cap) {
                outcome = over;
            }
        }
        if outcome != SmsReservation::Reserved {
            tx.rollback().await.map_err(backend)?;
            return Ok(outcome);
        }
        sqlx::query("DELETE FROM sms_recent WHERE at_ms <= $1")
            .bind(since)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query("INSERT INTO sms_recent (phone_number, country, at_ms) VALUES ($1, $2, $3)")
            .bind(charge.phone_number.as_str())
            .bind(charge.country.as_str())
            .bind(charge.at_ms)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(
            "INSERT INTO sms_spend (month, pool_id, country, messages, micro_usd) \
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (month, pool_id, country) DO UPDATE \
             SET messages = sms_spend.messages + 1, \
                 micro_usd = sms_spend.micro_usd + excluded.micro_usd",
        )
        .bind(charge.month.as_str())
        .bind(charge.pool_id.as_str())
        .bind(charge.country.as_str())
        .bind(charge.micro_usd)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)?;
        Ok(SmsReservation::Reserved)
    }

    async fn refund_sms_spend(&self, charge: &SmsCharge) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        sqlx::query("UPDATE sms_month SET micro_usd = micro_usd - $2 WHERE month = $1")
            .bind(charge.month.as_str())
            .bind(charge.micro_usd)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query(
            "UPDATE sms_spend SET messages = messages - 1, micro_usd = micro_usd - $4 \
             WHERE month = $1 AND pool_id = $2 AND country = $3",
        )
        .bind(charge.month.as_str())
        .bind(charge.pool_id.as_str())
        .bind(charge.country.as_str())
        .bind(charge.micro_usd)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn sms_spend(&self, month: &str) -> Result<Vec<SmsSpend>, StoreError> {
        let rows = sqlx::query(
            "SELECT pool_id, country, messages, micro_usd FROM sms_spend \
             WHERE month = $1 AND messages > 0 ORDER BY pool_id, country",
        )
        .bind(month)
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(SmsSpend {
                    pool_id: column(r, "sms_spend", "pool_id")?,
                    country: column(r, "sms_spend", "country")?,
                    messages: column(r, "sms_spend", "messages")?,
                    micro_usd: column(r, "sms_spend", "micro_usd")?,
                })
            })
            .collect()
    }
}
