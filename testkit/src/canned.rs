//! A canned Medusa v1 Store backend for the benchmarks and the cold-start example, on the kit's
//! [`crate::http`] plumbing.
//!
//! Plain HTTP/1.1 keep-alive on 127.0.0.1, one thread per connection. It answers three routes with
//! bodies built from real Medusa 1.20 captures (`tests/fixtures/captures/`) and Express's headers,
//! rendered once at start:
//!
//! - `GET /store/customers/me`: a customer with a billing address and two shipping addresses
//!   (about 1.5 KB);
//! - `GET /store/customers/me/orders`: a page of 10 full orders, each a copy of the real order of
//!   `84-orders-one.body` with its own ids; with [`Orders::Paged`], the page at `offset` of a
//!   list of `total` orders, so that `iter_orders` can walk 1,000 pages;
//! - `POST /store/customers`: the created customer, with a `Set-Cookie: connect.sid=…`.
//!
//! A request that carries `x-publishable-api-key` is a Medusa v2 call, answered from real Medusa
//! 2.21.2 captures (`tests/fixtures/v2/captures/`):
//!
//! - `GET /store/customers/me`: the captured v2 customer;
//! - `GET /store/orders`: a page of 10 orders, each a copy of the real order of
//!   `089-orders-get.body` with its own id;
//! - `GET /store/products`: a product page with prices, 20 copies of the real T-shirt of
//!   `tests/fixtures/v2/shop/products-list-eu-de.json` (eur, with tax) with their own ids.
//!
//! Anything else is a 404. The server stops when its handle is dropped.

use std::io;
use std::net::ToSocketAddrs;
use std::sync::Arc;

use crate::http::{self, Options, Request};

const ORDERS_ONE: &str = include_str!("../../tests/fixtures/captures/84-orders-one.body");
const CREATED: &str = include_str!("../../tests/fixtures/captures/05-customers-create.body");
const ME_WITH_ADDRESS: &str = include_str!("../../tests/fixtures/captures/72-me-with-address.body");

const V2_ORDER: &str = include_str!("../../tests/fixtures/v2/captures/089-orders-get.body");
const V2_ME: &str = include_str!("../../tests/fixtures/v2/captures/031-customers-me.body");
const V2_PRODUCTS: &str = include_str!("../../tests/fixtures/v2/shop/products-list-eu-de.json");
/// The id of the recorded T-shirt; each copy gets its own.
const V2_PRODUCT_ID: &str = "prod_01M93Q7C0W7AGZWFSGY0DH7014";
/// The id of the captured v2 order; each copy gets its own.
const V2_ORDER_ID: &str = "order_01M8CF9TEHGP8GY6X1ZADX3KYC";

/// The order id and line item id of the captured order; each copy gets its own.
const ORDER_ID: &str = "order_01M8CDCBX58KP8GRVKZKDKH194";
const ITEM_ID: &str = "item_01M8CDCB4H24HJBVYCRD8AX6RP";
/// The id of the captured customer's address; the canned customer has two more.
const ADDRESS_ID: &str = "addr_01M8CDCAN37E9HF9Z5XZKCSTWM";

/// The session cookie a registration sets (as Medusa sends it).
pub const SET_COOKIE: &str = "connect.sid=s%3Ao3L33Qdz0MAyFWb8UFoplgpHUpUxjMi2.P781B%2BdH%2BEgx6m1kx5DUF3qk4CKNarAbXV0kBfq1T6I; Path=/; Expires=Fri, 27 Nov 2099 03:10:15 GMT; HttpOnly";

/// What the orders route answers.
#[derive(Clone, Copy, Debug)]
pub enum Orders {
    /// The same page of 10 orders on every call (`count` 10).
    Fixed,
    /// Pages of 10 out of `total` orders, by the `offset` query parameter, with distinct ids.
    Paged {
        /// How many orders the list holds.
        total: u64,
    },
}

/// The text of the one captured order (`{"object":"order",…}`).
pub fn order_template() -> &'static str {
    let start = ORDERS_ONE.find("[{").expect("orders array") + 1;
    let end = ORDERS_ONE
        .rfind("}],\"count\"")
        .expect("end of orders array")
        + 1;
    &ORDERS_ONE[start..end]
}

/// The captured order with the ids of order number `n`.
pub fn order(n: u64) -> String {
    order_template()
        .replace(ORDER_ID, &format!("order_01M8CDCBX58KP8GRVK{n:08}"))
        .replace(ITEM_ID, &format!("item_01M8CDCB4H24HJBVYCRD{n:06}"))
}

/// A page of orders `offset..offset + len` out of `count`, as the server sends it.
pub fn orders_page(offset: u64, len: u64, count: u64) -> String {
    let mut body = String::from("{\"orders\":[");
    for n in offset..offset + len {
        if n > offset {
            body.push(',');
        }
        body.push_str(&order(n));
    }
    body.push_str(&format!(
        "],\"count\":{count},\"offset\":{offset},\"limit\":10}}"
    ));
    body
}

/// A v2 page of 10 copies of the captured v2 order (`GET /store/orders`), with distinct ids.
pub fn v2_ten_orders() -> String {
    let start = V2_ORDER.find("{\"id\"").expect("v2 order object");
    let end = V2_ORDER.rfind('}').expect("end of the envelope");
    let order = &V2_ORDER[start..end];
    let orders: Vec<String> = (0..10)
        .map(|n| order.replace(V2_ORDER_ID, &format!("order_01M8CF9TEHGP8GY6X1ZA{n:06}")))
        .collect();
    format!(
        "{{\"orders\":[{}],\"count\":10,\"offset\":0,\"limit\":50}}",
        orders.join(",")
    )
}

/// A v2 product page with prices (`GET /store/products?region_id=…&country_code=de`): 20 copies
/// of the recorded T-shirt with its variant, options and `calculated_price`, distinct ids.
pub fn v2_product_page() -> String {
    let start = V2_PRODUCTS.find("{\"id\"").expect("v2 product object");
    let end = V2_PRODUCTS
        .find(",{\"id\":\"prod_")
        .expect("second product");
    let product = &V2_PRODUCTS[start..end];
    let products: Vec<String> = (0..20)
        .map(|n| product.replace(V2_PRODUCT_ID, &format!("prod_01M93Q7C0W7AGZWFSGY0{n:06}")))
        .collect();
    format!(
        "{{\"products\":[{}],\"count\":20,\"offset\":0,\"limit\":50}}",
        products.join(",")
    )
}

/// `GET /store/customers/me` of v2: the captured customer.
pub fn v2_customer_me() -> &'static str {
    V2_ME.trim_end()
}

/// The 10-order page of [`Orders::Fixed`].
pub fn ten_orders() -> String {
    orders_page(0, 10, 10)
}

/// `GET /store/customers/me`: the captured customer with a billing address and a second shipping
/// address, about 1.5 KB.
pub fn customer_me() -> String {
    let start = ME_WITH_ADDRESS
        .find("\"shipping_addresses\":[{")
        .expect("shipping address")
        + "\"shipping_addresses\":[".len();
    let address = &ME_WITH_ADDRESS[start..ME_WITH_ADDRESS.len() - "]}}".len()];
    // The captured address with these replacements, in order.
    let variant = |swaps: &[(&str, &str)]| {
        swaps
            .iter()
            .fold(address.to_string(), |a, (from, to)| a.replace(from, to))
    };
    let billing = variant(&[
        (ADDRESS_ID, "addr_01M8CDCAN37E9HF9Z5XZKCBILL"),
        ("\"Apt 4\"", "null"),
        ("{\"kind\":\"home\"}", "null"),
    ]);
    let work = variant(&[
        (ADDRESS_ID, "addr_01M8CDCAN37E9HF9Z5XZKCWORK"),
        ("\"1 Main St\"", "\"500 Industrial Way\""),
        ("{\"kind\":\"home\"}", "{\"kind\":\"work\"}"),
    ]);
    ME_WITH_ADDRESS
        .replacen(
            "\"billing_address_id\":null",
            "\"billing_address_id\":\"addr_01M8CDCAN37E9HF9Z5XZKCBILL\"",
            1,
        )
        .replacen(
            "\"billing_address\":null",
            &format!("\"billing_address\":{billing}"),
            1,
        )
        .replacen(address, &format!("{address},{work}"), 1)
}

/// `POST /store/customers`: the captured registration answer.
pub fn created_customer() -> &'static str {
    CREATED
}

/// A full HTTP/1.1 response with Express's headers.
pub fn response(status: &str, body: &[u8], set_cookie: Option<&str>) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nX-Powered-By: Express\r\nVary: Origin\r\n\
         Access-Control-Allow-Credentials: true\r\nContent-Type: application/json; charset=utf-8\r\n\
         Content-Length: {}\r\nETag: W/\"{:x}-canned\"\r\n",
        body.len(),
        body.len()
    );
    if let Some(cookie) = set_cookie {
        head.push_str("Set-Cookie: ");
        head.push_str(cookie);
        head.push_str("\r\n");
    }
    head.push_str(
        "Date: Thu, 26 Nov 2026 17:10:20 GMT\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n",
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

struct Canned {
    v2_me: Vec<u8>,
    v2_orders: Vec<u8>,
    v2_products: Vec<u8>,
    me: Vec<u8>,
    orders: Vec<u8>,
    created: Vec<u8>,
    not_found: Vec<u8>,
    mode: Orders,
}

impl Canned {
    fn answer(&self, req: &Request) -> Vec<u8> {
        if req.header("x-publishable-api-key").is_some() {
            return match (req.method.as_str(), req.path()) {
                ("GET", "/store/customers/me") => self.v2_me.clone(),
                ("GET", "/store/orders") => self.v2_orders.clone(),
                ("GET", "/store/products") => self.v2_products.clone(),
                _ => self.not_found.clone(),
            };
        }
        match (req.method.as_str(), req.path()) {
            ("GET", "/store/customers/me") => self.me.clone(),
            ("POST", "/store/customers") => self.created.clone(),
            ("GET", "/store/customers/me/orders") => match self.mode {
                Orders::Fixed => self.orders.clone(),
                Orders::Paged { total } => {
                    let offset = req
                        .query()
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("offset="))
                        .and_then(|v| v.parse::<u64>().ok())
                        .unwrap_or(0);
                    let len = total.saturating_sub(offset).min(10);
                    let page = orders_page(offset, len, total);
                    response("200 OK", page.as_bytes(), None)
                }
            },
            _ => self.not_found.clone(),
        }
    }
}

/// A running canned server; stopped when dropped.
pub struct Server {
    server: http::Server,
}

impl Server {
    /// Starts the server on an ephemeral port of 127.0.0.1, in background threads.
    pub fn start(mode: Orders) -> io::Result<Server> {
        Server::start_on("127.0.0.1:0", mode)
    }

    /// Starts the server on `addr`.
    pub fn start_on(addr: impl ToSocketAddrs, mode: Orders) -> io::Result<Server> {
        let canned = Arc::new(Canned {
            v2_me: response("200 OK", v2_customer_me().as_bytes(), None),
            v2_orders: response("200 OK", v2_ten_orders().as_bytes(), None),
            v2_products: response("200 OK", v2_product_page().as_bytes(), None),
            me: response("200 OK", customer_me().as_bytes(), None),
            orders: response("200 OK", ten_orders().as_bytes(), None),
            created: response("200 OK", created_customer().as_bytes(), Some(SET_COOKIE)),
            not_found: response(
                "404 Not Found",
                br#"{"type":"not_found","message":"Not found"}"#,
                None,
            ),
            mode,
        });
        let server =
            http::Server::http_on(addr, Options::default(), move |req| canned.answer(req))?;
        Ok(Server { server })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server.url()
    }
}
