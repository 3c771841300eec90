//! A blocking, synchronous client for the [Medusa](https://medusajs.com) commerce **Store and
//! Admin APIs**, v2 (Medusa 2.x, [`v2`]) and v1 (Medusa 1.x, [`v1`]), for scripts,
//! build scripts, batch jobs and small tools that have no async runtime and want none.
//!
//! # Quick start: Medusa v2
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::{CreateCustomer, ListOrders};
//!
//! let medusa = Medusa::builder("http://localhost:9000")
//!     .publishable_api_key("pk_01H...") // required by every /store call of v2
//!     .build()?;
//! // Registers the identity, creates the customer and logs in: the token is kept.
//! let jane = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
//! for order in medusa.customers().iter_orders(&ListOrders::default()) {
//!     let order = order?;
//!     println!("{} {}", order.id, order.total.unwrap_or_default()); // exact decimal money
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! [`detect`] tells which API a server speaks. The v1 and v2 wings have the same names, so a v1
//! program ports by changing its `use` lines (README: "Porting a v1 program to v2").
//!
//! # Quick start: Medusa v1
//!
//! ```no_run
//! use medusa_blocking::v1::Medusa;
//! use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders, UpdateCustomer};
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//!
//! // Registration logs the customer in: the session cookie is kept by the client.
//! let jane = medusa.customers().create(&CreateCustomer {
//!     email: "jane@example.com".into(),
//!     password: "supersecret".into(),
//!     first_name: Some("Jane".into()),
//!     ..Default::default()
//! })?;
//!
//! let jane = medusa.customers().update(&UpdateCustomer {
//!     phone: Some("+15550001111".into()),
//!     ..Default::default()
//! })?;
//!
//! for order in medusa.customers().iter_orders(&ListOrders::default()) {
//!     let order = order?;
//!     println!("{} {:?} {:?}", order.id, order.status, order.total);
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! # Sessions
//!
//! A client holds one cookie jar ([`CookieJar`]) and one bearer-token slot, shared by all its
//! clones (and the jar by any client built with it): every `Set-Cookie` of every response is
//! stored, and `Cookie` is sent by the jar's domain, path, expiry and secure rules.
//!
//! - v2: logging in ([`v2::auth::Auth::login`], or registration through
//!   [`v2::store::customers::Customers::create`]) keeps a 24-hour JWT, sent as `Authorization: Bearer …`
//!   and refreshed by the client before it runs out, once for all clones.
//! - v1: registration ([`v1::store::customers::Customers::create`]) and login
//!   ([`v1::store::auth::Auth::authenticate`]) set Medusa's `connect.sid` session cookie. A bearer token from
//!   [`v1::store::auth::Auth::get_token`] is sent as `Authorization: Bearer …` by every later call.
//!
//! The session can outlive the process: [`Client::save_session`] writes the cookies and the token
//! to a file (mode 0600, replaced atomically), and [`ClientBuilder::load_session`] starts a later
//! run from it.
//!
//! ```no_run
//! # use medusa_blocking::v1::Medusa;
//! let medusa = Medusa::builder("http://localhost:9000")
//!     .load_session("medusa-session.json") // a missing file is an empty session
//!     .build()?;
//! if medusa.customers().retrieve().is_err() {
//!     medusa.auth().authenticate("jane@example.com", "supersecret")?;
//!     medusa.save_session("medusa-session.json")?;
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! # Retries and timeouts
//!
//! Like medusa-js (v1), no call is retried by default (`@medusajs/js-sdk`, v2, has no retries at
//! all and sends no `Idempotency-Key`; the rules below are medusa-js's, for both APIs). With [`ClientBuilder::max_retries`]`(n)`, a call
//! is tried again when there was no response (refused, reset, timed out), on 409, 429 and 501–599,
//! never on 500 (Medusa's answer to every unexpected error) nor another 4xx. POST is retried too,
//! and then every POST carries an `Idempotency-Key` (a random UUID v4) that is the same on each
//! attempt of one call. The n-th retry waits a random time in `[0, min(max, base × 2^n))`
//! ([`ClientBuilder::retry_delays`], defaults 500 ms and 15 s); a `Retry-After` (seconds or HTTP
//! date) replaces that wait, up to [`ClientBuilder::retry_after_max`] (60 s): a server asking for
//! longer ends the call with its error, whose [`Error::retry_after`] says how long.
//!
//! Each attempt has a timeout ([`ClientBuilder::timeout`], default 30 s; medusa-js has none)
//! covering connect, send, wait and the whole body. So a call takes at most
//! `(n + 1) × timeout + n × max(max delay, retry_after_max)`.
//!
//! Redirects are never followed: a 3xx is an [`Error::Redirect`] naming the `Location`, so
//! cookies and bodies only go to the host you named. Response bodies are read up to
//! [`ClientBuilder::max_body_size`] (8 MiB).
//!
//! # Errors
//!
//! Every call returns [`Result<T, Error>`](Error). [`Error::Api`] is Medusa's JSON error
//! (`type`, `code`, `message`); [`Error::Http`] is an error status whose body is something else,
//! such as Medusa's plain-text `Unauthorized` or a proxy's HTML page. Both keep the status:
//! [`Error::status`], [`Error::is_retryable`] and [`Error::retry_after`] work on every error.
//!
//! ```no_run
//! # use medusa_blocking::{v1::Medusa, Error};
//! # let medusa = Medusa::new("http://localhost:9000")?;
//! match medusa.customers().retrieve() {
//!     Ok(me) => println!("hello {}", me.email),
//!     Err(e) if e.status() == Some(401) => println!("not logged in"),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), Error>(())
//! ```
//!
//! # Headers and keys
//!
//! [`ClientBuilder::publishable_api_key`] sends `x-publishable-api-key`;
//! [`ClientBuilder::header`] adds a header to every call; `.header(name, value)` on a resource
//! handle (`medusa.customers().header(…)`) adds one to that handle's calls, overriding the
//! client's. Passwords, tokens, keys and cookie values never appear in `Debug`, `Display`, errors
//! or logs.
//!
//! # Untyped paths
//!
//! [`Client::request`] hands out the same [`Request`] every typed call is made of, for any path
//! the crate does not type yet (inventory, returns, a plugin's routes…), with the same session, headers,
//! retries and error mapping: a query, headers of its own, a JSON body, and the answer as a
//! whole (`send`), one member (`member`), a list page (`page`), text or nothing.
//! [`Client::get`], [`Client::post`] and [`Client::delete`] are the short forms.
//!
//! # Where things are
//!
//! The crate root holds what is version-neutral: [`Client`], [`ClientBuilder`], [`Request`],
//! [`Error`], [`Page`], [`PageIter`], [`AccessToken`], [`CookieJar`], [`detect`], and the
//! rerunnable customer import both admin clients share ([`import`]).
//! Each API has its wing, each wing its Store API resources one module each, what their calls
//! send apart from what they answer: `v2::store::{customers, addresses, orders, regions,
//! products, categories, collections, carts}`, `v2::store::params`, `v2::models`, `v2::auth`;
//! `v1::store::{customers, addresses, payment_methods, auth}`, `v1::store::params`, `v1::models`.
//! The Admin API has a client of its own in each wing: `v2::admin` (customers, their
//! addresses, customer groups, auth) and `v1::admin` (customers, customer groups, auth), with
//! their `params`.
//!
//! # Logging
//!
//! Each attempt is logged at debug level through the [`log`](https://docs.rs/log) facade (method,
//! path without query, attempt, status, elapsed time, the wait before a retry), with no secrets;
//! ureq's own debug records redact headers too, but for a few they show as received
//! (`Content-Type`, `Date`, `Server`, `Content-Length`, …). Do not enable **trace** level for ureq's
//! `ureq_proto` target: it dumps raw request and response heads, cookies and tokens included
//! (with `env_logger`, e.g. `RUST_LOG=trace,ureq_proto=debug`).
//!
//! # Networks
//!
//! HTTPS servers are verified against the bundled webpki (Mozilla) roots.
//! `ClientBuilder::root_certificates_pem` trusts a private CA *instead* (that CA only);
//! `ClientBuilder::platform_roots` (feature `platform-roots`) uses the operating system's trust
//! store. A certificate that does not verify is an [`Error::Transport`] whose message starts
//! with `TLS:`, never retried; a bad PEM is an [`Error::Config`] at build time.
//!
//! No proxy is used unless the builder says so: the environment's `HTTP_PROXY` and the like are
//! not read by default, because every call carries the session and a proxy can read a
//! plain-HTTP backend's calls. [`ClientBuilder::proxy`] sends every call through a proxy (a
//! `CONNECT` tunnel; `user:password@` for Basic proxy authentication, never shown);
//! [`ClientBuilder::proxy_from_env`] takes the environment's (`https_proxy`/`HTTPS_PROXY` or
//! `http_proxy`, then `ALL_PROXY`) with `NO_PROXY` honoured; [`ClientBuilder::no_proxy`] is the
//! default. A base URL with `user:password@` is refused without quoting the password.
//!
//! ```no_run
//! # use medusa_blocking::v1::Medusa;
//! let medusa = Medusa::builder("https://medusa.internal:9000")
//!     .root_certificates_pem(std::fs::read("internal-ca.pem")?)
//!     .proxy("http://proxy.corp.example:3128")
//!     .build()?;
//! # let _ = medusa;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Features
//!
//! - `v2` (default): the Medusa v2 wing, [`v2`].
//! - `v1` (default): the Medusa v1 wing, [`v1`] and the names at the crate root.
//! - `rustls` (default): HTTPS through ureq's rustls with the webpki roots, or the roots given
//!   to `root_certificates_pem`.
//! - `platform-roots`: `platform_roots()`, the system's trust store (rustls-platform-verifier;
//!   3 more crates on Linux, 12 on macOS, 7 on Windows). Implies `rustls`.
//! - `gzip`: accepts gzip-compressed responses.
//!
//! Without default features the crate speaks plain HTTP only, with no TLS stack to build and no
//! wing: `default-features = false, features = ["v2"]` (or `"v1"`) for a tool that talks to a
//! local backend; an `https://` base URL is then refused at build time.
//!
//! MSRV: Rust 1.88.
#![cfg_attr(docsrs, feature(doc_cfg))]
// The guide links into both wings; a build with one wing has the other's links dangling.
#![cfg_attr(
    not(all(feature = "v1", feature = "v2")),
    allow(rustdoc::broken_intra_doc_links)
)]
#![warn(missing_docs)]

// The version-neutral core: client, transport, retries, session, errors. It knows no API
// version and no resource. A build with no wing has no client, only `detect()`: the door the
// wings make their calls through goes unused there, and only there.
#[macro_use]
#[cfg_attr(
    not(any(feature = "v1", feature = "v2")),
    allow(dead_code, unused_macros)
)]
mod core;
// One wing per API generation: resources and models over the core.
#[cfg(any(feature = "v1", feature = "v2"))]
#[cfg_attr(docsrs, doc(cfg(any(feature = "v1", feature = "v2"))))]
pub mod import;
pub mod money;
#[cfg(feature = "v1")]
#[cfg_attr(docsrs, doc(cfg(feature = "v1")))]
pub mod v1;
#[cfg(feature = "v2")]
#[cfg_attr(docsrs, doc(cfg(feature = "v2")))]
pub mod v2;
// The 0.1 names at the crate root (v1's), kept compiling, deprecated.
#[cfg(feature = "v1")]
mod compat;

#[cfg(all(any(fuzzing, test), feature = "v1"))]
#[doc(hidden)]
pub mod fuzzing;

#[cfg(feature = "v1")]
#[doc(hidden)]
#[allow(deprecated)]
pub use crate::compat::{Medusa, MedusaBuilder, auth, customers, models};
pub use crate::core::api::Api;
pub use crate::core::builder::{ClientBuilder, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT};
pub use crate::core::client::Client;
pub use crate::core::detect::{ApiVersion, detect};
pub use crate::core::error::{ApiError, Error, ErrorType, LoginStep, Result, TransportError};
pub use crate::core::page::{Page, PageIter};
pub use crate::core::request::Request;
pub use crate::core::secret::AccessToken;
pub use crate::core::session::{Cookie, CookieJar};

/// The `cookie_store` crate, for programs that still build a `CookieStore` themselves. Prefer
/// [`CookieJar`]'s own methods: this re-export goes away in a later release.
#[doc(hidden)]
pub use cookie_store;

/// Keeps the README's examples compiling.
#[cfg(all(doctest, feature = "v1", feature = "v2"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
