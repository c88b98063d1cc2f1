//! Groups and their members.

use async_trait::async_trait;
use cognate_core::{
    model::{Group, User},
    store::{GroupStore, Page, StoreError},
};
use sqlx::{ColumnIndex, Database, Decode, Encode, Executor, IntoArguments, Type};

use crate::{
    rows::{backend, conflict, encode, page, page_limit, user_from_row},
    Backend, SqlStore,
};

/// Groups as JSON documents keyed by pool and name; members as `group_members` rows (pool,
/// group, user `sub`). Listings join the other side, so a membership whose group or user is
/// gone never shows.
#[async_trait]
impl<B: Backend> GroupStore for SqlStore<B>
where
    for<'c> &'c mut <B::Db as Database>::Connection: Executor<'c, Database = B::Db>,
    for<'q> <B::Db as Database>::Arguments<'q>: IntoArguments<'q, B::Db>,
    for<'a> &'a str: Encode<'a, B::Db> + Decode<'a, B::Db> + Type<B::Db>,
    String: for<'q> Encode<'q, B::Db> + Type<B::Db>,
    i64: for<'q> Encode<'q, B::Db> + for<'r> Decode<'r, B::Db> + Type<B::Db>,
    &'static str: ColumnIndex<<B::Db as Database>::Row>,
{
    async fn insert_group(&self, group: &Group) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO user_groups (pool_id, name, doc) VALUES ($1, $2, $3)")
            .bind(group.pool_id.as_str())
            .bind(group.name.as_str())
            .bind(encode(group)?)
            .execute(&self.writer)
            .await
            .map_err(conflict(&group.name))?;
        Ok(())
    }

    async fn find_group(&self, pool_id: &str, name: &str) -> Result<Option<Group>, StoreError> {
        self.find_doc(
            "SELECT doc FROM user_groups WHERE pool_id = $1 AND name = $2",
            "user_groups",
            &[pool_id, name],
        )
        .await
    }

    async fn update_group(&self, group: &Group) -> Result<(), StoreError> {
        self.update_doc(
            "UPDATE user_groups SET doc = $3 WHERE pool_id = $1 AND name = $2",
            &[&group.pool_id, &group.name],
            encode(group)?,
        )
        .await
    }

    async fn delete_group(&self, pool_id: &str, name: &str) -> Result<bool, StoreError> {
        self.delete_with_dependents(
            &[
                "DELETE FROM group_members WHERE pool_id = $1 AND group_name = $2",
                "DELETE FROM user_groups WHERE pool_id = $1 AND name = $2",
            ],
            &[pool_id, name],
        )
        .await
    }

    async fn list_groups(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Group>, StoreError> {
        self.list_docs(
            "SELECT doc FROM user_groups WHERE pool_id = $1 AND name > $2 ORDER BY name LIMIT $3",
            "user_groups",
            &[pool_id],
            after,
            limit,
            |g: &Group| g.name.clone(),
        )
        .await
    }

    async fn add_group_member(
        &self,
        pool_id: &str,
        name: &str,
        sub: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO group_members (pool_id, group_name, sub) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(pool_id)
        .bind(name)
        .bind(sub)
        .execute(&self.writer)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn remove_group_member(
        &self,
        pool_id: &str,
        name: &str,
        sub: &str,
    ) -> Result<(), StoreError> {
        self.delete_row(
            "DELETE FROM group_members WHERE pool_id = $1 AND group_name = $2 AND sub = $3",
            &[pool_id, name, sub],
        )
        .await?;
        Ok(())
    }

    async fn list_user_groups(
        &self,
        pool_id: &str,
        sub: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<Group>, StoreError> {
        self.list_docs(
            "SELECT g.doc AS doc FROM group_members m \
             JOIN user_groups g ON g.pool_id = m.pool_id AND g.name = m.group_name \
             WHERE m.pool_id = $1 AND m.sub = $2 AND m.group_name > $3 \
             ORDER BY m.group_name LIMIT $4",
            "group_members",
            &[pool_id, sub],
            after,
            limit,
            |g: &Group| g.name.clone(),
        )
        .await
    }

    async fn list_group_members(
        &self,
        pool_id: &str,
        name: &str,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Page<User>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.doc AS doc, u.version AS version FROM group_members m \
             JOIN users u ON u.pool_id = m.pool_id AND u.sub = m.sub \
             WHERE m.pool_id = $1 AND m.group_name = $2 AND m.sub > $3 \
             ORDER BY m.sub LIMIT $4",
        )
        .bind(pool_id)
        .bind(name)
        .bind(after.unwrap_or(""))
        .bind(page_limit(limit))
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
