//! The harness of the v2 mock-server tests (`tests/v2/`: `auth`, `customers`, `addresses`,
//! `orders`): a mockito server per test that answers with the exchanges recorded from a real
//! Medusa 2.21.2, and mocks that match a request exactly.
//!
//! - [`Api::new`] first installs the test kit's catch-all (`medusa_testkit::mock`): a request that no mock of the test matches is
//!   answered 500 with a body naming it, and the test fails when its `Api` is dropped, listing
//!   every such request. A call that sends something other than what a test expects therefore
//!   fails with the request it did send.
//! - [`Api::call`] makes a mock that matches one request exactly: method, path and query as
//!   sent (percent-encoding included), who it is made as ([`As`]: the `Authorization` and
//!   `Cookie` headers, or their absence), the body ([`Body`]: none and no `Content-Type`, or
//!   this JSON value and `Content-Type: application/json`), and what every call of a v2 client
//!   sends: `Accept: application/json`, the crate's user agent, the publishable key [`KEY`], and
//!   no `Idempotency-Key` (the clients here have `max_retries` 0, the default).
//! - [`capture`] replays a recorded answer (`medusa_testkit::captures::v2`, [`Reply::recorded`]):
//!   status and headers from `tests/fixtures/v2/captures/<name>.http`, body from `<name>.body`
//!   when that file is there (checked equal to the `.http`'s; the bodies `tests/v2/models.rs`
//!   checks), else from the response part of the `.http` file.

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use medusa_blocking::v2::{Medusa, MedusaBuilder};
use medusa_blocking::{Error, ErrorType};
pub use medusa_testkit::mock::{Reply, Seen};
use medusa_testkit::{captures, mock, mock::CatchAll};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Values of the recorded run (tests/fixtures/v2/captures).

/// The publishable key the recorded requests carried.
pub const KEY: &str = "pk_96acd5d4dc81e162a233dc455ab15dc655a94ef7cb21ccdbfda60b7bf4854f65";
pub const EMAIL: &str = "jane.doe.1795715026@example.com";
pub const PASSWORD: &str = "supersecret1";
pub const CUSTOMER_ID: &str = "cus_01M8CF9MSJSFGGB52G8TCT5PE3";
pub const ORDER_ID: &str = "order_01M8CF9TEHGP8GY6X1ZADX3KYC";
/// The first address (Springfield, then Chicago): kept to the end of the run.
pub const ADDRESS_ID: &str = "cuaddr_01M8CF9QR1ZC6RTS21YKY1ZC2Z";
/// The second address (Toronto): deleted by capture 071.
pub const TORONTO_ID: &str = "cuaddr_01M8CF9QTFKN5D1AMCJF5BH2EZ";
/// The third address, made with `{}`.
pub const EMPTY_ADDRESS_ID: &str = "cuaddr_01M8CF9QX35GFXWJ64R3EHKN5E";
/// The `connect.sid` that `POST /auth/session` set (044).
pub const SID: &str =
    "s%3AyQLOQr-5kEbU99SW8LfuopgQWet530X8.eRb50FxMAIlOKE11YkE4v1Ql01lMxNvGkCpuV%2F642vs";

/// An id with every character that must not reach the path raw: `/`, `?`, `#`, space, `@`
/// and a non-ASCII letter.
pub const ODD_ID: &str = "id/1?x#y z@é";
/// [`ODD_ID`] as one percent-encoded path segment.
pub const ODD_SEGMENT: &str = "id%2F1%3Fx%23y%20z%40%C3%A9";

pub const REGISTER: &str = "/auth/customer/emailpass/register";
pub const LOGIN: &str = "/auth/customer/emailpass";
pub const REFRESH: &str = "/auth/token/refresh";
pub const SESSION: &str = "/auth/session";
pub const RESET_REQUEST: &str = "/auth/customer/emailpass/reset-password";
pub const RESET_UPDATE: &str = "/auth/customer/emailpass/update";
pub const CUSTOMERS: &str = "/store/customers";
pub const ME: &str = "/store/customers/me";
pub const ADDRESSES: &str = "/store/customers/me/addresses";
pub const ORDERS: &str = "/store/orders";

/// The `token` of a recorded `{"token": …}` body. The recorded tokens expired on 2026-11-27,
/// and the client does not refresh an expired token by itself (`tests/v2/session.rs`), so no
/// test here meets a refresh it did not ask for.
pub fn token_of(name: &str) -> String {
    let body: Value = serde_json::from_slice(&capture(name).body)
        .unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
    body["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: no token"))
        .to_string()
}

/// The registration token of 008: `actor_id` is `""` (no customer yet).
pub fn registration_token() -> String {
    token_of("008-auth-register")
}

/// The log-in token of 024: `actor_id` is the customer's id.
pub fn login_token() -> String {
    token_of("024-auth-login")
}

/// The token `POST /auth/token/refresh` gave for the log-in token (053).
pub fn refreshed_token() -> String {
    token_of("053-auth-token-refresh")
}

/// The password-reset token the server's notification hook handed out (095).
pub fn reset_token() -> String {
    token_of("095-test-hook-reset-token")
}

// ---------------------------------------------------------------------------------------------
// Recorded exchanges.

/// The recorded response `name`, to replay ([`Reply::recorded`]: framing headers left to the
/// mock server, `Set-Cookie` expiries moved to 2099).
pub fn capture(name: &str) -> Reply {
    Reply::recorded(&captures::v2::load(name))
}

/// The recorded body of `name` as JSON.
pub fn capture_json(name: &str) -> Value {
    captures::v2::load(name).json()
}

/// The JSON body of the recorded request `name`, as the real server accepted it.
pub fn captured_request_json(name: &str) -> Value {
    let capture = captures::v2::load(name);
    serde_json::from_str(capture.request_body())
        .unwrap_or_else(|e| panic!("{name}.http request body: {e}"))
}

// ---------------------------------------------------------------------------------------------
// The mock server.

type Log = Arc<Mutex<Vec<Seen>>>;

/// Who a request is made as: its `Authorization` and `Cookie` headers.
#[derive(Debug, Clone, Copy)]
pub enum As<'a> {
    /// Neither header.
    Anonymous,
    /// `Authorization: Bearer <token>`, no cookie.
    Bearer(&'a str),
    /// `Cookie: connect.sid=<sid>`, no `Authorization`.
    Cookie(&'a str),
    /// Both.
    BearerAndCookie(&'a str, &'a str),
}

/// The body of a request.
#[derive(Debug, Clone)]
pub enum Body {
    /// None, and no `Content-Type`.
    None,
    /// This JSON value (every key counts, their order does not), sent with
    /// `Content-Type: application/json`.
    Json(Value),
}

pub struct Api {
    server: ServerGuard,
    /// Requests answered by the test's own mocks, in order.
    seen: Log,
    /// Answers (500) and records the requests no mock of the test matched.
    catch_all: CatchAll,
}

impl Api {
    pub fn new() -> Api {
        let (server, catch_all) = mock::server();
        Api {
            server,
            seen: Arc::default(),
            catch_all,
        }
    }

    pub fn url(&self) -> String {
        self.server.url()
    }

    /// A v2 builder for this server with the recorded publishable key.
    pub fn builder(&self) -> MedusaBuilder {
        Medusa::builder(self.url()).publishable_api_key(KEY)
    }

    /// A client that is not logged in.
    pub fn medusa(&self) -> Medusa {
        self.builder().build().expect("client")
    }

    /// A client holding the log-in token of 024, as after `auth().login`.
    pub fn logged_in(&self) -> Medusa {
        self.builder()
            .bearer_token(login_token())
            .build()
            .expect("client")
    }

    /// A mock of exactly this request (see the module's documentation), answering `reply`. Not
    /// created yet: add matchers or `.expect(n)`, then `.create()`.
    pub fn call(
        &mut self,
        method: &str,
        target: &str,
        who: As<'_>,
        body: Body,
        reply: &Reply,
    ) -> Mock {
        let (authorization, cookie) = match who {
            As::Anonymous => (None, None),
            As::Bearer(token) => (Some(token), None),
            As::Cookie(sid) => (None, Some(sid)),
            As::BearerAndCookie(token, sid) => (Some(token), Some(sid)),
        };
        let mut mock = self
            .server
            .mock(method, target)
            .match_header("accept", "application/json")
            .match_header(
                "user-agent",
                Matcher::Regex("^medusa-blocking/[0-9]".into()),
            )
            .match_header("x-publishable-api-key", KEY)
            .match_header("idempotency-key", Matcher::Missing)
            .match_header(
                "authorization",
                match authorization {
                    Some(token) => Matcher::Exact(format!("Bearer {token}")),
                    None => Matcher::Missing,
                },
            )
            .match_header(
                "cookie",
                match cookie {
                    Some(sid) => Matcher::Exact(format!("connect.sid={sid}")),
                    None => Matcher::Missing,
                },
            );
        mock = match body {
            Body::None => mock
                .match_header("content-type", Matcher::Missing)
                .match_body(Matcher::Exact(String::new())),
            // The header is matched before the body, so mockito never parses a non-JSON body.
            Body::Json(value) => mock
                .match_header("content-type", "application/json")
                .match_body(Matcher::Json(value)),
        };
        mock = mock.with_status(reply.status);
        for (name, value) in &reply.headers {
            mock = mock.with_header(name.as_str(), value);
        }
        let log = Arc::clone(&self.seen);
        let body = reply.body.clone();
        mock.with_body_from_request(move |req| {
            log.lock().unwrap().push(Seen::of(req));
            body.clone()
        })
    }

    /// The requests the test's mocks answered, in order.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// `METHOD target` of each request the test's mocks answered, in order.
    pub fn lines_seen(&self) -> Vec<String> {
        self.seen().iter().map(Seen::line).collect()
    }

    #[track_caller]
    pub fn assert_nothing_unexpected(&self) {
        self.catch_all.assert_nothing_unexpected();
    }

    /// No request at all reached the server.
    #[track_caller]
    pub fn assert_nothing_sent(&self) {
        self.assert_nothing_unexpected();
        assert_eq!(self.lines_seen(), Vec::<String>::new(), "requests sent");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

/// Asserts a Medusa JSON error as a user reads it: the status, the type (`error_type()` and the
/// raw `kind`), the message, and that it is not worth retrying (every such 4xx).
#[track_caller]
pub fn expect_api_error<T: Debug>(
    result: Result<T, Error>,
    status: u16,
    kind: ErrorType,
    message: &str,
) -> Error {
    let err = result.expect_err("expected an API error");
    assert!(matches!(err, Error::Api { .. }), "not Error::Api: {err:?}");
    assert_eq!(err.status(), Some(status), "{err:?}");
    let api = err.api_error().expect("api_error()");
    assert_eq!(api.error_type(), kind, "{err:?}");
    assert_eq!(api.kind, kind.as_str(), "{err:?}");
    assert_eq!(api.message, message, "{err:?}");
    assert!(!err.is_retryable(), "{err:?} should not be retryable");
    err
}

/// Asserts a refusal made before sending, naming `mentions`.
#[track_caller]
pub fn expect_invalid_input<T: Debug>(result: Result<T, Error>, mentions: &str) {
    match result {
        Err(Error::InvalidInput(message)) => assert!(
            message.contains(mentions),
            "{message:?} should mention {mentions:?}"
        ),
        other => panic!("expected InvalidInput mentioning {mentions:?}, got {other:?}"),
    }
}
