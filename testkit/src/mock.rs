//! A catch-all for mockito servers: every request that no mock of the test matches gets a `500`
//! whose body names it, and is recorded, so that a test can fail listing every such request:
//! with [`CatchAll::assert_nothing_unexpected`], and in any case when the catch-all is dropped
//! (unless the test is already failing), so a test that forgets the check still fails. And
//! [`Reply`]: an answer for a mock to serve, made up or replayed from a recorded exchange
//! ([`Reply::recorded`]).
//!
//! mockito answers a request with the first mock (in creation order) that matches it and has not
//! yet had its expected hits, or else with the last mock that matches it. The catch-all's mocks
//! are created first and expect 0 hits, so they never have hits "missing" and are never the last
//! of several matches: they only answer requests that no other mock matches. (A mock with no
//! `expect` counts as expecting one hit, so without `expect(0)` the catch-all would win the first
//! request.) mockito has no "any method" mock: there is one per method.
//!
//! ```
//! let (mut server, catch_all) = medusa_testkit::mock::server();
//! let _me = server.mock("GET", "/store/customers/me").with_status(200).create();
//! // … requests to server.url() …
//! catch_all.assert_nothing_unexpected();
//! ```

use std::sync::{Arc, Mutex};

use mockito::{Matcher, Mock, ServerGuard};

use crate::captures::Capture;
use crate::http::{header_value, header_values, lock};

/// One request as the mock server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// `GET`, `POST`…
    pub method: String,
    /// Path and query, as sent.
    pub path: String,
    /// Header names (lower case) and values (`<not ascii>` when they are not).
    pub headers: Vec<(String, String)>,
    /// The body, as text.
    pub body: String,
}

impl Seen {
    /// What mockito received.
    pub fn of(req: &mockito::Request) -> Seen {
        Seen {
            method: req.method().to_string(),
            path: req.path_and_query().to_string(),
            headers: req
                .headers()
                .iter()
                .map(|(n, v)| {
                    let value = v.to_str().unwrap_or("<not ascii>");
                    (n.as_str().to_string(), value.to_string())
                })
                .collect(),
            body: req
                .utf8_lossy_body()
                .map(|b| b.into_owned())
                .unwrap_or_default(),
        }
    }

    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// Every value of a header (name compared case-insensitively), in order.
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        header_values(&self.headers, name)
    }

    /// `METHOD path?query`.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// `METHOD path?query [cookie: …] [authorization: …] [x-publishable-api-key: …]
    /// [content-type: …] [idempotency-key: …] body`: the headers that decide which mock matches
    /// (besides `accept` and `user-agent`, which every call of the crate sends alike).
    pub fn describe(&self) -> String {
        let header = |name: &str| header_values(&self.headers, name).join(", ");
        format!(
            "{} {} [cookie: {}] [authorization: {}] [x-publishable-api-key: {}] \
             [content-type: {}] [idempotency-key: {}] {}",
            self.method,
            self.path,
            header("cookie"),
            header("authorization"),
            header("x-publishable-api-key"),
            header("content-type"),
            header("idempotency-key"),
            self.body
        )
    }
}

/// The catch-all mocks of one server, and the requests they answered (see the module doc).
pub struct CatchAll {
    unexpected: Arc<Mutex<Vec<Seen>>>,
    _mocks: Vec<Mock>,
}

impl CatchAll {
    /// Installs the catch-all on `server`: call it before creating the test's own mocks.
    pub fn install(server: &mut ServerGuard) -> CatchAll {
        let unexpected: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let mocks = ["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"]
            .into_iter()
            .map(|method| {
                let log = Arc::clone(&unexpected);
                server
                    .mock(method, Matcher::Any)
                    .expect(0)
                    .with_status(500)
                    .with_header("content-type", "text/plain; charset=utf-8")
                    .with_body_from_request(move |req| {
                        let seen = Seen::of(req);
                        let body = format!("no mock for {}", seen.describe());
                        lock(&log).push(seen);
                        body.into_bytes()
                    })
                    .create()
            })
            .collect();
        CatchAll {
            unexpected,
            _mocks: mocks,
        }
    }

    /// The requests no other mock matched, in order.
    pub fn unexpected(&self) -> Vec<Seen> {
        lock(&self.unexpected).clone()
    }

    /// The requests no other mock matched, in order, forgotten from now on: for a test that
    /// sends one on purpose and checks it.
    pub fn take_unexpected(&self) -> Vec<Seen> {
        std::mem::take(&mut *lock(&self.unexpected))
    }

    /// Fails when any request reached no mock, listing them.
    #[track_caller]
    pub fn assert_nothing_unexpected(&self) {
        let lines: Vec<String> = self.unexpected().iter().map(Seen::describe).collect();
        assert!(
            lines.is_empty(),
            "requests no mock expected:\n{}",
            lines.join("\n")
        );
    }
}

impl Drop for CatchAll {
    /// Fails the test when a request reached no mock, as [`CatchAll::assert_nothing_unexpected`]
    /// does; not while the thread is already panicking (the test has failed, and a second panic
    /// would abort the run).
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_nothing_unexpected();
        }
    }
}

/// A fresh mockito server with its catch-all installed.
pub fn server() -> (ServerGuard, CatchAll) {
    let mut server = mockito::Server::new();
    let catch_all = CatchAll::install(&mut server);
    (server, catch_all)
}

/// A response for a mock to serve: a made-up one ([`Reply::json`], [`Reply::text`]) or a
/// recorded one ([`Reply::recorded`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status (mockito's type).
    pub status: usize,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// A `Set-Cookie` expiry far ahead (see [`Reply::recorded`]).
const FAR_FUTURE: &str = "Expires=Thu, 01 Jan 2099 00:00:00 GMT";

impl Reply {
    /// A JSON answer, `Content-Type: application/json; charset=utf-8` as Medusa sends it.
    pub fn json(status: usize, body: impl Into<String>) -> Reply {
        Reply::text(status, "application/json; charset=utf-8", body)
    }

    /// An answer with this content type.
    pub fn text(status: usize, content_type: &str, body: impl Into<String>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into().into_bytes(),
        }
    }

    /// The same, with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The HTML 503 a proxy answers while the backend restarts.
    pub fn unavailable() -> Reply {
        Reply::text(
            503,
            "text/html",
            "<html><body>503 Service Unavailable</body></html>",
        )
    }

    /// A recorded response, to replay: status, headers and body as recorded, except that the
    /// headers about the connection and the framing (`Content-Length`, `Transfer-Encoding`,
    /// `Connection`, `Keep-Alive`) and `Date` are left to the mock server, and a `Set-Cookie`
    /// expiry is moved to 2099: the recorded ones are ten hours after the recording, and a cookie
    /// store drops a cookie whose expiry is past as it arrives. A removal (`Expires=Thu, 01 Jan
    /// 1970 …`) is kept.
    ///
    /// ```
    /// use medusa_testkit::{captures, mock::Reply};
    /// let reply = Reply::recorded(&captures::load("05-customers-create"));
    /// assert_eq!(reply.status, 200);
    /// assert!(reply.headers.iter().all(|(name, _)| name != "Content-Length"));
    /// ```
    pub fn recorded(capture: &Capture) -> Reply {
        let headers = capture
            .headers
            .iter()
            .filter_map(
                |(header, value)| match header.to_ascii_lowercase().as_str() {
                    "content-length" | "transfer-encoding" | "connection" | "keep-alive"
                    | "date" => None,
                    "set-cookie" => Some((header.clone(), far_future_expiry(value))),
                    _ => Some((header.clone(), value.clone())),
                },
            )
            .collect();
        Reply {
            status: usize::from(capture.status),
            headers,
            body: capture.body.clone(),
        }
    }
}

fn far_future_expiry(set_cookie: &str) -> String {
    set_cookie
        .split("; ")
        .map(|part| {
            if part.starts_with("Expires=") && !part.contains("1970") {
                FAR_FUTURE
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Medusa's session cookie as express-session sets it (`Set-Cookie`), expiring in 2099: the
/// recorded ones expire ten hours after the recording, and a cookie store drops a cookie sent
/// with an `Expires` in the past at once.
pub fn sid_cookie(value: &str) -> String {
    format!("connect.sid={value}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly")
}
