//! The accept loop and the per-connection request reader, shared by every server of the kit.
//!
//! [`Server`] listens on `127.0.0.1:0` (or a given address), runs a handler on its own thread for
//! each accepted connection, and stops when dropped: it sets a stop flag, wakes the accept loop,
//! shuts every open connection down (which unblocks a handler stuck in a read or a write) and
//! waits for the handlers to return.
//!
//! A handler reads requests with a [`Reader`]: it buffers what it reads and hands out whole
//! requests ([`super::request::parse`]), polling the stop flag while it waits. In
//! [`Mode::Peek`] it only peeks at the socket until a request is whole, so that the request stays
//! in the kernel's receive buffer until [`Reader::consume`] reads it: a socket closed with unread
//! data sends a TCP reset instead of a FIN, which is how the fault server resets connections.
//!
//! [`Server::http`] is the common case: a keep-alive loop answering each request with the bytes a
//! function returns.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::request::{Limits, Parse, Request, parse};
use super::response::head;

/// How often a waiting connection looks at the stop flag.
pub const POLL: Duration = Duration::from_millis(20);

/// Locks a mutex, ignoring poisoning (a panicking handler must not take the server down).
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a connection handler knows about its connection besides the stream.
#[derive(Debug, Clone)]
pub struct Connection {
    /// Which accepted connection this is (0 for the first).
    pub id: usize,
    stop: Arc<AtomicBool>,
}

impl Connection {
    /// Whether the server is stopping.
    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps for `wait`, or less when the server stops meanwhile.
    pub fn sleep(&self, wait: Duration) {
        let end = Instant::now() + wait;
        while !self.stopping() {
            let now = Instant::now();
            if now >= end {
                return;
            }
            thread::sleep((end - now).min(POLL));
        }
    }

    /// Returns only when the server stops.
    pub fn wait_for_stop(&self) {
        while !self.stopping() {
            thread::sleep(POLL);
        }
    }
}

type Handler = dyn Fn(TcpStream, &Connection) + Send + Sync;

/// A running server; stopped when dropped (see the module doc).
pub struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accepted: Arc<AtomicUsize>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on `127.0.0.1:0` running `handler` on each accepted connection.
    pub fn start(
        handler: impl Fn(TcpStream, &Connection) + Send + Sync + 'static,
    ) -> io::Result<Server> {
        Server::start_on("127.0.0.1:0", handler)
    }

    /// Starts a server on `addr`.
    pub fn start_on(
        addr: impl ToSocketAddrs,
        handler: impl Fn(TcpStream, &Connection) + Send + Sync + 'static,
    ) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let accepted = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let acceptor = {
            let (stop, accepted) = (Arc::clone(&stop), Arc::clone(&accepted));
            thread::Builder::new()
                .name("testkit-accept".into())
                .spawn(move || accept_loop(listener, &stop, &accepted, handler))?
        };
        Ok(Server {
            addr,
            stop,
            accepted,
            acceptor: Some(acceptor),
        })
    }

    /// Starts a keep-alive HTTP/1.1 server on `127.0.0.1:0` answering each request with the
    /// bytes `respond` returns (see [`serve`]).
    pub fn http(
        options: Options,
        respond: impl Fn(&Request) -> Vec<u8> + Send + Sync + 'static,
    ) -> io::Result<Server> {
        Server::http_on("127.0.0.1:0", options, respond)
    }

    /// [`Server::http`] on `addr`.
    pub fn http_on(
        addr: impl ToSocketAddrs,
        options: Options,
        respond: impl Fn(&Request) -> Vec<u8> + Send + Sync + 'static,
    ) -> io::Result<Server> {
        Server::start_on(addr, move |stream, connection| {
            serve(stream, connection, options, &respond)
        })
    }

    /// `http://<address>`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// Stops the server now (as dropping it does): closes the listener and every open
    /// connection, and waits for the connection threads to finish.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so that the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500));
        let _ = acceptor.join();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn accept_loop(
    listener: TcpListener,
    stop: &Arc<AtomicBool>,
    accepted: &AtomicUsize,
    handler: Arc<Handler>,
) {
    let open: Arc<Mutex<Vec<(usize, TcpStream)>>> = Arc::default();
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    for incoming in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = incoming else {
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        workers.retain(|h| !h.is_finished());
        let id = accepted.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&open).push((id, clone));
        }
        let connection = Connection {
            id,
            stop: Arc::clone(stop),
        };
        let (handler, open_for_thread) = (Arc::clone(&handler), Arc::clone(&open));
        let spawned = thread::Builder::new()
            .name("testkit-conn".into())
            .spawn(move || {
                handler(stream, &connection);
                // The handler has dropped its stream; dropping the clone closes the socket.
                lock(&open_for_thread).retain(|(i, _)| *i != id);
            });
        match spawned {
            Ok(handle) => workers.push(handle),
            Err(_) => lock(&open).retain(|(i, _)| *i != id),
        }
    }
    // Stopping: unblock every connection thread, then wait for them.
    for (_, stream) in lock(&open).drain(..) {
        let _ = stream.shutdown(Shutdown::Both);
    }
    for handle in workers {
        let _ = handle.join();
    }
}

/// How a [`Reader`] takes bytes from its socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Read into a buffer: a request is consumed as soon as it is whole.
    Read,
    /// Peek until a request is whole; it stays unread until [`Reader::consume`].
    Peek,
}

/// How a connection is served.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// What a request may hold before it is rejected.
    pub limits: Limits,
    /// How long a connection may go without receiving a byte before it is closed (`None`:
    /// forever).
    pub idle_timeout: Option<Duration>,
    /// A bound on each blocking write.
    pub write_timeout: Option<Duration>,
    /// `TCP_NODELAY`.
    pub nodelay: bool,
    /// How requests are taken from the socket.
    pub mode: Mode,
}

impl Default for Options {
    /// Node's limits, no idle timeout, no write timeout, `TCP_NODELAY`, [`Mode::Read`].
    fn default() -> Options {
        Options {
            limits: Limits::NODE,
            idle_timeout: None,
            write_timeout: None,
            nodelay: true,
            mode: Mode::Read,
        }
    }
}

/// What [`Reader::next_request`] found.
#[derive(Debug)]
pub enum Next {
    /// A whole request (its `connection` set), and its length in bytes: pass it to
    /// [`Reader::consume`].
    Request(Request, usize),
    /// The peer closed (or went idle, or the server is stopping): nothing to answer.
    Closed,
    /// Bytes that can never be a valid request: answer this status and close.
    Reject(u16),
}

/// Reads the requests of one connection (see the module doc).
pub struct Reader<'c> {
    stream: TcpStream,
    connection: &'c Connection,
    options: Options,
    buf: Vec<u8>,
    /// Read mode: how much of `buf` holds bytes not consumed yet.
    filled: usize,
}

impl<'c> Reader<'c> {
    /// A reader of `stream`, with `options` applied to the socket.
    pub fn new(stream: TcpStream, connection: &'c Connection, options: Options) -> Reader<'c> {
        // Reads time out so that a waiting connection notices the server stopping.
        let _ = stream.set_read_timeout(Some(POLL));
        let _ = stream.set_write_timeout(options.write_timeout);
        if options.nodelay {
            let _ = stream.set_nodelay(true);
        }
        Reader {
            stream,
            connection,
            options,
            buf: vec![0; 16 * 1024],
            filled: 0,
        }
    }

    /// The socket, to write answers on.
    pub fn stream(&mut self) -> &mut TcpStream {
        &mut self.stream
    }

    /// Waits for the next whole request. Sends `100 Continue` when a request asks for it.
    pub fn next_request(&mut self) -> Next {
        let mut continued = false;
        let mut seen = 0;
        let mut last_byte = Instant::now();
        loop {
            if self.connection.stopping() {
                return Next::Closed;
            }
            let available = match self.options.mode {
                Mode::Read => Ok(self.filled),
                Mode::Peek => self.stream.peek(&mut self.buf),
            };
            let available = match available {
                Ok(0) if self.options.mode == Mode::Peek => return Next::Closed,
                Ok(n) => n,
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if self.idle_for(last_byte) {
                        return Next::Closed;
                    }
                    continue;
                }
                Err(_) => return Next::Closed,
            };
            if available != seen {
                last_byte = Instant::now();
            }
            match parse(&self.buf[..available], &self.options.limits) {
                Parse::Done(mut request, len) => {
                    if !continued && announces_continue(&request) {
                        let _ = self.stream.write_all(CONTINUE);
                    }
                    request.connection = self.connection.id;
                    return Next::Request(request, len);
                }
                Parse::Reject(status) => return Next::Reject(status),
                Parse::Partial { expects_continue } => {
                    if expects_continue && !continued {
                        let _ = self.stream.write_all(CONTINUE);
                        continued = true;
                    }
                }
            }
            if available == self.buf.len() {
                self.buf.resize(available * 2, 0);
            }
            if self.idle_for(last_byte) {
                return Next::Closed;
            }
            match self.options.mode {
                Mode::Peek => {
                    if available == seen {
                        // Incomplete, and nothing new since the last look.
                        thread::sleep(Duration::from_millis(1));
                    }
                }
                Mode::Read => match self.stream.read(&mut self.buf[available..]) {
                    Ok(0) => return Next::Closed,
                    Ok(n) => self.filled += n,
                    Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                    Err(_) => return Next::Closed,
                },
            }
            seen = available;
        }
    }

    /// Answers bytes that are not a valid request ([`Next::Reject`]): the bare status line with
    /// `Connection: close`, after which the connection is to be closed.
    pub fn reject(&mut self, status: u16) {
        let _ = self
            .stream
            .write_all(&head(status, &[("Connection", "close")]));
    }

    /// Takes the `len` bytes of the request [`Reader::next_request`] returned off the connection
    /// (in [`Mode::Peek`], reads them from the socket).
    pub fn consume(&mut self, len: usize) -> io::Result<()> {
        match self.options.mode {
            Mode::Read => {
                self.buf.copy_within(len..self.filled, 0);
                self.filled -= len;
                Ok(())
            }
            Mode::Peek => {
                let mut left = len;
                while left > 0 {
                    if self.connection.stopping() {
                        return Err(ErrorKind::Interrupted.into());
                    }
                    let want = left.min(self.buf.len());
                    match self.stream.read(&mut self.buf[..want]) {
                        Ok(0) => return Err(ErrorKind::UnexpectedEof.into()),
                        Ok(n) => left -= n,
                        Err(e)
                            if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(())
            }
        }
    }

    fn idle_for(&self, last_byte: Instant) -> bool {
        self.options
            .idle_timeout
            .is_some_and(|idle| last_byte.elapsed() >= idle)
    }
}

const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// Whether a request asked for `100 Continue` and has a body to wait for.
fn announces_continue(request: &Request) -> bool {
    request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
        && (request.header("transfer-encoding").is_some()
            || request
                .header("content-length")
                .is_some_and(|n| n.parse::<usize>().is_ok_and(|n| n > 0)))
}

/// Serves one keep-alive connection: each request is answered with the bytes `respond` returns,
/// until the peer closes, a request does not keep the connection alive
/// ([`Request::keep_alive`]), or the server stops. Bytes that are not a valid request get the
/// bare status line with `Connection: close`, and the connection is closed.
pub fn serve(
    stream: TcpStream,
    connection: &Connection,
    options: Options,
    respond: &(impl Fn(&Request) -> Vec<u8> + ?Sized),
) {
    let mut reader = Reader::new(stream, connection, options);
    loop {
        match reader.next_request() {
            Next::Closed => return,
            Next::Reject(status) => return reader.reject(status),
            Next::Request(request, len) => {
                if reader.consume(len).is_err() {
                    return;
                }
                let bytes = respond(&request);
                let stream = reader.stream();
                if stream
                    .write_all(&bytes)
                    .and_then(|()| stream.flush())
                    .is_err()
                    || !request.keep_alive()
                {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response::response;
    use std::io::{BufRead, BufReader};

    #[test]
    fn keeps_a_connection_alive_for_two_requests() {
        let server = Server::http(Options::default(), |req| {
            let body = format!("{} #{}", req.path(), req.connection);
            response(200, &[("Connection", "keep-alive")], body)
        })
        .unwrap();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        // Both requests in one write: the second waits in the buffer for the first's answer.
        stream
            .write_all(b"GET /one HTTP/1.1\r\nHost: x\r\n\r\nPOST /two HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi")
            .unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut bodies = Vec::new();
        for _ in 0..2 {
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            bodies.push(String::from_utf8(body).unwrap());
        }
        assert_eq!(bodies, ["/one #0", "/two #0"]);
        assert_eq!(server.connections(), 1);

        // A request that is not HTTP gets a bare 400 and the connection closes.
        let mut bad = TcpStream::connect(server.addr()).unwrap();
        bad.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        bad.write_all(b"NOT A REQUEST\r\n\r\n").unwrap();
        let mut answer = String::new();
        bad.read_to_string(&mut answer).unwrap();
        assert_eq!(
            answer,
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn dropping_the_server_closes_idle_connections() {
        let server = Server::http(Options::default(), |_| Vec::new()).unwrap();
        let addr = server.addr();
        let mut idle = TcpStream::connect(addr).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        while server.connections() == 0 {
            thread::sleep(Duration::from_millis(1));
        }
        let started = Instant::now();
        drop(server);
        assert!(started.elapsed() < Duration::from_secs(3));
        let mut buf = [0; 1];
        assert!(matches!(idle.read(&mut buf), Ok(0) | Err(_)));
        assert!(TcpStream::connect(addr).is_err());
    }
}
