//! Lost responses of the admin creates, against a scripted server (an empty answer is a lost
//! one: the connection closes with nothing written): the lost attempt's record is found by this
//! call's id in its metadata and returned, a record that is not this call's keeps the server's
//! error, the copies a lost attempt made are deleted and nothing else, and a lost create that
//! cannot be looked up is an unknown outcome.

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::Error;
use medusa_blocking::v2::admin::Admin;
use medusa_blocking::v2::admin::params::{CALL_ID_KEY, CreateCustomer, CreateCustomerGroup};
use medusa_testkit::fault::{Request, Script, Server, json as answer};
use serde_json::{Value, json};

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

fn client(url: &str) -> Admin {
    Admin::builder(url)
        .secret_api_key("sk_test")
        .max_retries(1)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

fn path(req: &Request) -> &str {
    req.target.split('?').next().unwrap_or("")
}

fn posts(before: &[Request], to: &str) -> usize {
    before
        .iter()
        .filter(|r| r.method == "POST" && path(r) == to)
        .count()
}

/// The call id the first POST to `to` carried.
fn call_id(before: &[Request], to: &str) -> String {
    before
        .iter()
        .find(|r| r.method == "POST" && path(r) == to)
        .and_then(|r| serde_json::from_slice::<Value>(&r.body).ok())
        .and_then(|b| b["metadata"][CALL_ID_KEY].as_str().map(str::to_string))
        .expect("the first POST carried a call id")
}

fn customer(id: &str, email: Option<&str>, created_at: &str, mark: Option<&str>) -> Value {
    let metadata = match mark {
        Some(m) => json!({ CALL_ID_KEY: m }),
        None => Value::Null,
    };
    json!({"id": id, "email": email, "has_account": false, "metadata": metadata,
           "created_at": created_at, "updated_at": created_at})
}

fn duplicate() -> Vec<u8> {
    answer(
        400,
        &json!({"type": "invalid_data", "message": "Customer with email: a@b.c, has_account: false, already exists."}),
    )
}

#[test]
fn a_lost_create_with_an_email_is_found_by_its_mark() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/admin/customers") if posts(before, "/admin/customers") == 0 => Vec::new(),
        ("POST", "/admin/customers") => duplicate(),
        ("GET", "/admin/customers") => {
            assert!(
                req.target
                    .contains("email%5B0%5D=a%40b.c&has_account=false"),
                "{}",
                req.target
            );
            let mine = call_id(before, "/admin/customers");
            answer(
                200,
                &json!({"customers": [customer("cus_MINE", Some("a@b.c"), "2026-12-05T17:00:00.000Z", Some(&mine))],
                                "count": 1, "offset": 0, "limit": 50}),
            )
        }
        ("GET", "/admin/customers/cus_MINE") => answer(
            200,
            &json!({"customer": customer("cus_MINE", Some("a@b.c"), "2026-12-05T17:00:00.000Z", None)}),
        ),
        _ => answer(500, &json!({"message": "unexpected"})),
    });
    let made = client(&server.url())
        .customers()
        .create(&CreateCustomer::with_email("a@b.c"))
        .unwrap();
    assert_eq!(made.id, "cus_MINE");
    assert!(server.requests().iter().all(|r| r.method != "DELETE"));
}

#[test]
fn a_record_that_is_not_this_calls_keeps_the_duplicate_error() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/admin/customers") if posts(before, "/admin/customers") == 0 => Vec::new(),
        ("POST", "/admin/customers") => duplicate(),
        ("GET", "/admin/customers") => answer(
            200,
            &json!({"customers": [customer("cus_OTHER", Some("a@b.c"), "2026-12-05T17:00:00.000Z", Some("another-call"))],
                    "count": 1, "offset": 0, "limit": 50}),
        ),
        _ => answer(500, &json!({"message": "unexpected"})),
    });
    let err = client(&server.url())
        .customers()
        .create(&CreateCustomer::with_email("a@b.c"))
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[test]
fn without_an_email_the_lost_attempts_copy_is_deleted_and_nothing_else() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/admin/customers") if posts(before, "/admin/customers") == 0 => Vec::new(),
        ("POST", "/admin/customers") => {
            let mine = call_id(before, "/admin/customers");
            answer(
                200,
                &json!({"customer": customer("cus_RETRY", None, "2026-12-05T17:00:01.000Z", Some(&mine))}),
            )
        }
        ("GET", "/admin/customers") => {
            assert!(
                req.target
                    .contains("created_at%5B%24lte%5D=2026-12-05T17%3A00%3A01.000Z")
                    && req.target.contains("order=-created_at"),
                "{}",
                req.target
            );
            let mine = call_id(before, "/admin/customers");
            answer(
                200,
                &json!({"customers": [
                customer("cus_RETRY", None, "2026-12-05T17:00:01.000Z", Some(&mine)),
                customer("cus_OTHERS", None, "2026-12-05T17:00:00.900Z", Some("another-call")),
                customer("cus_LOST", None, "2026-12-05T17:00:00.500Z", Some(&mine)),
                customer("cus_PLAIN", None, "2026-12-05T16:59:59.000Z", None),
                // Made long before the call: the walk stops here.
                customer("cus_OLD", None, "2026-12-01T00:00:00.000Z", Some(&mine)),
            ], "count": 5, "offset": 0, "limit": 50}),
            )
        }
        ("DELETE", "/admin/customers/cus_LOST") => answer(
            200,
            &json!({"id": "cus_LOST", "object": "customer", "deleted": true}),
        ),
        _ => answer(500, &json!({"message": "unexpected"})),
    });
    let made = client(&server.url())
        .customers()
        .create(&CreateCustomer {
            first_name: Some("NoMail".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(made.id, "cus_RETRY");
    let deletes: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(deletes, ["/admin/customers/cus_LOST"]);
}

#[test]
fn a_lost_create_without_an_email_and_a_failed_retry_is_an_unknown_outcome() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/admin/customers") if posts(before, "/admin/customers") == 0 => Vec::new(),
        _ => answer(503, &json!({"message": "unavailable"})),
    });
    let err = client(&server.url())
        .customers()
        .create(&CreateCustomer::default())
        .unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { .. }), "{err:?}");
}

#[test]
fn a_lost_group_create_is_found_by_name_and_mark() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/admin/customer-groups") if posts(before, "/admin/customer-groups") == 0 => {
            Vec::new()
        }
        ("POST", "/admin/customer-groups") => answer(
            400,
            &json!({"type": "invalid_data", "message": "Customer group with name: VIP, already exists."}),
        ),
        ("GET", "/admin/customer-groups") => {
            assert!(req.target.contains("name%5B0%5D=VIP"), "{}", req.target);
            let mine = call_id(before, "/admin/customer-groups");
            answer(
                200,
                &json!({"customer_groups": [{"id": "cusgroup_MINE", "metadata": {CALL_ID_KEY: mine}}],
                                "count": 1, "offset": 0, "limit": 50}),
            )
        }
        ("GET", "/admin/customer-groups/cusgroup_MINE") => answer(
            200,
            &json!({"customer_group": {"id": "cusgroup_MINE", "name": "VIP"}}),
        ),
        _ => answer(500, &json!({"message": "unexpected"})),
    });
    let vip = client(&server.url())
        .customer_groups()
        .create(&CreateCustomerGroup::from("VIP"))
        .unwrap();
    assert_eq!(
        (vip.id.as_str(), vip.name.as_str()),
        ("cusgroup_MINE", "VIP")
    );
}
