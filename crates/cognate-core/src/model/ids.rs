//! The names a request uses for what it acts on. The front door checks that each required one
//! is present; core receives them typed, so a pool id cannot be passed where a username goes.

use std::fmt;

/// Declares a name type: a non-empty string with a fixed meaning.
macro_rules! name {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps a value the front door has checked.
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The name as the wire carries it.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name!(
    /// A user pool's id (`us-east-1_AbC123`).
    PoolId
);
name!(
    /// An app client's id.
    ClientId
);
name!(
    /// What a request calls a user: the username, a sign-in alias (email, phone) or the `sub`.
    Username
);
name!(
    /// A remembered device's key.
    DeviceKey
);

/// An access token as a request carries it; its `Debug` does not show it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token the front door received.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The token itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// Whose account an operation acts on: the access token's user (public form) or the user an
/// Admin call names.
#[derive(Debug, Clone)]
pub enum Subject {
    /// The user the access token was issued to.
    Token(AccessToken),
    /// A user of a pool, named by the Admin API.
    Named {
        /// The pool.
        pool: PoolId,
        /// The user, by username, alias or `sub`.
        username: Username,
    },
}

/// A user named through an app client, as the client-authorized operations (sign-up, password
/// recovery) name them: the client, the username and the client's `SECRET_HASH` if it has one.
#[derive(Debug, Clone)]
pub struct ClientUser {
    /// The app client.
    pub client: ClientId,
    /// The user, as the request names them.
    pub username: Username,
    /// `SECRET_HASH`, for clients with a secret.
    pub secret_hash: Option<String>,
    /// The request's `ClientMetadata`, for the pool's functions.
    pub client_metadata: Option<std::collections::BTreeMap<String, String>>,
}

/// Who is enrolling an authenticator app: the access token's user, or the user of an MFA_SETUP
/// step, named by its session. (No `Debug`: both are bearer secrets.)
#[derive(Clone)]
pub enum Enrollee {
    /// With an access token.
    Signed(AccessToken),
    /// With the session of an MFA_SETUP challenge.
    Setup(String),
}
