//! Live tests of the v2 wing against a REAL Medusa 2.21 backend (`tests/backend/start.sh v2`
//! starts one on `http://127.0.0.1:9100` and prints `MEDUSA_V2_BACKEND_URL` and
//! `MEDUSA_V2_PUBLISHABLE_KEY`). Every public v2 call is made for real; orders are real orders
//! placed through the typed checkout (`carts().place_order`).
//!
//! Every live test is `#[ignore]`d, so a plain `cargo test` lists them as ignored (not passed)
//! when no server is around; they run when asked for, and then fail without their server (see
//! `tests/support/live.rs`). The one test that is not ignored (`ci_has_a_live_v2_backend`, in
//! `main.rs`) fails when `CI` is set and the backend is missing. Each test registers its own customers with unique e-mails, so the tests
//! are independent and run in parallel threads.
//!
//! ```text
//! while read -r l; do export "$l"; done < <(bash tests/backend/start.sh v2)
//! export "$(bash tests/backend/start.sh v1)"   # for the one test that also needs the v1 server
//! cargo test --test v2 -- --include-ignored live::
//! ```

use std::fmt::Debug;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use medusa_blocking::money::Amount;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::Metadata;
use medusa_blocking::v2::models::{Customer, Order, OrderStatus};
use medusa_blocking::v2::store::params::{
    AddressCreate, AddressUpdate, CartAddressInput, Checkout, CreateCustomer, LineItem,
    ListAddresses, ListOrders, ListRegions, PriceContext, RequestTransfer, ResetPassword,
    ShippingChoice, UpdateCustomer,
};
use medusa_blocking::{
    AccessToken, ApiError, ApiVersion, Error, ErrorType, v2::auth::RegistrationToken,
};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use crate::support;
use crate::support::live::Backend;

mod carts;
mod catalog;
mod login_outcomes;

const PASSWORD: &str = "live-v2-Secret-1";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The v2 backend (URL and publishable key), checked once; fails the test without it.
#[track_caller]
fn backend() -> Backend {
    support::live::backend(&support::live::V2)
}

/// A new v2 client with the publishable key and an empty session.
fn client(b: &Backend) -> Medusa {
    Medusa::builder(&b.url)
        .publishable_api_key(&b.key)
        .build()
        .unwrap_or_else(|e| panic!("v2 client for {}: {e}", b.url))
}

/// A new v2 client that starts with this token.
fn client_with_token(b: &Backend, token: &AccessToken) -> Medusa {
    Medusa::builder(&b.url)
        .publishable_api_key(&b.key)
        .bearer_token(token.clone())
        .build()
        .unwrap_or_else(|e| panic!("v2 client for {}: {e}", b.url))
}

/// A unique, lower-case e-mail: time + process id + counter.
fn unique_email(tag: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("live2-{tag}-{nanos}-{}-{n}@example.com", std::process::id())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

/// A new client, registered (`customers().create`) and logged in as a new customer.
fn register(b: &Backend, tag: &str) -> (Medusa, Customer, String) {
    let medusa = client(b);
    let email = unique_email(tag);
    let customer = medusa
        .customers()
        .create(&CreateCustomer {
            first_name: Some("Live".into()),
            last_name: Some("Two".into()),
            ..CreateCustomer::new(&email, PASSWORD)
        })
        .unwrap_or_else(|e| panic!("register {email}: {e}"));
    (medusa, customer, email)
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

/// Asserts a Medusa JSON error with this status, `type` and a message containing `words`.
#[track_caller]
fn expect_api_says<T: Debug>(result: Result<T, Error>, status: u16, kind: &str, words: &str) {
    let error = expect_api(result, status, kind);
    assert!(
        error.message.contains(words),
        "expected {words:?} in {:?}",
        error.message
    );
}

/// v2's auth-middleware 401 (`{"message":"Unauthorized"}`, read as type `unauthorized`).
#[track_caller]
fn expect_unauthorized<T: Debug>(result: Result<T, Error>) {
    expect_api_says(result, 401, "unauthorized", "Unauthorized");
}

#[track_caller]
fn expect_invalid_input<T: Debug>(result: Result<T, Error>, field: &str) {
    match result {
        Err(Error::InvalidInput(message)) => assert!(message.contains(field), "{message}"),
        other => panic!("expected Error::InvalidInput about {field}, got {other:?}"),
    }
}

fn metadata(value: Value) -> Metadata {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

fn amount(s: &str) -> Amount {
    Amount::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn ids(orders: &[Order]) -> Vec<&str> {
    orders.iter().map(|o| o.id.as_str()).collect()
}

/// A unique path in the temp folder for a session file.
fn temp_session_path(tag: &str) -> PathBuf {
    let email = unique_email(tag);
    let stem = email.split('@').next().unwrap_or("session");
    std::env::temp_dir().join(format!("medusa-blocking-{stem}.session.json"))
}

/// The seeded region `US` and the variants `ACC-TSHIRT-M` (1950) and `ACC-STICKER` (19.99).
struct Seeded {
    region_id: String,
    tshirt: String,
    sticker: String,
}

fn seeded(medusa: &Medusa) -> Seeded {
    let region_id = medusa
        .regions()
        .iter(&ListRegions::default())
        .map(|r| r.expect("GET /store/regions"))
        .find(|r| r.name.as_deref() == Some("US"))
        .expect("region US")
        .id;
    let variant = |handle: &str, sku: &str| -> String {
        medusa
            .products()
            .retrieve_by_handle(handle, &PriceContext::region(&region_id))
            .unwrap_or_else(|e| panic!("product {handle}: {e}"))
            .variants
            .unwrap_or_default()
            .into_iter()
            .find(|v| v.sku.as_deref() == Some(sku))
            .unwrap_or_else(|| panic!("variant {sku}"))
            .id
    };
    Seeded {
        tshirt: variant("acceptance-tshirt", "ACC-TSHIRT-M"),
        sticker: variant("acceptance-sticker", "ACC-STICKER"),
        region_id,
    }
}

/// Places a real order with the typed checkout (`carts().place_order`): a cart with the line
/// and the addresses → "Standard Shipping" (500) → payment session (`pp_system_default`) →
/// complete. Made as the customer `medusa` is logged in as, or as a guest with `guest_email`.
/// Returns the order id.
fn place_order(
    medusa: &Medusa,
    seeded: &Seeded,
    variant_id: &str,
    quantity: u32,
    guest_email: Option<&str>,
) -> String {
    let address = CartAddressInput {
        province: Some("il".into()),
        ..CartAddressInput::new("Live", "Two", "1 Main St", "Springfield", "us", "62701")
    };
    let checkout = Checkout {
        email: guest_email.map(str::to_string),
        ..Checkout::new(
            &seeded.region_id,
            vec![LineItem::new(variant_id, quantity)],
            address,
            ShippingChoice::Named("Standard Shipping".into()),
        )
    };
    medusa
        .carts()
        .place_order(&checkout)
        .unwrap_or_else(|e| panic!("place order: {e}"))
        .id
}

/// The TEST-ONLY hook's latest password-reset token of `email` that is not `previous`, polled
/// for up to 15 s (v2 records it before answering, so the first poll normally has it).
fn reset_token(b: &Backend, email: &str, previous: Option<&str>) -> String {
    let hook = client(b);
    let path = format!(
        "/test-hooks/password-reset-token?email={}",
        utf8_percent_encode(email, NON_ALPHANUMERIC)
    );
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = match hook.get::<Value>(&path) {
            Ok(v) => v["token"].as_str().map(str::to_string),
            Err(e) if e.status() == Some(404) => None,
            Err(e) => panic!("password-reset hook for {email}: {e}"),
        };
        match found {
            Some(token) if Some(token.as_str()) != previous => return token,
            _ if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(200)),
            _ => panic!("no new password-reset token for {email} within 15 s"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Which API, which key
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_BACKEND_URL (tests/backend/start.sh v2, tests/backend/start.sh v1)"]
fn detect_tells_the_real_v1_and_v2_servers_apart() {
    let b = backend();
    let v1 = support::live::backend(&support::live::V1);
    assert_eq!(
        medusa_blocking::detect(&b.url).expect("detect v2"),
        ApiVersion::V2
    );
    assert_eq!(
        medusa_blocking::detect(&v1.url).expect("detect v1"),
        ApiVersion::V1
    );
    assert_eq!(
        medusa_blocking::detect(format!("{}/", b.url)).expect("trailing slash"),
        ApiVersion::V2
    );

    // A v2 client pointed at the v1 server: its typed call says which server it reached.
    let on_v1 = Medusa::builder(&v1.url)
        .publishable_api_key(&b.key)
        .build()
        .expect("v2 client for the v1 server");
    match on_v1.auth().login("nobody@example.com", PASSWORD) {
        Err(Error::WrongApi {
            status: 404,
            route,
            client_api: "v2",
            server_api: "v1",
        }) => assert_eq!(route, "POST /auth/customer/emailpass"),
        other => panic!("expected Error::WrongApi v2 -> v1, got {other:?}"),
    }
}

#[cfg(feature = "v1")]
#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn a_v1_client_on_the_v2_server_is_a_wrong_api_error() {
    let b = backend();
    // With the v2 key the server gets past its key check and answers Express's 404 for a route
    // it does not have: the typed v1 call says so.
    let v1 = medusa_blocking::v1::Medusa::builder(&b.url)
        .publishable_api_key(&b.key)
        .build()
        .expect("v1 client");
    let err = v1
        .auth()
        .authenticate(&unique_email("wrongapi"), PASSWORD)
        .expect_err("v1 authenticate on v2");
    match &err {
        Error::WrongApi {
            status: 404,
            route,
            client_api: "v1",
            server_api: "v2",
        } => assert_eq!(route, "POST /store/auth"),
        other => panic!("expected Error::WrongApi v1 -> v2, got {other:?}"),
    }
    assert_eq!(err.status(), Some(404));
    assert!(
        err.to_string().contains("looks like a Medusa v2 server"),
        "{err}"
    );
    // The escape hatch's 404 stays the server's own.
    match v1.post::<Value, _>("/store/auth", &json!({})) {
        Err(Error::Http {
            status: 404, body, ..
        }) => assert!(body.contains("Cannot POST /store/auth"), "{body}"),
        other => panic!("expected the server's HTML 404, got {other:?}"),
    }
    // Without the key the v2 server refuses every /store path first (400 not_allowed,
    // "Publishable API key required"), which no v1 server says: a WrongApi error too.
    let keyless = medusa_blocking::v1::Medusa::new(&b.url).expect("v1 client without key");
    match keyless.auth().authenticate("nobody@example.com", PASSWORD) {
        Err(Error::WrongApi {
            status: 400,
            client_api: "v1",
            server_api: "v2",
            ..
        }) => {}
        other => panic!("expected Error::WrongApi (400) v1 -> v2, got {other:?}"),
    }
    // The escape hatch keeps the server's own answer.
    expect_api_says(
        keyless.post::<Value, _>("/store/auth", &json!({})),
        400,
        "not_allowed",
        "Publishable API key required",
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn the_publishable_key_is_required_at_build_and_checked_by_the_server() {
    let b = backend();
    for result in [
        Medusa::builder(&b.url).build(),
        Medusa::new(&b.url),
        Medusa::builder(&b.url).bearer_token("x.y.z").build(),
    ] {
        match result {
            Err(Error::Config(message)) => {
                assert!(message.contains("publishable API key"), "{message}")
            }
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
    // The right key: a store call goes through (not logged in: the auth middleware's 401).
    expect_unauthorized(client(&b).customers().retrieve());
    // A key the server does not know: built fine, refused by every /store call.
    let wrong = Medusa::builder(&b.url)
        .publishable_api_key("pk_does_not_exist")
        .build()
        .expect("client with an unknown key");
    expect_api_says(
        wrong.customers().retrieve(),
        400,
        "not_allowed",
        "valid publishable key",
    );
    expect_api_says(
        wrong.orders().retrieve("order_does_not_exist"),
        400,
        "not_allowed",
        "valid publishable key",
    );
    // A per-call header overrides the client's, on each resource handle.
    let (medusa, created, _) = register(&b, "headers");
    let order_id = "order_does_not_exist";
    expect_api_says(
        medusa
            .customers()
            .header("x-publishable-api-key", "pk_does_not_exist")
            .retrieve(),
        400,
        "not_allowed",
        "valid publishable key",
    );
    expect_api_says(
        medusa
            .auth()
            .header("x-publishable-api-key", "pk_does_not_exist")
            .get_session(),
        400,
        "not_allowed",
        "valid publishable key",
    );
    expect_api_says(
        medusa
            .orders()
            .header("x-publishable-api-key", "pk_does_not_exist")
            .retrieve(order_id),
        400,
        "not_allowed",
        "valid publishable key",
    );
    // ... and only that call: the client's key is still the right one.
    expect_api(medusa.orders().retrieve(order_id), 404, "not_found");
    assert_eq!(
        medusa
            .customers()
            .header("x-request-id", "live-v2")
            .retrieve()
            .expect("harmless header")
            .id,
        created.id
    );
    // Per-call headers can also supply what the client lacks: the key and a token.
    assert_eq!(
        wrong
            .auth()
            .header("x-publishable-api-key", &b.key)
            .header(
                "authorization",
                &format!("Bearer {}", medusa.bearer_token().expect("token").secret())
            )
            .get_session()
            .expect("right key and token per call")
            .id,
        created.id
    );

    // /auth routes need no key: registering works even with the wrong one.
    let email = unique_email("wrongkey");
    wrong
        .auth()
        .register(&email, PASSWORD)
        .expect("register with an unknown publishable key");
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn register_create_with_token_login_get_token_authenticate_and_get_session() {
    let b = backend();
    let medusa = client(&b);
    let email = unique_email("auth");

    let registration = medusa.auth().register(&email, PASSWORD).expect("register");
    assert!(!registration.secret().is_empty());
    assert!(
        medusa.bearer_token().is_none(),
        "a registration token is never the client's bearer token"
    );
    // The registration token does not log in: it has no customer yet.
    let as_identity = client_with_token(&b, &AccessToken::from(registration.secret()));
    expect_unauthorized(as_identity.auth().get_session());

    let created = medusa
        .customers()
        .create_with_token(
            &registration,
            &CreateCustomer {
                first_name: Some("Jane".into()),
                company_name: Some("Acme".into()),
                ..CreateCustomer::new(&email, "")
            },
        )
        .expect("create_with_token");
    assert!(created.id.starts_with("cus_"), "{}", created.id);
    assert_eq!(created.email, email);
    assert_eq!(created.first_name.as_deref(), Some("Jane"));
    assert_eq!(created.company_name.as_deref(), Some("Acme"));
    assert!(created.has_account);
    // Still not logged in: neither this client nor the registration token.
    assert!(medusa.bearer_token().is_none());
    expect_unauthorized(medusa.auth().get_session());
    expect_unauthorized(as_identity.customers().retrieve());
    // The same registration token again: the customer exists.
    expect_api_says(
        medusa
            .customers()
            .create_with_token(&registration, &CreateCustomer::new(&email, "")),
        422,
        "duplicate_error",
        "already has an account",
    );

    // login keeps the token; the session is the customer.
    let token = medusa.auth().login(&email, PASSWORD).expect("login");
    assert_eq!(
        medusa.bearer_token().expect("kept").secret(),
        token.secret()
    );
    let expires = token.expires_at().expect("a JWT with exp");
    let now = unix_now();
    assert!(
        expires > now + 23 * 3600 && expires < now + 25 * 3600,
        "a v2 token lives 24 h: exp {expires}, now {now}"
    );
    assert_eq!(
        medusa.auth().get_session().expect("get_session").id,
        created.id
    );
    assert_eq!(
        medusa.customers().retrieve().expect("retrieve").id,
        created.id
    );

    // create_with_token with a log-in token (its actor is already a customer): the server's 400.
    expect_api_says(
        medusa.customers().create_with_token(
            &RegistrationToken::from(token.secret()),
            &CreateCustomer::new(&email, ""),
        ),
        400,
        "invalid_data",
        "already authenticated as a customer",
    );

    // get_token, the v1 name, on a fresh client.
    let other = client(&b);
    let token2 = other.auth().get_token(&email, PASSWORD).expect("get_token");
    assert_eq!(
        other.bearer_token().expect("kept").secret(),
        token2.secret()
    );
    assert_eq!(
        other.customers().retrieve().expect("retrieve").id,
        created.id
    );
    // authenticate logs in and returns the customer.
    let third = client(&b);
    let me = third
        .auth()
        .authenticate(&email, PASSWORD)
        .expect("authenticate");
    assert_eq!(
        (me.id.as_str(), me.email.as_str()),
        (created.id.as_str(), email.as_str())
    );
    assert!(third.bearer_token().is_some());

    // Wrong password, unknown e-mail, and the e-mail in another case (case-sensitive in v2).
    for (who, password) in [
        (email.clone(), "wrong-password"),
        (unique_email("nobody"), PASSWORD),
        (email.to_uppercase(), PASSWORD),
    ] {
        let c = client(&b);
        expect_api_says(
            c.auth().login(&who, password),
            401,
            "unauthorized",
            "Invalid email or password",
        );
        assert!(c.bearer_token().is_none());
    }
    // Registering the e-mail again once it has a customer: the server's 401.
    expect_api_says(
        client(&b).auth().register(&email, PASSWORD),
        401,
        "unauthorized",
        "Identity with email already exists",
    );
    // Empty input never reaches the server.
    expect_invalid_input(client(&b).auth().login("", PASSWORD), "email");
    expect_invalid_input(client(&b).auth().register(&email, " "), "password");
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn cookie_session_works_without_the_token_and_logout_ends_it() {
    let b = backend();
    let (medusa, created, email) = register(&b, "cookie");
    assert!(
        medusa.cookie_store().is_empty(),
        "v2 sets no cookie before create_session"
    );
    // Without a token there is nothing to turn into a session.
    expect_unauthorized(client(&b).auth().create_session());

    medusa.auth().create_session().expect("create_session");
    let cookies = medusa.cookie_store().cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert_eq!(cookies[0].name(), "connect.sid");
    let token = medusa.bearer_token().expect("the token is kept too");

    // The cookie alone.
    medusa.set_bearer_token(None).expect("drop the token");
    assert_eq!(
        medusa.auth().get_session().expect("cookie session").id,
        created.id
    );
    // A copy of the cookie in another client is the same session.
    let copy = client(&b);
    copy.cookie_store()
        .insert(
            &format!("connect.sid={}; Path=/", cookies[0].value()),
            &b.url,
        )
        .expect("copy the cookie");
    assert_eq!(
        copy.customers().retrieve().expect("copied cookie").id,
        created.id
    );

    // clear_session forgets the session here only: the server still knows the cookie.
    let cleared = client(&b);
    for cookie in medusa.cookie_store().cookies() {
        cleared
            .cookie_store()
            .insert(
                &format!("{}={}; Path=/", cookie.name(), cookie.value()),
                &b.url,
            )
            .expect("copy the cookie");
    }
    cleared.clear_session();
    assert!(cleared.cookie_store().is_empty());
    expect_unauthorized(cleared.customers().retrieve());
    assert_eq!(
        copy.customers().retrieve().expect("still alive").id,
        created.id
    );

    // logout ends the session on the server and forgets everything here.
    medusa.auth().logout().expect("logout");
    assert!(medusa.cookie_store().is_empty());
    assert!(medusa.bearer_token().is_none());
    expect_unauthorized(medusa.customers().retrieve());
    expect_unauthorized(copy.customers().retrieve());

    // A JWT cannot be revoked: the token from before the logout still works elsewhere.
    let by_token = client_with_token(&b, &token);
    assert_eq!(
        by_token.customers().retrieve().expect("old JWT").id,
        created.id
    );

    // delete_session, the v1 name, on a session of its own.
    by_token.auth().create_session().expect("second session");
    by_token.set_bearer_token(None).expect("drop the token");
    assert_eq!(
        by_token.auth().get_session().expect("cookie").id,
        created.id
    );
    by_token.auth().delete_session().expect("delete_session");
    assert!(by_token.cookie_store().is_empty());
    expect_unauthorized(by_token.auth().get_session());

    // Logging out with a token and no cookie: nothing to end on the server, the token is
    // forgotten here.
    let jwt_only = client(&b);
    jwt_only.auth().login(&email, PASSWORD).expect("login");
    jwt_only.auth().logout().expect("logout without a cookie");
    assert!(jwt_only.bearer_token().is_none());
    expect_unauthorized(jwt_only.customers().retrieve());
}

/// Issue 15: a cookie session held under a path (`Path=/auth`: sent to `/auth/session`, not to
/// `/`) is still ended on the real server by `logout`, and forgotten here.
#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn logout_ends_a_cookie_session_held_under_a_path() {
    let b = backend();
    let (medusa, created, _) = register(&b, "cookie-path");
    medusa.auth().create_session().expect("create_session");
    let sid = medusa.cookie_store().cookies()[0].value().to_string();
    // Another client holds the same session under `/` to see what the server thinks of it.
    let witness = client(&b);
    witness
        .cookie_store()
        .insert(&format!("connect.sid={sid}; Path=/"), &b.url)
        .expect("copy the cookie");
    assert_eq!(
        witness.customers().retrieve().expect("session alive").id,
        created.id
    );
    // The client under test holds it under `/auth` only, and no token.
    let scoped = client(&b);
    scoped
        .cookie_store()
        .insert(
            &format!("connect.sid={sid}; Path=/auth; HttpOnly"),
            &format!("{}/auth/session", b.url),
        )
        .expect("scoped cookie");
    scoped.auth().logout().expect("logout");
    assert!(scoped.cookie_store().is_empty());
    expect_unauthorized(witness.customers().retrieve());
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn refresh_replaces_a_real_token_with_a_newer_one_that_works() {
    let b = backend();
    let (medusa, created, _) = register(&b, "refresh");
    let first = medusa.bearer_token().expect("logged in");
    let first_exp = first.expires_at().expect("exp");

    // A client built with the real log-in token, as a program that kept it would.
    let kept = client_with_token(&b, &first);
    assert_eq!(
        kept.customers().retrieve().expect("with the token").id,
        created.id
    );
    // iat/exp are whole seconds: wait past the next one so that the new token differs.
    std::thread::sleep(Duration::from_millis(1100));
    let second = kept.auth().refresh().expect("refresh");
    assert_ne!(second.secret(), first.secret());
    let second_exp = second.expires_at().expect("exp");
    assert!(second_exp > first_exp, "{second_exp} > {first_exp}");
    assert_eq!(
        kept.bearer_token().expect("kept").secret(),
        second.secret(),
        "the new token replaces the old one in the client"
    );
    assert_eq!(
        kept.customers().retrieve().expect("new token").id,
        created.id
    );
    // The new token alone, in a fresh client.
    let fresh = client_with_token(&b, &second);
    assert_eq!(fresh.auth().get_session().expect("fresh").id, created.id);
    // The clients are separate: the first one still holds (and can use) its token.
    assert_eq!(
        medusa.bearer_token().expect("first").secret(),
        first.secret()
    );
    assert_eq!(
        medusa.customers().retrieve().expect("old token").id,
        created.id
    );

    // Nothing to refresh: the server's 401, and the client stays without a token.
    let anonymous = client(&b);
    expect_unauthorized(anonymous.auth().refresh());
    assert!(anonymous.bearer_token().is_none());
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn create_logs_in_refuses_duplicates_and_reuses_a_bare_identity() {
    let b = backend();
    let email = unique_email("create");
    let medusa = client(&b);
    let created = medusa
        .customers()
        .create(&CreateCustomer {
            first_name: Some("Jane".into()),
            last_name: Some("Doe".into()),
            phone: Some("+15555550100".into()),
            company_name: Some("Acme".into()),
            metadata: Some(metadata(json!({ "source": "live" }))),
            ..CreateCustomer::new(&email, PASSWORD)
        })
        .expect("create");
    assert!(created.id.starts_with("cus_"), "{}", created.id);
    assert_eq!(created.email, email);
    assert_eq!(created.first_name.as_deref(), Some("Jane"));
    assert_eq!(created.last_name.as_deref(), Some("Doe"));
    assert_eq!(created.phone.as_deref(), Some("+15555550100"));
    assert_eq!(created.company_name.as_deref(), Some("Acme"));
    assert_eq!(
        created.metadata,
        Some(metadata(json!({ "source": "live" })))
    );
    assert!(created.has_account);
    assert!(created.addresses.is_empty());
    // Logged in afterwards.
    assert!(medusa.bearer_token().is_some());
    let me = medusa.customers().retrieve().expect("retrieve");
    assert_eq!(me.id, created.id);

    // Again, same e-mail and password: a typed 422 duplicate_error, from a fresh client and
    // from the logged-in one.
    for c in [client(&b), medusa.clone()] {
        let e = expect_api(
            c.customers().create(&CreateCustomer::new(&email, PASSWORD)),
            422,
            "duplicate_error",
        );
        assert_eq!(e.error_type(), ErrorType::DuplicateError);
        assert!(
            e.message.contains("already has an account"),
            "{}",
            e.message
        );
    }
    // Another password for an existing e-mail: the server's 401.
    let other = client(&b);
    expect_api_says(
        other
            .customers()
            .create(&CreateCustomer::new(&email, "another-password")),
        401,
        "unauthorized",
        "Identity with email already exists",
    );
    assert!(other.bearer_token().is_none());

    // An identity registered with auth().register and never given a customer is reused.
    let bare = unique_email("bare");
    let c = client(&b);
    c.auth().register(&bare, PASSWORD).expect("register only");
    let reused = c
        .customers()
        .create(&CreateCustomer {
            last_name: Some("Reused".into()),
            ..CreateCustomer::new(&bare, PASSWORD)
        })
        .expect("create over a bare identity");
    assert_eq!(reused.email, bare);
    assert_eq!(reused.last_name.as_deref(), Some("Reused"));
    assert_eq!(c.customers().retrieve().expect("logged in").id, reused.id);
    // ... but not with another password.
    let bare2 = unique_email("bare2");
    client(&b)
        .auth()
        .register(&bare2, PASSWORD)
        .expect("register only");
    expect_api_says(
        client(&b)
            .customers()
            .create(&CreateCustomer::new(&bare2, "another-password")),
        401,
        "unauthorized",
        "Identity with email already exists",
    );

    expect_invalid_input(
        client(&b)
            .customers()
            .create(&CreateCustomer::new("", PASSWORD)),
        "email",
    );
    expect_invalid_input(
        client(&b)
            .customers()
            .create(&CreateCustomer::new(&bare2, "")),
        "password",
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn create_and_login_on_a_client_logged_in_with_a_token_switch_customers() {
    let b = backend();
    let (medusa, first, first_email) = register(&b, "switch-a");
    let email = unique_email("switch-b");
    let second = medusa
        .customers()
        .create(&CreateCustomer::new(&email, PASSWORD))
        .expect("create while logged in");
    assert_ne!(second.id, first.id);
    assert_eq!(
        medusa.customers().retrieve().expect("retrieve").id,
        second.id
    );
    medusa
        .auth()
        .login(&first_email, PASSWORD)
        .expect("login back");
    assert_eq!(
        medusa.customers().retrieve().expect("retrieve").id,
        first.id
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn retrieve_and_update_with_fields_selections() {
    let b = backend();
    let email = unique_email("fields");
    let medusa = client(&b);
    let created = medusa
        .customers()
        .create(&CreateCustomer {
            first_name: Some("Jane".into()),
            phone: Some("+15555550100".into()),
            metadata: Some(metadata(json!({ "source": "live" }))),
            ..CreateCustomer::new(&email, PASSWORD)
        })
        .expect("create");

    let me = medusa.customers().retrieve().expect("retrieve");
    assert_eq!(me.phone.as_deref(), Some("+15555550100"));
    assert!(!me.created_at.is_empty());

    let plus = medusa
        .customers()
        .fields("+metadata")
        .retrieve()
        .expect("+metadata");
    assert_eq!(plus.metadata, Some(metadata(json!({ "source": "live" }))));
    assert_eq!(plus.first_name.as_deref(), Some("Jane"));

    let minus = medusa
        .customers()
        .fields("-phone")
        .retrieve()
        .expect("-phone");
    assert_eq!(minus.id, created.id);
    assert_eq!(minus.phone, None, "-phone removes it");
    assert_eq!(minus.first_name.as_deref(), Some("Jane"));
    assert_eq!(minus.email, email);

    let only = medusa
        .customers()
        .fields("id,email")
        .retrieve()
        .expect("id,email");
    assert_eq!(
        (only.id.as_str(), only.email.as_str()),
        (created.id.as_str(), email.as_str())
    );
    assert_eq!(only.first_name, None);
    assert_eq!(only.phone, None);
    assert_eq!(only.metadata, None);
    assert!(only.created_at.is_empty(), "not selected");

    // update: only the fields set are sent; metadata is merged key by key.
    let updated = medusa
        .customers()
        .update(&UpdateCustomer {
            first_name: Some("Janet".into()),
            company_name: Some("Acme".into()),
            metadata: Some(metadata(json!({ "vip": true }))),
            ..Default::default()
        })
        .expect("update");
    assert_eq!(updated.first_name.as_deref(), Some("Janet"));
    assert_eq!(updated.company_name.as_deref(), Some("Acme"));
    assert_eq!(
        updated.phone.as_deref(),
        Some("+15555550100"),
        "not sent, kept"
    );
    assert_eq!(
        updated.metadata,
        Some(metadata(json!({ "source": "live", "vip": true })))
    );

    // update with a selection: the answer is partial, the change is whole.
    let partial = medusa
        .customers()
        .fields("id,first_name")
        .update(&UpdateCustomer {
            last_name: Some("Roe".into()),
            phone: Some("+15555550199".into()),
            ..Default::default()
        })
        .expect("update with fields");
    assert_eq!(partial.first_name.as_deref(), Some("Janet"));
    assert_eq!(partial.last_name, None, "not selected");
    assert_eq!(partial.phone, None, "not selected");
    let me = medusa.customers().retrieve().expect("retrieve");
    assert_eq!(me.last_name.as_deref(), Some("Roe"));
    assert_eq!(me.phone.as_deref(), Some("+15555550199"));

    // Not logged in.
    expect_unauthorized(client(&b).customers().update(&UpdateCustomer::default()));
    expect_unauthorized(client(&b).customers().fields("id").retrieve());
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn orders_list_iter_and_retrieve_on_real_orders() {
    let b = backend();
    let (medusa, _created, email) = register(&b, "orders");
    // No orders yet.
    let empty = medusa
        .orders()
        .list(&ListOrders::default())
        .expect("empty list");
    assert_eq!((empty.count, empty.orders.len()), (0, 0));

    let seeded = seeded(&medusa);
    // 2 × 1950 + 500 = 4400, then 1 × 19.99 + 500 = 519.99.
    let first = place_order(&medusa, &seeded, &seeded.tshirt, 2, None);
    let second = place_order(&medusa, &seeded, &seeded.sticker, 1, None);

    let page = medusa.orders().list(&ListOrders::default()).expect("list");
    assert_eq!((page.count, page.offset, page.limit), (2, 0, 50));
    let mut listed = ids(&page.orders);
    listed.sort_unstable();
    let mut expected = vec![first.as_str(), second.as_str()];
    expected.sort_unstable();
    assert_eq!(listed, expected);
    let one = page.orders.iter().find(|o| o.id == first).expect("first");
    assert_eq!(one.total, Some(Amount::from(4400)));
    assert_eq!(one.status, Some(OrderStatus::Pending));
    assert_eq!(one.currency_code.as_deref(), Some("usd"));
    let two = page.orders.iter().find(|o| o.id == second).expect("second");
    assert_eq!(two.total, Some(amount("519.99")));

    // customers().list_orders is the same call.
    let same = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .expect("list_orders");
    assert_eq!(same.count, 2);
    assert_eq!(ids(&same.orders), ids(&page.orders));

    // Paging, newest first.
    let newest_first = |offset| ListOrders {
        order: Some("-created_at".into()),
        limit: Some(1),
        offset: Some(offset),
        ..Default::default()
    };
    let p0 = medusa.orders().list(&newest_first(0)).expect("page 0");
    let p1 = medusa.orders().list(&newest_first(1)).expect("page 1");
    assert_eq!((p0.count, p0.limit, p1.offset), (2, 1, 1));
    assert_eq!(ids(&p0.orders), vec![second.as_str()]);
    assert_eq!(ids(&p1.orders), vec![first.as_str()]);
    // iter walks the pages (one order each here).
    let walked: Vec<Order> = medusa
        .orders()
        .iter(&newest_first(0))
        .collect::<Result<_, _>>()
        .expect("iter");
    assert_eq!(ids(&walked), vec![second.as_str(), first.as_str()]);
    let walked: Vec<Order> = medusa
        .customers()
        .iter_orders(&ListOrders {
            order: Some("created_at".into()),
            limit: Some(1),
            ..Default::default()
        })
        .collect::<Result<_, _>>()
        .expect("iter_orders");
    assert_eq!(ids(&walked), vec![first.as_str(), second.as_str()]);

    // Filters and a selection.
    let by_id = medusa
        .orders()
        .list(&ListOrders {
            id: vec![first.clone()],
            ..Default::default()
        })
        .expect("by id");
    assert_eq!(ids(&by_id.orders), vec![first.as_str()]);
    let by_status = |status: OrderStatus| {
        medusa
            .orders()
            .list(&ListOrders {
                status: vec![status],
                ..Default::default()
            })
            .expect("by status")
            .count
    };
    assert_eq!(by_status(OrderStatus::Pending), 2);
    assert_eq!(by_status(OrderStatus::Completed), 0);
    let narrow = medusa
        .orders()
        .list(&ListOrders {
            fields: Some("id,display_id,total".into()),
            ..Default::default()
        })
        .expect("fields");
    assert_eq!(narrow.count, 2);
    for order in &narrow.orders {
        assert!(
            order.total.is_some() && order.display_id.is_some(),
            "{order:?}"
        );
        assert_eq!(order.currency_code, None, "not selected");
        assert_eq!(order.summary, None, "not selected");
        // The 2.21 server adds these to any selection of the list.
        assert!(order.status.is_some() && order.items.is_some(), "{order:?}");
    }
    expect_api_says(
        medusa.orders().list(&ListOrders {
            order: Some("-no_such_field".into()),
            ..Default::default()
        }),
        400,
        "invalid_data",
        "no_such_field",
    );

    // One order: what a user sees.
    let order = medusa.orders().retrieve(&first).expect("retrieve");
    assert_eq!(order.id, first);
    assert_eq!(order.email.as_deref(), Some(email.as_str()));
    assert_eq!(order.total, Some(Amount::from(4400)));
    assert_eq!(order.item_total, Some(Amount::from(3900)));
    assert_eq!(order.shipping_total, Some(Amount::from(500)));
    let items = order.items.as_deref().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].variant_sku.as_deref(), Some("ACC-TSHIRT-M"));
    assert_eq!(items[0].quantity, 2);
    assert_eq!(items[0].unit_price, Amount::from(1950));
    let methods = order.shipping_methods.as_deref().expect("shipping methods");
    assert_eq!(methods.len(), 1);
    assert_eq!(methods[0].name, "Standard Shipping");
    assert_eq!(methods[0].amount, Amount::from(500));
    let shipping = order.shipping_address.as_ref().expect("shipping address");
    assert_eq!(shipping.city.as_deref(), Some("Springfield"));

    let via_customers = medusa
        .customers()
        .retrieve_order(&first)
        .expect("retrieve_order");
    assert_eq!(via_customers.id, order.id);
    assert_eq!(via_customers.total, order.total);
    let selected = medusa
        .orders()
        .fields("id,email")
        .retrieve(&second)
        .expect("fields");
    assert_eq!(selected.email.as_deref(), Some(email.as_str()));
    assert_eq!(selected.total, None, "not selected");
    assert_eq!(selected.items, None, "not selected");
    // The 2.21 server adds these to any selection of one order.
    assert!(selected.status.is_some() && selected.payment_collections.is_some());

    // A customer cannot ask for a transfer of an order that is already its own.
    expect_api_says(
        medusa
            .orders()
            .request_transfer(&first, &RequestTransfer::default()),
        400,
        "invalid_data",
        "already belongs to customer",
    );

    expect_api_says(
        medusa.orders().retrieve("order_does_not_exist"),
        404,
        "not_found",
        "order_does_not_exist",
    );
    expect_invalid_input(medusa.orders().retrieve(""), "order id");

    // Without a login: no list, but an order by id is readable with the key alone.
    let anonymous = client(&b);
    expect_unauthorized(anonymous.orders().list(&ListOrders::default()));
    assert_eq!(
        anonymous
            .orders()
            .retrieve(&first)
            .expect("by id, no login")
            .id,
        first
    );
    // Another customer does not see them.
    let (other, _, _) = register(&b, "orders-other");
    assert_eq!(
        other
            .orders()
            .list(&ListOrders::default())
            .expect("other")
            .count,
        0
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn a_decimal_order_totals_exactly_559_97() {
    let b = backend();
    let (medusa, _, _) = register(&b, "decimal");
    let seeded = seeded(&medusa);
    // 3 × 19.99 + 500 shipping.
    let id = place_order(&medusa, &seeded, &seeded.sticker, 3, None);

    let order = medusa.orders().retrieve(&id).expect("retrieve");
    let total = order.total.expect("total");
    println!("order {id}: total {total}");
    assert_eq!(total.to_string(), "559.97");
    assert_eq!(format!("{total:.2}"), "559.97");
    assert_eq!(total, amount("559.97"));
    assert_eq!(total.to_minor_units(2), Some(55_997));
    let summary = order.summary.as_ref().expect("summary");
    assert_eq!(summary.raw_current_order_total, Some(total));
    assert_eq!(summary.current_order_total, Some(total));
    assert_eq!(
        summary.raw_pending_difference,
        Some(total),
        "nothing paid yet"
    );

    let items = order.items.as_deref().expect("items");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.variant_sku.as_deref(), Some("ACC-STICKER"));
    assert_eq!(item.unit_price.to_string(), "19.99");
    assert_eq!(item.raw_unit_price, Some(item.unit_price));
    assert_eq!(item.quantity, 3);
    assert_eq!(item.total, Some(amount("59.97")));
    assert_eq!(item.raw_total, item.total);
    assert_eq!(order.item_total, Some(amount("59.97")));
    assert_eq!(order.shipping_total, Some(Amount::from(500)));
    assert_eq!(
        (order.item_total.expect("items") + order.shipping_total.expect("shipping")).ok(),
        Some(total)
    );

    // The number and the raw string as the server sent them, read independently.
    let raw: Value = medusa
        .get(&format!("/store/orders/{id}"))
        .expect("raw order");
    assert_eq!(
        raw["order"]["summary"]["raw_current_order_total"]["value"],
        "559.97"
    );
    assert_eq!(
        serde_json::from_value::<Amount>(raw["order"]["total"].clone()).expect("number"),
        total
    );
    assert_eq!(raw["order"]["items"][0]["raw_total"]["value"], "59.97");

    // The list shows the same exact total.
    let page = medusa.orders().list(&ListOrders::default()).expect("list");
    let listed = page.orders.iter().find(|o| o.id == id).expect("listed");
    assert_eq!(listed.total, Some(total));
    assert_eq!(
        listed
            .summary
            .as_ref()
            .and_then(|s| s.raw_current_order_total),
        Some(total)
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn order_transfer_of_a_guest_order() {
    let b = backend();
    let guest = client(&b);
    let guest_email = unique_email("guest");
    let seeded = seeded(&guest);
    let order_id = place_order(&guest, &seeded, &seeded.sticker, 1, Some(&guest_email));
    let (claimer, _, _) = register(&b, "claimer");
    let (bystander, _, _) = register(&b, "bystander");
    let request = RequestTransfer {
        description: Some("my guest order".into()),
        ..Default::default()
    };

    // Only a logged-in customer can ask.
    expect_unauthorized(guest.orders().request_transfer(&order_id, &request));
    let requested = claimer
        .orders()
        .request_transfer(&order_id, &request)
        .expect("request_transfer");
    assert_eq!(requested.id, order_id);
    assert_eq!(
        requested.email.as_deref(),
        Some(guest_email.as_str()),
        "still the guest's order"
    );
    // One open request per order.
    for who in [&claimer, &bystander] {
        expect_api_says(
            who.orders()
                .request_transfer(&order_id, &RequestTransfer::default()),
            400,
            "invalid_data",
            "already has an existing active order change",
        );
    }
    // Another customer cannot cancel it; nobody can cancel without a login.
    expect_api_says(
        bystander.orders().cancel_transfer(&order_id),
        400,
        "not_allowed",
        "not allowed to cancel the transfer",
    );
    expect_unauthorized(guest.orders().cancel_transfer(&order_id));
    // A wrong token: accept and decline need no login and refuse it.
    for c in [&guest, &claimer] {
        expect_api_says(
            c.orders().accept_transfer(&order_id, "not-the-token"),
            400,
            "not_allowed",
            "Invalid token",
        );
        expect_api_says(
            c.orders().decline_transfer(&order_id, "not-the-token"),
            400,
            "not_allowed",
            "Invalid token",
        );
    }
    expect_invalid_input(claimer.orders().accept_transfer(&order_id, ""), "token");
    expect_invalid_input(claimer.orders().decline_transfer(&order_id, " "), "token");
    // Nothing moved.
    assert_eq!(
        claimer
            .orders()
            .list(&ListOrders::default())
            .expect("list")
            .count,
        0
    );

    // The requester cancels its request; then there is nothing to cancel, accept or decline.
    let cancelled = claimer
        .orders()
        .cancel_transfer(&order_id)
        .expect("cancel_transfer");
    assert_eq!(cancelled.id, order_id);
    expect_api_says(
        claimer.orders().cancel_transfer(&order_id),
        400,
        "invalid_data",
        "An active Order Change is required",
    );
    expect_api_says(
        guest.orders().accept_transfer(&order_id, "not-the-token"),
        400,
        "invalid_data",
        "does not have an order transfer request",
    );
    expect_api_says(
        guest.orders().decline_transfer(&order_id, "not-the-token"),
        400,
        "invalid_data",
        "An active Order Change is required",
    );
    // A new request with update_order_email and a selection, cancelled again.
    let again = claimer
        .orders()
        .fields("id,email")
        .request_transfer(
            &order_id,
            &RequestTransfer {
                update_order_email: Some(true),
                ..Default::default()
            },
        )
        .expect("second request");
    assert_eq!(again.id, order_id);
    assert_eq!(again.email.as_deref(), Some(guest_email.as_str()));
    assert_eq!(again.total, None, "not selected");
    claimer
        .orders()
        .cancel_transfer(&order_id)
        .expect("cancel again");
    // The guest registers later with the order's e-mail: a customer of its own, and the guest
    // order is not its order until a transfer is accepted.
    let registered = client(&b);
    registered
        .customers()
        .create(&CreateCustomer::new(&guest_email, PASSWORD))
        .expect("register the guest's e-mail");
    assert_eq!(
        registered
            .orders()
            .list(&ListOrders::default())
            .expect("list")
            .count,
        0
    );
    // An unknown order.
    expect_api_says(
        claimer
            .orders()
            .request_transfer("order_does_not_exist", &RequestTransfer::default()),
        404,
        "not_found",
        "order_does_not_exist",
    );
}

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn password_reset_with_the_real_token() {
    let b = backend();
    let (medusa, created, email) = register(&b, "reset");
    let before = medusa.bearer_token().expect("logged in");
    let new_password = "live-v2-New-Secret-2";

    medusa
        .customers()
        .generate_password_token(&email)
        .expect("generate_password_token");
    let older = reset_token(&b, &email, None);
    // A second request: a new token (a JWT of whole seconds: wait past the next one).
    std::thread::sleep(Duration::from_millis(1100));
    client(&b)
        .customers()
        .generate_password_token(&email)
        .expect("generate again, not logged in");
    let token = reset_token(&b, &email, Some(&older));

    // The older one was replaced by the newer one.
    expect_api_says(
        medusa
            .customers()
            .reset_password(&ResetPassword::new(&email, &older, "never-set-1")),
        401,
        "unauthorized",
        "Invalid token",
    );
    // A log-in token is not a reset token.
    expect_api_says(
        medusa.customers().reset_password(&ResetPassword::new(
            &email,
            before.secret(),
            "never-set-2",
        )),
        401,
        "unauthorized",
        "Invalid token",
    );
    let anonymous = client(&b);
    anonymous
        .customers()
        .reset_password(&ResetPassword::new(&email, &token, new_password))
        .expect("reset_password");
    assert!(
        anonymous.bearer_token().is_none(),
        "a reset does not log in"
    );
    // Single use.
    expect_api_says(
        anonymous
            .customers()
            .reset_password(&ResetPassword::new(&email, &token, "never-set-3")),
        401,
        "unauthorized",
        "Invalid token",
    );

    // The old password is refused, the new one accepted.
    expect_api_says(
        client(&b).auth().login(&email, PASSWORD),
        401,
        "unauthorized",
        "Invalid email or password",
    );
    let fresh = client(&b);
    fresh
        .auth()
        .login(&email, new_password)
        .expect("new password");
    assert_eq!(
        fresh.customers().retrieve().expect("retrieve").id,
        created.id
    );
    // The token from before the reset still works (a JWT is not revoked).
    assert_eq!(
        medusa.customers().retrieve().expect("old JWT").id,
        created.id
    );

    // An unknown e-mail is answered alike (no account enumeration).
    client(&b)
        .customers()
        .generate_password_token(&unique_email("nobody"))
        .expect("unknown e-mail");
    expect_invalid_input(client(&b).customers().generate_password_token(""), "email");
    expect_invalid_input(
        client(&b)
            .customers()
            .reset_password(&ResetPassword::new(&email, "", "x")),
        "token",
    );
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn addresses_list_filter_page_retrieve_add_update_and_delete() {
    let b = backend();
    let (medusa, created, _) = register(&b, "addresses");
    let addresses = medusa.customers().addresses();
    let empty = addresses.list(&ListAddresses::default()).expect("empty");
    assert_eq!((empty.count, empty.limit), (0, 50));

    // Add with both defaults.
    let me = addresses
        .add_address(&AddressCreate {
            address_name: Some("Home".into()),
            is_default_shipping: Some(true),
            is_default_billing: Some(true),
            phone: Some("+15555550100".into()),
            metadata: Some(metadata(json!({ "k": "v" }))),
            ..AddressCreate::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701")
        })
        .expect("add home");
    assert_eq!(me.id, created.id, "adding answers with the customer");
    assert_eq!(me.addresses.len(), 1);
    let home = me.addresses[0].clone();
    assert!(home.id.starts_with("cuaddr_"), "{}", home.id);
    assert!(home.is_default_shipping && home.is_default_billing);
    assert_eq!(home.address_name.as_deref(), Some("Home"));
    assert_eq!(home.customer_id.as_deref(), Some(created.id.as_str()));
    assert_eq!(home.metadata, Some(metadata(json!({ "k": "v" }))));

    // A second address takes over the shipping default only.
    let me = addresses
        .add_address(&AddressCreate {
            address_name: Some("Work".into()),
            is_default_shipping: Some(true),
            ..AddressCreate::new("Jane", "Doe", "2 Side St", "Toronto", "ca", "M5V 2T6")
        })
        .expect("add work");
    assert_eq!(me.addresses.len(), 2);
    let work = me
        .addresses
        .iter()
        .find(|a| a.id != home.id)
        .expect("work")
        .clone();
    let home_now = me.addresses.iter().find(|a| a.id == home.id).expect("home");
    assert!(work.is_default_shipping && !work.is_default_billing);
    assert!(!home_now.is_default_shipping && home_now.is_default_billing);
    // Every field is optional in v2.
    let me = addresses
        .add_address(&AddressCreate::default())
        .expect("add {}");
    assert_eq!(me.addresses.len(), 3);
    let blank = me
        .addresses
        .iter()
        .find(|a| a.id != home.id && a.id != work.id)
        .expect("blank")
        .clone();
    assert_eq!((blank.city.clone(), blank.address_1.clone()), (None, None));

    // List, filters, paging, a selection.
    let all = addresses.list(&ListAddresses::default()).expect("list");
    assert_eq!((all.count, all.addresses.len()), (3, 3));
    let q = addresses
        .list(&ListAddresses {
            q: Some("Main".into()),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(
        q.addresses
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        vec![home.id.as_str()]
    );
    let toronto = addresses
        .list(&ListAddresses {
            city: vec!["Toronto".into()],
            ..Default::default()
        })
        .expect("city");
    assert_eq!(toronto.count, 1);
    assert_eq!(toronto.addresses[0].id, work.id);
    let two_cities = addresses
        .list(&ListAddresses {
            city: vec!["Toronto".into(), "Springfield".into()],
            ..Default::default()
        })
        .expect("two cities");
    assert_eq!(two_cities.count, 2);
    let paged = addresses
        .list(&ListAddresses {
            order: Some("created_at".into()),
            fields: Some("id,city".into()),
            limit: Some(1),
            offset: Some(1),
            ..Default::default()
        })
        .expect("paged");
    assert_eq!((paged.count, paged.offset, paged.limit), (3, 1, 1));
    assert_eq!(paged.addresses[0].id, work.id);
    assert_eq!(paged.addresses[0].city.as_deref(), Some("Toronto"));
    assert_eq!(paged.addresses[0].first_name, None, "not selected");
    let walked: Vec<String> = addresses
        .iter(&ListAddresses {
            order: Some("created_at".into()),
            limit: Some(2),
            ..Default::default()
        })
        .map(|a| a.expect("iter").id)
        .collect();
    assert_eq!(
        walked,
        vec![home.id.clone(), work.id.clone(), blank.id.clone()]
    );

    // One address, whole and selected.
    let got = addresses.retrieve(&home.id).expect("retrieve");
    assert_eq!(got.city.as_deref(), Some("Springfield"));
    assert_eq!(got.phone.as_deref(), Some("+15555550100"));
    let narrow = medusa
        .customers()
        .fields("id,city")
        .addresses()
        .retrieve(&home.id)
        .expect("retrieve with fields");
    assert_eq!(narrow.city.as_deref(), Some("Springfield"));
    assert_eq!(narrow.phone, None, "not selected");

    // Update: only what is set changes.
    let me = addresses
        .update_address(
            &home.id,
            &AddressUpdate {
                city: Some("Chicago".into()),
                postal_code: Some("60601".into()),
                ..Default::default()
            },
        )
        .expect("update");
    assert_eq!(me.id, created.id);
    let home_now = me.addresses.iter().find(|a| a.id == home.id).expect("home");
    assert_eq!(home_now.city.as_deref(), Some("Chicago"));
    assert_eq!(home_now.postal_code.as_deref(), Some("60601"));
    assert_eq!(home_now.address_1.as_deref(), Some("1 Main St"));
    assert!(home_now.is_default_billing);

    // Delete: v2's envelope, whose id is the CUSTOMER's.
    let deleted = addresses.delete_address(&work.id).expect("delete");
    assert!(deleted.deleted);
    assert_eq!(deleted.object, "address");
    assert_eq!(
        deleted.id, created.id,
        "the 2.21 server sends the customer id"
    );
    let parent = deleted.parent.expect("parent");
    assert_eq!(parent.id, created.id);
    assert!(parent.addresses.iter().all(|a| a.id != work.id));
    assert_eq!(parent.addresses.len(), 2);
    // Deleted, unknown and another customer's ids: 404.
    expect_api_says(
        addresses.delete_address(&work.id),
        404,
        "not_found",
        &work.id,
    );
    expect_api_says(addresses.retrieve(&work.id), 404, "not_found", &work.id);
    expect_api_says(
        addresses.update_address("cuaddr_does_not_exist", &AddressUpdate::default()),
        404,
        "not_found",
        "cuaddr_does_not_exist",
    );
    let (other, _, _) = register(&b, "addresses-other");
    let foreign = other.customers().addresses();
    expect_api(foreign.retrieve(&home.id), 404, "not_found");
    expect_api(
        foreign.update_address(
            &home.id,
            &AddressUpdate {
                city: Some("Stolen".into()),
                ..Default::default()
            },
        ),
        404,
        "not_found",
    );
    expect_api(foreign.delete_address(&home.id), 404, "not_found");
    assert_eq!(
        addresses
            .retrieve(&home.id)
            .expect("untouched")
            .city
            .as_deref(),
        Some("Chicago")
    );
    expect_invalid_input(addresses.retrieve(""), "address id");
    // The escape hatch's DELETE, on the same path: the server's JSON as it is.
    let raw: Value = medusa
        .delete(&format!("/store/customers/me/addresses/{}", blank.id))
        .expect("escape-hatch delete");
    assert_eq!(raw["deleted"], true);
    assert_eq!(raw["id"], created.id.as_str());
    assert_eq!(
        addresses
            .list(&ListAddresses::default())
            .expect("list")
            .count,
        1
    );
    // Not logged in.
    expect_unauthorized(
        client(&b)
            .customers()
            .addresses()
            .list(&ListAddresses::default()),
    );
}

// ---------------------------------------------------------------------------------------------
// Session files
// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn a_saved_session_is_loaded_by_a_new_v2_client_and_refused_by_a_v1_client() {
    let b = backend();
    let (medusa, created, _) = register(&b, "session");
    medusa.auth().create_session().expect("cookie too");
    let path = temp_session_path("v2");
    medusa.save_session(&path).expect("save_session");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let loaded = Medusa::builder(&b.url)
        .publishable_api_key(&b.key)
        .load_session(&path)
        .build()
        .expect("load_session");
    assert_eq!(
        loaded.bearer_token().expect("token").secret(),
        medusa.bearer_token().expect("token").secret()
    );
    assert_eq!(loaded.cookie_store().len(), 1);
    assert_eq!(
        loaded.customers().retrieve().expect("still logged in").id,
        created.id
    );
    // The saved cookie alone is a session too.
    loaded.set_bearer_token(None).expect("drop the token");
    assert_eq!(loaded.auth().get_session().expect("cookie").id, created.id);

    // A v1 client refuses the file.
    #[cfg(feature = "v1")]
    match medusa_blocking::v1::Medusa::builder(&b.url)
        .load_session(&path)
        .build()
    {
        Err(e @ Error::SessionFile { .. }) => {
            let shown = e.to_string();
            assert!(shown.contains("Medusa v2 client"), "{shown}");
        }
        other => panic!("expected Error::SessionFile, got {other:?}"),
    }
    std::fs::remove_file(&path).expect("remove the session file");
}

// ---------------------------------------------------------------------------------------------
// A cookie session and another customer's token
// ---------------------------------------------------------------------------------------------

/// The 2.21 server authenticates a request by its session cookie before its `Authorization`
/// header (seen: the `connect.sid` of customer A with `Bearer <token of B>` on
/// `GET /store/customers/me` answers A). Found by this suite as two bugs of the crate, now fixed:
/// a call made with a token of its own (registration, reset) sends no stored cookie, and
/// `login` drops the cookie session of the backend.
mod cookie_and_token {
    use super::*;

    /// `auth().login` switches the token but keeps the cookie of a session made with
    /// `create_session` for another customer.
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn login_after_a_cookie_session_makes_calls_as_the_new_customer() {
        let b = backend();
        let (_, second, second_email) = register(&b, "cookie-login-b");
        let (medusa, first, _) = register(&b, "cookie-login-a");
        medusa.auth().create_session().expect("cookie session of A");
        medusa
            .auth()
            .login(&second_email, PASSWORD)
            .expect("login as B");
        let me = medusa.customers().retrieve().expect("retrieve");
        assert_eq!(
            me.id, second.id,
            "logged in as B ({}), but the calls are made as A ({})",
            second.id, first.id
        );
    }

    /// `customers().create` (and `create_with_token`) send the session cookie along with the
    /// registration token; with a cookie session the server takes the cookie and refuses.
    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn create_on_a_client_with_a_cookie_session_switches_to_the_new_customer() {
        let b = backend();
        let (medusa, first, _) = register(&b, "cookie-create-a");
        medusa.auth().create_session().expect("cookie session of A");
        let email = unique_email("cookie-create-b");
        let second = medusa
            .customers()
            .create(&CreateCustomer::new(&email, PASSWORD))
            .expect("create while holding a cookie session");
        assert_ne!(second.id, first.id);
        assert_eq!(
            medusa.customers().retrieve().expect("retrieve").id,
            second.id,
            "logged in as the new customer"
        );
    }
}
