//! HTTP for the preview: a small HTTP/1.1 server on `std::net` that answers each request on
//! its own connection and keeps to fixed limits, so no client can make the preview grow
//! without bound.
//!
//! - The request head (request line and headers) may be at most [`HEAD_LIMIT`] bytes and 100
//!   headers; a larger one gets `431` after reading no more than the limit.
//! - The head must arrive within the read timeout (10 s): an idle or trickling connection gets
//!   `408` and is closed.
//! - At most [`MAX_CONNECTIONS`] connections are served at once, a thread each (live-reload
//!   polls block for up to 20 s, one per open page); a connection past that gets `503` at once
//!   and is closed. Every answer closes its connection, so a slot is held for one request only.
//!
//! Tests shorten the timeout and lower the bound with `SUPPORTMAP_SERVE_TIMEOUT_MS` and
//! `SUPPORTMAP_SERVE_CONNECTIONS` (not documented for users: the defaults suit a preview).
//!
//! Why not a server crate: `tiny_http` (used before) has no head limit, no read timeout and no
//! bound on its threads, and none can be set from outside; `hyper` brings an async runtime to a
//! server whose polls block on a condition variable. Parsing the head is `httparse`'s (the
//! parser `hyper` uses); what is left is reading with a deadline and writing one answer.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest request head read: generous for a browser with many localhost cookies.
const HEAD_LIMIT: usize = 64 * 1024;
/// Connections served at once.
const MAX_CONNECTIONS: usize = 64;
const MAX_HEADERS: usize = 100;
/// How long a request head may take to arrive, unless `SUPPORTMAP_SERVE_TIMEOUT_MS` says.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that does not read its answer in this time is dropped.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// After refusing a request whose rest is still arriving, how long to read and discard it so
/// the client sees the answer (closing with unread data would reset the connection first).
const LINGER: Duration = Duration::from_secs(1);

/// What the answering side needs from a request.
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) host: Option<String>,
}

/// One HTTP answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
        Reply {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".into()),
                ("X-Content-Type-Options", "nosniff".into()),
            ],
            body,
        }
    }

    pub(crate) fn text(status: u16, text: &str) -> Reply {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }
}

/// Serves `listener` until the process ends, answering every request with `answer`.
pub(crate) fn serve(listener: TcpListener, answer: Arc<dyn Fn(&Request) -> Reply + Send + Sync>) {
    let setting = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let read_timeout =
        setting("SUPPORTMAP_SERVE_TIMEOUT_MS").map_or(READ_TIMEOUT, Duration::from_millis);
    let max_connections = setting("SUPPORTMAP_SERVE_CONNECTIONS")
        .map_or(MAX_CONNECTIONS, |n| (n as usize).clamp(1, MAX_CONNECTIONS));
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else {
            // Out of file descriptors, say: let some connections finish before the next.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if active.fetch_add(1, Ordering::AcqRel) >= max_connections {
            active.fetch_sub(1, Ordering::AcqRel);
            // The answer is small enough for the socket's buffer: it never blocks this loop.
            let _ = stream.set_nonblocking(true);
            let busy = Reply::text(
                503,
                "The preview is busy with other connections: reload in a moment.\n",
            );
            let _ = write_reply(&mut stream, &busy, false);
            continue;
        }
        let slot = Slot(active.clone());
        let answer = answer.clone();
        let spawned = std::thread::Builder::new()
            .name("serve-connection".into())
            .spawn(move || {
                connection(&mut stream, read_timeout, answer.as_ref());
                // The slot is free before the client sees the connection close, so a client
                // that asks again at once finds it free.
                drop(slot);
                drop(stream);
            });
        if spawned.is_err() {
            // The slot went back when the closure (and the stream) were dropped.
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// A connection slot, given back when the connection ends however it ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn connection(
    stream: &mut TcpStream,
    read_timeout: Duration,
    answer: &(dyn Fn(&Request) -> Reply + Send + Sync),
) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let (reply, head_only, unread) = match read_head(stream, read_timeout) {
        Ok((request, unread)) => {
            let head_only = request.method == "HEAD";
            (answer(&request), head_only, unread)
        }
        Err(Refused::TooLarge) => (
            Reply::text(431, "The request's headers are too large.\n"),
            false,
            true,
        ),
        Err(Refused::Malformed) => (Reply::text(400, "Bad request.\n"), false, true),
        Err(Refused::TimedOut) => (
            Reply::text(408, "The request took too long to arrive.\n"),
            false,
            true,
        ),
        Err(Refused::Closed) => return,
    };
    if write_reply(stream, &reply, head_only).is_ok() && unread {
        linger(stream);
    }
}

enum Refused {
    TooLarge,
    Malformed,
    TimedOut,
    Closed,
}

/// Reads one request head, within `HEAD_LIMIT` bytes and `timeout`. Also says whether the
/// request may have more to come (a body) that was not read.
fn read_head(stream: &mut TcpStream, timeout: Duration) -> Result<(Request, bool), Refused> {
    let deadline = Instant::now() + timeout;
    let mut head = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Refused::TimedOut);
        }
        let _ = stream.set_read_timeout(Some(left));
        let room = (HEAD_LIMIT - head.len()).min(chunk.len());
        let read = match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Refused::Closed),
            Ok(read) => read,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(Refused::TimedOut)
            }
            Err(_) => return Err(Refused::Closed),
        };
        head.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&head) {
            Ok(httparse::Status::Complete(length)) => {
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).into_owned())
                };
                let has_body = length < head.len()
                    || header("Transfer-Encoding").is_some()
                    || header("Content-Length").is_some_and(|n| n.trim() != "0");
                let request = Request {
                    method: parsed.method.unwrap_or_default().to_string(),
                    target: parsed.path.unwrap_or_default().to_string(),
                    host: header("Host"),
                };
                return Ok((request, has_body));
            }
            Ok(httparse::Status::Partial) if head.len() >= HEAD_LIMIT => {
                return Err(Refused::TooLarge)
            }
            Ok(httparse::Status::Partial) => {}
            Err(httparse::Error::TooManyHeaders) => return Err(Refused::TooLarge),
            Err(_) => return Err(Refused::Malformed),
        }
    }
}

fn write_reply(stream: &mut TcpStream, reply: &Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        // Values are ours (types, paths we redirect to), but a line break must never split one.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    // One write: a head and a body written apart wait for each other (Nagle's algorithm
    // holding the second until the first is acknowledged, which the client may delay).
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    stream.write_all(&bytes)?;
    stream.flush()
}

/// Says "no more from us", then reads and discards what the client is still sending, for a
/// bounded time, so that the answer reaches it before the connection closes.
fn linger(stream: &mut TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + LINGER;
    let mut sink = [0u8; 8192];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}
