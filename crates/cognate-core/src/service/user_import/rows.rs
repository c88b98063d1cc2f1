//! From a file's rows to users. The header names the columns: only GetCSVHeader's, each once,
//! `cognito:username` and `cognito:mfa_enabled` among them, in any order. Each row becomes a
//! user in `RESET_REQUIRED` without a password, its attributes checked as AdminCreateUser
//! checks them, with a verified email or phone number to send a reset code to; or it fails
//! with its reason and the import goes on.

use cognate_proto::AttributeType;

use super::{csv_header, Cognate, MFA_COLUMN, USERNAME_COLUMN};
use crate::{
    error::{CoreError, CoreResult},
    model::{User, UserPool, UserStatus},
    service::{attributes, signup::new_user},
    store::StoreError,
};

/// The columns of a file, as its header names them.
pub(super) struct Columns {
    names: Vec<String>,
    username: usize,
    mfa: usize,
}

impl Columns {
    /// The header's columns, or why no row of the file can be read.
    pub(super) fn parse(pool: &UserPool, header: &[String]) -> Result<Columns, String> {
        let known = csv_header(pool);
        let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        for (i, name) in names.iter().enumerate() {
            if !known.contains(name) {
                return Err(format!("The CSV header has an unknown column: {name}"));
            }
            if names[..i].contains(name) {
                return Err(format!("The CSV header has the column {name} twice."));
            }
        }
        let find = |column: &str| names.iter().position(|n| n == column);
        let username = find(USERNAME_COLUMN)
            .ok_or_else(|| format!("The CSV header has no {USERNAME_COLUMN} column."))?;
        let mfa = find(MFA_COLUMN)
            .ok_or_else(|| format!("The CSV header has no {MFA_COLUMN} column."))?;
        Ok(Columns {
            names,
            username,
            mfa,
        })
    }
}

/// `true`/`false` in any case.
fn boolean(column: &str, value: &str) -> CoreResult<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(CoreError::InvalidParameter(format!(
            "{column} must be true or false."
        ))),
    }
}

/// The user a row describes, checked, not yet stored.
fn imported_user(
    pool: &UserPool,
    columns: &Columns,
    fields: &[String],
    now_ms: i64,
) -> CoreResult<User> {
    let mfa = boolean(MFA_COLUMN, &fields[columns.mfa])?;
    let attrs: Vec<AttributeType> = columns
        .names
        .iter()
        .zip(fields)
        .enumerate()
        .filter(|&(i, (_, value))| i != columns.username && i != columns.mfa && !value.is_empty())
        .map(|(_, (name, value))| AttributeType::new(name.as_str(), value.as_str()))
        .collect();
    let mut user = new_user(
        pool,
        &fields[columns.username],
        &attrs,
        UserStatus::ResetRequired,
        now_ms,
    )?;
    user.mfa.sms_enabled = mfa;
    for attr in ["email", "phone_number"] {
        if user.is_verified(attr) && user.attr(attr).is_none() {
            return Err(CoreError::InvalidParameter(format!(
                "{attr}_verified is true but {attr} is empty."
            )));
        }
    }
    if mfa && user.attr("phone_number").is_none() {
        return Err(CoreError::InvalidParameter(format!(
            "{MFA_COLUMN} is true but phone_number is empty."
        )));
    }
    // The reset code that gives the user a password goes to a verified contact the pool
    // verifies automatically; Cognito's guide asks for one of those on every row.
    let auto: Vec<&str> = ["email", "phone_number"]
        .into_iter()
        .filter(|a| pool.auto_verifies(a))
        .collect();
    if !auto.is_empty() && !auto.iter().any(|a| user.is_verified(a)) {
        let wanted: Vec<String> = auto.iter().map(|a| format!("{a}_verified")).collect();
        return Err(CoreError::InvalidParameter(format!(
            "{} must be true.",
            wanted.join(" or ")
        )));
    }
    Ok(user)
}

/// The user a row describes, checked and ready to store, or why the row fails.
pub(super) fn row_user(
    pool: &UserPool,
    columns: &Columns,
    fields: &[String],
    now_ms: i64,
) -> Result<User, String> {
    if fields.len() != columns.names.len() {
        return Err(format!(
            "The row has {} fields where the header has {} columns.",
            fields.len(),
            columns.names.len()
        ));
    }
    imported_user(pool, columns, fields, now_ms).map_err(|e| e.to_string())
}

impl Cognate {
    /// Stores checked users in one write. For each, in order, `Err(reason)` when its username
    /// or an alias is taken, by a user of the pool or an earlier row.
    pub(super) async fn insert_imported_users(
        &self,
        pool: &UserPool,
        users: Vec<User>,
    ) -> CoreResult<Vec<Result<(), String>>> {
        let batch: Vec<(User, Vec<String>)> = users
            .into_iter()
            .map(|user| {
                let keys = attributes::sign_in_keys(pool, &user);
                (user, keys)
            })
            .collect();
        self.store
            .insert_users(&batch)
            .await?
            .into_iter()
            .map(|outcome| match outcome {
                Ok(()) => Ok(Ok(())),
                Err(StoreError::Conflict(key)) => {
                    Ok(Err(attributes::key_conflict(&key).to_string()))
                }
                Err(e) => Err(e.into()),
            })
            .collect()
    }
}
