//! Response models against real Medusa 1.20.11 responses (`tests/fixtures/captures/*.body`,
//! recorded from a real server) and hand-written edge cases.

use std::fmt::Debug;

use medusa_blocking::v1::models::*;
use medusa_testkit::captures;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Fewer capture bodies than this means the folder is incomplete or the dispatch broke.
/// (The recorded run has 22 customer bodies, 18 orders pages, 1 payment-methods body, 1 completed
/// cart and 1 single order: 43 bodies.)
const MIN_CAPTURES_CHECKED: usize = 43;
/// Orders actually deserialized from those bodies (many orders pages are empty or filtered out).
const MIN_ORDERS_CHECKED: usize = 10;

/// Reports what the typed value lost or changed compared with the JSON it came from: a key of
/// `original` missing from `reserialized` (a field the model does not have, or misspells), or a
/// different value. Numbers compare by value (`0` and `0.0` are equal). Keys in `ignore` are
/// skipped at any depth.
fn differences(original: &Value, reserialized: &Value, path: &str, ignore: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    match (original, reserialized) {
        (Value::Object(orig), Value::Object(re)) => {
            for (key, value) in orig {
                if ignore.contains(&key.as_str()) {
                    continue;
                }
                let sub = format!("{path}.{key}");
                match re.get(key) {
                    None => out.push(format!("{sub}: sent by the server, dropped by the model")),
                    Some(back) => out.extend(differences(value, back, &sub, ignore)),
                }
            }
        }
        (Value::Array(orig), Value::Array(re)) if orig.len() == re.len() => {
            for (i, (a, b)) in orig.iter().zip(re).enumerate() {
                out.extend(differences(a, b, &format!("{path}[{i}]"), ignore));
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} became {b}")),
    }
    out
}

/// Deserializes `value` as `T`, then checks that serialize → deserialize gives the same value and
/// that nothing the server sent was lost (except the `ignore` keys).
fn check<T>(what: &str, value: &Value, ignore: &[&str]) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("{what}: does not deserialize as {}: {e}", type_name::<T>()));

    let text = serde_json::to_string(&typed).expect("serialize");
    let back: T = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{what}: re-serialized {} does not parse: {e}",
            type_name::<T>()
        )
    });
    assert_eq!(
        back, typed,
        "{what}: serialize -> deserialize changed the value"
    );

    let reserialized = serde_json::to_value(&typed).expect("serialize to Value");
    let lost = differences(value, &reserialized, what, ignore);
    assert!(
        lost.is_empty(),
        "{what}: the model loses data:\n{}",
        lost.join("\n")
    );
    typed
}

fn type_name<T>() -> &'static str {
    std::any::type_name::<T>()
}

#[test]
fn every_capture_deserializes_round_trips_and_loses_nothing() {
    let dir = captures::dir();
    let bodies = captures::json_bodies();

    let mut checked = 0; // bodies checked against the brief's dispatch
    let mut orders_checked = 0;
    let mut extra_checked = 0; // regions, shipping options, cart parts
    for (name, body) in &bodies {
        let mut hit = false;
        if let Some(customer) = body.get("customer") {
            let c: Customer = check(&format!("{name}: customer"), customer, &[]);
            orders_checked += c.orders.as_ref().map_or(0, Vec::len);
            hit = true;
        }
        if let Some(orders) = body.get("orders") {
            let orders: Vec<Order> = check(&format!("{name}: orders"), orders, &[]);
            orders_checked += orders.len();
            hit = true;
        }
        if let Some(methods) = body.get("payment_methods") {
            check::<Vec<PaymentMethod>>(&format!("{name}: payment_methods"), methods, &[]);
            hit = true;
        }
        let completed_cart = body.get("type").and_then(Value::as_str) == Some("order");
        if let Some(order) = body.get("data").filter(|_| completed_cart) {
            check::<Order>(&format!("{name}: data (cart completed)"), order, &[]);
            orders_checked += 1;
            hit = true;
        }
        if let Some(order) = body.get("order") {
            check::<Order>(&format!("{name}: order"), order, &[]);
            orders_checked += 1;
            hit = true;
        }
        if hit {
            checked += 1;
        }

        // Beyond the customer routes: the same nested types in other store responses.
        if let Some(regions) = body.get("regions") {
            check::<Vec<Region>>(&format!("{name}: regions"), regions, &[]);
            extra_checked += 1;
        }
        if let Some(options) = body.get("shipping_options") {
            // The store route adds price fields of `PricedShippingOption`, not modelled here.
            let ignore = ["price_incl_tax", "tax_amount", "tax_rates"];
            check::<Vec<ShippingOption>>(&format!("{name}: shipping_options"), options, &ignore);
            extra_checked += 1;
        }
        if let Some(cart) = body.get("cart") {
            let part = |key: &str| format!("{name}: cart.{key}");
            let get = |key: &str| cart.get(key).cloned().unwrap_or(Value::Null);
            check::<Option<Vec<LineItem>>>(&part("items"), &get("items"), &[]);
            check::<Option<Region>>(&part("region"), &get("region"), &[]);
            check::<Option<Address>>(&part("shipping_address"), &get("shipping_address"), &[]);
            check::<Option<Address>>(&part("billing_address"), &get("billing_address"), &[]);
            check::<Option<Vec<ShippingMethod>>>(
                &part("shipping_methods"),
                &get("shipping_methods"),
                &[],
            );
            check::<Option<Vec<Discount>>>(&part("discounts"), &get("discounts"), &[]);
            check::<Option<Vec<GiftCard>>>(&part("gift_cards"), &get("gift_cards"), &[]);
            check::<Option<SalesChannel>>(&part("sales_channel"), &get("sales_channel"), &[]);
            extra_checked += 1;
        }
    }

    // The readable copy of a real orders page (committed with the captures: a missing file fails
    // the test rather than skipping the check).
    let real = dir.join("customer-orders-real.json");
    let bytes = std::fs::read(&real).unwrap_or_else(|e| panic!("{}: {e}", real.display()));
    let page: Value = serde_json::from_slice(&bytes).expect("customer-orders-real.json");
    let orders: Vec<Order> = check("customer-orders-real.json: orders", &page["orders"], &[]);
    assert_eq!(orders.len(), 1);
    extra_checked += 1;

    println!(
        "captures: {checked} bodies checked ({orders_checked} orders), {extra_checked} other \
         bodies checked, out of {} JSON bodies in {}",
        bodies.len(),
        dir.display()
    );
    assert!(
        checked >= MIN_CAPTURES_CHECKED,
        "only {checked} capture bodies checked, expected at least {MIN_CAPTURES_CHECKED}"
    );
    assert!(
        orders_checked >= MIN_ORDERS_CHECKED,
        "only {orders_checked} orders checked, expected at least {MIN_ORDERS_CHECKED}"
    );
}

#[test]
fn capture_84_orders_one_has_the_values_a_user_sees() {
    let body = captures::json("84-orders-one.body");
    assert_eq!(body["count"], 1);
    let orders: Vec<Order> = serde_json::from_value(body["orders"].clone()).expect("orders");
    assert_eq!(orders.len(), 1);
    let order = &orders[0];

    assert_eq!(order.object.as_deref(), Some("order"));
    assert_eq!(order.id, "order_01M8CDCBX58KP8GRVKZKDKH194");
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::NotFulfilled)
    );
    assert_eq!(order.payment_status, Some(PaymentStatus::Awaiting));
    assert_eq!(
        order.email.as_deref(),
        Some("jane.doe.1795713015@example.com")
    );
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(order.tax_rate, None);

    // Totals.
    assert_eq!(order.subtotal, Some(3900));
    assert_eq!(order.shipping_total, Some(500));
    assert_eq!(order.tax_total, Some(0));
    assert_eq!(order.discount_total, Some(0));
    assert_eq!(order.paid_total, Some(4400));
    assert_eq!(order.total, Some(4400));

    // Columns outside the list's default select are absent, hence None.
    assert_eq!(order.metadata, None);
    assert_eq!(order.updated_at, None);
    assert_eq!(order.shipping_address_id, None);
    assert_eq!(order.no_notification, None);

    let items = order.items.as_deref().expect("items loaded");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.title, "Acceptance T-Shirt");
    assert_eq!(item.unit_price, 1950);
    assert_eq!(item.quantity, 2);
    assert_eq!(item.total, Some(3900));
    assert_eq!(item.refundable, Some(3900));
    assert_eq!(item.fulfilled_quantity, None);
    assert_eq!(item.metadata, Some(Metadata::new()));
    let tax_lines = item.tax_lines.as_deref().expect("tax lines");
    assert_eq!(tax_lines[0].rate, 0.0);
    assert_eq!(tax_lines[0].code.as_deref(), Some("default"));
    let variant = item.variant.as_ref().expect("variant");
    assert_eq!(variant.sku.as_deref(), Some("ACC-TSHIRT-M"));
    assert_eq!(variant.inventory_quantity, 998);
    assert_eq!(variant.weight, None);

    let address = order.shipping_address.as_ref().expect("shipping address");
    assert_eq!(address.city.as_deref(), Some("Springfield"));
    assert_eq!(address.country_code.as_deref(), Some("us"));
    assert_eq!(address.customer_id, None);
    assert_eq!(address.province, None);

    let region = order.region.as_ref().expect("region");
    assert_eq!(region.name, "US");
    assert_eq!(region.tax_rate, 0.0);
    assert!(region.automatic_taxes);

    let payments = order.payments.as_deref().expect("payments");
    assert_eq!(payments[0].amount, 4400);
    assert_eq!(payments[0].provider_id, "manual");
    assert_eq!(payments[0].data["status"], "authorized");
    assert_eq!(payments[0].captured_at, None);

    let methods = order.shipping_methods.as_deref().expect("shipping methods");
    assert_eq!(methods[0].price, 500);
    assert_eq!(methods[0].original_total, Some(500));
    let option = methods[0]
        .shipping_option
        .as_ref()
        .expect("shipping option");
    assert_eq!(option.name, "Manual Standard");
    assert_eq!(option.price_type, Some(ShippingOptionPriceType::FlatRate));
    assert_eq!(option.amount, Some(500));

    let customer = order.customer.as_ref().expect("customer");
    assert_eq!(customer.first_name.as_deref(), Some("Janet"));
    assert_eq!(customer.shipping_addresses, None); // not loaded inside an order
    assert_eq!(
        customer.metadata.as_ref().and_then(|m| m.get("newsletter")),
        Some(&json!(true))
    );

    assert_eq!(order.discounts, Some(vec![]));
    assert_eq!(order.fulfillments, Some(vec![]));
    assert_eq!(order.claims, Some(vec![]));
    assert_eq!(order.returns, None); // not a default relation of the list
}

#[test]
fn capture_05_customer_create() {
    let body = captures::json("05-customers-create.body");
    let customer: Customer = serde_json::from_value(body["customer"].clone()).expect("customer");
    assert_eq!(customer.id, "cus_01M8CDC7ME2M4FA2STAMMQJR5H");
    assert_eq!(customer.email, "jane.doe.1795713015@example.com");
    assert_eq!(customer.first_name.as_deref(), Some("Jane"));
    assert_eq!(customer.last_name.as_deref(), Some("Doe"));
    assert!(customer.has_account);
    assert_eq!(customer.billing_address, None);
    assert_eq!(customer.billing_address_id, None);
    assert_eq!(customer.shipping_addresses, Some(vec![]));
    assert_eq!(customer.phone, None);
    assert_eq!(customer.metadata, None);
    assert_eq!(customer.deleted_at, None);
    assert_eq!(customer.orders, None);
    assert_eq!(customer.created_at, "2026-11-26T17:10:15.424Z");
}

#[test]
fn capture_96_fields_and_expand_give_a_trimmed_order() {
    // GET /store/customers/me/orders?fields=id,display_id,status,total&expand=items
    let body = captures::json("96-orders-one-fields-expand.body");
    let orders: Vec<Order> = serde_json::from_value(body["orders"].clone()).expect("orders");
    let order = &orders[0];
    assert_eq!(order.id, "order_01M8CDCBX58KP8GRVKZKDKH194");
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.total, Some(4400));
    assert!(order.created_at.is_some()); // always added on lists

    // Not selected: absent, so None.
    assert_eq!(order.fulfillment_status, None);
    assert_eq!(order.payment_status, None);
    assert_eq!(order.email, None);
    assert_eq!(order.customer_id, None);
    assert_eq!(order.currency_code, None);
    assert_eq!(order.region_id, None);
    assert_eq!(order.cart_id, None);
    assert_eq!(order.subtotal, None);
    assert_eq!(order.shipping_total, None);
    assert_eq!(order.paid_total, None);
    assert_eq!(order.customer, None);
    assert_eq!(order.shipping_address, None);
    assert_eq!(order.fulfillments, None);

    let items = order.items.as_deref().expect("items expanded");
    assert_eq!(items[0].unit_price, 1950);
    assert_eq!(items[0].refundable, None);
    // The expanded product is kept as raw JSON.
    let product = items[0]
        .variant
        .as_ref()
        .and_then(|v| v.product.as_ref())
        .expect("variant.product");
    assert_eq!(product["handle"], "acceptance-tshirt");
    // Shipping methods come without their option here.
    let methods = order.shipping_methods.as_deref().expect("shipping methods");
    assert_eq!(methods[0].shipping_option, None);
    assert_eq!(methods[0].total, None);
}

#[test]
fn capture_other_shapes() {
    // GET /store/orders/{id}: the same order as the list, with all default columns.
    let body = captures::json("97-orders-retrieve.body");
    let order: Order = serde_json::from_value(body["order"].clone()).expect("order");
    assert_eq!(order.id, "order_01M8CDCBX58KP8GRVKZKDKH194");
    assert_eq!(order.total, Some(4400));
    assert_eq!(order.raw_discount_total, None);

    // POST /store/carts/{id}/complete: {type: "order", data: Order} with every column.
    let body = captures::json("83-cart-complete.body");
    assert_eq!(body["type"], "order");
    let order: Order = serde_json::from_value(body["data"].clone()).expect("data");
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.metadata, Some(Metadata::new()));
    assert_eq!(order.no_notification, None);
    assert!(order.shipping_address_id.is_some());
    assert!(order.sales_channel_id.is_some());
    assert_eq!(order.billing_address_id, None);

    // A customer with a saved address.
    let body = captures::json("100-me-after-order.body");
    let customer: Customer = serde_json::from_value(body["customer"].clone()).expect("customer");
    let addresses = customer.shipping_addresses.as_deref().expect("addresses");
    assert_eq!(addresses.len(), 1);
    assert_eq!(addresses[0].company.as_deref(), Some("ACME"));
    assert_eq!(addresses[0].city.as_deref(), Some("Shelbyville"));
    assert_eq!(
        addresses[0].metadata.as_ref().and_then(|m| m.get("kind")),
        Some(&json!("home"))
    );
    assert_eq!(customer.phone.as_deref(), Some("+15550001111"));

    // POST /store/auth: `orders` is loaded (empty), addresses are not.
    let body = captures::json("48-auth-login.body");
    let customer: Customer = serde_json::from_value(body["customer"].clone()).expect("customer");
    assert_eq!(customer.orders, Some(vec![]));
    assert_eq!(customer.billing_address, None);

    // Payment methods (the manual provider saves none).
    let body = captures::json("73-payment-methods.body");
    let methods: Vec<PaymentMethod> =
        serde_json::from_value(body["payment_methods"].clone()).expect("payment_methods");
    assert!(methods.is_empty());

    // Countries carry integer ids and numeric codes.
    let body = captures::json("74-regions-list.body");
    let regions: Vec<Region> = serde_json::from_value(body["regions"].clone()).expect("regions");
    let countries = regions[0].countries.as_deref().expect("countries");
    assert_eq!(countries[0].id, 236);
    assert_eq!(countries[0].num_code, 840);
    assert_eq!(countries[0].iso_2, "us");
    assert_eq!(
        regions[0].currency.as_ref().map(|c| c.code.as_str()),
        Some("usd")
    );
}

#[test]
fn unknown_values_extra_fields_and_nulls() {
    let json = json!({
        "object": "order",
        "id": "order_future",
        "status": "on_hold",
        "fulfillment_status": "partially_delivered",
        "payment_status": null,
        "display_id": 7,
        "a_field_from_medusa_3": {"nested": [1, 2, 3]},
        "tax_rate": 12.5,
        "metadata": null,
        "customer": {
            "id": "cus_1", "email": "a@example.com", "first_name": null, "last_name": null,
            "billing_address_id": null, "billing_address": null, "phone": null,
            "has_account": false, "deleted_at": null, "metadata": null, "loyalty_tier": "gold"
        },
        "shipping_address": {
            "id": "addr_1", "customer_id": null, "company": null, "first_name": null,
            "last_name": null, "address_1": null, "address_2": null, "city": null,
            "country_code": null, "country": null, "province": null, "postal_code": null,
            "phone": null, "deleted_at": null, "metadata": null, "geo": {"lat": 1.5}
        },
        "items": [{
            "id": "item_1", "title": "Thing", "description": null, "thumbnail": null,
            "has_shipping": null, "unit_price": 1000, "quantity": 3, "variant_id": null,
            "variant": null, "fulfilled_quantity": null, "returned_quantity": null,
            "shipped_quantity": null, "metadata": null, "subtotal": 3000,
            "tax_total": 375.4999, "raw_discount_total": 333.3333, "discount_total": 333,
            "adjustments": [{"id": "lia_1", "item_id": "item_1", "description": "discount",
                             "discount_id": null, "amount": 333.3333, "metadata": null}],
            "tax_lines": [{"id": "litl_1", "code": null, "name": "VAT", "rate": 12.5,
                           "item_id": "item_1", "metadata": null}],
            "is_bundle": true
        }],
        "discounts": [{
            "id": "disc_1", "code": "X", "is_dynamic": false, "is_disabled": false,
            "rule_id": null, "parent_discount_id": null, "ends_at": null, "valid_duration": null,
            "usage_limit": null, "usage_count": 0, "deleted_at": null, "metadata": null,
            "rule": {"id": "dru_1", "type": "buy_x_get_y", "value": 1, "allocation": "bundle",
                     "description": null, "deleted_at": null, "metadata": null}
        }],
        "shipping_methods": [{
            "id": "sm_1", "shipping_option_id": "so_1", "price": 0, "data": null,
            "shipping_option": {"id": "so_1", "price_type": "per_weight", "amount": null,
                                "data": {"anything": true}, "metadata": null}
        }],
        "payments": [{"id": "pay_1", "amount": 2000, "currency_code": "eur",
                      "amount_refunded": 0, "provider_id": "stripe", "data": {},
                      "captured_at": null, "canceled_at": null, "idempotency_key": null}],
        "fulfillments": [{"id": "ful_1", "provider_id": "manual", "tracking_numbers": [],
                          "tracking_links": [{"id": "tl_1", "url": null,
                                              "tracking_number": "T1", "fulfillment_id": "ful_1"}],
                          "data": {}, "shipped_at": null, "no_notification": null,
                          "location_id": null}],
        "gift_card_transactions": [{"id": "gct_1", "gift_card_id": "gift_1",
                                    "order_id": "order_future", "amount": 100,
                                    "is_taxable": null, "tax_rate": null}],
        "returns": [{"id": "ret_1", "status": "requested"}],
        "cart": null,
        "total": 3041.5,
        "subtotal": 3000
    });
    let order: Order = serde_json::from_value(json).expect("a newer, odd order still parses");

    assert_eq!(order.status, Some(OrderStatus::Unknown("on_hold".into())));
    assert_eq!(
        order.status.as_ref().map(OrderStatus::as_str),
        Some("on_hold")
    );
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::Unknown("partially_delivered".into()))
    );
    assert_eq!(order.payment_status, None);
    assert_eq!(order.tax_rate, Some(12.5));
    assert_eq!(order.metadata, None);
    // A fractional computed total is rounded instead of failing the whole order.
    assert_eq!(order.total, Some(3042));

    let customer = order.customer.as_ref().expect("customer");
    assert_eq!(customer.first_name, None);
    assert!(!customer.has_account);
    let address = order.shipping_address.as_ref().expect("address");
    let mut expected_address = Address::default();
    expected_address.id = "addr_1".into();
    assert_eq!(address, &expected_address);

    let item = &order.items.as_deref().expect("items")[0];
    assert_eq!(item.has_shipping, None);
    assert_eq!(item.variant, None);
    assert_eq!(item.tax_total, Some(375));
    assert_eq!(item.raw_discount_total, Some(333.3333));
    assert_eq!(
        item.adjustments.as_deref().expect("adjustments")[0].amount,
        333.3333
    );
    assert_eq!(item.tax_lines.as_deref().expect("tax lines")[0].rate, 12.5);

    let rule = order.discounts.as_deref().expect("discounts")[0]
        .rule
        .clone()
        .expect("rule");
    assert_eq!(
        rule.r#type,
        Some(DiscountRuleType::Unknown("buy_x_get_y".into()))
    );
    assert_eq!(
        rule.allocation,
        Some(AllocationType::Unknown("bundle".into()))
    );

    let method = &order.shipping_methods.as_deref().expect("methods")[0];
    assert_eq!(method.data, Value::Null);
    let option = method.shipping_option.as_ref().expect("option");
    assert_eq!(
        option.price_type,
        Some(ShippingOptionPriceType::Unknown("per_weight".into()))
    );
    assert_eq!(option.amount, None);

    let fulfillment = &order.fulfillments.as_deref().expect("fulfillments")[0];
    let links = fulfillment.tracking_links.as_deref().expect("links");
    assert_eq!(links[0].url, None);
    assert_eq!(links[0].tracking_number, "T1");
    assert_eq!(order.returns.as_deref().map(<[Value]>::len), Some(1));
    assert_eq!(order.cart, None);

    // Unknown enum values serialize back verbatim; unknown fields are not kept.
    let out = serde_json::to_value(&order).expect("serialize");
    assert_eq!(out["status"], "on_hold");
    assert_eq!(out["fulfillment_status"], "partially_delivered");
    assert_eq!(out["discounts"][0]["rule"]["type"], "buy_x_get_y");
    assert_eq!(out["discounts"][0]["rule"]["allocation"], "bundle");
    assert!(out.get("a_field_from_medusa_3").is_none());
    let back: Order = serde_json::from_value(out).expect("round trip");
    assert_eq!(back, order);
}

#[test]
fn every_order_field_but_id_may_be_null_or_missing() {
    // Build `{"id": ..., <every other field>: null}` from the model's own field list.
    let mut all_null = serde_json::to_value(Order::default()).expect("serialize default");
    let fields = all_null.as_object_mut().expect("an object");
    assert!(fields.len() > 50, "Order has {} fields", fields.len());
    for value in fields.values_mut() {
        *value = Value::Null;
    }
    fields.insert("id".into(), json!("order_1"));
    let order: Order = serde_json::from_value(all_null).expect("all nulls");
    let mut expected = Order::default();
    expected.id = "order_1".into();
    assert_eq!(order, expected);

    let only_id: Order = serde_json::from_str(r#"{"id":"order_1"}"#).expect("only id");
    assert_eq!(only_id, expected);

    // Same for the always-nullable address.
    let mut address = serde_json::to_value(Address::default()).expect("serialize default");
    for (key, value) in address.as_object_mut().expect("object") {
        if !matches!(key.as_str(), "id" | "created_at" | "updated_at") {
            *value = Value::Null;
        }
    }
    let parsed: Address = serde_json::from_value(address).expect("address of nulls");
    assert_eq!(parsed, Address::default());
}

#[test]
fn missing_fields_take_defaults_and_enum_defaults_are_server_defaults() {
    let customer: Customer = serde_json::from_str(r#"{"id":"cus_1"}"#).expect("sparse customer");
    assert_eq!(customer.email, "");
    assert!(!customer.has_account);
    assert_eq!(customer.shipping_addresses, None);

    assert_eq!(OrderStatus::default(), OrderStatus::Pending);
    assert_eq!(
        FulfillmentStatus::default(),
        FulfillmentStatus::NotFulfilled
    );
    assert_eq!(PaymentStatus::default(), PaymentStatus::NotPaid);

    // Non-nullable scalars stay strict: a wrong type is an error, not a silent default.
    assert!(serde_json::from_str::<Customer>(r#"{"id":"cus_1","has_account":"yes"}"#).is_err());
    assert!(serde_json::from_str::<LineItem>(r#"{"id":"item_1","quantity":"2"}"#).is_err());
}

#[test]
fn payment_method_keeps_provider_data() {
    let methods: Vec<PaymentMethod> = serde_json::from_str(
        r#"[{"provider_id": "stripe",
             "data": {"id": "pm_1", "card": {"brand": "visa", "last4": "4242"}}},
            {"provider_id": "manual", "data": null, "extra": 1}]"#,
    )
    .expect("payment methods");
    assert_eq!(methods[0].provider_id, "stripe");
    assert_eq!(methods[0].data["card"]["last4"], "4242");
    assert_eq!(methods[1].data, Value::Null);
    let back: Vec<PaymentMethod> =
        serde_json::from_value(serde_json::to_value(&methods).expect("serialize")).expect("back");
    assert_eq!(back, methods);
}

/// v1 money with `money::Amount`: computed totals are read exactly and rounded to whole minor
/// units (the fields stay `Option<i64>`), and `Amount::from_minor_units` turns cents into the
/// exact decimal v2 uses, to compare or sum.
#[test]
fn v1_money_through_amount() {
    use medusa_blocking::money::Amount;

    let body = captures::json("84-orders-one.body");
    let orders: Vec<Order> = serde_json::from_value(body["orders"].clone()).expect("orders");
    let order = &orders[0];
    let cents = |v: Option<i64>| Amount::from_minor_units(v.expect("set"), 2).expect("fits");
    let total: Amount = "44".parse().expect("44");
    assert_eq!(cents(order.total), total);
    assert_eq!(
        (cents(order.subtotal) + cents(order.shipping_total) + cents(order.tax_total)
            - cents(order.discount_total)),
        Ok(total)
    );
    assert_eq!(total.to_minor_units(2), order.total);

    // Totals the server computed with a fraction, as a number, a decimal string or a raw
    // object: rounded halves away from zero, from the digits as written.
    let order: Order = serde_json::from_str(
        r#"{"id": "order_01", "tax_total": 332.5, "gift_card_tax_total": -0.5,
            "total": "4732.5", "refundable_amount": {"value": "4732.49"},
            "subtotal": 9007199254740993, "paid_total": null}"#,
    )
    .expect("fractions");
    assert_eq!(order.tax_total, Some(333));
    assert_eq!(order.gift_card_tax_total, Some(-1));
    assert_eq!(order.total, Some(4733));
    assert_eq!(order.refundable_amount, Some(4732));
    assert_eq!(order.subtotal, Some(9_007_199_254_740_993));
    assert_eq!(order.paid_total, None);
    let err = serde_json::from_str::<Order>(r#"{"id": "o", "total": 1e19}"#).expect_err("i64");
    assert!(err.to_string().contains("within i64"), "{err}");
}
