//! The demo orders (built from the recorded order of capture 089) and `/store/orders[/:id]`.

use super::*;

/// `GET /store/orders/:id` as recorded (089): 2 × the T-shirt at 1950 + 500 shipping. Every
/// demo order is this one with its ids, dates, product, quantity, statuses and money rewritten.
pub(super) const ORDER_TEMPLATE: &str =
    include_str!("../../../../tests/fixtures/v2/captures/089-orders-get.body");

/// An order's default fields in a list (`GET /store/orders`, capture 084).
pub(super) const LIST_FIELDS: [&str; 14] = [
    "id",
    "status",
    "summary",
    "display_id",
    "custom_display_id",
    "total",
    "currency_code",
    "metadata",
    "created_at",
    "updated_at",
    "version",
    "items",
    "payment_status",
    "fulfillment_status",
];

/// The columns `order` may sort by; the computed totals pass validation and fail in the
/// database.
const ORDERABLE: [&str; 14] = [
    "id",
    "display_id",
    "custom_display_id",
    "status",
    "email",
    "currency_code",
    "region_id",
    "customer_id",
    "sales_channel_id",
    "version",
    "metadata",
    "canceled_at",
    "created_at",
    "updated_at",
];
const COMPUTED: [&str; 6] = [
    "total",
    "subtotal",
    "tax_total",
    "discount_total",
    "shipping_total",
    "item_total",
];

const ORDER_STATUSES: [&str; 6] = [
    "pending",
    "completed",
    "draft",
    "archived",
    "canceled",
    "requires_action",
];

/// Flat shipping, in cents.
const SHIPPING_CENTS: i64 = 50_000;

/// One demo order of every new customer.
struct Plan {
    sticker: bool,
    quantity: i64,
    status: &'static str,
    payment_status: &'static str,
    fulfillment_status: &'static str,
    days_ago: i64,
}

/// Oldest first: a delivered order, a canceled one, the recorded one (2 × 1950 + 500 = 4400)
/// and the decimal one (3 × 19.99 + 500 = 559.97).
const PLANS: [Plan; 4] = [
    Plan {
        sticker: false,
        quantity: 1,
        status: "completed",
        payment_status: "captured",
        fulfillment_status: "delivered",
        days_ago: 30,
    },
    Plan {
        sticker: false,
        quantity: 1,
        status: "canceled",
        payment_status: "canceled",
        fulfillment_status: "canceled",
        days_ago: 12,
    },
    Plan {
        sticker: false,
        quantity: 2,
        status: "pending",
        payment_status: "authorized",
        fulfillment_status: "not_fulfilled",
        days_ago: 3,
    },
    Plan {
        sticker: true,
        quantity: 3,
        status: "pending",
        payment_status: "authorized",
        fulfillment_status: "not_fulfilled",
        days_ago: 1,
    },
];

// ---------------------------------------------------------------------------------------------
// Money: BigNumber values, a JSON number and `raw_*` `{value, precision: 20}`
// ---------------------------------------------------------------------------------------------

/// `cents` / 100 as BigNumber prints it: `559.97`, `500`, `19.9`.
fn decimal(cents: i64) -> String {
    let (whole, frac) = (cents / 100, cents % 100);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:02}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// Sets `key` to `cents` / 100 and, where the object has a `raw_<key>` object, that to its exact
/// decimal (quantities go through here as hundredths).
fn set_amount(o: &mut J, key: &str, cents: i64) {
    if o.get(key).is_some() {
        // The double nearest to the decimal, as `Number("559.97")`.
        o.set(key, J::Num(cents as f64 / 100.0));
    }
    let raw_key = format!("raw_{key}");
    if matches!(o.get(&raw_key), Some(J::Obj(_))) {
        o.set(
            &raw_key,
            jobj(vec![
                ("value", js(&decimal(cents))),
                ("precision", J::Num(20.0)),
            ]),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Building the demo orders
// ---------------------------------------------------------------------------------------------

pub(super) fn add_demo_orders(shared: &Shared, st: &mut State, customer: &Customer, now: i64) {
    for (i, plan) in PLANS.iter().enumerate() {
        let created = now - plan.days_ago * DAY_MS - (i as i64 * 7 % 24) * 3_600_000;
        st.next_display_id += 1;
        let order = build_order(shared, customer, plan, created, st.next_display_id);
        st.orders.push(order);
    }
}

fn build_order(
    shared: &Shared,
    customer: &Customer,
    plan: &Plan,
    created: i64,
    display_id: u64,
) -> Order {
    let keys = &shared.keys;
    let catalog = &shared.catalog;
    let product = if plan.sticker {
        &catalog.sticker
    } else {
        &catalog.tshirt
    };
    let mut o = shared.template.clone();
    let stamp = iso(created);
    restamp(&mut o, &stamp);
    let later = |minutes: i64| iso(created + minutes * 60_000);

    let id = keys.new_id("order", created);
    let item_id = keys.new_id("ordli", created);
    let method_id = keys.new_id("ordsm", created);
    let line = product.unit_cents * plan.quantity;
    let total = line + SHIPPING_CENTS;
    let captured = plan.payment_status == "captured";
    let canceled = plan.status == "canceled";
    let delivered = plan.fulfillment_status == "delivered";
    let paid = if captured { total } else { 0 };

    o.set("id", js(&id));
    o.set("status", js(plan.status));
    o.set("display_id", J::Num(display_id as f64));
    o.set("region_id", js(&catalog.region_id));
    o.set("email", js(&customer.email));
    o.set("payment_status", js(plan.payment_status));
    o.set("fulfillment_status", js(plan.fulfillment_status));
    for key in ["total", "subtotal", "original_total", "original_subtotal"] {
        set_amount(&mut o, key, total);
    }
    for key in [
        "item_total",
        "item_subtotal",
        "original_item_total",
        "original_item_subtotal",
    ] {
        set_amount(&mut o, key, line);
    }
    for key in [
        "shipping_total",
        "shipping_subtotal",
        "original_shipping_subtotal",
        "original_shipping_total",
    ] {
        set_amount(&mut o, key, SHIPPING_CENTS);
    }
    if let Some(summary) = o.get_mut("summary") {
        for (key, cents) in [
            ("paid_total", paid),
            ("refunded_total", 0),
            ("accounting_total", total),
            ("credit_line_total", 0),
            ("transaction_total", paid),
            (
                "pending_difference",
                if captured || canceled { 0 } else { total },
            ),
            ("current_order_total", total),
            ("original_order_total", total),
        ] {
            set_amount(summary, key, cents);
        }
    }

    let catalog_stamp = iso(shared.started - 90 * DAY_MS);
    if let Some(item) = first_mut(&mut o, "items") {
        item.set("id", js(&item_id));
        item.set("title", js(product.title));
        item.set("subtitle", js(product.variant_title));
        item.set("variant_id", js(&product.variant_id));
        item.set("product_id", js(&product.product_id));
        item.set("product_title", js(product.title));
        item.set("product_description", js(product.description));
        item.set("product_handle", js(product.handle));
        item.set("variant_sku", js(product.sku));
        item.set("variant_title", js(product.variant_title));
        set_amount(item, "unit_price", product.unit_cents);
        set_amount(item, "quantity", plan.quantity * 100);
        for key in ["subtotal", "total", "original_subtotal", "original_total"] {
            set_amount(item, key, line);
        }
        set_amount(item, "refundable_total_per_unit", product.unit_cents);
        set_amount(item, "refundable_total", if canceled { 0 } else { line });
        for key in ["fulfilled_total", "shipped_total"] {
            set_amount(item, key, if delivered { line } else { 0 });
        }
        if let Some(detail) = item.get_mut("detail") {
            detail.set("id", js(&keys.new_id("orditem", created)));
            detail.set("order_id", js(&id));
            detail.set("item_id", js(&item_id));
            set_amount(detail, "quantity", plan.quantity * 100);
            for key in [
                "fulfilled_quantity",
                "delivered_quantity",
                "shipped_quantity",
            ] {
                set_amount(detail, key, if delivered { plan.quantity * 100 } else { 0 });
            }
        }
        if let Some(variant) = item.get_mut("variant") {
            restamp(variant, &catalog_stamp);
            variant.set("id", js(&product.variant_id));
            variant.set("title", js(product.variant_title));
            variant.set("sku", js(product.sku));
            variant.set("product_id", js(&product.product_id));
            if let Some(p) = variant.get_mut("product") {
                p.set("id", js(&product.product_id));
                p.set("title", js(product.title));
                p.set("handle", js(product.handle));
                p.set("description", js(product.description));
            }
        }
    }
    for key in ["shipping_address", "billing_address"] {
        if let Some(address) = o.get_mut(key) {
            address.set("id", js(&keys.new_id("ordaddr", created - 60_000)));
            if let Some(first) = &customer.first_name {
                address.set("first_name", js(first));
            }
            if let Some(last) = &customer.last_name {
                address.set("last_name", js(last));
            }
        }
    }
    if let Some(method) = first_mut(&mut o, "shipping_methods") {
        method.set("id", js(&method_id));
        method.set("shipping_option_id", js(&catalog.shipping_option_id));
        method.set("order_id", js(&id));
        if let Some(detail) = method.get_mut("detail") {
            detail.set("id", js(&keys.new_id("ordspmv", created)));
            detail.set("order_id", js(&id));
            detail.set("shipping_method_id", js(&method_id));
        }
    }
    if let Some(collection) = first_mut(&mut o, "payment_collections") {
        collection.set("id", js(&keys.new_id("pay_col", created - 30_000)));
        let status = match plan.payment_status {
            "captured" => "completed",
            other => other,
        };
        collection.set("status", js(status));
        collection.set(
            "completed_at",
            if captured { js(&later(60)) } else { J::Null },
        );
        set_amount(collection, "amount", total);
        set_amount(
            collection,
            "authorized_amount",
            if canceled { 0 } else { total },
        );
        set_amount(collection, "captured_amount", paid);
        set_amount(collection, "refunded_amount", 0);
    }
    if delivered {
        o.set(
            "fulfillments",
            J::Arr(vec![jobj(vec![
                ("id", js(&keys.new_id("ful", created))),
                ("location_id", js(&catalog.location_id)),
                ("packed_at", js(&later(600))),
                ("shipped_at", js(&later(720))),
                ("delivered_at", js(&later(3 * 1440))),
                ("canceled_at", J::Null),
                ("data", J::Obj(Vec::new())),
                ("provider_id", js("manual_manual")),
                ("shipping_option_id", js(&catalog.shipping_option_id)),
                ("metadata", J::Null),
                ("created_at", js(&later(600))),
                ("updated_at", js(&later(3 * 1440))),
                ("deleted_at", J::Null),
            ])]),
        );
    }

    // The list view: other fields (`metadata` too), and line items without their variant.
    let mut base = o.clone();
    base.set("metadata", J::Null);
    let mut list = project(
        &base,
        &LIST_FIELDS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>(),
    );
    if let Some(J::Arr(items)) = list.get_mut("items") {
        for item in items {
            if let J::Obj(m) = item {
                m.retain(|(k, _)| k != "variant");
            }
        }
    }
    Order {
        id,
        customer_id: customer.id.clone(),
        status: plan.status,
        created_at: created,
        view: o,
        list,
    }
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

/// Every field an order has: the list view's, then the single view's.
fn all_fields(o: &Order) -> J {
    let mut all = o.list.clone();
    if let J::Obj(view) = &o.view {
        for (k, v) in view {
            if all.get(k).is_none() {
                all.set(k, v.clone());
            }
        }
    }
    all
}

/// The `fields` selection of an order: `version` and `items` always, the two statuses last.
fn order_keys(defaults: &[&str], fields: Option<&str>) -> Vec<String> {
    let mut keys = select_fields(defaults, fields);
    for k in ["version", "items"] {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.into());
        }
    }
    keys.retain(|k| k != "payment_status" && k != "fulfillment_status");
    keys.extend(["payment_status".into(), "fulfillment_status".into()]);
    keys
}

/// `GET /store/orders`: the customer's orders, oldest first unless `order` says otherwise,
/// filtered by `id` and `status`.
pub(super) fn list_orders(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let params = match check_query(call, true, &["id", "status"], &ORDERABLE, &COMPUTED) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let mut ids: Option<Vec<String>> = None;
    let mut statuses: Option<Vec<String>> = None;
    for (name, value) in &params.filters {
        let values = filter_values(value);
        if name == "status" {
            // Not an enum value: the database refuses the comparison.
            if !values.iter().all(|v| ORDER_STATUSES.contains(&v.as_str())) {
                return unknown_error();
            }
            statuses = Some(values);
        } else {
            ids = Some(values);
        }
    }
    let customer_id = &st.customers[ci].id;
    let mut matching: Vec<&Order> = st
        .orders
        .iter()
        .filter(|o| o.customer_id == *customer_id)
        .filter(|o| ids.as_ref().is_none_or(|ids| ids.contains(&o.id)))
        .filter(|o| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s == o.status))
        })
        .collect();
    matching.sort_by_key(|o| o.created_at);
    let mut rows: Vec<J> = matching.iter().map(|o| all_fields(o)).collect();
    if let Some((field, desc)) = &params.order {
        sort_by_field(&mut rows, field, *desc);
    }
    let count = rows.len();
    let keys = order_keys(&LIST_FIELDS, params.fields.as_deref());
    let page = rows
        .iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|o| project(o, &keys))
        .collect();
    Resp::json(
        200,
        &jobj(vec![
            ("orders", J::Arr(page)),
            ("count", J::Num(count as f64)),
            ("offset", J::Num(params.offset as f64)),
            ("limit", J::Num(params.limit as f64)),
        ]),
    )
}

/// `GET /store/orders/:id`: any order by id (no customer needed, as on the real server).
pub(super) fn get_order(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let fields = match check_query(call, false, &[], &[], &[]) {
        Ok(p) => p.fields,
        Err(resp) => return resp,
    };
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    let Some(order) = st.orders.iter().find(|o| o.id == id) else {
        return not_found_error(&format!("Order id not found: {id}"));
    };
    let view = match fields {
        None => order.view.clone(),
        Some(fields) => {
            let defaults: Vec<&str> = match &order.view {
                J::Obj(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
                _ => Vec::new(),
            };
            let mut all = order.view.clone();
            all.set("metadata", J::Null);
            project(&all, &order_keys(&defaults, Some(&fields)))
        }
    };
    Resp::json(200, &jobj(vec![("order", view)]))
}
