//! Live tests of carts to a placed order (issue 18 §2) against the real Medusa 2.21: every call
//! of `medusa.carts()`, a guest checkout step by step, a logged-in one in one call, the order in
//! `customers().list_orders` with the same exact totals, the surprises (a guest cart with a
//! registered customer's e-mail, the transfer without an owner check), promotions, and a lost
//! completion response and a lost line-item response, recovered (through the test kit's fault
//! server, which forwards to the real backend and drops the answers it is told to), and
//! checkouts through the chaos proxy with no divergence (no order nobody was told of, none twice).
//!
//! The region `US` (usd) and the variants `ACC-STICKER` (19.99) and `ACC-TSHIRT-M` (1950) are
//! the seed's (`seed-acceptance.js`); "Standard Shipping" costs 500. Each test makes its own
//! carts, customers and (through the admin API) promotion codes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use medusa_blocking::money::Amount;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::{Cart, Completion, Order};
use medusa_blocking::v2::store::params::{
    AddShippingMethod, CartAddressInput, Checkout, CreateCart, InitiatePaymentSession, LineItem,
    ListOrders, ShippingChoice, UpdateCart, UpdateLineItem,
};
use medusa_testkit::fault::{Request, Script, Server};
use serde_json::{Value, json};

use super::{
    amount, backend, client, expect_api_says, expect_invalid_input, expect_unauthorized, register,
    seeded, unique_email,
};
use crate::support;
use crate::support::live::Backend;

fn address() -> CartAddressInput {
    CartAddressInput {
        province: Some("il".into()),
        ..CartAddressInput::new("Live", "Cart", "1 Main St", "Springfield", "us", "62701")
    }
}

/// The checkout of `quantity` stickers in region US with "Standard Shipping".
fn stickers(region_id: &str, variant: &str, quantity: u32, email: Option<&str>) -> Checkout {
    Checkout {
        email: email.map(str::to_string),
        ..Checkout::new(
            region_id,
            vec![LineItem::new(variant, quantity)],
            address(),
            ShippingChoice::Named("Standard Shipping".into()),
        )
    }
}

/// Asserts an order of `n` stickers at 19.99 with 500 shipping: every total exact.
#[track_caller]
fn assert_sticker_order(order: &Order, n: i64) {
    let items = (amount("19.99") * n).unwrap();
    let total = (items + amount("500")).unwrap();
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(order.item_total, Some(items), "{order:?}");
    assert_eq!(order.shipping_total, Some(amount("500")));
    assert_eq!(order.total, Some(total));
    assert_eq!(
        order
            .summary
            .as_ref()
            .and_then(|s| s.raw_current_order_total),
        Some(total),
        "the exact order total"
    );
}

/// A promotion code made for this test through the admin API (10 % off the items).
fn promotion(b: &Backend) -> String {
    let key = {
        let _env = support::env_lock();
        std::env::var("MEDUSA_V2_SECRET_API_KEY").unwrap_or_else(|_| {
            panic!(
                "MEDUSA_V2_SECRET_API_KEY is not set (export what tests/backend/start.sh v2 prints)"
            )
        })
    };
    let admin = medusa_blocking::v2::admin::Admin::builder(&b.url)
        .secret_api_key(key.trim())
        .build()
        .expect("admin client");
    let code = unique_email("promo")
        .split('@')
        .next()
        .unwrap()
        .to_uppercase();
    let _: Value = admin
        .post(
            "/admin/promotions",
            &json!({
                "code": code, "type": "standard", "status": "active",
                "application_method": {"type": "percentage", "target_type": "items",
                                       "allocation": "across", "value": 10, "currency_code": "usd"}
            }),
        )
        .unwrap_or_else(|e| panic!("POST /admin/promotions: {e}"));
    code
}

// ---------------------------------------------------------------------------------------------

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_guest_checkout_step_by_step() {
    let b = backend();
    let medusa = client(&b);
    let seeded = seeded(&medusa);
    let carts = medusa.carts();

    let providers = carts
        .payment_providers(&seeded.region_id, None)
        .expect("payment providers");
    assert!(
        providers
            .payment_providers
            .iter()
            .any(|p| p.id == "pp_system_default" && p.is_enabled == Some(true)),
        "{providers:?}"
    );

    let email = unique_email("cart-guest");
    let cart = carts
        .create(&CreateCart {
            email: Some(email.clone()),
            ..CreateCart::in_region(&seeded.region_id)
        })
        .expect("create");
    assert_eq!(cart.email.as_deref(), Some(email.as_str()));
    assert_eq!(cart.currency_code.as_deref(), Some("usd"));
    assert!(cart.customer_id.is_some(), "a guest customer of the e-mail");
    assert_eq!(cart.total, Some(Amount::ZERO));

    // Lines: the same variant twice makes one line of 3; then 4; then a second variant, deleted.
    carts
        .add_line_item(&cart.id, &LineItem::new(&seeded.sticker, 1))
        .expect("add");
    let cart = carts
        .add_line_item(&cart.id, &LineItem::new(&seeded.sticker, 2))
        .expect("add again");
    let lines = cart.items.clone().unwrap();
    assert_eq!(lines.len(), 1, "merged: {lines:?}");
    assert_eq!(lines[0].quantity, 3);
    assert_eq!(cart.item_total, Some(amount("59.97")));
    let cart = carts
        .update_line_item(&cart.id, &lines[0].id, &UpdateLineItem::quantity(4))
        .expect("update line");
    assert_eq!(cart.quantity_of(&seeded.sticker), 4);
    let cart = carts
        .add_line_item(&cart.id, &LineItem::new(&seeded.tshirt, 1))
        .expect("add the t-shirt");
    let shirt = cart
        .items
        .as_deref()
        .unwrap()
        .iter()
        .find(|l| l.variant_id.as_deref() == Some(seeded.tshirt.as_str()))
        .expect("t-shirt line")
        .id
        .clone();
    let deleted = carts.delete_line_item(&cart.id, &shirt).expect("delete");
    assert!(deleted.deleted);
    assert_eq!(deleted.id, shirt);
    assert_eq!(deleted.parent.unwrap().quantity_of(&seeded.tshirt), 0);
    // Deleting it again is no error (the server's surprise).
    assert!(
        carts
            .delete_line_item(&cart.id, &shirt)
            .expect("again")
            .deleted
    );

    // Addresses; exact line values with the handle's fields.
    let cart = carts
        .clone()
        .fields("+items.*")
        .update(
            &cart.id,
            &UpdateCart {
                billing_address: Some(address()),
                ..UpdateCart::shipping_to(address())
            },
        )
        .expect("addresses");
    assert_eq!(
        cart.shipping_address.as_ref().unwrap().city.as_deref(),
        Some("Springfield")
    );
    let line = &cart.items.as_deref().unwrap()[0];
    assert_eq!(line.raw_unit_price, Some(amount("19.99")));
    assert_eq!(line.raw_total, Some(amount("79.96")));

    // Shipping options and method.
    let options = carts.shipping_options(&cart.id).expect("shipping options");
    let standard = options
        .iter()
        .find(|o| o.name.as_deref() == Some("Standard Shipping"))
        .expect("Standard Shipping");
    assert_eq!(standard.price(), Some(amount("500")));
    let cart = carts
        .add_shipping_method(&cart.id, &AddShippingMethod::option(&standard.id))
        .expect("shipping method");
    let cart = carts
        .add_shipping_method(&cart.id, &AddShippingMethod::option(&standard.id))
        .expect("again: still one method");
    assert_eq!(cart.shipping_methods.as_ref().unwrap().len(), 1);
    assert_eq!(cart.total, Some(amount("579.96")));

    // Payment: one collection per cart; a session; a change drops it; checkout opens it again.
    let collection = carts.payment_collection(&cart.id).expect("collection");
    assert_eq!(
        carts.payment_collection(&cart.id).expect("again").id,
        collection.id
    );
    assert_eq!(collection.amount, Some(amount("579.96")));
    let with_session = carts
        .initiate_payment_session(
            &carts.retrieve(&cart.id).unwrap(),
            &InitiatePaymentSession::system(),
        )
        .expect("session");
    assert_eq!(with_session.id, collection.id);
    let session = with_session.session("pp_system_default").expect("session");
    assert_eq!(session.raw_amount, Some(amount("579.96")));
    let cart = carts
        .update_line_item(
            &cart.id,
            &cart.items.as_deref().unwrap()[0].id,
            &UpdateLineItem::quantity(3),
        )
        .expect("a change after the session");
    let dropped = cart.payment_collection.clone().expect("collection");
    assert_eq!(
        dropped.payment_sessions.unwrap_or_default().len(),
        0,
        "the server drops the session on a change"
    );
    expect_api_says(
        carts.complete(&cart.id),
        400,
        "invalid_data",
        "Payment sessions are required",
    );
    let order = carts
        .checkout(&cart.id, "pp_system_default")
        .expect("checkout");
    assert_sticker_order(&order, 3);
    assert_eq!(order.email.as_deref(), Some(email.as_str()));

    // Exactly once: completing or checking out again answers the same order.
    match carts.complete(&cart.id).expect("complete again") {
        Completion::Order(again) => {
            assert_eq!(
                (again.id.as_str(), again.display_id),
                (order.id.as_str(), order.display_id)
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        carts.checkout(&cart.id, "pp_system_default").unwrap().id,
        order.id
    );
    let completed = carts.retrieve(&cart.id).expect("retrieve");
    assert!(completed.is_completed());
    expect_api_says(
        carts.update(
            &cart.id,
            &UpdateCart {
                email: Some(unique_email("late")),
                ..Default::default()
            },
        ),
        400,
        "invalid_data",
        "is already completed",
    );
    expect_invalid_input(
        carts.initiate_payment_session(&completed, &InitiatePaymentSession::system()),
        "completed",
    );
    // The order as the store shows it: the same exact totals, authorized.
    let stored = medusa.orders().retrieve(&order.id).expect("order");
    assert_sticker_order(&stored, 3);
    assert_eq!(
        stored.payment_status,
        Some(medusa_blocking::v2::models::PaymentStatus::Authorized)
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_cart_errors() {
    let b = backend();
    let medusa = client(&b);
    let seeded = seeded(&medusa);
    let carts = medusa.carts();
    expect_api_says(
        carts.retrieve("cart_does_not_exist"),
        404,
        "not_found",
        "cart_does_not_exist",
    );
    expect_api_says(
        carts.create(&CreateCart::in_region("reg_does_not_exist")),
        404,
        "not_found",
        "No regions found",
    );
    let cart = carts
        .create(&CreateCart::in_region(&seeded.region_id))
        .expect("create");
    expect_api_says(
        carts.add_line_item(&cart.id, &LineItem::new("variant_does_not_exist", 1)),
        400,
        "invalid_data",
        "do not exist",
    );
    expect_invalid_input(
        carts.add_line_item(&cart.id, &LineItem::new(&seeded.sticker, 0)),
        "quantity",
    );
    expect_invalid_input(carts.retrieve(""), "cart id");
    expect_api_says(
        carts.complete(&cart.id),
        400,
        "invalid_data",
        "Cannot complete a cart with no items",
    );
    expect_api_says(
        carts.add_promotions(&cart.id, &["NOPE-CODE".to_string()]),
        400,
        "invalid_data",
        "The promotion code NOPE-CODE is invalid",
    );
    expect_api_says(
        carts.update(
            &cart.id,
            &UpdateCart::shipping_to(CartAddressInput {
                country_code: Some("de".into()),
                ..Default::default()
            }),
        ),
        400,
        "invalid_data",
        "is not within region",
    );
    // Not logged in: no transfer.
    expect_unauthorized(carts.transfer(&cart.id));
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL, MEDUSA_V2_PUBLISHABLE_KEY and MEDUSA_V2_SECRET_API_KEY (tests/backend/start.sh v2)"]
fn live_promotions_add_and_remove_exactly() {
    let b = backend();
    let medusa = client(&b);
    let seeded = seeded(&medusa);
    let code = promotion(&b);
    let carts = medusa.carts();
    let cart = carts
        .create(&CreateCart {
            items: vec![LineItem::new(&seeded.sticker, 3)],
            ..CreateCart::in_region(&seeded.region_id)
        })
        .expect("create");
    let codes = [code.clone()];
    let cart = carts.add_promotions(&cart.id, &codes).expect("add");
    // 10 % of 59.97, never rounded to cents.
    assert_eq!(cart.discount_total, Some(amount("5.997")));
    assert_eq!(cart.total, Some(amount("53.973")));
    let promotions = cart.promotions.clone().unwrap();
    assert_eq!(promotions[0].code.as_deref(), Some(code.as_str()));
    let method = promotions[0].application_method.clone().unwrap();
    assert_eq!(
        (method.kind.as_deref(), method.value),
        (Some("percentage"), Some(amount("10")))
    );
    let again = carts.add_promotions(&cart.id, &codes).expect("add again");
    assert_eq!(again.total, Some(amount("53.973")));
    let cart = carts.remove_promotions(&cart.id, &codes).expect("remove");
    assert_eq!(cart.total, Some(amount("59.97")));
    assert_eq!(cart.promotions.unwrap_or_default().len(), 0);
    carts
        .remove_promotions(&cart.id, &codes)
        .expect("removing a code not applied is no error");

    // A checkout with the code: the order keeps the exact discount.
    let order = carts
        .place_order(&Checkout {
            promo_codes: vec![code],
            ..stickers(
                &seeded.region_id,
                &seeded.sticker,
                3,
                Some(&unique_email("promo-order")),
            )
        })
        .expect("place order");
    assert_eq!(order.discount_total, Some(amount("5.997")));
    assert_eq!(order.total, Some(amount("553.973")));
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_logged_in_place_order_is_the_one_list_orders_returns() {
    let b = backend();
    let (medusa, customer, email) = register(&b, "cart-logged-in");
    let seeded = seeded(&medusa);
    let started = Instant::now();
    let order = medusa
        .carts()
        .place_order(&stickers(&seeded.region_id, &seeded.sticker, 3, None))
        .expect("place order");
    eprintln!(
        "a synthetic checkout (place_order) took {:?}",
        started.elapsed()
    );
    assert_sticker_order(&order, 3);
    assert_eq!(order.email.as_deref(), Some(email.as_str()));
    let listed = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .expect("list orders");
    let mine: Vec<&Order> = listed.orders.iter().filter(|o| o.id == order.id).collect();
    assert_eq!(mine.len(), 1, "{listed:?}");
    assert_eq!(mine[0].total, order.total);
    assert_eq!(
        mine[0].summary.as_ref().unwrap().raw_current_order_total,
        order.summary.as_ref().unwrap().raw_current_order_total
    );
    assert_eq!(listed.count, 1, "one order, never two");
    let full = medusa
        .orders()
        .fields("+customer_id")
        .retrieve(&order.id)
        .expect("order");
    assert_eq!(full.customer_id.as_deref(), Some(customer.id.as_str()));

    // Cheapest and by id choose the same option here.
    let by_id = {
        let cart = medusa
            .carts()
            .create(&CreateCart {
                shipping_address: Some(address()),
                ..CreateCart::in_region(&seeded.region_id)
            })
            .expect("cart");
        medusa.carts().shipping_options(&cart.id).unwrap()[0]
            .id
            .clone()
    };
    let cheapest = medusa
        .carts()
        .place_order(&Checkout {
            shipping: ShippingChoice::Cheapest,
            ..stickers(&seeded.region_id, &seeded.sticker, 1, None)
        })
        .expect("cheapest");
    let chosen = medusa
        .carts()
        .place_order(&Checkout {
            shipping: ShippingChoice::Option(by_id),
            ..stickers(&seeded.region_id, &seeded.sticker, 1, None)
        })
        .expect("by id");
    assert_eq!(cheapest.total, chosen.total);
    expect_api_says(
        medusa.carts().place_order(&Checkout {
            shipping: ShippingChoice::Named("Teleport".into()),
            ..stickers(&seeded.region_id, &seeded.sticker, 1, None)
        }),
        404,
        "not_found",
        "No shipping option named \"Teleport\"",
    );
    assert_eq!(
        medusa
            .customers()
            .list_orders(&ListOrders::default())
            .unwrap()
            .count,
        3
    );
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_guest_cart_of_a_registered_email_and_transfer_have_no_owner_check() {
    let b = backend();
    let (registered, customer, email) = register(&b, "cart-registered");
    let guest = client(&b);
    let seeded = seeded(&guest);
    // A guest order with a registered customer's e-mail lands in their history.
    let order = guest
        .carts()
        .place_order(&stickers(
            &seeded.region_id,
            &seeded.sticker,
            2,
            Some(&email),
        ))
        .expect("guest order");
    assert_sticker_order(&order, 2);
    let history = registered
        .customers()
        .list_orders(&ListOrders::default())
        .expect("their orders");
    assert!(
        history.orders.iter().any(|o| o.id == order.id),
        "the guest order is in the registered customer's history"
    );

    // A cart made anonymously, then taken over by a logged-in customer; another one takes it
    // over again (no owner check).
    let cart = guest
        .carts()
        .create(&CreateCart::in_region(&seeded.region_id))
        .expect("anonymous cart");
    assert_eq!(cart.customer_id, None);
    let mine: Cart = registered.carts().transfer(&cart.id).expect("transfer");
    assert_eq!(mine.customer_id.as_deref(), Some(customer.id.as_str()));
    assert_eq!(mine.email.as_deref(), Some(email.as_str()));
    let again = registered.carts().transfer(&cart.id).expect("again");
    assert_eq!(again.customer_id, mine.customer_id);
    let (thief, other, _) = register(&b, "cart-thief");
    let taken = thief.carts().transfer(&cart.id).expect("taken over");
    assert_eq!(taken.customer_id.as_deref(), Some(other.id.as_str()));
}

// ---------------------------------------------------------------------------------------------
// Lost responses, through a fault server in front of the real backend

/// Sends `req` to the real backend as it came (but `Connection: close`) and returns the answer's
/// bytes.
fn forward(b: &Backend, req: &Request) -> Vec<u8> {
    let authority = b
        .url
        .strip_prefix("http://")
        .expect("a plain-HTTP backend")
        .trim_end_matches('/');
    let mut out = format!(
        "{} {} HTTP/1.1\r\nHost: {authority}\r\n",
        req.method, req.target
    );
    for (name, value) in &req.headers {
        if !["host", "connection", "content-length"]
            .iter()
            .any(|h| name.eq_ignore_ascii_case(h))
        {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        req.body.len()
    ));
    let mut stream = TcpStream::connect(authority).expect("backend");
    stream.write_all(out.as_bytes()).unwrap();
    stream.write_all(&req.body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    answer
}

/// Forwards the request and relays the answer.
fn relayed(b: &Backend) -> Script {
    let b = b.clone();
    Script::new().send_with(move |req, _| forward(&b, req))
}

/// Forwards the request, lets the server act on it, and drops the answer.
fn lost(b: &Backend) -> Script {
    let b = b.clone();
    Script::new()
        .send_with(move |req, _| {
            forward(&b, req);
            Vec::new()
        })
        .close()
}

/// A client of the fault server, retrying.
fn through(server: &Server, b: &Backend) -> Medusa {
    Medusa::builder(server.url())
        .publishable_api_key(&b.key)
        .max_retries(2)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client")
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_a_lost_completion_response_is_recovered_and_places_one_order() {
    let b = backend();
    let (medusa, _, _) = register(&b, "cart-lost-complete");
    let seeded = seeded(&medusa);
    let carts = medusa.carts();
    let cart = carts
        .create(&CreateCart {
            items: vec![LineItem::new(&seeded.sticker, 3)],
            shipping_address: Some(address()),
            billing_address: Some(address()),
            ..CreateCart::in_region(&seeded.region_id)
        })
        .expect("cart");
    let option = carts.shipping_options(&cart.id).unwrap()[0].id.clone();
    carts
        .add_shipping_method(&cart.id, &AddShippingMethod::option(option))
        .unwrap();
    let cart = carts.retrieve(&cart.id).unwrap();
    carts
        .initiate_payment_session(&cart, &InitiatePaymentSession::system())
        .unwrap();

    // The completion is made, its answer lost; the retry gets the same order.
    let server = Server::start([lost(&b), relayed(&b)]);
    let order = match through(&server, &b).carts().complete(&cart.id) {
        Ok(Completion::Order(order)) => order,
        other => panic!("expected the order, got {other:?}"),
    };
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the lost attempt and its retry");
    assert!(requests.iter().all(|r| r.method == "POST"
        && r.target == format!("/store/carts/{}/complete", cart.id)));
    assert_sticker_order(&order, 3);
    // The same order as the store has, once.
    let listed = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .unwrap();
    assert_eq!(listed.count, 1, "one order, never two: {listed:?}");
    assert_eq!(listed.orders[0].id, order.id);
    assert_eq!(listed.orders[0].total, order.total);
}

#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_a_lost_line_item_response_adds_the_line_once() {
    let b = backend();
    let medusa = client(&b);
    let seeded = seeded(&medusa);
    let cart = medusa
        .carts()
        .create(&CreateCart {
            items: vec![LineItem::new(&seeded.sticker, 1)],
            ..CreateCart::in_region(&seeded.region_id)
        })
        .expect("cart");
    // The lines read first; the add made, its answer lost; the retry adds again; the lines read
    // again; the second add taken back.
    let server = Server::start([relayed(&b), lost(&b), relayed(&b), relayed(&b), relayed(&b)]);
    let after = through(&server, &b)
        .carts()
        .add_line_item(&cart.id, &LineItem::new(&seeded.sticker, 2))
        .expect("add line item");
    assert_eq!(after.quantity_of(&seeded.sticker), 3, "1 + 2, once");
    let seen: Vec<String> = server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target.split('?').next().unwrap()))
        .collect();
    let line = &after.items.as_deref().unwrap()[0].id;
    assert_eq!(
        seen,
        [
            format!("GET /store/carts/{}", cart.id),
            format!("POST /store/carts/{}/line-items", cart.id),
            format!("POST /store/carts/{}/line-items", cart.id),
            format!("GET /store/carts/{}", cart.id),
            format!("POST /store/carts/{}/line-items/{line}", cart.id),
        ]
    );
    assert_eq!(
        medusa
            .carts()
            .retrieve(&cart.id)
            .unwrap()
            .quantity_of(&seeded.sticker),
        3
    );
}

/// Checkouts through the chaos proxy (resets, lost responses, delays, truncated answers and 503s
/// on a quarter of the requests): each `place_order` returns its order, or an error; the customer
/// ends with exactly one order per order returned, plus at most one per unknown outcome, and no
/// order for any other error.
#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_checkouts_through_chaos_place_one_order_each() {
    use medusa_testkit::chaos::{ChaosProxy, Config};
    let b = backend();
    let (medusa, _, _) = register(&b, "cart-chaos");
    let seeded = seeded(&medusa);
    let proxy = ChaosProxy::start(
        &b.url,
        Config {
            seed: 18,
            rate: 0.25,
            ..Config::default()
        },
    )
    .expect("chaos proxy");
    let chaotic = Medusa::builder(proxy.url())
        .publishable_api_key(&b.key)
        .bearer_token(medusa.bearer_token().expect("logged in"))
        .max_retries(6)
        .retry_delays(Duration::from_millis(50), Duration::from_secs(1))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let (mut placed, mut unknown, mut failed) = (Vec::new(), 0, Vec::new());
    for _ in 0..4 {
        let started = Instant::now();
        let outcome =
            chaotic
                .carts()
                .place_order(&stickers(&seeded.region_id, &seeded.sticker, 1, None));
        eprintln!("chaos checkout: {:?}", started.elapsed());
        match outcome {
            Ok(order) => placed.push(order.id),
            Err(medusa_blocking::Error::OutcomeUnknown { .. }) => unknown += 1,
            Err(e) => failed.push(e.to_string()),
        }
    }
    let counts = proxy.counts();
    eprintln!(
        "chaos checkouts: {} placed, {unknown} unknown, {} failed ({failed:?}); proxy: {counts}",
        placed.len(),
        failed.len()
    );
    assert!(counts.faults() > 0, "the proxy injected faults: {counts}");
    let listed = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .expect("list orders");
    for id in &placed {
        assert_eq!(
            listed.orders.iter().filter(|o| &o.id == id).count(),
            1,
            "order {id} listed once"
        );
    }
    let extra = listed.count as usize - placed.len();
    assert!(
        extra <= unknown,
        "{extra} orders nobody was told of ({unknown} unknown outcomes): a divergence"
    );
    assert!(!placed.is_empty());
}

/// Two checkouts of one open cart at the same time (two tabs, or a retry from another process
/// while the first runs), on two clients, several times: each cart gets one order, and both
/// checkouts answer it (the checkout soak found one of them reporting the order as failed).
#[test]
#[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
fn live_two_checkouts_of_one_cart_at_once_both_answer_its_one_order() {
    let b = backend();
    let (medusa, _, _) = register(&b, "cart-twice");
    let seeded = seeded(&medusa);
    let other = client(&b);
    let mut failures = Vec::new();
    for round in 0..4 {
        let carts = medusa.carts();
        let cart = carts
            .create(&CreateCart {
                items: vec![LineItem::new(&seeded.sticker, 1)],
                shipping_address: Some(address()),
                billing_address: Some(address()),
                ..CreateCart::in_region(&seeded.region_id)
            })
            .expect("cart");
        let option = carts.shipping_options(&cart.id).unwrap()[0].id.clone();
        carts
            .add_shipping_method(&cart.id, &AddShippingMethod::option(option))
            .unwrap();
        let (a, b2) = std::thread::scope(|s| {
            let h = s.spawn(|| other.carts().checkout(&cart.id, "pp_system_default"));
            let a = medusa.carts().checkout(&cart.id, "pp_system_default");
            (a, h.join().expect("the other checkout"))
        });
        eprintln!(
            "round {round}: {:?} / {:?}",
            a.as_ref().map(|o| &o.id),
            b2.as_ref().map(|o| &o.id)
        );
        match (a, b2) {
            (Ok(x), Ok(y)) => assert_eq!(x.id, y.id, "one order for the cart"),
            (x, y) => failures.push(format!("{:?} / {:?}", x.map(|o| o.id), y.map(|o| o.id))),
        }
    }
    let listed = medusa
        .customers()
        .list_orders(&ListOrders::default())
        .unwrap();
    assert!(failures.is_empty(), "a checkout failed: {failures:?}");
    assert_eq!(listed.count, 4, "one order per cart: {listed:?}");
}
