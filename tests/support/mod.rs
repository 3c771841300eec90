//! A scriptable HTTP/1.1 server for tests that need a misbehaving peer: std only, one thread per
//! connection on `127.0.0.1:0`.
//!
//! The n-th request the server receives (counted over all connections, from 0) is answered by the
//! n-th [`Script`]: a list of [`Step`]s such as "send these bytes", "sleep", "close", "reset",
//! "stall". A request with no script left gets a `500` naming it, so a test that sends more than it
//! meant to fails with a message that says what was sent. Every request is recorded ([`Request`]:
//! request line, headers, body, connection number) for the test to assert on.
//!
//! ```ignore
//! let server = Server::start([
//!     Script::new().close(),                          // drop the first request unanswered
//!     Script::reply(json(200, &json!({"ok": true}))), // answer the second
//! ]);
//! // … call server.url() …
//! assert_eq!(server.requests().len(), 2);
//! ```
//!
//! Keep-alive: after a script that ends without `close`, `reset` or `stall`, the server reads the
//! next request on the same connection. The response helpers add `Connection: close`, so a client
//! opens a new connection per request unless a test writes its own headers.
//!
//! Reset: `TcpStream::set_linger` is still unstable (rust-lang/rust#88494), so [`Step::Reset`]
//! uses what TCP stacks do when a socket is closed with unread data in its receive buffer: they
//! send RST instead of FIN (RFC 2525 §2.17; Linux, the BSDs and macOS all do). The server only
//! *peeks* at a request until a script says what to do with it, so a script holding a `Reset`
//! leaves the request unread and the close becomes a reset. `shutdown` would only send a FIN.

// Each test binary that declares `mod support;` uses only part of this module.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// How long a connection waits between polls of the server's stop flag.
const POLL: Duration = Duration::from_millis(20);

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`…
    pub method: String,
    /// The request target as sent: path and query.
    pub target: String,
    /// `HTTP/1.1`.
    pub version: String,
    /// Header names as sent, values trimmed, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was chunked.
    pub body: Vec<u8>,
    /// Which accepted connection it came on (0 for the first).
    pub connection: usize,
}

impl Request {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// `METHOD target`, for messages.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }
}

/// Builds the bytes to send from the request being answered and every request received before it.
pub type Responder = Arc<dyn Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync>;

/// One thing the server does while answering a request.
#[derive(Clone)]
pub enum Step {
    /// Write these bytes (a whole response, or any part of one).
    Send(Vec<u8>),
    /// Write the bytes this function returns; lets a script check the request it answers.
    SendWith(Responder),
    /// Write these bytes one at a time, sleeping this long before each.
    Trickle(Vec<u8>, Duration),
    /// Wait (woken early when the server is dropped).
    Sleep(Duration),
    /// Close the connection normally (FIN) after what was written.
    Close,
    /// Close the connection with a TCP reset (RST); see the module doc.
    Reset,
    /// Keep the connection open and never write again, until the server is dropped.
    Stall,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Send(b) => write!(f, "Send({:?})", String::from_utf8_lossy(b)),
            Step::SendWith(_) => f.write_str("SendWith(..)"),
            Step::Trickle(b, d) => write!(f, "Trickle({} bytes, {d:?})", b.len()),
            Step::Sleep(d) => write!(f, "Sleep({d:?})"),
            Step::Close => f.write_str("Close"),
            Step::Reset => f.write_str("Reset"),
            Step::Stall => f.write_str("Stall"),
        }
    }
}

/// What the server does with one request: its steps, in order.
#[derive(Debug, Clone, Default)]
pub struct Script {
    steps: Vec<Step>,
}

impl Script {
    /// An empty script: answer nothing, keep the connection open for the next request.
    pub fn new() -> Script {
        Script::default()
    }

    /// Send a complete response, then close: `Script::new().send(response).close()`.
    pub fn reply(response: Vec<u8>) -> Script {
        Script::new().send(response).close()
    }

    /// Then write these bytes.
    pub fn send(mut self, bytes: impl Into<Vec<u8>>) -> Script {
        self.steps.push(Step::Send(bytes.into()));
        self
    }

    /// Then write what `f` returns for this request (and those received before it).
    pub fn send_with(
        mut self,
        f: impl Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync + 'static,
    ) -> Script {
        self.steps.push(Step::SendWith(Arc::new(f)));
        self
    }

    /// Then write these bytes one by one, `every` apart.
    pub fn trickle(mut self, bytes: impl Into<Vec<u8>>, every: Duration) -> Script {
        self.steps.push(Step::Trickle(bytes.into(), every));
        self
    }

    /// Then wait.
    pub fn sleep(mut self, wait: Duration) -> Script {
        self.steps.push(Step::Sleep(wait));
        self
    }

    /// Then close the connection (FIN).
    pub fn close(mut self) -> Script {
        self.steps.push(Step::Close);
        self
    }

    /// Then reset the connection (RST).
    pub fn reset(mut self) -> Script {
        self.steps.push(Step::Reset);
        self
    }

    /// Then hold the connection open, silent, until the server is dropped.
    pub fn stall(mut self) -> Script {
        self.steps.push(Step::Stall);
        self
    }

    /// The steps, in order.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
}

struct State {
    scripts: Vec<Script>,
    requests: Mutex<Vec<Request>>,
    connections: AtomicUsize,
    stop: AtomicBool,
}

/// A running scripted server; stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on `127.0.0.1:0` whose n-th request is answered by the n-th script.
    pub fn start(scripts: impl IntoIterator<Item = Script>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let state = Arc::new(State {
            scripts: scripts.into_iter().collect(),
            requests: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accept_state = Arc::clone(&state);
        let accept = thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_state.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let id = accept_state.connections.fetch_add(1, Ordering::SeqCst);
                let state = Arc::clone(&accept_state);
                thread::spawn(move || serve(stream, id, &state));
            }
        });
        Server {
            addr,
            state,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.requests).clone()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop; it sees the flag and ends.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// A URL on 127.0.0.1 where nothing listens: a port bound and released again.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn serve(mut stream: TcpStream, connection: usize, state: &State) {
    // Reads time out so that a connection notices the server stopping.
    let _ = stream.set_read_timeout(Some(POLL));
    loop {
        let Some((mut request, len)) = peek_request(&stream, &state.stop) else {
            return;
        };
        request.connection = connection;
        let (index, earlier) = {
            let mut requests = lock(&state.requests);
            let earlier = requests.clone();
            requests.push(request.clone());
            (earlier.len(), earlier)
        };
        let script = state
            .scripts
            .get(index)
            .cloned()
            .unwrap_or_else(|| unexpected(index, &request));
        // A request stays unread until it is answered with anything but a reset.
        if !script.steps.iter().any(|s| matches!(s, Step::Reset)) {
            let mut sink = vec![0; len];
            if read_exact_unless_stopped(&mut stream, &mut sink, &state.stop).is_err() {
                return;
            }
        }
        for step in script.steps {
            let written = match step {
                Step::Send(bytes) => stream.write_all(&bytes),
                Step::SendWith(f) => stream.write_all(&f(&request, &earlier)),
                Step::Trickle(bytes, every) => bytes.iter().try_for_each(|b| {
                    sleep_unless_stopped(every, &state.stop);
                    stream.write_all(std::slice::from_ref(b))
                }),
                Step::Sleep(wait) => {
                    sleep_unless_stopped(wait, &state.stop);
                    Ok(())
                }
                Step::Close => {
                    let _ = stream.flush();
                    let _ = stream.shutdown(Shutdown::Write);
                    return;
                }
                Step::Reset => return, // dropped with the request unread: RST
                Step::Stall => {
                    while !state.stop.load(Ordering::SeqCst) {
                        thread::sleep(POLL);
                    }
                    return;
                }
            };
            if written.is_err() {
                return;
            }
        }
    }
}

/// The catch-all: a request no script was written for.
fn unexpected(index: usize, request: &Request) -> Script {
    let body = format!("unexpected request #{index}: {}", request.line());
    Script::reply(response(500, &[("Content-Type", "text/plain")], body))
}

fn sleep_unless_stopped(wait: Duration, stop: &AtomicBool) {
    let end = Instant::now() + wait;
    while !stop.load(Ordering::SeqCst) {
        let now = Instant::now();
        if now >= end {
            return;
        }
        thread::sleep((end - now).min(POLL));
    }
}

fn read_exact_unless_stopped(
    stream: &mut TcpStream,
    mut buf: &mut [u8],
    stop: &AtomicBool,
) -> std::io::Result<()> {
    while !buf.is_empty() {
        if stop.load(Ordering::SeqCst) {
            return Err(ErrorKind::Interrupted.into());
        }
        match stream.read(buf) {
            Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
            Ok(n) => buf = &mut buf[n..],
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Peeks until a whole request is in the receive buffer; returns it and its length in bytes.
/// `None` when the peer closes first or the server stops.
fn peek_request(stream: &TcpStream, stop: &AtomicBool) -> Option<(Request, usize)> {
    let mut buf = vec![0; 16 * 1024];
    let mut seen = 0;
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        match stream.peek(&mut buf) {
            Ok(0) => return None,
            Ok(n) => {
                if let Some(parsed) = parse_request(&buf[..n]) {
                    return Some(parsed);
                }
                if n == buf.len() {
                    buf.resize(n * 2, 0);
                } else if n == seen {
                    // Incomplete, and nothing new since the last look.
                    thread::sleep(Duration::from_millis(1));
                }
                seen = n;
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return None,
        }
    }
}

/// Parses one request from the start of `buf`, if it is all there.
fn parse_request(buf: &[u8]) -> Option<(Request, usize)> {
    let head_end = find(buf, b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..head_end - 4]).into_owned();
    let mut lines = head.split("\r\n");
    let mut parts = lines.next()?.splitn(3, ' ');
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let version = parts.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.to_string(), v.trim().to_string()))
        .collect();
    let mut request = Request {
        method,
        target,
        version,
        headers,
        body: Vec::new(),
        connection: 0,
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let rest = &buf[head_end..];
    let body_len = if chunked {
        let (body, used) = dechunk(rest)?;
        request.body = body;
        used
    } else {
        let len: usize = request
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        request.body = rest.get(..len)?.to_vec();
        len
    };
    Some((request, head_end + body_len))
}

/// Decodes a chunked body, if it is complete; returns it and the bytes it took.
fn dechunk(mut buf: &[u8]) -> Option<(Vec<u8>, usize)> {
    let start = buf.len();
    let mut body = Vec::new();
    loop {
        let line_end = find(buf, b"\r\n")?;
        let size_text = String::from_utf8_lossy(&buf[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        buf = &buf[line_end + 2..];
        if size == 0 {
            // Trailers, then an empty line.
            let end = find(buf, b"\r\n")?;
            let mut rest = &buf[end + 2..];
            if end > 0 {
                rest = &buf[find(buf, b"\r\n\r\n")? + 4..];
            }
            return Some((body, start - rest.len()));
        }
        body.extend_from_slice(buf.get(..size)?);
        buf = buf.get(size + 2..)?;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------------
// Response bytes.

/// The reason phrase of common statuses (any text is valid HTTP; this is for readability).
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The status line and headers, up to and including the empty line, exactly as given (nothing
/// added): for bodies a test writes by hand.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A complete response: the given headers, plus `Content-Length` and `Connection: close` unless
/// given (a `204` or `304` gets no `Content-Length`).
pub fn response(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Vec<u8> {
    let body = body.as_ref();
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let length = body.len().to_string();
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    if !has("content-length") && !has("transfer-encoding") && !matches!(status, 204 | 304) {
        all.push(("Content-Length", &length));
    }
    if !has("connection") {
        all.push(("Connection", "close"));
    }
    let mut out = head(status, &all);
    out.extend_from_slice(body);
    out
}

/// A complete JSON response (`Content-Type: application/json; charset=utf-8`).
pub fn json(status: u16, value: &serde_json::Value) -> Vec<u8> {
    response(
        status,
        &[("Content-Type", "application/json; charset=utf-8")],
        value.to_string(),
    )
}

/// A body in chunked transfer encoding, cut into chunks of at most `size` bytes, with the final
/// empty chunk.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size.max(1)) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_requests_whole_or_not_at_all() {
        let raw = b"POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET";
        let (req, len) = parse_request(raw).unwrap();
        assert_eq!(req.line(), "POST /a?b=1");
        assert_eq!(req.path(), "/a");
        assert_eq!(req.header("content-length"), Some("3"));
        assert_eq!(req.body, b"abc");
        assert_eq!(len, raw.len() - 3);
        assert!(parse_request(&raw[..raw.len() - 4]).is_none());

        let raw =
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n";
        let (req, len) = parse_request(raw).unwrap();
        assert_eq!(req.body, b"abc");
        assert_eq!(len, raw.len());
        assert!(parse_request(&raw[..raw.len() - 1]).is_none());
    }
}
