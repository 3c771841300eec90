//! v2 response models against real Medusa 2.21.2 responses (`tests/fixtures/v2/captures/`:
//! the recorded run, and a real decimal order recorded by the live suite's recipe, see the
//! README there) and hand-written edge cases.

use std::fmt::Debug;
use std::path::PathBuf;
use std::str::FromStr;

use medusa_blocking::money::Amount;
use medusa_blocking::v2::models::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The recorded run has 29 bodies with a customer, an address, an order or a cart's customer,
/// and the decimal order (900) makes 30.
const MIN_BODIES_CHECKED: usize = 30;
/// Orders deserialized from them: the list (084), the `fields=` list (085), the single order
/// (089), the completed cart (083) and the decimal order (900).
const MIN_ORDERS_CHECKED: usize = 5;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/v2"))
}

/// One fixture as JSON (`captures/NNN-….body`).
fn fixture(name: &str) -> Value {
    let path = fixtures().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn capture(name: &str) -> Value {
    fixture(&format!("captures/{name}"))
}

fn amount(s: &str) -> Amount {
    Amount::from_str(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn parse<T: DeserializeOwned>(what: &str, value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// What the typed value lost or changed compared with the JSON it came from: a key of
/// `original` missing from `reserialized` (a field the model does not have, or misspells), or a
/// different value. Numbers compare as exact decimals; a raw object `{"value": "…", …}`
/// compares with the number it became by its `value`. Keys in `ignore` are skipped at any depth.
fn differences(original: &Value, reserialized: &Value, path: &str, ignore: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    match (original, reserialized) {
        (Value::Object(orig), Value::Number(n)) if orig.contains_key("value") => {
            let raw = orig.get("value").and_then(Value::as_str).map(amount);
            let back: Option<Amount> = serde_json::from_value(Value::Number(n.clone())).ok();
            if raw.is_none() || raw != back {
                out.push(format!("{path}: raw {original} became {n}"));
            }
        }
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
        (Value::Number(a), Value::Number(b)) => {
            let a: Amount = serde_json::from_value(Value::Number(a.clone())).expect("number");
            let b: Amount = serde_json::from_value(Value::Number(b.clone())).expect("number");
            if a != b {
                out.push(format!("{path}: {a} became {b}"));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} became {b}")),
    }
    out
}

/// What the models leave out on purpose.
const NOT_MODELLED: &[&str] = &[
    // Quantities are whole numbers and `quantity` is exact; its raw twin adds nothing.
    "raw_quantity",
];

/// Deserializes `value` as `T`, then checks that serialize → deserialize gives the same value
/// and that nothing the server sent was lost (except [`NOT_MODELLED`]).
fn check<T>(what: &str, value: &Value) -> T
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| {
        panic!(
            "{what}: does not deserialize as {}: {e}",
            std::any::type_name::<T>()
        )
    });
    let text = serde_json::to_string(&typed).expect("serialize");
    let back: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{what}: re-serialized value does not parse: {e}"));
    assert_eq!(
        back, typed,
        "{what}: serialize -> deserialize changed the value"
    );
    let reserialized = serde_json::to_value(&typed).expect("serialize to Value");
    let lost = differences(value, &reserialized, what, NOT_MODELLED);
    assert!(
        lost.is_empty(),
        "{what}: the model loses data:\n{}",
        lost.join("\n")
    );
    typed
}

/// A list envelope of the v2 store API.
#[derive(Debug, Deserialize)]
struct Page<T> {
    #[serde(alias = "orders", alias = "addresses")]
    items: Vec<T>,
    count: u64,
    offset: u64,
    limit: u64,
}

#[test]
fn every_capture_deserializes_round_trips_and_loses_nothing() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("captures"))
        .expect("captures folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".body"))
        .collect();
    names.sort();

    let mut checked = 0;
    let mut orders_checked = 0;
    for name in &names {
        let body = capture(name);
        let mut hit = false;
        if let Some(customer) = body.get("customer") {
            check::<Customer>(&format!("{name}: customer"), customer);
            hit = true;
        }
        if body.get("object").and_then(Value::as_str) == Some("address") {
            // Address deletion: the parent is the customer.
            check::<Customer>(&format!("{name}: parent"), &body["parent"]);
            hit = true;
        }
        if let Some(addresses) = body.get("addresses") {
            check::<Vec<CustomerAddress>>(&format!("{name}: addresses"), addresses);
            hit = true;
        }
        if let Some(address) = body.get("address") {
            check::<CustomerAddress>(&format!("{name}: address"), address);
            hit = true;
        }
        if let Some(orders) = body.get("orders") {
            orders_checked += check::<Vec<Order>>(&format!("{name}: orders"), orders).len();
            hit = true;
        }
        if let Some(order) = body.get("order") {
            check::<Order>(&format!("{name}: order"), order);
            orders_checked += 1;
            hit = true;
        }
        if let Some(cart) = body.get("cart") {
            // A cart embeds the customer and addresses with the order address's fields.
            check::<Customer>(&format!("{name}: cart.customer"), &cart["customer"]);
            for key in ["shipping_address", "billing_address"] {
                check::<Option<OrderAddress>>(&format!("{name}: cart.{key}"), &cart[key]);
            }
            hit = true;
        }
        assert!(hit, "{name}: nothing in it was checked");
        checked += 1;
    }
    println!("{checked} capture bodies checked, {orders_checked} orders");
    assert!(checked >= MIN_BODIES_CHECKED, "only {checked} bodies");
    assert!(
        orders_checked >= MIN_ORDERS_CHECKED,
        "only {orders_checked} orders"
    );
}

#[test]
fn customer_create_and_me() {
    let body = capture("019-customers-create.body");
    let customer: Customer = parse("customer", &body["customer"]);
    assert_eq!(customer.id, "cus_01M8CF9MSJSFGGB52G8TCT5PE3");
    assert_eq!(customer.email, "jane.doe.1795715026@example.com");
    assert_eq!(customer.company_name.as_deref(), Some("Acme"));
    assert_eq!(customer.first_name.as_deref(), Some("Jane"));
    assert_eq!(customer.last_name.as_deref(), Some("Doe"));
    assert_eq!(customer.phone.as_deref(), Some("+15555550100"));
    assert!(customer.has_account);
    assert_eq!(customer.deleted_at, None);
    assert_eq!(customer.created_at, "2026-11-26T17:43:47.762Z");
    assert_eq!(
        customer.metadata,
        Some(
            json!({"source": "acceptance"})
                .as_object()
                .cloned()
                .unwrap_or_default()
        )
    );
    assert!(customer.addresses.is_empty());
    // Not sent by 2.21's store routes.
    assert_eq!(customer.default_billing_address_id, None);
    assert_eq!(customer.groups, None);

    // The update merged the metadata and changed the name and phone.
    let updated: Customer = parse(
        "customer",
        &capture("038-customers-me-update.body")["customer"],
    );
    assert_eq!(updated.first_name.as_deref(), Some("Janet"));
    assert_eq!(updated.phone.as_deref(), Some("+15555550199"));
    let metadata = updated.metadata.expect("metadata");
    assert_eq!(metadata["vip"], true);
    assert_eq!(metadata["source"], "acceptance");
    assert_ne!(updated.updated_at, updated.created_at);
}

#[test]
fn customer_fields_selections_are_partial() {
    // ?fields=id,email,first_name
    let c: Customer = parse("035", &capture("035-customers-me-fields.body")["customer"]);
    assert_eq!(c.email, "jane.doe.1795715026@example.com");
    assert_eq!(c.first_name.as_deref(), Some("Jane"));
    assert_eq!(c.last_name, None);
    assert_eq!(c.company_name, None);
    assert!(!c.has_account); // not sent: the default
    assert_eq!(c.created_at, "");
    assert!(c.addresses.is_empty());

    // ?fields=password_hash: unknown fields are dropped, `id` stays.
    let c: Customer = parse(
        "037",
        &capture("037-customers-me-fields-invalid.body")["customer"],
    );
    assert_eq!(c.id, "cus_01M8CF9MSJSFGGB52G8TCT5PE3");
    assert_eq!(c.email, "");
    assert_eq!(c.metadata, None);
}

#[test]
fn addresses_defaults_and_nulls() {
    let c: Customer = parse("058", &capture("058-addresses-create.body")["customer"]);
    assert_eq!(c.addresses.len(), 1);
    let home = &c.addresses[0];
    assert_eq!(home.id, "cuaddr_01M8CF9QR1ZC6RTS21YKY1ZC2Z");
    assert_eq!(home.address_name.as_deref(), Some("Home"));
    assert!(home.is_default_shipping && home.is_default_billing);
    assert_eq!(home.customer_id.as_deref(), Some(c.id.as_str()));
    assert_eq!(home.address_2.as_deref(), Some("Apt 2"));
    assert_eq!(home.country_code.as_deref(), Some("us"));
    assert_eq!(home.province.as_deref(), Some("il"));
    assert_eq!(
        home.metadata.as_ref().map(|m| m["k"].clone()),
        Some(json!("v"))
    );

    // `{}` is a valid address: every postal field null, not a default.
    let c: Customer = parse(
        "060",
        &capture("060-addresses-create-empty.body")["customer"],
    );
    let empty = c
        .addresses
        .iter()
        .find(|a| a.address_name.is_none())
        .expect("the empty address");
    assert!(!empty.is_default_shipping && !empty.is_default_billing);
    assert_eq!(
        (
            empty.city.as_ref(),
            empty.country_code.as_ref(),
            empty.metadata.as_ref()
        ),
        (None, None, None)
    );
    assert_eq!(
        c.addresses.iter().filter(|a| a.is_default_shipping).count(),
        1
    );

    // The list envelope, and a `fields=id,city` page.
    let page: Page<CustomerAddress> = parse("062", &capture("062-addresses-list.body"));
    assert_eq!((page.count, page.offset, page.limit), (3, 0, 50));
    assert_eq!(page.items.len(), 3);
    let page: Page<CustomerAddress> = parse("063", &capture("063-addresses-list-paged.body"));
    assert_eq!((page.count, page.offset, page.limit), (3, 1, 1));
    assert_eq!(page.items[0].city.as_deref(), Some("Toronto"));
    assert_eq!(page.items[0].address_name, None);
    assert!(!page.items[0].is_default_shipping);
    assert_eq!(page.items[0].created_at, "");
    let page: Page<CustomerAddress> = parse("057", &capture("057-addresses-list-empty.body"));
    assert_eq!(page.count, 0);
    assert!(page.items.is_empty());

    // One address: the address routes leave out `deleted_at`.
    let address: CustomerAddress = parse("067", &capture("067-addresses-get.body")["address"]);
    assert_eq!(address.postal_code.as_deref(), Some("62701"));
    assert_eq!(address.deleted_at, None);

    // Deletion answers with the customer's id and the customer as `parent`.
    let body = capture("071-addresses-delete.body");
    assert_eq!(body["id"], "cus_01M8CF9MSJSFGGB52G8TCT5PE3");
    assert_eq!(body["deleted"], true);
    let parent: Customer = parse("071", &body["parent"]);
    assert_eq!(parent.addresses.len(), 2);
    assert_eq!(parent.addresses[0].city.as_deref(), Some("Chicago"));
    assert_eq!(parent.addresses[0].postal_code.as_deref(), Some("60601"));
}

#[test]
fn cart_customer_and_address() {
    let cart = &capture("077-cart-update-address.body")["cart"];
    let customer: Customer = parse("cart.customer", &cart["customer"]);
    assert_eq!(customer.email, "jane.doe.1795715026@example.com");
    assert_eq!(customer.groups, Some(vec![]));
    let address: Option<OrderAddress> = parse("cart.shipping_address", &cart["shipping_address"]);
    assert_eq!(address.and_then(|a| a.city).as_deref(), Some("Springfield"));
    let none: Option<OrderAddress> = parse(
        "cart.shipping_address",
        &capture("075-cart-create.body")["cart"]["shipping_address"],
    );
    assert_eq!(none, None);
}

#[test]
fn orders_list_has_what_a_user_sees() {
    let page: Page<Order> = parse("084", &capture("084-orders-list.body"));
    assert_eq!((page.count, page.offset, page.limit), (1, 0, 50));
    let order = &page.items[0];
    assert_eq!(order.id, "order_01M8CF9TEHGP8GY6X1ZADX3KYC");
    assert_eq!(order.display_id, Some(1));
    assert_eq!(order.custom_display_id, None);
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.payment_status, Some(PaymentStatus::Authorized));
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::NotFulfilled)
    );
    assert_eq!(order.version, Some(1));
    assert_eq!(order.currency_code.as_deref(), Some("usd"));
    assert_eq!(order.metadata, None);
    assert_eq!(
        order.created_at.as_deref(),
        Some("2026-11-26T17:43:53.558Z")
    );

    // Money in major units: the shirt is seeded at 1950 (dollars, in v2), 2 of them plus 500
    // shipping.
    assert_eq!(order.total, Some(Amount::from(4400)));
    let summary = order.summary.as_ref().expect("summary");
    assert_eq!(summary.raw_current_order_total, order.total);
    assert_eq!(summary.current_order_total, summary.raw_current_order_total);
    assert_eq!(summary.pending_difference, Some(Amount::from(4400)));
    assert_eq!(summary.paid_total, Some(Amount::ZERO));

    // Not in the list's default fields.
    assert_eq!(order.email, None);
    assert_eq!(order.subtotal, None);
    assert_eq!(order.shipping_address, None);
    assert_eq!(order.shipping_methods, None);

    let items = order.items.as_deref().expect("items");
    assert_eq!(items.len(), 1);
    let item = &items[0];
    assert_eq!(item.title, "Acceptance T-Shirt");
    assert_eq!(item.subtitle.as_deref(), Some("M"));
    assert_eq!(item.variant_sku.as_deref(), Some("ACC-TSHIRT-M"));
    assert_eq!(item.quantity, 2);
    assert_eq!(item.unit_price, Amount::from(1950));
    assert_eq!(item.raw_unit_price, Some(item.unit_price));
    assert_eq!(item.compare_at_unit_price, None);
    assert_eq!(item.raw_compare_at_unit_price, None);
    assert_eq!(
        Some((item.unit_price * item.quantity).expect("fits")),
        item.total
    );
    assert_eq!(item.raw_total, item.total);
    assert_eq!(item.refundable_total, Some(Amount::from(3900)));
    assert_eq!(item.thumbnail, None);
    assert!(item.requires_shipping && item.is_discountable && !item.is_giftcard);
    assert_eq!(item.metadata, Some(Metadata::new()));
    assert_eq!(item.line_item_metadata, Some(Metadata::new()));
    let detail = item.detail.as_ref().expect("detail");
    assert_eq!(detail["quantity"], 2);
    assert_eq!(detail["fulfilled_quantity"], 0);
    assert_eq!(item.tax_lines, Some(vec![]));
    assert_eq!(item.variant, None); // only on the single order
}

#[test]
fn orders_list_with_fields_is_partial() {
    // ?fields=id,display_id,status,total,email: the server still adds items, version and the
    // two aggregated statuses.
    let page: Page<Order> = parse("085", &capture("085-orders-list-paged.body"));
    assert_eq!((page.count, page.offset, page.limit), (1, 0, 1));
    let order = &page.items[0];
    assert_eq!(
        order.email.as_deref(),
        Some("jane.doe.1795715026@example.com")
    );
    assert_eq!(order.total, Some(Amount::from(4400)));
    assert_eq!(order.status, Some(OrderStatus::Pending));
    assert_eq!(order.summary, None);
    assert_eq!(order.currency_code, None);
    assert_eq!(order.created_at, None);
    assert_eq!(order.custom_display_id, None);
    assert_eq!(order.version, Some(1));
    assert_eq!(order.payment_status, Some(PaymentStatus::Authorized));
    assert_eq!(order.items.as_ref().map(Vec::len), Some(1));

    // A hand-made narrower selection: everything but `id` is optional.
    let order: Order = parse("id only", &json!({"id": "order_01"}));
    let mut expected = Order::default();
    expected.id = "order_01".into();
    assert_eq!(order, expected);
}

#[test]
fn single_order_and_completed_cart() {
    let order: Order = parse("089", &capture("089-orders-get.body")["order"]);
    assert_eq!(
        order.email.as_deref(),
        Some("jane.doe.1795715026@example.com")
    );
    assert_eq!(
        order.region_id.as_deref(),
        Some("reg_01M8CF965M1VYKVS0H3AM8DJWG")
    );
    assert_eq!(order.item_total, Some(Amount::from(3900)));
    assert_eq!(order.shipping_total, Some(Amount::from(500)));
    assert_eq!(order.tax_total, Some(Amount::ZERO));
    assert_eq!(
        (order.item_total.expect("item total") + order.shipping_total.expect("shipping")).ok(),
        order.total
    );
    assert_eq!(order.credit_lines, Some(vec![]));
    assert_eq!(order.fulfillments, Some(vec![]));
    // Not sent by the store route.
    assert_eq!(
        (order.customer_id.as_ref(), order.sales_channel_id.as_ref()),
        (None, None)
    );

    let shipping = order.shipping_address.as_ref().expect("shipping address");
    assert_eq!(shipping.city.as_deref(), Some("Springfield"));
    assert_eq!(shipping.customer_id, None);
    assert_eq!(shipping.address_2, None);
    let billing = order.billing_address.as_ref().expect("billing address");
    assert_ne!(billing.id, shipping.id);

    let method = &order.shipping_methods.as_deref().expect("shipping methods")[0];
    assert_eq!(method.name, "Standard Shipping");
    assert_eq!(method.amount, Amount::from(500));
    assert_eq!(method.raw_amount, Some(method.amount));
    assert_eq!(method.total, Some(method.amount));
    assert_eq!(method.data, Some(json!({})));
    assert_eq!(method.order_id.as_deref(), Some(order.id.as_str()));

    let payment = &order
        .payment_collections
        .as_deref()
        .expect("payment collections")[0];
    assert_eq!(payment["status"], "authorized");
    let item = &order.items.as_deref().expect("items")[0];
    assert_eq!(
        item.variant.as_ref().expect("variant")["product"]["handle"],
        "acceptance-tshirt"
    );

    // The completed cart is the same order, without version and the aggregated statuses.
    let body = capture("083-cart-complete.body");
    assert_eq!(body["type"], "order");
    let completed: Order = parse("083", &body["order"]);
    assert_eq!(completed.id, order.id);
    assert_eq!(completed.total, order.total);
    assert_eq!(completed.items, order.items);
    assert_eq!(
        (
            completed.version,
            completed.payment_status,
            completed.fulfillment_status
        ),
        (None, None, None)
    );
    assert_eq!(completed.fulfillments, None);
}

#[test]
fn decimal_order_is_exact() {
    let order: Order = parse(
        "900-orders-get-decimal.body",
        &capture("900-orders-get-decimal.body")["order"],
    );
    let total = order.total.expect("total");
    assert_eq!(total, Amount::from_str("559.97").expect("559.97"));
    assert_eq!(total.to_string(), "559.97");
    assert_eq!(format!("{total:.2}"), "559.97");
    assert_eq!(total.to_minor_units(2), Some(55_997));
    assert_eq!(order.subtotal, Some(total));

    // The number and its raw twin agree.
    let summary = order.summary.as_ref().expect("summary");
    assert_eq!(summary.raw_current_order_total, Some(total));
    assert_eq!(summary.current_order_total, summary.raw_current_order_total);
    assert_eq!(summary.raw_pending_difference, summary.pending_difference);

    let items = order.items.as_deref().expect("items");
    let item = &items[0];
    assert_eq!(item.variant_sku.as_deref(), Some("ACC-STICKER"));
    assert_eq!(item.unit_price.to_string(), "19.99");
    assert_eq!(item.raw_unit_price, Some(item.unit_price));
    assert_eq!(item.quantity, 3);
    assert_eq!(item.total, Some(amount("59.97")));
    assert_eq!(item.raw_total, item.total);
    assert_eq!(
        Some((item.unit_price * item.quantity).expect("fits")),
        item.total
    );

    // Items plus shipping is the total, exactly.
    let methods = order.shipping_methods.as_deref().expect("shipping methods");
    let item_totals = items.iter().filter_map(|i| i.total);
    let shipping_totals = methods.iter().filter_map(|m| m.total);
    let sum: Amount = item_totals
        .chain(shipping_totals)
        .sum::<Result<Amount, _>>()
        .expect("no overflow");
    assert_eq!(sum, total);
    assert_eq!(
        (order.item_total.expect("items") + order.shipping_total.expect("shipping")).ok(),
        Some(total)
    );
    // And back: total minus shipping is the items' total. In f64 the sum happens to print
    // right, the difference does not, and cents by `* 100` are off by one.
    assert_eq!((total - Amount::from(500)).ok(), item.total);
    assert_eq!(format!("{}", 19.99_f64 * 3.0 + 500.0), "559.97");
    assert_eq!(format!("{}", 559.97_f64 - 500.0), "59.97000000000003");
    assert_eq!((4.35_f64 * 100.0) as i64, 434);
    assert_eq!(amount("4.35").to_minor_units(2), Some(435));

    // The payment collection keeps its own number, raw JSON.
    let payment = &order.payment_collections.as_deref().expect("payments")[0];
    assert_eq!(
        serde_json::from_value::<Amount>(payment["amount"].clone()).ok(),
        Some(total)
    );
}

#[test]
fn unknown_values_unknown_fields_and_nulls() {
    let mut value = capture("089-orders-get.body")["order"].clone();
    value["status"] = json!("on_hold");
    value["payment_status"] = json!("partially_paid");
    value["fulfillment_status"] = json!("returned"); // v1 only
    value["brand_new_field"] = json!({"nested": [1, 2, 3]});
    value["items"][0]["another_new_field"] = json!(true);
    value["summary"]["future_difference"] = json!(1.5);
    value["shipping_address"]["new_field"] = json!("x");
    let order: Order = parse("modified 089", &value);
    assert_eq!(order.status, Some(OrderStatus::Unknown("on_hold".into())));
    assert_eq!(
        order.payment_status,
        Some(PaymentStatus::Unknown("partially_paid".into()))
    );
    assert_eq!(
        order.fulfillment_status,
        Some(FulfillmentStatus::Unknown("returned".into()))
    );
    let back = serde_json::to_value(&order).expect("serialize");
    assert_eq!(back["status"], "on_hold");
    assert_eq!(back["fulfillment_status"], "returned");
    assert_eq!(back.get("brand_new_field"), None);

    // Every field of the order, its summary, items, shipping methods and addresses as null.
    fn nulled(value: &Value, keep: &[&str]) -> Value {
        let mut out = value.clone();
        if let Some(map) = out.as_object_mut() {
            for (key, v) in map.iter_mut() {
                if !keep.contains(&key.as_str()) {
                    *v = Value::Null;
                }
            }
        }
        out
    }
    // Strings and flags that are not `Option`s take nulls badly: only `Option`s may be null.
    let keep_item = [
        "id",
        "title",
        "unit_price",
        "quantity",
        "requires_shipping",
        "is_giftcard",
        "is_discountable",
        "is_tax_inclusive",
        "is_custom_price",
    ];
    let original = capture("089-orders-get.body")["order"].clone();
    let mut value = nulled(
        &original,
        &[
            "id",
            "items",
            "shipping_methods",
            "shipping_address",
            "summary",
        ],
    );
    value["items"] = json!([nulled(&original["items"][0], &keep_item)]);
    value["shipping_methods"] = json!([nulled(
        &original["shipping_methods"][0],
        &[
            "id",
            "name",
            "amount",
            "is_tax_inclusive",
            "is_custom_amount"
        ]
    )]);
    value["shipping_address"] = nulled(
        &original["shipping_address"],
        &["id", "created_at", "updated_at"],
    );
    value["summary"] = nulled(&original["summary"], &[]);
    let order: Order = parse("nulled 089", &value);
    assert_eq!(order.total, None);
    assert_eq!(order.status, None);
    let item = &order.items.as_deref().expect("items")[0];
    assert_eq!(
        (item.total, item.raw_total, item.detail.as_ref()),
        (None, None, None)
    );
    assert_eq!(item.unit_price, Amount::from(1950));
    assert_eq!(order.summary, Some(OrderSummary::default()));
    assert_eq!(order.shipping_address.expect("address").city, None);

    // Customers and addresses the same way.
    let customer = &capture("058-addresses-create.body")["customer"];
    let mut value = nulled(
        customer,
        &[
            "id",
            "email",
            "has_account",
            "created_at",
            "updated_at",
            "addresses",
        ],
    );
    value["addresses"] = json!([nulled(
        &customer["addresses"][0],
        &[
            "id",
            "is_default_shipping",
            "is_default_billing",
            "created_at",
            "updated_at"
        ]
    )]);
    value["some_new_field"] = json!(1);
    let customer: Customer = parse("nulled 058", &value);
    assert_eq!(customer.company_name, None);
    assert_eq!(customer.addresses[0].city, None);
    assert!(customer.addresses[0].is_default_billing);
}

#[test]
fn money_reads_any_of_the_three_forms_in_a_model() {
    let item: OrderItem = parse(
        "item",
        &json!({"id": "i", "unit_price": "19.99", "total": {"value": "59.97", "precision": 20},
                "raw_total": 59.97, "quantity": 3}),
    );
    assert_eq!(item.unit_price, amount("19.99"));
    assert_eq!(item.total, item.raw_total);
    // Garbage money fails the item with the field named, and never panics.
    let err = serde_json::from_value::<OrderItem>(json!({"id": "i", "total": "12,50"}))
        .expect_err("garbage");
    assert!(err.to_string().contains("12,50"), "{err}");
    let err = serde_json::from_value::<Order>(json!({"id": "o", "total": {"precision": 20}}))
        .expect_err("no value");
    assert!(err.to_string().contains("value"), "{err}");
}

/// Figures for the `Amount` module documentation: run with
/// `cargo test --release --test v2 -- --ignored --nocapture measure`.
/// Prints timings, asserts nothing about them.
#[test]
#[ignore = "prints timings; run on demand in release mode"]
fn measure_decode_cost() {
    use std::hint::black_box;
    use std::time::Instant;

    fn time<F: FnMut()>(rounds: u32, mut f: F) -> f64 {
        f(); // warm up
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        start.elapsed().as_secs_f64() / f64::from(rounds)
    }

    // Money numbers as the server writes them.
    let numbers: Vec<String> = (0..10_000)
        .map(|i| match i % 4 {
            0 => format!("{}.{:02}", i, i % 100),
            1 => format!("{}", i * 50),
            2 => "559.97".to_owned(),
            _ => "0".to_owned(),
        })
        .collect();
    let array = format!("[{}]", numbers.join(","));
    let fractional = format!(
        "[{}]",
        numbers
            .iter()
            .step_by(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    );
    for (label, json) in [("mixed", &array), ("all with cents", &fractional)] {
        let n = serde_json::from_str::<Vec<f64>>(json).expect("f64s").len() as f64;
        let f = time(50, || {
            drop(black_box(
                serde_json::from_str::<Vec<f64>>(json).expect("f64"),
            ))
        });
        let a = time(50, || {
            drop(black_box(
                serde_json::from_str::<Vec<Amount>>(json).expect("amounts"),
            ))
        });
        println!(
            "{label}: f64 {:.1} ns/number, Amount {:.1} ns/number ({:+.1} ns)",
            f * 1e9 / n,
            a * 1e9 / n,
            (a - f) * 1e9 / n
        );
    }

    let page =
        std::fs::read_to_string(fixtures().join("captures/084-orders-list.body")).expect("084");
    let single = serde_json::to_string(&json!({"orders": [capture("900-orders-get-decimal.body")["order"].clone()], "count": 1, "offset": 0, "limit": 50})).expect("page");
    for (label, json) in [
        ("084 orders page", &page),
        ("decimal single order as a page", &single),
    ] {
        let typed = time(2_000, || {
            drop(black_box(
                serde_json::from_str::<Page<Order>>(json).expect("page"),
            ))
        });
        let untyped = time(2_000, || {
            drop(black_box(
                serde_json::from_str::<Value>(json).expect("value"),
            ))
        });
        println!(
            "{label} ({} bytes): Vec<Order> {:.1} µs, serde_json::Value {:.1} µs",
            json.len(),
            typed * 1e6,
            untyped * 1e6
        );
    }
    println!(
        "sizes: Amount {} B, Option<Amount> {} B, f64 {} B, Option<f64> {} B, Order {} B, \
         OrderItem {} B, OrderSummary {} B",
        size_of::<Amount>(),
        size_of::<Option<Amount>>(),
        size_of::<f64>(),
        size_of::<Option<f64>>(),
        size_of::<Order>(),
        size_of::<OrderItem>(),
        size_of::<OrderSummary>()
    );
}
