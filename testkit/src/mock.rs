//! A catch-all for mockito servers: every request that no mock of the test matches gets a `500`
//! whose body names it, and is recorded, so that a test can fail listing every such request:
//! with [`CatchAll::assert_nothing_unexpected`], and in any case when the catch-all is dropped
//! (unless the test is already failing), so a test that forgets the check still fails.
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

    /// `METHOD path?query [cookie: …] [authorization: …] [x-publishable-api-key: …] body`:
    /// the headers that decide which mock matches.
    pub fn describe(&self) -> String {
        let header = |name: &str| header_values(&self.headers, name).join(", ");
        format!(
            "{} {} [cookie: {}] [authorization: {}] [x-publishable-api-key: {}] {}",
            self.method,
            self.path,
            header("cookie"),
            header("authorization"),
            header("x-publishable-api-key"),
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

/// Medusa's session cookie as express-session sets it (`Set-Cookie`), expiring in 2099: the
/// recorded ones expire ten hours after the recording, and a cookie store drops a cookie sent
/// with an `Expires` in the past at once.
pub fn sid_cookie(value: &str) -> String {
    format!("connect.sid={value}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly")
}
