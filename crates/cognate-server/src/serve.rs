//! Serving HTTP/1.1, plain or over TLS: the accept loop and the life of each connection. It
//! bounds what slow or idle clients can hold: at most [`Limits::max_connections`] connections
//! open at once (past that, new clients wait in the listen backlog until one closes), a deadline
//! for the TLS handshake and for a request's headers, which also ends a kept-alive connection
//! left idle. On shutdown it stops accepting, lets open connections finish the request they are
//! on, and gives up on them after [`DRAIN`]. It knows nothing of the routes it serves.

use std::{
    future::{poll_fn, Future},
    io,
    net::SocketAddr,
    pin::pin,
    sync::Arc,
    time::Duration,
};

use axum::{extract::ConnectInfo, Router};
use hyper::{
    body::Incoming,
    server::conn::http1,
    service::{service_fn, Service as _},
    Request,
};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{
    io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt},
    net::{TcpListener, TcpStream},
    sync::{watch, OwnedSemaphorePermit, Semaphore},
};
use tokio_rustls::TlsAcceptor;

/// How long open connections may take to finish once shutdown has begun.
pub const DRAIN: Duration = Duration::from_secs(10);

/// How long a closing connection goes on reading what its client still sends (see [`linger`]).
const LINGER: Duration = Duration::from_secs(2);

/// What the server allows its clients.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once.
    pub max_connections: u32,
    /// Time a client has to send a request's headers, counted from the connection's start or
    /// the end of the previous response; and, over TLS, to finish the handshake.
    pub header_read_timeout: Duration,
}

/// Serves `app` on `listener` (over TLS when `tls` is given) until `shutdown` completes, then
/// waits for open connections to finish, at most [`DRAIN`].
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections as usize));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        // The permit comes before `accept`: at the cap, new clients wait in the kernel's backlog
        // rather than in a task of ours.
        let permit = tokio::select! {
            permit = Arc::clone(&permits).acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        match accepted {
            Ok((stream, peer)) => {
                let connection = Connection {
                    app: app.clone(),
                    header_read_timeout: limits.header_read_timeout,
                    stopping: stopping.clone(),
                    _permit: permit,
                };
                tokio::spawn(connection.start(stream, peer, tls.clone()));
            }
            Err(e) => pause_after(e).await,
        }
    }
    drop(listener);
    stop.send_replace(true);
    // Every permit back means every connection closed.
    let drained = permits.acquire_many(limits.max_connections);
    if tokio::time::timeout(DRAIN, drained).await.is_err() {
        tracing::warn!(
            open = limits.max_connections as usize - permits.available_permits(),
            "connections still open {}s after shutdown began; closing them",
            DRAIN.as_secs()
        );
    }
}

/// After a failed `accept`: a client that gave up before it was accepted is no reason to wait;
/// anything else (out of file descriptors) is, briefly, so that the loop does not spin.
async fn pause_after(e: io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "accepting a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// One accepted connection and what it holds until it closes.
struct Connection {
    app: Router,
    header_read_timeout: Duration,
    stopping: watch::Receiver<bool>,
    /// Its place among the open connections, given back on drop.
    _permit: OwnedSemaphorePermit,
}

impl Connection {
    /// Serves `stream`, after the TLS handshake when `tls` is given: a client that does not
    /// finish it within the header deadline, or fails it, is dropped.
    async fn start(self, stream: TcpStream, peer: SocketAddr, tls: Option<TlsAcceptor>) {
        // Small responses go out at once instead of waiting for the client's delayed ACK.
        let _ = stream.set_nodelay(true);
        let Some(tls) = tls else {
            return self.serve(stream, peer).await;
        };
        match tokio::time::timeout(self.header_read_timeout, tls.accept(stream)).await {
            Ok(Ok(stream)) => self.serve(stream, peer).await,
            Ok(Err(e)) => tracing::debug!(%peer, error = %e, "TLS handshake failed"),
            Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
        }
    }

    /// Serves requests until the client or the server ends the connection, then closes it.
    async fn serve<S>(mut self, stream: S, peer: SocketAddr)
    where
        S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let app = TowerToHyperService::new(self.app.clone());
        // What `into_make_service_with_connect_info` gives handlers: the peer's address.
        let service = service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            Box::pin(app.call(request))
        });
        let mut conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.header_read_timeout)
            .serve_connection(TokioIo::new(stream), service);
        // Without the shutdown hyper would do at the end: `linger` closes the socket itself.
        let served = tokio::select! {
            served = poll_fn(|cx| conn.poll_without_shutdown(cx)) => served,
            _ = self.stopping.changed() => {
                // Finishes the request in flight, if any, then ends.
                Pin::new(&mut conn).graceful_shutdown();
                poll_fn(|cx| conn.poll_without_shutdown(cx)).await
            }
        };
        if let Err(e) = served {
            tracing::debug!(%peer, error = %e, "connection ended");
        }
        linger(conn.into_parts().io.into_inner()).await;
    }
}

/// Closes a connection in the two steps RFC 9112 §9.6 describes: the write side first, then
/// what the client still sends is read and dropped for a moment. Closing at once with unread
/// bytes (the rest of an oversized body) would reset the connection, and a reset can destroy a
/// response the client has not read yet: the 413 that explains why.
async fn linger<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) {
    if stream.shutdown().await.is_err() {
        return;
    }
    let mut scrap = vec![0; 16 * 1024];
    let drain = async {
        // Until the client has closed its side, or the connection failed.
        while let Ok(1..) = stream.read(&mut scrap).await {}
    };
    let _ = tokio::time::timeout(LINGER, drain).await;
}
