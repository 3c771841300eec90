//! The demo orders (built from a real captured order) and `GET /store/customers/me/orders`.

use super::*;

/// The order of `GET /store/customers/me/orders` in capture 84, used as the template of the
/// demo orders (ids, statuses, dates and totals are rewritten per order).
pub(super) const ORDER_TEMPLATE: &str = r#"{"object":"order","id":"order_01M8CDCBX58KP8GRVKZKDKH194","created_at":"2026-11-26T17:10:19.757Z","status":"pending","fulfillment_status":"not_fulfilled","payment_status":"awaiting","display_id":1,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","customer_id":"cus_01M8CDC7ME2M4FA2STAMMQJR5H","email":"jane.doe.1795713015@example.com","region_id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","currency_code":"usd","tax_rate":null,"claims":[],"customer":{"id":"cus_01M8CDC7ME2M4FA2STAMMQJR5H","created_at":"2026-11-26T17:10:15.424Z","updated_at":"2026-11-26T17:10:18.045Z","deleted_at":null,"email":"jane.doe.1795713015@example.com","first_name":"Janet","last_name":"Doe","billing_address_id":null,"phone":"+15550001111","has_account":true,"metadata":{"newsletter":true}},"discounts":[],"fulfillments":[],"gift_card_transactions":[],"gift_cards":[],"items":[{"id":"item_01M8CDCB4H24HJBVYCRD8AX6RP","created_at":"2026-11-26T17:10:19.014Z","updated_at":"2026-11-26T17:10:19.757Z","cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","swap_id":null,"claim_order_id":null,"original_item_id":null,"order_edit_id":null,"title":"Acceptance T-Shirt","description":"M","thumbnail":null,"is_return":false,"is_giftcard":false,"should_merge":true,"allow_discounts":true,"has_shipping":true,"unit_price":1950,"variant_id":"variant_01M8CDC0Q9Z2YSEYARS0TAPC8N","quantity":2,"fulfilled_quantity":null,"returned_quantity":null,"shipped_quantity":null,"metadata":{},"adjustments":[],"tax_lines":[{"id":"litl_01M8CDCBSEEVA89AGQ0K4XVVYJ","created_at":"2026-11-26T17:10:19.669Z","updated_at":"2026-11-26T17:10:19.757Z","rate":0,"name":"default","code":"default","metadata":null,"item_id":"item_01M8CDCB4H24HJBVYCRD8AX6RP"}],"variant":{"id":"variant_01M8CDC0Q9Z2YSEYARS0TAPC8N","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:19.757Z","deleted_at":null,"title":"M","product_id":"prod_01M8CDC0N25FCW538M85EVCE2J","sku":"ACC-TSHIRT-M","barcode":null,"ean":null,"upc":null,"variant_rank":0,"inventory_quantity":998,"allow_backorder":false,"manage_inventory":true,"hs_code":null,"origin_country":null,"mid_code":null,"material":null,"weight":null,"length":null,"height":null,"width":null,"metadata":null},"subtotal":3900,"discount_total":0,"total":3900,"original_total":3900,"original_tax_total":0,"tax_total":0,"raw_discount_total":0,"refundable":3900}],"payments":[{"id":"pay_01M8CDCBV0WAZE6W2GCZ28TYG4","created_at":"2026-11-26T17:10:19.700Z","updated_at":"2026-11-26T17:10:19.757Z","swap_id":null,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","amount":4400,"currency_code":"usd","amount_refunded":0,"provider_id":"manual","data":{"status":"authorized"},"captured_at":null,"canceled_at":null,"metadata":null,"idempotency_key":null}],"refunds":[],"region":{"id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:08.029Z","deleted_at":null,"name":"US","currency_code":"usd","tax_rate":0,"tax_code":null,"gift_cards_taxable":true,"automatic_taxes":true,"tax_provider_id":null,"metadata":null},"shipping_address":{"id":"addr_01M8CDCBA088CP1EZNDZD450DC","created_at":"2026-11-26T17:10:19.130Z","updated_at":"2026-11-26T17:10:19.130Z","deleted_at":null,"customer_id":null,"company":null,"first_name":"Jane","last_name":"Doe","address_1":"1 Main St","address_2":null,"city":"Springfield","country_code":"us","province":null,"postal_code":"12345","phone":"+15550002222","metadata":null},"shipping_methods":[{"id":"sm_01M8CDCBFS17M81G1X8DGPF221","shipping_option_id":"so_01M8CDC0MJQVCDET7588ETQEKF","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","claim_order_id":null,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","swap_id":null,"return_id":null,"price":500,"data":{},"shipping_option":{"id":"so_01M8CDC0MJQVCDET7588ETQEKF","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:08.029Z","deleted_at":null,"name":"Manual Standard","region_id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","profile_id":"sp_01M8CDC04SJV3FKBAZ51V9R9CH","provider_id":"manual","price_type":"flat_rate","amount":500,"is_return":false,"admin_only":false,"data":{"id":"manual-fulfillment"},"metadata":null},"tax_lines":[{"id":"smtl_01M8CDCBSFY87WPV2SR5552V4A","created_at":"2026-11-26T17:10:19.669Z","updated_at":"2026-11-26T17:10:19.757Z","rate":0,"name":"default","code":"default","metadata":null,"shipping_method_id":"sm_01M8CDCBFS17M81G1X8DGPF221"}],"original_total":500,"total":500,"subtotal":500,"original_tax_total":0,"tax_total":0}],"swaps":[],"subtotal":3900,"discount_total":0,"shipping_total":500,"refunded_total":0,"paid_total":4400,"refundable_amount":4400,"item_tax_total":0,"shipping_tax_total":0,"tax_total":0,"gift_card_total":0,"gift_card_tax_total":0,"raw_discount_total":0,"total":4400}"#;

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

pub(super) fn add_demo_orders(shared: &Shared, st: &mut State, customer: &Customer, now: i64) {
    if st.next_display_id == 0 {
        st.next_display_id = 1;
    }
    let first_display_id = st.next_display_id;
    st.next_display_id += DEMO_ORDERS as u64;
    for (i, plan) in ORDER_PLAN.iter().enumerate() {
        let n = i as i64;
        let created =
            now - (3 * n + 1) * DAY_MS - (n * 7 % 24) * 3_600_000 - (n * 13 % 60) * 60_000;
        let display_id = first_display_id + (DEMO_ORDERS - 1 - i) as u64;
        let quantity = 1 + (i * 3 % 4) as i64;
        let order = build_order(shared, customer, *plan, created, display_id, quantity);
        st.orders.push(order);
    }
}

pub(super) fn build_order(
    shared: &Shared,
    customer: &Customer,
    plan: (&'static str, &'static str, &'static str),
    created: i64,
    display_id: u64,
    quantity: i64,
) -> Order {
    let (status, fulfillment_status, payment_status) = plan;
    let mut o = shared.template.clone();
    let stamp = iso(created);
    let catalog_stamp = iso(shared.started - 90 * DAY_MS);
    restamp(&mut o, &stamp);
    if let Some(region) = o.get_mut("region") {
        restamp(region, &catalog_stamp);
    }

    let id = shared.new_id("order", created);
    let cart_id = shared.new_id("cart", created - 600_000);
    let item_id = shared.new_id("item", created - 300_000);
    let payment_id = shared.new_id("pay", created);
    let method_id = shared.new_id("sm", created - 120_000);
    let address_id = shared.new_id("addr", created - 180_000);
    let shipped = matches!(fulfillment_status, "shipped" | "partially_shipped");
    let fulfilled = shipped || fulfillment_status == "fulfilled";

    let unit_price = o
        .get("items")
        .and_then(|items| match items {
            J::Arr(a) => a.first(),
            _ => None,
        })
        .and_then(|item| item.get("unit_price"))
        .and_then(J::as_num)
        .unwrap_or(1950.0) as i64;
    let shipping_total = 500i64;
    let subtotal = unit_price * quantity;
    let total = subtotal + shipping_total;
    let refunded = match payment_status {
        "partially_refunded" => unit_price,
        "refunded" => total,
        _ => 0,
    };
    let refundable_amount = if payment_status == "canceled" {
        0
    } else {
        total - refunded
    };
    let later = |minutes: i64| iso(created + minutes * 60_000);
    let num = |n: i64| J::Num(n as f64);

    o.set("id", js(&id));
    o.set("status", js(status));
    o.set("fulfillment_status", js(fulfillment_status));
    o.set("payment_status", js(payment_status));
    o.set("display_id", J::Num(display_id as f64));
    o.set("cart_id", js(&cart_id));
    o.set("customer_id", js(&customer.id));
    o.set("email", js(&customer.email));
    o.set("customer", J::Null);

    if let Some(item) = first_mut(&mut o, "items") {
        item.set("id", js(&item_id));
        item.set("cart_id", js(&cart_id));
        item.set("order_id", js(&id));
        item.set("quantity", num(quantity));
        item.set(
            "fulfilled_quantity",
            if fulfilled { num(quantity) } else { J::Null },
        );
        item.set(
            "shipped_quantity",
            match fulfillment_status {
                "shipped" => num(quantity),
                "partially_shipped" => num((quantity / 2).max(1)),
                _ => J::Null,
            },
        );
        for key in ["subtotal", "total", "original_total"] {
            item.set(key, num(subtotal));
        }
        item.set(
            "refundable",
            num(if payment_status == "refunded" {
                0
            } else {
                subtotal
            }),
        );
        if let Some(line) = first_mut(item, "tax_lines") {
            line.set("id", js(&shared.new_id("litl", created)));
            line.set("item_id", js(&item_id));
        }
        if let Some(variant) = item.get_mut("variant") {
            restamp(variant, &catalog_stamp);
        }
    }
    if let Some(payment) = first_mut(&mut o, "payments") {
        payment.set("id", js(&payment_id));
        payment.set("cart_id", js(&cart_id));
        payment.set("order_id", js(&id));
        payment.set("amount", num(total));
        payment.set("amount_refunded", num(refunded));
        let data_status = match payment_status {
            "awaiting" => "authorized",
            "canceled" => "canceled",
            _ => "captured",
        };
        payment.set("data", jobj(vec![("status", js(data_status))]));
        let captured = !matches!(payment_status, "awaiting" | "canceled");
        payment.set(
            "captured_at",
            if captured { js(&later(60)) } else { J::Null },
        );
        payment.set(
            "canceled_at",
            if payment_status == "canceled" {
                js(&later(120))
            } else {
                J::Null
            },
        );
    }
    if refunded > 0 {
        o.set(
            "refunds",
            J::Arr(vec![jobj(vec![
                ("id", js(&shared.new_id("ref", created))),
                ("created_at", js(&later(3 * 1440))),
                ("updated_at", js(&later(3 * 1440))),
                ("order_id", js(&id)),
                ("payment_id", js(&payment_id)),
                ("amount", num(refunded)),
                ("note", J::Null),
                (
                    "reason",
                    js(if payment_status == "refunded" {
                        "other"
                    } else {
                        "return"
                    }),
                ),
                ("metadata", J::Null),
                ("idempotency_key", J::Null),
            ])]),
        );
    }
    if fulfilled {
        let fulfillment_id = shared.new_id("ful", created);
        let links = if shipped {
            vec![jobj(vec![
                ("id", js(&shared.new_id("tlink", created))),
                ("created_at", js(&later(1440))),
                ("updated_at", js(&later(1440))),
                ("deleted_at", J::Null),
                ("url", J::Null),
                ("tracking_number", js(&format!("DEMO-{display_id:05}"))),
                ("fulfillment_id", js(&fulfillment_id)),
                ("idempotency_key", J::Null),
                ("metadata", J::Null),
            ])]
        } else {
            Vec::new()
        };
        o.set(
            "fulfillments",
            J::Arr(vec![jobj(vec![
                ("id", js(&fulfillment_id)),
                ("created_at", js(&later(720))),
                ("updated_at", js(&later(1440))),
                ("claim_order_id", J::Null),
                ("swap_id", J::Null),
                ("order_id", js(&id)),
                ("no_notification", J::Null),
                ("provider_id", js("manual")),
                ("location_id", J::Null),
                ("tracking_numbers", J::Arr(Vec::new())),
                ("data", J::Obj(Vec::new())),
                (
                    "shipped_at",
                    if shipped { js(&later(1440)) } else { J::Null },
                ),
                ("canceled_at", J::Null),
                ("metadata", J::Null),
                ("idempotency_key", J::Null),
                ("tracking_links", J::Arr(links)),
            ])]),
        );
    }
    let mut shipping_first_name = None;
    if let Some(addr) = o.get_mut("shipping_address") {
        addr.set("id", js(&address_id));
        if let Some(first) = &customer.first_name {
            addr.set("first_name", js(first));
        }
        if let Some(last) = &customer.last_name {
            addr.set("last_name", js(last));
        }
        shipping_first_name = addr
            .get("first_name")
            .and_then(J::as_str)
            .map(str::to_string);
    }
    if let Some(method) = first_mut(&mut o, "shipping_methods") {
        method.set("id", js(&method_id));
        method.set("order_id", js(&id));
        method.set("cart_id", js(&cart_id));
        if let Some(option) = method.get_mut("shipping_option") {
            restamp(option, &catalog_stamp);
        }
        if let Some(line) = first_mut(method, "tax_lines") {
            line.set("id", js(&shared.new_id("smtl", created)));
            line.set("shipping_method_id", js(&method_id));
        }
    }
    o.set("subtotal", num(subtotal));
    o.set("shipping_total", num(shipping_total));
    o.set("refunded_total", num(refunded));
    o.set("paid_total", num(total));
    o.set("refundable_amount", num(refundable_amount));
    o.set("total", num(total));

    let region_id = o
        .get("region_id")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_string();
    let currency_code = o
        .get("currency_code")
        .and_then(J::as_str)
        .unwrap_or("usd")
        .to_string();
    // The `orders` relation of `/store/auth`: every column, plus the bare line items.
    let item_columns = match o.get("items") {
        Some(J::Arr(items)) => J::Arr(
            items
                .iter()
                .map(|item| match item {
                    J::Obj(m) => J::Obj(
                        m.iter()
                            .filter(|(k, _)| {
                                !matches!(
                                    k.as_str(),
                                    "adjustments"
                                        | "tax_lines"
                                        | "variant"
                                        | "subtotal"
                                        | "discount_total"
                                        | "total"
                                        | "original_total"
                                        | "original_tax_total"
                                        | "tax_total"
                                        | "raw_discount_total"
                                        | "refundable"
                                )
                            })
                            .cloned()
                            .collect(),
                    ),
                    other => other.clone(),
                })
                .collect(),
        ),
        _ => J::Arr(Vec::new()),
    };
    let canceled_ms = (status == "canceled").then_some(created + 120 * 60_000);
    let canceled_at = canceled_ms.map_or(J::Null, |t| js(&iso(t)));
    let updated_ms = if status == "pending" && !fulfilled {
        created
    } else {
        created + 1440 * 60_000
    };
    let last_update = iso(updated_ms);
    let auth_json = jobj(vec![
        ("object", js("order")),
        ("id", js(&id)),
        ("created_at", js(&stamp)),
        ("updated_at", js(&last_update)),
        ("status", js(status)),
        ("fulfillment_status", js(fulfillment_status)),
        ("payment_status", js(payment_status)),
        ("display_id", J::Num(display_id as f64)),
        ("cart_id", js(&cart_id)),
        ("customer_id", js(&customer.id)),
        ("email", js(&customer.email)),
        ("billing_address_id", J::Null),
        ("shipping_address_id", js(&address_id)),
        ("region_id", js(&region_id)),
        ("currency_code", js(&currency_code)),
        ("tax_rate", J::Null),
        ("draft_order_id", J::Null),
        ("canceled_at", canceled_at),
        ("metadata", J::Null),
        ("no_notification", J::Null),
        ("idempotency_key", J::Null),
        ("external_id", J::Null),
        ("sales_channel_id", js(SALES_CHANNEL_ID)),
        ("items", item_columns),
    ]);

    Order {
        id,
        customer_id: customer.id.clone(),
        created_at: created,
        updated_at: updated_ms,
        canceled_at: canceled_ms,
        display_id,
        status,
        fulfillment_status,
        payment_status,
        cart_id,
        email: customer.email.clone(),
        region_id,
        currency_code,
        shipping_first_name,
        list_json: o,
        auth_json,
    }
}

/// Whether a query value passes `@IsEnum(E, { each: true })`.
pub(super) fn enum_ok(v: &Q, allowed: &[&str]) -> bool {
    match v {
        Q::S(s) => allowed.contains(&s.as_str()),
        Q::A(items) => items
            .iter()
            .all(|(_, item)| matches!(item, Q::S(s) if allowed.contains(&s.as_str()))),
        Q::O(_) => false,
    }
}

pub(super) fn enum_values(v: &Q) -> Vec<String> {
    match v {
        Q::S(s) => vec![s.clone()],
        Q::A(items) => items.iter().map(|(_, item)| item.js_string()).collect(),
        Q::O(_) => Vec::new(),
    }
}

/// `GET /store/customers/me/orders` (`StoreGetCustomersCustomerOrdersParams`).
pub(super) fn list_orders(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    const STRINGS_1: [&str; 2] = ["id", "q"];
    const ENUMS: [(&str, &[&str]); 3] = [
        ("status", ORDER_STATUSES),
        ("fulfillment_status", FULFILLMENT_STATUSES),
        ("payment_status", PAYMENT_STATUSES),
    ];
    const STRINGS_2: [&str; 6] = [
        "display_id",
        "cart_id",
        "email",
        "region_id",
        "currency_code",
        "tax_rate",
    ];
    const DATES: [&str; 3] = ["created_at", "updated_at", "canceled_at"];
    const OPS: [&str; 4] = ["lt", "gt", "gte", "lte"];
    const ALLOWED: [&str; 18] = [
        "id",
        "q",
        "status",
        "fulfillment_status",
        "payment_status",
        "display_id",
        "cart_id",
        "email",
        "region_id",
        "currency_code",
        "tax_rate",
        "created_at",
        "updated_at",
        "canceled_at",
        "limit",
        "offset",
        "fields",
        "expand",
    ];

    let query = normalize_query(qs_parse(call.req.query()));
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let mut errors = Vec::new();
    for (k, _) in &query {
        if !ALLOWED.contains(&k.as_str()) {
            errors.push(format!("property {k} should not exist"));
        }
    }
    for name in STRINGS_1 {
        if get(name).is_some_and(|v| !matches!(v, Q::S(_))) {
            errors.push(format!("{name} must be a string"));
        }
    }
    for (name, allowed) in ENUMS {
        if get(name).is_some_and(|v| !enum_ok(v, allowed)) {
            errors.push(format!(
                "each value in {name} must be one of the following values: {}",
                allowed.join(", ")
            ));
        }
    }
    for name in STRINGS_2 {
        if get(name).is_some_and(|v| !matches!(v, Q::S(_))) {
            errors.push(format!("{name} must be a string"));
        }
    }
    let mut date_filters: Vec<(&str, &str, f64)> = Vec::new();
    for name in DATES {
        match get(name) {
            None => {}
            Some(Q::O(ops)) => {
                for (k, _) in ops {
                    if !OPS.contains(&k.as_str()) {
                        errors.push(format!("property {k} should not exist"));
                    }
                }
                for op in OPS {
                    if let Some((_, v)) = ops.iter().find(|(k, _)| k == op) {
                        match transform_date(v) {
                            Some(ms) => date_filters.push((name, op, ms)),
                            None => errors.push(format!("{op} must be a Date instance")),
                        }
                    }
                }
            }
            Some(_) => errors.push(format!(
                "nested property {name} must be either object or array"
            )),
        }
    }
    let number = |name: &str, default: f64| match get(name) {
        None => Some(default),
        Some(Q::S(s)) => js_number(s).filter(|n| n.is_finite()),
        Some(_) => None,
    };
    let limit = number("limit", 10.0);
    let offset = number("offset", 0.0);
    if limit.is_none() {
        errors.push("limit must be a number conforming to the specified constraints".into());
    }
    if offset.is_none() {
        errors.push("offset must be a number conforming to the specified constraints".into());
    }
    for name in ["fields", "expand"] {
        if get(name).is_some_and(|v| !matches!(v, Q::S(_))) {
            errors.push(format!("{name} must be a string"));
        }
    }
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let (limit, offset) = (limit.unwrap_or(10.0), offset.unwrap_or(0.0));
    // Postgres rejects a negative LIMIT/OFFSET; the error handler turns that into a 500.
    if limit < 0.0 || offset < 0.0 {
        return unknown_error();
    }
    let text = |name: &str| match get(name) {
        Some(Q::S(s)) => Some(s.as_str()),
        _ => None,
    };
    let display_id = match text("display_id") {
        None => None,
        Some(s) => match s.trim().parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => return unknown_error(),
        },
    };
    if let Some(s) = text("tax_rate")
        && s.trim().parse::<f64>().is_err()
    {
        return unknown_error();
    }

    let customer = &st.customers[ci];
    let needle = text("q").map(str::to_lowercase);
    let contains =
        |hay: Option<&str>, needle: &str| hay.is_some_and(|h| h.to_lowercase().contains(needle));
    let mut matching: Vec<&Order> = st
        .orders
        .iter()
        .filter(|o| o.customer_id == customer.id)
        .filter(|o| {
            ENUMS.iter().all(|(name, _)| match get(name) {
                None => true,
                Some(v) => {
                    let wanted = enum_values(v);
                    let actual = match *name {
                        "status" => o.status,
                        "fulfillment_status" => o.fulfillment_status,
                        _ => o.payment_status,
                    };
                    wanted.iter().any(|w| w == actual)
                }
            })
        })
        .filter(|o| text("id").is_none_or(|v| o.id == v))
        .filter(|o| display_id.is_none_or(|d| o.display_id as i64 == d))
        .filter(|o| text("cart_id").is_none_or(|v| o.cart_id == v))
        .filter(|o| text("email").is_none_or(|v| o.email == v))
        .filter(|o| text("region_id").is_none_or(|v| o.region_id == v))
        .filter(|o| text("currency_code").is_none_or(|v| o.currency_code == v))
        .filter(|_| text("tax_rate").is_none())
        .filter(|o| {
            date_filters.iter().all(|(name, op, ms)| {
                // SQL: a comparison with NULL is never true.
                let value = match *name {
                    "created_at" => o.created_at as f64,
                    "updated_at" => o.updated_at as f64,
                    _ => match o.canceled_at {
                        Some(t) => t as f64,
                        None => return false,
                    },
                };
                match *op {
                    "lt" => value < *ms,
                    "gt" => value > *ms,
                    "lte" => value <= *ms,
                    _ => value >= *ms,
                }
            })
        })
        .filter(|o| match &needle {
            None => true,
            Some(n) => {
                contains(o.shipping_first_name.as_deref(), n)
                    || contains(Some(&o.email), n)
                    || contains(Some(&o.display_id.to_string()), n)
                    || contains(customer.first_name.as_deref(), n)
                    || contains(customer.last_name.as_deref(), n)
                    || contains(customer.phone.as_deref(), n)
            }
        })
        .collect();
    matching.sort_by_key(|o| std::cmp::Reverse(o.created_at));
    let count = matching.len();
    let skip = offset.round() as usize;
    // TypeORM treats `take: 0` as "no limit".
    let take = if limit == 0.0 {
        usize::MAX
    } else {
        limit.round() as usize
    };
    let customer_view = customer_json(st, ci, View::Plain);
    let orders: Vec<J> = matching
        .iter()
        .skip(skip)
        .take(take)
        .map(|o| {
            let mut v = o.list_json.clone();
            v.set("customer", customer_view.clone());
            v
        })
        .collect();
    Resp::json(
        200,
        &jobj(vec![
            ("orders", J::Arr(orders)),
            ("count", J::Num(count as f64)),
            ("offset", J::Num(offset)),
            ("limit", J::Num(limit)),
        ]),
    )
}
