//! An in-process stand-in for a Medusa 2.21 store backend, for the examples.
//!
//! When no backend URL is set, an example starts one of these ([`Backend::from_env`]) and points
//! a v2 client at [`DemoBackend::url`] with [`DemoBackend::publishable_key`]. It answers the auth
//! and customer routes of the v2 Store and Auth API the way the real server does (shapes, key
//! order, status codes, headers, cookies and error bodies are taken from the exchanges recorded
//! from Medusa 2.21.2, `tests/fixtures/v2/captures`), with in-memory state that lives as long as
//! the handle:
//!
//! * auth identities (`emailpass`, shared by every actor type) with registration, log-in and
//!   refresh tokens shaped like Medusa's HS256 JWTs (24 h), signed with a per-process key so that
//!   a token the demo did not issue is refused; the optional cookie session
//!   (`POST`/`DELETE /auth/session`, `connect.sid`, 10 h);
//! * every `/store` route behind the publishable key (the demo's own, random per process);
//! * customers (create with the registration token, profile, `?fields=`), their addresses (list
//!   with paging, filters and `q`, one, create, update, delete, default shipping and billing);
//! * the catalog, no login needed (`catalog`): regions `US` (usd) and `EU` (eur, with German
//!   and French VAT), the two products with their `calculated_price` in a region (and the tax
//!   figures with a `country_code`), a category tree and a collection; an unknown category is
//!   answered 200 `{}`, as by the real server; `locale` (query or `x-medusa-locale`) is accepted
//!   and changes nothing;
//! * carts to a placed order (`carts`): a cart in a region with lines, addresses, the one
//!   shipping option "Standard Shipping" (500 usd, us and ca), the payment collection and its
//!   `pp_system_default` session (dropped by any change of the cart), and the completion: an
//!   order in the orders of the cart's customer, the same order again for a completed cart;
//! * orders: every new customer gets a few demo orders, among them 3 × 19.99 + 500 shipping =
//!   559.97, with the `raw_*` decimals beside the numbers as Medusa writes them;
//! * the password-reset flow with single-use tokens, and the test-only hook
//!   `GET /test-hooks/password-reset-token?email=` of the recorded server;
//! * Express's HTML 404 for every other route (v1's routes included), zod-style 400s, and the
//!   two 401s: the auth middleware's `{"message":"Unauthorized"}` and the auth routes'
//!   `{"type":"unauthorized",…}`.
//!
//! ```
//! let backend = medusa_testkit::demo::v2::DemoBackend::start()?;
//! assert!(backend.url().starts_with("http://127.0.0.1:"));
//! assert!(backend.publishable_key().starts_with("pk_"));
//! // ... talk to it; it stops when `backend` is dropped.
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Same plumbing as [`crate::demo::v1`]: the kit's [`crate::http`] server, Express's framing,
//! body parsing, CORS and session cookie, and the JSON, query-string and key helpers of
//! [`crate::demo`]. This module holds what is Medusa 2.21's own: state (`state`), routing,
//! authentication and error bodies (`routes`), the auth routes (`auth`), customers and addresses
//! (`customers`), orders (`orders`) and zod-style validation with `fields` selection
//! (`validate`).

use std::collections::HashMap;
use std::io;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use crate::demo::express::*;
use crate::demo::js::*;
use crate::demo::json::*;
use crate::demo::keys::*;
use crate::demo::qs::*;
use crate::http::date::{DAY_MS, now_ms};
use crate::http::{self, Connection, Request, lock};

mod admin;
mod auth;
mod carts;
mod catalog;
mod customers;
mod orders;
mod routes;
mod state;
mod validate;

use admin::*;
use auth::*;
use carts::*;
use catalog::*;
use customers::*;
use orders::*;
use routes::*;
use state::*;
use validate::*;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A running Medusa v2 demo backend. It listens on an ephemeral port of 127.0.0.1 and stops
/// when dropped.
pub struct DemoBackend {
    server: http::Server,
    publishable_key: String,
    secret_api_key: String,
}

impl DemoBackend {
    /// Starts the server on 127.0.0.1 with an ephemeral port, in background threads.
    pub fn start() -> io::Result<DemoBackend> {
        let shared = Arc::new(Shared::new()?);
        let publishable_key = shared.publishable_key.clone();
        let secret_api_key = shared.secret_api_key.clone();
        let server = http::Server::start(move |stream, connection| {
            serve_connection(&shared, stream, connection)
        })?;
        Ok(DemoBackend {
            server,
            publishable_key,
            secret_api_key,
        })
    }

    /// Base URL, e.g. "http://127.0.0.1:40123" (no trailing slash).
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The publishable API key every `/store` call must send (`x-publishable-api-key`).
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
    }

    /// The demo's secret API key for the Admin API (`sk_…`, random per process), sent as HTTP
    /// Basic. The demo admin user is `admin@example.com` / `supersecret` as well.
    pub fn secret_api_key(&self) -> &str {
        &self.secret_api_key
    }

    /// Stops the server now: closes the listener and every open connection, and waits for the
    /// connection threads to finish. Dropping the handle does the same.
    pub fn stop(self) {
        self.server.stop();
    }
}

/// The Medusa v2 backend an example talks to: a real one (URL and publishable key), or a
/// [`DemoBackend`] in this process.
pub struct Backend {
    url: String,
    publishable_key: String,
    secret_api_key: Option<String>,
    demo: Option<DemoBackend>,
}

impl Backend {
    /// `MEDUSA_V2_BACKEND_URL` (as given) with `MEDUSA_V2_PUBLISHABLE_KEY` when the URL is set and
    /// not blank, else a new [`DemoBackend`]. A URL without a key is an error
    /// ([`io::ErrorKind::InvalidInput`]): every `/store` call of v2 needs one.
    pub fn from_env() -> io::Result<Backend> {
        match non_blank_env("MEDUSA_V2_BACKEND_URL") {
            Some(url) => match non_blank_env("MEDUSA_V2_PUBLISHABLE_KEY") {
                Some(key) => Ok(Backend::remote(url, key)),
                None => Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "MEDUSA_V2_BACKEND_URL is set but MEDUSA_V2_PUBLISHABLE_KEY is not: every \
                     /store call of Medusa v2 needs a publishable API key",
                )),
            },
            None => Backend::demo(),
        }
    }

    /// A real backend at `url` with its publishable key.
    pub fn remote(url: impl Into<String>, publishable_key: impl Into<String>) -> Backend {
        Backend {
            url: url.into(),
            publishable_key: publishable_key.into(),
            secret_api_key: non_blank_env("MEDUSA_V2_SECRET_API_KEY"),
            demo: None,
        }
    }

    /// A new [`DemoBackend`] in this process.
    pub fn demo() -> io::Result<Backend> {
        let demo = DemoBackend::start()?;
        Ok(Backend {
            url: demo.url(),
            publishable_key: demo.publishable_key().to_string(),
            secret_api_key: Some(demo.secret_api_key().to_string()),
            demo: Some(demo),
        })
    }

    /// The base URL to give the client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The publishable API key to give the client.
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
    }

    /// The secret API key for the Admin API: the demo's, or `MEDUSA_V2_SECRET_API_KEY` for a
    /// real backend (`None` when unset).
    pub fn secret_api_key(&self) -> Option<&str> {
        self.secret_api_key.as_deref()
    }

    /// Whether this is the embedded demo backend.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// For the demo backend, the line that tells the user so:
    /// `MEDUSA_V2_BACKEND_URL is not set: using the embedded Medusa v2 demo backend at <url>`.
    pub fn notice(&self) -> Option<String> {
        self.demo.as_ref().map(|demo| {
            format!(
                "MEDUSA_V2_BACKEND_URL is not set: using the embedded Medusa v2 demo backend at {}",
                demo.url()
            )
        })
    }
}

fn non_blank_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/// express-session's `maxAge` in Medusa 2: 10 h.
const SESSION_TTL_MS: i64 = 36_000_000;
/// `http.jwtExpiresIn`: 24 h.
const TOKEN_TTL_S: i64 = 86_400;
/// A password-reset token: 15 min.
const RESET_TOKEN_TTL_S: i64 = 900;
/// The only auth provider of the demo.
const PROVIDER: &str = "emailpass";

/// `storeCors` and `authCors` of the recorded server (`tests/medusa-v2/server/medusa-config.js`).
const ALLOWED_ORIGINS: &[&str] = &[
    "http://localhost:3000",
    "http://127.0.0.1:3000",
    "http://localhost:8000",
    "http://127.0.0.1:8000",
    "http://localhost:9000",
    "http://127.0.0.1:9000",
    "http://localhost:9100",
    "http://127.0.0.1:9100",
];

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

/// The demo catalog: the recorded server's seed (a T-shirt at 1950, a sticker at 19.99, flat
/// shipping at 500), with ids made when the backend starts.
struct Catalog {
    region_id: String,
    sales_channel_id: String,
    shipping_option_id: String,
    location_id: String,
    tshirt: Product,
    sticker: Product,
}

struct Product {
    product_id: String,
    variant_id: String,
    title: &'static str,
    variant_title: &'static str,
    sku: &'static str,
    handle: &'static str,
    description: &'static str,
    /// The unit price in cents of a dollar.
    unit_cents: i64,
}

/// What every connection of one backend shares: the state, the keys, the catalog.
struct Shared {
    state: Mutex<State>,
    keys: Keys,
    publishable_key: String,
    /// The Admin API's secret key (`sk_…`) and its id (`created_by` of what it makes).
    secret_api_key: String,
    secret_key_id: String,
    template: J,
    catalog: Catalog,
    /// The regions, products, categories and collections the catalog routes serve.
    shop: Shop,
    started: i64,
}

impl Shared {
    fn new() -> io::Result<Shared> {
        let template = parse_json(ORDER_TEMPLATE)
            .ok()
            .and_then(|body| body.get("order").cloned())
            .ok_or_else(|| io::Error::other("demo backend: bad order template"))?;
        let keys = Keys::new();
        let started = now_ms();
        let seeded = started - 90 * DAY_MS;
        let publishable_key = format!(
            "pk_{}",
            keys.random_bytes(32)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let secret_api_key = format!(
            "sk_{}",
            keys.random_bytes(32)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let secret_key_id = keys.new_id("apk", seeded);
        let mut state = State::default();
        // The admin user, as the contract's seeded one.
        let user_id = keys.new_id("user", seeded);
        state.identities.push(Identity {
            id: keys.new_id("authid", seeded),
            entity_id: ADMIN_EMAIL.into(),
            password: keys.hash_password(ADMIN_PASSWORD),
            app_metadata: vec![("user_id".into(), user_id)],
            reset_jti: None,
        });
        let catalog = Catalog {
            region_id: keys.new_id("reg", seeded),
            sales_channel_id: keys.new_id("sc", seeded),
            shipping_option_id: keys.new_id("so", seeded),
            location_id: keys.new_id("sloc", seeded),
            tshirt: Product {
                product_id: keys.new_id("prod", seeded),
                variant_id: keys.new_id("variant", seeded),
                title: "Acceptance T-Shirt",
                variant_title: "M",
                sku: "ACC-TSHIRT-M",
                handle: "acceptance-tshirt",
                description: "for acceptance tests",
                unit_cents: 195_000,
            },
            sticker: Product {
                product_id: keys.new_id("prod", seeded),
                variant_id: keys.new_id("variant", seeded),
                title: "Acceptance Sticker",
                variant_title: "One",
                sku: "ACC-STICKER",
                handle: "acceptance-sticker",
                description: "a decimal price",
                unit_cents: 1_999,
            },
        };
        let shop = Shop::new(&catalog)
            .ok_or_else(|| io::Error::other("demo backend: bad shop templates"))?;
        Ok(Shared {
            state: Mutex::new(state),
            keys,
            publishable_key,
            secret_api_key,
            secret_key_id,
            template,
            catalog,
            shop,
            started,
        })
    }
}

/// Serves one keep-alive connection the way Node does; a panicking route answers Medusa's
/// `unknown_error`.
fn serve_connection(shared: &Shared, stream: TcpStream, connection: &Connection) {
    http::serve(stream, connection, NODE, &|req: &Request| {
        let resp = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(shared, req)))
            .unwrap_or_else(|_| with_etag(unknown_error()));
        render(req, &resp, req.keep_alive())
    });
}

// ---------------------------------------------------------------------------------------------
// Request dispatch: session, routing, Express's ETag
// ---------------------------------------------------------------------------------------------

/// One request being answered.
struct Call<'a> {
    shared: &'a Shared,
    req: &'a Request,
    /// The parsed JSON body (`{}` when there is none).
    body: J,
    now: i64,
    /// The live session the request's `connect.sid` names, if any.
    sid: Option<String>,
    /// A session this request created (`POST /auth/session`): its cookie is set.
    new_sid: Option<String>,
}

impl Call<'_> {
    /// The query string, parsed as `qs` does, without `locale`: Medusa's locale middleware takes
    /// it off every `/store` query before the routes validate it.
    fn query(&self) -> Vec<(String, Q)> {
        let mut query = qs_parse(self.req.query());
        query.retain(|(k, _)| k != "locale");
        query
    }
}

fn dispatch(shared: &Shared, req: &Request) -> Resp {
    let now = now_ms();
    let mut st = lock(&shared.state);
    // express-session with `saveUninitialized: false`: only a live, validly signed session is
    // loaded, and a request without one gets no cookie.
    let sid = session_cookie_id(&shared.keys, req)
        .filter(|sid| st.sessions.get(sid).is_some_and(|s| s.expires > now));
    let mut call = Call {
        shared,
        req,
        body: J::Obj(Vec::new()),
        now,
        sid,
        new_sid: None,
    };
    let mut resp = route(&mut call, &mut st);
    if let Some(sid) = &call.new_sid {
        let expires = st
            .sessions
            .get(sid)
            .map_or(now + SESSION_TTL_MS, |s| s.expires);
        resp.set_cookie = Some(session_cookie(&shared.keys, sid, expires));
    }
    with_etag(resp)
}

/// `res.send` adds a weak `ETag` to every body it sends; Express's final handler (the HTML 404)
/// and `cors()`'s preflight do not.
fn with_etag(mut resp: Resp) -> Resp {
    resp.etag = resp.kind == BodyKind::Sized && !resp.html_error && resp.status != 204;
    resp
}

#[cfg(test)]
mod tests;
