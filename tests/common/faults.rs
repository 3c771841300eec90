//! Fault injection: the crate against a server that misbehaves on purpose (connections closed or
//! reset, truncated and stalled bodies, error statuses, `Retry-After`, bodies that are not the
//! JSON expected, odd cookies, redirects to another host…), each checked against what the crate's
//! docs promise: success after retries, or a given [`Error`] variant with the right status, the
//! right `is_retryable()`, and the right number of requests on the wire.
//!
//! The server is [`medusa_testkit::fault::Server`], scripted per request. Every client gets a
//! recording sleeper and `jitter(|| 1.0)`, so waits between attempts are exact, recorded, and
//! never slept; and a 300 ms timeout, so a hang shows up as a slow test rather than a stuck one.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use medusa_blocking::v1::store::params::CreateCustomer;
use medusa_blocking::{Error, v1::Medusa, v1::MedusaBuilder};
use medusa_testkit::fault::{self, Request, Script, Server, chunked, head, refused_url, response};
use medusa_testkit::http::date::{DateFormat, http_date, http_date_as};
use serde_json::{Value, json};

const ME: &str = "/store/customers/me";
const CUSTOMERS: &str = "/store/customers";
const TIMEOUT: Duration = Duration::from_millis(300);
/// Slack on top of a timeout for a loaded machine; far below anything that would be a hang.
const MARGIN: Duration = Duration::from_millis(1500);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

// ---------------------------------------------------------------------------------------------
// Client and responses.

/// The waits the client asked its sleeper for, in order.
#[derive(Clone, Default)]
struct Waits(Arc<Mutex<Vec<Duration>>>);

impl Waits {
    fn all(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }

    fn total(&self) -> Duration {
        self.all().iter().sum()
    }
}

/// A builder for `url` with `max_retries`, the 300 ms timeout, full (deterministic) jitter and a
/// sleeper that records instead of sleeping.
fn builder(url: &str, max_retries: u32) -> (MedusaBuilder, Waits) {
    let waits = Waits::default();
    let record = waits.clone();
    let b = Medusa::builder(url)
        .max_retries(max_retries)
        .timeout(TIMEOUT)
        .jitter(|| 1.0)
        .sleeper(move |d| record.0.lock().unwrap().push(d));
    (b, waits)
}

fn client(url: &str, max_retries: u32) -> (Medusa, Waits) {
    let (b, waits) = builder(url, max_retries);
    (b.build().unwrap(), waits)
}

/// Runs `f`, and fails if it took longer than `bound` (a hang, or a real sleep).
fn within<T>(bound: Duration, f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let out = f();
    let elapsed = started.elapsed();
    assert!(elapsed < bound, "took {elapsed:?}, more than {bound:?}");
    (out, elapsed)
}

fn customer_value() -> Value {
    json!({
        "customer": {
            "id": "cus_01FAULTS",
            "email": "jane@example.com",
            "first_name": "Jane",
            "last_name": "Doe",
            "has_account": true,
            "billing_address_id": null,
            "phone": null,
            "created_at": "2024-01-01T00:00:00.000Z",
            "updated_at": "2024-01-01T00:00:00.000Z",
            "deleted_at": null,
            "metadata": null,
            "shipping_addresses": []
        }
    })
}

fn customer_bytes() -> Vec<u8> {
    customer_value().to_string().into_bytes()
}

/// A 200 with the customer, then close.
fn ok_customer() -> Script {
    Script::reply(fault::json(200, &customer_value()))
}

/// Medusa's JSON error body.
fn medusa_error(kind: &str, message: &str) -> Value {
    json!({ "type": kind, "message": message })
}

fn jane() -> CreateCustomer {
    CreateCustomer {
        email: "jane@example.com".into(),
        password: "supersecret1".into(),
        first_name: Some("Jane".into()),
        ..Default::default()
    }
}

fn expect_err<T: std::fmt::Debug>(r: Result<T, Error>) -> Error {
    match r {
        Ok(v) => panic!("expected an error, got Ok({v:?})"),
        Err(e) => e,
    }
}

/// No response: `Transport`, no status, retryable.
fn assert_transport(e: &Error) {
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert_eq!(e.status(), None, "{e:?}");
    assert!(e.is_retryable(), "{e:?}");
    assert_eq!(e.retry_after(), None);
}

/// `Timeout` after about `TIMEOUT`: no status, retryable.
fn assert_timeout(e: &Error) {
    match e {
        Error::Timeout { phase, elapsed } => {
            assert!(!phase.is_empty());
            assert!(*elapsed >= TIMEOUT - ms(50), "{elapsed:?}");
            assert!(*elapsed < TIMEOUT + MARGIN, "{elapsed:?}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(e.status(), None);
    assert!(e.is_retryable());
}

/// A `Decode` error of a `status` response, at `path`; never retryable.
fn assert_decode(e: &Error, want_status: u16, want_path: &str) {
    match e {
        Error::Decode { status, path, .. } => {
            assert_eq!(*status, want_status, "{e:?}");
            assert_eq!(path, want_path, "{e:?}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(e.status(), Some(want_status));
    assert!(!e.is_retryable());
    // Display must work (and not panic) on whatever the body was.
    assert!(e.to_string().contains(&format!("HTTP {want_status}")));
}

fn decode_parts(e: &Error) -> (&str, &str) {
    match e {
        Error::Decode { message, body, .. } => (message, body),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A lower-case UUID v4: `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

// ---------------------------------------------------------------------------------------------
// 1. Connection closed before any response.

#[test]
fn closed_before_response_is_a_transport_error() {
    let server = Server::start([Script::new().close(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_transport(&expect_err(r));
    assert_eq!(server.requests().len(), 1, "not retried by default");
    assert!(waits.all().is_empty());
}

#[test]
fn closed_before_response_is_retried_then_succeeds() {
    let server = Server::start([Script::new().close(), Script::new().close(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 2);
    let (r, _) = within(3 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_eq!(r.unwrap().id, "cus_01FAULTS");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.line() == format!("GET {ME}")));
    // Each attempt on a new connection: a closed one is not reused.
    assert_eq!(server.connections(), 3);
    assert_eq!(waits.all(), [ms(500), ms(1000)]);
}

// ---------------------------------------------------------------------------------------------
// 2. Reset.

#[test]
fn reset_before_response_is_a_transport_error() {
    let server = Server::start([Script::new().reset()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    let e = expect_err(r);
    assert_transport(&e);
    assert!(
        matches!(&e, Error::Transport { source }
            if source.io_kind() == Some(std::io::ErrorKind::ConnectionReset)),
        "a reset, not a close: {e:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

/// The harness itself: `reset` is a TCP RST after what was sent, not a FIN.
#[test]
fn scripted_reset_is_a_tcp_reset() {
    use std::io::{Read, Write};
    let server = Server::start([Script::new()
        .send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf")
        .sleep(ms(50))
        .reset()]);
    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(secs(5))).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0; 256];
    let end = loop {
        match stream.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => break Err(e),
        }
    };
    let err = end.expect_err("a reset, not an orderly close");
    assert_eq!(err.kind(), std::io::ErrorKind::ConnectionReset);
    assert!(
        got.is_empty() || got.starts_with(b"HTTP/1.1 200"),
        "{got:?}"
    );
    assert_eq!(server.requests()[0].line(), "GET /");
}

/// Headers and half the body, then RST.
fn reset_mid_body() -> Script {
    let body = customer_bytes();
    let len = body.len().to_string();
    Script::new()
        .send(head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", &len),
            ],
        ))
        .send(body[..body.len() / 2].to_vec())
        .sleep(ms(50))
        .reset()
}

#[test]
fn reset_mid_body_is_a_transport_error() {
    let server = Server::start([reset_mid_body()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    // The body broke off: documented as "no response" (Transport), retryable.
    assert_transport(&expect_err(r));
}

#[test]
fn reset_mid_body_is_retried_then_succeeds() {
    let server = Server::start([reset_mid_body(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 1);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_eq!(r.unwrap().email, "jane@example.com");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(waits.all(), [ms(500)]);
}

// ---------------------------------------------------------------------------------------------
// 3. Content-Length longer than the body, then close.

fn short_body_then_close() -> Script {
    let body = customer_bytes();
    let len = (body.len() + 100).to_string();
    Script::new()
        .send(head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", &len),
            ],
        ))
        .send(body)
        .close()
}

#[test]
fn content_length_longer_than_body_is_a_transport_error() {
    let server = Server::start([short_body_then_close()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    // Not a decode error of a complete-looking body: the body broke off.
    assert_transport(&expect_err(r));
}

#[test]
fn content_length_longer_than_body_is_retried() {
    let server = Server::start([short_body_then_close(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 1);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_eq!(r.unwrap().id, "cus_01FAULTS");
    assert_eq!(server.requests().len(), 2);
    assert_eq!(waits.all(), [ms(500)]);
}

// ---------------------------------------------------------------------------------------------
// 4. Truncated JSON in a 200.

#[test]
fn truncated_json_in_200_is_a_decode_error_and_not_retried() {
    let body = br#"{"customer":{"id":"cus_01FAULTS","email":"jane@exa"#;
    let server = Server::start([
        Script::reply(response(200, &[("Content-Type", "application/json")], body)),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 2);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    let e = expect_err(r);
    assert_decode(&e, 200, "customer.email");
    let (message, snippet) = decode_parts(&e);
    assert!(message.contains("EOF"), "{message}");
    assert!(
        snippet.starts_with(r#"{"customer":{"id":"cus_01FAULTS""#),
        "{snippet}"
    );
    // A complete 200 is an answer: a body that does not decode is not retried.
    assert_eq!(server.requests().len(), 1);
    assert!(waits.all().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 5. Headers that never come; 6. a body that stalls halfway.

#[test]
fn headers_that_never_come_time_out() {
    let server = Server::start([Script::new().stall()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, elapsed) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_timeout(&expect_err(r));
    assert!(elapsed >= TIMEOUT - ms(50), "{elapsed:?}");
}

#[test]
fn headers_trickling_in_still_time_out() {
    // A byte every 40 ms: each read makes progress, the whole exchange does not end in time.
    let raw = response(200, &[("X-Padding", &"p".repeat(200))], "{}");
    let server = Server::start([Script::new().trickle(raw, ms(40)).close()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.get::<Value>("/store/regions"));
    assert_timeout(&expect_err(r));
}

#[test]
fn body_that_stalls_halfway_times_out() {
    let body = customer_bytes();
    let len = body.len().to_string();
    let server = Server::start([Script::new()
        .send(head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", &len),
            ],
        ))
        .send(body[..body.len() / 2].to_vec())
        .stall()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_timeout(&expect_err(r));
}

#[test]
fn body_trickling_in_still_times_out() {
    let body = customer_bytes();
    let len = body.len().to_string();
    let server = Server::start([Script::new()
        .send(head(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", &len),
            ],
        ))
        .trickle(body, ms(40))
        .close()]);
    let (medusa, _) = client(&server.url(), 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_timeout(&expect_err(r));
}

// ---------------------------------------------------------------------------------------------
// 7. 502, 503, 504: retried with exponential backoff, or the typed error.

#[test]
fn gateway_errors_are_retried_with_exponential_backoff() {
    for status in [502, 503, 504] {
        let failing = || Script::reply(response(status, &[("Content-Type", "text/plain")], "down"));
        let server = Server::start([failing(), failing(), failing(), ok_customer()]);
        let (medusa, waits) = client(&server.url(), 3);
        let (r, _) = within(4 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
        assert_eq!(r.unwrap().id, "cus_01FAULTS", "{status}");
        assert_eq!(server.requests().len(), 4, "{status}: N + 1 requests");
        // jitter 1.0, base 500 ms: 500 ms × 2^n.
        assert_eq!(waits.all(), [ms(500), ms(1000), ms(2000)], "{status}");
    }
}

#[test]
fn backoff_is_capped_by_the_max_delay() {
    let failing = || Script::reply(fault::json(503, &medusa_error("unknown_error", "busy")));
    let server = Server::start([failing(), failing(), failing(), failing(), ok_customer()]);
    let (b, waits) = builder(&server.url(), 4);
    let medusa = b.retry_delays(ms(500), ms(1500)).build().unwrap();
    let (r, _) = within(5 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    r.unwrap();
    assert_eq!(server.requests().len(), 5);
    assert_eq!(waits.all(), [ms(500), ms(1000), ms(1500), ms(1500)]);
}

#[test]
fn gateway_errors_without_retries_keep_their_status() {
    for status in [502, 503, 504] {
        // Not Medusa's JSON: Http, with the body snippet.
        let server = Server::start([Script::reply(response(
            status,
            &[("Content-Type", "text/plain")],
            "upstream unavailable",
        ))]);
        let (medusa, waits) = client(&server.url(), 0);
        let e = expect_err(medusa.customers().retrieve());
        match &e {
            Error::Http {
                status: s, body, ..
            } => {
                assert_eq!(*s, status);
                assert_eq!(body, "upstream unavailable");
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(e.status(), Some(status));
        assert!(e.is_retryable());
        assert_eq!(server.requests().len(), 1);
        assert!(waits.all().is_empty());

        // Medusa's JSON: Api.
        let server = Server::start([Script::reply(fault::json(
            status,
            &medusa_error("unknown_error", "An unknown error occurred."),
        ))]);
        let (medusa, _) = client(&server.url(), 0);
        let e = expect_err(medusa.customers().retrieve());
        match &e {
            Error::Api {
                status: s, error, ..
            } => {
                assert_eq!(*s, status);
                assert_eq!(error.kind, "unknown_error");
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(e.status(), Some(status));
        assert!(e.is_retryable());
    }
}

#[test]
fn gateway_errors_exhaust_the_retries() {
    let failing = || Script::reply(response(502, &[], "bad gateway"));
    let server = Server::start([failing(), failing(), failing(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 2);
    let e = expect_err(medusa.customers().retrieve());
    assert!(matches!(e, Error::Http { status: 502, .. }), "{e:?}");
    assert!(e.is_retryable());
    assert_eq!(
        server.requests().len(),
        3,
        "1 + max_retries, then the last error"
    );
    assert_eq!(waits.all(), [ms(500), ms(1000)]);
}

#[test]
fn what_is_retried_and_what_is_not() {
    // (status, retryable: reported by is_retryable() and retried)
    let cases = [
        (500, false),
        (400, false),
        (401, false),
        (403, false),
        (404, false),
        (422, false),
        (409, true),
        (429, true),
        (501, true),
        (599, true),
    ];
    for (status, retryable) in cases {
        let failing = || {
            Script::reply(fault::json(
                status,
                &medusa_error("some_error", "something went wrong"),
            ))
        };
        // Without retries: the typed error, saying whether it is worth retrying.
        let server = Server::start([failing()]);
        let (medusa, _) = client(&server.url(), 0);
        let e = expect_err(medusa.customers().retrieve());
        assert!(
            matches!(&e, Error::Api { status: s, error, .. }
                if *s == status && error.kind == "some_error"),
            "{status}: {e:?}"
        );
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.is_retryable(), retryable, "{status}");

        // With a retry: tried again exactly when retryable.
        let server = Server::start([failing(), ok_customer()]);
        let (medusa, waits) = client(&server.url(), 1);
        let r = medusa.customers().retrieve();
        if retryable {
            r.unwrap_or_else(|e| panic!("{status} should be retried: {e:?}"));
            assert_eq!(server.requests().len(), 2, "{status}");
            assert_eq!(waits.all(), [ms(500)], "{status}");
        } else {
            assert_eq!(expect_err(r).status(), Some(status));
            assert_eq!(server.requests().len(), 1, "{status} must not be retried");
            assert!(waits.all().is_empty());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 8. 409 then 200 on a POST: the same Idempotency-Key on both attempts; 9. a POST not re-sent.

#[test]
fn conflict_on_post_is_retried_with_the_same_idempotency_key() {
    let server = Server::start([
        Script::reply(fault::json(
            409,
            &medusa_error("conflict", "The request conflicted with another request."),
        )),
        // The server checks the key itself: a v4 UUID, the same as on the first attempt.
        Script::new()
            .send_with(|req: &Request, earlier: &[Request]| {
                let key = req.header("idempotency-key");
                let first = earlier.first().and_then(|r| r.header("idempotency-key"));
                match key {
                    Some(k) if is_uuid_v4(k) && Some(k) == first => {
                        fault::json(200, &customer_value())
                    }
                    _ => fault::json(
                        400,
                        &medusa_error("invalid_data", &format!("key {key:?} vs {first:?}")),
                    ),
                }
            })
            .close(),
    ]);
    let (medusa, waits) = client(&server.url(), 2);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().create(&jane()));
    assert_eq!(r.unwrap().id, "cus_01FAULTS");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for req in &requests {
        assert_eq!(req.line(), format!("POST {CUSTOMERS}"));
    }
    let k0 = requests[0].header("idempotency-key").unwrap();
    let k1 = requests[1].header("idempotency-key").unwrap();
    assert!(is_uuid_v4(k0), "{k0}");
    assert_eq!(k0, k1);
    assert_eq!(requests[0].body, requests[1].body, "the same body on both");
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["email"], "jane@example.com");
    assert_eq!(waits.all(), [ms(500)]);

    // Another logical call gets another key.
    let server2 = Server::start([ok_customer()]);
    let (medusa2, _) = client(&server2.url(), 2);
    medusa2.customers().create(&jane()).unwrap();
    let k2 = server2.requests()[0]
        .header("idempotency-key")
        .unwrap()
        .to_string();
    assert!(is_uuid_v4(&k2));
    assert_ne!(k2, k0);
}

#[test]
fn post_that_gets_no_response_is_not_resent_without_retries() {
    for script in [Script::new().close(), Script::new().reset()] {
        let server = Server::start([script.clone(), ok_customer()]);
        let (medusa, waits) = client(&server.url(), 0);
        let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().create(&jane()));
        assert_transport(&expect_err(r));
        let requests = server.requests();
        assert_eq!(requests.len(), 1, "{:?}: exactly one POST", script.steps());
        assert_eq!(requests[0].line(), format!("POST {CUSTOMERS}"));
        assert_eq!(
            requests[0].header("idempotency-key"),
            None,
            "no key without retries"
        );
        assert!(waits.all().is_empty());
    }
}

#[test]
fn post_that_gets_no_response_is_resent_with_retries_and_the_same_key() {
    let server = Server::start([Script::new().reset(), ok_customer()]);
    let (medusa, waits) = client(&server.url(), 1);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().create(&jane()));
    r.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let k0 = requests[0].header("idempotency-key").unwrap();
    assert!(is_uuid_v4(k0));
    assert_eq!(requests[1].header("idempotency-key"), Some(k0));
    assert_eq!(waits.all(), [ms(500)]);
}

// ---------------------------------------------------------------------------------------------
// 10. Retry-After honoured; 11. beyond the ceiling.

#[test]
fn retry_after_seconds_replaces_the_backoff() {
    let server = Server::start([
        Script::reply(response(
            429,
            &[("Retry-After", "1"), ("Content-Type", "text/plain")],
            "Too Many Requests",
        )),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 2);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    r.unwrap();
    assert_eq!(server.requests().len(), 2);
    // Not the 500 ms the backoff would give.
    assert_eq!(waits.all(), [secs(1)]);
}

#[test]
fn retry_after_http_date_replaces_the_backoff() {
    let date = http_date(SystemTime::now() + secs(5));
    let server = Server::start([
        Script::reply(response(429, &[("Retry-After", &date)], "")),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 2);
    let (r, _) = within(2 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    r.unwrap();
    let waits = waits.all();
    assert_eq!(waits.len(), 1);
    // The date has whole seconds: 5 s ahead, less the sub-second part and the time spent.
    assert!(
        (secs(3)..=secs(5)).contains(&waits[0]),
        "{date}: waited {:?}",
        waits[0]
    );
}

#[test]
fn retry_after_in_the_past_retries_at_once() {
    let date = http_date(SystemTime::now() - secs(30));
    let server = Server::start([
        Script::reply(response(503, &[("Retry-After", &date)], "")),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 1);
    medusa.customers().retrieve().unwrap();
    assert_eq!(server.requests().len(), 2);
    // A zero wait is not slept at all.
    assert!(waits.all().iter().all(|w| w.is_zero()), "{:?}", waits.all());
}

#[test]
fn retry_after_in_the_obsolete_http_date_formats_is_honoured() {
    for format in [DateFormat::Rfc850, DateFormat::Asctime] {
        let date = http_date_as(SystemTime::now() + secs(5), format);
        let server = Server::start([
            Script::reply(response(503, &[("Retry-After", &date)], "")),
            ok_customer(),
        ]);
        let (medusa, waits) = client(&server.url(), 1);
        medusa.customers().retrieve().unwrap();
        let waits = waits.all();
        assert_eq!(waits.len(), 1, "{format:?}");
        assert!(
            (secs(3)..=secs(5)).contains(&waits[0]),
            "{format:?} {date}: waited {:?}",
            waits[0]
        );
    }
}

#[test]
fn retry_after_beyond_the_ceiling_ends_the_call_with_the_value() {
    let server = Server::start([
        Script::reply(response(
            429,
            &[("Retry-After", "3600"), ("Content-Type", "text/plain")],
            "Too Many Requests",
        )),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 3);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    let e = expect_err(r);
    assert!(matches!(e, Error::Http { status: 429, .. }), "{e:?}");
    assert_eq!(e.retry_after(), Some(secs(3600)));
    assert_eq!(e.status(), Some(429));
    assert!(e.is_retryable(), "429 is retryable, later");
    assert!(waits.all().is_empty(), "no wait: {:?}", waits.all());
    assert_eq!(server.requests().len(), 1);

    // Medusa's JSON error carries it too; and the ceiling is the configured one.
    let server = Server::start([
        Script::reply(response(
            503,
            &[("Retry-After", "11"), ("Content-Type", "application/json")],
            medusa_error("unknown_error", "maintenance").to_string(),
        )),
        ok_customer(),
    ]);
    let (b, waits) = builder(&server.url(), 3);
    let medusa = b.retry_after_max(secs(10)).build().unwrap();
    let e = expect_err(medusa.customers().retrieve());
    assert!(matches!(e, Error::Api { status: 503, .. }), "{e:?}");
    assert_eq!(e.retry_after(), Some(secs(11)));
    assert_eq!(e.status(), Some(503));
    assert!(e.is_retryable());
    assert!(waits.all().is_empty());
    assert_eq!(server.requests().len(), 1);

    // At the ceiling it is honoured.
    let server = Server::start([
        Script::reply(response(503, &[("Retry-After", "10")], "")),
        ok_customer(),
    ]);
    let (b, waits) = builder(&server.url(), 3);
    let medusa = b.retry_after_max(secs(10)).build().unwrap();
    medusa.customers().retrieve().unwrap();
    assert_eq!(waits.all(), [secs(10)]);
}

#[test]
fn retry_after_on_a_status_that_is_not_retried_changes_nothing() {
    let server = Server::start([
        Script::reply(response(400, &[("Retry-After", "1")], "Bad Request")),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 3);
    let e = expect_err(medusa.customers().retrieve());
    assert!(matches!(e, Error::Http { status: 400, .. }), "{e:?}");
    assert_eq!(e.retry_after(), Some(secs(1)));
    assert!(!e.is_retryable());
    assert!(waits.all().is_empty());
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 12. An HTML 502 from a proxy; 13. an HTML 200.

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
    <center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";

#[test]
fn html_502_from_a_proxy_is_an_http_error_with_a_snippet() {
    // Padded past the snippet length with the comments proxies add.
    let page = format!(
        "{NGINX_502}{}",
        "<!-- a padding to disable MSIE and Chrome friendly error page -->\r\n".repeat(8)
    );
    let server = Server::start([Script::reply(response(
        502,
        &[("Content-Type", "text/html"), ("Server", "nginx/1.25.3")],
        &page,
    ))]);
    let (medusa, _) = client(&server.url(), 0);
    let e = expect_err(medusa.customers().retrieve());
    match &e {
        Error::Http {
            status,
            content_type,
            body,
            retry_after,
        } => {
            assert_eq!(*status, 502);
            assert!(
                content_type.as_deref().unwrap().starts_with("text/html"),
                "{content_type:?}"
            );
            assert!(
                body.starts_with("<html> <head><title>502 Bad Gateway</title>"),
                "white space folded: {body}"
            );
            assert!(body.chars().count() <= 201, "a snippet, not the page");
            assert!(body.ends_with('…'), "{body}");
            assert_eq!(*retry_after, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.status(), Some(502));
    assert!(e.is_retryable());
    assert!(e.to_string().starts_with("HTTP 502: <html>"), "{e}");
}

#[test]
fn html_502_from_a_proxy_is_retried() {
    let server = Server::start([
        Script::reply(response(502, &[("Content-Type", "text/html")], NGINX_502)),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 1);
    medusa.customers().retrieve().unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(waits.all(), [ms(500)]);
}

#[test]
fn html_200_where_json_is_expected_is_a_decode_error() {
    let page =
        "<!DOCTYPE html>\n<html><head><title>Medusa</title></head><body>Welcome</body></html>\n";
    let server = Server::start([Script::reply(response(
        200,
        &[("Content-Type", "text/html; charset=utf-8")],
        page,
    ))]);
    let (medusa, _) = client(&server.url(), 2);
    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, ".");
    let (message, body) = decode_parts(&e);
    assert!(message.starts_with("expected value"), "{message}");
    assert!(body.starts_with("<!DOCTYPE html> <html>"), "{body}");
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 14. JSON of the wrong shape; 15. invalid UTF-8; 21. empty body; 22. 204.

fn reply_json_text(text: &str) -> Script {
    Script::reply(response(200, &[("Content-Type", "application/json")], text))
}

#[test]
fn json_of_the_wrong_shape_names_the_field() {
    let mut wrong = customer_value();
    wrong["customer"]["has_account"] = json!("yes");
    let mut nested = customer_value();
    nested["customer"]["shipping_addresses"] = json!([
        {"id": "addr_1", "city": "Paris"},
        {"id": "addr_2", "city": 75001}
    ]);
    let server = Server::start([
        reply_json_text(&wrong.to_string()),
        reply_json_text(&nested.to_string()),
        reply_json_text(r#"{"id":"cus_01FAULTS","email":"jane@example.com"}"#),
    ]);
    let (medusa, _) = client(&server.url(), 0);

    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, "customer.has_account");
    let (message, body) = decode_parts(&e);
    assert!(
        message.starts_with("invalid type: string \"yes\""),
        "{message}"
    );
    assert!(body.starts_with(r#"{"customer":"#), "{body}");

    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, "customer.shipping_addresses[1].city");

    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, ".");
    assert_eq!(decode_parts(&e).0, "missing field `customer`");
}

#[test]
fn invalid_utf8_is_a_decode_error_not_a_panic() {
    let mut in_string = br#"{"customer":{"id":"cus_"#.to_vec();
    in_string.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    in_string.extend_from_slice(br#"","email":"jane@example.com"}}"#);
    let raw = vec![0xef, 0xbb, 0xbf, 0xff, 0x80, b'{', 0xc0, 0xaf];
    let server = Server::start([
        Script::reply(response(
            200,
            &[("Content-Type", "application/json")],
            &in_string,
        )),
        Script::reply(response(200, &[("Content-Type", "application/json")], &raw)),
        Script::reply(response(502, &[("Content-Type", "text/plain")], &raw)),
    ]);
    let (medusa, _) = client(&server.url(), 0);

    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, "customer.id");
    assert!(decode_parts(&e).1.contains('\u{fffd}'), "{e:?}");

    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 200, ".");
    let _ = format!("{e} {e:?}");

    // An error status with such a body: still the status, a lossy snippet.
    let e = expect_err(medusa.customers().retrieve());
    match &e {
        Error::Http {
            status: 502, body, ..
        } => assert!(body.contains('\u{fffd}'), "{body}"),
        other => panic!("{other:?}"),
    }
    let _ = format!("{e} {e:?}");
}

#[test]
fn empty_200_body_is_a_decode_error() {
    let server = Server::start([
        Script::reply(response(200, &[("Content-Type", "application/json")], "")),
        Script::reply(response(
            200,
            &[("Content-Type", "application/json")],
            " \r\n ",
        )),
    ]);
    let (medusa, _) = client(&server.url(), 2);
    for _ in 0..2 {
        let e = expect_err(medusa.customers().retrieve());
        assert_decode(&e, 200, ".");
        let (message, body) = decode_parts(&e);
        assert!(message.contains("empty body"), "{message}");
        assert_eq!(body, "");
    }
    assert_eq!(server.requests().len(), 2, "neither retried");
}

#[test]
fn no_content_where_a_body_is_expected_is_a_decode_error() {
    let server = Server::start([Script::reply(response(204, &[], ""))]);
    let (medusa, _) = client(&server.url(), 2);
    let e = expect_err(medusa.customers().retrieve());
    assert_decode(&e, 204, ".");
    assert!(decode_parts(&e).0.contains("empty body"));
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// 16. gzip (feature `gzip`).

/// CRC-32 (IEEE, reflected), as gzip uses.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One gzip member holding `data` in a single stored (uncompressed) deflate block.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).expect("a stored block holds at most 65535 bytes");
    // Magic, CM = deflate, no flags, no mtime, no extra flags, OS unknown.
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    out.push(0b001); // BFINAL = 1, BTYPE = 00 (stored)
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

#[test]
fn gzip_helpers() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
    let member = gzip_stored(b"hi");
    assert_eq!(member.len(), 10 + 5 + 2 + 8);
}

#[cfg(feature = "gzip")]
#[test]
fn gzip_encoded_body_is_decoded() {
    let gz = gzip_stored(&customer_bytes());
    let server = Server::start([Script::reply(response(
        200,
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", "gzip"),
        ],
        &gz,
    ))]);
    let (medusa, _) = client(&server.url(), 0);
    let me = medusa.customers().retrieve().unwrap();
    assert_eq!(me.id, "cus_01FAULTS");
    let accept = server.requests()[0]
        .header("accept-encoding")
        .unwrap_or("")
        .to_string();
    assert!(accept.contains("gzip"), "Accept-Encoding: {accept:?}");
}

#[cfg(feature = "gzip")]
#[test]
fn gzip_encoded_error_body_is_decoded_too() {
    let gz = gzip_stored(
        medusa_error("not_found", "Customer was not found")
            .to_string()
            .as_bytes(),
    );
    let server = Server::start([Script::reply(response(
        404,
        &[
            ("Content-Type", "application/json"),
            ("Content-Encoding", "gzip"),
        ],
        &gz,
    ))]);
    let (medusa, _) = client(&server.url(), 0);
    let e = expect_err(medusa.customers().retrieve());
    match &e {
        Error::Api {
            status: 404, error, ..
        } => assert_eq!(error.kind, "not_found"),
        other => panic!("{other:?}"),
    }
}

#[cfg(not(feature = "gzip"))]
#[test]
fn without_the_gzip_feature_gzip_is_not_asked_for() {
    let server = Server::start([ok_customer()]);
    let (medusa, _) = client(&server.url(), 0);
    medusa.customers().retrieve().unwrap();
    let accept = server.requests()[0]
        .header("accept-encoding")
        .unwrap_or("")
        .to_string();
    assert!(!accept.contains("gzip"), "Accept-Encoding: {accept:?}");
}

/// A gzip member whose CRC does not match its data.
#[cfg(feature = "gzip")]
fn gzip_with_bad_crc(data: &[u8]) -> Vec<u8> {
    let mut gz = gzip_stored(data);
    let crc_at = gz.len() - 8;
    gz[crc_at] ^= 0xff;
    gz
}

#[cfg(feature = "gzip")]
#[test]
fn corrupt_gzip_in_a_200_keeps_its_status() {
    let server = Server::start([
        Script::reply(response(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Content-Encoding", "gzip"),
            ],
            gzip_with_bad_crc(&customer_bytes()),
        )),
        ok_customer(),
    ]);
    let (medusa, _) = client(&server.url(), 1);
    let e = expect_err(medusa.customers().retrieve());
    // "Whenever a response arrived, Error::status gives its HTTP status."
    assert_eq!(e.status(), Some(200), "{e:?}");
    assert!(matches!(e, Error::Decode { status: 200, .. }), "{e:?}");
    assert!(!e.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[cfg(feature = "gzip")]
#[test]
fn error_status_with_a_corrupt_gzip_body_keeps_its_status_and_is_retried() {
    let busy = || {
        Script::reply(response(
            503,
            &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            gzip_with_bad_crc(b"<html>Service Unavailable</html>"),
        ))
    };
    let server = Server::start([busy(), ok_customer(), busy()]);
    let (medusa, waits) = client(&server.url(), 1);
    // Documented: 501-599 are tried again.
    medusa.customers().retrieve().unwrap();
    assert_eq!(waits.all(), [ms(500)]);

    let (medusa, _) = client(&server.url(), 0);
    let e = expect_err(medusa.customers().retrieve());
    assert_eq!(e.status(), Some(503), "{e:?}");
    assert!(e.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// 17. Bodies over the limit.

#[test]
fn body_over_the_limit_is_body_too_large() {
    let big = format!(
        r#"{{"customer":{{"id":"cus_1","email":"{}"}}}}"#,
        "a".repeat(200)
    );
    let len = big.len().to_string();
    let server = Server::start([
        // With a Content-Length.
        Script::reply(response(200, &[("Content-Type", "application/json")], &big)),
        // Chunked, no Content-Length.
        Script::new()
            .send(head(
                200,
                &[
                    ("Content-Type", "application/json"),
                    ("Transfer-Encoding", "chunked"),
                    ("Connection", "close"),
                ],
            ))
            .send(chunked(big.as_bytes(), 16))
            .close(),
        // Close-delimited, no Content-Length.
        Script::new()
            .send(head(
                200,
                &[
                    ("Content-Type", "application/json"),
                    ("Connection", "close"),
                ],
            ))
            .send(big.clone())
            .close(),
    ]);
    assert!(len.parse::<u64>().unwrap() > 128);
    let (b, waits) = builder(&server.url(), 2);
    let medusa = b.max_body_size(128).build().unwrap();
    for framing in ["content-length", "chunked", "close-delimited"] {
        let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
        let e = expect_err(r);
        assert!(
            matches!(
                e,
                Error::BodyTooLarge {
                    status: 200,
                    limit: 128
                }
            ),
            "{framing}: {e:?}"
        );
        assert_eq!(e.status(), Some(200));
        assert!(!e.is_retryable(), "{framing}");
    }
    assert_eq!(server.requests().len(), 3, "none retried");
    assert!(waits.all().is_empty());
}

#[test]
fn body_at_the_limit_is_read() {
    let mut text = r#"{"pad":""}"#.to_string();
    let pad = 64 - text.len();
    text.insert_str(8, &"x".repeat(pad));
    assert_eq!(text.len(), 64);
    let server = Server::start([
        reply_json_text(&text),
        Script::new()
            .send(head(200, &[("Transfer-Encoding", "chunked")]))
            .send(chunked(text.as_bytes(), 7))
            .close(),
    ]);
    let (b, _) = builder(&server.url(), 0);
    let medusa = b.max_body_size(64).build().unwrap();
    for _ in 0..2 {
        let v: Value = medusa.get("/store/anything").unwrap();
        assert_eq!(v["pad"].as_str().unwrap().len(), pad);
    }
}

#[test]
fn error_status_with_a_body_over_the_limit_keeps_its_status_and_is_retried() {
    // A proxy's 503 page is larger than a small limit; the status is what matters.
    let page = format!(
        "<html><body>{}</body></html>",
        "Service Unavailable. ".repeat(60)
    );
    let server = Server::start([
        Script::reply(response(503, &[("Content-Type", "text/html")], &page)),
        ok_customer(),
        Script::reply(response(503, &[("Content-Type", "text/html")], &page)),
    ]);
    let (b, waits) = builder(&server.url(), 1);
    let medusa = b.max_body_size(512).build().unwrap();
    // Documented: 501–599 are tried again.
    medusa.customers().retrieve().unwrap();
    assert_eq!(waits.all(), [ms(500)]);

    // Without retries: the 503 itself, with a snippet, retryable.
    let (b, _) = builder(&server.url(), 0);
    let medusa = b.max_body_size(512).build().unwrap();
    let e = expect_err(medusa.customers().retrieve());
    assert!(matches!(e, Error::Http { status: 503, .. }), "{e:?}");
    assert!(e.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// 18. Malformed Set-Cookie; 19. Set-Cookie for another domain.

#[test]
fn malformed_set_cookie_is_ignored() {
    let mut first = head(
        200,
        &[
            ("Content-Type", "application/json"),
            ("Set-Cookie", "=orphan-value"),
            ("Set-Cookie", "no-equals-sign"),
            ("Set-Cookie", ";;;"),
            ("Set-Cookie", ""),
            ("Set-Cookie", "connect.sid=s%3Agood; Path=/; HttpOnly"),
            ("Connection", "close"),
        ],
    );
    // A Set-Cookie with non-ASCII bytes (obs-text): not a valid header string.
    let pos = first.len() - 2;
    first.splice(
        pos..pos,
        b"Set-Cookie: bin\xff\xfe=\xc3\x28\r\n".iter().copied(),
    );
    let body = customer_bytes();
    let pos = first.len() - 2;
    let cl = format!("Content-Length: {}\r\n", body.len());
    first.splice(pos..pos, cl.bytes());
    first.extend_from_slice(&body);

    let server = Server::start([Script::reply(first), ok_customer()]);
    let (medusa, _) = client(&server.url(), 0);
    medusa.customers().retrieve().unwrap();
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(
        requests[1].header_all("cookie"),
        ["connect.sid=s%3Agood"],
        "only the well-formed cookie"
    );
}

#[test]
fn set_cookie_for_another_domain_is_not_stored() {
    let server = Server::start([
        Script::reply(response(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Set-Cookie", "evil=1; Domain=evil.example; Path=/"),
                ("Set-Cookie", "evil2=1; Domain=.example; Path=/"),
                ("Set-Cookie", "connect.sid=s%3Amine; Path=/; HttpOnly"),
            ],
            customer_bytes(),
        )),
        ok_customer(),
    ]);
    let (medusa, _) = client(&server.url(), 0);
    medusa.customers().retrieve().unwrap();
    medusa.customers().retrieve().unwrap();
    assert_eq!(
        server.requests()[1].header_all("cookie"),
        ["connect.sid=s%3Amine"]
    );
    let names: Vec<String> = medusa
        .cookie_store()
        .cookies()
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    assert_eq!(names, ["connect.sid"]);
}

#[test]
fn cookie_set_by_a_failed_attempt_is_sent_on_the_retry() {
    let server = Server::start([
        Script::reply(response(
            503,
            &[("Set-Cookie", "connect.sid=s%3Afirst; Path=/; HttpOnly")],
            "busy",
        )),
        ok_customer(),
    ]);
    let (medusa, _) = client(&server.url(), 1);
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("cookie"), None);
    assert_eq!(requests[1].header_all("cookie"), ["connect.sid=s%3Afirst"]);
}

// ---------------------------------------------------------------------------------------------
// 20. A redirect to another host.

#[test]
fn redirect_to_another_host_is_not_followed() {
    let other = Server::start([]);
    let port = other.addr().port();
    // `localhost` is another host than `127.0.0.1` for cookies, and the same listener.
    let location = format!("http://localhost:{port}{ME}");
    let server = Server::start([
        Script::reply(response(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Set-Cookie", "connect.sid=s%3Asession; Path=/; HttpOnly"),
            ],
            customer_bytes(),
        )),
        Script::reply(response(302, &[("Location", &location)], "Found")),
        Script::reply(response(307, &[("Location", &location)], "")),
    ]);
    let (medusa, waits) = client(&server.url(), 3);
    medusa.customers().retrieve().unwrap();

    let e = expect_err(medusa.customers().retrieve());
    match &e {
        Error::Redirect {
            status,
            location: l,
        } => {
            assert_eq!(*status, 302);
            assert_eq!(l.as_deref(), Some(location.as_str()));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.status(), Some(302));
    assert!(!e.is_retryable());
    assert!(e.to_string().contains(&location), "{e}");

    let e = expect_err(medusa.customers().create(&jane()));
    assert!(
        matches!(&e, Error::Redirect { status: 307, location: Some(l) } if *l == location),
        "{e:?}"
    );

    assert_eq!(server.requests().len(), 3, "a redirect is not retried");
    assert!(waits.all().is_empty());
    // The session cookie went to the server that set it, and nothing went to the other one.
    assert_eq!(
        server.requests()[1].header_all("cookie"),
        ["connect.sid=s%3Asession"]
    );
    assert_eq!(other.connections(), 0);
    assert!(other.requests().is_empty());
}

// ---------------------------------------------------------------------------------------------
// 23. The retry budget.

#[test]
fn retry_budget_against_a_server_that_never_answers() {
    let n = 3;
    let server = Server::start((0..=n).map(|_| Script::new().stall()));
    let (b, waits) = builder(&server.url(), n);
    let medusa = b
        .retry_delays(ms(500), ms(800))
        .retry_after_max(secs(1))
        .build()
        .unwrap();
    let bound = medusa.max_call_duration();
    assert_eq!(bound, 4 * TIMEOUT + 3 * secs(1));

    let (r, elapsed) = within(bound, || medusa.customers().retrieve());
    assert_timeout(&expect_err(r));
    assert_eq!(server.requests().len(), n as usize + 1, "n + 1 attempts");

    let waits = waits.all();
    // 500 ms × 2^k, capped at 800 ms.
    assert_eq!(waits, [ms(500), ms(800), ms(800)]);
    assert!(waits.iter().all(|w| *w <= ms(800)));
    // What the call would have taken with real sleeps is within the documented bound.
    let total = elapsed + waits.iter().sum::<Duration>();
    assert!(
        total <= bound,
        "{elapsed:?} + waits = {total:?} > {bound:?}"
    );
    // Each attempt took about one timeout.
    assert!(elapsed >= 4 * (TIMEOUT - ms(50)), "{elapsed:?}");
}

#[test]
fn retry_budget_with_retry_after_stays_within_max_call_duration() {
    let busy = || Script::reply(response(503, &[("Retry-After", "2")], ""));
    let server = Server::start([busy(), busy(), Script::new().stall()]);
    let (b, waits) = builder(&server.url(), 2);
    let medusa = b
        .retry_delays(ms(100), ms(200))
        .retry_after_max(secs(2))
        .build()
        .unwrap();
    let bound = medusa.max_call_duration();
    let (r, elapsed) = within(bound, || medusa.customers().retrieve());
    assert_timeout(&expect_err(r));
    assert_eq!(waits.all(), [secs(2), secs(2)]);
    assert!(elapsed + waits.total() <= bound);
}

// ---------------------------------------------------------------------------------------------
// 24. Connection refused.

#[test]
fn connection_refused_is_a_retryable_transport_error() {
    let url = refused_url();
    let (medusa, waits) = client(&url, 0);
    let (r, _) = within(TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_transport(&expect_err(r));
    assert!(waits.all().is_empty());

    let (medusa, waits) = client(&url, 2);
    let (r, _) = within(3 * TIMEOUT + MARGIN, || medusa.customers().retrieve());
    assert_transport(&expect_err(r));
    assert_eq!(waits.all(), [ms(500), ms(1000)], "retried twice");
}

// ---------------------------------------------------------------------------------------------
// Odd but legal, and oversized, response heads.

#[test]
fn interim_1xx_responses_are_skipped() {
    let mut raw = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
    raw.extend_from_slice(b"HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n");
    raw.extend(fault::json(200, &customer_value()));
    let server = Server::start([Script::reply(raw)]);
    let (medusa, _) = client(&server.url(), 0);
    assert_eq!(medusa.customers().retrieve().unwrap().id, "cus_01FAULTS");
}

#[test]
fn oversized_response_headers_are_retried_or_not_retryable() {
    // Past ureq's 64 KiB limit on a response head.
    let big = "x".repeat(70 * 1024);
    let server = Server::start([
        Script::reply(response(200, &[("X-Big", &big)], "{}")),
        ok_customer(),
    ]);
    let (medusa, waits) = client(&server.url(), 1);
    match medusa.customers().retrieve() {
        // Documented: Transport means no response, and no response is tried again.
        Ok(_) => {
            assert_eq!(server.requests().len(), 2);
            assert_eq!(waits.all(), [ms(500)]);
        }
        // Or, if such an error is not worth retrying, it must not say it is.
        Err(e) => {
            assert_eq!(server.requests().len(), 1);
            assert!(
                !e.is_retryable(),
                "given up without a retry, yet is_retryable(): {e:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keep-alive.

#[test]
fn keep_alive_connection_is_reused() {
    let keep = || {
        Script::new().send(response(
            200,
            &[
                ("Content-Type", "application/json"),
                ("Connection", "keep-alive"),
            ],
            customer_bytes(),
        ))
    };
    let server = Server::start([keep(), keep()]);
    let (medusa, _) = client(&server.url(), 0);
    medusa.customers().retrieve().unwrap();
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].connection, 0);
    assert_eq!(server.connections(), 1);
}

#[test]
fn pooled_connection_closed_by_the_server_is_not_used() {
    // Keep-alive, then the server closes the idle connection (as Node does after 5 s).
    let server = Server::start([
        Script::new()
            .send(response(
                200,
                &[
                    ("Content-Type", "application/json"),
                    ("Connection", "keep-alive"),
                ],
                customer_bytes(),
            ))
            .sleep(ms(20))
            .close(),
        ok_customer(),
    ]);
    let (medusa, _) = client(&server.url(), 0);
    medusa.customers().retrieve().unwrap();
    std::thread::sleep(ms(150));
    // No retries: the second call must not fail on the dead connection.
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].connection, 1);
}
