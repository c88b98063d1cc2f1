//! What every handler shares.

use std::sync::Arc;

use cognate_core::{delivery::Outbox, Cognate};

use crate::{admin_auth::AdminAuth, client_ip::TrustedProxies};

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    /// The service.
    pub cognate: Arc<Cognate>,
    /// How IAM-authorized (Admin and management) operations are authenticated.
    pub admin_auth: Arc<AdminAuth>,
    /// The proxies whose `X-Forwarded-For` names the client (none by default).
    pub trusted_proxies: Arc<TrustedProxies>,
    /// The last messages of the senders that only log (the development default), which the
    /// console's dev inbox shows; none when no sender only logs.
    pub outbox: Option<Arc<Outbox>>,
}
