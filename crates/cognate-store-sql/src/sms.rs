//! The account's SMS settings and the monthly spend ledger.

/// `impl SmsStore for $store`: the account's SMS settings document and the monthly spend
/// ledger. A reservation adds to the month's total only while it stays within the limit, in
/// one conditional UPDATE, so concurrent senders on any number of nodes never overspend; the
/// last hour's messages (`sms_recent`) give the per-number and per-country caps.
#[macro_export]
macro_rules! sms_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl cognate_core::store::SmsStore for $store {
            async fn find_sms_account(
                &self,
            ) -> Result<Option<cognate_core::model::SmsAccount>, StoreError> {
                let row = sqlx::query("SELECT doc, version FROM sms_account WHERE id = 'account'")
                    .fetch_optional(&self.reader)
                    .await
                    .map_err(backend)?;
                row.map(|r| {
                    let mut account: cognate_core::model::SmsAccount =
                        decode(&r.get::<String, _>("doc"))?;
                    account.version = r.get::<i64, _>("version");
                    Ok(account)
                })
                .transpose()
            }

            async fn save_sms_account(
                &self,
                account: &cognate_core::model::SmsAccount,
            ) -> Result<(), StoreError> {
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
                if done.rows_affected() == 1 {
                    Ok(())
                } else {
                    Err(StoreError::VersionMismatch)
                }
            }

            async fn reserve_sms_spend(
                &self,
                charge: &cognate_core::model::SmsCharge,
                limits: &cognate_core::model::SmsLimits,
            ) -> Result<cognate_core::model::SmsReservation, StoreError> {
                use cognate_core::model::SmsReservation;
                const HOUR_MS: i64 = 3_600_000;
                let mut tx = self.writer.begin().await.map_err(backend)?;
                sqlx::query(
                    "INSERT INTO sms_month (month, micro_usd) VALUES ($1, 0) \
                     ON CONFLICT (month) DO NOTHING",
                )
                .bind(&charge.month)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                // The month's row is locked from here to commit: reservations take turns, so
                // the counts below are exact too.
                let within_limit = sqlx::query(
                    "UPDATE sms_month SET micro_usd = micro_usd + $2 \
                     WHERE month = $1 AND micro_usd + $2 <= $3",
                )
                .bind(&charge.month)
                .bind(charge.micro_usd)
                .bind(limits.monthly_micro_usd)
                .execute(&mut *tx)
                .await
                .map_err(backend)?
                .rows_affected()
                    == 1;
                let since = charge.at_ms - HOUR_MS;
                let mut outcome = if within_limit {
                    SmsReservation::Reserved
                } else {
                    SmsReservation::OverSpendLimit
                };
                for (cap, column, value, over) in [
                    (limits.caps.per_number_per_hour, "phone_number", &charge.phone_number, SmsReservation::OverNumberCap),
                    (limits.caps.per_country_per_hour, "country", &charge.country, SmsReservation::OverCountryCap),
                ] {
                    let Some(cap) = cap else { continue };
                    if outcome != SmsReservation::Reserved {
                        break;
                    }
                    let recent: i64 = sqlx::query_scalar(&format!(
                        "SELECT COUNT(*) FROM sms_recent WHERE {column} = $1 AND at_ms > $2"
                    ))
                    .bind(value)
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
                    .bind(&charge.phone_number)
                    .bind(&charge.country)
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
                .bind(&charge.month)
                .bind(&charge.pool_id)
                .bind(&charge.country)
                .bind(charge.micro_usd)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                tx.commit().await.map_err(backend)?;
                Ok(SmsReservation::Reserved)
            }

            async fn refund_sms_spend(
                &self,
                charge: &cognate_core::model::SmsCharge,
            ) -> Result<(), StoreError> {
                let mut tx = self.writer.begin().await.map_err(backend)?;
                sqlx::query("UPDATE sms_month SET micro_usd = micro_usd - $2 WHERE month = $1")
                    .bind(&charge.month)
                    .bind(charge.micro_usd)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                sqlx::query(
                    "UPDATE sms_spend SET messages = messages - 1, micro_usd = micro_usd - $4 \
                     WHERE month = $1 AND pool_id = $2 AND country = $3",
                )
                .bind(&charge.month)
                .bind(&charge.pool_id)
                .bind(&charge.country)
                .bind(charge.micro_usd)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                tx.commit().await.map_err(backend)
            }

            async fn sms_spend(
                &self,
                month: &str,
            ) -> Result<Vec<cognate_core::model::SmsSpend>, StoreError> {
                let rows = sqlx::query(
                    "SELECT pool_id, country, messages, micro_usd FROM sms_spend \
                     WHERE month = $1 AND messages > 0 ORDER BY pool_id, country",
                )
                .bind(month)
                .fetch_all(&self.reader)
                .await
                .map_err(backend)?;
                Ok(rows
                    .iter()
                    .map(|r| cognate_core::model::SmsSpend {
                        pool_id: r.get("pool_id"),
                        country: r.get("country"),
                        messages: r.get("messages"),
                        micro_usd: r.get("micro_usd"),
                    })
                    .collect())
            }
        }
    };
}
