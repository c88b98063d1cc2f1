//! Cognate's domain: user pools, app clients, users, sign-up, sign-in, tokens and codes.
//!
//! The outside world is reached only through traits: [`store::Store`] for persistence,
//! [`delivery::EmailSender`] / [`delivery::SmsSender`] for messages,
//! [`functions::FunctionInvoker`] for a pool's Lambda triggers and [`clock::Clock`] for time.
//! [`metrics::Metrics`] counts what the service does, for whoever serves the scrape.
//! No HTTP, SQL or SMTP lives here.

pub mod clock;
pub mod context;
pub mod delivery;
pub mod error;
pub mod functions;
pub mod metrics;
pub mod model;
pub mod service;
pub mod store;

#[cfg(feature = "conformance")]
pub mod conformance;

pub use error::{CoreError, CoreResult};
pub use service::Cognate;
