//! Carts to a placed order, answering like Medusa 2.21.2 (shapes as the recordings
//! `tests/fixtures/v2/shop/carts-*.json`): carts (create, read, update, lines, the one shipping
//! option "Standard Shipping" at 500 usd for us and ca, promotions — the demo has none, so every
//! code is invalid —, the transfer to the logged-in customer), payment providers
//! (`pp_system_default`), the payment collection and its session (dropped by any change of the
//! cart), and the completion: the order (the same one again for a completed cart), which then
//! shows in the orders of the cart's customer (a registered customer's e-mail on a guest cart
//! makes it theirs, as on the real server). Money is in ten-thousandths of the currency (the
//! catalog's), taxes those of the catalog (de 19 %, fr 20 %, tax-exclusive) on the lines.

use super::*;

/// Standard Shipping: 500 usd, in ten-thousandths.
const SHIPPING_UNITS: i64 = 5_000_000;
/// The countries of the one shipping option's service zone.
const SHIPPING_COUNTRIES: [&str; 2] = ["us", "ca"];
const PROVIDER_ID: &str = "pp_system_default";

pub(super) struct Cart {
    id: String,
    region_id: String,
    currency: &'static str,
    email: Option<String>,
    customer_id: Option<String>,
    lines: Vec<Line>,
    shipping_address: Option<J>,
    billing_address: Option<J>,
    /// `(casm_… id, option id)`.
    shipping_method: Option<(String, String)>,
    collection: Option<Collection>,
    metadata: J,
    completed_at: Option<i64>,
    order_id: Option<String>,
    created_at: i64,
    updated_at: i64,
}

struct Line {
    id: String,
    variant_id: String,
    quantity: i64,
    unit: i64,
    metadata: J,
    created_at: i64,
}

struct Collection {
    id: String,
    created_at: i64,
    /// `(payses_… id, created)`, dropped by any change of the cart.
    session: Option<(String, i64)>,
}

fn carts(st: &mut State) -> &mut Vec<Cart> {
    &mut st.carts
}

/// A money field and its raw twin.
fn set_units(o: &mut J, key: &str, units: i64) {
    o.set(key, money(units));
    o.set(&format!("raw_{key}"), raw(units));
}

fn product<'a>(call: &Call<'a>, variant_id: &str) -> Option<&'a Product> {
    let c = &call.shared.catalog;
    [&c.tshirt, &c.sticker]
        .into_iter()
        .find(|p| p.variant_id == variant_id)
}

fn country_of(address: &Option<J>) -> String {
    address
        .as_ref()
        .and_then(|a| a.get("country_code"))
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_lowercase()
}

struct Totals {
    items: i64,
    item_tax: i64,
    shipping: i64,
}

impl Cart {
    fn totals(&self) -> Totals {
        let rate = tax_rate(&country_of(&self.shipping_address));
        let items: i64 = self.lines.iter().map(|l| l.unit * l.quantity).sum();
        let shipping = if self.shipping_method.is_some() {
            SHIPPING_UNITS
        } else {
            0
        };
        Totals {
            items,
            item_tax: items * rate / 100,
            shipping,
        }
    }

    fn total(&self) -> i64 {
        let t = self.totals();
        t.items + t.item_tax + t.shipping
    }

    /// A change of the cart: its payment session goes, as on the real server.
    fn changed(&mut self, now: i64) {
        self.updated_at = now;
        if let Some(c) = &mut self.collection {
            c.session = None;
        }
    }
}

fn collection_json(cart: &Cart, c: &Collection, full: bool) -> J {
    let total = cart.total();
    let sessions: Vec<J> = c
        .session
        .iter()
        .map(|(id, created)| {
            let authorized = cart.completed_at.is_some();
            let mut s = jobj(vec![
                ("id", js(id)),
                ("currency_code", js(cart.currency)),
                ("provider_id", js(PROVIDER_ID)),
                ("data", J::Obj(Vec::new())),
                ("context", J::Obj(Vec::new())),
                (
                    "status",
                    js(if authorized { "authorized" } else { "pending" }),
                ),
                (
                    "authorized_at",
                    cart.completed_at.map_or(J::Null, |t| js(&iso(t))),
                ),
                ("payment_collection_id", js(&c.id)),
                ("payment", J::Null),
                ("metadata", J::Obj(Vec::new())),
                ("raw_amount", raw(total)),
                ("created_at", js(&iso(*created))),
                ("updated_at", js(&iso(*created))),
                ("deleted_at", J::Null),
            ]);
            s.set("amount", money(total));
            s
        })
        .collect();
    if !full {
        return jobj(vec![
            ("id", js(&c.id)),
            ("currency_code", js(cart.currency)),
            ("amount", money(total)),
            ("payment_sessions", J::Arr(sessions)),
        ]);
    }
    let completed = cart.completed_at.is_some();
    jobj(vec![
        ("id", js(&c.id)),
        ("currency_code", js(cart.currency)),
        ("completed_at", J::Null),
        (
            "status",
            js(if completed { "authorized" } else { "not_paid" }),
        ),
        ("metadata", J::Null),
        ("raw_amount", raw(total)),
        (
            "raw_authorized_amount",
            if completed { raw(total) } else { J::Null },
        ),
        ("raw_captured_amount", J::Null),
        ("raw_refunded_amount", J::Null),
        ("created_at", js(&iso(c.created_at))),
        ("updated_at", js(&iso(cart.updated_at))),
        ("deleted_at", J::Null),
        ("payment_sessions", J::Arr(sessions)),
        ("amount", money(total)),
        (
            "authorized_amount",
            if completed { money(total) } else { J::Null },
        ),
        ("captured_amount", J::Null),
        ("refunded_amount", J::Null),
    ])
}

fn line_json(call: &Call, cart: &Cart, l: &Line, with_totals: bool) -> J {
    let p = product(call, &l.variant_id);
    let text = |f: fn(&Product) -> &'static str| p.map_or(J::Null, |p| js(f(p)));
    let mut o = jobj(vec![
        ("id", js(&l.id)),
        ("thumbnail", J::Null),
        ("variant_id", js(&l.variant_id)),
        ("product_id", p.map_or(J::Null, |p| js(&p.product_id))),
        ("is_giftcard", J::Bool(false)),
        ("product_type_id", J::Null),
        ("product_title", text(|p| p.title)),
        ("product_description", text(|p| p.description)),
        ("product_subtitle", J::Null),
        ("product_type", J::Null),
        ("product_collection", J::Null),
        ("product_handle", text(|p| p.handle)),
        ("variant_sku", text(|p| p.sku)),
        ("variant_barcode", J::Null),
        ("variant_title", text(|p| p.variant_title)),
        ("requires_shipping", J::Bool(true)),
        ("metadata", l.metadata.clone()),
        ("created_at", js(&iso(l.created_at))),
        ("updated_at", js(&iso(cart.updated_at))),
        ("title", text(|p| p.title)),
        ("quantity", J::Num(l.quantity as f64)),
        ("unit_price", money(l.unit)),
        ("compare_at_unit_price", J::Null),
        ("is_tax_inclusive", J::Bool(false)),
        ("tax_lines", J::Arr(Vec::new())),
        ("adjustments", J::Arr(Vec::new())),
    ]);
    if with_totals {
        let subtotal = l.unit * l.quantity;
        let tax = subtotal * tax_rate(&country_of(&cart.shipping_address)) / 100;
        o.set("cart_id", js(&cart.id));
        set_units(&mut o, "unit_price", l.unit);
        for (key, units) in [
            ("subtotal", subtotal),
            ("tax_total", tax),
            ("total", subtotal + tax),
            ("original_total", subtotal + tax),
            ("original_subtotal", subtotal),
            ("original_tax_total", tax),
            ("discount_total", 0),
            ("discount_subtotal", 0),
            ("discount_tax_total", 0),
        ] {
            set_units(&mut o, key, units);
        }
    }
    o
}

fn cart_json(call: &Call, st: &State, cart: &Cart, fields: Option<&str>) -> J {
    let t = cart.totals();
    let total = cart.total();
    let with_line_totals = fields.is_some_and(|f| f.contains("items.*"));
    let region = shop_region(call, &cart.region_id)
        .cloned()
        .unwrap_or(J::Null);
    let mut o = jobj(vec![
        ("id", js(&cart.id)),
        ("currency_code", js(cart.currency)),
        ("email", cart.email.as_ref().map_or(J::Null, |e| js(e))),
        ("locale", J::Null),
        ("region_id", js(&cart.region_id)),
        ("created_at", js(&iso(cart.created_at))),
        ("updated_at", js(&iso(cart.updated_at))),
        (
            "completed_at",
            cart.completed_at.map_or(J::Null, |c| js(&iso(c))),
        ),
    ]);
    for (key, units) in [
        ("total", total),
        ("subtotal", t.items + t.shipping),
        ("tax_total", t.item_tax),
        ("discount_total", 0),
        ("discount_subtotal", 0),
        ("discount_tax_total", 0),
        ("original_total", total),
        ("original_tax_total", t.item_tax),
        ("item_total", t.items + t.item_tax),
        ("item_subtotal", t.items),
        ("item_tax_total", t.item_tax),
        ("item_discount_total", 0),
        ("original_item_total", t.items + t.item_tax),
        ("original_item_subtotal", t.items),
        ("original_item_tax_total", t.item_tax),
        ("shipping_total", t.shipping),
        ("shipping_subtotal", t.shipping),
        ("shipping_tax_total", 0),
        ("shipping_discount_total", 0),
        ("original_shipping_tax_total", 0),
        ("original_shipping_subtotal", t.shipping),
        ("original_shipping_total", t.shipping),
        ("credit_line_subtotal", 0),
        ("credit_line_tax_total", 0),
        ("credit_line_total", 0),
    ] {
        o.set(key, money(units));
    }
    o.set("metadata", cart.metadata.clone());
    o.set(
        "sales_channel_id",
        js(&call.shared.catalog.sales_channel_id),
    );
    o.set(
        "customer_id",
        cart.customer_id.as_ref().map_or(J::Null, |c| js(c)),
    );
    o.set(
        "items",
        J::Arr(
            cart.lines
                .iter()
                .map(|l| line_json(call, cart, l, with_line_totals))
                .collect(),
        ),
    );
    o.set(
        "shipping_methods",
        J::Arr(
            cart.shipping_method
                .iter()
                .map(|(id, option)| {
                    jobj(vec![
                        ("amount", money(SHIPPING_UNITS)),
                        ("is_tax_inclusive", J::Bool(false)),
                        ("shipping_option_id", js(option)),
                        ("id", js(id)),
                        ("tax_lines", J::Arr(Vec::new())),
                        ("adjustments", J::Arr(Vec::new())),
                    ])
                })
                .collect(),
        ),
    );
    o.set(
        "shipping_address",
        cart.shipping_address.clone().unwrap_or(J::Null),
    );
    o.set(
        "billing_address",
        cart.billing_address.clone().unwrap_or(J::Null),
    );
    o.set("credit_lines", J::Arr(Vec::new()));
    if let Some(customer) = cart
        .customer_id
        .as_deref()
        .and_then(|id| st.customers.iter().find(|c| c.id == id))
    {
        o.set(
            "customer",
            jobj(vec![
                ("id", js(&customer.id)),
                ("email", js(&customer.email)),
                ("groups", J::Arr(Vec::new())),
            ]),
        );
    }
    if let J::Obj(mut r) = region {
        r.retain(|(k, _)| ["id", "name", "currency_code", "countries"].contains(&k.as_str()));
        r.insert(3, ("automatic_taxes".into(), J::Bool(true)));
        o.set("region", J::Obj(r));
    }
    o.set("promotions", J::Arr(Vec::new()));
    if let Some(c) = &cart.collection {
        o.set("payment_collection", collection_json(cart, c, true));
    }
    match fields {
        Some(f) => {
            let defaults: Vec<&str> = match &o {
                J::Obj(m) => m.iter().map(|(k, _)| k.as_str()).collect(),
                _ => Vec::new(),
            };
            let mut keys = select_fields(&defaults, Some(f));
            if !keys.iter().any(|k| k == "id") {
                keys.insert(0, "id".into());
            }
            project(&o, &keys)
        }
        None => o,
    }
}

fn cart_resp(call: &Call, st: &State, ci: usize, fields: Option<&str>) -> Resp {
    Resp::json(
        200,
        &jobj(vec![("cart", cart_json(call, st, &st.carts[ci], fields))]),
    )
}

fn find(st: &State, id: &str) -> Option<usize> {
    st.carts.iter().position(|c| c.id == id)
}

fn cart_not_found(id: &str) -> Resp {
    not_found_error(&format!("Cart with id '{id}' not found"))
}

fn completed_error(id: &str) -> Resp {
    invalid_data(&format!("Cart {id} is already completed."))
}

/// The logged-in customer of the request, if any.
fn customer_of(call: &Call, st: &State) -> Option<usize> {
    let auth = authenticate(call, st, "customer", Methods::SessionOrBearer)?;
    st.customer_idx(&auth_str(&auth, "actor_id"))
}

/// The customer a cart of this e-mail belongs to: a registered one of the e-mail (the real
/// server's surprise), else a guest id per e-mail.
fn customer_of_email(call: &Call, st: &State, email: &str) -> String {
    st.customers
        .iter()
        .find(|c| c.email.eq_ignore_ascii_case(email))
        .map(|c| c.id.clone())
        .unwrap_or_else(|| {
            // The same guest for the same e-mail: an id made from it.
            let mut h: u64 = 1469598103934665603;
            for b in email.to_lowercase().bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
            }
            let _ = call;
            format!("cus_GUEST{h:016X}")
        })
}

fn strict(body: &J, allowed: &[&str]) -> Result<(), Resp> {
    let J::Obj(m) = body else {
        return Err(invalid_request(&[format!(
            "Expected type: 'object' for field '', got: '{}'",
            body.js_string()
        )]));
    };
    let unknown: Vec<&str> = m
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !allowed.contains(k))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(invalid_request(&[format!(
            "Unrecognized fields: '{}'",
            unknown.join(", ")
        )]))
    }
}

const ADDRESS_FIELDS: [&str; 11] = [
    "first_name",
    "last_name",
    "phone",
    "company",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "metadata",
];

/// An address of a body, as the cart shows it.
fn address(call: &Call, body: &J) -> Result<J, Resp> {
    strict(body, &ADDRESS_FIELDS)?;
    let mut a = jobj(vec![(
        "id",
        js(&call.shared.keys.new_id("caaddr", call.now)),
    )]);
    for key in ADDRESS_FIELDS.iter().filter(|k| **k != "metadata") {
        a.set(key, body.get(key).cloned().unwrap_or(J::Null));
    }
    Ok(a)
}

/// Checks and applies the address fields of a body: a shipping country outside the region is
/// refused, and nothing changes.
fn apply_addresses(call: &Call, cart: &mut Cart, body: &J) -> Result<(), Resp> {
    let shipping = match body.get("shipping_address") {
        Some(b) => Some(address(call, b)?),
        None => None,
    };
    let billing = match body.get("billing_address") {
        Some(b) => Some(address(call, b)?),
        None => None,
    };
    if let Some(s) = &shipping {
        let country = country_of(&Some(s.clone()));
        let region = shop_region(call, &cart.region_id);
        let inside = region
            .and_then(|r| r.get("countries"))
            .is_some_and(|c| match c {
                J::Arr(cs) => cs
                    .iter()
                    .any(|c| c.get("iso_2").and_then(J::as_str) == Some(country.as_str())),
                _ => false,
            });
        if !country.is_empty() && !inside {
            let name = region
                .and_then(|r| r.get("name"))
                .and_then(J::as_str)
                .unwrap_or_default();
            return Err(invalid_data(&format!(
                "Country with code {country} is not within region {name}"
            )));
        }
    }
    if shipping.is_some() {
        cart.shipping_address = shipping;
    }
    if billing.is_some() {
        cart.billing_address = billing;
    }
    Ok(())
}

/// A line of a body: `{variant_id, quantity, metadata?}`, checked as the server does.
fn line_of(call: &Call, cart: &Cart, body: &J) -> Result<Line, Resp> {
    let Some(variant_id) = body.get("variant_id").and_then(J::as_str) else {
        return Err(invalid_request(&["Field 'variant_id' is required".into()]));
    };
    let quantity = match body.get("quantity") {
        Some(J::Num(q)) if *q > 0.0 => q.round() as i64,
        Some(J::Num(_)) => {
            return Err(invalid_request(&[
                "Value for field 'quantity' too small, expected at least: '0'".into(),
            ]));
        }
        Some(other) => {
            return Err(invalid_request(&[format!(
                "Expected type: 'number' for field 'quantity', got: '{}'",
                other.js_string()
            )]));
        }
        None => return Err(invalid_request(&["Field 'quantity' is required".into()])),
    };
    if product(call, variant_id).is_none() {
        return Err(invalid_data(&format!(
            "Variants {variant_id} do not exist or belong to a product that is not published"
        )));
    }
    let Some(unit) = call.shared.shop.price(variant_id, cart.currency) else {
        return Err(invalid_data(&format!(
            "Variants with IDs {variant_id} do not have a price"
        )));
    };
    Ok(Line {
        id: call.shared.keys.new_id("cali", call.now),
        variant_id: variant_id.to_string(),
        quantity,
        unit,
        metadata: match body.get("metadata") {
            Some(m @ J::Obj(_)) => m.clone(),
            _ => J::Obj(Vec::new()),
        },
        created_at: call.now,
    })
}

/// Adds a line: the same variant with the same metadata adds to its line.
fn add_line(cart: &mut Cart, line: Line) {
    match cart
        .lines
        .iter_mut()
        .find(|l| l.variant_id == line.variant_id && l.metadata == line.metadata)
    {
        Some(l) => l.quantity += line.quantity,
        None => cart.lines.push(line),
    }
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

pub(super) fn create_cart(call: &mut Call, st: &mut State) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let body = call.body.clone();
    if let Err(resp) = strict(
        &body,
        &[
            "region_id",
            "shipping_address",
            "billing_address",
            "email",
            "currency_code",
            "items",
            "sales_channel_id",
            "promo_codes",
            "metadata",
            "locale",
            "additional_data",
        ],
    ) {
        return resp;
    }
    let region_id = match body.get("region_id").and_then(J::as_str) {
        Some(id) => id.to_string(),
        None => call.shared.catalog.region_id.clone(),
    };
    let Some(region) = shop_region(call, &region_id) else {
        return not_found_error("No regions found");
    };
    let currency = if region.get("currency_code").and_then(J::as_str) == Some("eur") {
        "eur"
    } else {
        "usd"
    };
    if let Some(code) = body.get("currency_code").and_then(J::as_str)
        && code != currency
    {
        return invalid_data(&format!(
            "Currency code {code} does not match the region's currency code {currency}"
        ));
    }
    let email = match body.get("email") {
        Some(J::Str(e)) if is_email(e) => Some(e.clone()),
        Some(J::Str(_)) => return invalid_request(&["Invalid email address".into()]),
        _ => None,
    };
    if let Some(resp) = promo_codes_error(&body) {
        return resp;
    }
    let logged_in = customer_of(call, st);
    let (customer_id, email) = match logged_in {
        Some(ci) => (
            Some(st.customers[ci].id.clone()),
            email.or_else(|| Some(st.customers[ci].email.clone())),
        ),
        None => (
            email.as_deref().map(|e| customer_of_email(call, st, e)),
            email,
        ),
    };
    let mut cart = Cart {
        id: call.shared.keys.new_id("cart", call.now),
        region_id,
        currency,
        email,
        customer_id,
        lines: Vec::new(),
        shipping_address: None,
        billing_address: None,
        shipping_method: None,
        collection: None,
        metadata: body.get("metadata").cloned().unwrap_or(J::Null),
        completed_at: None,
        order_id: None,
        created_at: call.now,
        updated_at: call.now,
    };
    if let Err(resp) = apply_addresses(call, &mut cart, &body) {
        return resp;
    }
    if let Some(J::Arr(items)) = body.get("items") {
        for item in items {
            match line_of(call, &cart, item) {
                Ok(line) => add_line(&mut cart, line),
                Err(resp) => return resp,
            }
        }
    }
    carts(st).push(cart);
    let ci = st.carts.len() - 1;
    cart_resp(call, st, ci, fields.as_deref())
}

/// The server's 400 for promotion codes: the demo has no promotions.
fn promo_codes_error(body: &J) -> Option<Resp> {
    match body.get("promo_codes") {
        Some(J::Arr(codes)) => codes.first().map(|c| {
            invalid_data(&format!(
                "The promotion code {} is invalid",
                c.as_str().unwrap_or_default()
            ))
        }),
        _ => None,
    }
}

/// Looks a cart up (and refuses a change of a completed one when `change`).
fn open_cart(st: &State, raw_id: &str, change: bool) -> Result<usize, Resp> {
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    let ci = find(st, &id).ok_or_else(|| cart_not_found(&id))?;
    if change && st.carts[ci].completed_at.is_some() {
        return Err(completed_error(&id));
    }
    Ok(ci)
}

pub(super) fn get_cart(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    match open_cart(st, raw_id, false) {
        Ok(ci) => cart_resp(call, st, ci, fields.as_deref()),
        Err(resp) => resp,
    }
}

pub(super) fn update_cart(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let body = call.body.clone();
    if let Err(resp) = strict(
        &body,
        &[
            "region_id",
            "email",
            "billing_address",
            "shipping_address",
            "sales_channel_id",
            "metadata",
            "promo_codes",
            "locale",
            "additional_data",
        ],
    ) {
        return resp;
    }
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    if let Some(resp) = promo_codes_error(&body) {
        return resp;
    }
    let email = match body.get("email") {
        Some(J::Str(e)) if is_email(e) => Some(e.clone()),
        Some(J::Str(_)) => return invalid_request(&["Invalid email address".into()]),
        _ => None,
    };
    let guest = customer_of(call, st).is_none();
    let owner = email.as_deref().map(|e| customer_of_email(call, st, e));
    let mut cart = std::mem::replace(&mut st.carts[ci], placeholder());
    if let Some(region_id) = body.get("region_id").and_then(J::as_str) {
        match shop_region(call, region_id) {
            Some(region) => {
                cart.region_id = region_id.to_string();
                cart.currency = if region.get("currency_code").and_then(J::as_str) == Some("eur") {
                    "eur"
                } else {
                    "usd"
                };
                let currency = cart.currency;
                for l in &mut cart.lines {
                    l.unit = call.shared.shop.price(&l.variant_id, currency).unwrap_or(0);
                }
            }
            None => {
                st.carts[ci] = cart;
                return not_found_error("No regions found");
            }
        }
    }
    if let Err(resp) = apply_addresses(call, &mut cart, &body) {
        st.carts[ci] = cart;
        return resp;
    }
    if let Some(e) = email {
        cart.email = Some(e);
        if guest {
            cart.customer_id = owner;
        }
    }
    if let Some(m) = body.get("metadata") {
        cart.metadata = m.clone();
    }
    cart.changed(call.now);
    st.carts[ci] = cart;
    cart_resp(call, st, ci, fields.as_deref())
}

fn placeholder() -> Cart {
    Cart {
        id: String::new(),
        region_id: String::new(),
        currency: "usd",
        email: None,
        customer_id: None,
        lines: Vec::new(),
        shipping_address: None,
        billing_address: None,
        shipping_method: None,
        collection: None,
        metadata: J::Null,
        completed_at: None,
        order_id: None,
        created_at: 0,
        updated_at: 0,
    }
}

pub(super) fn add_line_item(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    let line = match line_of(call, &st.carts[ci], &call.body) {
        Ok(line) => line,
        Err(resp) => return resp,
    };
    let cart = &mut st.carts[ci];
    add_line(cart, line);
    cart.changed(call.now);
    cart_resp(call, st, ci, fields.as_deref())
}

pub(super) fn update_line_item(
    call: &mut Call,
    st: &mut State,
    raw_id: &str,
    raw_line: &str,
) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    let quantity = match call.body.get("quantity") {
        Some(J::Num(q)) if *q >= 0.0 => q.round() as i64,
        Some(J::Num(_)) => {
            return invalid_request(&[
                "Value for field 'quantity' too small, expected at least: '0'".into(),
            ]);
        }
        _ => return invalid_request(&["Field 'quantity' is required".into()]),
    };
    let line_id = percent_decode(raw_line).unwrap_or_else(|| raw_line.to_string());
    let cart = &mut st.carts[ci];
    let Some(li) = cart.lines.iter().position(|l| l.id == line_id) else {
        return not_found_error(&format!("Line item with id: {line_id} was not found"));
    };
    if quantity == 0 {
        cart.lines.remove(li);
    } else {
        cart.lines[li].quantity = quantity;
        if let Some(m @ J::Obj(_)) = call.body.get("metadata") {
            cart.lines[li].metadata = m.clone();
        }
    }
    cart.changed(call.now);
    cart_resp(call, st, ci, fields.as_deref())
}

pub(super) fn delete_line_item(
    call: &mut Call,
    st: &mut State,
    raw_id: &str,
    raw_line: &str,
) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    let line_id = percent_decode(raw_line).unwrap_or_else(|| raw_line.to_string());
    let cart = &mut st.carts[ci];
    // The server answers the same for a line that is not there.
    if let Some(li) = cart.lines.iter().position(|l| l.id == line_id) {
        cart.lines.remove(li);
        cart.changed(call.now);
    }
    let parent = cart_json(call, st, &st.carts[ci], fields.as_deref());
    Resp::json(
        200,
        &jobj(vec![
            ("id", js(&line_id)),
            ("object", js("line-item")),
            ("deleted", J::Bool(true)),
            ("parent", parent),
        ]),
    )
}

fn shipping_option_json(call: &Call, cart: &Cart) -> J {
    let catalog = &call.shared.catalog;
    let priced = cart.currency == "usd";
    let price = jobj(vec![
        (
            "id",
            js(&format!(
                "pset_{}",
                catalog.shipping_option_id.trim_start_matches("so_")
            )),
        ),
        ("is_calculated_price_price_list", J::Bool(false)),
        ("is_calculated_price_tax_inclusive", J::Bool(false)),
        ("calculated_amount", money(SHIPPING_UNITS)),
        ("raw_calculated_amount", raw(SHIPPING_UNITS)),
        ("is_original_price_price_list", J::Bool(false)),
        ("is_original_price_tax_inclusive", J::Bool(false)),
        ("original_amount", money(SHIPPING_UNITS)),
        ("raw_original_amount", raw(SHIPPING_UNITS)),
        ("currency_code", js("usd")),
    ]);
    jobj(vec![
        ("id", js(&catalog.shipping_option_id)),
        ("name", js("Standard Shipping")),
        ("price_type", js("flat")),
        ("provider_id", js("manual_manual")),
        ("data", J::Null),
        (
            "type",
            jobj(vec![
                ("label", js("Standard")),
                ("description", js("Ship in 2-3 days.")),
                ("code", js("standard")),
            ]),
        ),
        (
            "provider",
            jobj(vec![
                ("id", js("manual_manual")),
                ("is_enabled", J::Bool(true)),
            ]),
        ),
        ("calculated_price", if priced { price } else { J::Null }),
        (
            "amount",
            if priced {
                money(SHIPPING_UNITS)
            } else {
                J::Null
            },
        ),
        ("is_tax_inclusive", J::Bool(false)),
        ("insufficient_inventory", J::Bool(false)),
    ])
}

/// Whether the cart's shipping address is in the option's zone (no address: every zone).
fn in_zone(cart: &Cart) -> bool {
    let country = country_of(&cart.shipping_address);
    cart.shipping_address.is_none() || SHIPPING_COUNTRIES.contains(&country.as_str())
}

pub(super) fn list_shipping_options(call: &mut Call, st: &mut State) -> Resp {
    let params = match check_query(call, true, &["cart_id", "is_return"], &[], &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    let Some(cart_id) = params
        .filters
        .iter()
        .find(|(k, _)| k == "cart_id")
        .map(|(_, v)| v.js_string())
    else {
        return invalid_request(&["Field 'cart_id' is required".into()]);
    };
    let Some(ci) = find(st, &cart_id) else {
        return not_found_error(&format!("Cart id not found: {cart_id}"));
    };
    let cart = &st.carts[ci];
    let options = if in_zone(cart) {
        vec![shipping_option_json(call, cart)]
    } else {
        Vec::new()
    };
    Resp::json(200, &jobj(vec![("shipping_options", J::Arr(options))]))
}

pub(super) fn add_shipping_method(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    let option = call
        .body
        .get("option_id")
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_string();
    let cart = &mut st.carts[ci];
    if option != call.shared.catalog.shipping_option_id || !in_zone(cart) {
        return invalid_data("Shipping Options are invalid for cart.");
    }
    if cart.currency != "usd" {
        return invalid_data(&format!(
            "Shipping options with IDs {option} do not have a price"
        ));
    }
    let id = match &cart.shipping_method {
        Some((id, _)) => id.clone(),
        None => call.shared.keys.new_id("casm", call.now),
    };
    cart.shipping_method = Some((id, option));
    cart.changed(call.now);
    cart_resp(call, st, ci, fields.as_deref())
}

pub(super) fn promotions(call: &mut Call, st: &mut State, raw_id: &str, add: bool) -> Resp {
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let body = call.body.clone();
    if let Err(resp) = strict(&body, &["promo_codes"]) {
        return resp;
    }
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    if add && let Some(resp) = promo_codes_error(&body) {
        return resp;
    }
    cart_resp(call, st, ci, fields.as_deref())
}

pub(super) fn transfer_cart(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let Some(customer) = customer_of(call, st) else {
        return unauthorized();
    };
    let fields = match fields_only(call) {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let ci = match open_cart(st, raw_id, true) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    let (id, email) = (
        st.customers[customer].id.clone(),
        st.customers[customer].email.clone(),
    );
    let cart = &mut st.carts[ci];
    cart.customer_id = Some(id);
    cart.email = Some(email);
    cart.updated_at = call.now;
    cart_resp(call, st, ci, fields.as_deref())
}

pub(super) fn list_payment_providers(call: &mut Call) -> Resp {
    let params = match check_query(call, true, &["region_id"], &[], &[]) {
        Ok(p) => p,
        Err(resp) => return resp,
    };
    if !params.filters.iter().any(|(k, _)| k == "region_id") {
        return invalid_request(&["Field 'region_id' is required".into()]);
    }
    Resp::json(
        200,
        &jobj(vec![
            (
                "payment_providers",
                J::Arr(vec![jobj(vec![
                    ("id", js(PROVIDER_ID)),
                    ("is_enabled", J::Bool(true)),
                ])]),
            ),
            ("count", J::Num(1.0)),
            ("offset", J::Num(params.offset as f64)),
            ("limit", J::Num(params.limit.min(20) as f64)),
        ]),
    )
}

pub(super) fn create_payment_collection(call: &mut Call, st: &mut State) -> Resp {
    if let Err(resp) = strict(&call.body, &["cart_id"]) {
        return resp;
    }
    let cart_id = call
        .body
        .get("cart_id")
        .and_then(J::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(ci) = find(st, &cart_id) else {
        return cart_not_found(&cart_id);
    };
    let cart = &mut st.carts[ci];
    if cart.collection.is_none() {
        cart.collection = Some(Collection {
            id: call.shared.keys.new_id("pay_col", call.now),
            created_at: call.now,
            session: None,
        });
    }
    let cart = &st.carts[ci];
    let c = cart.collection.as_ref().expect("made above");
    Resp::json(
        200,
        &jobj(vec![(
            "payment_collection",
            collection_json(cart, c, false),
        )]),
    )
}

pub(super) fn create_payment_session(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    if let Err(resp) = strict(&call.body, &["provider_id", "data"]) {
        return resp;
    }
    let id = percent_decode(raw_id).unwrap_or_else(|| raw_id.to_string());
    let Some(ci) = st
        .carts
        .iter()
        .position(|c| c.collection.as_ref().is_some_and(|c| c.id == id))
    else {
        return not_found_error(&format!("Payment collection with id: {id} was not found"));
    };
    let provider = call
        .body
        .get("provider_id")
        .and_then(J::as_str)
        .unwrap_or_default();
    let cart = &mut st.carts[ci];
    if provider != PROVIDER_ID {
        return invalid_data(&format!(
            "Payment provider {provider} is not enabled in the cart's region {}.",
            cart.region_id
        ));
    }
    let session = (call.shared.keys.new_id("payses", call.now), call.now);
    if let Some(c) = &mut cart.collection {
        c.session = Some(session);
    }
    let cart = &st.carts[ci];
    let c = cart.collection.as_ref().expect("found by it");
    Resp::json(
        200,
        &jobj(vec![(
            "payment_collection",
            collection_json(cart, c, false),
        )]),
    )
}

pub(super) fn complete_cart(call: &mut Call, st: &mut State, raw_id: &str) -> Resp {
    let ci = match open_cart(st, raw_id, false) {
        Ok(ci) => ci,
        Err(resp) => return resp,
    };
    if let Some(order_id) = st.carts[ci].order_id.clone() {
        return completion(st, &order_id);
    }
    let cart = &st.carts[ci];
    if cart.lines.is_empty() {
        return invalid_data("Cannot complete a cart with no items");
    }
    let Some(collection) = &cart.collection else {
        return invalid_data("Payment collection has not been initiated for cart");
    };
    if collection.session.is_none() {
        return invalid_data("Payment sessions are required to complete cart");
    }
    if cart.shipping_method.is_none() {
        return invalid_data(
            "No shipping method selected but the cart contains items that require shipping.",
        );
    }
    st.next_display_id += 1;
    let order = order_of_cart(call, st, ci, st.next_display_id);
    let order_id = order.id.clone();
    st.orders.push(order);
    let cart = &mut st.carts[ci];
    cart.completed_at = Some(call.now);
    cart.order_id = Some(order_id.clone());
    completion(st, &order_id)
}

/// `{"type": "order", "order"}`: the order without the statuses and `version`.
fn completion(st: &State, order_id: &str) -> Resp {
    let Some(order) = st.orders.iter().find(|o| o.id == order_id) else {
        return unknown_error();
    };
    let mut view = order.view.clone();
    if let J::Obj(m) = &mut view {
        m.retain(|(k, _)| {
            ![
                "version",
                "fulfillments",
                "payment_status",
                "fulfillment_status",
            ]
            .contains(&k.as_str())
        });
    }
    Resp::json(200, &jobj(vec![("type", js("order")), ("order", view)]))
}

/// The order of a cart, made from the recorded order (one line of the template per line).
fn order_of_cart(call: &Call, st: &State, ci: usize, display_id: u64) -> Order {
    let cart = &st.carts[ci];
    let keys = &call.shared.keys;
    let now = call.now;
    let mut o = call.shared.template.clone();
    restamp(&mut o, &iso(now));
    let id = keys.new_id("order", now);
    let t = cart.totals();
    let total = cart.total();
    o.set("id", js(&id));
    o.set("status", js("pending"));
    o.set("display_id", J::Num(display_id as f64));
    o.set("region_id", js(&cart.region_id));
    o.set("currency_code", js(cart.currency));
    o.set("email", cart.email.as_ref().map_or(J::Null, |e| js(e)));
    o.set("payment_status", js("authorized"));
    o.set("fulfillment_status", js("not_fulfilled"));
    for (key, units) in [
        ("total", total),
        ("subtotal", t.items + t.shipping),
        ("original_total", total),
        ("original_subtotal", t.items + t.shipping),
        ("tax_total", t.item_tax),
        ("original_tax_total", t.item_tax),
        ("item_total", t.items + t.item_tax),
        ("item_subtotal", t.items),
        ("item_tax_total", t.item_tax),
        ("original_item_total", t.items + t.item_tax),
        ("original_item_subtotal", t.items),
        ("original_item_tax_total", t.item_tax),
        ("shipping_total", t.shipping),
        ("shipping_subtotal", t.shipping),
        ("original_shipping_subtotal", t.shipping),
        ("original_shipping_total", t.shipping),
    ] {
        if o.get(key).is_some() {
            o.set(key, money(units));
        }
    }
    if let Some(summary) = o.get_mut("summary") {
        for (key, units) in [
            ("paid_total", 0),
            ("refunded_total", 0),
            ("accounting_total", total),
            ("credit_line_total", 0),
            ("transaction_total", 0),
            ("pending_difference", total),
            ("current_order_total", total),
            ("original_order_total", total),
        ] {
            set_units(summary, key, units);
        }
    }
    let template_item = first_mut(&mut o, "items").cloned().unwrap_or(J::Null);
    let rate = tax_rate(&country_of(&cart.shipping_address));
    let items: Vec<J> = cart
        .lines
        .iter()
        .map(|l| {
            let mut item = template_item.clone();
            let p = product(call, &l.variant_id);
            let item_id = keys.new_id("ordli", now);
            let subtotal = l.unit * l.quantity;
            let tax = subtotal * rate / 100;
            item.set("id", js(&item_id));
            if let Some(p) = p {
                item.set("title", js(p.title));
                item.set("subtitle", js(p.variant_title));
                item.set("product_id", js(&p.product_id));
                item.set("product_title", js(p.title));
                item.set("product_description", js(p.description));
                item.set("product_handle", js(p.handle));
                item.set("variant_sku", js(p.sku));
                item.set("variant_title", js(p.variant_title));
            }
            item.set("variant_id", js(&l.variant_id));
            set_units(&mut item, "unit_price", l.unit);
            set_units(&mut item, "quantity", l.quantity * 10_000);
            for (key, units) in [
                ("subtotal", subtotal),
                ("original_subtotal", subtotal),
                ("total", subtotal + tax),
                ("original_total", subtotal + tax),
                ("tax_total", tax),
                ("original_tax_total", tax),
                ("refundable_total", subtotal + tax),
                ("refundable_total_per_unit", l.unit),
                ("fulfilled_total", 0),
                ("shipped_total", 0),
            ] {
                set_units(&mut item, key, units);
            }
            if let Some(detail) = item.get_mut("detail") {
                detail.set("id", js(&keys.new_id("orditem", now)));
                detail.set("order_id", js(&id));
                detail.set("item_id", js(&item_id));
                set_units(detail, "quantity", l.quantity * 10_000);
                for key in [
                    "fulfilled_quantity",
                    "delivered_quantity",
                    "shipped_quantity",
                ] {
                    set_units(detail, key, 0);
                }
            }
            if let Some(variant) = item.get_mut("variant") {
                variant.set("id", js(&l.variant_id));
            }
            item
        })
        .collect();
    o.set("items", J::Arr(items));
    for (key, address) in [
        ("shipping_address", &cart.shipping_address),
        ("billing_address", &cart.billing_address),
    ] {
        match (o.get_mut(key), address) {
            (Some(target), Some(a)) => {
                target.set("id", js(&keys.new_id("ordaddr", now)));
                for field in ADDRESS_FIELDS.iter().filter(|k| **k != "metadata") {
                    target.set(field, a.get(field).cloned().unwrap_or(J::Null));
                }
            }
            (Some(_), None) => o.set(key, J::Null),
            _ => {}
        }
    }
    if let Some(method) = first_mut(&mut o, "shipping_methods") {
        let method_id = keys.new_id("ordsm", now);
        method.set("id", js(&method_id));
        method.set(
            "shipping_option_id",
            js(&call.shared.catalog.shipping_option_id),
        );
        method.set("order_id", js(&id));
        if let Some(detail) = method.get_mut("detail") {
            detail.set("id", js(&keys.new_id("ordspmv", now)));
            detail.set("order_id", js(&id));
            detail.set("shipping_method_id", js(&method_id));
        }
    }
    if let Some(collection) = first_mut(&mut o, "payment_collections") {
        let c = cart.collection.as_ref();
        collection.set("id", js(&c.map_or_else(String::new, |c| c.id.clone())));
        collection.set("status", js("authorized"));
        collection.set("completed_at", J::Null);
        set_units(collection, "amount", total);
        set_units(collection, "authorized_amount", total);
        set_units(collection, "captured_amount", 0);
        set_units(collection, "refunded_amount", 0);
    }
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
        customer_id: cart.customer_id.clone().unwrap_or_default(),
        status: "pending",
        created_at: now,
        view: o,
        list,
    }
}
