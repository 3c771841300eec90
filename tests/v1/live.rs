//! Live tests against a REAL Medusa 1.20 backend (`tests/backend/start.sh v1` starts one on
//! `http://127.0.0.1:9000`).
//!
//! Every live test is `#[ignore]`d, so a plain `cargo test` lists them as ignored (not passed)
//! when no server is around; they run when asked for, and then fail without their server (see
//! `tests/support/live.rs`). The one test that is not ignored (`ci_has_a_live_v1_backend`, in
//! `main.rs`) fails when `CI` is set and the backend is missing. Every test registers its own customers with unique e-mails, so the tests
//! are independent and run in parallel threads.
//!
//! ```text
//! export "$(bash tests/backend/start.sh v1)"   # MEDUSA_BACKEND_URL=http://127.0.0.1:9000
//! cargo test --test v1 -- --include-ignored live::
//! ```

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use medusa_blocking::v1::models::Metadata;
use medusa_blocking::v1::models::{Customer, FulfillmentStatus, Order, OrderStatus, PaymentStatus};
use medusa_blocking::v1::store::params::{
    AddressCreate, AddressUpdate, BillingAddress, CreateCustomer, DateFilter, ListOrders,
    ResetPassword, UpdateCustomer,
};
use medusa_blocking::{ApiError, Error, v1::Medusa};
use medusa_testkit::tempdir::TempDir;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use crate::support;

const PASSWORD: &str = "live-Secret-1";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The backend URL from `MEDUSA_BACKEND_URL`, checked once; fails the test without it.
#[track_caller]
fn backend() -> String {
    support::live::backend(&support::live::V1).url
}

/// A unique, lower-case e-mail: time + process id + counter.
fn unique_email(tag: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("live-{tag}-{nanos}-{}-{n}@example.com", std::process::id())
}

fn client(url: &str) -> Medusa {
    Medusa::new(url).unwrap_or_else(|e| panic!("client for {url}: {e}"))
}

/// Registers a new customer with `email` on `medusa` (which is logged in afterwards).
fn register_as(medusa: &Medusa, email: &str) -> Customer {
    medusa
        .customers()
        .create(&CreateCustomer {
            email: email.to_string(),
            password: PASSWORD.to_string(),
            first_name: Some("Live".into()),
            last_name: Some("Test".into()),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("register {email}: {e}"))
}

/// A new client, logged in (cookie) as a newly registered customer.
fn register(url: &str, tag: &str) -> (Medusa, Customer, String) {
    let medusa = client(url);
    let email = unique_email(tag);
    let customer = register_as(&medusa, &email);
    (medusa, customer, email)
}

fn cookie_count(medusa: &Medusa) -> usize {
    medusa.cookie_store().len()
}

/// Asserts a Medusa JSON error with this status and `type`; returns it.
#[track_caller]
fn expect_api<T: Debug>(result: Result<T, Error>, status: u16, kind: &str) -> ApiError {
    match result {
        Err(Error::Api {
            status: got, error, ..
        }) if got == status && error.kind == kind => error,
        other => panic!("expected Error::Api {{ status: {status}, kind: {kind} }}, got {other:?}"),
    }
}

/// Asserts a non-JSON HTTP error with this status; returns (content type, body snippet).
#[track_caller]
fn expect_http<T: Debug>(result: Result<T, Error>, status: u16) -> (Option<String>, String) {
    match result {
        Err(Error::Http {
            status: got,
            content_type,
            body,
            ..
        }) if got == status => (content_type, body),
        other => panic!("expected Error::Http {{ status: {status} }}, got {other:?}"),
    }
}

/// Passport's plain-text 401: status 401, body `Unauthorized`.
#[track_caller]
fn expect_unauthorized<T: Debug>(result: Result<T, Error>) {
    let (_, body) = expect_http(result, 401);
    assert_eq!(body, "Unauthorized");
}

fn us_address(first_name: &str, address_1: &str) -> AddressCreate {
    AddressCreate {
        first_name: first_name.into(),
        last_name: "Doe".into(),
        address_1: address_1.into(),
        city: "Springfield".into(),
        country_code: "us".into(),
        postal_code: "12345".into(),
        ..Default::default()
    }
}

/// An address with every field the server compares for de-duplication set.
fn full_us_address(first_name: &str, address_1: &str) -> AddressCreate {
    AddressCreate {
        phone: Some("+15550002222".into()),
        address_2: Some("Apt 4".into()),
        province: Some("IL".into()),
        company: Some("Acme".into()),
        ..us_address(first_name, address_1)
    }
}

fn metadata(value: Value) -> Metadata {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// Runs `f`, trying again (a few times) when the server answers 409: concurrent cart completions
/// can meet a serialization conflict in PostgreSQL, which Medusa maps to 409.
fn retry_conflict<T>(what: &str, mut f: impl FnMut() -> Result<T, Error>) -> T {
    let mut attempt = 0;
    loop {
        match f() {
            Ok(v) => return v,
            Err(e) if e.status() == Some(409) && attempt < 5 => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(100 * attempt));
            }
            Err(e) => panic!("{what}: {e}"),
        }
    }
}

/// The ids of the seeded region `US` and variant `ACC-TSHIRT-M`.
fn seeded_ids(medusa: &Medusa) -> (String, String) {
    let regions: Value = medusa.get("/store/regions").expect("GET /store/regions");
    let region_id = regions["regions"]
        .as_array()
        .expect("regions")
        .iter()
        .find(|r| r["name"] == "US")
        .and_then(|r| r["id"].as_str())
        .expect("region US")
        .to_string();
    let products: Value = medusa
        .get("/store/products?handle=acceptance-tshirt")
        .expect("GET /store/products?handle=acceptance-tshirt");
    let variant_id = products["products"][0]["variants"]
        .as_array()
        .expect("variants")
        .iter()
        .find(|v| v["sku"] == "ACC-TSHIRT-M")
        .and_then(|v| v["id"].as_str())
        .expect("variant ACC-TSHIRT-M")
        .to_string();
    (region_id, variant_id)
}

/// Places a real order through the Store cart API (escape hatch), logged in as the customer of
/// `medusa`: 2 × ACC-TSHIRT-M (1950) + Manual Standard (500) = 4400 usd. Returns the order id.
fn place_order(medusa: &Medusa) -> String {
    let (region_id, variant_id) = seeded_ids(medusa);
    let cart: Value = retry_conflict("POST /store/carts", || {
        medusa.post("/store/carts", &json!({ "region_id": region_id }))
    });
    let cart_id = cart["cart"]["id"].as_str().expect("cart id").to_string();
    let base = format!("/store/carts/{cart_id}");

    let _: Value = retry_conflict("add line item", || {
        medusa.post(
            &format!("{base}/line-items"),
            &json!({ "variant_id": variant_id, "quantity": 2 }),
        )
    });
    let mut update = json!({
        "shipping_address": {
            "first_name": "Live", "last_name": "Test", "address_1": "1 Main St",
            "city": "Springfield", "country_code": "us", "postal_code": "12345"
        }
    });
    if cart["cart"]["email"].as_str().is_none() {
        // The session should have given the cart the customer's e-mail; be explicit otherwise.
        let me = medusa
            .customers()
            .retrieve()
            .expect("retrieve for cart e-mail");
        update["email"] = json!(me.email);
    }
    let _: Value = retry_conflict("set shipping address", || medusa.post(&base, &update));

    let options: Value = medusa
        .get(&format!("/store/shipping-options/{cart_id}"))
        .expect("GET /store/shipping-options/{cart_id}");
    let option_id = options["shipping_options"]
        .as_array()
        .expect("shipping_options")
        .iter()
        .find(|o| o["name"] == "Manual Standard")
        .and_then(|o| o["id"].as_str())
        .expect("shipping option Manual Standard")
        .to_string();
    let _: Value = retry_conflict("add shipping method", || {
        medusa.post(
            &format!("{base}/shipping-methods"),
            &json!({ "option_id": option_id }),
        )
    });
    let _: Value = retry_conflict("create payment sessions", || {
        medusa.post(&format!("{base}/payment-sessions"), &json!({}))
    });
    let _: Value = retry_conflict("select payment session", || {
        medusa.post(
            &format!("{base}/payment-session"),
            &json!({ "provider_id": "manual" }),
        )
    });
    let done: Value = retry_conflict("complete cart", || {
        medusa.post(&format!("{base}/complete"), &json!({}))
    });
    assert_eq!(done["type"], "order", "cart complete: {done}");
    done["data"]["id"].as_str().expect("order id").to_string()
}

/// Polls the TEST-ONLY hook for the latest password-reset token of `email` (up to 15 s).
fn reset_token(url: &str, email: &str) -> String {
    let hook = client(url);
    let path = format!(
        "/test-hooks/password-reset-token?email={}",
        utf8_percent_encode(email, NON_ALPHANUMERIC)
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match hook.get::<Value>(&path) {
            Ok(v) => {
                return v["token"]
                    .as_str()
                    .expect("token in hook answer")
                    .to_string();
            }
            Err(e) if e.status() == Some(404) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(250));
            }
            Err(e) => panic!("no password-reset token for {email} within 15 s: {e}"),
        }
    }
}

fn ids(orders: &[Order]) -> Vec<&str> {
    orders.iter().map(|o| o.id.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn register_then_retrieve_with_the_cookie_alone() {
    let url = backend();
    let medusa = client(&url);
    let email = unique_email("register");
    let created = medusa
        .customers()
        .create(&CreateCustomer {
            email: email.to_uppercase(),
            password: PASSWORD.into(),
            first_name: Some("Jane".into()),
            last_name: Some("Doe".into()),
            phone: Some("+15550001111".into()),
        })
        .expect("register");
    assert!(created.id.starts_with("cus_"), "{}", created.id);
    assert_eq!(created.email, email, "registration lower-cases the e-mail");
    assert_eq!(created.first_name.as_deref(), Some("Jane"));
    assert_eq!(created.last_name.as_deref(), Some("Doe"));
    assert_eq!(created.phone.as_deref(), Some("+15550001111"));
    assert!(created.has_account);
    assert_eq!(created.shipping_addresses, Some(vec![]));
    assert_eq!(created.billing_address, None);
    assert!(cookie_count(&medusa) > 0, "the session cookie is kept");
    assert!(medusa.bearer_token().is_none());

    // No login step: the registration cookie is the session.
    let me = medusa
        .customers()
        .retrieve()
        .expect("retrieve with the cookie");
    assert_eq!(me.id, created.id);
    assert_eq!(me.email, email);
    assert_eq!(me.shipping_addresses, Some(vec![]));
    assert_eq!(me.orders, None, "/store/customers/me does not load orders");

    // Another client without the cookie is not logged in: passport's 401, plain text with no
    // Content-Type at all.
    let (content_type, body) = expect_http(client(&url).customers().retrieve(), 401);
    assert_eq!((content_type, body.as_str()), (None, "Unauthorized"));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn register_errors_duplicate_validation_and_unknown_property() {
    let url = backend();
    let (_first, _, email) = register(&url, "dup");

    // The same e-mail again, in another letter case, from another client.
    let other = client(&url);
    let err = expect_api(
        other.customers().create(&CreateCustomer {
            email: email.to_uppercase(),
            password: "another-secret".into(),
            ..Default::default()
        }),
        422,
        "duplicate_error",
    );
    assert_eq!(err.code.as_deref(), Some("invalid_request_error"));
    assert_eq!(
        err.message,
        "A customer with the given email already has an account. Log in instead"
    );
    expect_unauthorized(other.customers().retrieve());

    // A bad e-mail: 400 invalid_data from the validator.
    let err = expect_api(
        other.customers().create(&CreateCustomer {
            email: "not-an-email".into(),
            password: PASSWORD.into(),
            ..Default::default()
        }),
        400,
        "invalid_data",
    );
    assert_eq!(err.message, "email must be an email");
    assert_eq!(err.code, None);

    // Empty e-mail / password: refused before sending.
    for create in [
        CreateCustomer {
            email: "".into(),
            password: PASSWORD.into(),
            ..Default::default()
        },
        CreateCustomer {
            email: unique_email("empty-pw"),
            password: "".into(),
            ..Default::default()
        },
    ] {
        match other.customers().create(&create) {
            Err(Error::InvalidInput(_)) => {}
            r => panic!("expected InvalidInput, got {r:?}"),
        }
    }

    // An unknown property, through the escape hatch: the server's whitelist rejects it.
    let err = expect_api(
        other.post::<Value, _>(
            "/store/customers",
            &json!({
                "email": unique_email("nickname"),
                "password": PASSWORD,
                "nickname": "x",
            }),
        ),
        400,
        "invalid_data",
    );
    assert_eq!(err.message, "property nickname should not exist");
}

// ---------------------------------------------------------------------------------------------
// Profile update
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn update_names_phone_metadata_email_and_password() {
    let url = backend();
    let (medusa, created, _) = register(&url, "update");
    let customers = medusa.customers();

    let me = customers
        .update(&UpdateCustomer {
            first_name: Some("Janet".into()),
            last_name: Some("Smith".into()),
            phone: Some("+15550009999".into()),
            metadata: Some(metadata(json!({"a": 1, "b": "x", "nested": {"k": [1, 2]}}))),
            ..Default::default()
        })
        .expect("update");
    assert_eq!(me.id, created.id);
    assert_eq!(me.first_name.as_deref(), Some("Janet"));
    assert_eq!(me.last_name.as_deref(), Some("Smith"));
    assert_eq!(me.phone.as_deref(), Some("+15550009999"));
    assert_eq!(
        me.metadata,
        Some(metadata(json!({"a": 1, "b": "x", "nested": {"k": [1, 2]}})))
    );

    // Merge: new keys are added, `""` removes a key, the others stay.
    let me = customers
        .update(&UpdateCustomer {
            metadata: Some(metadata(json!({"b": "", "c": true}))),
            ..Default::default()
        })
        .expect("metadata merge");
    assert_eq!(
        me.metadata,
        Some(metadata(
            json!({"a": 1, "nested": {"k": [1, 2]}, "c": true})
        ))
    );
    assert_eq!(
        me.first_name.as_deref(),
        Some("Janet"),
        "unsent fields stay"
    );

    let again = customers.retrieve().expect("retrieve");
    assert_eq!(again.metadata, me.metadata);
    assert_eq!(again.phone.as_deref(), Some("+15550009999"));

    // E-mail: stored exactly as sent by a profile update (not lower-cased). Login and `exists`
    // lower-case what they are given, so a mixed-case stored e-mail can no longer be found.
    let lower_email = unique_email("update-new");
    let mixed_email = lower_email.replacen("live", "Live", 1);
    let me = customers
        .update(&UpdateCustomer {
            email: Some(mixed_email.clone()),
            ..Default::default()
        })
        .expect("update e-mail (mixed case)");
    assert_eq!(me.email, mixed_email);
    assert!(!client(&url).auth().exists(&mixed_email).expect("exists"));
    let me = customers
        .update(&UpdateCustomer {
            email: Some(lower_email.clone()),
            ..Default::default()
        })
        .expect("update e-mail (lower case)");
    assert_eq!(me.email, lower_email);
    assert!(client(&url).auth().exists(&lower_email).expect("exists"));

    // Password: the new one logs in, the old one no longer does.
    customers
        .update(&UpdateCustomer {
            password: Some("changed-Secret-2".into()),
            ..Default::default()
        })
        .expect("update password");
    let logged = client(&url)
        .auth()
        .authenticate(&lower_email, "changed-Secret-2")
        .expect("log in with the new password");
    assert_eq!(logged.id, created.id);
    expect_unauthorized(client(&url).auth().authenticate(&lower_email, PASSWORD));

    // A server-side validation error.
    let err = expect_api(
        customers.update(&UpdateCustomer {
            email: Some("not-an-email".into()),
            ..Default::default()
        }),
        400,
        "invalid_data",
    );
    assert_eq!(err.message, "email must be an email");
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn update_billing_address_object_existing_id_and_unset() {
    let url = backend();
    let (medusa, _, _) = register(&url, "billing");
    let customers = medusa.customers();

    // As an object: created, country code lower-cased.
    let me = customers
        .update(&UpdateCustomer {
            billing_address: Some(BillingAddress::New(AddressUpdate {
                first_name: Some("Bill".into()),
                last_name: Some("Payer".into()),
                address_1: Some("9 Billing Rd".into()),
                city: Some("Capital City".into()),
                country_code: Some("US".into()),
                postal_code: Some("99999".into()),
                ..Default::default()
            })),
            ..Default::default()
        })
        .expect("billing address as an object");
    let billing = me.billing_address.clone().expect("billing address");
    assert_eq!(me.billing_address_id.as_deref(), Some(billing.id.as_str()));
    assert_eq!(billing.city.as_deref(), Some("Capital City"));
    assert_eq!(billing.country_code.as_deref(), Some("us"));
    assert_eq!(billing.address_1.as_deref(), Some("9 Billing Rd"));

    let again = customers.retrieve().expect("retrieve");
    assert_eq!(
        again.billing_address_id.as_deref(),
        Some(billing.id.as_str())
    );
    assert_eq!(
        again
            .billing_address
            .as_ref()
            .and_then(|a| a.city.as_deref()),
        Some("Capital City")
    );

    // A second object is merged into the current billing address.
    let me = customers
        .update(&UpdateCustomer {
            billing_address: Some(BillingAddress::New(AddressUpdate {
                city: Some("Ogdenville".into()),
                ..Default::default()
            })),
            ..Default::default()
        })
        .expect("merge into the billing address");
    let merged = me.billing_address.expect("billing address");
    assert_eq!(merged.id, billing.id);
    assert_eq!(merged.city.as_deref(), Some("Ogdenville"));
    assert_eq!(merged.address_1.as_deref(), Some("9 Billing Rd"));

    // As an existing address id: add a shipping address, then point the billing address at it.
    let me = customers
        .addresses()
        .add_address(&us_address("Ship", "1 Ship St"))
        .expect("add address");
    let addr_id = me.shipping_addresses.expect("addresses")[0].id.clone();
    let me = customers
        .update(&UpdateCustomer {
            billing_address: Some(BillingAddress::Existing(addr_id.clone())),
            ..Default::default()
        })
        .expect("billing address by id");
    assert_eq!(me.billing_address_id.as_deref(), Some(addr_id.as_str()));
    let again = customers.retrieve().expect("retrieve");
    assert_eq!(again.billing_address_id.as_deref(), Some(addr_id.as_str()));
    assert_eq!(
        again.billing_address.as_ref().map(|a| a.id.as_str()),
        Some(addr_id.as_str())
    );

    // An unknown id: 404 not_found.
    expect_api(
        customers.update(&UpdateCustomer {
            billing_address: Some(BillingAddress::Existing("addr_does_not_exist".into())),
            ..Default::default()
        }),
        404,
        "not_found",
    );
    // An empty id is refused before sending.
    assert!(matches!(
        customers.update(&UpdateCustomer {
            billing_address: Some(BillingAddress::Existing(" ".into())),
            ..Default::default()
        }),
        Err(Error::InvalidInput(_))
    ));

    // Unset.
    let me = customers
        .update(&UpdateCustomer {
            billing_address: Some(BillingAddress::Unset),
            ..Default::default()
        })
        .expect("unset billing address");
    assert_eq!(me.billing_address_id, None);
    assert_eq!(me.billing_address, None);
    let again = customers.retrieve().expect("retrieve");
    assert_eq!(again.billing_address_id, None);
    assert_eq!(again.billing_address, None);
}

// ---------------------------------------------------------------------------------------------
// Addresses and payment methods
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn addresses_add_dedup_update_foreign_id_and_delete_twice() {
    let url = backend();
    let (medusa, created, _) = register(&url, "addr");
    let addresses = medusa.customers().addresses();
    let address = full_us_address("Jane", "1 Main St");

    let me = addresses.add_address(&address).expect("add address");
    let list = me.shipping_addresses.expect("shipping_addresses");
    assert_eq!(list.len(), 1);
    let added = &list[0];
    assert!(added.id.starts_with("addr_"), "{}", added.id);
    assert_eq!(added.customer_id.as_deref(), Some(created.id.as_str()));
    assert_eq!(added.first_name.as_deref(), Some("Jane"));
    assert_eq!(added.address_2.as_deref(), Some("Apt 4"));
    assert_eq!(added.province.as_deref(), Some("IL"));
    assert_eq!(added.phone.as_deref(), Some("+15550002222"));
    assert_eq!(added.company.as_deref(), Some("Acme"));
    assert_eq!(added.country_code.as_deref(), Some("us"));
    let id = added.id.clone();

    // The same address again: the server de-duplicates, the call still succeeds.
    let me = addresses
        .add_address(&address)
        .expect("add the same address");
    let list = me.shipping_addresses.expect("shipping_addresses");
    assert_eq!(list.len(), 1, "de-duplicated: {list:?}");
    assert_eq!(list[0].id, id);

    // A country in no region: the foreign key fails, mapped to 404 not_found.
    let err = expect_api(
        addresses.add_address(&AddressCreate {
            country_code: "xx".into(),
            ..address.clone()
        }),
        404,
        "not_found",
    );
    assert!(err.message.contains("xx"), "{}", err.message);

    // A missing required field is refused before sending.
    assert!(matches!(
        addresses.add_address(&AddressCreate {
            city: "".into(),
            ..address.clone()
        }),
        Err(Error::InvalidInput(_))
    ));

    // Update (flat body).
    let me = addresses
        .update_address(
            &id,
            &AddressUpdate {
                city: Some("Shelbyville".into()),
                postal_code: Some("54321".into()),
                ..Default::default()
            },
        )
        .expect("update address");
    let list = me.shipping_addresses.expect("shipping_addresses");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, id);
    assert_eq!(list[0].city.as_deref(), Some("Shelbyville"));
    assert_eq!(list[0].postal_code.as_deref(), Some("54321"));
    assert_eq!(
        list[0].address_1.as_deref(),
        Some("1 Main St"),
        "unsent fields stay"
    );

    // Another customer's address id: 400 invalid_data, and theirs is untouched.
    let (other, _, _) = register(&url, "addr-other");
    let theirs = other
        .customers()
        .addresses()
        .add_address(&us_address("Other", "2 Other St"))
        .expect("other adds an address");
    let their_id = theirs.shipping_addresses.expect("addresses")[0].id.clone();
    let err = expect_api(
        addresses.update_address(
            &their_id,
            &AddressUpdate {
                city: Some("Hijacked".into()),
                ..Default::default()
            },
        ),
        400,
        "invalid_data",
    );
    assert_eq!(err.message, "Could not find address for customer");
    let theirs = other.customers().retrieve().expect("other retrieves");
    assert_eq!(
        theirs.shipping_addresses.expect("addresses")[0]
            .city
            .as_deref(),
        Some("Springfield")
    );

    // Delete, then delete again: both succeed.
    let me = addresses.delete_address(&id).expect("delete address");
    assert_eq!(me.shipping_addresses, Some(vec![]));
    let me = addresses
        .delete_address(&id)
        .expect("delete the address again");
    assert_eq!(me.shipping_addresses, Some(vec![]));
    assert_eq!(
        medusa
            .customers()
            .retrieve()
            .expect("retrieve")
            .shipping_addresses,
        Some(vec![])
    );
}

/// The doc of `add_address` promises that an address equal to an existing one is not added
/// again. The server compares phone, address_2 and province with `===`: a field the client
/// omits (undefined) never equals the stored `null`, so with any of them unset the same
/// address is added a second time. Sending `null` for them makes the server de-duplicate.
#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn adding_the_same_address_without_optional_fields_is_deduplicated() {
    let url = backend();
    let (medusa, _, _) = register(&url, "addr-dedup");
    let addresses = medusa.customers().addresses();
    let address = us_address("Jane", "1 Main St");
    addresses.add_address(&address).expect("add address");
    let me = addresses
        .add_address(&address)
        .expect("add the same address");
    assert_eq!(
        me.shipping_addresses.map(|l| l.len()),
        Some(1),
        "the same address was stored twice"
    );
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn payment_methods_list_is_empty_with_the_manual_provider() {
    let url = backend();
    let (medusa, _, _) = register(&url, "paymeth");
    let methods = medusa
        .customers()
        .payment_methods()
        .list()
        .expect("payment methods");
    assert!(methods.is_empty(), "{methods:?}");
    expect_unauthorized(client(&url).customers().payment_methods().list());
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn list_orders_after_a_real_order_with_every_filter() {
    let url = backend();
    let (medusa, me, email) = register(&url, "orders");
    let customers = medusa.customers();

    let empty = customers
        .list_orders(&ListOrders::default())
        .expect("no orders yet");
    assert_eq!((empty.count, empty.offset, empty.limit), (0, 0, 10));
    assert!(empty.orders.is_empty());

    let order_id = place_order(&medusa);
    assert!(order_id.starts_with("order_"), "{order_id}");

    // Default: count, display id, totals, items, statuses.
    let page = customers.list_orders(&ListOrders::default()).expect("list");
    assert_eq!((page.count, page.offset, page.limit), (1, 0, 10));
    assert_eq!(ids(&page.orders), [order_id.as_str()]);
    let order = &page.orders[0];
    let display_id = order.display_id.expect("display_id");
    assert!(display_id > 0);
    assert_eq!(order.object.as_deref(), Some("order"));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.payment_status, Some(PaymentStatus::Awaiting));
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::NotFulfilled)
    );
    assert_eq!(order.customer_id.as_deref(), Some(me.id.as_str()));
    assert_eq!(order.email.as_deref(), Some(email.as_str()));
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(order.subtotal, Some(3900));
    assert_eq!(order.shipping_total, Some(500));
    assert_eq!(order.tax_total, Some(0));
    assert_eq!(order.discount_total, Some(0));
    assert_eq!(order.total, Some(4400));
    let items = order.items.as_ref().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].title, "Acceptance T-Shirt");
    assert_eq!(items[0].unit_price, 1950);
    assert_eq!(items[0].quantity, 2);
    assert_eq!(
        order
            .shipping_address
            .as_ref()
            .and_then(|a| a.city.as_deref()),
        Some("Springfield")
    );
    let payments = order.payments.as_ref().expect("payments");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].provider_id, "manual");
    assert_eq!(payments[0].amount, 4400);
    let methods = order.shipping_methods.as_ref().expect("shipping_methods");
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].price, 500);
    assert_eq!(order.metadata, None, "not selected by the orders list");
    let cart_id = order.cart_id.clone().expect("cart_id");
    let region_id = order.region_id.clone().expect("region_id");

    let count = |params: ListOrders| -> u64 {
        let page = customers
            .list_orders(&params)
            .unwrap_or_else(|e| panic!("list_orders {params:?}: {e}"));
        assert_eq!(page.count as usize, page.orders.len(), "{params:?}");
        page.count
    };

    // Status filters.
    let status = |s: Vec<OrderStatus>| ListOrders {
        status: s,
        ..Default::default()
    };
    assert_eq!(count(status(vec![OrderStatus::Pending])), 1);
    assert_eq!(count(status(vec![OrderStatus::Completed])), 0);
    assert_eq!(
        count(status(vec![OrderStatus::Completed, OrderStatus::Pending])),
        1
    );
    assert_eq!(
        count(status(vec![OrderStatus::Canceled, OrderStatus::Archived])),
        0
    );

    // Fulfillment and payment status filters.
    assert_eq!(
        count(ListOrders {
            fulfillment_status: vec![FulfillmentStatus::NotFulfilled],
            payment_status: vec![PaymentStatus::Awaiting],
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ListOrders {
            payment_status: vec![PaymentStatus::Captured],
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        count(ListOrders {
            fulfillment_status: vec![FulfillmentStatus::Shipped, FulfillmentStatus::Fulfilled],
            ..Default::default()
        }),
        0
    );

    // Scalar filters.
    assert_eq!(
        count(ListOrders {
            id: Some(order_id.clone()),
            display_id: Some(display_id.to_string()),
            cart_id: Some(cart_id),
            region_id: Some(region_id),
            currency_code: Some("usd".into()),
            email: Some(email.clone()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ListOrders {
            id: Some("order_does_not_exist".into()),
            ..Default::default()
        }),
        0
    );

    // Free text (matches the order e-mail among others).
    assert_eq!(
        count(ListOrders {
            q: Some(email.clone()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ListOrders {
            q: Some("no-such-text-anywhere".into()),
            ..Default::default()
        }),
        0
    );
    // updated_at / canceled_at ranges (the order is not canceled: canceled_at is null).
    assert_eq!(
        count(ListOrders {
            updated_at: Some(DateFilter {
                gte: Some(me.created_at.clone()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        count(ListOrders {
            canceled_at: Some(DateFilter {
                lt: Some("2999-01-01T00:00:00Z".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        0
    );

    // Paging.
    let page = customers
        .list_orders(&ListOrders {
            limit: Some(1),
            offset: Some(0),
            ..Default::default()
        })
        .expect("limit 1");
    assert_eq!((page.count, page.offset, page.limit), (1, 0, 1));
    assert_eq!(ids(&page.orders), [order_id.as_str()]);
    let page = customers
        .list_orders(&ListOrders {
            limit: Some(1),
            offset: Some(1),
            ..Default::default()
        })
        .expect("offset 1");
    assert_eq!((page.count, page.offset, page.limit), (1, 1, 1));
    assert!(page.orders.is_empty());

    // fields + expand: the requested columns and relation only.
    let page = customers
        .list_orders(&ListOrders {
            fields: Some("id,display_id,status,total".into()),
            expand: Some("items".into()),
            ..Default::default()
        })
        .expect("fields/expand");
    let order = &page.orders[0];
    assert_eq!(order.id, order_id);
    assert_eq!(order.display_id, Some(display_id));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.total, Some(4400));
    assert_eq!(order.items.as_ref().map(Vec::len), Some(1));
    assert_eq!(order.email, None);
    assert_eq!(order.payment_status, None);
    assert_eq!(order.fulfillment_status, None);
    assert_eq!(order.currency_code, None);
    assert_eq!(order.customer_id, None);
    assert_eq!(order.cart_id, None);

    // Date filters: ISO-8601 strings and unix seconds.
    let date = |f: DateFilter| ListOrders {
        created_at: Some(f),
        ..Default::default()
    };
    assert_eq!(
        count(date(DateFilter {
            gte: Some(me.created_at.clone()),
            ..Default::default()
        })),
        1
    );
    assert_eq!(
        count(date(DateFilter {
            lt: Some(me.created_at.clone()),
            ..Default::default()
        })),
        0
    );
    assert_eq!(
        count(date(DateFilter {
            gt: Some("946684800".into()), // 2000-01-01 in unix seconds
            lte: Some("2999-01-01".into()),
            ..Default::default()
        })),
        1
    );
    assert_eq!(
        count(date(DateFilter {
            lt: Some("946684800".into()),
            ..Default::default()
        })),
        0
    );

    // The session (GET /store/auth) carries the orders too.
    let session = medusa.auth().get_session().expect("get_session");
    let session_orders = session.orders.expect("orders field");
    assert_eq!(ids(&session_orders), [order_id.as_str()]);

    // Not logged in: plain-text 401.
    expect_unauthorized(client(&url).customers().list_orders(&ListOrders::default()));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn iter_orders_walks_pages_newest_first() {
    let url = backend();
    let (medusa, _, _) = register(&url, "iter");
    let customers = medusa.customers();

    assert_eq!(
        customers.iter_orders(&ListOrders::default()).count(),
        0,
        "no orders yet"
    );

    let placed: Vec<String> = (0..3).map(|_| place_order(&medusa)).collect();
    let newest_first: Vec<&str> = placed.iter().rev().map(String::as_str).collect();

    let all: Vec<Order> = customers
        .iter_orders(&ListOrders {
            limit: Some(2),
            ..Default::default()
        })
        .collect::<Result<_, _>>()
        .expect("iterate");
    assert_eq!(ids(&all), newest_first);

    // From an offset.
    let rest: Vec<Order> = customers
        .iter_orders(&ListOrders {
            limit: Some(2),
            offset: Some(1),
            ..Default::default()
        })
        .collect::<Result<_, _>>()
        .expect("iterate from offset 1");
    assert_eq!(ids(&rest), &newest_first[1..]);

    // With a filter that matches nothing, and one page of 1.
    assert_eq!(
        customers
            .iter_orders(&ListOrders {
                status: vec![OrderStatus::Completed],
                limit: Some(1),
                ..Default::default()
            })
            .count(),
        0
    );
    let one_by_one: Vec<String> = customers
        .iter_orders(&ListOrders {
            limit: Some(1),
            fields: Some("id,status".into()),
            ..Default::default()
        })
        .map(|o| o.expect("order").id)
        .collect();
    assert_eq!(one_by_one, newest_first);

    // Not logged in: one error, then the end.
    let mut iter = client(&url).customers().iter_orders(&ListOrders::default());
    expect_unauthorized(iter.next().expect("an error item"));
    assert!(iter.next().is_none());
}

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn password_reset_with_the_real_token() {
    let url = backend();
    let (medusa, created, email) = register(&url, "reset");
    let anonymous = client(&url);
    let customers = anonymous.customers();

    customers
        .generate_password_token(&email)
        .expect("generate_password_token (204)");
    let token = reset_token(&url, &email);

    let new_password = "reset-Secret-2";
    let reset = customers
        .reset_password(&ResetPassword {
            email: email.clone(),
            token: token.clone(),
            password: new_password.into(),
        })
        .expect("reset_password");
    assert_eq!(reset.id, created.id);
    assert_eq!(reset.email, email);
    assert_eq!(reset.shipping_addresses, None, "no relations on this route");
    // A reset does not log in.
    expect_unauthorized(anonymous.customers().retrieve());

    // The new password logs in; the old one is a plain-text 401.
    let fresh = client(&url);
    let logged = fresh
        .auth()
        .authenticate(&email, new_password)
        .expect("log in with the new password");
    assert_eq!(logged.id, created.id);
    let (content_type, body) = expect_http(client(&url).auth().authenticate(&email, PASSWORD), 401);
    assert_eq!(body, "Unauthorized");
    assert!(
        content_type
            .as_deref()
            .unwrap_or("")
            .starts_with("text/plain"),
        "{content_type:?}"
    );

    // The token is spent: Medusa 1.20 answers 500 unknown_error (jsonwebtoken's error).
    let err = expect_api(
        customers.reset_password(&ResetPassword {
            email: email.clone(),
            token,
            password: "third-Secret-3".into(),
        }),
        500,
        "unknown_error",
    );
    assert_eq!(err.message, "An unknown error occurred.");

    // An unknown e-mail: 401, as Medusa JSON this time.
    let err = expect_api(
        customers.reset_password(&ResetPassword {
            email: unique_email("reset-unknown"),
            token: "not-a-token".into(),
            password: "x".into(),
        }),
        401,
        "unauthorized",
    );
    assert_eq!(err.message, "Invalid or expired password reset token");

    // Asking for an unknown e-mail is fine too (no enumeration); a bad e-mail is a 400.
    customers
        .generate_password_token(&unique_email("reset-nobody"))
        .expect("generate_password_token for an unknown e-mail");
    expect_api(
        customers.generate_password_token("not-an-email"),
        400,
        "invalid_data",
    );

    // A reset does not end existing sessions.
    assert_eq!(
        medusa.customers().retrieve().expect("old session").id,
        created.id
    );
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn authenticate_session_exists_and_wrong_password() {
    let url = backend();
    let (_, created, email) = register(&url, "auth");

    let medusa = client(&url);
    let customer = medusa
        .auth()
        .authenticate(&email.to_uppercase(), PASSWORD)
        .expect("authenticate (e-mail case-insensitive)");
    assert_eq!(customer.id, created.id);
    assert_eq!(customer.orders, Some(vec![]));
    assert!(cookie_count(&medusa) > 0);
    assert!(
        medusa.bearer_token().is_none(),
        "login sets a cookie, not a token"
    );
    assert_eq!(
        medusa.customers().retrieve().expect("retrieve").id,
        created.id
    );

    let session = medusa.auth().get_session().expect("get_session");
    assert_eq!(session.id, created.id);
    assert_eq!(session.orders, Some(vec![]), "orders field present");
    assert_eq!(session.shipping_addresses, Some(vec![]));

    // exists: true, false, other letter case.
    let auth = client(&url).auth();
    assert!(auth.exists(&email).expect("exists"));
    assert!(
        auth.exists(&email.to_uppercase())
            .expect("exists upper case")
    );
    assert!(
        !auth
            .exists(&unique_email("auth-nobody"))
            .expect("exists unknown")
    );
    assert!(!auth.exists("not an e-mail").expect("exists non-e-mail"));

    // A `+` in the e-mail: percent-encoded in the path.
    let plus = unique_email("auth").replacen("live-", "live+plus-", 1);
    let plus_client = client(&url);
    let plus_customer = register_as(&plus_client, &plus);
    assert_eq!(plus_customer.email, plus);
    assert!(auth.exists(&plus).expect("exists with +"));
    assert!(
        !auth
            .exists(&plus.replacen('+', "", 1))
            .expect("exists without +")
    );
    let logged = client(&url)
        .auth()
        .authenticate(&plus, PASSWORD)
        .expect("log in with +");
    assert_eq!(logged.id, plus_customer.id);

    // Wrong password / unknown e-mail: plain-text 401.
    let wrong = client(&url);
    let (content_type, body) =
        expect_http(wrong.auth().authenticate(&email, "wrong-password"), 401);
    assert_eq!(body, "Unauthorized");
    assert!(
        content_type
            .as_deref()
            .unwrap_or("")
            .starts_with("text/plain"),
        "{content_type:?}"
    );
    expect_unauthorized(
        wrong
            .auth()
            .authenticate(&unique_email("auth-unknown"), PASSWORD),
    );
    expect_unauthorized(wrong.customers().retrieve());
    expect_unauthorized(wrong.auth().get_session());
    // Validation (bad e-mail) is Medusa JSON.
    expect_api(
        wrong.auth().authenticate("not-an-email", PASSWORD),
        400,
        "invalid_data",
    );
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn bearer_token_in_a_fresh_client_without_cookie() {
    let url = backend();
    let (_, created, email) = register(&url, "bearer");

    let tokens = client(&url);
    let token = tokens
        .auth()
        .get_token(&email, PASSWORD)
        .expect("get_token");
    assert!(!token.secret().is_empty());
    assert_eq!(
        tokens.bearer_token().map(|t| t.into_secret()),
        Some(token.secret().to_string()),
        "the client keeps the token"
    );
    assert_eq!(
        tokens
            .customers()
            .retrieve()
            .expect("retrieve with the token")
            .id,
        created.id
    );

    // A fresh client with the token and no cookie at all.
    let fresh = Medusa::builder(&url)
        .bearer_token(token.secret())
        .build()
        .expect("bearer client");
    assert_eq!(cookie_count(&fresh), 0);
    let me = fresh.customers().retrieve().expect("retrieve with bearer");
    assert_eq!(me.id, created.id);
    let session = fresh.auth().get_session().expect("get_session with bearer");
    assert_eq!(session.id, created.id);
    assert!(session.orders.is_some());

    // set_bearer_token on a plain client, then None.
    let plain = client(&url);
    expect_unauthorized(plain.customers().retrieve());
    plain
        .set_bearer_token(Some(token.clone()))
        .expect("set_bearer_token");
    assert_eq!(
        plain.customers().retrieve().expect("retrieve").id,
        created.id
    );
    plain.set_bearer_token(None).expect("unset");
    expect_unauthorized(plain.customers().retrieve());

    // The server tries the cookie session before the bearer token: a client logged in by cookie
    // as one customer and holding another's token acts as the cookie's customer.
    let (mixed, cookie_customer, _) = register(&url, "bearer-cookie");
    mixed
        .set_bearer_token(Some(token.clone()))
        .expect("set_bearer_token");
    assert_eq!(
        mixed.customers().retrieve().expect("retrieve").id,
        cookie_customer.id
    );
    mixed.clear_session();
    mixed
        .set_bearer_token(Some(token.clone()))
        .expect("token only");
    assert_eq!(
        mixed.customers().retrieve().expect("retrieve").id,
        created.id
    );

    // A bogus token: plain-text 401.
    let bogus = Medusa::builder(&url)
        .bearer_token("bogus.token.value")
        .build()
        .expect("bogus client");
    expect_unauthorized(bogus.customers().retrieve());
    expect_unauthorized(bogus.auth().get_session());

    // Wrong password for a token: plain-text 401 and no token kept.
    let wrong = client(&url);
    expect_unauthorized(wrong.auth().get_token(&email, "wrong-password"));
    assert!(wrong.bearer_token().is_none());
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn delete_session_logs_out_and_forgets_cookie_and_token() {
    let url = backend();
    let (medusa, created, email) = register(&url, "logout");
    let token = medusa
        .auth()
        .get_token(&email, PASSWORD)
        .expect("get_token");
    assert!(medusa.bearer_token().is_some());
    assert!(cookie_count(&medusa) > 0);

    // Keep a copy of the cookie to check the server side afterwards.
    let dir = TempDir::new("live-logout");
    let saved = dir.join("session.json");
    medusa.save_session(&saved).expect("save_session");

    medusa.auth().delete_session().expect("delete_session");
    assert_eq!(cookie_count(&medusa), 0, "no cookie left");
    assert!(medusa.bearer_token().is_none(), "no token left");
    expect_unauthorized(medusa.customers().retrieve());

    // The old cookie is dead on the server too.
    let old = Medusa::builder(&url)
        .load_session(&saved)
        .build()
        .expect("load the saved session");
    old.set_bearer_token(None).expect("drop the saved token");
    expect_unauthorized(old.customers().retrieve());

    // The JWT cannot be revoked by the server: it still works elsewhere.
    let bearer = Medusa::builder(&url)
        .bearer_token(token)
        .build()
        .expect("bearer client");
    assert_eq!(bearer.customers().retrieve().expect("jwt").id, created.id);

    // Logging out without a session is fine too.
    client(&url)
        .auth()
        .delete_session()
        .expect("delete_session with no session");

    // clear_session: local only.
    let (other, _, _) = register(&url, "logout-clear");
    other.clear_session();
    assert_eq!(cookie_count(&other), 0);
    expect_unauthorized(other.customers().retrieve());
}

// ---------------------------------------------------------------------------------------------
// Sessions: saved and loaded, shared cookie store
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn saved_session_is_loaded_by_a_new_client() {
    let url = backend();

    // Cookie session.
    let (first, created, email) = register(&url, "saved");
    let dir = TempDir::new("live-saved");
    let path = dir.join("cookie.session.json");
    first.save_session(&path).expect("save_session");
    let second = Medusa::builder(&url)
        .load_session(&path)
        .build()
        .expect("load_session");
    assert!(second.bearer_token().is_none());
    assert_eq!(
        second
            .customers()
            .retrieve()
            .expect("retrieve, no login")
            .id,
        created.id
    );

    // Bearer token saved (get_token does not log the cookie session in).
    let with_token = client(&url);
    let token = with_token
        .auth()
        .get_token(&email, PASSWORD)
        .expect("get_token");
    let path = dir.join("token.session.json");
    with_token
        .save_session(&path)
        .expect("save_session with token");
    let loaded = Medusa::builder(&url)
        .load_session(&path)
        .build()
        .expect("load_session with token");
    assert_eq!(
        loaded.bearer_token().map(|t| t.into_secret()),
        Some(token.secret().to_string())
    );
    assert_eq!(
        loaded
            .customers()
            .retrieve()
            .expect("retrieve with saved token")
            .id,
        created.id
    );
    loaded.set_bearer_token(None).expect("drop token");
    expect_unauthorized(loaded.customers().retrieve());

    // A missing file is an empty session; a corrupt one fails the build.
    let missing = dir.join("missing.session.json");
    let empty = Medusa::builder(&url)
        .load_session(&missing)
        .build()
        .expect("missing session file");
    expect_unauthorized(empty.customers().retrieve());
    let corrupt = dir.join("corrupt.session.json");
    std::fs::write(&corrupt, b"{not json").expect("write corrupt file");
    assert!(matches!(
        Medusa::builder(&url).load_session(&corrupt).build(),
        Err(Error::SessionFile { .. })
    ));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn shared_cookie_store_shares_the_login() {
    let url = backend();
    let (first, created, _) = register(&url, "shared");
    let second = Medusa::builder(&url)
        .cookie_store(first.cookie_store())
        .build()
        .expect("second client");
    assert_eq!(
        second
            .customers()
            .retrieve()
            .expect("logged in via the shared store")
            .id,
        created.id
    );

    // A store handed in from outside, shared by two clients from the start.
    let store = Arc::new(Mutex::new(
        medusa_blocking::cookie_store::CookieStore::default(),
    ));
    let a = Medusa::builder(&url)
        .cookie_store(store.clone())
        .build()
        .expect("a");
    let b = Medusa::builder(&url)
        .cookie_store(store)
        .build()
        .expect("b");
    let customer = register_as(&a, &unique_email("shared-ext"));
    assert_eq!(
        b.customers().retrieve().expect("b logged in").id,
        customer.id
    );

    // Logging out through one logs out the other.
    second.auth().delete_session().expect("logout");
    expect_unauthorized(first.customers().retrieve());
}

// ---------------------------------------------------------------------------------------------
// Headers, publishable key, retries, concurrency, escape hatch
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn client_and_per_call_headers_and_publishable_key_are_accepted() {
    let url = backend();
    let medusa = Medusa::builder(&url)
        .header("x-test", "1")
        .header("x-request-source", "live-tests")
        .publishable_api_key("pk_live_test_unused")
        .user_agent("medusa-blocking-live-tests/1.0")
        .build()
        .expect("client with headers");
    let email = unique_email("headers");
    let created = medusa
        .customers()
        .header("x-test", "2")
        .create(&CreateCustomer {
            email: email.clone(),
            password: PASSWORD.into(),
            ..Default::default()
        })
        .expect("create with headers");
    let customers = medusa.customers().header("x-test", "1");
    assert_eq!(customers.retrieve().expect("retrieve").id, created.id);
    customers
        .update(&UpdateCustomer {
            first_name: Some("Headers".into()),
            ..Default::default()
        })
        .expect("update");
    customers
        .addresses()
        .add_address(&us_address("Head", "5 Header Way"))
        .expect("add address");
    customers.payment_methods().list().expect("payment methods");
    customers
        .list_orders(&ListOrders::default())
        .expect("list orders");
    let auth = medusa.auth().header("x-test", "1");
    assert_eq!(auth.get_session().expect("get_session").id, created.id);
    assert!(auth.exists(&email).expect("exists"));

    // A bad header on a handle fails before sending.
    assert!(matches!(
        medusa.customers().header("bad header", "1").retrieve(),
        Err(Error::InvalidInput(_))
    ));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn retries_enabled_client_works_against_the_real_server() {
    let url = backend();
    let medusa = Medusa::builder(&url)
        .max_retries(2)
        .retry_delays(Duration::from_millis(50), Duration::from_millis(200))
        .timeout(Duration::from_secs(20))
        .connect_timeout(Duration::from_secs(5))
        .build()
        .expect("retrying client");
    let email = unique_email("retries");
    let created = register_as(&medusa, &email);
    let me = medusa
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Retry".into()),
            ..Default::default()
        })
        .expect("update with Idempotency-Key");
    assert_eq!(me.id, created.id);
    assert_eq!(me.first_name.as_deref(), Some("Retry"));
    medusa
        .customers()
        .addresses()
        .add_address(&us_address("Retry", "7 Retry Rd"))
        .expect("add address with Idempotency-Key");
    medusa
        .auth()
        .authenticate(&email, PASSWORD)
        .expect("login with Idempotency-Key");
    assert_eq!(
        medusa.customers().retrieve().expect("retrieve").id,
        created.id
    );
    // A 4xx is not retried and comes back as is.
    expect_api(
        medusa.customers().create(&CreateCustomer {
            email,
            password: PASSWORD.into(),
            ..Default::default()
        }),
        422,
        "duplicate_error",
    );
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn one_client_shared_by_four_threads() {
    let url = backend();
    let (medusa, created, _) = register(&url, "threads");
    let seen: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let medusa = medusa.clone();
                scope.spawn(move || {
                    (0..50)
                        .map(|i| {
                            medusa
                                .customers()
                                .retrieve()
                                .unwrap_or_else(|e| panic!("retrieve #{i}: {e}"))
                                .id
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(seen.len(), 200);
    assert!(seen.iter().all(|id| *id == created.id));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn escape_hatch_get_post_delete_and_error_mapping() {
    let url = backend();
    let medusa = client(&format!("{url}/"));
    assert_eq!(medusa.base_url(), url.trim_end_matches('/'));
    let (region_id, variant_id) = seeded_ids(&medusa);

    let cart: Value = medusa
        .post("/store/carts", &json!({ "region_id": region_id }))
        .expect("create cart");
    let cart_id = cart["cart"]["id"].as_str().expect("cart id").to_string();
    let cart: Value = medusa
        .post(
            &format!("/store/carts/{cart_id}/line-items"),
            &json!({ "variant_id": variant_id, "quantity": 1 }),
        )
        .expect("add line item");
    let item_id = cart["cart"]["items"][0]["id"]
        .as_str()
        .expect("item id")
        .to_string();
    let cart: Value = medusa
        .delete(&format!("/store/carts/{cart_id}/line-items/{item_id}"))
        .expect("delete line item");
    assert_eq!(cart["cart"]["items"], json!([]));
    let cart: Value = medusa
        .get(&format!("/store/carts/{cart_id}"))
        .expect("get cart");
    assert_eq!(cart["cart"]["id"], cart_id.as_str());

    // Medusa JSON error.
    let err = expect_api(
        medusa.get::<Value>("/store/orders/order_does_not_exist"),
        404,
        "not_found",
    );
    assert!(
        err.message.contains("order_does_not_exist"),
        "{}",
        err.message
    );
    // Express's HTML 404 for an unknown route.
    let (content_type, body) = expect_http(medusa.get::<Value>("/store/does-not-exist"), 404);
    assert!(
        content_type
            .as_deref()
            .unwrap_or("")
            .starts_with("text/html"),
        "{content_type:?}"
    );
    assert!(body.contains("Cannot GET /store/does-not-exist"), "{body}");
    // A 2xx body that is not what was asked for.
    assert!(matches!(
        medusa.get::<Vec<u8>>("/store/regions"),
        Err(Error::Decode { status: 200, .. })
    ));
}

#[test]
#[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
fn a_call_after_the_servers_keep_alive_timeout_still_works() {
    let url = backend();
    let (medusa, created, _) = register(&url, "keepalive");
    // Node closes idle keep-alive connections after 5 s; the pooled connection must not be
    // reused after that (no retries on this client).
    std::thread::sleep(Duration::from_millis(5300));
    assert_eq!(
        medusa.customers().retrieve().expect("after 5.3 s idle").id,
        created.id
    );
    assert_eq!(
        medusa
            .customers()
            .retrieve()
            .expect("on the reused connection")
            .id,
        created.id
    );
}
