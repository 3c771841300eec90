//! The checkout soak's clients: the crate's typed calls ([`Crate`]), a naive client ([`Naive`]:
//! the same steps through the escape hatch with blind retries), and the set-up and read-back
//! ([`Direct`], without the proxy).

use std::sync::Arc;
use std::time::Duration;

use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::admin::Admin;
use medusa_blocking::v2::models::{Cart, Completion, Order};
use medusa_blocking::v2::store::params::{
    AddShippingMethod, CartAddressInput, Checkout, CreateCart, CreateCustomer,
    InitiatePaymentSession, LineItem, ListRegions, PriceContext, ShippingChoice, UpdateCart,
    UpdateLineItem,
};
use serde_json::{Value, json};

use super::checkout::{
    CartView, Catalog, CheckoutDriver, CheckoutTarget, MakeCheckout, NewCart, OrderView, ReadOrder,
    Setup, address_json, cart_json, order_of,
};
use super::naive::blind;
use super::{Out, map_err, out};

/// A v2 client as a soaked checkout would build one: retries on, short delays; logged in with
/// `token` when given.
fn client(url: &str, key: &str, token: Option<&str>, retries: u32) -> Medusa {
    let mut b = Medusa::builder(url)
        .publishable_api_key(key)
        .max_retries(retries)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(100))
        .retry_after_max(Duration::from_secs(2))
        .timeout(Duration::from_secs(20));
    if let Some(t) = token {
        b = b.bearer_token(t);
    }
    b.build().expect("a v2 client")
}

/// The target: the crate's client or the naive one.
pub fn target(url: String, key: String, secret: String, naive: bool) -> CheckoutTarget {
    let k = key.clone();
    let make: MakeCheckout = if naive {
        Arc::new(move |u: &str, t: Option<&str>| {
            Box::new(Naive {
                m: client(u, &k, t, 0),
                url: u.into(),
                key: k.clone(),
            }) as Box<dyn CheckoutDriver>
        })
    } else {
        Arc::new(move |u: &str, t: Option<&str>| {
            Box::new(Crate {
                m: client(u, &k, t, 3),
                url: u.into(),
                key: k.clone(),
            }) as Box<dyn CheckoutDriver>
        })
    };
    CheckoutTarget {
        setup: Arc::new(Direct {
            m: client(&url, &key, None, 3),
            url: url.clone(),
            key,
            secret,
        }),
        url,
        make,
    }
}

fn address(city: &str) -> CartAddressInput {
    CartAddressInput {
        province: Some("il".into()),
        ..CartAddressInput::new("Soak", "Checkout", "1 Main St", city, "us", "62701")
    }
}

fn view(c: &Cart) -> CartView {
    CartView {
        id: c.id.clone(),
        lines: c
            .items
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.variant_id.clone().unwrap_or_default(),
                    l.quantity,
                )
            })
            .collect(),
    }
}

fn order(o: &Order) -> OrderView {
    let mut items = std::collections::BTreeMap::new();
    for i in o.items.as_deref().unwrap_or_default() {
        *items
            .entry(i.variant_id.clone().unwrap_or_default())
            .or_default() += i.quantity;
    }
    OrderView {
        id: o.id.clone(),
        items,
        total: o
            .summary
            .as_ref()
            .and_then(|s| s.raw_current_order_total)
            .or(o.total),
        payment_status: None,
    }
}

fn map<A, B>(o: Out<A>, f: impl FnOnce(A) -> B) -> Out<B> {
    match o {
        Out::Ok(a) => Out::Ok(f(a)),
        other => map_err(other),
    }
}

// ---------------------------------------------------------------- the crate

/// The crate's client.
pub struct Crate {
    m: Medusa,
    url: String,
    key: String,
}

impl CheckoutDriver for Crate {
    fn fork(&self) -> Box<dyn CheckoutDriver> {
        Box::new(Crate {
            m: self.m.clone(),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn guest(&self) -> Box<dyn CheckoutDriver> {
        Box::new(Crate {
            m: client(&self.url, &self.key, None, 3),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn create_cart(&self, c: &NewCart) -> Out<CartView> {
        let cart = CreateCart {
            email: c.email.clone(),
            items: c.items.iter().map(|(v, q)| LineItem::new(v, *q)).collect(),
            shipping_address: Some(address(&c.city)),
            billing_address: Some(address(&c.city)),
            metadata: Some(c.metadata.clone()),
            ..CreateCart::in_region(&c.region_id)
        };
        map(out(self.m.carts().create(&cart)), |c| view(&c))
    }
    fn retrieve(&self, cart: &str) -> Out<CartView> {
        map(out(self.m.carts().retrieve(cart)), |c| view(&c))
    }
    fn add_line(&self, cart: &str, variant: &str, quantity: u32) -> Out<CartView> {
        map(
            out(self
                .m
                .carts()
                .add_line_item(cart, &LineItem::new(variant, quantity))),
            |c| view(&c),
        )
    }
    fn set_quantity(&self, cart: &str, line: &str, quantity: u32) -> Out<CartView> {
        map(
            out(self
                .m
                .carts()
                .update_line_item(cart, line, &UpdateLineItem::quantity(quantity))),
            |c| view(&c),
        )
    }
    fn delete_line(&self, cart: &str, line: &str) -> Out<()> {
        map(out(self.m.carts().delete_line_item(cart, line)), |_| ())
    }
    fn update(&self, cart: &str, email: Option<&str>, city: &str) -> Out<()> {
        let u = UpdateCart {
            email: email.map(str::to_string),
            ..UpdateCart::shipping_to(address(city))
        };
        map(out(self.m.carts().update(cart, &u)), |_| ())
    }
    fn shipping_options(&self, cart: &str, name: &str) -> Out<Vec<String>> {
        map(out(self.m.carts().shipping_options(cart)), |os| {
            os.into_iter()
                .filter(|o| o.name.as_deref() == Some(name))
                .map(|o| o.id)
                .collect()
        })
    }
    fn add_shipping(&self, cart: &str, option: &str) -> Out<()> {
        map(
            out(self
                .m
                .carts()
                .add_shipping_method(cart, &AddShippingMethod::option(option))),
            |_| (),
        )
    }
    fn open_session(&self, cart: &str) -> Out<()> {
        let c = match out(self.m.carts().retrieve(cart)) {
            Out::Ok(c) => c,
            other => return map_err(other),
        };
        map(
            out(self
                .m
                .carts()
                .initiate_payment_session(&c, &InitiatePaymentSession::system())),
            |_| (),
        )
    }
    fn checkout(&self, cart: &str) -> Out<OrderView> {
        map(
            out(self.m.carts().checkout(cart, "pp_system_default")),
            |o| order(&o),
        )
    }
    fn complete(&self, cart: &str) -> Out<Option<OrderView>> {
        map(out(self.m.carts().complete(cart)), |c| match c {
            Completion::Order(o) => Some(order(&o)),
            _ => None,
        })
    }
    fn place_order(&self, c: &NewCart, option: &str) -> Out<OrderView> {
        let checkout = Checkout {
            email: c.email.clone(),
            metadata: Some(c.metadata.clone()),
            ..Checkout::new(
                &c.region_id,
                c.items.iter().map(|(v, q)| LineItem::new(v, *q)).collect(),
                address(&c.city),
                ShippingChoice::Option(option.into()),
            )
        };
        map(out(self.m.carts().place_order(&checkout)), |o| order(&o))
    }
}

// ---------------------------------------------------------------- the naive client

/// The same steps through the escape hatch, the crate's retries off and blind retries on
/// anything that is not a 4xx (the last answer taken as the truth; it never says "unknown").
pub struct Naive {
    m: Medusa,
    url: String,
    key: String,
}

impl Naive {
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Out<Value> {
        blind(|| {
            let r = self.m.request(method, path);
            let r = match &body {
                Some(b) => r.json(b),
                None => r,
            };
            r.send::<Value>()
        })
    }
    fn cart(&self, method: &str, path: &str, body: Option<Value>) -> Out<CartView> {
        map(self.send(method, path, body), |v| cart_view(&v["cart"]))
    }
}

fn cart_view(c: &Value) -> CartView {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    CartView {
        id: s(&c["id"]),
        lines: c["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|l| {
                (
                    s(&l["id"]),
                    s(&l["variant_id"]),
                    l["quantity"].as_i64().unwrap_or(0),
                )
            })
            .collect(),
    }
}

impl CheckoutDriver for Naive {
    fn fork(&self) -> Box<dyn CheckoutDriver> {
        Box::new(Naive {
            m: self.m.clone(),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn guest(&self) -> Box<dyn CheckoutDriver> {
        Box::new(Naive {
            m: client(&self.url, &self.key, None, 0),
            url: self.url.clone(),
            key: self.key.clone(),
        })
    }
    fn create_cart(&self, c: &NewCart) -> Out<CartView> {
        self.cart("POST", "/store/carts", Some(cart_json(c)))
    }
    fn retrieve(&self, cart: &str) -> Out<CartView> {
        self.cart("GET", &format!("/store/carts/{cart}"), None)
    }
    fn add_line(&self, cart: &str, variant: &str, quantity: u32) -> Out<CartView> {
        self.cart(
            "POST",
            &format!("/store/carts/{cart}/line-items"),
            Some(json!({"variant_id": variant, "quantity": quantity})),
        )
    }
    fn set_quantity(&self, cart: &str, line: &str, quantity: u32) -> Out<CartView> {
        self.cart(
            "POST",
            &format!("/store/carts/{cart}/line-items/{line}"),
            Some(json!({ "quantity": quantity })),
        )
    }
    fn delete_line(&self, cart: &str, line: &str) -> Out<()> {
        map(
            self.send(
                "DELETE",
                &format!("/store/carts/{cart}/line-items/{line}"),
                None,
            ),
            |_| (),
        )
    }
    fn update(&self, cart: &str, email: Option<&str>, city: &str) -> Out<()> {
        let mut body = json!({ "shipping_address": address_json(city) });
        if let Some(e) = email {
            body["email"] = json!(e);
        }
        map(
            self.send("POST", &format!("/store/carts/{cart}"), Some(body)),
            |_| (),
        )
    }
    fn shipping_options(&self, cart: &str, name: &str) -> Out<Vec<String>> {
        map(
            self.send(
                "GET",
                &format!("/store/shipping-options?cart_id={cart}"),
                None,
            ),
            |v| {
                v["shipping_options"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|o| o["name"].as_str() == Some(name))
                    .filter_map(|o| o["id"].as_str().map(str::to_string))
                    .collect()
            },
        )
    }
    fn add_shipping(&self, cart: &str, option: &str) -> Out<()> {
        map(
            self.send(
                "POST",
                &format!("/store/carts/{cart}/shipping-methods"),
                Some(json!({ "option_id": option })),
            ),
            |_| (),
        )
    }
    fn open_session(&self, cart: &str) -> Out<()> {
        let collection = match self.send(
            "POST",
            "/store/payment-collections",
            Some(json!({ "cart_id": cart })),
        ) {
            Out::Ok(v) => v["payment_collection"]["id"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            other => return map_err(other),
        };
        map(
            self.send(
                "POST",
                &format!("/store/payment-collections/{collection}/payment-sessions"),
                Some(json!({"provider_id": "pp_system_default"})),
            ),
            |_| (),
        )
    }
    fn checkout(&self, cart: &str) -> Out<OrderView> {
        // What a storefront does: a session, then complete.
        match self.open_session(cart) {
            Out::Ok(()) => {}
            other => return map_err(other),
        }
        match self.complete(cart) {
            Out::Ok(Some(o)) => Out::Ok(o),
            Out::Ok(None) => Out::Definite(Some(422), "payment error".into()),
            other => map_err(other),
        }
    }
    fn complete(&self, cart: &str) -> Out<Option<OrderView>> {
        map(
            self.send(
                "POST",
                &format!("/store/carts/{cart}/complete"),
                Some(json!({})),
            ),
            |v| (v["type"] == "order").then(|| order_of(&v["order"])),
        )
    }
    fn place_order(&self, c: &NewCart, option: &str) -> Out<OrderView> {
        let cart = match self.create_cart(c) {
            Out::Ok(v) => v.id,
            other => return map_err(other),
        };
        match self.add_shipping(&cart, option) {
            Out::Ok(()) => {}
            other => return map_err(other),
        }
        self.checkout(&cart)
    }
}

// ---------------------------------------------------------------- set-up and read-back

/// The set-up and the read-back, without the proxy.
pub struct Direct {
    m: Medusa,
    url: String,
    key: String,
    secret: String,
}

impl Direct {
    fn admin(&self) -> Result<Admin, String> {
        Admin::builder(&self.url)
            .secret_api_key(&self.secret)
            .max_retries(3)
            .build()
            .map_err(|e| e.to_string())
    }
}

impl Setup for Direct {
    fn catalog(&self) -> Catalog {
        let region_id = self
            .m
            .regions()
            .iter(&ListRegions::default())
            .map(|r| r.expect("GET /store/regions"))
            .find(|r| r.name.as_deref() == Some("US"))
            .expect("the seed's region US")
            .id;
        let variant = |handle: &str, sku: &str| -> String {
            self.m
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
        let ids = [
            variant("acceptance-sticker", "ACC-STICKER"),
            variant("acceptance-tshirt", "ACC-TSHIRT-M"),
        ];
        // A cart of one of each: the prices in the region, the option, the server's now.
        let cart = self
            .m
            .carts()
            .create(&CreateCart {
                items: ids.iter().map(|v| LineItem::new(v, 1)).collect(),
                shipping_address: Some(address("Springfield")),
                ..CreateCart::in_region(&region_id)
            })
            .expect("a cart for the set-up");
        let variants = ids
            .iter()
            .map(|v| {
                let line = cart
                    .items
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .find(|l| l.variant_id.as_deref() == Some(v))
                    .cloned()
                    .expect("the set-up cart's line");
                (
                    v.clone(),
                    line.raw_unit_price
                        .or(line.unit_price)
                        .expect("a unit price"),
                )
            })
            .collect();
        let option_name = "Standard Shipping".to_string();
        let option = self
            .m
            .carts()
            .shipping_options(&cart.id)
            .expect("the set-up cart's shipping options")
            .into_iter()
            .find(|o| o.name.as_deref() == Some(option_name.as_str()))
            .expect("the seed's Standard Shipping");
        Catalog {
            region_id,
            variants,
            option_id: option.id.clone(),
            shipping: option.price().expect("the option's price"),
            option_name,
            since: cart.created_at.expect("the cart's created_at"),
        }
    }
    fn register(&self, email: &str, password: &str) -> String {
        let m = client(&self.url, &self.key, None, 3);
        m.customers()
            .create(&CreateCustomer::new(email, password))
            .unwrap_or_else(|e| panic!("register {email}: {e}"));
        m.bearer_token()
            .expect("logged in after registering")
            .secret()
            .to_string()
    }
    fn cancel(&self, orders: &[String]) -> usize {
        let Ok(admin) = self.admin() else { return 0 };
        orders
            .iter()
            .filter(|id| {
                admin
                    .post::<Value, _>(&format!("/admin/orders/{id}/cancel"), &json!({}))
                    .is_ok()
            })
            .count()
    }
    fn orders_since(&self, since: &str) -> Result<Vec<ReadOrder>, String> {
        let admin = self.admin()?;
        let mut all = Vec::new();
        let since = since.replace(':', "%3A").replace('+', "%2B");
        loop {
            let path = format!(
                "/admin/orders?limit=100&offset={}&order=created_at&created_at[$gte]={since}\
                 &fields=id,total,summary.*,items.variant_id,items.quantity,cart.id,cart.metadata,payment_status",
                all.len()
            );
            let page: Value = admin.get(&path).map_err(|e| format!("GET {path}: {e}"))?;
            let orders = page["orders"].as_array().cloned().unwrap_or_default();
            let n = orders.len();
            for o in orders {
                all.push(ReadOrder {
                    order: order_of(&o),
                    cart_id: o["cart"]["id"].as_str().map(str::to_string),
                    cart_meta: o["cart"]["metadata"]
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                });
            }
            let count = page["count"].as_u64().unwrap_or(0) as usize;
            if n == 0 || all.len() >= count {
                return Ok(all);
            }
        }
    }
}
