//! Lost responses (a request the server may have acted on, whose answer never came) and the
//! calls that recover from them, against a scripted server: every request is answered by a
//! router that sees the requests before it, and an empty answer is a lost one (the connection
//! closes with nothing written).

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::Error;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::auth::RegistrationToken;
use medusa_blocking::v2::store::params::{
    AddressCreate, AddressUpdate, CALL_ID_KEY, CreateCustomer,
};
use medusa_testkit::fault::{Request, Script, Server, json as answer};
use serde_json::{Value, json};

use crate::support::v2::{capture_json, login_token, registration_token};

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
        .publishable_api_key("pk_test")
        .max_retries(1)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

fn lost() -> Vec<u8> {
    Vec::new()
}

/// The requests before this one with the same method and path (query left out).
fn count(before: &[Request], req: &Request) -> usize {
    before
        .iter()
        .filter(|r| r.method == req.method && path(r) == path(req))
        .count()
}

fn path(req: &Request) -> &str {
    req.target.split('?').next().unwrap_or("")
}

fn body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).unwrap_or(Value::Null)
}

/// The call id the first request to `line` carried in its metadata.
fn call_id(before: &[Request], method: &str, path_is: &str) -> Option<String> {
    before
        .iter()
        .find(|r| r.method == method && path(r) == path_is)
        .and_then(|r| {
            body(r)["metadata"][CALL_ID_KEY]
                .as_str()
                .map(str::to_string)
        })
}

fn customer() -> Value {
    capture_json("031-customers-me")
}

fn address(id: &str, created_at: &str, metadata: Value) -> Value {
    json!({
        "id": id, "address_name": null, "is_default_shipping": false,
        "is_default_billing": false, "company": null, "customer_id": "cus_01",
        "first_name": "Jane", "last_name": "Doe", "address_1": "1 Main St", "address_2": null,
        "city": "Toronto", "country_code": "ca", "province": null, "postal_code": "M5V 2T6",
        "phone": null, "metadata": metadata, "created_at": created_at, "updated_at": created_at
    })
}

fn page(addresses: Vec<Value>) -> Value {
    let n = addresses.len();
    json!({ "addresses": addresses, "count": n, "offset": 0, "limit": 50 })
}

fn error(kind: &str, message: &str) -> Value {
    json!({ "type": kind, "message": message })
}

const ADDRESSES: &str = "/store/customers/me/addresses";

fn home() -> AddressCreate {
    AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6")
}

/// What the server holds after the lost attempt and its retry both added the address: one the
/// customer had, one another clone added meanwhile (equal, with its own call id), and this
/// call's two copies.
fn after_both(before: &[Request]) -> Value {
    let Some(mine) = call_id(before, "POST", ADDRESSES) else {
        // Before anything was added.
        return page(vec![address(
            "caddr_HAD",
            "2026-01-01T00:00:00.000Z",
            Value::Null,
        )]);
    };
    page(vec![
        address("caddr_HAD", "2026-01-01T00:00:00.000Z", Value::Null),
        address(
            "caddr_CLONE",
            "2026-11-26T17:43:50.000Z",
            json!({ CALL_ID_KEY: "another-call" }),
        ),
        address(
            "caddr_MINE_1",
            "2026-11-26T17:43:50.100Z",
            json!({ CALL_ID_KEY: mine }),
        ),
        address(
            "caddr_MINE_2",
            "2026-11-26T17:43:50.200Z",
            json!({ CALL_ID_KEY: mine }),
        ),
    ])
}

fn deletes(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.target.clone())
        .collect()
}

#[test]
fn add_address_after_a_lost_response_deletes_only_its_own_extra_copy() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(200, &json!({ "customer": customer()["customer"] })),
        ("GET", ADDRESSES) => answer(200, &after_both(before)),
        ("DELETE", _) => answer(
            200,
            &json!({"id": "cus_01", "object": "address", "deleted": true}),
        ),
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    medusa.customers().addresses().add_address(&home()).unwrap();
    // Only the older of its own two copies: not the one the customer had, not the clone's.
    assert_eq!(deletes(&server), [format!("{ADDRESSES}/caddr_MINE_1")]);
    let requests = server.requests();
    // Nothing before the POST (no listing): the mark costs bytes, not requests.
    assert_eq!(requests[0].line(), format!("POST {ADDRESSES}"));
    // Both attempts carry the same mark, a UUID of this call.
    let first = body(&requests[0]);
    let mark = first["metadata"][CALL_ID_KEY].as_str().unwrap();
    assert_eq!(mark.len(), 36, "{mark}");
    assert_eq!(body(&requests[1]), first);
}

#[test]
fn add_address_whose_clean_up_fails_still_succeeds() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(200, &json!({ "customer": customer()["customer"] })),
        ("GET", ADDRESSES) => answer(200, &after_both(before)),
        ("DELETE", _) => answer(500, &error("unknown_error", "An unknown error occurred.")),
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let me = medusa.customers().addresses().add_address(&home()).unwrap();
    assert_eq!(me.id, customer()["customer"]["id"]);
    // Its own copy only, tried three times before it is left (logged).
    assert_eq!(
        deletes(&server),
        vec![format!("{ADDRESSES}/caddr_MINE_1"); 3]
    );

    // The listing fails: the retry's success stands.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(200, &json!({ "customer": customer()["customer"] })),
        ("GET", ADDRESSES) => answer(500, &error("unknown_error", "An unknown error occurred.")),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    medusa.customers().addresses().add_address(&home()).unwrap();
    assert!(deletes(&server).is_empty());
}

#[test]
fn add_address_whose_clean_up_lost_its_answer_and_whose_re_read_failed_answers_without_the_copy() {
    // The retry's answer shows both copies; the clean-up DELETE of the older one loses its
    // answer and its retry gets 404 (it is gone); re-reading the customer fails. The answer
    // the call returns is the retry's, less the copy deleted: the one address that remains.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => {
            let mut c = customer()["customer"].clone();
            c["addresses"] = after_both(before)["addresses"].clone();
            answer(200, &json!({ "customer": c }))
        }
        ("GET", ADDRESSES) => answer(200, &after_both(before)),
        ("DELETE", _) if count(before, req) == 0 => lost(),
        ("DELETE", _) => answer(404, &error("not_found", "Address was not found")),
        ("GET", "/store/customers/me") => {
            answer(500, &error("unknown_error", "An unknown error occurred."))
        }
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let me = medusa.customers().addresses().add_address(&home()).unwrap();
    let ids: Vec<&str> = me.addresses.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["caddr_HAD", "caddr_CLONE", "caddr_MINE_2"]);
}

#[test]
fn add_address_whose_retry_failed_knows_from_its_mark_whether_the_lost_attempt_added_it() {
    // The lost attempt added it (one copy with the mark): the call succeeds.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(503, &error("unknown_error", "busy")),
        ("GET", ADDRESSES) => {
            let mine = call_id(before, "POST", ADDRESSES).unwrap();
            answer(
                200,
                &page(vec![
                    address("caddr_HAD", "2026-01-01T00:00:00.000Z", Value::Null),
                    address(
                        "caddr_MINE",
                        "2026-11-26T17:43:50.100Z",
                        json!({ CALL_ID_KEY: mine }),
                    ),
                ]),
            )
        }
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    medusa.customers().addresses().add_address(&home()).unwrap();
    assert!(deletes(&server).is_empty());

    // An equal address without the mark is not this call's: the retry's error stands.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(400, &error("invalid_data", "bad")),
        ("GET", ADDRESSES) => answer(
            200,
            &page(vec![address(
                "caddr_HAD",
                "2026-01-01T00:00:00.000Z",
                Value::Null,
            )]),
        ),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .add_address(&home())
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");

    // No way to list: unknown.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(503, &error("unknown_error", "busy")),
        ("GET", ADDRESSES) => answer(401, &error("unauthorized", "Unauthorized")),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .add_address(&home())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::OutcomeUnknown {
                operation: "add address",
                ..
            }
        ),
        "{e:?}"
    );
}

#[test]
fn delete_address_of_an_id_that_never_existed_with_a_lost_response_keeps_its_404() {
    let not_found = || {
        answer(
            404,
            &error("not_found", "Address with id: caddr_NONE not found"),
        )
    };
    let server = routed(move |req, before| match (req.method.as_str(), path(req)) {
        ("DELETE", _) if count(before, req) == 0 => lost(),
        ("DELETE", _) | ("GET", "/store/customers/me/addresses/caddr_NONE") => not_found(),
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .delete_address("caddr_NONE")
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e:?}");
}

#[test]
fn delete_address_that_was_there_with_a_lost_response_is_deleted() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("DELETE", _) if count(before, req) == 0 => lost(),
        ("DELETE", _) => answer(404, &error("not_found", "not found")),
        // There before the DELETE, gone after it.
        ("GET", "/store/customers/me/addresses/caddr_1") if count(before, req) == 0 => answer(
            200,
            &json!({ "address": address("caddr_1", "2026-01-01T00:00:00.000Z", Value::Null) }),
        ),
        ("GET", "/store/customers/me/addresses/caddr_1") => {
            answer(404, &error("not_found", "not found"))
        }
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let deleted = medusa
        .customers()
        .addresses()
        .delete_address("caddr_1")
        .unwrap();
    assert!(deleted.deleted);
}

/// A v2 customer-creation exchange whose `POST /store/customers` loses its first answer and
/// meets a customer on the retry; `marked` says what call id the customer the identity has
/// carries (`None`: the one this call sent).
fn create_server(marked: Option<&'static str>) -> Server {
    routed(move |req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/auth/customer/emailpass/register") => {
            answer(200, &json!({ "token": registration_token() }))
        }
        ("POST", "/store/customers") if count(before, req) == 0 => lost(),
        ("POST", "/store/customers") => answer(
            422,
            &json!({"type": "duplicate_error", "code": "invalid_request_error",
                    "message": "Customer with this email already has an account"}),
        ),
        ("POST", "/auth/customer/emailpass") => answer(200, &json!({ "token": login_token() })),
        ("GET", "/store/customers/me") => {
            let mine = call_id(before, "POST", "/store/customers");
            let mut c = customer();
            c["customer"]["metadata"] = json!({ CALL_ID_KEY: marked.map(str::to_string).or(mine) });
            answer(200, &c)
        }
        _ => panic!("unexpected {}", req.line()),
    })
}

#[test]
fn create_after_a_lost_response_reports_a_customer_another_process_made_as_a_duplicate() {
    let server = create_server(Some("another-process"));
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
    // Nobody logged in.
    assert!(medusa.bearer_token().is_none());
    let reads: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET")
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(reads, ["/store/customers/me?fields=%2Bmetadata"]);
}

#[test]
fn create_after_a_lost_response_returns_the_customer_it_made() {
    let server = create_server(None);
    let medusa = client(&server.url());
    let created = medusa
        .customers()
        .create(&CreateCustomer::new("jane@example.com", "supersecret1"))
        .unwrap();
    assert_eq!(created.id, customer()["customer"]["id"]);
    assert!(medusa.bearer_token().is_some(), "logged in");
    let posts: Vec<Value> = server
        .requests()
        .iter()
        .filter(|r| r.line() == "POST /store/customers")
        .map(body)
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0], posts[1], "the same mark on every attempt");
    assert!(posts[0]["metadata"][CALL_ID_KEY].is_string());
}

#[test]
fn create_whose_log_in_after_the_creation_gets_no_answer_still_returns_the_customer() {
    // The customer is made; every attempt of the log-in that ends the call is reset. The
    // creation stands: the customer is returned, the client is not logged in.
    let server = routed(|req, _| match (req.method.as_str(), path(req)) {
        ("POST", "/auth/customer/emailpass/register") => {
            answer(200, &json!({ "token": registration_token() }))
        }
        ("POST", "/store/customers") => answer(200, &customer()),
        ("POST", "/auth/customer/emailpass") => lost(),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let created = medusa
        .customers()
        .create(&CreateCustomer::new("jane@example.com", "supersecret1"))
        .unwrap();
    assert_eq!(created.id, customer()["customer"]["id"]);
    assert!(medusa.bearer_token().is_none(), "not logged in");
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.line() == "POST /store/customers")
        .count();
    assert_eq!(posts, 1, "created once");
}

#[test]
fn a_call_that_changes_something_whose_retries_ran_out_after_a_lost_response_is_an_unknown_outcome()
{
    let server = routed(|req, before| match count(before, req) {
        0 => lost(),
        _ => answer(503, &error("unknown_error", "busy")),
    });
    let medusa = client(&server.url());
    let registration = RegistrationToken::from(registration_token());
    let e = medusa
        .customers()
        .create_with_token(&registration, &CreateCustomer::new("jane@example.com", ""))
        .unwrap_err();
    match &e {
        Error::OutcomeUnknown { operation, error } => {
            assert_eq!(*operation, "create customer");
            assert_eq!(error.status(), Some(503), "the last error is kept");
        }
        other => panic!("{other:?}"),
    }
    // An update is idempotent, but the lost attempt may have made it: unknown too.
    let e = medusa.customers().update(&Default::default()).unwrap_err();
    match &e {
        Error::OutcomeUnknown { operation, error } => {
            assert_eq!(*operation, "update customer");
            assert_eq!(error.status(), Some(503));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn create_whose_registration_lost_its_answer_goes_on_with_the_identity_it_made() {
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", "/auth/customer/emailpass/register") if count(before, req) == 0 => lost(),
        // The lost attempt made the identity.
        ("POST", "/auth/customer/emailpass/register") => answer(
            401,
            &error("unauthorized", "Identity with email already exists"),
        ),
        // The identity has no customer yet: its log-in token registers one.
        ("POST", "/auth/customer/emailpass") if count(before, req) == 0 => {
            answer(200, &json!({ "token": registration_token() }))
        }
        ("POST", "/auth/customer/emailpass") => answer(200, &json!({ "token": login_token() })),
        ("POST", "/store/customers") => answer(200, &json!({ "customer": customer()["customer"] })),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    let created = medusa
        .customers()
        .create(&CreateCustomer::new("jane@example.com", "supersecret1"))
        .unwrap();
    assert_eq!(created.id, customer()["customer"]["id"]);
    assert!(medusa.bearer_token().is_some(), "logged in");
}

#[test]
fn an_update_whose_retry_was_refused_a_login_after_a_lost_response_is_an_unknown_outcome() {
    // The lost attempt was let in and made the update; the client was logged out before the
    // retry (another clone), which the server refuses. The 401 judges the retry's credentials,
    // not the update: the outcome is unknown, the 401 kept as its source.
    let server = routed(|req, before| match count(before, req) {
        0 => lost(),
        _ => answer(401, &error("unauthorized", "Unauthorized")),
    });
    let medusa = client(&server.url());
    let e = medusa
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    match &e {
        Error::OutcomeUnknown { operation, error } => {
            assert_eq!(*operation, "update address");
            assert_eq!(error.status(), Some(401));
        }
        other => panic!("{other:?}"),
    }
    // Without a lost attempt the 401 stands; so does a 404 after one (the server's verdict on
    // the request itself, which the lost attempt met too).
    let server = routed(|_, _| answer(401, &error("unauthorized", "Unauthorized")));
    let e = client(&server.url())
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(401), "{e:?}");
    let server = routed(|req, before| match count(before, req) {
        0 => lost(),
        _ => answer(404, &error("not_found", "Address was not found")),
    });
    let e = client(&server.url())
        .customers()
        .addresses()
        .update_address("addr_1", &AddressUpdate::default())
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e:?}");
}

#[test]
fn add_address_after_a_lost_response_lists_only_the_equal_addresses_and_tries_the_listing_three_times()
 {
    // The listing fails twice (500s, which the client does not retry), then answers: the
    // extra copy is still found and deleted.
    let server = routed(|req, before| match (req.method.as_str(), path(req)) {
        ("POST", ADDRESSES) if count(before, req) == 0 => lost(),
        ("POST", ADDRESSES) => answer(200, &json!({ "customer": customer()["customer"] })),
        ("GET", ADDRESSES) if count(before, req) < 2 => {
            answer(500, &error("unknown_error", "An unknown error occurred."))
        }
        ("GET", ADDRESSES) => answer(200, &after_both(before)),
        ("DELETE", _) => answer(
            200,
            &json!({"id": "cus_01", "object": "address", "deleted": true}),
        ),
        ("GET", "/store/customers/me") => answer(200, &customer()),
        _ => panic!("unexpected {}", req.line()),
    });
    let medusa = client(&server.url());
    medusa.customers().addresses().add_address(&home()).unwrap();
    assert_eq!(deletes(&server), [format!("{ADDRESSES}/caddr_MINE_1")]);
    let listings: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && path(r) == ADDRESSES)
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(listings.len(), 3, "{listings:?}");
    // Narrowed to the addresses equal to the one sent, in a stable order.
    let query = "city%5B0%5D=Toronto&country_code%5B0%5D=ca&postal_code%5B0%5D=M5V+2T6&order=id&limit=100&offset=0";
    for listing in &listings {
        assert_eq!(listing, &format!("{ADDRESSES}?{query}"));
    }
}
