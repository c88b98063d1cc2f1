//! Cryptographic building blocks for Cognate: Cognito's SRP-6a variant, JWT signing and
//! verification, AWS SigV4 request verification, sealed secrets, redacted configured secrets,
//! codes and identifiers.
//!
//! Pure functions only: no I/O, no clocks (callers pass the time), no knowledge of storage or HTTP.

pub mod ct;
pub mod jwt;
pub mod random;
pub mod secret;
pub mod secret_hash;
pub mod secretbox;
pub mod sigv4;
pub mod srp;
pub mod totp;
