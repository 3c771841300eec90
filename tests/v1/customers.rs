//! `medusa.customers()` against a mock server: for every call, the exact request the crate sends
//! (method, path, query, headers, JSON body) and what it makes of the answer.
//!
//! Answers are replayed from a real Medusa 1.20.11 (`tests/fixtures/captures/<name>.http` for the
//! status and headers, `<name>.body` for the bytes), so these tests check the crate against what
//! the server really sends: plain-text 401s without a content type, HTML 400s, `Set-Cookie` on
//! error responses, and so on.
//!
//! Each test gets its own server from [`Api::new`], which first installs a catch-all mock: a
//! request that no mock of the test matches is answered 500 with a body naming it, and the test
//! fails when its `Api` is dropped, listing every such request.

use std::net::TcpListener;
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use medusa_blocking::v1::models::{FulfillmentStatus, OrderStatus, PaymentStatus};
use medusa_blocking::v1::store::params::{
    AddressCreate, AddressUpdate, BillingAddress, CreateCustomer, ListOrders, ResetPassword,
    UpdateCustomer,
};
use medusa_blocking::{Error, v1::Medusa, v1::MedusaBuilder};
use medusa_testkit::captures;
use medusa_testkit::mock::{CatchAll, Reply, Seen};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Values from the recorded run (tests/fixtures/captures).

const CUSTOMERS: &str = "/store/customers";
const ME: &str = "/store/customers/me";
const ORDERS: &str = "/store/customers/me/orders";
const ADDRESSES: &str = "/store/customers/me/addresses";
const PAYMENT_METHODS: &str = "/store/customers/me/payment-methods";
const PASSWORD_TOKEN: &str = "/store/customers/password-token";
const PASSWORD_RESET: &str = "/store/customers/password-reset";

const CUSTOMER_ID: &str = "cus_01M8CDC7ME2M4FA2STAMMQJR5H";
const EMAIL: &str = "jane.doe.1795713015@example.com";
const ADDRESS_ID: &str = "addr_01M8CDCAN37E9HF9Z5XZKCSTWM";
/// The `connect.sid` that registration (05) set.
const SID: &str =
    "s%3Ao3L33Qdz0MAyFWb8UFoplgpHUpUxjMi2.P781B%2BdH%2BEgx6m1kx5DUF3qk4CKNarAbXV0kBfq1T6I";
/// The `connect.sid` that the anonymous 401 (19) set.
const SID_FROM_401: &str =
    "s%3ASXSJPmTH_DnDJYjvUfW7h0lCk5ZNBqlk.vbXvLcjP18pIcJwKEFvvDttFyu3GmrSUz9MLhcTGndU";

/// A lower-case UUID v4: version nibble 4, variant 10xx.
const UUID_V4: &str = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

/// The registration of capture 05.
fn jane() -> CreateCustomer {
    CreateCustomer {
        email: EMAIL.into(),
        password: "supersecret1".into(),
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        phone: None,
    }
}

fn session_cookie(sid: &str) -> String {
    format!("connect.sid={sid}")
}

// ---------------------------------------------------------------------------------------------
// Harness: a mock server with a catch-all, and a log of the requests it answered.

type Log = Arc<Mutex<Vec<Seen>>>;

struct Api {
    server: ServerGuard,
    /// Requests answered by the test's own mocks (through [`MockExt::reply`]), in order.
    seen: Log,
    /// Answers (500) and records the requests no mock of the test matched.
    catch_all: CatchAll,
}

impl Api {
    fn new() -> Api {
        let mut server = mockito::Server::new();
        let catch_all = CatchAll::install(&mut server);
        Api {
            server,
            seen: Arc::default(),
            catch_all,
        }
    }

    fn url(&self) -> String {
        self.server.url()
    }

    fn builder(&self) -> MedusaBuilder {
        Medusa::builder(self.url())
    }

    fn medusa(&self) -> Medusa {
        self.builder()
            .build()
            .expect("client against the mock server")
    }

    fn mock(&mut self, method: &str, path: &str) -> Mock {
        self.server.mock(method, path)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn paths_seen(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.path).collect()
    }

    fn assert_nothing_unexpected(&self) {
        self.catch_all.assert_nothing_unexpected();
    }
}

impl Drop for Api {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.assert_nothing_unexpected();
        }
    }
}

/// The recorded response `name` (`tests/fixtures/captures`), to replay ([`Reply::recorded`]:
/// framing headers left to the mock server, `Set-Cookie` expiries moved to 2099).
fn capture(name: &str) -> Reply {
    Reply::recorded(&captures::load(name))
}

/// The JSON body of the recorded request `name`, as the real server accepted it.
fn captured_request_body(name: &str) -> String {
    captures::load(name).request_body().to_string()
}

/// A page of orders shaped like the real one of capture 84, with these ids.
fn orders_page(ids: &[&str], count: u64, offset: u64, limit: u64) -> String {
    let real: Value =
        serde_json::from_slice(&capture("84-orders-one").body).expect("capture 84 is JSON");
    let orders: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut order = real["orders"][0].clone();
            order["id"] = json!(id);
            order
        })
        .collect();
    json!({"orders": orders, "count": count, "offset": offset, "limit": limit}).to_string()
}

trait MockExt: Sized {
    /// What every call sends: `accept: application/json` and the crate's user agent.
    fn expect_common_headers(self) -> Self;
    /// A call without a body: no `content-type`, nothing in the body.
    fn expect_no_body(self) -> Self;
    /// A call with exactly this JSON body (compared as JSON: every key counts, their order does
    /// not), sent with `content-type: application/json`.
    fn expect_json(self, json: &str) -> Self;
    /// Answers with `reply`, logging the request in `log`.
    fn reply(self, log: &Log, reply: &Reply) -> Self;
}

impl MockExt for Mock {
    fn expect_common_headers(self) -> Self {
        self.match_header("accept", "application/json")
            .match_header(
                "user-agent",
                Matcher::Regex("^medusa-blocking/[0-9]".into()),
            )
    }

    fn expect_no_body(self) -> Self {
        self.expect_common_headers()
            .match_header("content-type", Matcher::Missing)
            .match_body(Matcher::Exact(String::new()))
    }

    fn expect_json(self, json: &str) -> Self {
        // The header is matched before the body, so mockito never parses a non-JSON body here.
        self.expect_common_headers()
            .match_header("content-type", "application/json")
            .match_body(Matcher::JsonString(json.to_string()))
    }

    fn reply(self, log: &Log, reply: &Reply) -> Self {
        let mut mock = self.with_status(reply.status);
        for (name, value) in &reply.headers {
            mock = mock.with_header(name.as_str(), value);
        }
        let log = Arc::clone(log);
        let body = reply.body.clone();
        mock.with_body_from_request(move |req| {
            log.lock().unwrap().push(Seen::of(req));
            body.clone()
        })
    }
}

type Waits = Arc<Mutex<Vec<Duration>>>;

/// A client that retries twice with the full backoff (jitter 1.0: 500 ms, then 1 s), recording
/// its waits instead of sleeping.
fn retrying_client(api: &Api) -> (Medusa, Waits) {
    let waits: Waits = Arc::default();
    let record = Arc::clone(&waits);
    let medusa = api
        .builder()
        .max_retries(2)
        .jitter(|| 1.0)
        .sleeper(move |wait| record.lock().unwrap().push(wait))
        .build()
        .expect("client");
    (medusa, waits)
}

fn waits_of(waits: &Waits) -> Vec<Duration> {
    waits.lock().unwrap().clone()
}

fn expect_invalid_input(result: Result<impl std::fmt::Debug, Error>, mentions: &str) {
    match result {
        Err(Error::InvalidInput(message)) => {
            assert!(
                message.contains(mentions),
                "{message:?} should mention {mentions:?}"
            )
        }
        other => panic!("expected InvalidInput mentioning {mentions:?}, got {other:?}"),
    }
}

fn expect_api_error(result: Result<impl std::fmt::Debug, Error>, status: u16, kind: &str) -> Error {
    let err = result.expect_err("expected an API error");
    match &err {
        Error::Api {
            status: s, error, ..
        } => {
            assert_eq!(*s, status, "{err:?}");
            assert_eq!(error.kind, kind, "{err:?}");
        }
        other => panic!("expected Error::Api {status} {kind}, got {other:?}"),
    }
    err
}

// ---------------------------------------------------------------------------------------------
// create

#[test]
fn create_posts_the_registration_and_returns_the_new_customer() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", CUSTOMERS)
        .expect_json(&captured_request_body("05-customers-create"))
        .match_header("cookie", Matcher::Missing)
        .match_header("idempotency-key", Matcher::Missing)
        .reply(&api.seen, &capture("05-customers-create"))
        .create();

    let customer = api.medusa().customers().create(&jane()).expect("create");

    mock.assert();
    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.first_name.as_deref(), Some("Jane"));
    assert_eq!(customer.last_name.as_deref(), Some("Doe"));
    assert_eq!(customer.phone, None);
    assert!(customer.has_account);
    assert_eq!(customer.billing_address, None);
    assert_eq!(customer.shipping_addresses, Some(vec![]));
    assert_eq!(customer.created_at, "2026-11-26T17:10:15.424Z");
}

#[test]
fn create_sends_no_key_for_an_unset_optional_field() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", CUSTOMERS)
        .expect_json(r#"{"email":"solo@example.com","password":"pw-123456"}"#)
        .reply(&api.seen, &capture("05-customers-create"))
        .create();

    api.medusa()
        .customers()
        .create(&CreateCustomer {
            email: "solo@example.com".into(),
            password: "pw-123456".into(),
            ..Default::default()
        })
        .expect("create");

    mock.assert();
}

#[test]
fn create_refuses_an_empty_email_or_password_without_sending() {
    let api = Api::new();
    let customers = api.medusa().customers();

    let no_email = CreateCustomer {
        email: "  ".into(),
        ..jane()
    };
    expect_invalid_input(customers.create(&no_email), "email");
    let no_password = CreateCustomer {
        password: String::new(),
        ..jane()
    };
    expect_invalid_input(customers.create(&no_password), "password");

    api.assert_nothing_unexpected();
}

#[test]
fn create_duplicate_email_is_a_422_duplicate_error() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", CUSTOMERS)
        .expect_json(&captured_request_body("06-customers-create-duplicate"))
        .reply(&api.seen, &capture("06-customers-create-duplicate"))
        .expect(1)
        .create();

    let err = expect_api_error(
        api.medusa().customers().create(&jane()),
        422,
        "duplicate_error",
    );

    let api_error = err.api_error().expect("api error");
    assert_eq!(api_error.code.as_deref(), Some("invalid_request_error"));
    assert_eq!(
        api_error.message,
        "A customer with the given email already has an account. Log in instead"
    );
    assert_eq!(err.status(), Some(422));
    assert!(!err.is_retryable());
    mock.assert();
}

#[test]
fn create_with_a_bad_email_is_a_400_invalid_data() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", CUSTOMERS)
        .expect_json(&captured_request_body("08-customers-create-bad-email"))
        .reply(&api.seen, &capture("08-customers-create-bad-email"))
        .expect(1)
        .create();

    let err = expect_api_error(
        api.medusa().customers().create(&CreateCustomer {
            email: "not-an-email".into(),
            ..jane()
        }),
        400,
        "invalid_data",
    );

    assert_eq!(err.api_error().unwrap().message, "email must be an email");
    assert_eq!(
        err.to_string(),
        "HTTP 400: email must be an email (invalid_data)"
    );
    mock.assert();
}

#[test]
fn an_html_error_page_is_an_http_error_keeping_status_and_content_type() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", CUSTOMERS)
        .reply(&api.seen, &capture("18-customers-create-malformed-json"))
        .expect(1)
        .create();

    let err = api.medusa().customers().create(&jane()).unwrap_err();

    match &err {
        Error::Http {
            status,
            content_type,
            body,
            ..
        } => {
            assert_eq!(*status, 400);
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert!(body.contains("SyntaxError"), "{body}");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(err.status(), Some(400));
    mock.assert();
}

// ---------------------------------------------------------------------------------------------
// retrieve

#[test]
fn retrieve_gets_me_without_a_body() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", ME)
        .expect_no_body()
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .create();

    let me = api.medusa().customers().retrieve().expect("retrieve");

    mock.assert();
    assert_eq!(me.id, CUSTOMER_ID);
    assert_eq!(me.email, EMAIL);
    assert_eq!(me.first_name.as_deref(), Some("Jane"));
    assert_eq!(me.shipping_addresses, Some(vec![]));
}

#[test]
fn retrieve_when_not_logged_in_is_a_plain_text_401() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", ME)
        .reply(&api.seen, &capture("19-me-no-cookie"))
        .expect(1)
        .create();

    let err = api.medusa().customers().retrieve().unwrap_err();

    match &err {
        Error::Http {
            status: 401,
            content_type: None,
            body,
            retry_after: None,
        } => assert_eq!(body, "Unauthorized"),
        other => panic!("expected Error::Http 401 without content type, got {other:?}"),
    }
    assert_eq!(err.to_string(), "HTTP 401: Unauthorized");
    assert!(!err.is_retryable());
    mock.assert();
}

// ---------------------------------------------------------------------------------------------
// update

#[test]
fn update_sends_only_the_fields_that_are_set() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", ME)
        .expect_json(r#"{"phone":"+15550001111"}"#)
        .reply(&api.seen, &capture("22-me-update"))
        .create();

    let me = api
        .medusa()
        .customers()
        .update(&UpdateCustomer {
            phone: Some("+15550001111".into()),
            ..Default::default()
        })
        .expect("update");

    mock.assert();
    assert_eq!(me.phone.as_deref(), Some("+15550001111"));
    assert_eq!(me.updated_at, "2026-11-26T17:10:15.905Z");
}

#[test]
fn update_sends_the_recorded_profile_change_and_returns_the_updated_customer() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", ME)
        .expect_json(&captured_request_body("22-me-update"))
        .reply(&api.seen, &capture("22-me-update"))
        .create();
    let metadata = json!({"newsletter": true, "source": "acceptance"});

    let me = api
        .medusa()
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Janet".into()),
            phone: Some("+15550001111".into()),
            metadata: metadata.as_object().cloned(),
            ..Default::default()
        })
        .expect("update");

    mock.assert();
    assert_eq!(me.id, CUSTOMER_ID);
    assert_eq!(me.first_name.as_deref(), Some("Janet"));
    assert_eq!(me.last_name.as_deref(), Some("Doe"));
    assert_eq!(me.phone.as_deref(), Some("+15550001111"));
    assert_eq!(me.metadata, metadata.as_object().cloned());
}

#[test]
fn update_sends_the_billing_address_as_object_id_or_null() {
    let mut api = Api::new();
    let new = api
        .mock("POST", ME)
        .expect_json(
            r#"{"billing_address":{"first_name":"Jane","city":"Springfield","country_code":"us"}}"#,
        )
        .reply(&api.seen, &capture("22-me-update"))
        .create();
    let existing = api
        .mock("POST", ME)
        .expect_json(&format!(r#"{{"billing_address":"{ADDRESS_ID}"}}"#))
        .reply(&api.seen, &capture("22-me-update"))
        .create();
    let unset = api
        .mock("POST", ME)
        .expect_json(r#"{"billing_address":null}"#)
        .reply(&api.seen, &capture("22-me-update"))
        .create();
    let customers = api.medusa().customers();
    let update = |billing: BillingAddress| {
        customers.update(&UpdateCustomer {
            billing_address: Some(billing),
            ..Default::default()
        })
    };

    update(BillingAddress::New(AddressUpdate {
        first_name: Some("Jane".into()),
        city: Some("Springfield".into()),
        country_code: Some("us".into()),
        ..Default::default()
    }))
    .expect("new billing address");
    update(BillingAddress::Existing(ADDRESS_ID.into())).expect("existing billing address");
    update(BillingAddress::Unset).expect("no billing address");

    new.assert();
    existing.assert();
    unset.assert();
}

#[test]
fn update_refuses_an_empty_billing_address_id_without_sending() {
    let api = Api::new();

    let result = api.medusa().customers().update(&UpdateCustomer {
        billing_address: Some(BillingAddress::Existing(" ".into())),
        ..Default::default()
    });

    expect_invalid_input(result, "billing address id");
    api.assert_nothing_unexpected();
}

#[test]
fn update_validation_errors_are_400_invalid_data() {
    for (capture_name, message) in [
        ("24-me-update-bad-field", "first_name must be a string"),
        (
            "25-me-update-unknown-field",
            "property nickname should not exist",
        ),
    ] {
        let mut api = Api::new();
        let mock = api
            .mock("POST", ME)
            .reply(&api.seen, &capture(capture_name))
            .expect(1)
            .create();

        let err = expect_api_error(
            api.medusa().customers().update(&UpdateCustomer {
                first_name: Some("Janet".into()),
                ..Default::default()
            }),
            400,
            "invalid_data",
        );

        assert_eq!(err.api_error().unwrap().message, message, "{capture_name}");
        mock.assert();
    }
}

// ---------------------------------------------------------------------------------------------
// list_orders

#[test]
fn list_orders_without_parameters_sends_no_query() {
    let mut api = Api::new();
    // A path without `?`: mockito then matches the whole path and query exactly.
    let mock = api
        .mock("GET", ORDERS)
        .expect_no_body()
        .reply(&api.seen, &capture("27-orders-empty-default"))
        .create();

    let page = api
        .medusa()
        .customers()
        .list_orders(&ListOrders::default())
        .expect("list orders");

    mock.assert();
    assert!(page.orders.is_empty());
    assert_eq!((page.count, page.offset, page.limit), (0, 0, 10));
}

#[test]
fn list_orders_sends_filters_in_indexed_form_and_maps_the_real_order() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", ORDERS)
        .match_query(Matcher::Exact(
            "status%5B0%5D=pending&fulfillment_status%5B0%5D=not_fulfilled\
             &payment_status%5B0%5D=awaiting&payment_status%5B1%5D=captured&limit=1&offset=0"
                .into(),
        ))
        .expect_no_body()
        .reply(&api.seen, &capture("84-orders-one"))
        .create();

    let page = api
        .medusa()
        .customers()
        .list_orders(&ListOrders {
            status: vec![OrderStatus::Pending],
            fulfillment_status: vec![FulfillmentStatus::NotFulfilled],
            payment_status: vec![PaymentStatus::Awaiting, PaymentStatus::Captured],
            limit: Some(1),
            offset: Some(0),
            ..Default::default()
        })
        .expect("list orders");

    mock.assert();
    assert_eq!(page.count, 1);
    let order = &page.orders[0];
    assert_eq!(order.id, "order_01M8CDCBX58KP8GRVKZKDKH194");
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::NotFulfilled)
    );
    assert_eq!(order.payment_status, Some(PaymentStatus::Awaiting));
    assert_eq!(order.email.as_deref(), Some(EMAIL));
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(
        (order.subtotal, order.shipping_total, order.total),
        (Some(3900), Some(500), Some(4400))
    );
    let items = order.items.as_deref().unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title, "Acceptance T-Shirt");
    assert_eq!((items[0].unit_price, items[0].quantity), (1950, 2));
    let payments = order.payments.as_deref().unwrap_or_default();
    assert_eq!(payments[0].amount, 4400);
}

#[test]
fn list_orders_with_a_status_the_server_rejects_is_a_400_invalid_data() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", ORDERS)
        .match_query(Matcher::Exact("status%5B0%5D=bogus".into()))
        .reply(&api.seen, &capture("32-orders-empty-status-invalid"))
        .expect(1)
        .create();

    let err = expect_api_error(
        api.medusa().customers().list_orders(&ListOrders {
            status: vec![OrderStatus::Unknown("bogus".into())],
            ..Default::default()
        }),
        400,
        "invalid_data",
    );

    assert!(
        err.api_error()
            .unwrap()
            .message
            .starts_with("each value in status must be one of the following values"),
        "{err}"
    );
    mock.assert();
}

// ---------------------------------------------------------------------------------------------
// iter_orders

#[test]
fn iter_orders_walks_every_page_at_the_right_offsets() {
    let mut api = Api::new();
    let pages: [(u64, &[&str]); 3] = [
        (0, &["order_5", "order_4"]),
        (2, &["order_3", "order_2"]),
        (4, &["order_1"]),
    ];
    for (offset, ids) in pages {
        api.mock("GET", ORDERS)
            .match_query(Matcher::Exact(format!(
                "status%5B0%5D=completed&limit=2&offset={offset}"
            )))
            .expect_no_body()
            .reply(&api.seen, &Reply::json(200, orders_page(ids, 5, offset, 2)))
            .create();
    }

    let ids: Vec<String> = api
        .medusa()
        .customers()
        .iter_orders(&ListOrders {
            status: vec![OrderStatus::Completed],
            limit: Some(2),
            ..Default::default()
        })
        .map(|order| order.expect("order").id)
        .collect();

    assert_eq!(ids, ["order_5", "order_4", "order_3", "order_2", "order_1"]);
    let page = |offset: u32| format!("{ORDERS}?status%5B0%5D=completed&limit=2&offset={offset}");
    assert_eq!(api.paths_seen(), [page(0), page(2), page(4)]);
}

#[test]
fn iter_orders_yields_the_error_of_a_page_then_ends() {
    let mut api = Api::new();
    api.mock("GET", ORDERS)
        .match_query(Matcher::Exact("limit=2&offset=0".into()))
        .reply(
            &api.seen,
            &Reply::json(200, orders_page(&["order_5", "order_4"], 5, 0, 2)),
        )
        .create();
    api.mock("GET", ORDERS)
        .match_query(Matcher::Exact("limit=2&offset=2".into()))
        .reply(&api.seen, &capture("19-me-no-cookie"))
        .create();
    let customers = api.medusa().customers();
    let mut orders = customers.iter_orders(&ListOrders {
        limit: Some(2),
        ..Default::default()
    });

    assert_eq!(orders.next().unwrap().expect("first").id, "order_5");
    assert_eq!(orders.next().unwrap().expect("second").id, "order_4");
    let err = orders.next().expect("the error").unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert!(orders.next().is_none());
    assert!(orders.next().is_none());

    assert_eq!(api.seen().len(), 2, "no request after the error");
}

#[test]
fn iter_orders_stops_when_the_server_ignores_the_offset() {
    let mut api = Api::new();
    // Always the same first page, claiming many more orders.
    api.mock("GET", ORDERS)
        .match_query(Matcher::Any)
        .reply(
            &api.seen,
            &Reply::json(200, orders_page(&["order_a", "order_b"], 1000, 0, 2)),
        )
        .create();

    let ids: Vec<String> = api
        .medusa()
        .customers()
        .iter_orders(&ListOrders {
            limit: Some(2),
            ..Default::default()
        })
        .take(50)
        .map(|order| order.expect("order").id)
        .collect();

    assert_eq!(ids, ["order_a", "order_b"]);
    assert_eq!(
        api.paths_seen(),
        [
            format!("{ORDERS}?limit=2&offset=0"),
            format!("{ORDERS}?limit=2&offset=2"),
        ]
    );
}

#[test]
fn iter_orders_over_an_empty_first_page_yields_nothing() {
    let mut api = Api::new();
    api.mock("GET", ORDERS)
        .match_query(Matcher::Exact("offset=0".into()))
        .reply(&api.seen, &capture("27-orders-empty-default"))
        .create();

    let orders: Vec<_> = api
        .medusa()
        .customers()
        .iter_orders(&ListOrders::default())
        .collect();

    assert!(orders.is_empty(), "{orders:?}");
    assert_eq!(api.seen().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// password token and reset

#[test]
fn generate_password_token_posts_the_email_and_accepts_the_empty_204() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", PASSWORD_TOKEN)
        .expect_json(&captured_request_body("35-password-token-known"))
        .reply(&api.seen, &capture("35-password-token-known"))
        .create();

    api.medusa()
        .customers()
        .generate_password_token(EMAIL)
        .expect("password token");

    mock.assert();
}

#[test]
fn generate_password_token_refuses_an_empty_email_without_sending() {
    let api = Api::new();

    expect_invalid_input(
        api.medusa().customers().generate_password_token(""),
        "email",
    );

    api.assert_nothing_unexpected();
}

#[test]
fn reset_password_posts_email_token_and_password_and_returns_the_customer() {
    let mut api = Api::new();
    let recorded: Value =
        serde_json::from_str(&captured_request_body("43-password-reset-valid-token")).unwrap();
    let mock = api
        .mock("POST", PASSWORD_RESET)
        .expect_json(&recorded.to_string())
        .reply(&api.seen, &capture("43-password-reset-valid-token"))
        .create();

    let customer = api
        .medusa()
        .customers()
        .reset_password(&ResetPassword {
            email: EMAIL.into(),
            token: recorded["token"].as_str().unwrap().into(),
            password: "supersecret1-new".into(),
        })
        .expect("reset");

    mock.assert();
    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.first_name.as_deref(), Some("Janet"));
    assert_eq!(customer.updated_at, "2026-11-26T17:10:17.741Z");
    // This route loads no relation.
    assert_eq!(customer.shipping_addresses, None);
}

#[test]
fn reset_password_with_a_bad_token_is_a_500_unknown_error_not_retried() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", PASSWORD_RESET)
        .expect_json(&captured_request_body("38-password-reset-bad-token"))
        .reply(&api.seen, &capture("38-password-reset-bad-token"))
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let err = expect_api_error(
        medusa.customers().reset_password(&ResetPassword {
            email: EMAIL.into(),
            token: "not-a-jwt".into(),
            password: "newsecret1".into(),
        }),
        500,
        "unknown_error",
    );

    mock.assert();
    assert!(!err.is_retryable());
    assert_eq!(
        waits_of(&waits),
        Vec::<Duration>::new(),
        "no wait, no retry"
    );
}

#[test]
fn reset_password_for_an_unknown_email_is_a_json_401() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", PASSWORD_RESET)
        .expect_json(&captured_request_body("39-password-reset-unknown-email"))
        .reply(&api.seen, &capture("39-password-reset-unknown-email"))
        .expect(1)
        .create();

    let err = expect_api_error(
        api.medusa().customers().reset_password(&ResetPassword {
            email: "nobody.1795713015@example.com".into(),
            token: "not-a-jwt".into(),
            password: "newsecret1".into(),
        }),
        401,
        "unauthorized",
    );

    assert_eq!(
        err.api_error().unwrap().message,
        "Invalid or expired password reset token"
    );
    mock.assert();
}

#[test]
fn reset_password_refuses_an_empty_field_without_sending() {
    let api = Api::new();
    let customers = api.medusa().customers();
    let full = ResetPassword {
        email: EMAIL.into(),
        token: "tkn".into(),
        password: "pw".into(),
    };

    for (field, reset) in [
        (
            "token",
            ResetPassword {
                token: "".into(),
                ..full.clone()
            },
        ),
        (
            "email",
            ResetPassword {
                email: " ".into(),
                ..full.clone()
            },
        ),
        (
            "password",
            ResetPassword {
                password: "".into(),
                ..full.clone()
            },
        ),
    ] {
        expect_invalid_input(customers.reset_password(&reset), field);
    }

    api.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// addresses

fn springfield() -> AddressCreate {
    AddressCreate {
        first_name: "Jane".into(),
        last_name: "Doe".into(),
        address_1: "1 Main St".into(),
        city: "Springfield".into(),
        country_code: "us".into(),
        postal_code: "12345".into(),
        ..Default::default()
    }
}

#[test]
fn add_address_wraps_the_address_and_returns_the_customer_with_it() {
    let mut api = Api::new();
    // The recorded request, plus the `"address_2": null` the crate sends for an unset address_2
    // (so that the server's duplicate check compares it with the stored null).
    let mut body: Value =
        serde_json::from_str(&captured_request_body("67-addresses-create")).unwrap();
    body["address"]["address_2"] = Value::Null;
    let mock = api
        .mock("POST", ADDRESSES)
        .expect_json(&body.to_string())
        .reply(&api.seen, &capture("67-addresses-create"))
        .create();

    let me = api
        .medusa()
        .customers()
        .addresses()
        .add_address(&AddressCreate {
            province: Some("IL".into()),
            phone: Some("+15550002222".into()),
            company: Some("ACME".into()),
            metadata: json!({"kind": "home"}).as_object().cloned(),
            ..springfield()
        })
        .expect("add address");

    mock.assert();
    assert_eq!(me.id, CUSTOMER_ID);
    let addresses = me.shipping_addresses.expect("shipping addresses");
    assert_eq!(addresses.len(), 1);
    let address = &addresses[0];
    assert_eq!(address.id, ADDRESS_ID);
    assert_eq!(address.customer_id.as_deref(), Some(CUSTOMER_ID));
    assert_eq!(address.company.as_deref(), Some("ACME"));
    assert_eq!(address.city.as_deref(), Some("Springfield"));
    assert_eq!(address.address_2, None);
    assert_eq!(
        address.metadata,
        json!({"kind": "home"}).as_object().cloned()
    );
}

#[test]
fn add_address_sends_unset_phone_address_2_province_as_null_and_omits_the_rest() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", ADDRESSES)
        .expect_json(
            r#"{"address":{"first_name":"Jane","last_name":"Doe","address_1":"1 Main St",
                "city":"Springfield","country_code":"us","postal_code":"12345",
                "phone":null,"address_2":null,"province":null}}"#,
        )
        .reply(&api.seen, &capture("67-addresses-create"))
        .create();

    api.medusa()
        .customers()
        .addresses()
        .add_address(&springfield())
        .expect("add address");

    mock.assert();
}

#[test]
fn add_address_refuses_a_missing_required_field_without_sending() {
    let api = Api::new();
    let addresses = api.medusa().customers().addresses();
    type Blank = fn(&mut AddressCreate);
    let blanks: [(&str, Blank); 6] = [
        ("first_name", |a| a.first_name.clear()),
        ("last_name", |a| a.last_name.clear()),
        ("address_1", |a| a.address_1 = " ".into()),
        ("city", |a| a.city.clear()),
        ("country_code", |a| a.country_code.clear()),
        ("postal_code", |a| a.postal_code.clear()),
    ];

    for (field, blank) in blanks {
        let mut address = springfield();
        blank(&mut address);
        expect_invalid_input(addresses.add_address(&address), field);
    }

    api.assert_nothing_unexpected();
}

#[test]
fn update_address_sends_a_flat_body_and_returns_the_customer() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", &format!("{ADDRESSES}/{ADDRESS_ID}"))
        .expect_json(&captured_request_body("70-addresses-update"))
        .reply(&api.seen, &capture("70-addresses-update"))
        .create();

    let me = api
        .medusa()
        .customers()
        .addresses()
        .update_address(
            ADDRESS_ID,
            &AddressUpdate {
                address_2: Some("Apt 4".into()),
                city: Some("Shelbyville".into()),
                ..Default::default()
            },
        )
        .expect("update address");

    mock.assert();
    let addresses = me.shipping_addresses.expect("shipping addresses");
    assert_eq!(addresses[0].id, ADDRESS_ID);
    assert_eq!(addresses[0].address_2.as_deref(), Some("Apt 4"));
    assert_eq!(addresses[0].city.as_deref(), Some("Shelbyville"));
    assert_eq!(addresses[0].postal_code.as_deref(), Some("12345"));
}

#[test]
fn update_address_of_an_unknown_id_is_a_400_invalid_data() {
    let mut api = Api::new();
    let mock = api
        .mock("POST", &format!("{ADDRESSES}/addr_does_not_exist"))
        .expect_json(&captured_request_body("71-addresses-update-unknown"))
        .reply(&api.seen, &capture("71-addresses-update-unknown"))
        .expect(1)
        .create();

    let err = expect_api_error(
        api.medusa().customers().addresses().update_address(
            "addr_does_not_exist",
            &AddressUpdate {
                city: Some("X".into()),
                ..Default::default()
            },
        ),
        400,
        "invalid_data",
    );

    assert_eq!(
        err.api_error().unwrap().message,
        "Could not find address for customer"
    );
    mock.assert();
}

#[test]
fn delete_address_sends_a_delete_without_body_and_returns_the_customer() {
    let mut api = Api::new();
    let mock = api
        .mock("DELETE", &format!("{ADDRESSES}/{ADDRESS_ID}"))
        .expect_no_body()
        .reply(&api.seen, &capture("101-addresses-delete"))
        .create();

    let me = api
        .medusa()
        .customers()
        .addresses()
        .delete_address(ADDRESS_ID)
        .expect("delete address");

    mock.assert();
    assert_eq!(me.id, CUSTOMER_ID);
    assert_eq!(me.shipping_addresses, Some(vec![]));
}

#[test]
fn an_address_id_is_sent_as_one_percent_encoded_segment() {
    let mut api = Api::new();
    let path = format!("{ADDRESSES}/addr%2F..%2Fx%3Fy");
    let update = api
        .mock("POST", &path)
        .reply(&api.seen, &capture("70-addresses-update"))
        .create();
    let delete = api
        .mock("DELETE", &path)
        .reply(&api.seen, &capture("101-addresses-delete"))
        .create();
    let addresses = api.medusa().customers().addresses();

    addresses
        .update_address("addr/../x?y", &AddressUpdate::default())
        .expect("update address");
    addresses
        .delete_address("addr/../x?y")
        .expect("delete address");

    update.assert();
    delete.assert();
}

#[test]
fn an_empty_address_id_is_refused_without_sending() {
    let api = Api::new();
    let addresses = api.medusa().customers().addresses();

    expect_invalid_input(
        addresses.update_address(
            "",
            &AddressUpdate {
                city: Some("X".into()),
                ..Default::default()
            },
        ),
        "address id",
    );
    expect_invalid_input(addresses.delete_address("  "), "address id");

    api.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// payment methods

#[test]
fn payment_methods_list_gets_the_saved_methods() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", PAYMENT_METHODS)
        .expect_no_body()
        .reply(&api.seen, &capture("73-payment-methods"))
        .create();

    let methods = api
        .medusa()
        .customers()
        .payment_methods()
        .list()
        .expect("payment methods");

    mock.assert();
    assert!(methods.is_empty(), "{methods:?}");
}

#[test]
fn payment_methods_list_keeps_provider_and_data() {
    let mut api = Api::new();
    // The manual provider of the recorded run has none; this is what Stripe would add.
    let body = json!({"payment_methods": [
        {"provider_id": "stripe", "data": {"id": "pm_1", "card": {"brand": "visa", "last4": "4242"}}},
        {"provider_id": "paypal", "data": {}}
    ]});
    let mock = api
        .mock("GET", PAYMENT_METHODS)
        .reply(&api.seen, &Reply::json(200, body.to_string()))
        .expect(1)
        .create();

    let methods = api
        .medusa()
        .customers()
        .payment_methods()
        .list()
        .expect("payment methods");

    assert_eq!(methods.len(), 2);
    assert_eq!(methods[0].provider_id, "stripe");
    assert_eq!(methods[0].data["card"]["last4"], "4242");
    assert_eq!(methods[1].provider_id, "paypal");
    mock.assert();
}

// ---------------------------------------------------------------------------------------------
// the session cookie

#[test]
fn registration_logs_in_the_next_call_sends_the_session_cookie() {
    let mut api = Api::new();
    let create = api
        .mock("POST", CUSTOMERS)
        .match_header("cookie", Matcher::Missing)
        .reply(&api.seen, &capture("05-customers-create"))
        .expect(1)
        .create();
    let me = api
        .mock("GET", ME)
        .match_header("cookie", session_cookie(SID).as_str())
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .create();
    let medusa = api.medusa();

    medusa.customers().create(&jane()).expect("create");
    let customer = medusa.customers().retrieve().expect("retrieve");

    create.assert();
    me.assert();
    assert_eq!(customer.id, CUSTOMER_ID);
}

#[test]
fn the_session_is_shared_by_clones_threads_and_clients_given_the_store() {
    let mut api = Api::new();
    let create = api
        .mock("POST", CUSTOMERS)
        .reply(&api.seen, &capture("05-customers-create"))
        .expect(1)
        .create();
    let logged_in = api
        .mock("GET", ME)
        .match_header("cookie", session_cookie(SID).as_str())
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .expect(3)
        .create();
    let anonymous = api
        .mock("GET", ME)
        .match_header("cookie", Matcher::Missing)
        .reply(&api.seen, &capture("19-me-no-cookie"))
        .expect(1)
        .create();
    let first = api.medusa();
    first.customers().create(&jane()).expect("create");

    let from_clone = first.clone().customers().retrieve().expect("from a clone");
    let clone = first.clone();
    let from_thread = std::thread::spawn(move || clone.customers().retrieve())
        .join()
        .expect("thread")
        .expect("from another thread");
    let second = api
        .builder()
        .cookie_store(first.cookie_store())
        .build()
        .expect("second client");
    let from_second = second.customers().retrieve().expect("from a second client");
    // A client with its own store is not logged in.
    let stranger = api.medusa().customers().retrieve().unwrap_err();

    create.assert();
    logged_in.assert();
    anonymous.assert();
    for customer in [from_clone, from_thread, from_second] {
        assert_eq!(customer.id, CUSTOMER_ID);
    }
    assert_eq!(stranger.status(), Some(401));
}

#[test]
fn a_cookie_set_on_an_error_response_is_kept() {
    let mut api = Api::new();
    let anonymous = api
        .mock("GET", ME)
        .match_header("cookie", Matcher::Missing)
        .reply(&api.seen, &capture("19-me-no-cookie"))
        .create();
    let with_cookie = api
        .mock("GET", ME)
        .match_header("cookie", session_cookie(SID_FROM_401).as_str())
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .create();
    let medusa = api.medusa();

    let err = medusa.customers().retrieve().unwrap_err();
    medusa.customers().retrieve().expect("second call");

    assert_eq!(err.status(), Some(401));
    anonymous.assert();
    with_cookie.assert();
}

// ---------------------------------------------------------------------------------------------
// headers

#[test]
fn client_headers_and_the_publishable_key_go_on_every_call() {
    let mut api = Api::new();
    let medusa = api
        .builder()
        .header("x-tenant", "eu")
        .publishable_api_key("pk_01TEST")
        .build()
        .expect("client");
    let calls = [
        ("GET", ME.to_string(), capture("20-me-with-cookie")),
        ("POST", ME.to_string(), capture("22-me-update")),
        (
            "GET",
            ORDERS.to_string(),
            capture("27-orders-empty-default"),
        ),
        (
            "POST",
            ADDRESSES.to_string(),
            capture("67-addresses-create"),
        ),
        (
            "DELETE",
            format!("{ADDRESSES}/{ADDRESS_ID}"),
            capture("101-addresses-delete"),
        ),
        (
            "GET",
            PAYMENT_METHODS.to_string(),
            capture("73-payment-methods"),
        ),
        (
            "POST",
            PASSWORD_TOKEN.to_string(),
            capture("35-password-token-known"),
        ),
    ];
    let mut mocks = Vec::new();
    for (method, path, reply) in &calls {
        let mock = api
            .mock(method, path)
            .match_header("x-tenant", "eu")
            .match_header("x-publishable-api-key", "pk_01TEST")
            .reply(&api.seen, reply)
            .create();
        mocks.push(mock);
    }
    let customers = medusa.customers();

    customers.retrieve().expect("retrieve");
    customers
        .update(&UpdateCustomer::default())
        .expect("update");
    customers
        .list_orders(&ListOrders::default())
        .expect("list orders");
    customers
        .addresses()
        .add_address(&springfield())
        .expect("add address");
    customers
        .addresses()
        .delete_address(ADDRESS_ID)
        .expect("delete address");
    customers.payment_methods().list().expect("payment methods");
    customers
        .generate_password_token(EMAIL)
        .expect("password token");

    for mock in &mocks {
        mock.assert();
    }
}

#[test]
fn a_handle_header_overrides_the_client_one_on_that_handle_only() {
    let mut api = Api::new();
    let medusa = api
        .builder()
        .header("x-tenant", "eu")
        .build()
        .expect("client");
    // Exact matchers: a request carrying both values would match neither.
    let us = api
        .mock("GET", ME)
        .match_header("x-tenant", "us")
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .expect(1)
        .create();
    let eu = api
        .mock("GET", ME)
        .match_header("x-tenant", "eu")
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .expect(1)
        .create();
    let with_request_id = api
        .mock("GET", PAYMENT_METHODS)
        .match_header("x-request-id", "req-1")
        .reply(&api.seen, &capture("73-payment-methods"))
        .expect(1)
        .create();
    let without_request_id = api
        .mock("GET", PAYMENT_METHODS)
        .match_header("x-request-id", Matcher::Missing)
        .reply(&api.seen, &capture("73-payment-methods"))
        .expect(1)
        .create();

    medusa
        .customers()
        .header("x-tenant", "us")
        .retrieve()
        .expect("handle with its own x-tenant");
    medusa.customers().retrieve().expect("later handle");
    medusa
        .customers()
        .header("x-request-id", "req-1")
        .payment_methods()
        .list()
        .expect("sub-handle of a handle with a header");
    medusa
        .customers()
        .payment_methods()
        .list()
        .expect("later handle");

    us.assert();
    eu.assert();
    with_request_id.assert();
    without_request_id.assert();
}

#[test]
fn a_bad_handle_header_is_refused_before_sending() {
    let api = Api::new();
    let medusa = api.medusa();

    expect_invalid_input(
        medusa.customers().header("x tenant", "eu").retrieve(),
        "header",
    );
    expect_invalid_input(
        medusa
            .customers()
            .header("x-tenant", "eu\r\nx-evil: 1")
            .addresses()
            .delete_address(ADDRESS_ID),
        "header",
    );

    api.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// retries

#[test]
fn a_503_is_retried_after_the_backoff_and_then_succeeds() {
    let mut api = Api::new();
    let busy = api
        .mock("GET", ME)
        .reply(&api.seen, &Reply::unavailable())
        .expect(1)
        .create();
    let ok = api
        .mock("GET", ME)
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let me = medusa.customers().retrieve().expect("retried");

    busy.assert();
    ok.assert();
    assert_eq!(me.id, CUSTOMER_ID);
    assert_eq!(waits_of(&waits), [Duration::from_millis(500)]);
}

#[test]
fn retries_end_with_the_last_error_once_spent() {
    let mut api = Api::new();
    let busy = api
        .mock("GET", ME)
        .reply(&api.seen, &Reply::unavailable())
        .expect(3)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let err = medusa.customers().retrieve().unwrap_err();

    busy.assert();
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(
        waits_of(&waits),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
}

#[test]
fn a_retried_post_carries_the_same_idempotency_key_on_every_attempt() {
    let mut api = Api::new();
    let key = Matcher::Regex(UUID_V4.into());
    let busy = api
        .mock("POST", CUSTOMERS)
        .expect_json(&captured_request_body("05-customers-create"))
        .match_header("idempotency-key", key.clone())
        .reply(&api.seen, &Reply::unavailable())
        .expect(1)
        .create();
    let ok = api
        .mock("POST", CUSTOMERS)
        .expect_json(&captured_request_body("05-customers-create"))
        .match_header("idempotency-key", key.clone())
        .reply(&api.seen, &capture("05-customers-create"))
        .expect(1)
        .create();
    let (medusa, _) = retrying_client(&api);

    let customer = medusa.customers().create(&jane()).expect("retried create");

    busy.assert();
    ok.assert();
    assert_eq!(customer.id, CUSTOMER_ID);
    let keys: Vec<String> = api
        .seen()
        .iter()
        .map(|s| s.header("idempotency-key").unwrap_or_default().to_string())
        .collect();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0], keys[1], "both attempts of one call carry one key");

    // The next call is another logical call: another key.
    let next = api
        .mock("POST", ME)
        .match_header("idempotency-key", key)
        .reply(&api.seen, &capture("22-me-update"))
        .create();
    medusa
        .customers()
        .update(&UpdateCustomer::default())
        .expect("update");
    next.assert();
    let next_key = api.seen()[2]
        .header("idempotency-key")
        .unwrap_or_default()
        .to_string();
    assert_ne!(next_key, keys[0]);
}

#[test]
fn a_caller_idempotency_key_is_kept_on_every_attempt() {
    // medusa-js merges custom headers last, so a caller's key wins over the generated one; a
    // caller resuming a registration after a crash needs the server to see the same key.
    let mut api = Api::new();
    let busy = api
        .mock("POST", CUSTOMERS)
        .match_header("idempotency-key", "signup-42")
        .reply(&api.seen, &Reply::unavailable())
        .expect(1)
        .create();
    let ok = api
        .mock("POST", CUSTOMERS)
        .match_header("idempotency-key", "signup-42")
        .reply(&api.seen, &capture("05-customers-create"))
        .expect(1)
        .create();
    let (medusa, _) = retrying_client(&api);

    medusa
        .customers()
        .header("Idempotency-Key", "signup-42")
        .create(&jane())
        .expect("create with the caller's key");

    busy.assert();
    ok.assert();
}

#[test]
fn no_idempotency_key_without_retries_nor_on_get_or_delete() {
    let mut api = Api::new();
    let post = api
        .mock("POST", CUSTOMERS)
        .match_header("idempotency-key", Matcher::Missing)
        .reply(&api.seen, &capture("05-customers-create"))
        .create();
    let get = api
        .mock("GET", ME)
        .match_header("idempotency-key", Matcher::Missing)
        .reply(&api.seen, &capture("20-me-with-cookie"))
        .create();
    let delete = api
        .mock("DELETE", &format!("{ADDRESSES}/{ADDRESS_ID}"))
        .match_header("idempotency-key", Matcher::Missing)
        .reply(&api.seen, &capture("101-addresses-delete"))
        .create();
    let (retrying, _) = retrying_client(&api);

    api.builder()
        .max_retries(0)
        .build()
        .expect("client")
        .customers()
        .create(&jane())
        .expect("create without retries");
    retrying.customers().retrieve().expect("get with retries");
    retrying
        .customers()
        .addresses()
        .delete_address(ADDRESS_ID)
        .expect("delete with retries");

    post.assert();
    get.assert();
    delete.assert();
}

#[test]
fn a_500_or_a_400_is_not_retried() {
    let mut api = Api::new();
    let server_error = api
        .mock("POST", ME)
        .reply(&api.seen, &capture("38-password-reset-bad-token"))
        .expect(1)
        .create();
    let bad_request = api
        .mock("GET", ORDERS)
        .reply(&api.seen, &capture("32-orders-empty-status-invalid"))
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let err_500 = medusa
        .customers()
        .update(&UpdateCustomer::default())
        .unwrap_err();
    let err_400 = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .unwrap_err();

    server_error.assert();
    bad_request.assert();
    assert_eq!(err_500.status(), Some(500));
    assert_eq!(err_400.status(), Some(400));
    assert_eq!(
        waits_of(&waits),
        Vec::<Duration>::new(),
        "no wait, no retry"
    );
}

#[test]
fn a_409_is_retried() {
    let mut api = Api::new();
    let conflict = api
        .mock("POST", ME)
        .reply(
            &api.seen,
            &Reply::json(
                409,
                r#"{"code":"invalid_state_error","type":"conflict","message":"Another update is in progress"}"#,
            ),
        )
        .expect(1)
        .create();
    let ok = api
        .mock("POST", ME)
        .reply(&api.seen, &capture("22-me-update"))
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let me = medusa
        .customers()
        .update(&UpdateCustomer {
            phone: Some("+15550001111".into()),
            ..Default::default()
        })
        .expect("retried update");

    conflict.assert();
    ok.assert();
    assert_eq!(me.phone.as_deref(), Some("+15550001111"));
    assert_eq!(waits_of(&waits), [Duration::from_millis(500)]);
}

#[test]
fn a_429_waits_as_long_as_retry_after_says() {
    let mut api = Api::new();
    let limited = api
        .mock("GET", ORDERS)
        .reply(
            &api.seen,
            &Reply::text(429, "text/plain", "Too Many Requests").header("retry-after", "1"),
        )
        .expect(1)
        .create();
    let ok = api
        .mock("GET", ORDERS)
        .reply(&api.seen, &capture("84-orders-one"))
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let page = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .expect("retried list");

    limited.assert();
    ok.assert();
    assert_eq!(page.count, 1);
    assert_eq!(waits_of(&waits), [Duration::from_secs(1)]);
}

#[test]
fn a_retry_after_beyond_the_ceiling_stops_at_once_with_its_value() {
    let mut api = Api::new();
    let limited = api
        .mock("GET", ME)
        .reply(
            &api.seen,
            &Reply::text(429, "text/plain", "Too Many Requests").header("retry-after", "120"),
        )
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let err = medusa.customers().retrieve().unwrap_err();

    limited.assert();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(
        waits_of(&waits),
        Vec::<Duration>::new(),
        "no wait, no retry"
    );
}

// ---------------------------------------------------------------------------------------------
// limits: body size, timeout, redirects

#[test]
fn a_body_over_the_limit_is_body_too_large() {
    let mut api = Api::new();
    let mock = api
        .mock("GET", ME)
        .reply(&api.seen, &Reply::json(200, "x".repeat(5000)))
        .expect(1)
        .create();
    let medusa = api.builder().max_body_size(1000).build().expect("client");

    let err = medusa.customers().retrieve().unwrap_err();

    match err {
        Error::BodyTooLarge { status, limit } => assert_eq!((status, limit), (200, 1000)),
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    mock.assert();
}

#[test]
fn a_server_that_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let (release, held) = mpsc::channel::<()>();
    // Accepts, then holds the connection without a word until the test is done.
    std::thread::spawn(move || {
        if let Ok((connection, _)) = listener.accept() {
            let _ = held.recv_timeout(Duration::from_secs(10));
            drop(connection);
        }
    });
    let medusa = Medusa::builder(format!("http://{address}"))
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");

    let started = Instant::now();
    let err = medusa.customers().retrieve().unwrap_err();
    let elapsed = started.elapsed();
    drop(release);

    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[test]
fn a_redirect_is_not_followed() {
    let mut api = Api::new();
    let elsewhere = Api::new();
    let location = format!("{}{CUSTOMERS}", elsewhere.url());
    let redirect = api
        .mock("POST", CUSTOMERS)
        .reply(
            &api.seen,
            &Reply::text(302, "text/plain", "Found").header("location", &location),
        )
        .expect(1)
        .create();
    let (medusa, waits) = retrying_client(&api);

    let err = medusa.customers().create(&jane()).unwrap_err();

    redirect.assert();
    match &err {
        Error::Redirect {
            status: 302,
            location: Some(sent),
        } => assert_eq!(sent, &location),
        other => panic!("expected a 302 Redirect, got {other:?}"),
    }
    assert!(err.to_string().contains(&location), "{err}");
    assert_eq!(
        waits_of(&waits),
        Vec::<Duration>::new(),
        "no wait, no retry"
    );
    elsewhere.assert_nothing_unexpected();
}
