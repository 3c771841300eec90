//! Carts to a placed order — `medusa.carts()` — against a mock server answering with bodies
//! recorded from a real Medusa 2.21.2 (`tests/fixtures/v2/shop/carts-*.json`,
//! `payment-*.json`, `shipping-options-list.json`): the exact request of every call (method,
//! path, query, body, the publishable key, no login unless the call needs one), what the user
//! gets back (exact money, the typed completion), the errors; and, against a scripted server,
//! what the calls do after a lost response or a 409 (one order, one line, never two).

use std::sync::Arc;
use std::time::Duration;

use crate::support::v2::*;
use medusa_blocking::money::Amount;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::models::Completion;
use medusa_blocking::v2::store::params::{
    AddShippingMethod, CartAddressInput, Checkout, CreateCart, InitiatePaymentSession, LineItem,
    ShippingChoice, UpdateCart, UpdateLineItem,
};
use medusa_blocking::{Error, ErrorType};
use medusa_testkit::fault::{Request, Script, Server, json as answer};
use serde_json::{Value, json};

const REGION: &str = "reg_01M93Q7BWDEMP2130SPQEPSNJF";
const STICKER: &str = "variant_01M93Q7C2QXRXWECNMMHB21V6V";
const CART: &str = "cart_01M9434TRBJ9F9RQSC7QC1EWQX";
const LINE: &str = "cali_01M9434V6EZ7EPW8BPHE9EXYVS";
const OPTION: &str = "so_01M93Q7BZ13XT93HWT24H5ERTP";
const COLLECTION: &str = "pay_col_01M9434XQQ6E6D5NBGPX3KK7WC";
const ORDER: &str = "order_01M94350YD88DH7CD3RR8KJ74A";
const ANON_CART: &str = "cart_01M9435282KETNS027N8K1SV66";
const ANON_LINE: &str = "cali_01M9435283E0TRE6T0BSKXQJ76";
const CODE: &str = "PROBE1796506924";
const PAYMENT_FIELDS: &str = "fields=id%2Ccompleted_at%2Ctotal%2Ccurrency_code%2C*payment_collection%2C*payment_collection.payment_sessions";
const LINE_FIELDS: &str =
    "fields=id%2Ccompleted_at%2Citems.id%2Citems.variant_id%2Citems.quantity%2Citems.created_at";

fn shop_body(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/v2/shop/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn shop(status: usize, name: &str) -> Reply {
    Reply::json(status, shop_body(name))
}

fn shop_json(name: &str) -> Value {
    serde_json::from_str(&shop_body(name)).unwrap()
}

fn amount(s: &str) -> Amount {
    s.parse().unwrap()
}

fn address() -> CartAddressInput {
    CartAddressInput {
        province: Some("il".into()),
        ..CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701")
    }
}

fn address_json() -> Value {
    json!({"first_name": "Jane", "last_name": "Doe", "address_1": "1 Main St",
           "city": "Springfield", "country_code": "us", "province": "il", "postal_code": "62701"})
}

fn mock(api: &mut Api, method: &str, target: &str, body: Body, reply: &Reply) -> mockito::Mock {
    api.call(method, target, As::Anonymous, body, reply)
        .create()
}

// ---------------------------------------------------------------------------------------------
// Each call, exactly

#[test]
fn create_sends_region_email_and_lines_and_reads_the_cart() {
    let mut api = Api::new();
    let m = mock(
        &mut api,
        "POST",
        "/store/carts",
        Body::Json(json!({"region_id": REGION, "email": "jane@example.com",
                          "items": [{"variant_id": STICKER, "quantity": 3}]})),
        &shop(200, "carts-create"),
    );
    let cart = api
        .medusa()
        .carts()
        .create(&CreateCart {
            email: Some("jane@example.com".into()),
            items: vec![LineItem::new(STICKER, 3)],
            ..CreateCart::in_region(REGION)
        })
        .unwrap();
    assert_eq!(cart.id, CART);
    assert_eq!(cart.currency_code.as_deref(), Some("usd"));
    assert_eq!(cart.total, Some(Amount::ZERO));
    assert!(cart.customer_id.is_some());
    assert_eq!(
        cart.region.unwrap().countries.unwrap().len(),
        2,
        "the region with its countries"
    );
    m.assert();
}

#[test]
fn create_refuses_a_zero_quantity_before_sending() {
    let api = Api::new();
    let e = api
        .medusa()
        .carts()
        .create(&CreateCart {
            items: vec![LineItem::new(STICKER, 0)],
            ..CreateCart::in_region(REGION)
        })
        .unwrap_err();
    assert!(
        matches!(e, Error::InvalidInput(ref m) if m.contains("quantity")),
        "{e}"
    );
}

#[test]
fn retrieve_with_the_handles_fields_and_a_not_found() {
    let mut api = Api::new();
    let m = mock(
        &mut api,
        "GET",
        &format!("/store/carts/{CART}?fields=%2Bitems.*"),
        Body::None,
        &shop(200, "carts-get-with-session"),
    );
    let nf = mock(
        &mut api,
        "GET",
        "/store/carts/cart_nope",
        Body::None,
        &shop(404, "carts-get-not-found"),
    );
    let medusa = api.medusa();
    let cart = medusa.carts().fields("+items.*").retrieve(CART).unwrap();
    let collection = cart.payment_collection.clone().unwrap();
    assert_eq!(collection.id, COLLECTION);
    let session = collection.session("pp_system_default").unwrap();
    assert_eq!(session.raw_amount, Some(amount("559.97")));
    assert_eq!(cart.total, Some(amount("559.97")));
    expect_api_error(
        medusa.carts().retrieve("cart_nope"),
        404,
        ErrorType::NotFound,
        "Cart with id 'cart_nope' not found",
    );
    m.assert();
    nf.assert();
}

#[test]
fn update_sends_the_addresses() {
    let mut api = Api::new();
    let m = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}"),
        Body::Json(json!({"shipping_address": address_json(), "billing_address": address_json()})),
        &shop(200, "carts-update-addresses"),
    );
    let cart = api
        .medusa()
        .carts()
        .update(
            CART,
            &UpdateCart {
                billing_address: Some(address()),
                ..UpdateCart::shipping_to(address())
            },
        )
        .unwrap();
    let shipping = cart.shipping_address.unwrap();
    assert_eq!(shipping.city.as_deref(), Some("Springfield"));
    assert!(shipping.id.starts_with("caaddr_"));
    m.assert();
}

#[test]
fn line_items_add_update_delete() {
    let mut api = Api::new();
    let add = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/line-items"),
        Body::Json(json!({"variant_id": STICKER, "quantity": 3})),
        &shop(200, "carts-line-items-add"),
    );
    let update = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/line-items/{LINE}"),
        Body::Json(json!({"quantity": 4})),
        &shop(200, "carts-line-items-update"),
    );
    let delete = mock(
        &mut api,
        "DELETE",
        &format!("/store/carts/{ANON_CART}/line-items/{ANON_LINE}"),
        Body::None,
        &shop(200, "carts-line-items-delete"),
    );
    let completed = mock(
        &mut api,
        "POST",
        "/store/carts/cart_done/line-items",
        Body::Json(json!({"variant_id": STICKER, "quantity": 1})),
        &shop(400, "carts-line-items-add-completed"),
    );
    let carts = api.medusa().carts();
    let cart = carts
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    let line = &cart.items.as_ref().unwrap()[0];
    assert_eq!((line.id.as_str(), line.quantity), (LINE, 3));
    assert_eq!(line.unit_price, Some(amount("19.99")));
    assert_eq!(cart.item_total, Some(amount("59.97")));
    let cart = carts
        .update_line_item(CART, LINE, &UpdateLineItem::quantity(4))
        .unwrap();
    assert_eq!(cart.quantity_of(STICKER), 4);
    let deleted = carts.delete_line_item(ANON_CART, ANON_LINE).unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.object, "line-item");
    assert_eq!(deleted.parent.unwrap().quantity_of(STICKER), 0);
    let e = carts
        .add_line_item("cart_done", &LineItem::new(STICKER, 1))
        .unwrap_err();
    assert_eq!(e.status(), Some(400));
    assert!(e.to_string().contains("is already completed"), "{e}");
    for m in [add, update, delete, completed] {
        m.assert();
    }
}

#[test]
fn shipping_options_and_method() {
    let mut api = Api::new();
    let list = mock(
        &mut api,
        "GET",
        &format!("/store/shipping-options?cart_id={CART}"),
        Body::None,
        &shop(200, "shipping-options-list"),
    );
    let add = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/shipping-methods"),
        Body::Json(json!({"option_id": OPTION})),
        &shop(200, "carts-shipping-methods-add"),
    );
    let carts = api.medusa().carts();
    let options = carts.shipping_options(CART).unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0].name.as_deref(), Some("Standard Shipping"));
    assert_eq!(options[0].price(), Some(amount("500")));
    assert_eq!(
        options[0].option_type.as_ref().unwrap().code.as_deref(),
        Some("standard")
    );
    let cart = carts
        .add_shipping_method(CART, &AddShippingMethod::option(OPTION))
        .unwrap();
    let method = &cart.shipping_methods.as_ref().unwrap()[0];
    assert_eq!(method.shipping_option_id.as_deref(), Some(OPTION));
    assert_eq!(method.amount, Some(amount("500")));
    assert_eq!(cart.total, Some(amount("559.97")));
    list.assert();
    add.assert();
}

#[test]
fn promotions_add_and_remove_send_the_codes() {
    let mut api = Api::new();
    let add = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{ANON_CART}/promotions"),
        Body::Json(json!({"promo_codes": [CODE]})),
        &shop(200, "carts-promotions-add"),
    );
    let remove = mock(
        &mut api,
        "DELETE",
        &format!("/store/carts/{ANON_CART}/promotions"),
        Body::Json(json!({"promo_codes": [CODE]})),
        &shop(200, "carts-promotions-remove"),
    );
    let unknown = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{ANON_CART}/promotions"),
        Body::Json(json!({"promo_codes": ["NOPE-CODE"]})),
        &shop(400, "carts-promotions-add-unknown"),
    );
    let carts = api.medusa().carts();
    let cart = carts.add_promotions(ANON_CART, &[CODE.into()]).unwrap();
    assert_eq!(cart.discount_total, Some(amount("5.997")));
    assert_eq!(cart.total, Some(amount("53.973")));
    assert_eq!(cart.promotions.unwrap()[0].code.as_deref(), Some(CODE));
    let cart = carts.remove_promotions(ANON_CART, &[CODE.into()]).unwrap();
    assert_eq!(cart.total, Some(amount("59.97")));
    let e = carts
        .add_promotions(ANON_CART, &["NOPE-CODE".into()])
        .unwrap_err();
    assert!(e.to_string().contains("NOPE-CODE is invalid"), "{e}");
    assert!(matches!(
        carts.add_promotions(ANON_CART, &[]),
        Err(Error::InvalidInput(_))
    ));
    for m in [add, remove, unknown] {
        m.assert();
    }
}

#[test]
fn payment_providers_collection_and_session() {
    let mut api = Api::new();
    let providers = mock(
        &mut api,
        "GET",
        &format!("/store/payment-providers?region_id={REGION}"),
        Body::None,
        &shop(200, "payment-providers-list"),
    );
    let collection = mock(
        &mut api,
        "POST",
        "/store/payment-collections",
        Body::Json(json!({"cart_id": CART})),
        &shop(200, "payment-collections-create"),
    );
    let session = mock(
        &mut api,
        "POST",
        &format!("/store/payment-collections/{COLLECTION}/payment-sessions"),
        Body::Json(json!({"provider_id": "pp_system_default"})),
        &shop(200, "payment-sessions-create"),
    );
    let carts = api.medusa().carts();
    let page = carts.payment_providers(REGION, None).unwrap();
    assert_eq!(
        (
            page.payment_providers[0].id.as_str(),
            page.count,
            page.limit
        ),
        ("pp_system_default", 1, 20)
    );
    // A cart without a collection: the collection first, then the session.
    let cart: medusa_blocking::v2::models::Cart =
        serde_json::from_value(json!({"id": CART})).unwrap();
    let with_session = carts
        .initiate_payment_session(&cart, &InitiatePaymentSession::system())
        .unwrap();
    assert_eq!(with_session.id, COLLECTION);
    let s = with_session.session("pp_system_default").unwrap();
    assert_eq!(s.status.as_deref(), Some("pending"));
    assert_eq!(s.raw_amount, Some(amount("559.97")));
    // A completed cart is refused before anything is sent.
    let done: medusa_blocking::v2::models::Cart =
        serde_json::from_value(json!({"id": CART, "completed_at": "2026-12-05T21:53:20.000Z"}))
            .unwrap();
    assert!(matches!(
        carts.initiate_payment_session(&done, &InitiatePaymentSession::system()),
        Err(Error::InvalidInput(_))
    ));
    for m in [providers, collection, session] {
        m.assert();
    }
}

#[test]
fn complete_answers_the_order_or_the_cart_with_its_error() {
    let mut api = Api::new();
    let done = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/complete"),
        Body::Json(json!({})),
        &shop(200, "carts-complete-order"),
    );
    let refused = mock(
        &mut api,
        "POST",
        "/store/carts/cart_declined/complete",
        Body::Json(json!({})),
        &Reply::json(
            200,
            r#"{"type":"cart","cart":{"id":"cart_declined"},"error":{"message":"declined","name":"Error","type":"payment_authorization_error"}}"#,
        ),
    );
    let carts = api.medusa().carts();
    let order = match carts.complete(CART).unwrap() {
        Completion::Order(order) => order,
        other => panic!("{other:?}"),
    };
    assert_eq!(order.id, ORDER);
    assert_eq!(order.total, Some(amount("579.96")));
    assert_eq!(
        order.summary.unwrap().raw_current_order_total,
        Some(amount("579.96"))
    );
    match carts.complete("cart_declined").unwrap() {
        Completion::Cart { cart, error } => {
            assert_eq!(cart.id, "cart_declined");
            assert_eq!(error.kind, "payment_authorization_error");
        }
        other => panic!("{other:?}"),
    }
    done.assert();
    refused.assert();
}

#[test]
fn transfer_is_made_as_the_logged_in_customer() {
    let mut api = Api::new();
    let m = api
        .call(
            "POST",
            &format!("/store/carts/{ANON_CART}/customer"),
            As::Bearer(&login_token()),
            Body::Json(json!({})),
            &shop(200, "carts-transfer"),
        )
        .create();
    let cart = api.logged_in().carts().transfer(ANON_CART).unwrap();
    assert!(cart.customer_id.unwrap().starts_with("cus_"));
    m.assert();
}

#[test]
fn the_locale_and_headers_of_the_handle_are_sent() {
    let mut api = Api::new();
    let m = api
        .call(
            "GET",
            &format!("/store/carts/{CART}"),
            As::Anonymous,
            Body::None,
            &shop(200, "carts-get-with-session"),
        )
        .match_header("x-medusa-locale", "de-DE")
        .create();
    api.medusa().carts().locale("de-DE").retrieve(CART).unwrap();
    m.assert();
}

// ---------------------------------------------------------------------------------------------
// checkout and place_order

#[test]
fn checkout_opens_the_lost_session_again_then_completes() {
    let mut api = Api::new();
    // The cart lost its session (a change after it): the session again, then complete.
    let read = mock(
        &mut api,
        "GET",
        &format!("/store/carts/{CART}?{PAYMENT_FIELDS}"),
        Body::None,
        &shop(200, "carts-get-payment-fields"),
    );
    let session = mock(
        &mut api,
        "POST",
        &format!("/store/payment-collections/{COLLECTION}/payment-sessions"),
        Body::Json(json!({"provider_id": "pp_system_default"})),
        &shop(200, "payment-sessions-create-again"),
    );
    let complete = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/complete"),
        Body::Json(json!({})),
        &shop(200, "carts-complete-order"),
    );
    let order = api
        .medusa()
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap();
    assert_eq!(order.id, ORDER);
    for m in [read, session, complete] {
        m.assert();
    }
}

#[test]
fn checkout_of_a_completed_cart_completes_again_and_opens_no_session() {
    let mut api = Api::new();
    let mut completed = shop_json("carts-get-payment-fields");
    completed["cart"]["completed_at"] = json!("2026-12-05T21:53:20.000Z");
    let read = mock(
        &mut api,
        "GET",
        &format!("/store/carts/{CART}?{PAYMENT_FIELDS}"),
        Body::None,
        &Reply::json(200, completed.to_string()),
    );
    let complete = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/complete"),
        Body::Json(json!({})),
        &shop(200, "carts-complete-order"),
    );
    let order = api
        .medusa()
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap();
    assert_eq!(order.id, ORDER);
    read.assert();
    complete.assert();
}

#[test]
fn checkout_reports_a_payment_error_as_a_422() {
    let mut api = Api::new();
    let mut with_session = shop_json("carts-get-payment-fields");
    with_session["cart"]["payment_collection"]["payment_sessions"] =
        json!([{"id": "payses_1", "provider_id": "pp_system_default", "amount": 579.96}]);
    let read = mock(
        &mut api,
        "GET",
        &format!("/store/carts/{CART}?{PAYMENT_FIELDS}"),
        Body::None,
        &Reply::json(200, with_session.to_string()),
    );
    let complete = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/complete"),
        Body::Json(json!({})),
        &Reply::json(
            200,
            r#"{"type":"cart","cart":{"id":"x"},"error":{"message":"declined","name":"Error","type":"payment_authorization_error"}}"#,
        ),
    );
    let e = api
        .medusa()
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    assert!(e.to_string().contains("declined"), "{e}");
    read.assert();
    complete.assert();
}

#[test]
fn place_order_makes_the_cart_picks_the_option_and_checks_out() {
    let mut api = Api::new();
    let create = mock(
        &mut api,
        "POST",
        "/store/carts",
        Body::Json(json!({"region_id": REGION, "email": "jane@example.com",
            "items": [{"variant_id": STICKER, "quantity": 3}],
            "shipping_address": address_json(), "billing_address": address_json()})),
        &shop(200, "carts-create"),
    );
    let options = mock(
        &mut api,
        "GET",
        &format!("/store/shipping-options?cart_id={CART}"),
        Body::None,
        &shop(200, "shipping-options-list"),
    );
    let method = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/shipping-methods"),
        Body::Json(json!({"option_id": OPTION})),
        &shop(200, "carts-shipping-methods-add"),
    );
    let read = mock(
        &mut api,
        "GET",
        &format!("/store/carts/{CART}?{PAYMENT_FIELDS}"),
        Body::None,
        &shop(200, "carts-get-payment-fields"),
    );
    let session = mock(
        &mut api,
        "POST",
        &format!("/store/payment-collections/{COLLECTION}/payment-sessions"),
        Body::Json(json!({"provider_id": "pp_system_default"})),
        &shop(200, "payment-sessions-create-again"),
    );
    let complete = mock(
        &mut api,
        "POST",
        &format!("/store/carts/{CART}/complete"),
        Body::Json(json!({})),
        &shop(200, "carts-complete-order"),
    );
    let order = api
        .medusa()
        .carts()
        .fields("id")
        .place_order(&Checkout {
            email: Some("jane@example.com".into()),
            ..Checkout::new(
                REGION,
                vec![LineItem::new(STICKER, 3)],
                address(),
                ShippingChoice::Cheapest,
            )
        })
        .unwrap();
    assert_eq!(order.id, ORDER);
    assert_eq!(order.total, Some(amount("579.96")));
    for m in [create, options, method, read, session, complete] {
        m.assert();
    }
    // Nothing is sent for a checkout without lines or with a blank option.
    let carts = api.medusa().carts();
    let empty = Checkout::new(REGION, vec![], address(), ShippingChoice::Cheapest);
    assert!(matches!(
        carts.place_order(&empty),
        Err(Error::InvalidInput(_))
    ));
    let blank = Checkout::new(
        REGION,
        vec![LineItem::new(STICKER, 1)],
        address(),
        ShippingChoice::Option(" ".into()),
    );
    assert!(matches!(
        carts.place_order(&blank),
        Err(Error::InvalidInput(_))
    ));
}

// ---------------------------------------------------------------------------------------------
// Lost responses and conflicts, against a scripted server

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

fn retrying(url: &str) -> Medusa {
    Medusa::builder(url)
        .publishable_api_key("pk_test")
        .max_retries(1)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

fn path(req: &Request) -> &str {
    req.target.split('?').next().unwrap_or("")
}

fn seen(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect()
}

fn order_answer() -> Vec<u8> {
    answer(200, &shop_json("carts-complete-order"))
}

#[test]
fn a_lost_completion_is_completed_again_and_answers_the_order() {
    let server = routed(|_req, before| {
        if before.is_empty() {
            Vec::new() // the server completed the cart; the answer is lost
        } else {
            order_answer()
        }
    });
    let done = retrying(&server.url()).carts().complete(CART).unwrap();
    assert_eq!(done.order().unwrap().id, ORDER);
    let complete = format!("POST /store/carts/{CART}/complete");
    assert_eq!(seen(&server), [complete.clone(), complete]);
}

#[test]
fn a_completion_in_progress_elsewhere_is_waited_for() {
    // No retries: the 409 of another request completing the cart is waited out all the same.
    let server = routed(|_req, before| {
        if before.is_empty() {
            answer(
                409,
                &json!({"type": "conflict", "message": "Cart is already being completed by another request"}),
            )
        } else {
            order_answer()
        }
    });
    let medusa = Medusa::builder(server.url())
        .publishable_api_key("pk_test")
        .build()
        .unwrap();
    let done = medusa.carts().complete(CART).unwrap();
    assert_eq!(done.order().unwrap().id, ORDER);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_lost_completion_then_a_verdict_keeps_the_verdict() {
    let server = routed(|_req, before| {
        if before.is_empty() {
            Vec::new()
        } else {
            answer(400, &shop_json("carts-complete-no-session"))
        }
    });
    let e = retrying(&server.url()).carts().complete(CART).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");
    assert!(e.to_string().contains("Payment sessions are required"));
}

#[test]
fn a_lost_completion_that_cannot_be_settled_is_an_unknown_outcome() {
    let server = routed(|_req, before| {
        if before.len() < 2 {
            Vec::new()
        } else {
            answer(503, &json!({"message": "down"}))
        }
    });
    match retrying(&server.url()).carts().complete(CART) {
        Err(Error::OutcomeUnknown { operation, .. }) => assert_eq!(operation, "complete cart"),
        other => panic!("{other:?}"),
    }
    // The first two attempts, then one completion after each wait.
    assert_eq!(server.requests().len(), 2 + 5);
}

/// Two checkouts of one open cart at once, as the checkout soak runs them: the other one's
/// session replaces this one's, and a step of this one fails on the server while the other
/// places the order.
fn checkout_raced(fail: &'static str) -> Server {
    routed(move |req, before| {
        let completes = before
            .iter()
            .filter(|r| path(r).ends_with("/complete"))
            .count();
        match (req.method.as_str(), path(req)) {
            ("GET", _) => answer(200, &shop_json("carts-get-payment-fields")),
            ("POST", p) if p.ends_with("/payment-sessions") && fail == "session" => answer(
                500,
                &json!({"type": "unknown_error", "message": "An unknown error occurred."}),
            ),
            ("POST", p) if p.ends_with("/payment-sessions") => {
                answer(200, &shop_json("payment-sessions-create-again"))
            }
            ("POST", p) if p.ends_with("/complete") && fail == "complete" && completes == 0 => {
                answer(
                    404,
                    &json!({"type": "not_found", "message": "PaymentSession with id: payses_1 was not found"}),
                )
            }
            ("POST", p) if p.ends_with("/complete") => order_answer(),
            _ => answer(500, &json!({"message": "unexpected"})),
        }
    })
}

fn no_retries(url: &str) -> Medusa {
    Medusa::builder(url)
        .publishable_api_key("pk_test")
        .build()
        .unwrap()
}

#[test]
fn a_checkout_whose_session_fails_answers_the_order_another_checkout_placed() {
    let server = checkout_raced("session");
    let order = no_retries(&server.url())
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap();
    assert_eq!(order.id, ORDER);
    assert_eq!(
        seen(&server)
            .iter()
            .map(|r| r.split('?').next().unwrap().to_string())
            .collect::<Vec<_>>(),
        [
            format!("GET /store/carts/{CART}"),
            format!("POST /store/payment-collections/{COLLECTION}/payment-sessions"),
            format!("POST /store/carts/{CART}/complete"),
        ]
    );
}

#[test]
fn a_checkout_whose_session_was_replaced_answers_the_order_another_checkout_placed() {
    let server = checkout_raced("complete");
    let order = no_retries(&server.url())
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap();
    assert_eq!(order.id, ORDER);
}

#[test]
fn a_checkout_that_fails_and_cannot_tell_whether_the_cart_was_completed_is_unknown() {
    let server = routed(|req, _| match (req.method.as_str(), path(req)) {
        ("GET", _) => answer(200, &shop_json("carts-get-payment-fields")),
        _ => answer(
            500,
            &json!({"type": "unknown_error", "message": "An unknown error occurred."}),
        ),
    });
    match no_retries(&server.url())
        .carts()
        .checkout(CART, "pp_system_default")
    {
        Err(Error::OutcomeUnknown { operation, error }) => {
            assert_eq!(operation, "checkout");
            assert_eq!(error.status(), Some(500));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_checkout_that_fails_keeps_its_error_when_the_cart_is_not_completed() {
    let server = routed(|req, _| match (req.method.as_str(), path(req)) {
        ("GET", _) => answer(200, &shop_json("carts-get-payment-fields")),
        ("POST", p) if p.ends_with("/payment-sessions") => answer(
            400,
            &json!({"type": "invalid_data", "message": "Payment provider pp_x is not enabled"}),
        ),
        ("POST", p) if p.ends_with("/complete") => {
            answer(400, &shop_json("carts-complete-no-session"))
        }
        _ => answer(500, &json!({"message": "unexpected"})),
    });
    let e = no_retries(&server.url())
        .carts()
        .checkout(CART, "pp_system_default")
        .unwrap_err();
    assert!(e.to_string().contains("not enabled"), "{e}");
}

/// A cart with the given sticker lines `(id, quantity)`.
fn lines(items: &[(&str, i64)]) -> Vec<u8> {
    let items: Vec<Value> = items
        .iter()
        .map(|(id, q)| json!({"id": id, "variant_id": STICKER, "quantity": q, "created_at": format!("2026-12-05T21:53:1{}.000Z", id.len() % 10)}))
        .collect();
    answer(
        200,
        &json!({"cart": {"id": CART, "completed_at": null, "items": items}}),
    )
}

/// The add-line-item scenario: the lines before, the add's attempts (`adds`, in order; empty:
/// lost), the lines after, and the fix.
fn add_scenario(before: Vec<u8>, adds: Vec<Vec<u8>>, after: Vec<u8>) -> Server {
    let adds = Arc::new(adds);
    routed(move |req, seen| {
        let n_adds = seen
            .iter()
            .filter(|r| r.method == "POST" && path(r).ends_with("/line-items"))
            .count();
        match (req.method.as_str(), path(req)) {
            ("GET", _) if n_adds == 0 => before.clone(),
            ("GET", _) => after.clone(),
            ("POST", p) if p.ends_with("/line-items") => adds[n_adds].clone(),
            ("POST", p) if p.ends_with(&format!("/line-items/{LINE}")) => {
                answer(200, &shop_json("carts-line-items-add"))
            }
            ("DELETE", _) => answer(
                200,
                &json!({"id": "x", "object": "line-item", "deleted": true}),
            ),
            _ => answer(500, &json!({"message": "unexpected"})),
        }
    })
}

#[test]
fn a_line_added_twice_after_a_lost_response_is_set_back_once() {
    let server = add_scenario(
        lines(&[]),
        vec![Vec::new(), answer(200, &shop_json("carts-line-items-add"))],
        lines(&[(LINE, 6)]),
    );
    let cart = retrying(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    assert_eq!(cart.quantity_of(STICKER), 3);
    let requests = server.requests();
    let fix = requests.last().unwrap();
    assert_eq!(
        (fix.method.as_str(), path(fix)),
        (
            "POST",
            format!("/store/carts/{CART}/line-items/{LINE}").as_str()
        )
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&fix.body).unwrap(),
        json!({"quantity": 3})
    );
    assert_eq!(
        seen(&server)[..2],
        [
            format!("GET /store/carts/{CART}?{LINE_FIELDS}"),
            format!("POST /store/carts/{CART}/line-items"),
        ]
    );
}

#[test]
fn a_line_added_twice_as_two_lines_loses_the_newer() {
    let server = add_scenario(
        lines(&[]),
        vec![Vec::new(), answer(200, &shop_json("carts-line-items-add"))],
        lines(&[(LINE, 3), ("cali_newer_one", 3)]),
    );
    retrying(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    assert!(seen(&server).contains(&format!(
        "DELETE /store/carts/{CART}/line-items/cali_newer_one"
    )));
}

/// A client that retries twice: three attempts of a lost add may each have added the line.
fn retrying_twice(url: &str) -> Medusa {
    Medusa::builder(url)
        .publishable_api_key("pk_test")
        .max_retries(2)
        .retry_delays(Duration::from_millis(1), Duration::from_millis(5))
        .build()
        .unwrap()
}

#[test]
fn a_line_added_three_times_after_two_lost_responses_is_set_back_once() {
    // The chaos soak found it: two lost responses and a retry that answered left the line
    // with three times the quantity, and the call said "unknown".
    let server = add_scenario(
        lines(&[(LINE, 2)]),
        vec![
            Vec::new(),
            Vec::new(),
            answer(200, &shop_json("carts-line-items-add")),
        ],
        lines(&[(LINE, 11)]),
    );
    retrying_twice(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    let requests = server.requests();
    let fix = requests.last().unwrap();
    assert_eq!(
        (fix.method.as_str(), path(fix)),
        (
            "POST",
            format!("/store/carts/{CART}/line-items/{LINE}").as_str()
        )
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&fix.body).unwrap(),
        json!({"quantity": 5}),
        "the line as before, plus the quantity once"
    );
}

#[test]
fn a_line_added_three_times_as_three_lines_keeps_the_oldest() {
    let server = add_scenario(
        lines(&[]),
        vec![
            Vec::new(),
            Vec::new(),
            answer(200, &shop_json("carts-line-items-add")),
        ],
        lines(&[("cali_1", 3), ("cali_22", 3), ("cali_333", 3)]),
    );
    retrying_twice(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    let deletes: Vec<String> = seen(&server)
        .into_iter()
        .filter(|r| r.starts_with("DELETE"))
        .collect();
    assert_eq!(
        deletes,
        [
            format!("DELETE /store/carts/{CART}/line-items/cali_22"),
            format!("DELETE /store/carts/{CART}/line-items/cali_333"),
        ]
    );
}

#[test]
fn a_line_added_once_by_the_lost_attempt_is_a_success_even_when_the_retry_failed() {
    let server = add_scenario(
        lines(&[]),
        vec![Vec::new(), answer(503, &json!({"message": "down"}))],
        lines(&[(LINE, 3)]),
    );
    let cart = retrying(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap();
    assert_eq!(cart.quantity_of(STICKER), 3);
    assert!(
        !seen(&server)
            .iter()
            .any(|r| r.contains(&format!("/line-items/{LINE}"))),
        "nothing to fix"
    );
}

#[test]
fn a_line_not_added_keeps_the_retrys_error_and_other_changes_are_unknown() {
    let server = add_scenario(
        lines(&[(LINE, 1)]),
        vec![Vec::new(), answer(503, &json!({"message": "down"}))],
        lines(&[(LINE, 1)]),
    );
    let e = retrying(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
        .unwrap_err();
    assert_eq!(e.status(), Some(503), "{e:?}");

    let server = add_scenario(
        lines(&[(LINE, 1)]),
        vec![Vec::new(), answer(503, &json!({"message": "down"}))],
        lines(&[(LINE, 2)]),
    );
    match retrying(&server.url())
        .carts()
        .add_line_item(CART, &LineItem::new(STICKER, 3))
    {
        Err(Error::OutcomeUnknown { operation, .. }) => assert_eq!(operation, "add line item"),
        other => panic!("{other:?}"),
    }
}
