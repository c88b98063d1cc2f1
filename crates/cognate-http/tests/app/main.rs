//! In-process tests of Cognito's time-dependent rules — code, session, token and temporary
//! password lifetimes, sign-in lockout, per-user rate limits, abuse limits, remembered-device
//! proofs, SMS guardrails, the audit log's auth events — driven through the HTTP router with a
//! manual clock, so that "24 hours later" takes no time. The Python end-to-end suite
//! (tests/clients) covers the same operations against the real binary but cannot wait.
//!
//! The `fuzz_*` modules are property tests of what faces the network (bodies, signatures,
//! SRP values, tokens, sessions): whatever a request holds, the answer is Cognito's.

// Test code: a missing member or a failed setup step should stop the test with its message.
// (clippy.toml allows these inside #[test] functions only, not in the shared helpers.)
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod fuzz_support;
mod helpers;

mod abuse_limits;
mod auth_events;
mod codes_expire;
mod devices;
mod fuzz_requests;
mod fuzz_sign_in;
mod fuzz_signatures;
mod fuzz_tokens;
mod hosted_grants_expire;
mod list_users_pages;
mod lockout;
mod metrics;
mod rate_limits;
mod request_ids;
mod sessions_expire;
mod signing_keys_rotate;
mod sms_guardrails;
mod temporary_passwords_expire;
mod tokens_expire;
mod transport_errors;
mod user_existence;
