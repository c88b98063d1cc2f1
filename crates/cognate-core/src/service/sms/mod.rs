//! SMS, in three parts that do not overlap:
//!
//! * `send`: the one way Cognate sends an SMS, within the account's guardrails (opt-outs, the
//!   sandbox, hourly caps, the monthly spend limit), and the month's spend report;
//! * `account`: the account's SMS settings as Amazon SNS exposes them (attributes, sandbox
//!   numbers and their one-time passwords, opt-outs, Publish) and the operator's commands;
//! * `prices`: what one message costs, by destination country.

mod account;
mod prices;
mod send;

pub use prices::SmsPrices;
