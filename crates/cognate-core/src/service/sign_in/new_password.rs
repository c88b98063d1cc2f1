//! NEW_PASSWORD_REQUIRED: a user created by an administrator replaces the temporary password,
//! and gives any required attribute still missing.

use std::collections::BTreeMap;

use super::{
    attempt::Attempt,
    door::{Next, Prompt},
    session::{self, Step},
    state::Awaiting,
};
use crate::{
    error::{CoreError, CoreResult},
    model::{SignIn, User, UserStatus},
    service::{attributes, password},
};

/// Asks for the new password, showing the attributes the client may read and naming the
/// required ones missing.
pub(super) async fn ask(at: &Attempt<'_>, user: &User, sign_in: &SignIn) -> CoreResult<Next> {
    let user_attributes: BTreeMap<String, String> = user
        .attributes
        .iter()
        .filter(|(k, _)| at.client.can_read(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let required_attributes: Vec<String> = at
        .pool
        .schema
        .iter()
        .filter(|a| a.required == Some(true))
        .filter_map(|a| a.name.as_deref())
        .filter(|n| *n != "sub" && !user.attributes.contains_key(*n))
        .map(|n| format!("userAttributes.{n}"))
        .collect();
    let token = session::open(at, user, sign_in, Awaiting::NewPassword, None).await?;
    Ok(Next::Challenge {
        session: Some(token),
        prompt: Prompt::NewPassword {
            user_id_for_srp: user.username.clone(),
            required_attributes,
            user_attributes,
        },
    })
}

/// Sets the new password and attributes; the user as stored after.
pub(super) async fn answer(
    at: &Attempt<'_>,
    user: &User,
    step: &Step,
    new_password: &str,
    given: &[(String, String)],
) -> CoreResult<User> {
    password::check_policy(&at.pool.password_policy(), new_password)?;
    let mut updates = Vec::new();
    for (name, value) in given {
        if !at.client.can_write(name) {
            return Err(CoreError::NotAuthorized(format!(
                "A client attempted to write unauthorized attribute {name}"
            )));
        }
        if user.attributes.contains_key(name) && !attributes::is_mutable(&at.pool, name) {
            return Err(CoreError::InvalidParameter(format!(
                "Cannot modify the non-mutable attribute {name}"
            )));
        }
        attributes::validate(&at.pool, name, value)?;
        updates.push((name.clone(), value.clone()));
    }
    // Everything that can refuse the answer is checked before the session is taken, and the
    // session is taken before anything is written: of two racing answers, exactly one changes
    // the password.
    let mut merged = user.attributes.clone();
    merged.extend(updates.iter().cloned());
    attributes::check_required(&at.pool, &merged)?;
    session::take(at, &step.id).await?;
    let record =
        at.c.password_record(&at.pool, &user.username, new_password, None)
            .await?;
    let (user, ()) =
        at.c.modify_user(&at.pool, user, |u| {
            for (name, value) in &updates {
                u.attributes.insert(name.clone(), value.clone());
            }
            attributes::check_required(&at.pool, &u.attributes)?;
            u.password = Some(record.clone());
            u.status = UserStatus::Confirmed;
            Ok(())
        })
        .await?;
    Ok(user)
}
