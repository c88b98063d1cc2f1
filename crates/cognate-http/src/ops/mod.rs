//! The handlers of the JSON API: one function per Cognito operation, grouped as the service
//! modules are. Each turns its wire request into core's typed input (checking that required
//! members are present) and calls core with the request's context.

pub mod auth_events;
pub mod clients;
pub mod devices;
pub mod domains;
pub mod groups;
pub mod identity_providers;
pub mod mfa;
pub mod passwords;
pub mod pools;
pub mod profile;
pub mod resource_servers;
pub mod sign_in;
pub mod sign_up;
pub mod tags;
pub mod tokens;
pub mod ui_customization;
pub mod user_import;
pub mod users;
mod wire;
