//! Records for store tests: a pool and a user with the fewest settings a store needs.

use std::collections::BTreeMap;

use cognate_proto::UserPoolSettings;

use crate::model::{Lockout, MfaSettings, User, UserPool, UserStatus};

/// A pool with default settings, for store tests.
pub fn pool(id: &str) -> UserPool {
    UserPool {
        id: id.into(),
        name: format!("pool {id}"),
        created_ms: 1,
        modified_ms: 1,
        settings: UserPoolSettings::default(),
        alias_attributes: vec![],
        username_attributes: vec!["email".into()],
        username_configuration: None,
        schema: vec![],
        software_token_mfa_enabled: false,
        software_token_mfa_configured: false,
        email_mfa_configuration: None,
        web_authn_configuration: None,
    }
}

/// An unconfirmed user with an email, for store tests.
pub fn user(pool_id: &str, sub: &str) -> User {
    User {
        pool_id: pool_id.into(),
        sub: sub.into(),
        username: sub.into(),
        attributes: BTreeMap::from([("email".to_string(), format!("{sub}@example.com"))]),
        status: UserStatus::Unconfirmed,
        enabled: true,
        created_ms: 1,
        modified_ms: 1,
        password: None,
        codes: BTreeMap::new(),
        rate: BTreeMap::new(),
        mfa: MfaSettings::default(),
        software_token: None,
        pending_software_token: None,
        mfa_lockout: Lockout::default(),
        recovery_codes: Vec::new(),
        devices: Vec::new(),
        version: 0,
    }
}
