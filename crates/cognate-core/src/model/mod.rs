//! The records Cognate keeps: pools and their signing keys, the audit log, app clients, users and their devices, the counters of sign-in failures and rate-limited calls, groups, identity providers, sessions, refresh tokens, user import jobs and the account's SMS settings.
//! Stores persist them as documents; the rules that govern them live in `service`.

mod attempts;
mod audit;
mod challenge;
mod client;
mod device;
mod group;
mod identity_provider;
mod ids;
mod oauth;
mod pool;
mod session;
mod signing_key;
mod sms;
mod token;
mod user;
mod user_import;

pub use attempts::*;
pub use audit::*;
pub use challenge::*;
pub use client::*;
pub use device::*;
pub use group::*;
pub use identity_provider::*;
pub use ids::*;
pub use oauth::*;
pub use pool::*;
pub use session::*;
pub use signing_key::*;
pub use sms::*;
pub use token::*;
pub use user::*;
pub use user_import::*;
