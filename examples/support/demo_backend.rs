//! An in-process stand-in for a Medusa 1.20 store backend, for the examples.
//!
//! When `MEDUSA_BACKEND_URL` is unset, an example starts one of these and points the client at
//! [`DemoBackend::url`]. It answers the customer and auth routes of the v1 Store API the way the
//! real server does (shapes, status codes, headers, cookies and error bodies are taken from the
//! recorded exchanges in `spec/captures`), with in-memory state that lives as long as the handle:
//!
//! * sessions like express-session (`connect.sid`, signed, 10 h, a fresh `Set-Cookie` for every
//!   request without a valid cookie) and JWT-looking bearer tokens from `POST /store/auth/token`;
//! * registration, profile update (metadata merge, billing address), addresses, payment methods;
//! * orders: every registered customer gets 12 demo orders built from a real captured order;
//! * the password-reset flow, with the test-only hook `GET /test-hooks/password-reset-token`.
//!
//! ```ignore
//! #[path = "support/demo_backend.rs"]
//! mod demo_backend;
//!
//! let backend = demo_backend::DemoBackend::start()?;
//! let base_url = backend.url(); // e.g. "http://127.0.0.1:40123"
//! // ... talk to it; it stops when `backend` is dropped.
//! ```
//!
//! Only `std` is used. Plain HTTP/1.1 on 127.0.0.1, one thread per connection, keep-alive.
#![allow(dead_code)]

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A running demo backend. It listens on an ephemeral port of 127.0.0.1 and stops when dropped.
pub struct DemoBackend {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl DemoBackend {
    /// Starts the server on 127.0.0.1 with an ephemeral port, in background threads.
    pub fn start() -> io::Result<DemoBackend> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new()?);
        let for_thread = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name("demo-backend-accept".into())
            .spawn(move || accept_loop(listener, for_thread))?;
        Ok(DemoBackend {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// Base URL, e.g. "http://127.0.0.1:40123" (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server now: closes the listener and every open connection, and waits for the
    /// connection threads to finish. Dropping the handle does the same.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() so the loop sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(500));
        let _ = acceptor.join();
    }
}

impl Drop for DemoBackend {
    fn drop(&mut self) {
        self.shutdown();
    }
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const SESSION_TTL_MS: i64 = 36_000_000; // express-session maxAge used by Medusa: 10 h
const ACCESS_TOKEN_TTL_S: i64 = 30 * 24 * 3600; // jwt expiresIn "30d"
const RESET_TOKEN_TTL_S: i64 = 15 * 60;
const IDLE_TIMEOUT: Duration = Duration::from_secs(5); // Node's keep-alive timeout
const MAX_HEAD_BYTES: usize = 16 * 1024; // Node's max header size
const MAX_BODY_BYTES: usize = 1024 * 1024;
const JSON_BODY_LIMIT: usize = 100 * 1024; // body-parser default "100kb"
const MAX_JSON_DEPTH: usize = 256;
const DAY_MS: i64 = 86_400_000;
const DEMO_ORDERS: usize = 12;
const SALES_CHANNEL_ID: &str = "sc_01M8CDC071EDD19J8WS62REMQC";

const ALLOWED_ORIGINS: &[&str] = &[
    "http://localhost:3000",
    "http://127.0.0.1:3000",
    "http://localhost:7001",
    "http://127.0.0.1:7001",
    "http://localhost:8000",
    "http://127.0.0.1:8000",
    "http://localhost:9000",
    "http://127.0.0.1:9000",
];

const ORDER_STATUSES: &[&str] = &[
    "pending",
    "completed",
    "archived",
    "canceled",
    "requires_action",
];
const FULFILLMENT_STATUSES: &[&str] = &[
    "not_fulfilled",
    "partially_fulfilled",
    "fulfilled",
    "partially_shipped",
    "shipped",
    "partially_returned",
    "returned",
    "canceled",
    "requires_action",
];
const PAYMENT_STATUSES: &[&str] = &[
    "not_paid",
    "awaiting",
    "captured",
    "partially_refunded",
    "refunded",
    "canceled",
    "requires_action",
];

/// Status mix of the demo orders, newest first: 4 pending, 6 completed, 2 canceled.
const ORDER_PLAN: [(&str, &str, &str); DEMO_ORDERS] = [
    ("pending", "not_fulfilled", "awaiting"),
    ("completed", "shipped", "captured"),
    ("canceled", "canceled", "canceled"),
    ("pending", "fulfilled", "captured"),
    ("completed", "shipped", "captured"),
    ("pending", "not_fulfilled", "awaiting"),
    ("completed", "shipped", "partially_refunded"),
    ("canceled", "canceled", "refunded"),
    ("completed", "shipped", "captured"),
    ("pending", "partially_shipped", "captured"),
    ("completed", "shipped", "captured"),
    ("completed", "shipped", "captured"),
];

/// Address columns in the order TypeORM serializes them (after id and the timestamps).
const ADDRESS_COLUMNS: [&str; 10] = [
    "company",
    "first_name",
    "last_name",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
    "phone",
];

/// Properties of `AddressPayload` / `AddressCreatePayload`, in declaration order.
const ADDRESS_PAYLOAD_KEYS: [&str; 11] = [
    "first_name",
    "last_name",
    "phone",
    "metadata",
    "company",
    "address_1",
    "address_2",
    "city",
    "country_code",
    "province",
    "postal_code",
];

/// The `country` table Medusa seeds (ISO 3166-1 alpha-2, lower case); `address.country_code`
/// has a foreign key on it.
const COUNTRIES: &str = "ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi \
bj bl bm bn bo bq br bs bt bv bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz \
de dj dk dm do dz ec ee eg eh er es et fi fj fk fm fo fr ga gb gd ge gf gg gh gi gl gm gn gp gq \
gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn \
kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms \
mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt \
pw py qa re ro rs ru rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf \
tg th tj tk tl tm tn to tr tt tv tw tz ua ug um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw";

/// Stack shown by Express's final handler under the body-parser SyntaxError (capture 18).
const STACK_JSON: &str = "\n    at parse (<anonymous>)\
\n    at JSON.parse (<server>/node_modules/core-js/modules/es.json.parse.js:261:56)\
\n    at parse (<server>/node_modules/body-parser/lib/types/json.js:96:19)\
\n    at <server>/node_modules/body-parser/lib/read.js:146:18\
\n    at AsyncResource.runInAsyncScope (node:async_hooks:206:9)\
\n    at invokeCallback (<server>/node_modules/raw-body/index.js:238:16)\
\n    at done (<server>/node_modules/raw-body/index.js:227:7)\
\n    at IncomingMessage.onEnd (<server>/node_modules/raw-body/index.js:287:7)\
\n    at IncomingMessage.emit (node:events:524:28)\
\n    at endReadableNT (node:internal/streams/readable:1698:12)";

/// Same, for a body that does not start with `{` or `[` (body-parser's strict mode).
const STACK_JSON_STRICT: &str = "\n    at parse (<anonymous>)\
\n    at JSON.parse (<server>/node_modules/core-js/modules/es.json.parse.js:261:56)\
\n    at createStrictSyntaxError (<server>/node_modules/body-parser/lib/types/json.js:169:10)\
\n    at parse (<server>/node_modules/body-parser/lib/types/json.js:83:15)\
\n    at <server>/node_modules/body-parser/lib/read.js:146:18\
\n    at AsyncResource.runInAsyncScope (node:async_hooks:206:9)\
\n    at invokeCallback (<server>/node_modules/raw-body/index.js:238:16)\
\n    at done (<server>/node_modules/raw-body/index.js:227:7)\
\n    at IncomingMessage.onEnd (<server>/node_modules/raw-body/index.js:287:7)\
\n    at IncomingMessage.emit (node:events:524:28)";

const STACK_TOO_LARGE: &str = "\n    at readStream (<server>/node_modules/raw-body/index.js:163:17)\
\n    at getRawBody (<server>/node_modules/raw-body/index.js:116:12)\
\n    at read (<server>/node_modules/body-parser/lib/read.js:79:3)\
\n    at jsonParser (<server>/node_modules/body-parser/lib/types/json.js:138:5)\
\n    at Layer.handle [as handle_request] (<server>/node_modules/express/lib/router/layer.js:95:5)\
\n    at trim_prefix (<server>/node_modules/express/lib/router/index.js:328:13)\
\n    at <server>/node_modules/express/lib/router/index.js:286:9\
\n    at Function.process_params (<server>/node_modules/express/lib/router/index.js:346:12)\
\n    at next (<server>/node_modules/express/lib/router/index.js:280:10)\
\n    at session (<server>/node_modules/express-session/index.js:487:7)";

/// The order of `GET /store/customers/me/orders` in capture 84, used as the template of the
/// demo orders (ids, statuses, dates and totals are rewritten per order).
const ORDER_TEMPLATE: &str = r#"{"object":"order","id":"order_01M8CDCBX58KP8GRVKZKDKH194","created_at":"2026-11-26T17:10:19.757Z","status":"pending","fulfillment_status":"not_fulfilled","payment_status":"awaiting","display_id":1,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","customer_id":"cus_01M8CDC7ME2M4FA2STAMMQJR5H","email":"jane.doe.1795713015@example.com","region_id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","currency_code":"usd","tax_rate":null,"claims":[],"customer":{"id":"cus_01M8CDC7ME2M4FA2STAMMQJR5H","created_at":"2026-11-26T17:10:15.424Z","updated_at":"2026-11-26T17:10:18.045Z","deleted_at":null,"email":"jane.doe.1795713015@example.com","first_name":"Janet","last_name":"Doe","billing_address_id":null,"phone":"+15550001111","has_account":true,"metadata":{"newsletter":true}},"discounts":[],"fulfillments":[],"gift_card_transactions":[],"gift_cards":[],"items":[{"id":"item_01M8CDCB4H24HJBVYCRD8AX6RP","created_at":"2026-11-26T17:10:19.014Z","updated_at":"2026-11-26T17:10:19.757Z","cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","swap_id":null,"claim_order_id":null,"original_item_id":null,"order_edit_id":null,"title":"Acceptance T-Shirt","description":"M","thumbnail":null,"is_return":false,"is_giftcard":false,"should_merge":true,"allow_discounts":true,"has_shipping":true,"unit_price":1950,"variant_id":"variant_01M8CDC0Q9Z2YSEYARS0TAPC8N","quantity":2,"fulfilled_quantity":null,"returned_quantity":null,"shipped_quantity":null,"metadata":{},"adjustments":[],"tax_lines":[{"id":"litl_01M8CDCBSEEVA89AGQ0K4XVVYJ","created_at":"2026-11-26T17:10:19.669Z","updated_at":"2026-11-26T17:10:19.757Z","rate":0,"name":"default","code":"default","metadata":null,"item_id":"item_01M8CDCB4H24HJBVYCRD8AX6RP"}],"variant":{"id":"variant_01M8CDC0Q9Z2YSEYARS0TAPC8N","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:19.757Z","deleted_at":null,"title":"M","product_id":"prod_01M8CDC0N25FCW538M85EVCE2J","sku":"ACC-TSHIRT-M","barcode":null,"ean":null,"upc":null,"variant_rank":0,"inventory_quantity":998,"allow_backorder":false,"manage_inventory":true,"hs_code":null,"origin_country":null,"mid_code":null,"material":null,"weight":null,"length":null,"height":null,"width":null,"metadata":null},"subtotal":3900,"discount_total":0,"total":3900,"original_total":3900,"original_tax_total":0,"tax_total":0,"raw_discount_total":0,"refundable":3900}],"payments":[{"id":"pay_01M8CDCBV0WAZE6W2GCZ28TYG4","created_at":"2026-11-26T17:10:19.700Z","updated_at":"2026-11-26T17:10:19.757Z","swap_id":null,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","amount":4400,"currency_code":"usd","amount_refunded":0,"provider_id":"manual","data":{"status":"authorized"},"captured_at":null,"canceled_at":null,"metadata":null,"idempotency_key":null}],"refunds":[],"region":{"id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:08.029Z","deleted_at":null,"name":"US","currency_code":"usd","tax_rate":0,"tax_code":null,"gift_cards_taxable":true,"automatic_taxes":true,"tax_provider_id":null,"metadata":null},"shipping_address":{"id":"addr_01M8CDCBA088CP1EZNDZD450DC","created_at":"2026-11-26T17:10:19.130Z","updated_at":"2026-11-26T17:10:19.130Z","deleted_at":null,"customer_id":null,"company":null,"first_name":"Jane","last_name":"Doe","address_1":"1 Main St","address_2":null,"city":"Springfield","country_code":"us","province":null,"postal_code":"12345","phone":"+15550002222","metadata":null},"shipping_methods":[{"id":"sm_01M8CDCBFS17M81G1X8DGPF221","shipping_option_id":"so_01M8CDC0MJQVCDET7588ETQEKF","order_id":"order_01M8CDCBX58KP8GRVKZKDKH194","claim_order_id":null,"cart_id":"cart_01M8CDCB16X15338JNS0RTRHQ8","swap_id":null,"return_id":null,"price":500,"data":{},"shipping_option":{"id":"so_01M8CDC0MJQVCDET7588ETQEKF","created_at":"2026-11-26T17:10:08.029Z","updated_at":"2026-11-26T17:10:08.029Z","deleted_at":null,"name":"Manual Standard","region_id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930","profile_id":"sp_01M8CDC04SJV3FKBAZ51V9R9CH","provider_id":"manual","price_type":"flat_rate","amount":500,"is_return":false,"admin_only":false,"data":{"id":"manual-fulfillment"},"metadata":null},"tax_lines":[{"id":"smtl_01M8CDCBSFY87WPV2SR5552V4A","created_at":"2026-11-26T17:10:19.669Z","updated_at":"2026-11-26T17:10:19.757Z","rate":0,"name":"default","code":"default","metadata":null,"shipping_method_id":"sm_01M8CDCBFS17M81G1X8DGPF221"}],"original_total":500,"total":500,"subtotal":500,"original_tax_total":0,"tax_total":0}],"swaps":[],"subtotal":3900,"discount_total":0,"shipping_total":500,"refunded_total":0,"paid_total":4400,"refundable_amount":4400,"item_tax_total":0,"shipping_tax_total":0,"tax_total":0,"gift_card_total":0,"gift_card_tax_total":0,"raw_discount_total":0,"total":4400}"#;

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

struct Shared {
    stop: AtomicBool,
    conns: Mutex<Vec<(u64, TcpStream)>>,
    state: Mutex<State>,
    rng_keys: RandomState,
    mac_keys: RandomState,
    counter: AtomicU64,
    template: J,
    started: i64,
}

impl Shared {
    fn new() -> io::Result<Shared> {
        let template = parse_json(ORDER_TEMPLATE)
            .map_err(|e| io::Error::other(format!("demo backend: bad order template: {e}")))?;
        Ok(Shared {
            stop: AtomicBool::new(false),
            conns: Mutex::new(Vec::new()),
            state: Mutex::new(State::default()),
            rng_keys: RandomState::new(),
            mac_keys: RandomState::new(),
            counter: AtomicU64::new(0),
            template,
            started: now_ms(),
        })
    }

    fn random_u64(&self) -> u64 {
        let mut h = self.rng_keys.build_hasher();
        h.write_u64(self.counter.fetch_add(1, Ordering::Relaxed));
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
        );
        h.finish()
    }

    fn random_bytes(&self, n: usize) -> Vec<u8> {
        let mut out = Vec::with_capacity(n + 8);
        while out.len() < n {
            out.extend_from_slice(&self.random_u64().to_le_bytes());
        }
        out.truncate(n);
        out
    }

    /// A keyed 256-bit digest (SipHash under per-process random keys). Not cryptography; it
    /// only has to make cookies and tokens unforgeable for the life of a demo process.
    fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (i, chunk) in out.chunks_mut(8).enumerate() {
            let mut h = self.mac_keys.build_hasher();
            h.write_usize(i);
            for p in parts {
                h.write_usize(p.len());
                h.write(p);
            }
            chunk.copy_from_slice(&h.finish().to_le_bytes());
        }
        out
    }

    /// A ULID body (26 Crockford base32 characters): 48-bit milliseconds + 80 random bits.
    fn ulid(&self, ms: i64) -> String {
        const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let time = (ms.max(0) as u128) & ((1u128 << 48) - 1);
        let rand = (u128::from(self.random_u64()) << 16 | u128::from(self.random_u64() & 0xffff))
            & ((1u128 << 80) - 1);
        let v = time << 80 | rand;
        (0..26)
            .rev()
            .map(|i| ALPHABET[((v >> (i * 5)) & 31) as usize] as char)
            .collect()
    }

    fn new_id(&self, prefix: &str, ms: i64) -> String {
        format!("{prefix}_{}", self.ulid(ms))
    }

    fn session_id(&self) -> String {
        b64(&self.random_bytes(24), B64_URL)
    }

    fn sign_session(&self, sid: &str) -> String {
        b64(&self.mac(&[b"connect.sid", sid.as_bytes()]), B64_STD)
    }

    fn hash_password(&self, password: &str) -> PasswordHash {
        let salt = self.random_bytes(16);
        let digest = self.mac(&[b"password", &salt, password.as_bytes()]);
        PasswordHash { salt, digest }
    }

    fn password_matches(&self, hash: &PasswordHash, password: &str) -> bool {
        self.mac(&[b"password", &hash.salt, password.as_bytes()]) == hash.digest
    }

    /// A JWT-shaped token: `{"alg":"HS256","typ":"JWT"}`, the JSON payload, a keyed digest.
    fn sign_jwt(&self, purpose: &[u8], key: &[u8], payload: &J) -> String {
        let signing = format!("{JWT_HEADER}.{}", b64(payload.encode().as_bytes(), B64_URL));
        let sig = b64(&self.mac(&[purpose, key, signing.as_bytes()]), B64_URL);
        format!("{signing}.{sig}")
    }

    fn verify_jwt(&self, purpose: &[u8], key: &[u8], token: &str) -> Option<J> {
        let (signing, sig) = token.rsplit_once('.')?;
        let (header, payload) = signing.split_once('.')?;
        if header != JWT_HEADER {
            return None;
        }
        if b64(&self.mac(&[purpose, key, signing.as_bytes()]), B64_URL) != sig {
            return None;
        }
        let text = String::from_utf8(b64url_decode(payload)?).ok()?;
        parse_json(&text).ok()
    }
}

const JWT_HEADER: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

#[derive(Clone)]
struct PasswordHash {
    salt: Vec<u8>,
    digest: [u8; 32],
}

impl PasswordHash {
    /// Reset tokens are signed with the current hash, so changing the password voids them.
    fn key(&self) -> Vec<u8> {
        let mut k = self.salt.clone();
        k.extend_from_slice(&self.digest);
        k
    }
}

#[derive(Default)]
struct State {
    customers: Vec<Customer>,
    addresses: Vec<Address>,
    orders: Vec<Order>,
    sessions: HashMap<String, Session>,
    reset_hook: HashMap<String, J>,
    next_display_id: u64,
    session_inserts: u64,
}

impl State {
    fn customer_idx(&self, id: &str) -> Option<usize> {
        self.customers.iter().position(|c| c.id == id)
    }

    /// `retrieveRegisteredByEmail`: lower-cased e-mail, `has_account = true`.
    fn registered_idx(&self, email: &str) -> Option<usize> {
        let email = email.to_lowercase();
        self.customers
            .iter()
            .position(|c| c.has_account && c.email == email)
    }

    fn live_address_idx(&self, id: &str) -> Option<usize> {
        self.addresses
            .iter()
            .position(|a| a.id == id && a.deleted_at.is_none())
    }
}

struct Session {
    customer_id: Option<String>,
    expires: i64,
}

#[derive(Clone)]
struct Customer {
    id: String,
    created_at: i64,
    updated_at: i64,
    email: String,
    first_name: Option<String>,
    last_name: Option<String>,
    billing_address_id: Option<String>,
    phone: Option<String>,
    has_account: bool,
    metadata: Option<J>,
    password_hash: Option<PasswordHash>,
}

#[derive(Clone)]
struct Address {
    id: String,
    created_at: i64,
    updated_at: i64,
    deleted_at: Option<i64>,
    customer_id: Option<String>,
    columns: [Option<String>; 10], // ADDRESS_COLUMNS
    metadata: Option<J>,
}

impl Address {
    fn col(&self, name: &str) -> Option<&Option<String>> {
        ADDRESS_COLUMNS
            .iter()
            .position(|c| *c == name)
            .map(|i| &self.columns[i])
    }

    fn col_mut(&mut self, name: &str) -> Option<&mut Option<String>> {
        ADDRESS_COLUMNS
            .iter()
            .position(|c| *c == name)
            .map(move |i| &mut self.columns[i])
    }
}

struct Order {
    id: String,
    customer_id: String,
    created_at: i64,
    updated_at: i64,
    canceled_at: Option<i64>,
    display_id: u64,
    status: &'static str,
    fulfillment_status: &'static str,
    payment_status: &'static str,
    cart_id: String,
    email: String,
    region_id: String,
    currency_code: String,
    shipping_first_name: Option<String>,
    /// The order as `GET /store/customers/me/orders` shows it; `customer` is filled per response.
    list_json: J,
    /// The order as the `orders` relation of `/store/auth` shows it (columns plus items).
    auth_json: J,
}

// ---------------------------------------------------------------------------------------------
// Server plumbing
// ---------------------------------------------------------------------------------------------

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut workers: Vec<JoinHandle<()>> = Vec::new();
    let mut next_id = 0u64;
    for incoming in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let stream = match incoming {
            Ok(s) => s,
            Err(_) => {
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        workers.retain(|h| !h.is_finished());
        next_id += 1;
        let id = next_id;
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.conns).push((id, clone));
        }
        let for_thread = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("demo-backend-conn".into())
            .spawn(move || {
                serve_connection(&for_thread, stream);
                lock(&for_thread.conns).retain(|(i, _)| *i != id);
            });
        match spawned {
            Ok(handle) => workers.push(handle),
            Err(_) => lock(&shared.conns).retain(|(i, _)| *i != id),
        }
    }
    // Stopping: unblock every connection thread, then wait for them.
    for (_, stream) in lock(&shared.conns).drain(..) {
        let _ = stream.shutdown(Shutdown::Both);
    }
    for handle in workers {
        let _ = handle.join();
    }
}

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    keep_alive: bool,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

enum ReadError {
    /// EOF, timeout or I/O error: just close.
    Closed,
    /// Answer with this status (no body) and close, as Node does for unparsable requests.
    Reject(u16),
}

fn serve_connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let _ = stream.set_nodelay(true);
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    while !shared.stop.load(Ordering::SeqCst) {
        let req = match read_request(&mut reader, &mut writer) {
            Ok(req) => req,
            Err(ReadError::Closed) => break,
            Err(ReadError::Reject(status)) => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\nConnection: close\r\n\r\n",
                    reason(status)
                );
                let _ = writer.write_all(head.as_bytes());
                break;
            }
        };
        let resp =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(shared, &req)))
                .unwrap_or_else(|_| unknown_error());
        let bytes = render(&req, &resp, req.keep_alive);
        if writer
            .write_all(&bytes)
            .and_then(|()| writer.flush())
            .is_err()
            || !req.keep_alive
        {
            break;
        }
    }
}

fn read_line(reader: &mut BufReader<TcpStream>, budget: &mut usize) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let n = reader
        .by_ref()
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|_| ReadError::Closed)?;
    if n == 0 {
        return Err(ReadError::Closed);
    }
    if n > *budget {
        return Err(ReadError::Reject(431));
    }
    *budget -= n;
    if buf.last() != Some(&b'\n') {
        return Err(ReadError::Closed);
    }
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(buf)
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD_BYTES;
    let line = loop {
        let line = read_line(reader, &mut budget)?;
        if !line.is_empty() {
            break line;
        }
    };
    let line = String::from_utf8(line).map_err(|_| ReadError::Reject(400))?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Reject(400));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase() || b == b'-') {
        return Err(ReadError::Reject(400));
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Reject(400)),
    };
    if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(ReadError::Reject(400));
    }
    let origin_form = if target.starts_with('/') || target == "*" {
        target.to_string()
    } else if let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    {
        match rest.find('/') {
            Some(i) => rest[i..].to_string(),
            None => "/".to_string(),
        }
    } else {
        return Err(ReadError::Reject(400));
    };
    let (path, query) = match origin_form.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (origin_form, String::new()),
    };

    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let raw = read_line(reader, &mut budget)?;
        if raw.is_empty() {
            break;
        }
        if raw[0] == b' ' || raw[0] == b'\t' {
            return Err(ReadError::Reject(400));
        }
        let text = String::from_utf8_lossy(&raw);
        let Some((name, value)) = text.split_once(':') else {
            return Err(ReadError::Reject(400));
        };
        if name.is_empty() || !name.bytes().all(is_token_char) {
            return Err(ReadError::Reject(400));
        }
        headers.push((
            name.to_ascii_lowercase(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
        if headers.len() > 200 {
            return Err(ReadError::Reject(431));
        }
    }

    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let connection = find("connection").unwrap_or_default().to_ascii_lowercase();
    let has_token = |t: &str| connection.split(',').any(|x| x.trim() == t);
    let keep_alive = if http11 {
        !has_token("close")
    } else {
        has_token("keep-alive")
    };
    let expect_continue = find("expect")
        .map(|v| v.eq_ignore_ascii_case("100-continue"))
        .unwrap_or(false);
    let lengths: Vec<&String> = headers
        .iter()
        .filter(|(k, _)| k == "content-length")
        .map(|(_, v)| v)
        .collect();

    let body = if let Some(te) = find("transfer-encoding") {
        let last = te
            .rsplit(',')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !lengths.is_empty() || last != "chunked" {
            return Err(ReadError::Reject(400));
        }
        if expect_continue {
            let _ = writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        read_chunked(reader)?
    } else if let Some(first) = lengths.first() {
        if !lengths.iter().all(|l| l == first)
            || first.is_empty()
            || !first.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ReadError::Reject(400));
        }
        let n: usize = first.parse().map_err(|_| ReadError::Reject(413))?;
        if n > MAX_BODY_BYTES {
            return Err(ReadError::Reject(413));
        }
        if expect_continue && n > 0 {
            let _ = writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        let mut body = vec![0u8; n];
        reader
            .read_exact(&mut body)
            .map_err(|_| ReadError::Closed)?;
        body
    } else {
        Vec::new()
    };

    Ok(Request {
        method: method.to_string(),
        path,
        query,
        headers,
        body,
        keep_alive,
    })
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = 4096;
        let line = read_line(reader, &mut budget)?;
        let line = String::from_utf8_lossy(&line);
        let size_text = line.split(';').next().unwrap_or("").trim();
        if size_text.is_empty() || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReadError::Reject(400));
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| ReadError::Reject(413))?;
        if size == 0 {
            // trailers
            loop {
                let mut budget = 4096;
                if read_line(reader, &mut budget)?.is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Err(ReadError::Reject(413));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|_| ReadError::Closed)?;
        let mut budget = 4096;
        if !read_line(reader, &mut budget)?.is_empty() {
            return Err(ReadError::Reject(400));
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "Unknown",
    }
}

#[derive(Clone, Copy, PartialEq)]
enum BodyKind {
    /// `Content-Length` and the body.
    Sized,
    /// No body and no `Content-Length` (Express's 204).
    Empty,
    /// `Transfer-Encoding: chunked`, no `Content-Type` (passport's 401).
    Chunked,
}

struct Resp {
    status: u16,
    cors: Vec<(&'static str, String)>,
    html_error: bool,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    kind: BodyKind,
    set_cookie: Option<String>,
}

impl Resp {
    fn new(status: u16, content_type: Option<&'static str>, body: Vec<u8>, kind: BodyKind) -> Resp {
        Resp {
            status,
            cors: Vec::new(),
            html_error: false,
            content_type,
            body,
            kind,
            set_cookie: None,
        }
    }

    fn json(status: u16, value: &J) -> Resp {
        Resp::new(
            status,
            Some("application/json; charset=utf-8"),
            value.encode().into_bytes(),
            BodyKind::Sized,
        )
    }

    fn text(status: u16, text: &str) -> Resp {
        Resp::new(
            status,
            Some("text/plain; charset=utf-8"),
            text.as_bytes().to_vec(),
            BodyKind::Sized,
        )
    }

    fn html(status: u16, text: &str) -> Resp {
        Resp::new(
            status,
            Some("text/html; charset=utf-8"),
            text.as_bytes().to_vec(),
            BodyKind::Sized,
        )
    }

    /// Express's final handler: an HTML page with the error text in `<pre>`.
    fn html_error(status: u16, text: &str) -> Resp {
        let mut r = Resp::html(status, &error_page(text));
        r.html_error = true;
        r
    }

    fn no_content() -> Resp {
        Resp::new(204, None, Vec::new(), BodyKind::Empty)
    }

    /// passport's failure: `res.statusCode = 401; res.end("Unauthorized")`.
    fn passport_unauthorized() -> Resp {
        Resp::new(401, None, b"Unauthorized".to_vec(), BodyKind::Chunked)
    }
}

fn render(req: &Request, resp: &Resp, keep_alive: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nX-Powered-By: Express\r\n",
        resp.status,
        reason(resp.status)
    );
    for (k, v) in &resp.cors {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if resp.html_error {
        head.push_str(
            "Content-Security-Policy: default-src 'none'\r\nX-Content-Type-Options: nosniff\r\n",
        );
    }
    if let Some(ct) = resp.content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if resp.kind == BodyKind::Sized {
        head.push_str(&format!("Content-Length: {}\r\n", resp.body.len()));
    }
    if let Some(cookie) = &resp.set_cookie {
        head.push_str(&format!("Set-Cookie: {cookie}\r\n"));
    }
    head.push_str(&format!("Date: {}\r\n", http_date(now_ms())));
    if keep_alive {
        head.push_str("Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n");
    } else {
        head.push_str("Connection: close\r\n");
    }
    if resp.kind == BodyKind::Chunked {
        head.push_str("Transfer-Encoding: chunked\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if req.method != "HEAD" {
        match resp.kind {
            BodyKind::Sized => out.extend_from_slice(&resp.body),
            BodyKind::Empty => {}
            BodyKind::Chunked => {
                if !resp.body.is_empty() {
                    out.extend_from_slice(format!("{:x}\r\n", resp.body.len()).as_bytes());
                    out.extend_from_slice(&resp.body);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"0\r\n\r\n");
            }
        }
    }
    out
}

fn error_page(text: &str) -> String {
    // `<server>` stands for the install path in the recorded pages; keep it as recorded.
    let pre = escape_html(text)
        .replace("&lt;server&gt;", "<server>")
        .replace('\n', "<br>")
        .replace("  ", " &nbsp;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{pre}</pre>\n</body>\n</html>\n"
    )
}

fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Request dispatch: session, body parsing, routing
// ---------------------------------------------------------------------------------------------

struct SessionCtx {
    sid: String,
    is_new: bool,
    modified: bool,
    destroyed: bool,
}

struct Call<'a> {
    shared: &'a Shared,
    req: &'a Request,
    body: &'a J,
    now: i64,
    session: SessionCtx,
}

fn dispatch(shared: &Shared, req: &Request) -> Resp {
    let now = now_ms();
    let mut st = lock(&shared.state);
    let (sid, is_new) = load_session(shared, &mut st, req, now);
    let mut session = SessionCtx {
        sid,
        is_new,
        modified: false,
        destroyed: false,
    };
    // Middleware order of the real server: session, then body-parser, then the routers.
    let mut resp = match parse_body(req) {
        Err(resp) => resp,
        Ok(body) => {
            let mut call = Call {
                shared,
                req,
                body: &body,
                now,
                session,
            };
            let resp = route(&mut call, &mut st);
            session = call.session;
            resp
        }
    };
    if !session.destroyed && (session.is_new || session.modified) {
        let expires = st
            .sessions
            .get(&session.sid)
            .map_or(now + SESSION_TTL_MS, |s| s.expires);
        resp.set_cookie = Some(format!(
            "connect.sid=s%3A{}.{}; Path=/; Expires={}; HttpOnly",
            session.sid,
            encode_uri_component(&shared.sign_session(&session.sid)),
            http_date(expires)
        ));
    }
    resp
}

/// express-session: a valid signed cookie naming a live session reuses it; anything else gets a
/// new (saved, because `saveUninitialized: true`) session.
fn load_session(shared: &Shared, st: &mut State, req: &Request, now: i64) -> (String, bool) {
    if let Some(sid) = cookie_session_id(shared, req)
        && st.sessions.get(&sid).is_some_and(|s| s.expires > now)
    {
        return (sid, false);
    }
    st.session_inserts += 1;
    if st.session_inserts.is_multiple_of(256) {
        st.sessions.retain(|_, s| s.expires > now);
    }
    let sid = shared.session_id();
    st.sessions.insert(
        sid.clone(),
        Session {
            customer_id: None,
            expires: now + SESSION_TTL_MS,
        },
    );
    (sid, true)
}

fn cookie_session_id(shared: &Shared, req: &Request) -> Option<String> {
    let header = req
        .headers
        .iter()
        .filter(|(k, _)| k == "cookie")
        .map(|(_, v)| v.as_str())
        .collect::<Vec<_>>()
        .join("; ");
    let raw = header.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name.trim() == "connect.sid").then(|| value.trim())
    })?;
    let raw = raw
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(raw);
    let value = percent_decode(raw).unwrap_or_else(|| raw.to_string());
    let signed = value.strip_prefix("s:")?;
    let (sid, sig) = signed.rsplit_once('.')?;
    (shared.sign_session(sid) == sig).then(|| sid.to_string())
}

fn parse_body(req: &Request) -> Result<J, Resp> {
    let empty = J::Obj(Vec::new());
    let media = req
        .header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let has_body =
        req.header("transfer-encoding").is_some() || req.header("content-length").is_some();
    if media != "application/json" || !has_body {
        return Ok(empty);
    }
    if req.body.len() > JSON_BODY_LIMIT {
        return Err(Resp::html_error(
            413,
            &format!("PayloadTooLargeError: request entity too large{STACK_TOO_LARGE}"),
        ));
    }
    if req.body.is_empty() {
        return Ok(empty);
    }
    let text = String::from_utf8_lossy(&req.body);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let chars: Vec<char> = text.chars().collect();
    let first = chars
        .iter()
        .position(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'));
    match first.map(|i| chars[i]) {
        Some('{') | Some('[') => parse_json(text)
            .map_err(|msg| Resp::html_error(400, &format!("SyntaxError: {msg}{STACK_JSON}"))),
        _ => {
            // body-parser's strict mode: it JSON.parses the text with everything from the first
            // character on replaced by '#', then puts the original text back into the message.
            let (partial, index) = match first {
                Some(i) => {
                    let mut p: String = chars[..i].iter().collect();
                    p.push_str(&"#".repeat(chars.len() - i));
                    (p, i)
                }
                None => (String::new(), 0),
            };
            let msg = parse_json(&partial).err().unwrap_or_default();
            let mut fixed = String::new();
            let mut run = 0usize;
            for c in msg.chars().chain(std::iter::once('\0')) {
                if c == '#' {
                    run += 1;
                    continue;
                }
                if run > 0 {
                    let end = (index + run).min(chars.len());
                    fixed.extend(&chars[index.min(end)..end]);
                    run = 0;
                }
                if c != '\0' {
                    fixed.push(c);
                }
            }
            Err(Resp::html_error(
                400,
                &format!("SyntaxError: {fixed}{STACK_JSON_STRICT}"),
            ))
        }
    }
}

fn is(segment: &str, literal: &str) -> bool {
    segment.eq_ignore_ascii_case(literal)
}

fn route(call: &mut Call, st: &mut State) -> Resp {
    let req = call.req;
    let get = req.method == "GET" || req.method == "HEAD";
    let trimmed = req.path.strip_prefix('/').unwrap_or(&req.path);
    let mut segs: Vec<&str> = trimmed.split('/').collect();
    if segs.last() == Some(&"") {
        segs.pop();
    }
    match segs.as_slice() {
        [h] if get && is(h, "health") => return Resp::html(200, "OK"),
        [t, p] if get && is(t, "test-hooks") && is(p, "password-reset-token") => {
            return reset_token_hook(call, st);
        }
        [s, rest @ ..] if is(s, "store") => {
            if req.method == "OPTIONS" {
                return preflight(req);
            }
            let mut resp = store_route(call, st, rest);
            resp.cors = cors_headers(req);
            return resp;
        }
        _ => {}
    }
    not_found(req)
}

fn not_found(req: &Request) -> Resp {
    Resp::html_error(404, &format!("Cannot {} {}", req.method, req.path))
}

fn allowed_origin(req: &Request) -> Option<String> {
    req.header("origin")
        .filter(|o| ALLOWED_ORIGINS.contains(o))
        .map(str::to_string)
}

fn cors_headers(req: &Request) -> Vec<(&'static str, String)> {
    let mut h = Vec::new();
    if let Some(origin) = allowed_origin(req) {
        h.push(("Access-Control-Allow-Origin", origin));
    }
    h.push(("Vary", "Origin".into()));
    h.push(("Access-Control-Allow-Credentials", "true".into()));
    h
}

/// `cors()` answering an OPTIONS request under /store (captures 02 and 03).
fn preflight(req: &Request) -> Resp {
    let mut resp = Resp::new(204, None, Vec::new(), BodyKind::Sized);
    if let Some(origin) = allowed_origin(req) {
        resp.cors.push(("Access-Control-Allow-Origin", origin));
    }
    resp.cors
        .push(("Vary", "Origin, Access-Control-Request-Headers".into()));
    resp.cors
        .push(("Access-Control-Allow-Credentials", "true".into()));
    resp.cors.push((
        "Access-Control-Allow-Methods",
        "GET,HEAD,PUT,PATCH,POST,DELETE".into(),
    ));
    if let Some(h) = req
        .header("access-control-request-headers")
        .filter(|h| !h.is_empty())
    {
        resp.cors
            .push(("Access-Control-Allow-Headers", h.to_string()));
    }
    resp
}

fn store_route(call: &mut Call, st: &mut State, segs: &[&str]) -> Resp {
    let method = call.req.method.as_str();
    let get = method == "GET" || method == "HEAD";
    match segs {
        [c, rest @ ..] if is(c, "customers") => {
            match (method, rest) {
                ("POST", []) => return create_customer(call, st),
                ("POST", [p]) if is(p, "password-reset") => return reset_password(call, st),
                ("POST", [p]) if is(p, "password-token") => return password_token(call, st),
                _ => {}
            }
            // `route.use(requireCustomerAuthentication())`: everything else below
            // /store/customers needs a customer, even paths that do not exist.
            let Some(ci) = authenticate(call, st) else {
                return Resp::passport_unauthorized();
            };
            match rest {
                [me] if is(me, "me") && get => me_response(call, st, ci),
                [me] if is(me, "me") && method == "POST" => update_customer(call, st, ci),
                [me, o] if is(me, "me") && is(o, "orders") && get => list_orders(call, st, ci),
                [me, p] if is(me, "me") && is(p, "payment-methods") && get => {
                    Resp::json(200, &jobj(vec![("payment_methods", J::Arr(Vec::new()))]))
                }
                [me, a] if is(me, "me") && is(a, "addresses") && method == "POST" => {
                    add_address(call, st, ci)
                }
                [me, a, id] if is(me, "me") && is(a, "addresses") && method == "POST" => {
                    update_address(call, st, ci, id)
                }
                [me, a, id] if is(me, "me") && is(a, "addresses") && method == "DELETE" => {
                    delete_address(call, st, ci, id)
                }
                _ => not_found(call.req),
            }
        }
        [a, rest @ ..] if is(a, "auth") => match (method, rest) {
            (_, []) if get => match authenticate(call, st) {
                Some(ci) => Resp::json(
                    200,
                    &jobj(vec![("customer", customer_json(st, ci, View::Auth))]),
                ),
                None => Resp::passport_unauthorized(),
            },
            (_, [email]) if get => email_exists(st, email),
            ("DELETE", []) => {
                st.sessions.remove(&call.session.sid);
                call.session.destroyed = true;
                Resp::text(200, "OK")
            }
            ("POST", []) => login(call, st),
            ("POST", [t]) if is(t, "token") => access_token(call, st),
            _ => not_found(call.req),
        },
        _ => not_found(call.req),
    }
}

/// `authenticateCustomer()`: the session first, then `Authorization: Bearer <jwt>`.
fn authenticate(call: &Call, st: &State) -> Option<usize> {
    if let Some(cid) = st
        .sessions
        .get(&call.session.sid)
        .and_then(|s| s.customer_id.as_deref())
        && let Some(ci) = st.customer_idx(cid)
    {
        return Some(ci);
    }
    let auth = call.req.header("authorization")?;
    let mut words = auth.split_whitespace();
    let (scheme, token) = (words.next()?, words.next()?);
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let claims = call.shared.verify_jwt(b"access", b"", token)?;
    if claims.get("domain")?.as_str()? != "store" {
        return None;
    }
    let exp = claims.get("exp")?.as_num()?;
    if exp * 1000.0 <= call.now as f64 {
        return None;
    }
    st.customer_idx(claims.get("customer_id")?.as_str()?)
}

fn set_session_customer(call: &mut Call, st: &mut State, customer_id: &str) {
    if let Some(s) = st.sessions.get_mut(&call.session.sid)
        && s.customer_id.as_deref() != Some(customer_id)
    {
        s.customer_id = Some(customer_id.to_string());
        call.session.modified = true;
    }
}

// ---------------------------------------------------------------------------------------------
// Error bodies
// ---------------------------------------------------------------------------------------------

fn medusa_error(status: u16, kind: &str, message: &str) -> Resp {
    Resp::json(
        status,
        &jobj(vec![("type", js(kind)), ("message", js(message))]),
    )
}

fn invalid_data(messages: &[String]) -> Resp {
    medusa_error(400, "invalid_data", &messages.join(", "))
}

fn unknown_error() -> Resp {
    Resp::json(
        500,
        &jobj(vec![
            ("code", js("unknown_error")),
            ("type", js("unknown_error")),
            ("message", js("An unknown error occurred.")),
        ]),
    )
}

fn duplicate_error(message: &str) -> Resp {
    Resp::json(
        422,
        &jobj(vec![
            ("code", js("invalid_request_error")),
            ("type", js("duplicate_error")),
            ("message", js(message)),
        ]),
    )
}

fn country_not_found(code: &str) -> Resp {
    medusa_error(
        404,
        "not_found",
        &format!("Country with country_code {code} does not exist."),
    )
}

fn country_exists(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

// ---------------------------------------------------------------------------------------------
// Validation, the class-validator way (whitelist + forbidNonWhitelisted)
// ---------------------------------------------------------------------------------------------

const UNKNOWN_VALUE: &str = "an unknown value was passed to the validate function";

fn body_object(body: &J) -> Result<&[(String, J)], Resp> {
    match body {
        J::Obj(m) => Ok(m),
        _ => Err(invalid_data(&[UNKNOWN_VALUE.to_string()])),
    }
}

fn field<'a>(m: &'a [(String, J)], key: &str) -> Option<&'a J> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn whitelist(m: &[(String, J)], allowed: &[&str], errors: &mut Vec<String>) {
    for (k, _) in m {
        if !allowed.contains(&k.as_str()) {
            errors.push(format!("property {k} should not exist"));
        }
    }
}

/// `@IsString()`, with `@IsOptional()` when `optional` (which also lets `null` through).
fn check_string(m: &[(String, J)], key: &str, optional: bool, errors: &mut Vec<String>) {
    match field(m, key) {
        Some(J::Str(_)) => {}
        None | Some(J::Null) if optional => {}
        _ => errors.push(format!("{key} must be a string")),
    }
}

fn check_email(m: &[(String, J)], key: &str, optional: bool, errors: &mut Vec<String>) {
    match field(m, key) {
        Some(J::Str(s)) if is_email(s) => {}
        None | Some(J::Null) if optional => {}
        _ => errors.push(format!("{key} must be an email")),
    }
}

fn check_object(m: &[(String, J)], key: &str, errors: &mut Vec<String>) {
    match field(m, key) {
        None | Some(J::Null) | Some(J::Obj(_)) => {}
        _ => errors.push(format!("{key} must be an object")),
    }
}

fn check_not_empty(m: &[(String, J)], key: &str, errors: &mut Vec<String>) {
    match field(m, key) {
        None | Some(J::Null) => errors.push(format!("{key} should not be empty")),
        Some(J::Str(s)) if s.is_empty() => errors.push(format!("{key} should not be empty")),
        _ => {}
    }
}

/// `AddressPayload` (every property optional, metadata an object).
fn validate_address_payload(m: &[(String, J)]) -> Vec<String> {
    let mut errors = Vec::new();
    whitelist(m, &ADDRESS_PAYLOAD_KEYS, &mut errors);
    for key in ADDRESS_PAYLOAD_KEYS {
        if key == "metadata" {
            check_object(m, key, &mut errors);
        } else {
            check_string(m, key, true, &mut errors);
        }
    }
    errors
}

/// `AddressCreatePayload`.
fn validate_address_create(m: &[(String, J)]) -> Vec<String> {
    const REQUIRED: [&str; 6] = [
        "first_name",
        "last_name",
        "address_1",
        "city",
        "country_code",
        "postal_code",
    ];
    let mut errors = Vec::new();
    whitelist(m, &ADDRESS_PAYLOAD_KEYS, &mut errors);
    for key in ADDRESS_PAYLOAD_KEYS {
        if key != "metadata" {
            check_string(m, key, !REQUIRED.contains(&key), &mut errors);
        }
    }
    errors
}

/// validator.js `isEmail` with its default options.
fn is_email(s: &str) -> bool {
    if s.encode_utf16().count() > 254 {
        return false;
    }
    let Some((user, domain)) = s.rsplit_once('@') else {
        return false;
    };
    if user.is_empty() || user.len() > 64 || domain.len() > 254 || !is_fqdn(domain) {
        return false;
    }
    let local_ok = |c: char| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+-/=?^_`{|}~".contains(c)
            || ('\u{a1}'..='\u{d7ff}').contains(&c)
            || ('\u{f900}'..='\u{fdcf}').contains(&c)
            || ('\u{fdf0}'..='\u{ffef}').contains(&c)
    };
    if let Some(inner) = user.strip_prefix('"') {
        let Some(inner) = inner.strip_suffix('"') else {
            return false;
        };
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some(n) if n != '\n' && n != '\0' => {}
                    _ => return false,
                }
            } else if c == '"' || c == '\\' || c == '\0' || c == '\n' || c == '\r' {
                return false;
            }
        }
        return true;
    }
    user.split('.')
        .all(|part| !part.is_empty() && part.chars().all(local_ok))
}

fn is_fqdn(domain: &str) -> bool {
    let parts: Vec<&str> = domain.split('.').collect();
    if parts.len() < 2 {
        return false;
    }
    let tld = parts[parts.len() - 1];
    let tld_ok = tld.chars().count() >= 2
        && (tld.chars().all(|c| {
            c.is_ascii_alphabetic()
                || (('\u{a1}'..='\u{ffef}').contains(&c) && c != '\u{a9}' && !c.is_whitespace())
        }) || (tld.len() >= 4
            && tld.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("xn"))
            && tld
                .get(2..)
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))));
    if !tld_ok {
        return false;
    }
    parts.iter().all(|part| {
        !part.is_empty()
            && part.encode_utf16().count() <= 63
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c >= '\u{a1}')
            && !part.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c))
            && !part.starts_with('-')
            && !part.ends_with('-')
    })
}

// ---------------------------------------------------------------------------------------------
// JSON views
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum View {
    /// `defaultStoreCustomersFields` + `billing_address`, `shipping_addresses`.
    Store,
    /// `/store/auth`: all columns + `orders` (with items) + `shipping_addresses`.
    Auth,
    /// Columns only (password reset, the `customer` relation of an order).
    Plain,
}

fn address_json(a: &Address) -> J {
    let mut m = vec![
        ("id".to_string(), js(&a.id)),
        ("created_at".to_string(), js(&iso(a.created_at))),
        ("updated_at".to_string(), js(&iso(a.updated_at))),
        (
            "deleted_at".to_string(),
            a.deleted_at.map_or(J::Null, |t| js(&iso(t))),
        ),
        ("customer_id".to_string(), jopt(&a.customer_id)),
    ];
    for (name, value) in ADDRESS_COLUMNS.iter().zip(&a.columns) {
        m.push((name.to_string(), jopt(value)));
    }
    m.push((
        "metadata".to_string(),
        a.metadata.clone().unwrap_or(J::Null),
    ));
    J::Obj(m)
}

fn customer_json(st: &State, ci: usize, view: View) -> J {
    let c = &st.customers[ci];
    let mut m = vec![
        ("id".to_string(), js(&c.id)),
        ("created_at".to_string(), js(&iso(c.created_at))),
        ("updated_at".to_string(), js(&iso(c.updated_at))),
        ("deleted_at".to_string(), J::Null),
        ("email".to_string(), js(&c.email)),
        ("first_name".to_string(), jopt(&c.first_name)),
        ("last_name".to_string(), jopt(&c.last_name)),
        (
            "billing_address_id".to_string(),
            jopt(&c.billing_address_id),
        ),
        ("phone".to_string(), jopt(&c.phone)),
        ("has_account".to_string(), J::Bool(c.has_account)),
        (
            "metadata".to_string(),
            c.metadata.clone().unwrap_or(J::Null),
        ),
    ];
    let shipping = || {
        J::Arr(
            st.addresses
                .iter()
                .filter(|a| a.deleted_at.is_none() && a.customer_id.as_deref() == Some(&c.id))
                .map(address_json)
                .collect(),
        )
    };
    match view {
        View::Store => {
            let billing = c
                .billing_address_id
                .as_deref()
                .and_then(|id| st.live_address_idx(id))
                .map_or(J::Null, |i| address_json(&st.addresses[i]));
            m.push(("billing_address".to_string(), billing));
            m.push(("shipping_addresses".to_string(), shipping()));
        }
        View::Auth => {
            let mut orders: Vec<&Order> =
                st.orders.iter().filter(|o| o.customer_id == c.id).collect();
            orders.sort_by_key(|o| o.display_id);
            m.push((
                "orders".to_string(),
                J::Arr(orders.iter().map(|o| o.auth_json.clone()).collect()),
            ));
            m.push(("shipping_addresses".to_string(), shipping()));
        }
        View::Plain => {}
    }
    J::Obj(m)
}

fn me_response(_call: &mut Call, st: &mut State, ci: usize) -> Resp {
    Resp::json(
        200,
        &jobj(vec![("customer", customer_json(st, ci, View::Store))]),
    )
}

// ---------------------------------------------------------------------------------------------
// Customers
// ---------------------------------------------------------------------------------------------

/// `POST /store/customers` (`StorePostCustomersReq`, `CustomerService.create`).
fn create_customer(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(
        m,
        &["first_name", "last_name", "email", "password", "phone"],
        &mut errors,
    );
    check_string(m, "first_name", true, &mut errors);
    check_string(m, "last_name", true, &mut errors);
    check_email(m, "email", false, &mut errors);
    check_string(m, "password", false, &mut errors);
    check_string(m, "phone", true, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let email = field(m, "email")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_lowercase();
    let password = field(m, "password").and_then(J::as_str).unwrap_or("");
    let existing: Vec<&Customer> = st.customers.iter().filter(|c| c.email == email).collect();
    if existing.iter().any(|c| c.has_account) && !password.is_empty() {
        return duplicate_error(
            "A customer with the given email already has an account. Log in instead",
        );
    }
    if existing.iter().any(|c| !c.has_account) && password.is_empty() {
        return duplicate_error("Guest customer with email already exists");
    }
    let now = call.now;
    let customer = Customer {
        id: call.shared.new_id("cus", now),
        created_at: now,
        updated_at: now,
        email,
        first_name: field(m, "first_name")
            .and_then(J::as_str)
            .map(str::to_string),
        last_name: field(m, "last_name")
            .and_then(J::as_str)
            .map(str::to_string),
        billing_address_id: None,
        phone: field(m, "phone").and_then(J::as_str).map(str::to_string),
        has_account: !password.is_empty(),
        metadata: None,
        password_hash: (!password.is_empty()).then(|| call.shared.hash_password(password)),
    };
    let id = customer.id.clone();
    add_demo_orders(call.shared, st, &customer, now);
    st.customers.push(customer);
    set_session_customer(call, st, &id);
    Resp::json(
        200,
        &jobj(vec![(
            "customer",
            customer_json(st, st.customers.len() - 1, View::Store),
        )]),
    )
}

/// `setMetadata`: merge, and a key set to "" is removed. Stored as jsonb.
fn merge_metadata(existing: Option<&J>, update: &[(String, J)]) -> J {
    let mut merged: Vec<(String, J)> = match existing {
        Some(J::Obj(m)) => m.clone(),
        _ => Vec::new(),
    };
    for (k, v) in update {
        let is_unset = matches!(v, J::Str(s) if s.is_empty());
        if is_unset {
            merged.retain(|(mk, _)| mk != k);
        } else if let Some(slot) = merged.iter_mut().find(|(mk, _)| mk == k) {
            slot.1 = v.clone();
        } else {
            merged.push((k.clone(), v.clone()));
        }
    }
    jsonb(J::Obj(merged))
}

/// The `@IsType([AddressPayload, String])` failure: its message is a JSON document.
fn is_type_failure(value: &J, address_errors: Option<Vec<String>>) -> String {
    let split =
        |msg: &str| -> Vec<J> { msg.split(',').filter(|s| !s.is_empty()).map(js).collect() };
    let string_msg = format!(
        "String validation failed: {} is not a string",
        value.js_string()
    );
    let address_msgs = match address_errors {
        Some(errors) => split(&errors.join(", ")),
        None => vec![js(UNKNOWN_VALUE)],
    };
    jobj(vec![
        (
            "message",
            js("billing_address must be one of: AddressPayload,String"),
        ),
        (
            "details",
            jobj(vec![
                ("String", J::Arr(split(&string_msg))),
                ("AddressPayload", J::Arr(address_msgs)),
            ]),
        ),
    ])
    .encode()
}

fn address_from_payload(
    shared: &Shared,
    m: &[(String, J)],
    customer_id: Option<String>,
    now: i64,
) -> Address {
    let mut a = Address {
        id: shared.new_id("addr", now),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        customer_id,
        columns: Default::default(),
        metadata: field(m, "metadata")
            .filter(|v| **v != J::Null)
            .cloned()
            .map(jsonb),
    };
    for (i, name) in ADDRESS_COLUMNS.iter().enumerate() {
        a.columns[i] = field(m, name).and_then(J::as_str).map(|s| {
            if *name == "country_code" {
                s.to_lowercase()
            } else {
                s.to_string()
            }
        });
    }
    a
}

/// Applies a flat `AddressPayload` to an address; returns whether anything changed.
fn apply_address_payload(a: &mut Address, m: &[(String, J)]) -> bool {
    let mut changed = false;
    for name in ADDRESS_COLUMNS {
        let new = match (name, field(m, name)) {
            (_, None) => continue,
            // `address.country_code?.toLowerCase()` turns null into undefined: left as is.
            ("country_code", Some(J::Null)) => continue,
            ("country_code", Some(J::Str(s))) => Some(s.to_lowercase()),
            (_, Some(J::Str(s))) => Some(s.clone()),
            (_, Some(_)) => None,
        };
        if let Some(slot) = a.col_mut(name)
            && *slot != new
        {
            *slot = new;
            changed = true;
        }
    }
    if let Some(v) = field(m, "metadata") {
        let new = (*v != J::Null).then(|| jsonb(v.clone()));
        if a.metadata != new {
            a.metadata = new;
            changed = true;
        }
    }
    changed
}

/// `POST /store/customers/me` (`StorePostCustomersCustomerReq`, `CustomerService.update`).
fn update_customer(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(
        m,
        &[
            "billing_address",
            "first_name",
            "last_name",
            "password",
            "phone",
            "email",
            "metadata",
        ],
        &mut errors,
    );
    // The async IsType validator throws, which rejects the whole validation with its message.
    match field(m, "billing_address") {
        None | Some(J::Null) | Some(J::Str(_)) => {}
        Some(J::Obj(a)) => {
            let address_errors = validate_address_payload(a);
            if !address_errors.is_empty() {
                let v = J::Obj(a.clone());
                return invalid_data(&[is_type_failure(&v, Some(address_errors))]);
            }
        }
        Some(other) => return invalid_data(&[is_type_failure(other, None)]),
    }
    check_string(m, "first_name", true, &mut errors);
    check_string(m, "last_name", true, &mut errors);
    check_string(m, "password", true, &mut errors);
    check_string(m, "phone", true, &mut errors);
    check_email(m, "email", true, &mut errors);
    check_object(m, "metadata", &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }

    let now = call.now;
    let mut c = st.customers[ci].clone();
    let mut changed = false;

    // Billing address: null unsets, a string links an existing address, an object creates one
    // or merges into the current one.
    let mut new_address: Option<Address> = None;
    let mut merged_address: Option<(usize, Address)> = None;
    if let Some(billing) = field(m, "billing_address") {
        let new_id = match billing {
            J::Null => None,
            J::Str(id) => {
                if st.live_address_idx(id).is_none() {
                    return medusa_error(
                        404,
                        "not_found",
                        &format!("Address with id {id} was not found"),
                    );
                }
                Some(id.clone())
            }
            J::Obj(a) => {
                if let Some(J::Str(cc)) = field(a, "country_code")
                    && !country_exists(&cc.to_lowercase())
                {
                    return country_not_found(&cc.to_lowercase());
                }
                match c
                    .billing_address_id
                    .as_deref()
                    .and_then(|id| st.live_address_idx(id))
                {
                    Some(ai) => {
                        let mut addr = st.addresses[ai].clone();
                        if apply_address_payload(&mut addr, a) {
                            addr.updated_at = now;
                        }
                        merged_address = Some((ai, addr));
                        c.billing_address_id.clone()
                    }
                    None => {
                        let addr = address_from_payload(call.shared, a, None, now);
                        let id = addr.id.clone();
                        new_address = Some(addr);
                        Some(id)
                    }
                }
            }
            _ => c.billing_address_id.clone(),
        };
        if c.billing_address_id != new_id {
            c.billing_address_id = new_id;
            changed = true;
        }
    }

    if let Some(J::Obj(update)) = field(m, "metadata") {
        let merged = merge_metadata(c.metadata.as_ref(), update);
        if c.metadata.as_ref() != Some(&merged) {
            c.metadata = Some(merged);
            changed = true;
        }
    }
    for (key, slot) in [
        ("first_name", &mut c.first_name),
        ("last_name", &mut c.last_name),
        ("phone", &mut c.phone),
    ] {
        if let Some(v) = field(m, key) {
            let new = v.as_str().map(str::to_string);
            if *slot != new {
                *slot = new;
                changed = true;
            }
        }
    }
    match field(m, "email") {
        None => {}
        Some(J::Str(email)) => {
            // Assigned as given (not lower-cased); unique index on (email, has_account).
            let taken = st
                .customers
                .iter()
                .any(|o| o.id != c.id && o.email == *email && o.has_account == c.has_account);
            if taken {
                return duplicate_error(&format!(
                    "Customer with email, has_account {email}, {} already exists.",
                    if c.has_account { "t" } else { "f" }
                ));
            }
            if c.email != *email {
                c.email = email.clone();
                changed = true;
            }
        }
        Some(_) => {
            return medusa_error(
                400,
                "invalid_data",
                "Can't insert null value in field email on insert.",
            );
        }
    }
    if let Some(J::Str(password)) = field(m, "password")
        && !password.is_empty()
    {
        c.password_hash = Some(call.shared.hash_password(password));
        changed = true;
    }

    if changed {
        c.updated_at = now;
    }
    st.customers[ci] = c;
    if let Some(addr) = new_address {
        st.addresses.push(addr);
    }
    if let Some((ai, addr)) = merged_address {
        st.addresses[ai] = addr;
    }
    me_response(call, st, ci)
}

/// `POST /store/customers/me/addresses` with `{"address": AddressCreatePayload}`.
fn add_address(call: &mut Call, st: &mut State, ci: usize) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["address"], &mut errors);
    let payload = match field(m, "address") {
        // `@ValidateNested()` skips undefined; the service then fails on it.
        None => None,
        Some(J::Obj(a)) => {
            errors.extend(validate_address_create(a));
            Some(a)
        }
        Some(J::Arr(items)) => {
            for item in items {
                match item {
                    J::Obj(a) => errors.extend(validate_address_create(a)),
                    _ => {
                        errors.push("nested property address must be either object or array".into())
                    }
                }
            }
            None
        }
        Some(_) => {
            errors.push("nested property address must be either object or array".into());
            None
        }
    };
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let Some(a) = payload else {
        return unknown_error();
    };
    let customer_id = st.customers[ci].id.clone();
    let country = field(a, "country_code")
        .and_then(J::as_str)
        .unwrap_or("")
        .to_lowercase();
    // De-duplication (`CustomerService.addAddress`): strict equality, so a stored null only
    // equals an explicit null, never a missing property.
    let same = |stored: &Option<String>, given: Option<&J>| match (stored, given) {
        (None, Some(J::Null)) => true,
        (Some(s), Some(J::Str(g))) => s == g,
        _ => false,
    };
    let duplicate = st.addresses.iter().any(|x| {
        x.deleted_at.is_none()
            && x.customer_id.as_deref() == Some(customer_id.as_str())
            && x.col("country_code")
                .and_then(|c| c.as_deref())
                .map(str::to_lowercase)
                .as_deref()
                == Some(country.as_str())
            && [
                "address_1",
                "address_2",
                "city",
                "phone",
                "postal_code",
                "province",
                "first_name",
                "last_name",
            ]
            .iter()
            .all(|k| x.col(k).is_some_and(|stored| same(stored, field(a, k))))
    });
    if !duplicate {
        if !country_exists(&country) {
            return country_not_found(&country);
        }
        let addr = address_from_payload(call.shared, a, Some(customer_id), call.now);
        st.addresses.push(addr);
    }
    me_response(call, st, ci)
}

fn decode_param(raw: &str) -> Option<String> {
    percent_decode(raw)
}

/// `POST /store/customers/me/addresses/:address_id` with a flat `AddressPayload`.
fn update_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let Some(id) = decode_param(raw_id) else {
        return unknown_error();
    };
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let errors = validate_address_payload(m);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let customer_id = st.customers[ci].id.clone();
    let Some(ai) = st
        .live_address_idx(&id)
        .filter(|&i| st.addresses[i].customer_id.as_deref() == Some(customer_id.as_str()))
    else {
        return medusa_error(400, "invalid_data", "Could not find address for customer");
    };
    if let Some(J::Str(cc)) = field(m, "country_code")
        && !country_exists(&cc.to_lowercase())
    {
        return country_not_found(&cc.to_lowercase());
    }
    let mut addr = st.addresses[ai].clone();
    if apply_address_payload(&mut addr, m) {
        addr.updated_at = call.now;
    }
    st.addresses[ai] = addr;
    me_response(call, st, ci)
}

/// `DELETE /store/customers/me/addresses/:address_id`: soft delete, idempotent.
fn delete_address(call: &mut Call, st: &mut State, ci: usize, raw_id: &str) -> Resp {
    let Some(id) = decode_param(raw_id) else {
        return unknown_error();
    };
    let customer_id = st.customers[ci].id.clone();
    if let Some(ai) = st.live_address_idx(&id)
        && st.addresses[ai].customer_id.as_deref() == Some(customer_id.as_str())
    {
        st.addresses[ai].deleted_at = Some(call.now);
    }
    me_response(call, st, ci)
}

// ---------------------------------------------------------------------------------------------
// Password reset
// ---------------------------------------------------------------------------------------------

/// `POST /store/customers/password-token`: always 204; records the token for the test hook.
fn password_token(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["email"], &mut errors);
    check_email(m, "email", false, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let email = field(m, "email").and_then(J::as_str).unwrap_or("");
    if let Some(ci) = st.registered_idx(email) {
        let c = &st.customers[ci];
        let now_s = call.now / 1000;
        let claims = jobj(vec![
            ("customer_id", js(&c.id)),
            ("exp", J::Num((now_s + RESET_TOKEN_TTL_S) as f64)),
            ("iat", J::Num(now_s as f64)),
        ]);
        let key = c
            .password_hash
            .as_ref()
            .map(PasswordHash::key)
            .unwrap_or_default();
        let token = call.shared.sign_jwt(b"reset", &key, &claims);
        let record = jobj(vec![
            ("email", js(&c.email)),
            ("customer_id", js(&c.id)),
            ("token", js(&token)),
            ("at", js(&iso(call.now))),
        ]);
        st.reset_hook.insert(c.email.to_lowercase(), record);
    }
    Resp::no_content()
}

/// `POST /store/customers/password-reset`.
fn reset_password(call: &mut Call, st: &mut State) -> Resp {
    let m = match body_object(call.body) {
        Ok(m) => m,
        Err(resp) => return resp,
    };
    let mut errors = Vec::new();
    whitelist(m, &["email", "token", "password"], &mut errors);
    check_email(m, "email", false, &mut errors);
    check_string(m, "token", false, &mut errors);
    check_string(m, "password", false, &mut errors);
    if !errors.is_empty() {
        return invalid_data(&errors);
    }
    let text = |k: &str| field(m, k).and_then(J::as_str).unwrap_or("");
    let invalid_token = || {
        medusa_error(
            401,
            "unauthorized",
            "Invalid or expired password reset token",
        )
    };
    let Some(ci) = st.registered_idx(text("email")) else {
        return invalid_token();
    };
    let key = st.customers[ci]
        .password_hash
        .as_ref()
        .map(PasswordHash::key)
        .unwrap_or_default();
    // jsonwebtoken errors (bad format, bad signature, expired) are not MedusaErrors: 500.
    let Some(claims) = call.shared.verify_jwt(b"reset", &key, text("token")) else {
        return unknown_error();
    };
    let exp = claims.get("exp").and_then(J::as_num).unwrap_or(0.0);
    if exp * 1000.0 <= call.now as f64 {
        return unknown_error();
    }
    if claims.get("customer_id").and_then(J::as_str) != Some(st.customers[ci].id.as_str()) {
        return invalid_token();
    }
    let password = text("password");
    if !password.is_empty() {
        let hash = call.shared.hash_password(password);
        let c = &mut st.customers[ci];
        c.password_hash = Some(hash);
        c.updated_at = call.now;
    }
    Resp::json(
        200,
        &jobj(vec![("customer", customer_json(st, ci, View::Plain))]),
    )
}

/// The test server's hook: `GET /test-hooks/password-reset-token?email=...`.
fn reset_token_hook(call: &mut Call, st: &mut State) -> Resp {
    let query = qs_parse(&call.req.query);
    let email = match query.iter().find(|(k, _)| k == "email").map(|(_, v)| v) {
        Some(v) => v.js_string(),
        None => String::new(),
    }
    .to_lowercase();
    match st.reset_hook.get(&email) {
        Some(record) => Resp::json(200, record),
        None => Resp::json(
            404,
            &jobj(vec![(
                "message",
                js(&format!("no reset token recorded for {email}")),
            )]),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

/// `StorePostAuthReq` + `AuthService.authenticateCustomer`.
fn check_credentials(call: &Call, st: &State) -> Result<Option<usize>, Resp> {
    let m = body_object(call.body)?;
    let mut errors = Vec::new();
    whitelist(m, &["email", "password"], &mut errors);
    check_email(m, "email", false, &mut errors);
    check_not_empty(m, "password", &mut errors);
    if !errors.is_empty() {
        return Err(invalid_data(&errors));
    }
    let email = field(m, "email").and_then(J::as_str).unwrap_or("");
    let Some(J::Str(password)) = field(m, "password") else {
        return Ok(None);
    };
    Ok(st.registered_idx(email).filter(|&ci| {
        st.customers[ci]
            .password_hash
            .as_ref()
            .is_some_and(|h| call.shared.password_matches(h, password))
    }))
}

/// `POST /store/auth`.
fn login(call: &mut Call, st: &mut State) -> Resp {
    match check_credentials(call, st) {
        Err(resp) => resp,
        Ok(None) => Resp::text(401, "Unauthorized"),
        Ok(Some(ci)) => {
            let id = st.customers[ci].id.clone();
            set_session_customer(call, st, &id);
            Resp::json(
                200,
                &jobj(vec![("customer", customer_json(st, ci, View::Auth))]),
            )
        }
    }
}

/// `POST /store/auth/token`.
fn access_token(call: &mut Call, st: &mut State) -> Resp {
    match check_credentials(call, st) {
        Err(resp) => resp,
        Ok(None) => Resp::text(401, "Unauthorized"),
        Ok(Some(ci)) => {
            let iat = call.now / 1000;
            let claims = jobj(vec![
                ("customer_id", js(&st.customers[ci].id)),
                ("domain", js("store")),
                ("iat", J::Num(iat as f64)),
                ("exp", J::Num((iat + ACCESS_TOKEN_TTL_S) as f64)),
            ]);
            let token = call.shared.sign_jwt(b"access", b"", &claims);
            Resp::json(200, &jobj(vec![("access_token", js(&token))]))
        }
    }
}

/// `GET /store/auth/:email`: always 200.
fn email_exists(st: &State, raw: &str) -> Resp {
    let exists = decode_param(raw).is_some_and(|email| st.registered_idx(&email).is_some());
    Resp::json(200, &jobj(vec![("exists", J::Bool(exists))]))
}

// ---------------------------------------------------------------------------------------------
// Orders
// ---------------------------------------------------------------------------------------------

fn add_demo_orders(shared: &Shared, st: &mut State, customer: &Customer, now: i64) {
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

/// Rewrites every `created_at`/`updated_at` string below `v`.
fn restamp(v: &mut J, stamp: &str) {
    match v {
        J::Obj(m) => {
            for (k, child) in m.iter_mut() {
                if (k == "created_at" || k == "updated_at") && matches!(child, J::Str(_)) {
                    *child = js(stamp);
                } else {
                    restamp(child, stamp);
                }
            }
        }
        J::Arr(a) => a.iter_mut().for_each(|child| restamp(child, stamp)),
        _ => {}
    }
}

fn first_mut<'a>(v: &'a mut J, key: &str) -> Option<&'a mut J> {
    match v.get_mut(key)? {
        J::Arr(a) => a.first_mut(),
        _ => None,
    }
}

fn build_order(
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
fn enum_ok(v: &Q, allowed: &[&str]) -> bool {
    match v {
        Q::S(s) => allowed.contains(&s.as_str()),
        Q::A(items) => items
            .iter()
            .all(|(_, item)| matches!(item, Q::S(s) if allowed.contains(&s.as_str()))),
        Q::O(_) => false,
    }
}

fn enum_values(v: &Q) -> Vec<String> {
    match v {
        Q::S(s) => vec![s.clone()],
        Q::A(items) => items.iter().map(|(_, item)| item.js_string()).collect(),
        Q::O(_) => Vec::new(),
    }
}

/// `GET /store/customers/me/orders` (`StoreGetCustomersCustomerOrdersParams`).
fn list_orders(call: &mut Call, st: &mut State, ci: usize) -> Resp {
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

    let query = normalize_query(qs_parse(&call.req.query));
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

/// `transformDate`: a date string, or else a number of seconds since the epoch.
fn transform_date(v: &Q) -> Option<f64> {
    let Q::S(s) = v else {
        return None;
    };
    if let Some(ms) = parse_date_ms(s) {
        return Some(ms as f64);
    }
    js_number(s)
        .map(|n| n * 1000.0)
        .filter(|n| n.is_finite() && n.abs() <= 8.64e15)
}

/// JavaScript's `Number(string)`.
fn js_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = t.strip_prefix(prefix) {
            return u128::from_str_radix(digits, radix)
                .ok()
                .filter(|_| !digits.starts_with('+'))
                .map(|n| n as f64);
        }
    }
    match t.trim_start_matches(['+', '-']) {
        "Infinity" => {
            return Some(if t.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        _ if !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E')) =>
        {
            return None;
        }
        _ => {}
    }
    t.parse::<f64>().ok()
}

// ---------------------------------------------------------------------------------------------
// Query strings, the `qs` way
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Q {
    S(String),
    /// Array elements with their explicit index, if any (`a[2]=x`).
    A(Vec<(Option<usize>, Q)>),
    O(Vec<(String, Q)>),
}

impl Q {
    fn js_string(&self) -> String {
        match self {
            Q::S(s) => s.clone(),
            Q::A(items) => items
                .iter()
                .map(|(_, v)| v.js_string())
                .collect::<Vec<_>>()
                .join(","),
            Q::O(_) => "[object Object]".into(),
        }
    }
}

enum Seg {
    Push,
    Index(usize),
    Key(String),
}

fn qs_decode(s: &str) -> String {
    let spaced = s.replace('+', " ");
    percent_decode(&spaced).unwrap_or(spaced)
}

/// `qs.parse(str, { arrayLimit: Infinity })`, close enough for Medusa's query parameters.
fn qs_parse(query: &str) -> Vec<(String, Q)> {
    let mut root: Vec<(String, Q)> = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let pos = part.find("]=").map(|p| p + 1).or_else(|| part.find('='));
        let (key, value) = match pos {
            Some(p) => (qs_decode(&part[..p]), qs_decode(&part[p + 1..])),
            None => (qs_decode(part), String::new()),
        };
        if key.is_empty() {
            continue;
        }
        let (parent, segs) = split_key(&key);
        let (name, rest) = match parent {
            Some(p) => (p, &segs[..]),
            None => match segs.first() {
                Some(Seg::Key(k)) => (k.clone(), &segs[1..]),
                Some(Seg::Index(i)) => (i.to_string(), &segs[1..]),
                _ => continue,
            },
        };
        match root.iter_mut().find(|(k, _)| *k == name) {
            Some((_, slot)) => {
                let mut current = Some(std::mem::replace(slot, Q::S(String::new())));
                insert_q(&mut current, rest, value);
                if let Some(v) = current {
                    *slot = v;
                }
            }
            None => {
                let mut current = None;
                insert_q(&mut current, rest, value);
                if let Some(v) = current {
                    root.push((name, v));
                }
            }
        }
    }
    // The parsed query is a JavaScript object: array-index keys come first.
    root.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
    root
}

fn split_key(key: &str) -> (Option<String>, Vec<Seg>) {
    let mut segs = Vec::new();
    let Some(open) = key.find('[') else {
        return (Some(key.to_string()), segs);
    };
    let parent = (open > 0).then(|| key[..open].to_string());
    let mut rest = &key[open..];
    while let Some(body) = rest.strip_prefix('[') {
        let Some(close) = body.find(']') else {
            break;
        };
        let inner = &body[..close];
        if inner.contains('[') {
            break;
        }
        segs.push(if inner.is_empty() {
            Seg::Push
        } else if let Some(n) = array_index(inner) {
            Seg::Index(n as usize)
        } else {
            Seg::Key(inner.to_string())
        });
        rest = &body[close + 1..];
        if segs.len() >= 5 {
            break;
        }
    }
    (parent, segs)
}

fn insert_q(slot: &mut Option<Q>, segs: &[Seg], value: String) {
    let Some((seg, rest)) = segs.split_first() else {
        *slot = Some(match slot.take() {
            None => Q::S(value),
            Some(Q::S(old)) => Q::A(vec![(None, Q::S(old)), (None, Q::S(value))]),
            Some(Q::A(mut items)) => {
                items.push((None, Q::S(value)));
                Q::A(items)
            }
            Some(other) => other,
        });
        return;
    };
    match seg {
        Seg::Push | Seg::Index(_) => {
            let mut items = match slot.take() {
                None => Vec::new(),
                Some(Q::S(old)) => vec![(None, Q::S(old))],
                Some(Q::A(items)) => items,
                Some(other) => {
                    *slot = Some(other);
                    return;
                }
            };
            let index = match seg {
                Seg::Index(i) => Some(*i),
                _ => None,
            };
            match index.and_then(|i| items.iter().position(|(k, _)| *k == Some(i))) {
                Some(pos) => {
                    let mut child = Some(items[pos].1.clone());
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        items[pos].1 = c;
                    }
                }
                None => {
                    let mut child = None;
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        let pos = match index {
                            Some(i) => items
                                .iter()
                                .position(|(k, _)| k.is_some_and(|k| k > i))
                                .unwrap_or(items.len()),
                            None => items.len(),
                        };
                        items.insert(pos, (index, c));
                    }
                }
            }
            *slot = Some(Q::A(items));
        }
        Seg::Key(k) => {
            let mut entries = match slot.take() {
                None => Vec::new(),
                Some(Q::O(entries)) => entries,
                Some(other) => {
                    *slot = Some(other);
                    return;
                }
            };
            match entries.iter_mut().find(|(ek, _)| ek == k) {
                Some((_, existing)) => {
                    let mut child = Some(existing.clone());
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        *existing = c;
                    }
                }
                None => {
                    let mut child = None;
                    insert_q(&mut child, rest, value);
                    if let Some(c) = child {
                        entries.push((k.clone(), c));
                    }
                }
            }
            *slot = Some(Q::O(entries));
        }
    }
}

/// Medusa's `normalizeQuery`: a one-element array is split on commas.
fn normalize_query(query: Vec<(String, Q)>) -> Vec<(String, Q)> {
    query
        .into_iter()
        .map(|(k, v)| match v {
            Q::A(items) if items.len() == 1 && matches!(items[0].1, Q::S(_)) => {
                let parts = items[0]
                    .1
                    .js_string()
                    .split(',')
                    .map(|s| (None, Q::S(s.to_string())))
                    .collect();
                (k, Q::A(parts))
            }
            other => (k, other),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// JSON with key order kept (serde_json's map sorts keys unless `preserve_order` is enabled)
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

fn js(s: &str) -> J {
    J::Str(s.to_string())
}

fn jopt(v: &Option<String>) -> J {
    v.as_deref().map_or(J::Null, js)
}

fn jobj(pairs: Vec<(&str, J)>) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl J {
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut J> {
        match self {
            J::Obj(m) => m.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Replaces the value of `key`, keeping its position, or appends it.
    fn set(&mut self, key: &str, value: J) {
        if let J::Obj(m) = self {
            match m.iter_mut().find(|(k, _)| k == key) {
                Some(slot) => slot.1 = value,
                None => m.push((key.to_string(), value)),
            }
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            J::Str(s) => Some(s),
            _ => None,
        }
    }

    fn as_num(&self) -> Option<f64> {
        match self {
            J::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// `JSON.stringify`.
    fn encode(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            J::Null => out.push_str("null"),
            J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            J::Num(n) if n.is_finite() => out.push_str(&js_number_string(*n)),
            J::Num(_) => out.push_str("null"),
            J::Str(s) => write_json_string(s, out),
            J::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            J::Obj(m) => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_json_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// JavaScript's `String(value)`.
    fn js_string(&self) -> String {
        match self {
            J::Null => "null".into(),
            J::Bool(b) => b.to_string(),
            J::Num(n) if n.is_nan() => "NaN".into(),
            J::Num(n) if n.is_infinite() => if *n > 0.0 { "Infinity" } else { "-Infinity" }.into(),
            J::Num(n) => js_number_string(*n),
            J::Str(s) => s.clone(),
            J::Arr(items) => items
                .iter()
                .map(|v| match v {
                    J::Null => String::new(),
                    other => other.js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            J::Obj(_) => "[object Object]".into(),
        }
    }
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `Number.prototype.toString()` for a finite number.
fn js_number_string(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    if x.fract() == 0.0 && x.abs() < 1e21 {
        return format!("{}", x as i128);
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let sign = if e >= 0 { '+' } else { '-' };
        let (first, rest) = digits.split_at(1);
        if rest.is_empty() {
            format!("{first}e{sign}{}", e.abs())
        } else {
            format!("{first}.{rest}e{sign}{}", e.abs())
        }
    };
    if x < 0.0 { format!("-{body}") } else { body }
}

/// The canonical array-index form of a property key ("0", "7", not "07").
fn array_index(k: &str) -> Option<u32> {
    if k.is_empty() || (k.len() > 1 && k.starts_with('0')) || !k.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    k.parse::<u32>().ok().filter(|n| *n != u32::MAX)
}

/// JavaScript objects list array-index keys first, in numeric order.
fn js_key_order(m: &mut [(String, J)]) {
    m.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
}

/// What a value looks like after a round trip through a Postgres `jsonb` column and
/// `JSON.parse`: keys sorted by length then bytes, then array-index keys first.
fn jsonb(v: J) -> J {
    match v {
        J::Obj(m) => {
            let mut m: Vec<(String, J)> = m.into_iter().map(|(k, v)| (k, jsonb(v))).collect();
            m.sort_by(|a, b| {
                a.0.len()
                    .cmp(&b.0.len())
                    .then_with(|| a.0.as_bytes().cmp(b.0.as_bytes()))
            });
            js_key_order(&mut m);
            J::Obj(m)
        }
        J::Arr(items) => J::Arr(items.into_iter().map(jsonb).collect()),
        other => other,
    }
}

enum ParseError {
    Eos,
    Token(usize),
    At(&'static str, usize),
}

/// `JSON.parse` with V8's (Node 20) error messages.
fn parse_json(src: &str) -> Result<J, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut p = JsonParser { c: &chars, i: 0 };
    let result = p.value(0).and_then(|v| {
        p.skip_ws();
        if p.i < chars.len() {
            Err(ParseError::At(
                "Unexpected non-whitespace character after JSON",
                p.i,
            ))
        } else {
            Ok(v)
        }
    });
    result.map_err(|e| v8_message(&chars, e))
}

fn v8_message(chars: &[char], e: ParseError) -> String {
    let utf16_pos = |i: usize| -> usize {
        chars[..i.min(chars.len())]
            .iter()
            .map(|c| c.len_utf16())
            .sum()
    };
    match e {
        ParseError::Eos => "Unexpected end of JSON input".into(),
        ParseError::At(what, i) => format!("{what} in JSON at position {}", utf16_pos(i)),
        ParseError::Token(i) => {
            let token = chars.get(i).copied().unwrap_or(' ');
            let len = chars.len();
            let slice =
                |a: usize, b: usize| -> String { chars[a.min(len)..b.min(len)].iter().collect() };
            if len < 21 {
                format!(
                    "Unexpected token '{token}', \"{}\" is not valid JSON",
                    slice(0, len)
                )
            } else if i < 10 {
                format!(
                    "Unexpected token '{token}', \"{}\"... is not valid JSON",
                    slice(0, i + 10)
                )
            } else if i < len - 10 {
                format!(
                    "Unexpected token '{token}', ...\"{}\"... is not valid JSON",
                    slice(i - 10, i + 10)
                )
            } else {
                format!(
                    "Unexpected token '{token}', ...\"{}\" is not valid JSON",
                    slice(i - 10, len)
                )
            }
        }
    }
}

struct JsonParser<'a> {
    c: &'a [char],
    i: usize,
}

impl JsonParser<'_> {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<J, ParseError> {
        self.skip_ws();
        if depth > MAX_JSON_DEPTH {
            return Err(ParseError::At("Maximum nesting depth exceeded", self.i));
        }
        match self.peek() {
            None => Err(ParseError::Eos),
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => {
                self.i += 1;
                self.string().map(J::Str)
            }
            Some(c) if c == '-' || c.is_ascii_digit() => self.number(),
            Some('t') => self.literal("true", J::Bool(true)),
            Some('f') => self.literal("false", J::Bool(false)),
            Some('n') => self.literal("null", J::Null),
            Some(_) => Err(ParseError::Token(self.i)),
        }
    }

    fn literal(&mut self, word: &str, v: J) -> Result<J, ParseError> {
        for w in word.chars() {
            match self.peek() {
                None => return Err(ParseError::Eos),
                Some(c) if c == w => self.i += 1,
                Some(_) => return Err(ParseError::Token(self.i)),
            }
        }
        Ok(v)
    }

    fn object(&mut self, depth: usize) -> Result<J, ParseError> {
        self.i += 1;
        let mut m: Vec<(String, J)> = Vec::new();
        self.skip_ws();
        if self.peek() == Some('}') {
            self.i += 1;
            return Ok(J::Obj(m));
        }
        if self.peek() != Some('"') {
            return Err(ParseError::At("Expected property name or '}'", self.i));
        }
        loop {
            self.i += 1;
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(':') {
                return Err(ParseError::At("Expected ':' after property name", self.i));
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            match m.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = v,
                None => m.push((key, v)),
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => {
                    self.i += 1;
                    self.skip_ws();
                    if self.peek() != Some('"') {
                        return Err(ParseError::At(
                            "Expected double-quoted property name",
                            self.i,
                        ));
                    }
                }
                Some('}') => {
                    self.i += 1;
                    js_key_order(&mut m);
                    return Ok(J::Obj(m));
                }
                _ => {
                    return Err(ParseError::At(
                        "Expected ',' or '}' after property value",
                        self.i,
                    ));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<J, ParseError> {
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.i += 1;
            return Ok(J::Arr(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(']') => {
                    self.i += 1;
                    return Ok(J::Arr(items));
                }
                _ => {
                    return Err(ParseError::At(
                        "Expected ',' or ']' after array element",
                        self.i,
                    ));
                }
            }
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.c.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |acc, c| c.to_digit(16).map(|d| acc * 16 + d))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let mut s = String::new();
        loop {
            match self.peek() {
                None => return Err(ParseError::At("Unterminated string", self.i)),
                Some('"') => {
                    self.i += 1;
                    return Ok(s);
                }
                Some('\\') => {
                    self.i += 1;
                    let escaped = match self.peek() {
                        None => return Err(ParseError::At("Unterminated string", self.i)),
                        Some(c) => c,
                    };
                    match escaped {
                        '"' | '\\' | '/' => s.push(escaped),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'n' => s.push('\n'),
                        'r' => s.push('\r'),
                        't' => s.push('\t'),
                        'u' => {
                            let Some(hi) = self.hex4(self.i + 1) else {
                                return Err(ParseError::At("Bad Unicode escape", self.i - 1));
                            };
                            self.i += 4;
                            let is_pair = (0xd800..0xdc00).contains(&hi)
                                && self.c.get(self.i + 1) == Some(&'\\')
                                && self.c.get(self.i + 2) == Some(&'u');
                            let lo = if is_pair {
                                self.hex4(self.i + 3)
                                    .filter(|lo| (0xdc00..0xe000).contains(lo))
                            } else {
                                None
                            };
                            match lo {
                                Some(lo) => {
                                    self.i += 6;
                                    let cp = 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
                                    s.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                }
                                None => s.push(char::from_u32(hi).unwrap_or('\u{fffd}')),
                            }
                        }
                        _ => return Err(ParseError::At("Bad escaped character", self.i)),
                    }
                    self.i += 1;
                }
                Some(c) if (c as u32) < 0x20 => {
                    return Err(ParseError::At(
                        "Bad control character in string literal",
                        self.i,
                    ));
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
    }

    fn number(&mut self) -> Result<J, ParseError> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        match self.peek() {
            Some('0') => self.i += 1,
            Some(c) if c.is_ascii_digit() => self.digits(),
            _ => return Err(ParseError::At("No number after minus sign", self.i)),
        }
        if self.peek() == Some('.') {
            self.i += 1;
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(ParseError::At("Unterminated fractional number", self.i));
            }
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            self.i += 1;
            if matches!(self.peek(), Some('+' | '-')) {
                self.i += 1;
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(ParseError::At("Exponent part is missing a number", self.i));
            }
            self.digits();
        }
        let text: String = self.c[start..self.i].iter().collect();
        Ok(J::Num(text.parse::<f64>().unwrap_or(0.0)))
    }
}

// ---------------------------------------------------------------------------------------------
// Small encodings and time
// ---------------------------------------------------------------------------------------------

const B64_STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 without padding.
fn b64(data: &[u8], alphabet: &[u8; 64]) -> String {
    let mut out = String::with_capacity(data.len() * 4 / 3 + 3);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(alphabet[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = B64_URL.iter().position(|&a| a == c)? as u32;
        acc = (acc << 6 | v) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `decodeURIComponent`: `None` where JavaScript throws a URIError.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hi = hex_value(*b.get(i + 1)?)?;
            let lo = hex_value(*b.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `encodeURIComponent`.
fn encode_uri_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `Date.prototype.toISOString()`.
fn iso(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    let t = ms.rem_euclid(DAY_MS);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        t / 3_600_000,
        t / 60_000 % 60,
        t / 1000 % 60,
        t % 1000
    )
}

/// An IMF-fixdate, as in `Date` and `Expires`.
fn http_date(ms: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = ms.div_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    let t = ms.rem_euclid(DAY_MS) / 1000;
    format!(
        "{}, {d:02} {} {y} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(m - 1).clamp(0, 11) as usize],
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// The ISO 8601 forms `Date.parse` accepts: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally
/// followed by `THH:MM[:SS[.fff]]` and `Z` or `±HH:MM` (no zone is taken as UTC).
fn parse_date_ms(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_ascii() {
        return None;
    }
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (date, time) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year_text = parts.next()?;
    if year_text.len() != 4 {
        return None;
    }
    let year = num(year_text)?;
    let month = parts.next().map_or(Some(1), num)?;
    let day = parts.next().map_or(Some(1), num)?;
    if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * DAY_MS;
    if let Some(time) = time {
        let (clock, offset_ms) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(i) = time.rfind(['+', '-']) {
            let (c, zone) = time.split_at(i);
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let zone = zone[1..].replace(':', "");
            if zone.len() != 4 {
                return None;
            }
            let hours = num(&zone[..2])?;
            let minutes = num(&zone[2..])?;
            (c, sign * (hours * 3_600_000 + minutes * 60_000))
        } else {
            (time, 0)
        };
        let mut fields = clock.split(':');
        let hour = num(fields.next()?)?;
        let minute = num(fields.next()?)?;
        let (second, millis) = match fields.next() {
            None => (0, 0),
            Some(sec) => {
                let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
                let millis = if frac.is_empty() {
                    0
                } else {
                    num(&format!("{frac:0<3}")[..3])?
                };
                (num(whole)?, millis)
            }
        };
        if fields.next().is_some() || hour > 24 || minute > 59 || second > 59 {
            return None;
        }
        ms += hour * 3_600_000 + minute * 60_000 + second * 1000 + millis - offset_ms;
    }
    Some(ms)
}
