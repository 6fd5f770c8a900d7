//! The HTTP side of the server: hyper on a small tokio runtime, so a client that reads slowly, or
//! never, holds its own connection and nothing else. Each connection has its limits: a request
//! head of at most [`HEAD_LIMIT`] bytes (past it hyper answers 431 and keeps no more),
//! [`HEAD_TIMEOUT`] to send it, and [`WRITE_TIMEOUT`] for each write of the answer to make
//! progress. A request whose `Host` is not one of ours ([`Hosts`]) is refused before anything
//! else is looked at.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::header::{HeaderValue, ALLOW, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Semaphore;
use tokio::time::Sleep;

use super::body::Body;
use super::files;
use super::hosts::Hosts;
use super::live::{self, Live};
use crate::error::Error;

/// The most a request line and its headers may take: a browser's are a few hundred bytes, and a
/// 300 MB request line must cost no more than this.
const HEAD_LIMIT: usize = 16 * 1024;
/// How long a client has to send a request head, and how long an idle connection is kept.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one write of an answer may wait for a client that does not read, before the
/// connection is closed.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// How many connections are served at once; more wait to be accepted. Each costs a read
/// buffer and one chunk of a file at most, and a page keeps one open for its reload stream.
const MAX_CONNECTIONS: usize = 2048;

/// What answering a request needs.
pub(super) struct Site {
    pub live: Arc<Live>,
    pub hosts: Hosts,
}

/// Serves `listener` until the process ends.
pub(super) fn run(listener: std::net::TcpListener, site: Site) -> Result<(), Error> {
    let failed = |e: io::Error| Error::Failed(format!("cannot start the server: {e}"));
    listener.set_nonblocking(true).map_err(failed)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("dossier-http")
        .build()
        .map_err(failed)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(failed)?;
        accept(listener, Arc::new(site)).await;
        Ok(())
    })
}

/// Accepts connections and serves each on a task of its own.
async fn accept(listener: tokio::net::TcpListener, site: Arc<Site>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(HEAD_LIMIT)
        .max_header_size(HEAD_LIMIT)
        .title_case_headers(true);
    let mut warned = false;
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors, say: wait for connections to close.
                let aborted = matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                );
                if !aborted && !warned {
                    eprintln!("warning: cannot accept a connection: {e}");
                    warned = true;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(WriteTimeout::new(stream, WRITE_TIMEOUT));
        let site = Arc::clone(&site);
        let connection = http.serve_connection(
            io,
            service_fn(move |request| {
                let site = Arc::clone(&site);
                async move { Ok::<_, Infallible>(site.respond(&request).await) }
            }),
        );
        tokio::spawn(async move {
            // A client that went away, or broke the protocol, is no error of ours.
            let _ = connection.await;
            drop(slot);
        });
    }
}

impl Site {
    /// The answer to one request.
    async fn respond<B>(&self, request: &Request<B>) -> Response<Body> {
        if !self.names_us(request) {
            return files::plain(
                StatusCode::MISDIRECTED_REQUEST,
                "dossier serve answers only to localhost, its loopback addresses and the address \
                 it is bound to; start it with --allow-host NAME to answer to another name\n",
            );
        }
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            let mut response = files::plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "only GET and HEAD are served\n",
            );
            let allow = HeaderValue::from_static("GET, HEAD");
            response.headers_mut().insert(ALLOW, allow);
            return response;
        }
        match request.uri().path() {
            live::EVENTS_PATH => files::response(
                StatusCode::OK,
                "text/event-stream",
                Body::Events(self.live.listen()),
            ),
            live::SCRIPT_PATH => files::response(
                StatusCode::OK,
                "text/javascript; charset=utf-8",
                Body::text(live::RELOAD_JS),
            ),
            path => files::page(&self.live.site, path, self.live.failure().as_deref()).await,
        }
    }

    /// Whether the request is for one of our names: its one `Host` header, and the host in its
    /// target when the target is written in full (`GET http://host/ HTTP/1.1`).
    fn names_us<B>(&self, request: &Request<B>) -> bool {
        let mut hosts = request.headers().get_all(HOST).iter();
        let (Some(host), None) = (hosts.next(), hosts.next()) else {
            return false;
        };
        let in_target = request.uri().authority();
        host.to_str().is_ok_and(|host| self.hosts.allows(host))
            && in_target.is_none_or(|target| self.hosts.allows(target.as_str()))
    }
}

/// A connection whose writes fail once one of them has made no progress for `limit`: a client
/// that stops reading cannot keep its connection, and the file it asked for, forever.
struct WriteTimeout<S> {
    io: S,
    limit: Duration,
    /// Running while a write waits.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteTimeout<S> {
    fn new(io: S, limit: Duration) -> WriteTimeout<S> {
        WriteTimeout {
            io,
            limit,
            stalled: None,
        }
    }

    /// Passes on what a write returned, or fails it when it has waited too long.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write(cx, buf);
        self.watch(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.io).poll_flush(cx);
        self.watch(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Instant;

    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn a_write_nobody_reads_fails_after_the_limit() {
        runtime().block_on(async {
            let (near, _far) = tokio::io::duplex(1024);
            let mut near = WriteTimeout::new(near, Duration::from_millis(100));
            let started = Instant::now();
            let error = near.write_all(&[0; 1 << 20]).await.unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::TimedOut);
            assert!(started.elapsed() < Duration::from_secs(5));
        });
    }

    #[test]
    fn a_slow_reader_that_keeps_reading_is_served() {
        runtime().block_on(async {
            let (near, mut far) = tokio::io::duplex(1024);
            let mut near = WriteTimeout::new(near, Duration::from_millis(200));
            let reader = tokio::spawn(async move {
                let mut all = Vec::new();
                let mut buffer = [0; 512];
                loop {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    match far.read(&mut buffer).await.unwrap() {
                        0 => return all.len(),
                        n => all.extend_from_slice(&buffer[..n]),
                    }
                }
            });
            // Takes about 16 × 20 ms in all, longer than the limit, but never stalls that long.
            near.write_all(&[7; 8 * 1024]).await.unwrap();
            near.shutdown().await.unwrap();
            drop(near);
            assert_eq!(reader.await.unwrap(), 8 * 1024);
        });
    }

    fn site(bind: &str) -> Site {
        Site {
            live: Arc::new(Live::new(PathBuf::from("/nowhere"))),
            hosts: Hosts::new(bind, &[]),
        }
    }

    fn status(site: &Site, request: Request<()>) -> StatusCode {
        runtime().block_on(site.respond(&request)).status()
    }

    fn get(target: &str, host: &str) -> Request<()> {
        Request::get(target).header(HOST, host).body(()).unwrap()
    }

    #[test]
    fn requests_for_other_hosts_are_refused() {
        let site = site("127.0.0.1");
        let misdirected = StatusCode::MISDIRECTED_REQUEST;
        assert_eq!(status(&site, get("/", "evil.example")), misdirected);
        assert_eq!(status(&site, get("/", "evil.example:1111")), misdirected);
        assert_eq!(
            status(&site, get("http://evil.example/", "localhost")),
            misdirected
        );
        let no_host = Request::get("/").body(()).unwrap();
        assert_eq!(status(&site, no_host), misdirected);
        let two = Request::get("/")
            .header(HOST, "localhost")
            .header(HOST, "evil.example")
            .body(())
            .unwrap();
        assert_eq!(status(&site, two), misdirected);
        assert_eq!(
            status(&site, get(live::SCRIPT_PATH, "localhost:1111")),
            StatusCode::OK
        );
        assert_eq!(
            status(&site, get(live::SCRIPT_PATH, "127.0.0.1:1111")),
            StatusCode::OK
        );
    }

    #[test]
    fn only_reading_is_served() {
        let site = site("127.0.0.1");
        let post = Request::post("/")
            .header(HOST, "localhost")
            .body(())
            .unwrap();
        assert_eq!(status(&site, post), StatusCode::METHOD_NOT_ALLOWED);
    }
}
