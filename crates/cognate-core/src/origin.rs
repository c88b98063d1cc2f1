//! Where the current request came from, as the transport saw it. The HTTP layer runs each
//! operation inside [`with_source_ip`]; operations that record it (a device's `last_ip_used`)
//! read [`source_ip`].

use std::future::Future;

tokio::task_local! {
    static SOURCE_IP: Option<String>;
}

/// Runs `operation` with `ip` as the request's source address.
pub async fn with_source_ip<F: Future>(ip: Option<String>, operation: F) -> F::Output {
    SOURCE_IP.scope(ip, operation).await
}

/// The current request's source address, when the transport gave one.
pub fn source_ip() -> Option<String> {
    SOURCE_IP.try_with(Clone::clone).ok().flatten()
}
