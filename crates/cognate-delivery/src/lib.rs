//! Carriers for codes: SMTP email (lettre), SMS by HTTP webhook or Amazon SNS, a console
//! logger for local development, and an in-memory capture for tests. Each implements the core's sender traits.

mod capture;
mod log;
mod smtp;
mod sns;
mod webhook;

pub use capture::CaptureSender;
pub use log::LogSender;
pub use smtp::SmtpSender;
pub use sns::SnsSmsSender;
pub use webhook::WebhookSmsSender;
