//! Amazon Cognito user-pools wire types (`AWSCognitoIdentityProviderService`, JSON 1.1).
//!
//! One `<Operation>Request` / `<Operation>Response` pair per operation, named exactly as in the
//! AWS API reference, with PascalCase members. This crate knows nothing of HTTP, storage or the
//! rules behind the operations: it only describes what travels on the wire.
//! Reference: <https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/>.

pub mod auth;
pub mod auth_events;
pub mod clients;
pub mod devices;
pub mod domains;
pub mod error;
pub mod groups;
pub mod identity_providers;
pub mod mfa;
pub mod pools;
pub mod resource_servers;
pub mod tags;
pub mod types;
pub mod ui_customization;
pub mod user_import;
pub mod users;

pub use auth::*;
pub use auth_events::*;
pub use clients::*;
pub use devices::*;
pub use domains::*;
pub use error::CognitoError;
pub use groups::*;
pub use identity_providers::*;
pub use mfa::*;
pub use pools::*;
pub use resource_servers::*;
pub use tags::*;
pub use types::*;
pub use ui_customization::*;
pub use user_import::*;
pub use users::*;
