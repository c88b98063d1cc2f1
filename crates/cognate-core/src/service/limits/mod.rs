//! Abuse limits: how many sign-in steps and code sendings one source address and one username
//! may make in a sliding window ([`Rule`]), and, when asked for, Cognito's request quotas by
//! operation category ([`QuotaCategory`]). Over a limit, a request is refused with
//! `TooManyRequestsException` before it has any other effect (an SMS MFA code, due only once
//! the password passed, is checked when it is due).
//!
//! Counts go through [`crate::store::RateCounterStore`], keyed by a keyed hash of the rule and
//! whom it counts (no address or name is stored in clear); nodes sharing a PostgreSQL
//! database share them. A username is counted as given, before any lookup, in the one form
//! every spelling of it shares (see `attempts`), so that where a client hides which users
//! exist a name nobody holds meets its limit exactly as a user's name does. The per-address
//! rules apply to the public API and the hosted pages only: the Admin API's requests are
//! signed with the deployment's keys and come from its own back ends, often all from one
//! address. What an address is (the peer's, or a trusted proxy's client) is the front door's
//! business.

mod enforce;
mod quotas;
mod rules;
mod window;

pub use quotas::QuotaCategory;
pub(crate) use rules::Limited;
pub use rules::{Rate, RateLimits, Rule};
