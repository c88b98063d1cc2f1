//! The free functions the store macros call.

/// Defines, in the backend crate, the free functions the store macros call: `backend` (a
/// database failure as `StoreError::Backend`), `conflict` (a taken unique key as
/// `StoreError::Conflict`), `encode` and `decode` (records as JSON documents), `user_from_doc`,
/// `token_subject` (the answer of the access-token query each backend makes) and `page` (one
/// page of a listing).
#[macro_export]
macro_rules! helpers {
    () => {
        /// A database failure as `StoreError::Backend`.
        fn backend(e: sqlx::Error) -> StoreError {
            StoreError::Backend(anyhow::Error::new(e))
        }

        /// Maps a unique-key violation to `Conflict(key)`, any other failure to `backend`.
        fn conflict(key: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
            move |e| {
                if matches!(&e, sqlx::Error::Database(d) if d.is_unique_violation()) {
                    StoreError::Conflict(key.to_owned())
                } else {
                    backend(e)
                }
            }
        }

        /// A record as its stored JSON document.
        fn encode<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
            serde_json::to_string(value).map_err(|e| StoreError::Backend(e.into()))
        }

        /// A record from its stored JSON document.
        fn decode<T: serde::de::DeserializeOwned>(doc: &str) -> Result<T, StoreError> {
            serde_json::from_str(doc).map_err(|e| {
                StoreError::Backend(anyhow::Error::new(e).context("decoding stored document"))
            })
        }

        /// A user from its stored document and `version` column.
        fn user_from_doc(
            doc: &str,
            version: i64,
        ) -> Result<cognate_core::model::User, StoreError> {
            let mut user: cognate_core::model::User = decode(doc)?;
            user.version = version;
            Ok(user)
        }

        /// What an access-token check needs, from the columns of the one query both backends
        /// make for it: how many pools have the id, the user's document and version, the app
        /// client's document, and whether any refresh token of the sign-in is revoked.
        fn token_subject(
            pools: i64,
            user: Option<(String, i64)>,
            client_doc: Option<String>,
            revoked: Option<bool>,
        ) -> Result<cognate_core::store::TokenSubject, StoreError> {
            Ok(cognate_core::store::TokenSubject {
                pool_exists: pools > 0,
                user: user
                    .map(|(doc, version)| user_from_doc(&doc, version))
                    .transpose()?,
                client: client_doc.map(|d| decode(&d)).transpose()?,
                revoked,
            })
        }

        /// The first `limit` of `items` (fetched one over the limit), with the cursor of the
        /// next page when there are more.
        fn page<T>(
            mut items: Vec<T>,
            limit: usize,
            cursor: impl Fn(&T) -> String,
        ) -> cognate_core::store::Page<T> {
            let next = if items.len() > limit {
                items.truncate(limit);
                items.last().map(cursor)
            } else {
                None
            };
            cognate_core::store::Page { items, next }
        }
    };
}
