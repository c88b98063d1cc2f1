//! The records Cognate keeps: pools, app clients, users and their devices, groups, sessions, refresh tokens and the account's SMS settings.
//! Stores persist them as documents; the rules that govern them live in `service`.

mod challenge;
mod client;
mod device;
mod group;
mod ids;
mod oauth;
mod pool;
mod session;
mod sms;
mod token;
mod user;

pub use challenge::*;
pub use client::*;
pub use device::*;
pub use group::*;
pub use ids::*;
pub use oauth::*;
pub use pool::*;
pub use session::*;
pub use sms::*;
pub use token::*;
pub use user::*;
