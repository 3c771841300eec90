//! Lost responses (a request the server may have acted on, whose answer never came) and the
//! calls that recover from them, against a scripted server: every request is answered by a
//! router that sees the requests before it, and an empty answer is a lost one (the connection
//! closes with nothing written).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use medusa_blocking::Error;
use medusa_blocking::v1::Medusa;
use medusa_blocking::v1::store::params::{
    AddressCreate, AddressUpdate, CreateCustomer, ResetPassword, UpdateCustomer,
};
use medusa_testkit::fault::{Request, Script, Server, response};
use medusa_testkit::http::date::{civil_from_days, http_date};
use serde_json::{Value, json};

type Route = dyn Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync;

/// A server whose every request goes to `route` (an empty answer is a lost response).
fn routed(route: impl Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync + 'static) -> Server {
    let route: Arc<Route> = Arc::new(route);
    Server::start((0..16).map(|_| {
        let route = Arc::clone(&route);
        Script::new()
            .send_with(move |req, before| route(req, before))
            .close()
    }))
}

fn client(url: &str) -> Medusa {
    Medusa::builder(url)
        .max_retries(1)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

/// `t` as JavaScript's `toISOString()` writes it.
fn iso(t: SystemTime) -> String {
    let ms = t.duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    let t = ms.rem_euclid(86_400_000);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1000 % 60,
        t % 1000
    )
}

fn customer(created_at: &str) -> Value {
    json!({
        "customer": {
            "id": "cus_01LOST",
            "email": "jane@example.com",
            "first_name": "Jane",
            "last_name": "Doe",
            "has_account": true,
            "billing_address_id": null,
            "phone": null,
            "created_at": created_at,
            "updated_at": created_at,
            "deleted_at": null,
            "metadata": null,
            "shipping_addresses": []
        }
    })
}

/// A JSON answer with the server's `Date` and any `Set-Cookie`.
fn answer(status: u16, body: &Value, cookie: Option<&str>) -> Vec<u8> {
    let date = http_date(SystemTime::now());
    let mut headers = vec![
        ("Content-Type", "application/json; charset=utf-8"),
        ("Date", date.as_str()),
    ];
    if let Some(c) = cookie {
        headers.push(("Set-Cookie", c));
    }
    response(status, &headers, body.to_string())
}

fn lost() -> Vec<u8> {
    Vec::new()
}

fn count(before: &[Request], line: &str) -> usize {
    before.iter().filter(|r| r.line() == line).count()
}

const LOGGED_IN: &str = "connect.sid=s%3Alogged-in; Path=/; HttpOnly";

#[test]
fn reset_password_after_a_lost_response_keeps_the_clients_login() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /store/auth" => answer(200, &customer("2024-01-01T00:00:00.000Z"), Some(LOGGED_IN)),
        "POST /store/customers/password-reset" if count(before, &req.line()) == 0 => lost(),
        // The retry: the token was signed with the old password.
        "POST /store/customers/password-reset" => answer(
            500,
            &json!({"type": "unknown_error", "message": "An unknown error occurred."}),
            None,
        ),
        // Medusa 1.x answers a call without a session cookie with a fresh anonymous one.
        "POST /store/auth/token" => answer(
            200,
            &json!({"access_token": "tok-new-password"}),
            Some("connect.sid=s%3Aanonymous-1; Path=/; HttpOnly"),
        ),
        "GET /store/customers/me" => answer(
            200,
            &customer("2024-01-01T00:00:00.000Z"),
            req.header("authorization")
                .map(|_| "connect.sid=s%3Aanonymous-2; Path=/; HttpOnly"),
        ),
        other => panic!("unexpected {other}"),
    });
    let medusa = client(&server.url());
    medusa
        .auth()
        .authenticate("jane@example.com", "old-secret")
        .unwrap();
    let reset = medusa
        .customers()
        .reset_password(&ResetPassword::new("jane@example.com", "tok", "new-secret"))
        .unwrap();
    assert_eq!(reset.id, "cus_01LOST");
    // The next call is still made as the logged-in customer.
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    let lines: Vec<String> = requests.iter().map(Request::line).collect();
    assert_eq!(
        lines,
        [
            "POST /store/auth",
            "POST /store/customers/password-reset",
            "POST /store/customers/password-reset",
            "POST /store/auth/token",
            "GET /store/customers/me",
            "GET /store/customers/me",
        ]
    );
    // The check was made on the side: no cookie sent, none kept.
    assert_eq!(requests[3].header("cookie"), None);
    assert_eq!(requests[4].header("cookie"), None);
    assert_eq!(
        requests[4].header("authorization"),
        Some("Bearer tok-new-password")
    );
    assert_eq!(
        requests[5].header("cookie"),
        Some("connect.sid=s%3Alogged-in")
    );
    assert_eq!(requests[5].header("authorization"), None);
}

fn duplicate() -> Value {
    json!({
        "code": "invalid_request_error",
        "type": "duplicate_error",
        "message": "A customer with the given email already has an account. Log in instead"
    })
}

#[test]
fn create_after_a_lost_response_reports_an_account_that_was_there_as_a_duplicate() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /store/customers" if count(before, &req.line()) == 0 => lost(),
        "POST /store/customers" => answer(422, &duplicate(), None),
        // The account was made last year (same e-mail and password).
        "POST /store/auth" => answer(
            200,
            &customer("2025-01-01T00:00:00.000Z"),
            Some("connect.sid=s%3Asomeone; Path=/; HttpOnly"),
        ),
        other => panic!("unexpected {other}"),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .create(&CreateCustomer::new("jane@example.com", "supersecret1"))
        .unwrap_err();
    assert_eq!(e.status(), Some(422), "{e:?}");
    assert_eq!(
        e.api_error().map(|a| a.kind.as_str()),
        Some("duplicate_error")
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:?}");
    // The check logged in on the side: as nobody, and the client kept no cookie.
    assert_eq!(requests[2].header("cookie"), None);
    assert!(medusa.cookie_store().is_empty());
}

#[test]
fn create_after_a_lost_response_returns_the_account_it_made_logged_in() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /store/customers" if count(before, &req.line()) == 0 => lost(),
        "POST /store/customers" => answer(422, &duplicate(), None),
        // Made a moment ago, by the lost attempt.
        "POST /store/auth" if count(before, &req.line()) == 0 => answer(
            200,
            &customer(&iso(SystemTime::now())),
            Some("connect.sid=s%3Aside; Path=/; HttpOnly"),
        ),
        "POST /store/auth" => answer(
            200,
            &customer(&iso(SystemTime::now())),
            Some("connect.sid=s%3Amine; Path=/; HttpOnly"),
        ),
        "GET /store/customers/me" => answer(200, &customer("2024-01-01T00:00:00.000Z"), None),
        other => panic!("unexpected {other}"),
    });
    let medusa = client(&server.url());
    let created = medusa
        .customers()
        .create(&CreateCustomer::new("jane@example.com", "supersecret1"))
        .unwrap();
    assert_eq!(created.id, "cus_01LOST");
    medusa.customers().retrieve().unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 5, "{requests:?}");
    assert_eq!(requests[2].header("cookie"), None);
    // Logged in with the session of the real log-in, not the side one.
    assert_eq!(requests[4].header("cookie"), Some("connect.sid=s%3Amine"));
}

#[test]
fn a_call_that_changes_something_whose_retries_ran_out_after_a_lost_response_is_an_unknown_outcome()
{
    let server = routed(|req, before| match req.line().as_str() {
        line if count(before, line) == 0 => lost(),
        _ => answer(
            503,
            &json!({"type": "unknown_error", "message": "busy"}),
            None,
        ),
    });
    let medusa = client(&server.url());
    // A POST of the escape hatch is not idempotent unless declared: unknown, the last error
    // kept as its source.
    let e = medusa
        .request("POST", "/store/carts")
        .json(&json!({}))
        .send::<Value>()
        .unwrap_err();
    match &e {
        Error::OutcomeUnknown { operation, error } => {
            assert_eq!(*operation, "a POST");
            assert_eq!(error.status(), Some(503), "the last error is kept");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("unknown"), "{e}");
    // Declared idempotent, it still changes something: after a lost attempt a 503 says nothing
    // about it, the outcome is unknown too.
    let e = medusa
        .request("POST", "/store/carts/cart_1")
        .json(&json!({}))
        .idempotent()
        .send::<Value>()
        .unwrap_err();
    assert!(matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
    // v1 de-duplicates equal addresses, so adding one is idempotent: the lost attempt may have
    // added it all the same, unknown.
    let e = medusa
        .customers()
        .addresses()
        .add_address(&AddressCreate::new(
            "Jane",
            "Doe",
            "1 Main St",
            "Toronto",
            "ca",
            "M5V 2T6",
        ))
        .unwrap_err();
    assert!(matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
    // An update (the same update twice is one update): unknown.
    let e = medusa
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Jo".into()),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
    // A read's error stands: a lost read changed nothing.
    let e = medusa.customers().retrieve().unwrap_err();
    assert_eq!(e.status(), Some(503), "{e:?}");
}

#[test]
fn an_idempotent_call_whose_last_attempt_met_the_servers_verdict_keeps_that_error() {
    // The lost attempt was the same request: a 400 or 404 for it is the server's verdict on
    // the request, which the lost attempt met too. It stands.
    let server = routed(|req, before| match req.line().as_str() {
        line if count(before, line) == 0 => lost(),
        _ => answer(
            404,
            &json!({"type": "not_found", "message": "Address was not found"}),
            None,
        ),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e:?}");
}

#[test]
fn an_update_whose_retry_was_refused_a_login_after_a_lost_response_is_an_unknown_outcome() {
    // The lost attempt was let in and made the update; another clone logged out before the
    // retry, which the server refuses. The 401 judges the retry's credentials, not the update:
    // the outcome is unknown, the 401 kept as its source.
    let server = routed(|req, before| match req.line().as_str() {
        line if count(before, line) == 0 => lost(),
        _ => answer(401, &json!("Unauthorized"), None),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    match &e {
        Error::OutcomeUnknown { error, .. } => assert_eq!(error.status(), Some(401)),
        other => panic!("{other:?}"),
    }
    // Without a lost attempt the 401 stands.
    let server = routed(|_, _| answer(401, &json!("Unauthorized"), None));
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(401), "{e:?}");
}
