//! Carriers for codes: SMTP email (lettre), SMS by HTTP webhook, a console logger for local
//! development, and an in-memory capture for tests. Each implements the core's sender traits.

mod capture;
mod log;
mod smtp;
mod webhook;

pub use capture::CaptureSender;
pub use log::LogSender;
pub use smtp::SmtpSender;
pub use webhook::WebhookSmsSender;
