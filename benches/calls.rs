//! `medusa_blocking` against its floor, hand-written `ureq` + `serde_json` into the same models.
//!
//! ```text
//! taskset -c 0 cargo bench --bench calls                 # every mode
//! taskset -c 0 cargo bench --bench calls -- calls        # µs per call and ratio to the floor
//! taskset -c 0 cargo bench --bench calls -- decode       # bytes -> models, MB/s
//! taskset -c 0 cargo bench --bench calls -- memory       # peak RSS of the iterators, 100 vs 10,000
//! taskset -c 0 cargo bench --bench calls -- import       # an import's client CPU per row
//! bash benches/instructions.sh                           # the same pairs in instructions
//! cargo bench --bench calls -- calls --rounds 7 --calls 2000 --warmup 500
//! cargo bench --bench calls -- calls --host localhost   # a host name rather than an IP
//! ```
//!
//! Pin it to one core: on a small VM, waking the server thread on the other core can cost more
//! than the whole call, depending on the VM's neighbours. Client and server then share the core,
//! and the ratios are stable to a few percent.
//!
//! **calls**: an in-process keep-alive HTTP/1.1 server on 127.0.0.1 (`medusa_testkit::canned`)
//! answers like Medusa 1.20 with canned bodies: a 1.5 KB customer for `GET /store/customers/me`,
//! 10 full orders for `GET /store/customers/me/orders`, a created customer with a `Set-Cookie`
//! for `POST /store/customers`. Each call is made N times in a row through `medusa_blocking` and
//! through the floor: one `ureq::Agent`, `agent.get(url).header(..).call()`, the body read into a
//! `Vec`, `serde_json::from_slice` into envelopes defined here around the crate's public models,
//! the session cookie kept by hand and sent on every call once there is one (`create` included,
//! as the crate sends it). The v2 pairs (`v2 retrieve`, `v2 list_orders`, …) send the
//! publishable key and a bearer token both ways and decodes v2's models (a real Medusa 2.21
//! customer, and 10 copies of a real v2 order); `v2 product page` decodes 20 copies of a real
//! product with its calculated price, `v2 cart completion` (`POST /store/carts/{id}/complete`,
//! the body `{}` and `content-type: application/json` both ways) the real completion of a guest
//! checkout, `{"type":"order","order":…}`, into the floor's own envelope around the crate's
//! `Order`, `Cart` and `CompletionError`. The admin pair (`admin list_customers`,
//! `GET /admin/customers?limit=100`) sends the secret key as HTTP Basic both ways and decodes a
//! page of 100 copies of a customer recorded from the real 2.21.2 (`tests/fixtures/admin/`);
//! `v1 admin list_customers` the same with an API token and v1's session cookie, kept by hand.
//! Within a round the two sides of a pair alternate every 100 calls; the figure is the median of
//! the rounds, the ratio the median of the per-round ratios.
//!
//! **decode**: the bodies alone, bytes to models, in MB/s (with `IgnoredAny` and
//! `serde_json::Value` as references: the parser alone, and an untyped tree).
//!
//! **memory**: `iter_orders` over 100 and over 10,000 orders (1,000 pages of 10 from a server that
//! pages by `offset`), each in a fresh child process (this binary re-run with `memory-child N`),
//! printing the peak RSS (`VmHWM` of `/proc/self/status`); then v2's `admin.customers().iter`
//! over 100 and 10,000 customers (pages of 100), and v2's `products().iter` over 100, 200,
//! 10,000 and 100,000 products with their prices (pages of 100, 300 KB each, copies of the real
//! product of the product page; the server in a child process of its own, so that the peak is
//! the client's alone).
//!
//! **import**: `admin.customers().import(rows, threads = 1)` against a hand-written loop making
//! the same two requests per row (the look-up by e-mail, an empty page; the create) with ureq +
//! serde into the same models, v2 and v1. The canned server runs in a child process (this binary
//! re-run with `server`), so that this process's CPU clock (`CLOCK_PROCESS_CPUTIME_ID`, every
//! thread, user + system) is the client's alone: the figure is CPU µs per row, `--rows` rows per
//! side and round, the sides alternating, median of the rounds.
//!
//! `instructions PAIR` and `import-instructions v1|v2 crate|floor N` are the entry points of
//! `benches/instructions.sh` (callgrind).

use std::hint::black_box;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use medusa_blocking::import::{ImportOptions, ImportRow};
use medusa_blocking::v1::Medusa;
use medusa_blocking::v1::models::OrderPage;
use medusa_blocking::v1::models::{Customer, Order};
use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders};
use medusa_testkit::canned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The floor's own envelopes, as a hand-written client would define them.
#[derive(Deserialize)]
struct RawCustomerEnvelope {
    customer: Customer,
}

#[derive(Deserialize)]
struct RawV2CustomerEnvelope {
    customer: medusa_blocking::v2::models::Customer,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawV2ProductPage {
    products: Vec<medusa_blocking::v2::models::Product>,
    count: u64,
    offset: u64,
    limit: u64,
}

/// `POST /store/carts/{id}/complete`: `{"type":"order","order":…}`, or the cart with its error.
#[derive(Deserialize)]
#[allow(dead_code)]
struct RawV2Completion {
    #[serde(rename = "type")]
    kind: String,
    order: Option<medusa_blocking::v2::models::Order>,
    cart: Option<medusa_blocking::v2::models::Cart>,
    error: Option<medusa_blocking::v2::models::CompletionError>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawV2OrderPage {
    orders: Vec<medusa_blocking::v2::models::Order>,
    count: u64,
    offset: u64,
    limit: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawV2CustomerPage {
    customers: Vec<medusa_blocking::v2::models::Customer>,
    count: u64,
    offset: u64,
    limit: u64,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawV1CustomerPage {
    customers: Vec<Customer>,
    count: u64,
    offset: u64,
    limit: u64,
}

/// A v2 admin create as a hand-written import sends it.
#[derive(Serialize)]
struct RawV2AdminCreate<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    metadata: Map<String, Value>,
}

/// A v1 admin create (a record without account: `password: ""`).
#[derive(Serialize)]
struct RawV1AdminCreate<'a> {
    email: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    password: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    metadata: Map<String, Value>,
}

/// `Authorization` of the secret key `sk_bench`: HTTP Basic, `base64("sk_bench:")`.
const BENCH_BASIC: &str = "Basic c2tfYmVuY2g6";
/// The v1 admin API token of the bench.
const BENCH_TOKEN: &str = "bench-admin-token";

#[derive(Deserialize)]
#[allow(dead_code)]
struct RawOrderPage {
    orders: Vec<Order>,
    count: u64,
    offset: u64,
    limit: u64,
}

#[derive(Serialize)]
struct RawCreate<'a> {
    email: &'a str,
    password: &'a str,
    first_name: &'a str,
    last_name: &'a str,
}

struct Options {
    rounds: usize,
    calls: usize,
    warmup: usize,
    /// Only the calls or decode cases whose name contains this.
    only: Option<String>,
    /// The host name both clients use for the server (default `127.0.0.1`).
    host: Option<String>,
    /// Rows per import, and per side of a round, in the import mode.
    rows: usize,
    /// `instructions` mode: the one pair (exact name) to run under callgrind.
    pair: Option<String>,
}

impl Options {
    fn wants(&self, name: &str) -> bool {
        match &self.pair {
            Some(pair) => name == pair,
            None => self.only.as_deref().is_none_or(|o| name.contains(o)),
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut modes = Vec::new();
    let mut opts = Options {
        rounds: 7,
        calls: 2000,
        warmup: 500,
        only: None,
        host: None,
        rows: 500,
        pair: None,
    };
    let mut instructions = false;
    let mut import_one = None;
    while let Some(arg) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match arg.as_str() {
            "--rounds" => opts.rounds = num("--rounds").max(1),
            "--calls" => opts.calls = num("--calls").max(1),
            "--warmup" => opts.warmup = num("--warmup"),
            "--only" => opts.only = args.next(),
            "--host" => opts.host = args.next(),
            "--rows" => opts.rows = num("--rows").max(1),
            "memory-child" => {
                memory_child(num("memory-child") as u64);
                return;
            }
            "memory-child-customers" => {
                memory_child_customers(num("memory-child-customers") as u64);
                return;
            }
            "memory-child-products" => {
                memory_child_products(num("memory-child-products") as u64);
                return;
            }
            "server" => {
                server_child(args.next().and_then(|v| v.parse().ok()));
                return;
            }
            // `instructions PAIR`: one pair's calls, each side in a function of its own, for
            // callgrind (benches/instructions.sh).
            "instructions" => {
                instructions = true;
                opts.pair = args.next();
            }
            // `import-instructions v1|v2 crate|floor`: one side's import, `--rows` rows, for
            // callgrind (benches/instructions.sh).
            "import-instructions" => {
                let mut word = || args.next().unwrap_or_default();
                let (api, side, n) = (word(), word(), word());
                let n: usize = n.parse().expect("import-instructions v1|v2 crate|floor N");
                import_one = Some((api, side, n));
            }
            "calls" | "decode" | "memory" | "import" => modes.push(arg),
            other => {
                eprintln!(
                    "usage: calls [calls|decode|memory|import]... [--rounds R] [--calls N] \
                     [--warmup W] [--only NAME] [--host NAME] [--rows N] (unknown argument {other:?})"
                );
                std::process::exit(2);
            }
        }
    }
    if let Some((api, side, n)) = import_one {
        import_instructions(&api, &side, n, opts.rows);
        return;
    }
    if instructions {
        calls(&opts, true);
        return;
    }
    if modes.is_empty() {
        modes = vec![
            "calls".into(),
            "decode".into(),
            "memory".into(),
            "import".into(),
        ];
    }
    print_cpu_note();
    for mode in &modes {
        match mode.as_str() {
            "calls" => calls(&opts, false),
            "decode" => decode(&opts),
            "memory" => memory(),
            "import" => import(&opts),
            _ => unreachable!(),
        }
    }
}

fn print_cpu_note() {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let allowed = status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .map(str::trim)
        .unwrap_or("?");
    println!(
        "cpus allowed: {allowed} (of {}); pin with `taskset -c 0 cargo bench --bench calls`",
        std::fs::read_to_string("/proc/cpuinfo").map_or(0, |c| c
            .lines()
            .filter(|l| l.starts_with("processor"))
            .count())
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Calls per chunk in the calls mode.
const CHUNK: usize = 100;

fn time_per_iter(n: usize, f: &mut dyn FnMut()) -> Duration {
    let started = Instant::now();
    for _ in 0..n {
        f();
    }
    started.elapsed() / n as u32
}

// ---------------------------------------------------------------------------------------------
// calls
// ---------------------------------------------------------------------------------------------

fn calls(opts: &Options, instructions: bool) {
    let server = canned::Server::start(canned::Orders::Fixed).expect("canned server");
    let base = match &opts.host {
        Some(host) => server.url().replace("127.0.0.1", host),
        None => server.url(),
    };
    let me_body = canned::customer_me();
    let page_body = canned::ten_orders();
    println!(
        "\n## calls: {} rounds x {} sequential calls (warm-up {}), server {base}",
        opts.rounds, opts.calls, opts.warmup
    );
    println!(
        "bodies: customer {} B, orders page {} B (10 orders), created customer {} B",
        me_body.len(),
        page_body.len(),
        canned::created_customer().len()
    );

    // medusa_blocking, logged in by its own registration.
    let medusa = Medusa::new(&base).expect("client");
    let create = CreateCustomer {
        email: "jane.doe@example.com".into(),
        password: "supersecret1".into(),
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        ..Default::default()
    };
    medusa.customers().create(&create).expect("create");
    let list = ListOrders::default();

    // The floor: one agent, the session cookie kept by hand.
    let agent = ureq::Agent::new_with_defaults();
    let me_url = format!("{base}/store/customers/me");
    let orders_url = format!("{base}/store/customers/me/orders");
    let create_url = format!("{base}/store/customers");
    let raw_create = RawCreate {
        email: "jane.doe@example.com",
        password: "supersecret1",
        first_name: "Jane",
        last_name: "Doe",
    };
    let mut cookie = String::new();
    let raw_create_call = |cookie: &mut String| -> Customer {
        let body = serde_json::to_vec(&raw_create).unwrap();
        let mut post = agent
            .post(&create_url)
            .header("accept", "application/json")
            .header("content-type", "application/json");
        // A session client sends its cookie on every call once it has one, as the crate does.
        if !cookie.is_empty() {
            post = post.header("cookie", cookie.as_str());
        }
        let mut resp = post.send(&body[..]).unwrap();
        if let Some(sid) = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
        {
            cookie.clear();
            cookie.push_str(sid);
        }
        let bytes = resp.body_mut().read_to_vec().unwrap();
        serde_json::from_slice::<RawCustomerEnvelope>(&bytes)
            .unwrap()
            .customer
    };
    raw_create_call(&mut cookie);
    assert!(cookie.starts_with("connect.sid="), "{cookie}");
    let cookie_ro = cookie.clone();
    let raw_get = |url: &str| -> Vec<u8> {
        agent
            .get(url)
            .header("accept", "application/json")
            .header("cookie", &cookie_ro)
            .call()
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap()
    };

    // Same answers both ways.
    let a = medusa.customers().retrieve().unwrap();
    let b = serde_json::from_slice::<RawCustomerEnvelope>(&raw_get(&me_url))
        .unwrap()
        .customer;
    assert_eq!(a, b);
    assert_eq!(a.shipping_addresses.as_ref().map(Vec::len), Some(2));
    let a = medusa.customers().list_orders(&list).unwrap();
    let b = serde_json::from_slice::<RawOrderPage>(&raw_get(&orders_url)).unwrap();
    assert_eq!(a.orders, b.orders);
    assert_eq!(a.orders.len(), 10);

    // Medusa v2: the publishable key and a bearer token on every call, both ways.
    let v2 = medusa_blocking::v2::Medusa::builder(&base)
        .publishable_api_key("pk_bench")
        .bearer_token("bench-token")
        .build()
        .expect("v2 client");
    let v2_list = medusa_blocking::v2::store::params::ListOrders::default();
    let v2_orders_url = format!("{base}/store/orders");
    let raw_v2_get = |url: &str| -> Vec<u8> {
        agent
            .get(url)
            .header("accept", "application/json")
            .header("x-publishable-api-key", "pk_bench")
            .header("authorization", "Bearer bench-token")
            .call()
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap()
    };
    let a = v2.customers().retrieve().unwrap();
    let b = serde_json::from_slice::<RawV2CustomerEnvelope>(&raw_v2_get(&me_url))
        .unwrap()
        .customer;
    assert_eq!(a, b);
    let a = v2.customers().list_orders(&v2_list).unwrap();
    let b = serde_json::from_slice::<RawV2OrderPage>(&raw_v2_get(&v2_orders_url)).unwrap();
    assert_eq!(a.orders, b.orders);
    assert_eq!(a.orders.len(), 10);
    // A product page with prices (region and country), both ways.
    let v2_products = medusa_blocking::v2::store::params::ListProducts {
        price: medusa_blocking::v2::store::params::PriceContext::region(
            "reg_01M940RJYK7GYY8YBKWFX4DPDT",
        )
        .country("de"),
        ..Default::default()
    };
    let v2_products_url =
        format!("{base}/store/products?region_id=reg_01M940RJYK7GYY8YBKWFX4DPDT&country_code=de");
    let a = v2.products().list(&v2_products).unwrap();
    let b = serde_json::from_slice::<RawV2ProductPage>(&raw_v2_get(&v2_products_url)).unwrap();
    assert_eq!(a.products, b.products);
    assert_eq!(a.products.len(), 20);
    // A cart completion: the order placed, both ways (the body `{}`, as the crate sends it).
    let v2_cart = "cart_01M9434TRBJ9F9RQSC7QC1EWQX";
    let v2_complete_url = format!("{base}/store/carts/{v2_cart}/complete");
    let raw_v2_complete = || -> RawV2Completion {
        let body = agent
            .post(&v2_complete_url)
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .header("x-publishable-api-key", "pk_bench")
            .header("authorization", "Bearer bench-token")
            .send(&b"{}"[..])
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap();
        serde_json::from_slice::<RawV2Completion>(&body).unwrap()
    };
    let a = v2.carts().complete(v2_cart).unwrap();
    let b = raw_v2_complete();
    assert_eq!(b.kind, "order");
    assert!(a.order().is_some());
    assert_eq!(a.order(), b.order.as_ref());
    println!(
        "v2 bodies: customer {} B, orders page {} B (10 orders), product page {} B (20 products \
         with prices), cart completion {} B (an order of 3 lines)",
        canned::v2_customer_me().len(),
        canned::v2_ten_orders().len(),
        canned::v2_product_page().len(),
        canned::v2_cart_completion().len()
    );

    // The Admin API: a page of 100 customers, v2 with a secret key (HTTP Basic), v1 with an API
    // token (and the session cookie v1 sets, kept by hand), both ways.
    let v2_admin = medusa_blocking::v2::admin::Admin::builder(&base)
        .secret_api_key("sk_bench")
        .build()
        .expect("v2 admin client");
    let v2_admin_list = medusa_blocking::v2::admin::params::ListCustomers {
        limit: Some(100),
        ..Default::default()
    };
    let admin_customers_url = format!("{base}/admin/customers?limit=100");
    let raw_v2_admin_get = |url: &str| -> Vec<u8> {
        agent
            .get(url)
            .header("accept", "application/json")
            .header("authorization", BENCH_BASIC)
            .call()
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap()
    };
    let a = v2_admin.customers().list(&v2_admin_list).unwrap();
    let b = serde_json::from_slice::<RawV2CustomerPage>(&raw_v2_admin_get(&admin_customers_url))
        .unwrap();
    assert_eq!(a.customers, b.customers);
    assert_eq!(a.customers.len(), 100);
    let v1_admin = medusa_blocking::v1::admin::Admin::builder(&base)
        .api_token(BENCH_TOKEN)
        .build()
        .expect("v1 admin client");
    let v1_admin_list = medusa_blocking::v1::admin::params::ListCustomers {
        limit: Some(100),
        ..Default::default()
    };
    let mut v1_admin_cookie = String::new();
    let mut raw_v1_admin_get = |url: &str| -> Vec<u8> {
        let mut get = agent
            .get(url)
            .header("accept", "application/json")
            .header("x-medusa-access-token", BENCH_TOKEN);
        if !v1_admin_cookie.is_empty() {
            get = get.header("cookie", v1_admin_cookie.as_str());
        }
        let mut resp = get.call().unwrap();
        if let Some(sid) = resp
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
        {
            v1_admin_cookie.clear();
            v1_admin_cookie.push_str(sid);
        }
        resp.body_mut().read_to_vec().unwrap()
    };
    let a = v1_admin.customers().list(&v1_admin_list).unwrap();
    let b = serde_json::from_slice::<RawV1CustomerPage>(&raw_v1_admin_get(&admin_customers_url))
        .unwrap();
    assert_eq!(a.customers, b.customers);
    assert_eq!(a.customers.len(), 100);
    println!(
        "admin bodies: v2 page {} B (100 customers), v1 page {} B (100 customers)",
        canned::admin_hundred_customers(canned::Admin::V2).len(),
        canned::admin_hundred_customers(canned::Admin::V1).len(),
    );

    type Call<'a> = Box<dyn FnMut() + 'a>;
    let mut variants: Vec<(&str, &str, Call)> = vec![
        (
            "retrieve",
            "medusa_blocking",
            Box::new(|| {
                black_box(medusa.customers().retrieve().unwrap());
            }),
        ),
        (
            "retrieve",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_get(&me_url);
                black_box(serde_json::from_slice::<RawCustomerEnvelope>(&body).unwrap());
            }),
        ),
        (
            "list_orders",
            "medusa_blocking",
            Box::new(|| {
                black_box(medusa.customers().list_orders(&list).unwrap());
            }),
        ),
        (
            "list_orders",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_get(&orders_url);
                black_box(serde_json::from_slice::<RawOrderPage>(&body).unwrap());
            }),
        ),
        (
            "create",
            "medusa_blocking",
            Box::new(|| {
                black_box(medusa.customers().create(&create).unwrap());
            }),
        ),
        (
            "create",
            "raw ureq+serde",
            Box::new(|| {
                black_box(raw_create_call(&mut cookie));
            }),
        ),
        (
            "v2 retrieve",
            "medusa_blocking",
            Box::new(|| {
                black_box(v2.customers().retrieve().unwrap());
            }),
        ),
        (
            "v2 retrieve",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_v2_get(&me_url);
                black_box(serde_json::from_slice::<RawV2CustomerEnvelope>(&body).unwrap());
            }),
        ),
        (
            "v2 list_orders",
            "medusa_blocking",
            Box::new(|| {
                black_box(v2.customers().list_orders(&v2_list).unwrap());
            }),
        ),
        (
            "v2 list_orders",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_v2_get(&v2_orders_url);
                black_box(serde_json::from_slice::<RawV2OrderPage>(&body).unwrap());
            }),
        ),
        (
            "v2 product page",
            "medusa_blocking",
            Box::new(|| {
                black_box(v2.products().list(&v2_products).unwrap());
            }),
        ),
        (
            "v2 product page",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_v2_get(&v2_products_url);
                black_box(serde_json::from_slice::<RawV2ProductPage>(&body).unwrap());
            }),
        ),
        (
            "v2 cart completion",
            "medusa_blocking",
            Box::new(|| {
                black_box(v2.carts().complete(v2_cart).unwrap());
            }),
        ),
        (
            "v2 cart completion",
            "raw ureq+serde",
            Box::new(|| {
                black_box(raw_v2_complete());
            }),
        ),
        (
            "admin list_customers",
            "medusa_blocking",
            Box::new(|| {
                black_box(v2_admin.customers().list(&v2_admin_list).unwrap());
            }),
        ),
        (
            "admin list_customers",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_v2_admin_get(&admin_customers_url);
                black_box(serde_json::from_slice::<RawV2CustomerPage>(&body).unwrap());
            }),
        ),
        (
            "v1 admin list_customers",
            "medusa_blocking",
            Box::new(|| {
                black_box(v1_admin.customers().list(&v1_admin_list).unwrap());
            }),
        ),
        (
            "v1 admin list_customers",
            "raw ureq+serde",
            Box::new(|| {
                let body = raw_v1_admin_get(&admin_customers_url);
                black_box(serde_json::from_slice::<RawV1CustomerPage>(&body).unwrap());
            }),
        ),
    ];

    variants.retain(|(call, _, _)| opts.wants(call));
    if instructions {
        assert_eq!(variants.len(), 2, "instructions: name one pair exactly");
        for (_, _, f) in variants.iter_mut() {
            for _ in 0..opts.warmup {
                f();
            }
        }
        crate_side(&mut *variants[0].2, opts.calls);
        floor_side(&mut *variants[1].2, opts.calls);
        return;
    }
    for (_, _, f) in variants.iter_mut() {
        for _ in 0..opts.warmup {
            f();
        }
    }
    // Each round makes `calls` calls of each variant, in chunks that alternate between the two
    // variants of a pair, so that a burst of noise (another process, an interrupt) hits both.
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let chunk = CHUNK.min(opts.calls);
    let chunks = opts.calls.div_ceil(chunk);
    for round in 0..opts.rounds {
        for pair in 0..variants.len() / 2 {
            let mut spent = [Duration::ZERO; 2];
            for c in 0..chunks {
                for k in 0..2 {
                    let side = if (round + c) % 2 == 0 { k } else { 1 - k };
                    spent[side] +=
                        time_per_iter(chunk, &mut *variants[2 * pair + side].2) * chunk as u32;
                }
            }
            for side in 0..2 {
                let per_call = spent[side].as_secs_f64() / (chunks * chunk) as f64;
                samples[2 * pair + side].push(per_call * 1e6);
            }
        }
    }

    println!(
        "\n| call | medusa_blocking µs | raw ureq+serde µs | ratio | ratio range (rounds) |\n\
         |---|---:|---:|---:|---|"
    );
    for pair in 0..variants.len() / 2 {
        let (m, r) = (2 * pair, 2 * pair + 1);
        let mut ratios: Vec<f64> = samples[m]
            .iter()
            .zip(&samples[r])
            .map(|(a, b)| a / b)
            .collect();
        let lo = ratios.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().cloned().fold(0.0, f64::max);
        let ratio = median(&mut ratios);
        println!(
            "| {} | {:.1} | {:.1} | {:.3} | {:.3}–{:.3} |",
            variants[m].0,
            median(&mut samples[m].clone()),
            median(&mut samples[r].clone()),
            ratio,
            lo,
            hi
        );
    }
}

/// The crate's side of a pair under callgrind: its inclusive cost is the crate's calls.
#[inline(never)]
fn crate_side(f: &mut dyn FnMut(), n: usize) {
    // Not the same code as `floor_side`, which the linker would then fold into this one.
    black_box("crate");
    for _ in 0..n {
        f();
    }
}

/// The floor's side of a pair under callgrind.
#[inline(never)]
fn floor_side(f: &mut dyn FnMut(), n: usize) {
    black_box("floor");
    for _ in 0..n {
        f();
    }
}

// ---------------------------------------------------------------------------------------------
// decode
// ---------------------------------------------------------------------------------------------

fn decode(opts: &Options) {
    let page = canned::ten_orders().into_bytes();
    let me = canned::customer_me().into_bytes();
    let admin_page = canned::admin_hundred_customers(canned::Admin::V2).into_bytes();
    println!(
        "\n## decode: bytes -> models, median of {} rounds (the cases alternate within a round)",
        opts.rounds
    );
    println!(
        "\n`from_slice` is what a hand-written client does (and what medusa_blocking did before); \
         medusa_blocking now checks the UTF-8 of the body once and decodes with `from_str`."
    );
    println!("\n| body | into | how | bytes | µs per body | MB/s |\n|---|---|---|---:|---:|---:|");
    type Decoder<'a> = Box<dyn FnMut() + 'a>;
    fn from_str(bytes: &[u8]) -> &str {
        std::str::from_utf8(bytes).unwrap()
    }
    let mut cases: Vec<(&str, &str, &str, usize, Decoder)> = vec![
        (
            "10 orders",
            "OrderPage",
            "from_slice",
            page.len(),
            Box::new(|| {
                black_box(serde_json::from_slice::<OrderPage>(black_box(&page)).unwrap());
            }),
        ),
        (
            "10 orders",
            "OrderPage",
            "from_utf8 + from_str",
            page.len(),
            Box::new(|| {
                black_box(serde_json::from_str::<OrderPage>(from_str(black_box(&page))).unwrap());
            }),
        ),
        (
            "10 orders",
            "serde_json::Value",
            "from_slice",
            page.len(),
            Box::new(|| {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(&page)).unwrap());
            }),
        ),
        (
            "10 orders",
            "IgnoredAny (parse only)",
            "from_slice",
            page.len(),
            Box::new(|| {
                serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&page)).unwrap();
            }),
        ),
        (
            "customer",
            "{customer: Customer}",
            "from_slice",
            me.len(),
            Box::new(|| {
                black_box(serde_json::from_slice::<RawCustomerEnvelope>(black_box(&me)).unwrap());
            }),
        ),
        (
            "customer",
            "{customer: Customer}",
            "from_utf8 + from_str",
            me.len(),
            Box::new(|| {
                black_box(
                    serde_json::from_str::<RawCustomerEnvelope>(from_str(black_box(&me))).unwrap(),
                );
            }),
        ),
        (
            "100 admin customers (v2)",
            "CustomerPage",
            "from_utf8 + from_str",
            admin_page.len(),
            Box::new(|| {
                black_box(
                    serde_json::from_str::<medusa_blocking::v2::models::CustomerPage>(from_str(
                        black_box(&admin_page),
                    ))
                    .unwrap(),
                );
            }),
        ),
        (
            "100 admin customers (v2)",
            "{customers: Vec<Customer>, …}",
            "from_slice",
            admin_page.len(),
            Box::new(|| {
                black_box(
                    serde_json::from_slice::<RawV2CustomerPage>(black_box(&admin_page)).unwrap(),
                );
            }),
        ),
    ];
    cases.retain(|(body, into, how, _, _)| opts.wants(&format!("{body} {into} {how}")));
    // About 20 MB of input per case and round.
    let iters = |len: usize| (20_000_000 / len).clamp(50, 20_000);
    for (_, _, _, len, f) in cases.iter_mut() {
        for _ in 0..iters(*len) / 4 {
            f();
        }
    }
    let mut per: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for _ in 0..opts.rounds {
        for (i, (_, _, _, len, f)) in cases.iter_mut().enumerate() {
            per[i].push(time_per_iter(iters(*len), &mut **f).as_secs_f64());
        }
    }
    for (i, (body, into, how, len, _)) in cases.iter().enumerate() {
        let secs = median(&mut per[i]);
        println!(
            "| {body} | {into} | {how} | {len} | {:.1} | {:.0} |",
            secs * 1e6,
            *len as f64 / secs / 1e6
        );
    }
}

// ---------------------------------------------------------------------------------------------
// import
// ---------------------------------------------------------------------------------------------

/// The fields the v2 import asks for when it looks a row's e-mail up (as the crate does).
const V2_LOOKUP_FIELDS: &str = "id,email,metadata,has_account,created_at,*groups";

/// The canned server in a child process of its own (this binary re-run with `server`), so that
/// this process's CPU time (and memory) is the client's alone. It stops when its stdin closes.
struct ServerChild {
    child: std::process::Child,
    url: String,
}

impl ServerChild {
    /// The server of [`canned::Orders::Fixed`].
    fn start() -> ServerChild {
        ServerChild::spawn(&["server"])
    }

    /// The server of [`canned::Orders::Paged`] with lists of `total` items.
    fn paged(total: u64) -> ServerChild {
        ServerChild::spawn(&["server", &total.to_string()])
    }

    fn spawn(args: &[&str]) -> ServerChild {
        let exe = std::env::current_exe().expect("current exe");
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("server child");
        let mut url = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut url)
            .expect("server url");
        ServerChild {
            child,
            url: url.trim().to_string(),
        }
    }
}

impl Drop for ServerChild {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// `server [TOTAL]`: the canned server, its lists paged out of `TOTAL` items when given.
fn server_child(total: Option<u64>) {
    let mode = total.map_or(canned::Orders::Fixed, |total| canned::Orders::Paged {
        total,
    });
    let server = canned::Server::start(mode).expect("canned server");
    println!("{}", server.url());
    std::io::stdout().flush().expect("flush");
    // Until the parent closes our stdin (or exits).
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// CPU time of this process, every thread, user and system (`CLOCK_PROCESS_CPUTIME_ID`).
#[cfg(unix)]
fn process_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant of the platform.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn process_cpu() -> Duration {
    panic!("the import mode reads the process CPU clock of a unix")
}

/// `n` rows as an old shop's export gives them: a reference, an e-mail, names, a phone, a tier.
fn bench_rows(n: usize) -> Vec<ImportRow> {
    (0..n)
        .map(|i| {
            ImportRow::new(format!("legacy-{i}"), format!("jane.doe.{i}@example.com"))
                .first_name("Jane")
                .last_name("Doe")
                .phone("+15550001111")
                .metadata("tier", "gold")
        })
        .collect()
}

type ImportSide = Box<dyn FnMut(&[ImportRow])>;

/// The crate's import (threads = 1) and the floor's hand-written loop, for `api` (`v1`, `v2`):
/// both make the same two requests per row, the look-up by e-mail (which finds nobody) and the
/// create, and decode the answers into the same models.
fn import_sides(api: &str, base: &str) -> [ImportSide; 2] {
    let agent = ureq::Agent::new_with_defaults();
    let options = ImportOptions::default().threads(1);
    let url = format!("{base}/admin/customers");
    let metadata = |row: &ImportRow| {
        let mut m = row.metadata.clone();
        m.insert("import_ref".into(), Value::String(row.reference.clone()));
        m
    };
    match api {
        "v2" => {
            let admin = medusa_blocking::v2::admin::Admin::builder(base)
                .secret_api_key("sk_bench")
                .build()
                .expect("v2 admin client");
            [
                Box::new(move |rows: &[ImportRow]| {
                    let summary = admin.customers().import(rows, &options, |_, _, outcome| {
                        black_box(outcome);
                    });
                    assert_eq!(summary.created, rows.len(), "{summary}");
                }),
                Box::new(move |rows: &[ImportRow]| {
                    for row in rows {
                        let body = agent
                            .get(&url)
                            .query("email[0]", &row.email)
                            .query("fields", V2_LOOKUP_FIELDS)
                            .query("limit", "100")
                            .header("accept", "application/json")
                            .header("authorization", BENCH_BASIC)
                            .call()
                            .unwrap()
                            .body_mut()
                            .read_to_vec()
                            .unwrap();
                        let found = serde_json::from_slice::<RawV2CustomerPage>(&body).unwrap();
                        assert!(found.customers.is_empty());
                        let create = serde_json::to_vec(&RawV2AdminCreate {
                            email: &row.email,
                            first_name: row.first_name.as_deref(),
                            last_name: row.last_name.as_deref(),
                            phone: row.phone.as_deref(),
                            metadata: metadata(row),
                        })
                        .unwrap();
                        let body = agent
                            .post(&url)
                            .header("accept", "application/json")
                            .header("content-type", "application/json")
                            .header("authorization", BENCH_BASIC)
                            .send(&create[..])
                            .unwrap()
                            .body_mut()
                            .read_to_vec()
                            .unwrap();
                        black_box(
                            serde_json::from_slice::<RawV2CustomerEnvelope>(&body)
                                .unwrap()
                                .customer,
                        );
                    }
                }),
            ]
        }
        "v1" => {
            let admin = medusa_blocking::v1::admin::Admin::builder(base)
                .api_token(BENCH_TOKEN)
                .build()
                .expect("v1 admin client");
            // v1 sets a session cookie on the first answer: kept by hand and sent back.
            let mut cookie = String::new();
            let mut keep = move |resp: &mut ureq::http::Response<ureq::Body>| {
                if let Some(sid) = resp
                    .headers()
                    .get("set-cookie")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.split(';').next())
                {
                    cookie.clear();
                    cookie.push_str(sid);
                }
                cookie.clone()
            };
            let mut sent = String::new();
            [
                Box::new(move |rows: &[ImportRow]| {
                    let summary = admin.customers().import(rows, &options, |_, _, outcome| {
                        black_box(outcome);
                    });
                    assert_eq!(summary.created, rows.len(), "{summary}");
                }),
                Box::new(move |rows: &[ImportRow]| {
                    for row in rows {
                        let email = row.email.to_lowercase();
                        let mut get = agent
                            .get(&url)
                            .query("q", &email)
                            .query("order", "-created_at")
                            .query("limit", "100")
                            .query("offset", "0")
                            .header("accept", "application/json")
                            .header("x-medusa-access-token", BENCH_TOKEN);
                        if !sent.is_empty() {
                            get = get.header("cookie", sent.as_str());
                        }
                        let mut resp = get.call().unwrap();
                        sent = keep(&mut resp);
                        let body = resp.body_mut().read_to_vec().unwrap();
                        let found = serde_json::from_slice::<RawV1CustomerPage>(&body).unwrap();
                        assert!(
                            !found
                                .customers
                                .iter()
                                .any(|c| c.email.to_lowercase() == email)
                        );
                        let create = serde_json::to_vec(&RawV1AdminCreate {
                            email: &row.email,
                            first_name: row.first_name.as_deref().unwrap_or_default(),
                            last_name: row.last_name.as_deref().unwrap_or_default(),
                            password: "",
                            phone: row.phone.as_deref(),
                            metadata: metadata(row),
                        })
                        .unwrap();
                        let mut resp = agent
                            .post(&url)
                            .header("accept", "application/json")
                            .header("content-type", "application/json")
                            .header("x-medusa-access-token", BENCH_TOKEN)
                            .header("cookie", sent.as_str())
                            .send(&create[..])
                            .unwrap();
                        sent = keep(&mut resp);
                        let body = resp.body_mut().read_to_vec().unwrap();
                        black_box(
                            serde_json::from_slice::<RawCustomerEnvelope>(&body)
                                .unwrap()
                                .customer,
                        );
                    }
                }),
            ]
        }
        other => panic!("no import for {other:?} (v1 or v2)"),
    }
}

fn import(opts: &Options) {
    let server = ServerChild::start();
    println!(
        "\n## import: client CPU per row, threads = 1, {} rounds x {} rows per side \
         (the canned server in a child process: {})",
        opts.rounds, opts.rows, server.url
    );
    println!(
        "\nEach row: the look-up by e-mail (an empty page) and the create, as the crate's \
         `admin.customers().import` makes them and as a hand-written ureq + serde loop does. CPU \
         is this process's (`CLOCK_PROCESS_CPUTIME_ID`: every thread, user + system), which holds \
         the client only; wall time includes the server on the same core."
    );
    println!(
        "\n| import | medusa_blocking CPU µs/row | raw ureq+serde CPU µs/row | ratio | \
         ratio range (rounds) | wall µs/row (crate, floor) |\n|---|---:|---:|---:|---|---|"
    );
    let rows = bench_rows(opts.rows);
    for api in ["v2", "v1"] {
        let name = format!("{api} import");
        if !opts.wants(&name) {
            continue;
        }
        let mut sides = import_sides(api, &server.url);
        for side in sides.iter_mut() {
            side(&rows[..rows.len().min(opts.warmup.max(1))]);
        }
        let mut cpu: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut wall: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        for round in 0..opts.rounds {
            for k in 0..2 {
                let side = if round % 2 == 0 { k } else { 1 - k };
                let (c0, w0) = (process_cpu(), Instant::now());
                sides[side](&rows);
                let per_row = |d: Duration| d.as_secs_f64() * 1e6 / rows.len() as f64;
                cpu[side].push(per_row(process_cpu() - c0));
                wall[side].push(per_row(w0.elapsed()));
            }
        }
        let mut ratios: Vec<f64> = cpu[0].iter().zip(&cpu[1]).map(|(a, b)| a / b).collect();
        let lo = ratios.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().cloned().fold(0.0, f64::max);
        println!(
            "| {name} | {:.1} | {:.1} | {:.3} | {lo:.3}–{hi:.3} | {:.1}, {:.1} |",
            median(&mut cpu[0]),
            median(&mut cpu[1]),
            median(&mut ratios),
            median(&mut wall[0]),
            median(&mut wall[1]),
        );
    }
}

/// One side of one import, the first `n` of `rows` rows, for callgrind: benches/instructions.sh
/// counts a run of `n` rows and one of `2n` (the same `rows` built in both), and takes the
/// difference, so that what does not grow with the rows (start-up, the server child, the
/// clients, the connection) drops out.
fn import_instructions(api: &str, side: &str, n: usize, rows: usize) {
    let server = ServerChild::start();
    let rows = bench_rows(rows.max(n));
    let mut sides = import_sides(api, &server.url);
    let k = match side {
        "crate" => 0,
        "floor" => 1,
        other => panic!("side {other:?}: crate or floor"),
    };
    sides[k](&rows[..n]);
}

// ---------------------------------------------------------------------------------------------
// memory
// ---------------------------------------------------------------------------------------------

fn memory() {
    memory_of("iter_orders", "orders", "memory-child", 10, &[100, 10_000]);
    memory_of(
        "admin customers().iter (v2, pages of 100)",
        "customers",
        "memory-child-customers",
        100,
        &[100, 10_000],
    );
    // One page, two pages (from the second page on, glibc's malloc takes a body of 300 KB from
    // the heap rather than from a mapping of its own: a step, once), 100 pages, 1,000 pages. The
    // server runs in a child process: the client's memory alone.
    memory_of(
        "products().iter (v2, with prices, pages of 100)",
        "products",
        "memory-child-products",
        100,
        &[100, 200, 10_000, 100_000],
    );
}

/// Peak RSS of one walk over each number of items (the first 100), each in a fresh child process.
fn memory_of(what: &str, items: &str, child: &str, page: u64, sizes: &[u64]) {
    println!("\n## memory: {what}, each run in a fresh child process");
    println!(
        "\n| {items} | pages | peak RSS before the walk | peak RSS after it | time |\n\
         |---:|---:|---:|---:|---:|"
    );
    let exe = std::env::current_exe().expect("current exe");
    let mut peaks = Vec::new();
    for &n in sizes {
        let out = Command::new(&exe)
            .args([child, &n.to_string()])
            .output()
            .expect("child");
        assert!(
            out.status.success(),
            "child failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        let field = |name: &str| -> String {
            text.split_whitespace()
                .find_map(|w| w.strip_prefix(name))
                .unwrap_or("?")
                .to_string()
        };
        let after: u64 = field("after_kb=").parse().unwrap_or(0);
        peaks.push(after);
        println!(
            "| {n} | {} | {} KiB | {after} KiB | {} ms |",
            n.div_ceil(page),
            field("before_kb="),
            field("ms=")
        );
    }
    println!();
    for (n, peak) in sizes.iter().zip(&peaks).skip(1) {
        println!(
            "peak RSS {n} {items} / {} {items} = {:.3}",
            sizes[0],
            *peak as f64 / peaks[0] as f64
        );
    }
    if sizes.len() > 2 {
        println!(
            "peak RSS {} {items} / {} {items} = {:.3}",
            sizes[sizes.len() - 1],
            sizes[1],
            peaks[peaks.len() - 1] as f64 / peaks[1] as f64
        );
    }
}

fn vm_hwm_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn memory_child(total: u64) {
    let server = canned::Server::start(canned::Orders::Paged { total }).expect("server");
    let medusa = Medusa::new(server.url()).expect("client");
    let before = vm_hwm_kb();
    let started = Instant::now();
    let mut seen = 0u64;
    let mut total_cents = 0i64;
    for order in medusa.customers().iter_orders(&ListOrders::default()) {
        let order = order.expect("order");
        total_cents += order.total.unwrap_or(0);
        seen += 1;
    }
    let ms = started.elapsed().as_millis();
    assert_eq!(seen, total, "orders seen");
    black_box(total_cents);
    println!(
        "orders={seen} before_kb={before} after_kb={} ms={ms}",
        vm_hwm_kb()
    );
}

fn memory_child_customers(total: u64) {
    let server = canned::Server::start(canned::Orders::Paged { total }).expect("server");
    let admin = medusa_blocking::v2::admin::Admin::builder(server.url())
        .secret_api_key("sk_bench")
        .build()
        .expect("client");
    let before = vm_hwm_kb();
    let started = Instant::now();
    let mut seen = 0u64;
    let mut named = 0u64;
    let all = medusa_blocking::v2::admin::params::ListCustomers {
        limit: Some(100),
        ..Default::default()
    };
    for customer in admin.customers().iter(&all) {
        let customer = customer.expect("customer");
        named += u64::from(customer.first_name.is_some());
        seen += 1;
    }
    let ms = started.elapsed().as_millis();
    assert_eq!(seen, total, "customers seen");
    black_box(named);
    println!(
        "customers={seen} before_kb={before} after_kb={} ms={ms}",
        vm_hwm_kb()
    );
}

/// The server runs in a child process: the peak RSS is the client's alone (an in-process server
/// builds each page of 300 KB in a thread of its own, whose allocator arena adds a noise of its
/// own).
fn memory_child_products(total: u64) {
    let server = ServerChild::paged(total);
    let medusa = medusa_blocking::v2::Medusa::builder(&server.url)
        .publishable_api_key("pk_bench")
        .build()
        .expect("client");
    let before = vm_hwm_kb();
    let started = Instant::now();
    let mut seen = 0u64;
    let mut priced = 0u64;
    let all = medusa_blocking::v2::store::params::ListProducts {
        price: medusa_blocking::v2::store::params::PriceContext::region(
            "reg_01M940RJYK7GYY8YBKWFX4DPDT",
        )
        .country("de"),
        limit: Some(100),
        ..Default::default()
    };
    for product in medusa.products().iter(&all) {
        let product = product.expect("product");
        priced += product
            .variants
            .iter()
            .flatten()
            .filter(|v| v.calculated_price.is_some())
            .count() as u64;
        seen += 1;
    }
    let ms = started.elapsed().as_millis();
    assert_eq!(seen, total, "products seen");
    assert_eq!(priced, total, "priced variants");
    println!(
        "products={seen} before_kb={before} after_kb={} ms={ms}",
        vm_hwm_kb()
    );
}
