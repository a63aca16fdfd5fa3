//! Accepting connections with limits, so that no client can hold the server's resources.
//!
//! Each connection is served by hyper with a bounded request head ([`MAX_HEAD`]: a
//! longer one gets 431) that must arrive within [`HEAD_TIMEOUT`] (a client trickling
//! its head byte by byte, "slowloris", is cut off), and is closed once no byte has
//! moved either way for [`IDLE_TIMEOUT`]: an idle keep-alive connection, or a client
//! that stopped reading its response. The live-reload stream sends a comment every
//! 15 s, so a browser listening to it is never idle.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// The largest request head (request line and headers) read.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send a request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection may move no byte before it is closed.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long open connections get to finish when the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Serves `router` on every connection `listener` accepts, until `stop` turns true.
pub async fn serve(listener: TcpListener, router: Router, stop: watch::Receiver<bool>) {
    let mut accepting = stop.clone();
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopping(&mut accepting) => return,
        };
        match stream {
            Ok((stream, _)) => drop(tokio::spawn(connection(stream, router.clone(), stop.clone()))),
            // Out of file descriptors, or a connection reset before it was accepted:
            // wait a little rather than spin, and go on.
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

async fn connection(stream: TcpStream, router: Router, mut stop: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let activity = Activity::new();
    let io = TokioIo::new(Watched { inner: stream, activity: activity.clone() });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEAD_TIMEOUT).max_buf_size(MAX_HEAD);
    let served = builder.serve_connection(io, TowerToHyperService::new(router));
    tokio::pin!(served);
    loop {
        tokio::select! {
            _ = served.as_mut() => return,
            _ = tokio::time::sleep(activity.remaining()) => {
                if activity.idle() >= IDLE_TIMEOUT {
                    return;
                }
            }
            _ = stopping(&mut stop) => {
                served.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(SHUTDOWN_GRACE, served.as_mut()).await;
                return;
            }
        }
    }
}

/// Resolves once the server is stopping.
async fn stopping(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns must not live across an await (it is not `Send`).
    let _ = stop.wait_for(|stop| *stop).await;
}

/// When a connection last moved a byte.
#[derive(Clone)]
struct Activity {
    start: Instant,
    last_ms: Arc<AtomicU64>,
}

impl Activity {
    fn new() -> Self {
        Activity { start: Instant::now(), last_ms: Arc::new(AtomicU64::new(0)) }
    }

    fn touch(&self) {
        let now = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(now, Ordering::Relaxed);
    }

    fn idle(&self) -> Duration {
        self.start.elapsed().saturating_sub(Duration::from_millis(self.last_ms.load(Ordering::Relaxed)))
    }

    /// How long until the connection would be idle too long (at least a moment, to not spin).
    fn remaining(&self) -> Duration {
        IDLE_TIMEOUT.saturating_sub(self.idle()).max(Duration::from_millis(100))
    }
}

/// A stream that records when bytes move through it.
struct Watched {
    inner: TcpStream,
    activity: Activity,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let result = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, data);
        if matches!(result, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        result
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
