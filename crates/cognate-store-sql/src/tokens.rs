//! Refresh tokens.

/// `impl TokenStore for $store`: refresh tokens as JSON documents keyed by hash, with their
/// sign-in (`origin_jti`) and revocation flag in columns so that a sign-in or a user is revoked
/// in one UPDATE. The backend's own `find_token_subject` and `is_origin_revoked` (each
/// dialect has its own way to say "any revoked") come in braces.
#[macro_export]
macro_rules! token_store {
    ($store:ty, { $($own:tt)* }) => {
        #[async_trait::async_trait]
        impl cognate_core::store::TokenStore for $store {
            async fn insert_refresh_token(
                &self,
                token: &cognate_core::model::RefreshTokenRecord,
            ) -> Result<(), StoreError> {
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
            ) -> Result<Option<cognate_core::model::RefreshTokenRecord>, StoreError> {
                let row = sqlx::query("SELECT doc, revoked FROM refresh_tokens WHERE hash = $1")
                    .bind(hash)
                    .fetch_optional(&self.reader)
                    .await
                    .map_err(backend)?;
                row.map(|r| {
                    let mut token: cognate_core::model::RefreshTokenRecord =
                        decode(&r.get::<String, _>("doc"))?;
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

            $($own)*
        }
    };
}
