//! [`cognate_core::store::Store`] on PostgreSQL. Every node of a cluster points at the same
//! database; all shared state (sessions, tokens, counters) lives here.

mod migrate;

use anyhow::Context;
use async_trait::async_trait;
use cognate_core::{
    model::{AppClient, RefreshTokenRecord, User, UserPool},
    store::{ClientStore, Page, PoolStore, StoreError, TokenStore, TokenSubject, UserStore},
};
use serde::{de::DeserializeOwned, Serialize};
use sqlx::{postgres::PgPoolOptions, PgPool, Row};

/// The PostgreSQL store.
#[derive(Clone)]
pub struct PgStore {
    writer: PgPool,
    reader: PgPool,
}

impl PgStore {
    /// Connects to `url` and runs migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await
            .context("connecting to PostgreSQL")?;
        migrate::run(&pool).await?;
        Ok(Self {
            writer: pool.clone(),
            reader: pool,
        })
    }
}

fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(anyhow::Error::new(e))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

fn encode<T: Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.into()))
}

fn decode<T: DeserializeOwned>(doc: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("decoding stored document")))
}

fn page<T>(mut items: Vec<T>, limit: usize, cursor: impl Fn(&T) -> String) -> Page<T> {
    let next = if items.len() > limit {
        items.truncate(limit);
        items.last().map(cursor)
    } else {
        None
    };
    Page { items, next }
}

fn user_from_row(row: &sqlx::postgres::PgRow) -> Result<User, StoreError> {
    let mut user: User = decode(&row.try_get::<String, _>("doc").map_err(backend)?)?;
    user.version = row.try_get("version").map_err(backend)?;
    Ok(user)
}

#[async_trait]
impl PoolStore for PgStore {
    async fn insert_pool(&self, pool: &UserPool) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO user_pools (id, doc) VALUES ($1, $2)")
            .bind(&pool.id)
            .bind(encode(pool)?)
            .execute(&self.writer)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(pool.id.clone())
                } else {
                    backend(e)
                }
            })?;
        Ok(())
    }

    async fn find_pool(&self, id: &str) -> Result<Option<UserPool>, StoreError> {
        let row = sqlx::query("SELECT doc FROM user_pools WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| decode(&r.get::<String, _>("doc"))).transpose()
    }

    async fn update_pool(&self, pool: &UserPool) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE user_pools SET doc = $2 WHERE id = $1")
            .bind(&pool.id)
            .bind(encode(pool)?)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_pool(&self, id: &str) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        for sql in [
            "DELETE FROM refresh_tokens WHERE pool_id = $1",
            "DELETE FROM auth_sessions WHERE pool_id = $1",
            "DELETE FROM user_keys WHERE pool_id = $1",
            "DELETE FROM users WHERE pool_id = $1",
            "DELETE FROM app_clients WHERE pool_id = $1",
            "DELETE FROM user_pools WHERE id = $1",
        ] {
            sqlx::query(sql)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn list_pools(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<UserPool>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM user_pools WHERE id > $1 ORDER BY id LIMIT $2")
            .bind(after.unwrap_or(""))
            .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
            .fetch_all(&self.reader)
            .await
            .map_err(backend)?;
        let items = rows
            .iter()
            .map(|r| decode(&r.get::<String, _>("doc")))
            .collect::<Result<Vec<UserPool>, _>>()?;
        Ok(page(items, limit, |p| p.id.clone()))
    }

    async fn count_users(&self, pool_id: &str) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE pool_id = $1")
            .bind(pool_id)
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl ClientStore for PgStore {
    async fn insert_client(&self, client: &AppClient) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO app_clients (client_id, pool_id, doc) VALUES ($1, $2, $3)")
            .bind(&client.client_id)
            .bind(&client.pool_id)
            .bind(encode(client)?)
            .execute(&self.writer)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(client.client_id.clone())
                } else {
                    backend(e)
                }
            })?;
        Ok(())
    }

    async fn find_client(&self, client_id: &str) -> Result<Option<AppClient>, StoreError> {
        let row = sqlx::query("SELECT doc FROM app_clients WHERE client_id = $1")
            .bind(client_id)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| decode(&r.get::<String, _>("doc"))).transpose()
    }

    async fn update_client(&self, client: &AppClient) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE app_clients SET doc = $2 WHERE client_id = $1")
            .bind(&client.client_id)
            .bind(encode(client)?)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn delete_client(&self, pool_id: &str, client_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM app_clients WHERE pool_id = $1 AND client_id = $2")
            .bind(pool_id)
            .bind(client_id)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn list_clients(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<AppClient>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc FROM app_clients WHERE pool_id = $1 AND client_id > $2 ORDER BY client_id LIMIT $3",
        )
        .bind(pool_id)
        .bind(after.unwrap_or(""))
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(|r| decode(&r.get::<String, _>("doc")))
            .collect::<Result<Vec<AppClient>, _>>()?;
        Ok(page(items, limit, |c| c.client_id.clone()))
    }
}

/// Inserts `keys` for a user inside a transaction; a taken key becomes `Conflict(key)`.
async fn insert_keys(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    pool_id: &str,
    sub: &str,
    keys: &[String],
) -> Result<(), StoreError> {
    for key in keys {
        sqlx::query("INSERT INTO user_keys (pool_id, ukey, sub) VALUES ($1, $2, $3)")
            .bind(pool_id)
            .bind(key)
            .bind(sub)
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(key.clone())
                } else {
                    backend(e)
                }
            })?;
    }
    Ok(())
}

#[async_trait]
impl UserStore for PgStore {
    async fn insert_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        sqlx::query("INSERT INTO users (pool_id, sub, version, doc) VALUES ($1, $2, 1, $3)")
            .bind(&user.pool_id)
            .bind(&user.sub)
            .bind(encode(user)?)
            .execute(&mut *tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(user.sub.clone())
                } else {
                    backend(e)
                }
            })?;
        insert_keys(&mut tx, &user.pool_id, &user.sub, keys).await?;
        tx.commit().await.map_err(backend)
    }

    async fn find_user_by_key(&self, pool_id: &str, key: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT u.doc, u.version FROM user_keys k JOIN users u ON u.pool_id = k.pool_id AND u.sub = k.sub \
             WHERE k.pool_id = $1 AND k.ukey = $2",
        )
        .bind(pool_id)
        .bind(key)
        .fetch_optional(&self.reader)
        .await
        .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user(&self, pool_id: &str, sub: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT doc, version FROM users WHERE pool_id = $1 AND sub = $2")
            .bind(pool_id)
            .bind(sub)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn update_user(&self, user: &User, keys: &[String]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        let done = sqlx::query(
            "UPDATE users SET doc = $3, version = version + 1 WHERE pool_id = $1 AND sub = $2 AND version = $4",
        )
        .bind(&user.pool_id)
        .bind(&user.sub)
        .bind(encode(user)?)
        .bind(user.version)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::VersionMismatch);
        }
        sqlx::query("DELETE FROM user_keys WHERE pool_id = $1 AND sub = $2")
            .bind(&user.pool_id)
            .bind(&user.sub)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_keys(&mut tx, &user.pool_id, &user.sub, keys).await?;
        tx.commit().await.map_err(backend)
    }

    async fn delete_user(&self, pool_id: &str, sub: &str) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await.map_err(backend)?;
        for sql in [
            "DELETE FROM refresh_tokens WHERE pool_id = $1 AND sub = $2",
            "DELETE FROM user_keys WHERE pool_id = $1 AND sub = $2",
            "DELETE FROM users WHERE pool_id = $1 AND sub = $2",
        ] {
            sqlx::query(sql)
                .bind(pool_id)
                .bind(sub)
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn list_users(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<User>, StoreError> {
        let rows = sqlx::query(
            "SELECT doc, version FROM users WHERE pool_id = $1 AND sub > $2 ORDER BY sub LIMIT $3",
        )
        .bind(pool_id)
        .bind(after.unwrap_or(""))
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(&self.reader)
        .await
        .map_err(backend)?;
        let items = rows
            .iter()
            .map(user_from_row)
            .collect::<Result<Vec<User>, _>>()?;
        Ok(page(items, limit, |u| u.sub.clone()))
    }
}

#[async_trait]
impl TokenStore for PgStore {
    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM user_pools WHERE id = $1) AS pools, \
                    u.doc AS user_doc, u.version AS user_version, \
                    (SELECT doc FROM app_clients WHERE client_id = $3) AS client_doc, \
                    (SELECT bool_or(revoked) FROM refresh_tokens WHERE origin_jti = $4) AS revoked \
             FROM (SELECT 1) AS one LEFT JOIN users u ON u.pool_id = $1 AND u.sub = $2",
        )
        .bind(pool_id)
        .bind(sub)
        .bind(client_id)
        .bind(origin_jti)
        .fetch_one(&self.reader)
        .await
        .map_err(backend)?;
        let doc = |name: &str| row.try_get::<Option<String>, _>(name).map_err(backend);
        let user = match doc("user_doc")? {
            Some(d) => {
                let mut user: User = decode(&d)?;
                user.version = row.try_get("user_version").map_err(backend)?;
                Some(user)
            }
            None => None,
        };
        Ok(TokenSubject {
            pool_exists: row.try_get::<i64, _>("pools").map_err(backend)? > 0,
            user,
            client: doc("client_doc")?.map(|d| decode(&d)).transpose()?,
            revoked: row.try_get("revoked").map_err(backend)?,
        })
    }

    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO refresh_tokens (hash, pool_id, sub, origin_jti, revoked, doc) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&token.hash)
        .bind(&token.pool_id)
        .bind(&token.sub)
        .bind(&token.origin_jti)
        .bind(token.revoked)
        .bind(encode(token)?)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn find_refresh_token(
        &self,
        hash: &str,
    ) -> Result<Option<RefreshTokenRecord>, StoreError> {
        let row = sqlx::query("SELECT doc, revoked FROM refresh_tokens WHERE hash = $1")
            .bind(hash)
            .fetch_optional(&self.reader)
            .await
            .map_err(backend)?;
        row.map(|r| {
            let mut token: RefreshTokenRecord = decode(&r.get::<String, _>("doc"))?;
            token.revoked = r.try_get("revoked").map_err(backend)?;
            Ok(token)
        })
        .transpose()
    }

    async fn revoke_origin(&self, origin_jti: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE refresh_tokens SET revoked = TRUE WHERE origin_jti = $1")
            .bind(origin_jti)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn revoke_user_tokens(&self, pool_id: &str, sub: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE refresh_tokens SET revoked = TRUE WHERE pool_id = $1 AND sub = $2")
            .bind(pool_id)
            .bind(sub)
            .execute(&self.writer)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn is_origin_revoked(&self, origin_jti: &str) -> Result<Option<bool>, StoreError> {
        sqlx::query_scalar("SELECT bool_or(revoked) FROM refresh_tokens WHERE origin_jti = $1")
            .bind(origin_jti)
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs against `COGNATE_TEST_PG_URL` (default: the local server) in a fresh database.
    #[tokio::test]
    async fn postgres_store_passes_the_conformance_suite() {
        let base = std::env::var("COGNATE_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("cognate_conf_{}", uuid::Uuid::new_v4().simple());
        let admin = PgPool::connect(&base).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&admin)
            .await
            .unwrap();
        let url = format!("{}/{name}", base.rsplit_once('/').unwrap().0);
        let store = PgStore::connect(&url).await.unwrap();
        cognate_core::conformance::run_all(&store).await;
        store.writer.close().await;
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .execute(&admin)
            .await
            .unwrap();
    }
}

cognate_store_sql::session_store!(PgStore);
cognate_store_sql::sms_store!(PgStore);
