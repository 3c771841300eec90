//! A scriptable HTTP/1.1 server for tests that need a misbehaving peer: one thread per connection
//! on `127.0.0.1:0`, on the kit's [`crate::http`] plumbing.
//!
//! The n-th request the server receives (counted over all connections, from 0) is answered by the
//! n-th [`Script`]: a list of [`Step`]s such as "send these bytes", "sleep", "close", "reset",
//! "stall". A request with no script left gets a `500` naming it, so a test that sends more than it
//! meant to fails with a message that says what was sent. Every request is recorded ([`Request`]:
//! request line, headers, body, connection number) for the test to assert on.
//!
//! ```
//! use medusa_testkit::fault::{Script, Server, json};
//! use serde_json::json;
//!
//! let server = Server::start([
//!     Script::new().close(),                          // drop the first request unanswered
//!     Script::reply(json(200, &json!({"ok": true}))), // answer the second
//! ]);
//! // … call server.url() …
//! assert!(server.requests().is_empty());
//! ```
//!
//! Keep-alive: after a script that ends without `close`, `reset` or `stall`, the server reads the
//! next request on the same connection. The response helpers add `Connection: close`, so a client
//! opens a new connection per request unless a test writes its own headers.
//!
//! Reset: `TcpStream::set_linger` is still unstable (rust-lang/rust#88494), so [`Step::Reset`]
//! uses what TCP stacks do when a socket is closed with unread data in its receive buffer: they
//! send RST instead of FIN (RFC 2525 §2.17; Linux, the BSDs and macOS all do). The server only
//! *peeks* at a request ([`Mode::Peek`]) until a script says what to do with it, so a script
//! holding a `Reset` leaves the request unread and the close becomes a reset. `shutdown` would
//! only send a FIN.
//!
//! Bytes that can never be a request (which no client under test sends) get the bare status the
//! parser names and the connection is closed, without using a script.

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::http::server::{self, Connection, Mode, Next, Options, Reader};
use crate::http::{Limits, lock};

pub use crate::http::{Request, chunked, head, json, response};

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
}

/// A running scripted server; stopped when dropped.
pub struct Server {
    state: Arc<State>,
    inner: server::Server,
}

/// How the fault server reads: peeking (for resets), no idle timeout, Nagle left on, and room
/// for whatever a test sends.
const OPTIONS: Options = Options {
    limits: Limits {
        max_head: 1024 * 1024,
        max_headers: 10_000,
        max_body: 64 * 1024 * 1024,
        max_chunk_line: 64 * 1024,
    },
    idle_timeout: None,
    write_timeout: None,
    nodelay: false,
    mode: Mode::Peek,
};

impl Server {
    /// Starts a server on `127.0.0.1:0` whose n-th request is answered by the n-th script.
    pub fn start(scripts: impl IntoIterator<Item = Script>) -> Server {
        let state = Arc::new(State {
            scripts: scripts.into_iter().collect(),
            requests: Mutex::new(Vec::new()),
        });
        let for_connections = Arc::clone(&state);
        let inner = server::Server::start(move |stream, connection| {
            serve(stream, connection, &for_connections)
        })
        .expect("bind 127.0.0.1:0");
        Server { state, inner }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        self.inner.url()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr()
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.state.requests).clone()
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.inner.connections()
    }
}

/// A URL on 127.0.0.1 where nothing listens: a port bound and released again.
pub fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    drop(listener);
    format!("http://{addr}")
}

fn serve(stream: TcpStream, connection: &Connection, state: &State) {
    let mut reader = Reader::new(stream, connection, OPTIONS);
    loop {
        let (request, len) = match reader.next_request() {
            Next::Request(request, len) => (request, len),
            Next::Closed => return,
            Next::Reject(status) => return reader.reject(status),
        };
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
        if !script.steps.iter().any(|s| matches!(s, Step::Reset)) && reader.consume(len).is_err() {
            return;
        }
        let stream = reader.stream();
        for step in script.steps {
            let written = match step {
                Step::Send(bytes) => stream.write_all(&bytes),
                Step::SendWith(f) => stream.write_all(&f(&request, &earlier)),
                Step::Trickle(bytes, every) => bytes.iter().try_for_each(|b| {
                    connection.sleep(every);
                    stream.write_all(std::slice::from_ref(b))
                }),
                Step::Sleep(wait) => {
                    connection.sleep(wait);
                    Ok(())
                }
                Step::Close => {
                    let _ = stream.flush();
                    let _ = stream.shutdown(Shutdown::Write);
                    return;
                }
                Step::Reset => return, // dropped with the request unread: RST
                Step::Stall => {
                    connection.wait_for_stop();
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
