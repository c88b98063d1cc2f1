//! Sealing every secret at rest again, for a master-key rotation: one transaction over the
//! tables whose records hold sealed secrets.

use async_trait::async_trait;
use cognate_core::{
    model::{AppClient, IdentityProvider, User},
    store::{Reseal, ResealCounts, ResealStore, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode, user_from_row},
    signing_keys::key_from_row,
    Backend, SqlStore,
};

/// Users read per query, so that a large pool is not held in memory at once.
const USER_BATCH: i64 = 500;

/// Signing keys, app clients, users (in batches, by pool and `sub`) and identity providers are
/// read, passed through the resealer and written back on the writer inside one transaction;
/// the settings are recorded in it last. On SQLite the transaction holds the only writer
/// connection throughout; on PostgreSQL it holds the rows it rewrote until it commits.
#[async_trait]
impl<B: Backend> ResealStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn reseal_all(
        &self,
        reseal: &dyn Reseal,
        settings: &[(&str, &str)],
    ) -> Result<ResealCounts, StoreError> {
        let mut counts = ResealCounts::default();
        let mut tx = self.writer.begin().await.map_err(backend)?;

        let keys = {
            let rows = sqlx::query(
                "SELECT pool_id, generation, token_use, created_ms, sealed FROM pool_signing_keys \
                 ORDER BY pool_id, generation, token_use",
            )
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
            rows.iter()
                .map(key_from_row)
                .collect::<Result<Vec<_>, _>>()?
        };
        for mut key in keys {
            reseal.signing_key(&mut key).map_err(StoreError::Backend)?;
            sqlx::query(
                "UPDATE pool_signing_keys SET sealed = $4 \
                 WHERE pool_id = $1 AND generation = $2 AND token_use = $3",
            )
            .bind(key.pool_id.as_str())
            .bind(key.generation)
            .bind(key.token_use.as_str())
            .bind(key.sealed.as_str())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
            counts.signing_keys += 1;
        }

        let clients = {
            let rows = sqlx::query("SELECT doc FROM app_clients ORDER BY client_id")
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            rows.iter()
                .map(|r| decode(column(r, "app_clients", "doc")?))
                .collect::<Result<Vec<AppClient>, _>>()?
        };
        for mut client in clients {
            if reseal.client(&mut client).map_err(StoreError::Backend)? {
                sqlx::query("UPDATE app_clients SET doc = $2 WHERE client_id = $1")
                    .bind(client.client_id.as_str())
                    .bind(encode(&client)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                counts.clients += 1;
            }
        }

        let (mut after_pool, mut after_sub) = (String::new(), String::new());
        loop {
            let users = {
                let rows = sqlx::query(
                    "SELECT doc, version FROM users \
                     WHERE pool_id > $1 OR (pool_id = $1 AND sub > $2) \
                     ORDER BY pool_id, sub LIMIT $3",
                )
                .bind(after_pool.as_str())
                .bind(after_sub.as_str())
                .bind(USER_BATCH)
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
                rows.iter()
                    .map(user_from_row)
                    .collect::<Result<Vec<User>, _>>()?
            };
            let Some(last) = users.last() else {
                break;
            };
            after_pool.clone_from(&last.pool_id);
            after_sub.clone_from(&last.sub);
            let is_last_batch = i64::try_from(users.len()).is_ok_and(|n| n < USER_BATCH);
            for mut user in users {
                if reseal.user(&mut user).map_err(StoreError::Backend)? {
                    sqlx::query(
                        "UPDATE users SET doc = $3, version = version + 1 \
                         WHERE pool_id = $1 AND sub = $2",
                    )
                    .bind(user.pool_id.as_str())
                    .bind(user.sub.as_str())
                    .bind(encode(&user)?)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend)?;
                    counts.users += 1;
                }
            }
            if is_last_batch {
                break;
            }
        }

        let providers = {
            let rows = sqlx::query("SELECT doc FROM identity_providers ORDER BY pool_id, name")
                .fetch_all(&mut *tx)
                .await
                .map_err(backend)?;
            rows.iter()
                .map(|r| decode(column(r, "identity_providers", "doc")?))
                .collect::<Result<Vec<IdentityProvider>, _>>()?
        };
        for mut provider in providers {
            if reseal
                .identity_provider(&mut provider)
                .map_err(StoreError::Backend)?
            {
                sqlx::query(
                    "UPDATE identity_providers SET doc = $3 WHERE pool_id = $1 AND name = $2",
                )
                .bind(provider.pool_id.as_str())
                .bind(provider.name.as_str())
                .bind(encode(&provider)?)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
                counts.identity_providers += 1;
            }
        }

        for (name, value) in settings {
            sqlx::query(
                "INSERT INTO deployment_settings (name, value) VALUES ($1, $2) \
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            )
            .bind(*name)
            .bind(*value)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(counts)
    }
}
