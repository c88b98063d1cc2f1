//! Refresh tokens.

use async_trait::async_trait;
use cognate_core::{
    model::RefreshTokenRecord,
    store::{StoreError, TokenStore, TokenSubject},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, column, decode, encode},
    Backend, SqlStore,
};

/// Refresh tokens as JSON documents keyed by hash, with their sign-in (`origin_jti`) and
/// revocation flag in columns so that a sign-in or a user is revoked in one UPDATE. The
/// access-token check is the backend's hot read.
#[async_trait]
impl<B: Backend> TokenStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    bool: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
    usize: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn find_token_subject(
        &self,
        pool_id: &str,
        sub: &str,
        client_id: &str,
        origin_jti: &str,
    ) -> Result<TokenSubject, StoreError> {
        self.hot
            .find_token_subject(pool_id, sub, client_id, origin_jti)
            .await
    }

    async fn insert_refresh_token(&self, token: &RefreshTokenRecord) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO refresh_tokens (hash, pool_id, sub, origin_jti, revoked, doc) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token.hash.as_str())
        .bind(token.pool_id.as_str())
        .bind(token.sub.as_str())
        .bind(token.origin_jti.as_str())
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
            let mut token: RefreshTokenRecord = decode(column(&r, "refresh_tokens", "doc")?)?;
            token.revoked = column(&r, "refresh_tokens", "revoked")?;
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
        sqlx::query_scalar(B::IS_ORIGIN_REVOKED)
            .bind(origin_jti)
            .fetch_one(&self.reader)
            .await
            .map_err(backend)
    }
}
