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
//!   `tests/fixtures/v2/shop/products-list-eu-de.json` (eur, with tax) with their own ids; with
//!   [`Orders::Paged`], the page at `offset` (of `limit`, default 50) of a catalog of `total`
//!   products;
//! - `POST /store/carts/{id}/complete`: the recorded completion of a guest checkout,
//!   `{"type":"order","order":…}` (`tests/fixtures/v2/shop/carts-complete-order.json`: three
//!   lines, addresses, a shipping method, the payment collection), compact as the server sends
//!   it, for any cart id.
//!
//! A request with `Authorization: Basic …` (a secret API key) is a Medusa v2 Admin API call, one
//! with `x-medusa-access-token` a Medusa v1 one, answered from the bodies of
//! `tests/fixtures/admin/` (recorded from 2.21.2 and 1.20.11):
//!
//! - `GET /admin/customers`: a page of 100 customers (copies of the recorded one with their own
//!   ids, e-mails and references); with [`Orders::Paged`], the page at `offset` (of `limit`,
//!   default 50) of a list of `total` customers. A look-up by e-mail (`email[0]=` in v2, `q=` in
//!   v1) finds nobody: an empty page;
//! - `POST /admin/customers`: the recorded created customer (v1: 201).
//!
//! v1's admin answers carry a `Set-Cookie: connect.sid=…` when the request sends no cookie, as
//! Medusa 1.20 does.
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
const V2_COMPLETION: &str = include_str!("../../tests/fixtures/v2/shop/carts-complete-order.json");
/// The id of the recorded T-shirt; each copy gets its own.
const V2_PRODUCT_ID: &str = "prod_01M93Q7C0W7AGZWFSGY0DH7014";
/// The id of the captured v2 order; each copy gets its own.
const V2_ORDER_ID: &str = "order_01M8CF9TEHGP8GY6X1ZADX3KYC";

const V2_ADMIN_LIST: &str = include_str!("../../tests/fixtures/admin/v2/customers-list-email.body");
const V2_ADMIN_CREATED: &str = include_str!("../../tests/fixtures/admin/v2/customers-create.body");
const V1_ADMIN_LIST: &str = include_str!("../../tests/fixtures/admin/v1/customers-list-q.body");
const V1_ADMIN_CREATED: &str = include_str!("../../tests/fixtures/admin/v1/customers-create.body");

/// The recorded admin customers' ids, e-mails and references; each copy gets its own.
const V2_ADMIN_ID: &str = "cus_01M942DDAFAV1Q9ZZBDD9MWM6Z";
const V2_ADMIN_EMAIL: &str = "bench-1796506825506090423@example.com";
const V1_ADMIN_ID: &str = "cus_01M942DKR0MCJH9FKJRAHSY3R3";
const V1_ADMIN_EMAIL: &str = "bench-1796506832598347884@example.com";
const ADMIN_REF: &str = "\"legacy-1001\"";

/// The order id and line item id of the captured order; each copy gets its own.
const ORDER_ID: &str = "order_01M8CDCBX58KP8GRVKZKDKH194";
const ITEM_ID: &str = "item_01M8CDCB4H24HJBVYCRD8AX6RP";
/// The id of the captured customer's address; the canned customer has two more.
const ADDRESS_ID: &str = "addr_01M8CDCAN37E9HF9Z5XZKCSTWM";

/// The session cookie a registration sets (as Medusa sends it).
pub const SET_COOKIE: &str = "connect.sid=s%3Ao3L33Qdz0MAyFWb8UFoplgpHUpUxjMi2.P781B%2BdH%2BEgx6m1kx5DUF3qk4CKNarAbXV0kBfq1T6I; Path=/; Expires=Fri, 27 Nov 2099 03:10:15 GMT; HttpOnly";

/// What the list routes answer (the store's orders, the admin's customers).
#[derive(Clone, Copy, Debug)]
pub enum Orders {
    /// The same page of 10 orders (`count` 10), of 100 admin customers, of 20 v2 products, on
    /// every call.
    Fixed,
    /// Pages of 10 out of `total` orders, by the `offset` query parameter, with distinct ids;
    /// admin customers and v2 products the same, by `offset` and `limit`.
    Paged {
        /// How many orders (customers, products) the list holds.
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

/// The recorded T-shirt (`{"id":"prod_…",…}`, its variant, options and `calculated_price`)
/// with the id of product number `n`.
pub fn v2_product(n: u64) -> String {
    let start = V2_PRODUCTS.find("{\"id\"").expect("v2 product object");
    let end = V2_PRODUCTS
        .find(",{\"id\":\"prod_")
        .expect("second product");
    V2_PRODUCTS[start..end].replace(V2_PRODUCT_ID, &format!("prod_01M93Q7C0W7AGZWFSGY0{n:06}"))
}

/// A v2 page of products `offset..offset + len` out of `count`, with the server's `limit`.
pub fn v2_products_page(offset: u64, len: u64, count: u64, limit: u64) -> String {
    let mut body = String::from("{\"products\":[");
    for n in offset..offset + len {
        if n > offset {
            body.push(',');
        }
        body.push_str(&v2_product(n));
    }
    body.push_str(&format!(
        "],\"count\":{count},\"offset\":{offset},\"limit\":{limit}}}"
    ));
    body
}

/// A v2 product page with prices (`GET /store/products?region_id=…&country_code=de`): 20 copies
/// of the recorded T-shirt with its variant, options and `calculated_price`, distinct ids.
pub fn v2_product_page() -> String {
    v2_products_page(0, 20, 20, 50)
}

/// `POST /store/carts/{id}/complete` of v2: the recorded completion of a guest checkout
/// (`{"type":"order","order":…}`), without the recording's indentation, as the server sends it.
pub fn v2_cart_completion() -> String {
    compact(V2_COMPLETION)
}

/// JSON text without the whitespace between its tokens (strings kept as they are).
fn compact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if !c.is_ascii_whitespace() {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}

/// `GET /store/customers/me` of v2: the captured customer.
pub fn v2_customer_me() -> &'static str {
    V2_ME.trim_end()
}

/// Which Admin API a canned admin answer is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admin {
    /// Medusa 1.20 (`x-medusa-access-token`).
    V1,
    /// Medusa 2.21 (a secret API key, HTTP Basic).
    V2,
}

/// The recorded admin customer with the id, e-mail and reference of customer number `n`.
pub fn admin_customer(api: Admin, n: u64) -> String {
    let (list, id, email) = match api {
        Admin::V2 => (V2_ADMIN_LIST, V2_ADMIN_ID, V2_ADMIN_EMAIL),
        Admin::V1 => (V1_ADMIN_LIST, V1_ADMIN_ID, V1_ADMIN_EMAIL),
    };
    let start = list.find("[{").expect("customers array") + 1;
    let end = list.rfind("}],\"count\"").expect("end of customers array") + 1;
    list[start..end]
        .replace(id, &format!("cus_01M942DDAFAV1Q9ZZB{n:08}"))
        .replace(email, &format!("bench-17965068255{n:08}@example.com"))
        .replace(ADMIN_REF, &format!("\"legacy-{n}\""))
}

/// An admin page of customers `offset..offset + len` out of `count`, with the server's `limit`.
pub fn admin_customers_page(api: Admin, offset: u64, len: u64, count: u64, limit: u64) -> String {
    let mut body = String::from("{\"customers\":[");
    for n in offset..offset + len {
        if n > offset {
            body.push(',');
        }
        body.push_str(&admin_customer(api, n));
    }
    body.push_str(&format!(
        "],\"count\":{count},\"offset\":{offset},\"limit\":{limit}}}"
    ));
    body
}

/// `GET /admin/customers?limit=100` of [`Orders::Fixed`]: 100 customers (v2: about 41 KB).
pub fn admin_hundred_customers(api: Admin) -> String {
    admin_customers_page(api, 0, 100, 100, 100)
}

/// `POST /admin/customers`: the recorded created customer.
pub fn admin_created_customer(api: Admin) -> &'static str {
    match api {
        Admin::V2 => V2_ADMIN_CREATED,
        Admin::V1 => V1_ADMIN_CREATED,
    }
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
    v2_completion: Vec<u8>,
    me: Vec<u8>,
    orders: Vec<u8>,
    created: Vec<u8>,
    not_found: Vec<u8>,
    v2_admin_page: Vec<u8>,
    v2_admin_created: Vec<u8>,
    v1_admin_page: String,
    mode: Orders,
}

/// A number in the query string.
fn query_num(req: &Request, name: &str) -> Option<u64> {
    req.query()
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
}

impl Canned {
    fn answer(&self, req: &Request) -> Vec<u8> {
        if req
            .header("authorization")
            .is_some_and(|a| a.starts_with("Basic "))
        {
            return self.admin(Admin::V2, req);
        }
        if req.header("x-medusa-access-token").is_some() {
            return self.admin(Admin::V1, req);
        }
        if req.header("x-publishable-api-key").is_some() {
            return match (req.method.as_str(), req.path()) {
                ("GET", "/store/customers/me") => self.v2_me.clone(),
                ("GET", "/store/orders") => self.v2_orders.clone(),
                ("GET", "/store/products") => match self.mode {
                    Orders::Fixed => self.v2_products.clone(),
                    Orders::Paged { total } => {
                        let offset = query_num(req, "offset").unwrap_or(0);
                        let limit = query_num(req, "limit").unwrap_or(50);
                        let len = total.saturating_sub(offset).min(limit);
                        let page = v2_products_page(offset, len, total, limit);
                        response("200 OK", page.as_bytes(), None)
                    }
                },
                ("POST", path)
                    if path.starts_with("/store/carts/") && path.ends_with("/complete") =>
                {
                    self.v2_completion.clone()
                }
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

impl Canned {
    fn admin(&self, api: Admin, req: &Request) -> Vec<u8> {
        // v1 starts a session for a request without one.
        let cookie = (api == Admin::V1 && req.header("cookie").is_none()).then_some(SET_COOKIE);
        match (req.method.as_str(), req.path()) {
            ("GET", "/admin/customers") => {
                let query = req.query();
                let lookup = match api {
                    Admin::V2 => query.contains("email%5B0%5D=") || query.contains("email[0]="),
                    Admin::V1 => query.split('&').any(|kv| kv.starts_with("q=")),
                };
                let limit = query_num(req, "limit").unwrap_or(50);
                if lookup {
                    let empty =
                        format!("{{\"customers\":[],\"count\":0,\"offset\":0,\"limit\":{limit}}}");
                    return response("200 OK", empty.as_bytes(), cookie);
                }
                match (self.mode, api) {
                    (Orders::Fixed, Admin::V2) => self.v2_admin_page.clone(),
                    (Orders::Fixed, Admin::V1) => {
                        response("200 OK", self.v1_admin_page.as_bytes(), cookie)
                    }
                    (Orders::Paged { total }, _) => {
                        let offset = query_num(req, "offset").unwrap_or(0);
                        let len = total.saturating_sub(offset).min(limit);
                        let page = admin_customers_page(api, offset, len, total, limit);
                        response("200 OK", page.as_bytes(), cookie)
                    }
                }
            }
            ("POST", "/admin/customers") => match api {
                Admin::V2 => self.v2_admin_created.clone(),
                Admin::V1 => response(
                    "201 Created",
                    admin_created_customer(Admin::V1).as_bytes(),
                    cookie,
                ),
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
            v2_completion: response("200 OK", v2_cart_completion().as_bytes(), None),
            me: response("200 OK", customer_me().as_bytes(), None),
            orders: response("200 OK", ten_orders().as_bytes(), None),
            created: response("200 OK", created_customer().as_bytes(), Some(SET_COOKIE)),
            not_found: response(
                "404 Not Found",
                br#"{"type":"not_found","message":"Not found"}"#,
                None,
            ),
            v2_admin_page: response(
                "200 OK",
                admin_hundred_customers(Admin::V2).as_bytes(),
                None,
            ),
            v2_admin_created: response(
                "200 OK",
                admin_created_customer(Admin::V2).as_bytes(),
                None,
            ),
            v1_admin_page: admin_hundred_customers(Admin::V1),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn compact_drops_the_whitespace_between_tokens_only() {
        assert_eq!(
            compact("{\n \"a b\": [1, \"x\\\" y\"],\n \"c\": null\n}\n"),
            r#"{"a b":[1,"x\" y"],"c":null}"#
        );
    }

    #[test]
    fn the_completion_is_the_recorded_one_without_indentation() {
        let body = v2_cart_completion();
        assert!(!body.contains('\n') && body.starts_with(r#"{"type":"order","order":{"#));
        let recorded: Value = serde_json::from_str(V2_COMPLETION).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), recorded);
    }

    #[test]
    fn a_products_page_holds_its_slice_of_the_catalog() {
        let page: Value = serde_json::from_str(&v2_products_page(200, 3, 203, 100)).unwrap();
        let ids: Vec<&str> = page["products"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "prod_01M93Q7C0W7AGZWFSGY0000200",
                "prod_01M93Q7C0W7AGZWFSGY0000201",
                "prod_01M93Q7C0W7AGZWFSGY0000202"
            ]
        );
        assert_eq!(
            (page["count"].as_u64(), page["offset"].as_u64()),
            (Some(203), Some(200))
        );
        let fixed: Value = serde_json::from_str(&v2_product_page()).unwrap();
        assert_eq!(fixed["products"].as_array().unwrap().len(), 20);
    }
}
