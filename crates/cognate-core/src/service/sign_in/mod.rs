//! The sign-in, as one machine that every front door drives: the JSON API (InitiateAuth,
//! RespondToAuthChallenge and their Admin forms) today, web forms tomorrow. A front door opens
//! an [`Attempt`] for an app client, turns its input into a [`FirstFactor`] or an [`Answer`],
//! and renders the [`Next`] it gets back its own way.
//!
//! `machine.rs` holds every transition, top to bottom. Each factor check is a file of its own
//! (`password`, `srp`, `device_srp`, `sms_code`, `mfa_code`, `new_password`, and `custom`,
//! which the pool's challenge functions lead); `mfa.rs` decides which
//! second factor a user gets, `finish.rs` turns a finished sign-in into tokens,
//! `session.rs` keeps what a challenge waits for (`state::Awaiting`) in the store, so that any
//! node answers the next step, and `observed.rs` tells the metrics how each step ended and
//! records it in the audit log.

mod attempt;
mod custom;
mod device_srp;
mod door;
mod finish;
mod machine;
mod mfa;
mod mfa_code;
pub(crate) mod mfa_setup;
mod new_password;
mod observed;
mod password;
mod session;
mod sms_code;
mod srp;
mod state;

pub use attempt::Attempt;
pub use door::{Answer, Delivery, FirstFactor, Next, Prompt, Reply, SignedIn, SrpClaim};
pub use machine::{respond, start};
