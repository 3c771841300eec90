//! An in-process stand-in for a Medusa 1.20 store backend, for the examples.
//!
//! When `MEDUSA_BACKEND_URL` is unset, an example starts one of these ([`Backend::from_env`]) and
//! points the client at [`DemoBackend::url`]. It answers the customer and auth routes of the v1
//! Store API the way the real server does (shapes, status codes, headers, cookies and error bodies
//! are taken from the recorded exchanges in `tests/fixtures/captures`), with in-memory state that
//! lives as long as the handle:
//!
//! * sessions like express-session (`connect.sid`, signed, 10 h, a fresh `Set-Cookie` for every
//!   request without a valid cookie) and JWT-looking bearer tokens from `POST /store/auth/token`;
//! * registration, profile update (metadata merge, billing address), addresses, payment methods;
//! * orders: every registered customer gets 12 demo orders built from a real captured order;
//! * the password-reset flow, with the test-only hook `GET /test-hooks/password-reset-token`.
//!
//! ```
//! let backend = medusa_testkit::demo::v1::DemoBackend::start()?;
//! let base_url = backend.url(); // e.g. "http://127.0.0.1:40123"
//! assert!(base_url.starts_with("http://127.0.0.1:"));
//! // ... talk to it; it stops when `backend` is dropped.
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! Plain HTTP/1.1 on 127.0.0.1, one thread per connection, keep-alive, on the kit's
//! [`crate::http`] plumbing; Express's framing, body parsing and JSON come from the
//! version-neutral modules of [`crate::demo`]. This module holds what is Medusa 1.20's own:
//! state (`state`), routes (`routes`, `customers`, `auth`, `orders`) and validation
//! (`validate`).

use std::collections::HashMap;
use std::io;
use std::net::TcpStream;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::Mutex;

use crate::demo::express::*;
use crate::demo::js::*;
use crate::demo::json::*;
use crate::demo::keys::*;
use crate::demo::qs::*;
use crate::http::date::{DAY_MS, now_ms};
use crate::http::{self, Connection, Request, lock};

mod auth;
mod customers;
mod orders;
mod routes;
mod state;
mod validate;

use auth::*;
use customers::*;
use orders::*;
use routes::*;
use state::*;
use validate::*;

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/// A running demo backend. It listens on an ephemeral port of 127.0.0.1 and stops when dropped.
pub struct DemoBackend {
    server: http::Server,
}

impl DemoBackend {
    /// Starts the server on 127.0.0.1 with an ephemeral port, in background threads.
    pub fn start() -> io::Result<DemoBackend> {
        let shared = Arc::new(Shared::new()?);
        let server = http::Server::start(move |stream, connection| {
            serve_connection(&shared, stream, connection)
        })?;
        Ok(DemoBackend { server })
    }

    /// Base URL, e.g. "http://127.0.0.1:40123" (no trailing slash).
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Stops the server now: closes the listener and every open connection, and waits for the
    /// connection threads to finish. Dropping the handle does the same.
    pub fn stop(self) {
        self.server.stop();
    }
}

/// The backend an example talks to: the one `MEDUSA_BACKEND_URL` names, or else a
/// [`DemoBackend`] in this process.
pub struct Backend {
    url: String,
    demo: Option<DemoBackend>,
}

impl Backend {
    /// `MEDUSA_BACKEND_URL` when it is set and not blank (as given), else a new [`DemoBackend`].
    pub fn from_env() -> io::Result<Backend> {
        match std::env::var("MEDUSA_BACKEND_URL") {
            Ok(url) if !url.trim().is_empty() => Ok(Backend { url, demo: None }),
            _ => {
                let demo = DemoBackend::start()?;
                Ok(Backend {
                    url: demo.url(),
                    demo: Some(demo),
                })
            }
        }
    }

    /// A real backend at `url`.
    pub fn remote(url: impl Into<String>) -> Backend {
        Backend {
            url: url.into(),
            demo: None,
        }
    }

    /// The base URL to give the client.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether this is the embedded demo backend.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// For the demo backend, the line that tells the user so:
    /// `MEDUSA_BACKEND_URL is not set: using the embedded demo backend at <url>`.
    pub fn notice(&self) -> Option<String> {
        self.demo.as_ref().map(|demo| {
            format!(
                "MEDUSA_BACKEND_URL is not set: using the embedded demo backend at {}",
                demo.url()
            )
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const SESSION_TTL_MS: i64 = 36_000_000; // express-session maxAge used by Medusa: 10 h
const ACCESS_TOKEN_TTL_S: i64 = 30 * 24 * 3600; // jwt expiresIn "30d"
const RESET_TOKEN_TTL_S: i64 = 15 * 60;
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

// ---------------------------------------------------------------------------------------------
// Shared state
// ---------------------------------------------------------------------------------------------

/// What every connection of one backend shares: the state, the keys, the order template.
struct Shared {
    state: Mutex<State>,
    keys: Keys,
    template: J,
    started: i64,
}

impl Shared {
    fn new() -> io::Result<Shared> {
        let template = parse_json(ORDER_TEMPLATE)
            .map_err(|e| io::Error::other(format!("demo backend: bad order template: {e}")))?;
        Ok(Shared {
            state: Mutex::new(State::default()),
            keys: Keys::new(),
            template,
            started: now_ms(),
        })
    }
}

impl Deref for Shared {
    type Target = Keys;

    fn deref(&self) -> &Keys {
        &self.keys
    }
}

/// Serves one keep-alive connection the way Node does; a panicking route answers Medusa's
/// `unknown_error`.
fn serve_connection(shared: &Shared, stream: TcpStream, connection: &Connection) {
    http::serve(stream, connection, NODE, &|req: &Request| {
        let resp = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatch(shared, req)))
            .unwrap_or_else(|_| unknown_error());
        render(req, &resp, req.keep_alive())
    });
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
        resp.set_cookie = Some(session_cookie(&shared.keys, &session.sid, expires));
    }
    resp
}

/// express-session: a valid signed cookie naming a live session reuses it; anything else gets a
/// new (saved, because `saveUninitialized: true`) session.
fn load_session(shared: &Shared, st: &mut State, req: &Request, now: i64) -> (String, bool) {
    if let Some(sid) = session_cookie_id(&shared.keys, req)
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
