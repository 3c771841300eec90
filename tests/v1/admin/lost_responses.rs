//! The admin creates after a lost response, against a scripted server: every request is
//! answered by a router that sees the requests before it, and an empty answer is a lost one
//! (the connection closes with nothing written). Updates, deletes and memberships are
//! idempotent (a retry is harmless, see `customers.rs`); creates are not, and recover here.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use medusa_blocking::Error;
use medusa_blocking::v1::admin::Admin;
use medusa_blocking::v1::admin::params::{CALL_ID_KEY, CreateCustomer, CreateCustomerGroup};
use medusa_testkit::fault::{Request, Script, Server, response};
use medusa_testkit::http::date::{civil_from_days, http_date};
use serde_json::{Value, json};

use super::TOKEN;

type Route = dyn Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync;

fn routed(route: impl Fn(&Request, &[Request]) -> Vec<u8> + Send + Sync + 'static) -> Server {
    let route: Arc<Route> = Arc::new(route);
    Server::start((0..16).map(|_| {
        let route = Arc::clone(&route);
        Script::new()
            .send_with(move |req, before| route(req, before))
            .close()
    }))
}

fn admin(url: &str) -> Admin {
    Admin::builder(url)
        .api_token(TOKEN)
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

/// A JSON answer with the server's `Date`.
fn answer(status: u16, body: &Value) -> Vec<u8> {
    let date = http_date(SystemTime::now());
    response(
        status,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Date", date.as_str()),
        ],
        body.to_string(),
    )
}

/// The same with, as Medusa 1.x gives a call made without a session, a fresh anonymous session
/// cookie.
fn answer_with_cookie(status: u16, body: &Value) -> Vec<u8> {
    let date = http_date(SystemTime::now());
    response(
        status,
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Date", date.as_str()),
            ("Set-Cookie", "connect.sid=s%3Aanonymous; Path=/; HttpOnly"),
        ],
        body.to_string(),
    )
}

fn lost() -> Vec<u8> {
    Vec::new()
}

fn count(before: &[Request], line: &str) -> usize {
    before.iter().filter(|r| r.line() == line).count()
}

fn customer(email: &str, account: bool, created_at: &str) -> Value {
    json!({"id": "cus_01LOST", "email": email, "first_name": "Jane", "last_name": "Doe",
           "has_account": account, "created_at": created_at, "updated_at": created_at,
           "deleted_at": null, "metadata": null, "billing_address_id": null, "phone": null})
}

/// The same, carrying a call's id in its metadata as the crate marks what it creates.
fn marked(mut customer: Value, call_id: &str) -> Value {
    customer["metadata"] = json!({ CALL_ID_KEY: call_id });
    customer
}

/// The call id the first request `line` carried in its body's metadata.
fn call_id(before: &[Request], line: &str) -> String {
    let first = before
        .iter()
        .find(|r| r.line() == line)
        .expect("the first attempt");
    let body: Value = serde_json::from_slice(&first.body).unwrap();
    body["metadata"][CALL_ID_KEY]
        .as_str()
        .expect("a create sent with retries on carries its call id")
        .to_string()
}

const CHECK: &str = "GET /admin/customers?q=jane%40example.com&has_account=false&order=-created_at&limit=100&offset=0";

fn duplicate() -> Value {
    json!({"code": "invalid_request_error", "type": "duplicate_error",
           "message": "Guest customer with email already exists"})
}

fn jane() -> CreateCustomer {
    CreateCustomer::new("Jane@Example.com", "Jane", "Doe")
}

#[test]
fn a_customer_made_by_the_lost_attempt_is_found_and_returned() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /admin/customers" if count(before, "POST /admin/customers") == 0 => lost(),
        "POST /admin/customers" => answer(422, &duplicate()),
        CHECK => {
            assert_eq!(req.header("x-medusa-access-token"), Some(TOKEN));
            // Another customer matches the text but not the e-mail, one is older.
            answer_with_cookie(
                200,
                &json!({"customers": [
                    marked(customer("jane@example.com.au", false, &iso(SystemTime::now())), &call_id(before, "POST /admin/customers")),
                    marked(customer("jane@example.com", false, &iso(SystemTime::now())), &call_id(before, "POST /admin/customers")),
                    customer("jane@example.com", false, "2020-01-01T00:00:00.000Z"),
                ], "count": 3, "offset": 0, "limit": 100}),
            )
        }
        other => panic!("unexpected {other}"),
    });
    let admin = admin(&server.url());
    let made = admin.customers().create(&jane()).unwrap();
    assert_eq!(made.email, "jane@example.com");
    // The look-up was made on the side: no cookie of its answer is kept.
    assert!(admin.cookie_store().is_empty());
    let lines: Vec<String> = server.requests().iter().map(Request::line).collect();
    assert_eq!(
        lines,
        ["POST /admin/customers", "POST /admin/customers", CHECK]
    );
}

#[test]
fn a_customer_that_was_there_before_is_the_duplicate_it_is() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /admin/customers" if count(before, "POST /admin/customers") == 0 => lost(),
        // The retry meets a 503, not the duplicate: the look-up says what happened.
        "POST /admin/customers" => {
            answer(503, &json!({"type": "unknown_error", "message": "busy"}))
        }
        CHECK => answer(
            200,
            &json!({"customers": [customer("jane@example.com", false, "2020-01-01T00:00:00.000Z")],
                    "count": 1, "offset": 0, "limit": 100}),
        ),
        other => panic!("unexpected {other}"),
    });
    match admin(&server.url()).customers().create(&jane()) {
        Err(Error::Api {
            status: 422, error, ..
        }) => {
            assert_eq!(error.kind, "duplicate_error");
            assert_eq!(error.message, "Guest customer with email already exists");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn no_customer_found_keeps_the_calls_own_error() {
    let server = routed(|req, before| match req.line().as_str() {
        "POST /admin/customers" if count(before, "POST /admin/customers") == 0 => lost(),
        "POST /admin/customers" => answer(
            400,
            &json!({"type": "invalid_data", "message": "email must be an email"}),
        ),
        CHECK => answer(
            200,
            &json!({"customers": [], "count": 0, "offset": 0, "limit": 100}),
        ),
        other => panic!("unexpected {other}"),
    });
    let err = admin(&server.url())
        .customers()
        .create(&jane())
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[test]
fn no_way_to_look_is_an_unknown_outcome() {
    let server = routed(|req, _| match req.line().as_str() {
        "POST /admin/customers" => lost(),
        CHECK => answer(
            500,
            &json!({"type": "unknown_error", "message": "An unknown error occurred."}),
        ),
        other => panic!("unexpected {other}"),
    });
    match admin(&server.url()).customers().create(&jane()) {
        Err(Error::OutcomeUnknown { operation, .. }) => assert_eq!(operation, "create customer"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_account_is_looked_up_among_accounts() {
    const ACCOUNT_CHECK: &str = "GET /admin/customers?q=jane%40example.com&has_account=true&order=-created_at&limit=100&offset=0";
    let server = routed(|req, before| match req.line().as_str() {
        "POST /admin/customers" if count(before, "POST /admin/customers") == 0 => lost(),
        "POST /admin/customers" => answer(
            422,
            &json!({"code": "invalid_request_error", "type": "duplicate_error",
                    "message": "A customer with the given email already has an account. Log in instead"}),
        ),
        ACCOUNT_CHECK => answer(
            200,
            &json!({"customers": [marked(customer("jane@example.com", true, &iso(SystemTime::now())), &call_id(before, "POST /admin/customers"))],
                    "count": 1, "offset": 0, "limit": 100}),
        ),
        other => panic!("unexpected {other}"),
    });
    let made = admin(&server.url())
        .customers()
        .create(&CreateCustomer {
            password: Some("secret-PW".into()),
            ..jane()
        })
        .unwrap();
    assert!(made.has_account);
}

#[test]
fn a_group_made_by_the_lost_attempt_is_found_and_one_made_before_is_a_duplicate() {
    const GROUP_CHECK: &str = "GET /admin/customer-groups?name%5B0%5D=VIP&limit=10";
    // Made by this call (its id), before it, or meanwhile by an identical call (another id):
    // only the first is this call's.
    for (created_at, made_by_call, other_call) in [
        (iso(SystemTime::now()), true, false),
        ("2020-01-01T00:00:00.000Z".to_string(), false, false),
        (iso(SystemTime::now()), false, true),
    ] {
        let server = routed(move |req, before| match req.line().as_str() {
            "POST /admin/customer-groups" if count(before, "POST /admin/customer-groups") == 0 => {
                lost()
            }
            "POST /admin/customer-groups" => answer(
                422,
                &json!({"code": "invalid_request_error", "type": "duplicate_error",
                        "message": "Key (name)=(VIP) already exists."}),
            ),
            GROUP_CHECK => {
                let id = call_id(before, "POST /admin/customer-groups");
                let metadata = match (made_by_call, other_call) {
                    (true, _) => json!({ CALL_ID_KEY: id }),
                    (false, true) => json!({ CALL_ID_KEY: "another-call" }),
                    _ => Value::Null,
                };
                answer(
                    200,
                    &json!({"count": 1, "customer_groups": [
                        {"id": "cgrp_01LOST", "name": "VIP", "created_at": created_at, "metadata": metadata}
                    ], "offset": 0, "limit": 10}),
                )
            }
            other => panic!("unexpected {other}"),
        });
        let result = admin(&server.url())
            .customer_groups()
            .create(&CreateCustomerGroup::new("VIP"));
        if made_by_call {
            assert_eq!(result.unwrap().id, "cgrp_01LOST");
        } else {
            match result {
                Err(Error::Api {
                    status: 422, error, ..
                }) => {
                    assert_eq!(error.message, "Key (name)=(VIP) already exists.")
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

/// Two identical creates at once (two import runs over the same row): the one whose first
/// attempt was lost must not take the customer the other made for its own (the chaos soak
/// found the import reporting one row created twice).
#[test]
fn a_customer_an_identical_call_made_meanwhile_is_not_this_calls() {
    for other in [json!({ CALL_ID_KEY: "another-call" }), Value::Null] {
        let server = routed(move |req, before| match req.line().as_str() {
            "POST /admin/customers" if count(before, "POST /admin/customers") == 0 => lost(),
            "POST /admin/customers" => answer(422, &duplicate()),
            CHECK => {
                // Same e-mail, names and account status, made during the call, by another call.
                let mut theirs = customer("jane@example.com", false, &iso(SystemTime::now()));
                theirs["metadata"] = other.clone();
                answer(
                    200,
                    &json!({"customers": [theirs], "count": 1, "offset": 0, "limit": 100}),
                )
            }
            line => panic!("unexpected {line}"),
        });
        match admin(&server.url()).customers().create(&jane()) {
            Err(Error::Api {
                status: 422, error, ..
            }) => assert_eq!(error.kind, "duplicate_error"),
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_create_with_retries_on_carries_its_call_id_and_without_none() {
    let server = routed(|req, _| match req.line().as_str() {
        "POST /admin/customers" => answer(
            201,
            &json!({"customer": customer("jane@example.com", false, &iso(SystemTime::now()))}),
        ),
        "POST /admin/customer-groups" => answer(
            200,
            &json!({"customer_group": {"id": "cgrp_1", "name": "VIP"}}),
        ),
        line => panic!("unexpected {line}"),
    });
    admin(&server.url()).customers().create(&jane()).unwrap();
    admin(&server.url())
        .customer_groups()
        .create(&CreateCustomerGroup::new("VIP"))
        .unwrap();
    let plain = Admin::builder(server.url())
        .api_token(TOKEN)
        .max_retries(0)
        .build()
        .unwrap();
    plain.customers().create(&jane()).unwrap();
    plain
        .customer_groups()
        .create(&CreateCustomerGroup::new("VIP"))
        .unwrap();
    let bodies: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    for marked in &bodies[..2] {
        let id = marked["metadata"][CALL_ID_KEY].as_str().unwrap();
        assert_eq!(id.len(), 36, "{marked}");
    }
    assert_eq!(
        bodies[2],
        json!({"email": "Jane@Example.com", "first_name": "Jane", "last_name": "Doe", "password": ""})
    );
    assert_eq!(bodies[3], json!({"name": "VIP"}));
}
