//! The records Cognate keeps: pools, app clients, users and their devices, sessions and refresh tokens.
//! Stores persist them as documents; the rules that govern them live in `service`.

mod client;
mod device;
mod pool;
mod session;
mod token;
mod user;

pub use client::*;
pub use device::*;
pub use pool::*;
pub use session::*;
pub use token::*;
pub use user::*;
