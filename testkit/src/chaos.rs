//! A chaos proxy: a forwarding HTTP/1.1 proxy on `127.0.0.1:0` in front of a real backend (a
//! `http://127.0.0.1:…` base URL) that misbehaves at random, from a seed, and counts what it did.
//!
//! Every request the proxy receives (counted over all connections, from 0) gets a fault with the
//! probability [`Config::rate`]; which fault is drawn from the seed and the request's number, so
//! a run with the same seed and the same order of requests injects the same faults. The faults
//! ([`Fault`]):
//!
//! - [`Fault::Reset`]: the connection is reset before anything is forwarded (the server never
//!   sees the request);
//! - [`Fault::Lost`]: the request is forwarded, the server acts on it and answers, and the
//!   answer is dropped (the client sees the connection close with no response);
//! - [`Fault::Delay`]: the request is held for a while (up to [`Config::max_delay`]), then
//!   forwarded and answered normally;
//! - [`Fault::Truncate`]: forwarded, and only the head and part of the body of the answer reach
//!   the client before the connection closes;
//! - [`Fault::Unavailable`]: `503 Service Unavailable` with `Retry-After` ([`Config::retry_after`]
//!   seconds), nothing forwarded.
//!
//! Each request is forwarded on a connection of its own with `Connection: close`, and the answer
//! is relayed with the client's connection closed after it (so a client never reuses a
//! connection the proxy is about to drop). [`ChaosProxy::set_rate`] changes the rate while the
//! proxy runs (`0.0` to read back the server's state through the same clients).
//!
//! ```no_run
//! use medusa_testkit::chaos::{ChaosProxy, Config};
//! let proxy = ChaosProxy::start("http://127.0.0.1:9000", Config { seed: 7, rate: 0.2, ..Config::default() }).unwrap();
//! // … point a client at proxy.url() …
//! let counts = proxy.counts();
//! println!("{} requests, {} lost responses", counts.requests, counts.lost);
//! ```

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// What the proxy does to one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Reset the connection before forwarding.
    Reset,
    /// Forward, let the server act, drop its answer.
    Lost,
    /// Hold the request, then forward it normally.
    Delay,
    /// Forward, relay a truncated answer.
    Truncate,
    /// Answer `503` with `Retry-After`, forward nothing.
    Unavailable,
}

const FAULTS: [Fault; 5] = [
    Fault::Reset,
    Fault::Lost,
    Fault::Delay,
    Fault::Truncate,
    Fault::Unavailable,
];

/// How the proxy misbehaves.
#[derive(Debug, Clone)]
pub struct Config {
    /// The seed of the fault draws.
    pub seed: u64,
    /// The probability of a fault per request, `0.0..=1.0`.
    pub rate: f64,
    /// The longest [`Fault::Delay`].
    pub max_delay: Duration,
    /// The `Retry-After` of [`Fault::Unavailable`], in seconds.
    pub retry_after: u32,
}

impl Default for Config {
    /// Seed 1, a fault on one request in ten, delays up to 300 ms, `Retry-After: 1`.
    ///
    /// ```
    /// let c = medusa_testkit::chaos::Config::default();
    /// assert_eq!(c.retry_after, 1);
    /// ```
    fn default() -> Config {
        Config {
            seed: 1,
            rate: 0.1,
            max_delay: Duration::from_millis(300),
            retry_after: 1,
        }
    }
}

/// How many requests the proxy received and which faults it injected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Requests received.
    pub requests: u64,
    /// [`Fault::Reset`]s.
    pub reset: u64,
    /// [`Fault::Lost`]s.
    pub lost: u64,
    /// [`Fault::Delay`]s.
    pub delay: u64,
    /// [`Fault::Truncate`]s.
    pub truncate: u64,
    /// [`Fault::Unavailable`]s.
    pub unavailable: u64,
}

impl Counts {
    /// All the faults injected.
    ///
    /// ```
    /// let c = medusa_testkit::chaos::Counts { lost: 2, delay: 1, ..Default::default() };
    /// assert_eq!(c.faults(), 3);
    /// ```
    pub fn faults(&self) -> u64 {
        self.reset + self.lost + self.delay + self.truncate + self.unavailable
    }
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests, {} faults (reset {}, lost response {}, delay {}, truncated {}, 503 {})",
            self.requests,
            self.faults(),
            self.reset,
            self.lost,
            self.delay,
            self.truncate,
            self.unavailable
        )
    }
}

struct State {
    upstream: String,
    seed: u64,
    /// The rate in millionths.
    rate: AtomicU64,
    max_delay: Duration,
    retry_after: u32,
    next: AtomicU64,
    counts: [AtomicU64; 6],
    stop: AtomicBool,
}

/// A running chaos proxy; stopped when dropped.
pub struct ChaosProxy {
    url: String,
    state: Arc<State>,
}

/// SplitMix64: a small, good mixer of a seed and a counter.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl ChaosProxy {
    /// Starts a proxy in front of `upstream` (`http://host:port`, no path).
    ///
    /// ```no_run
    /// let proxy = medusa_testkit::chaos::ChaosProxy::start("http://127.0.0.1:9000", Default::default()).unwrap();
    /// assert!(proxy.url().starts_with("http://127.0.0.1:"));
    /// ```
    pub fn start(upstream: &str, config: Config) -> io::Result<ChaosProxy> {
        let upstream = upstream
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(State {
            upstream,
            seed: config.seed,
            rate: AtomicU64::new(ppm(config.rate)),
            max_delay: config.max_delay,
            retry_after: config.retry_after,
            next: AtomicU64::new(0),
            counts: Default::default(),
            stop: AtomicBool::new(false),
        });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if shared.stop.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = handle(client, &shared);
                });
            }
        });
        Ok(ChaosProxy { url, state })
    }

    /// The proxy's base URL, `http://127.0.0.1:port`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Changes the fault rate from the next request on.
    ///
    /// ```no_run
    /// # let proxy = medusa_testkit::chaos::ChaosProxy::start("http://127.0.0.1:9000", Default::default()).unwrap();
    /// proxy.set_rate(0.0); // a faithful proxy from now on
    /// ```
    pub fn set_rate(&self, rate: f64) {
        self.state.rate.store(ppm(rate), Ordering::SeqCst);
    }

    /// What the proxy has received and injected so far.
    pub fn counts(&self) -> Counts {
        let c = |i: usize| self.state.counts[i].load(Ordering::SeqCst);
        Counts {
            requests: c(0),
            reset: c(1),
            lost: c(2),
            delay: c(3),
            truncate: c(4),
            unavailable: c(5),
        }
    }
}

impl Drop for ChaosProxy {
    fn drop(&mut self) {
        self.state.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

fn ppm(rate: f64) -> u64 {
    (rate.clamp(0.0, 1.0) * 1_000_000.0).round() as u64
}

/// The fault for request `n`, if any, and a second draw for its details.
fn draw(state: &State, n: u64) -> (Option<Fault>, u64) {
    let r = mix(state.seed ^ mix(n));
    let detail = mix(r);
    if r % 1_000_000 < state.rate.load(Ordering::SeqCst) {
        (Some(FAULTS[((r >> 32) % 5) as usize]), detail)
    } else {
        (None, detail)
    }
}

/// Reads one request (head and `Content-Length` body), its head rewritten to `Connection: close`.
fn read_request(reader: &mut BufReader<TcpStream>) -> io::Result<Option<Vec<u8>>> {
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
            if name.eq_ignore_ascii_case("connection") {
                continue;
            }
        }
        if line == "\r\n" || line == "\n" {
            head.push_str("Connection: close\r\n\r\n");
            break;
        }
        head.push_str(&line);
    }
    let mut bytes = head.into_bytes();
    let start = bytes.len();
    bytes.resize(start + length, 0);
    reader.read_exact(&mut bytes[start..])?;
    Ok(Some(bytes))
}

fn handle(client: TcpStream, state: &State) -> io::Result<()> {
    // Wait for the request's first bytes before drawing: a connection that sends nothing (the
    // accept loop's wake-up) is no request.
    let mut probe = [0u8; 1];
    if client.peek(&mut probe)? == 0 {
        return Ok(());
    }
    let n = state.next.fetch_add(1, Ordering::SeqCst);
    state.counts[0].fetch_add(1, Ordering::SeqCst);
    let (fault, detail) = draw(state, n);
    let count = |i: usize| state.counts[i].fetch_add(1, Ordering::SeqCst);
    if fault == Some(Fault::Reset) {
        count(1);
        // Closed with the request unread in the receive buffer: the stack sends RST.
        drop(client);
        return Ok(());
    }
    let mut reader = BufReader::new(client.try_clone()?);
    let mut client = client;
    let Some(request) = read_request(&mut reader)? else {
        return Ok(());
    };
    match fault {
        Some(Fault::Unavailable) => {
            count(5);
            let answer = format!(
                "HTTP/1.1 503 Service Unavailable\r\nRetry-After: {}\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nunavailable",
                state.retry_after
            );
            client.write_all(answer.as_bytes())?;
            let _ = client.shutdown(Shutdown::Both);
            return Ok(());
        }
        Some(Fault::Delay) => {
            count(3);
            let max = state.max_delay.as_millis().max(1) as u64;
            std::thread::sleep(Duration::from_millis(detail % max));
        }
        _ => {}
    }
    let mut server = TcpStream::connect(&state.upstream)?;
    server.write_all(&request)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    match fault {
        Some(Fault::Lost) => {
            count(2);
        }
        Some(Fault::Truncate) => {
            count(4);
            let body_start = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(answer.len(), |p| p + 4);
            let body = answer.len() - body_start;
            // At least one byte of the body goes missing (an empty body loses its head's end).
            let keep = if body == 0 {
                body_start.saturating_sub(2)
            } else {
                body_start + (detail % body as u64) as usize
            };
            client.write_all(&answer[..keep])?;
        }
        _ => client.write_all(&answer)?,
    }
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_draws_follow_the_seed_and_the_rate() {
        let state = |seed, rate| State {
            upstream: String::new(),
            seed,
            rate: AtomicU64::new(ppm(rate)),
            max_delay: Duration::from_millis(1),
            retry_after: 1,
            next: AtomicU64::new(0),
            counts: Default::default(),
            stop: AtomicBool::new(false),
        };
        let a: Vec<_> = (0..1000).map(|n| draw(&state(3, 0.2), n).0).collect();
        let b: Vec<_> = (0..1000).map(|n| draw(&state(3, 0.2), n).0).collect();
        assert_eq!(a, b);
        let faults = a.iter().filter(|f| f.is_some()).count();
        assert!((150..250).contains(&faults), "{faults}");
        for kind in FAULTS {
            assert!(a.contains(&Some(kind)), "{kind:?}");
        }
        assert!((0..1000).all(|n| draw(&state(3, 0.0), n).0.is_none()));
        assert!((0..1000).all(|n| draw(&state(3, 1.0), n).0.is_some()));
    }

    /// One request through `proxy`: the answer's bytes (empty when none came).
    fn exchange(proxy: &ChaosProxy) -> Vec<u8> {
        let mut stream = TcpStream::connect(proxy.url().trim_start_matches("http://")).unwrap();
        let _ = stream.write_all(b"POST /act HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        answer
    }

    #[test]
    fn each_fault_does_what_it_says_and_is_counted() {
        use crate::http::{Options, Server, response};
        use std::sync::atomic::AtomicUsize;
        let acted = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&acted);
        let server = Server::http(Options::default(), move |_| {
            seen.fetch_add(1, Ordering::SeqCst);
            response(
                200,
                &[("Content-Type", "text/plain")],
                "done, and a long enough body",
            )
        })
        .unwrap();
        let faithful = ChaosProxy::start(
            &server.url(),
            Config {
                rate: 0.0,
                ..Config::default()
            },
        )
        .unwrap();
        for _ in 0..5 {
            assert!(exchange(&faithful).ends_with(b"done, and a long enough body"));
        }
        assert_eq!(acted.load(Ordering::SeqCst), 5);
        assert_eq!(faithful.counts().faults(), 0);
        let config = Config {
            seed: 11,
            rate: 1.0,
            max_delay: Duration::from_millis(5),
            retry_after: 1,
        };
        let chaos = ChaosProxy::start(&server.url(), config).unwrap();
        for n in 0..60 {
            let before = acted.load(Ordering::SeqCst);
            let answer = exchange(&chaos);
            let text = String::from_utf8_lossy(&answer);
            let after = acted.load(Ordering::SeqCst);
            match draw(&chaos.state, n).0.unwrap() {
                Fault::Reset => assert!(answer.is_empty() && after == before),
                Fault::Lost => assert!(answer.is_empty() && after == before + 1),
                Fault::Delay => assert!(text.ends_with("long enough body") && after == before + 1),
                Fault::Truncate => assert!(
                    text.starts_with("HTTP/1.1 200")
                        && !text.ends_with("long enough body")
                        && after == before + 1,
                    "{text}"
                ),
                Fault::Unavailable => assert!(
                    text.starts_with("HTTP/1.1 503")
                        && text.contains("Retry-After: 1")
                        && after == before
                ),
            }
        }
        let c = chaos.counts();
        assert_eq!((c.requests, c.faults()), (60, 60));
        assert!(
            c.reset > 0 && c.lost > 0 && c.delay > 0 && c.truncate > 0 && c.unavailable > 0,
            "{c}"
        );
    }
}
