//! The one door every call goes through. A resource handle holds a [`Handle`] (the client's
//! transport and the handle's own headers and field selection) and makes a [`Request`] of it;
//! the escape hatch ([`Client::request`](crate::Client::request)) makes the very same type. A
//! request is sent once, and its answer decoded as the call needs: the whole body, one member,
//! a page of a list, text, or nothing.
//!
//! A resource operation therefore reads as one line of *what*:
//! `self.h.post("/store/customers", body).member("customer")`.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::{HeaderValue, Method};

use crate::core::error::{Error, Result};
use crate::core::headers::HandleHeaders;
use crate::core::page::{self, Page};
use crate::core::query::Query;
use crate::core::response::Reply;
use crate::core::sent::Sent;
use crate::core::session::Session;
use crate::core::transport::{Call, CallAuth, Transport};

/// What an API's wing adds around every call of its clients, installed at `build()` as ureq
/// installs middleware: the door calls [`Layer::before_call`] before it sends a call made as the
/// session, and hands the error of every call of a wing's typed API to [`Layer::map_error`].
/// The core itself knows no API version: v2's token refresh and each wing's "this server speaks
/// the other API" live in the wings' layers (`v1/layer.rs`, `v2/layer.rs`), and a new kind of
/// client (an admin client with an auth of its own) brings its own layer without touching the
/// core. `pub` in a crate-private module: the sealed [`Api`](crate::Api) trait names it, and no
/// one outside the crate can.
pub trait Layer: Send + Sync + 'static {
    /// Runs before a call made as the session is sent (not before one made with a token of its
    /// own). `door` is the calling handle's door; a call the layer makes through it runs the
    /// layer again, so the layer tells its own calls apart (by their path).
    fn before_call(&self, door: &Handle, path: &str) {
        let _ = (door, path);
    }

    /// The error of a call of the wing's typed API (not the escape hatch's), in the wing's
    /// words, e.g. a route the server does not have → [`Error::WrongApi`].
    fn map_error(&self, route: Route<'_>, error: Error) -> Error {
        let _ = route;
        error
    }

    /// The longest [`Layer::before_call`] can take, given the client's timeout of one attempt:
    /// [`Client::max_call_duration`](crate::Client::max_call_duration) adds it.
    fn before_call_budget(&self, timeout: std::time::Duration) -> std::time::Duration {
        let _ = timeout;
        std::time::Duration::ZERO
    }
}

/// The method and path of a call, as named in errors: `POST /store/auth`.
#[derive(Clone, Copy)]
pub struct Route<'a> {
    pub method: &'a Method,
    pub path: &'a str,
}

impl fmt::Display for Route<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A path can carry a query with a token (`?token=…`): shown redacted.
        write!(
            f,
            "{} {}",
            self.method,
            crate::core::redact::redact(self.path)
        )
    }
}

/// The request door of a resource handle: the client's transport and its wing's layer (shared
/// by all clones), and the handle's own headers (medusa-js's per-call `customHeaders`, which
/// override the client's). `pub` in a crate-private module: the wings' layers are handed one.
#[derive(Clone)]
pub struct Handle {
    transport: Arc<Transport>,
    layer: Arc<dyn Layer>,
    headers: HandleHeaders,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("base_url", &self.base_url())
            .field("headers", &self.headers)
            .field("retries", &self.retries())
            .field("timeout", &self.timeout())
            .finish()
    }
}

impl Handle {
    pub(crate) fn new(transport: Arc<Transport>, layer: Arc<dyn Layer>) -> Handle {
        Handle {
            transport,
            layer,
            headers: HandleHeaders::default(),
        }
    }

    /// Adds a header to this handle's calls. A bad one is kept as an error and returned by the
    /// next call, before anything is sent.
    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Handle {
        self.headers.add(name, value);
        self
    }

    /// The client's session: its cookie jar and bearer token.
    pub(crate) fn session(&self) -> &Session {
        self.transport.session()
    }

    /// The client's base URL, without a trailing slash.
    pub(crate) fn base_url(&self) -> &str {
        self.transport.config().base()
    }

    /// The client's timeout of one attempt.
    pub(crate) fn timeout(&self) -> std::time::Duration {
        self.transport.config().timeout()
    }

    /// The longest a call of the client can take ([`Client::max_call_duration`](crate::Client::max_call_duration)).
    pub(crate) fn max_call_duration(&self) -> std::time::Duration {
        let config = self.transport.config();
        crate::core::retry::worst_case(config.retry(), config.timeout())
            .saturating_add(self.layer.before_call_budget(config.timeout()))
    }

    /// Whether the client retries failed attempts (`max_retries > 0`).
    pub(crate) fn retries(&self) -> bool {
        self.transport.config().retry().max_retries > 0
    }

    /// A GET of `path` (starts with `/`, segments already encoded with
    /// [`segment`](crate::core::query::segment)).
    pub(crate) fn get(&self, path: impl Into<String>) -> Request {
        Request::new(self.clone(), Method::GET, path.into())
    }

    /// A POST of `body` as JSON to `path`.
    pub(crate) fn post<B: Serialize + ?Sized>(&self, path: impl Into<String>, body: &B) -> Request {
        Request::new(self.clone(), Method::POST, path.into()).json(body)
    }

    /// A DELETE of `path`.
    pub(crate) fn delete(&self, path: impl Into<String>) -> Request {
        Request::new(self.clone(), Method::DELETE, path.into())
    }
}

/// One call to the server: method, path, query, headers and body, sent with the client's
/// session, headers, retries and error mapping. Every typed call of the crate is one; the escape
/// hatch hands one out for any path ([`Client::request`](crate::Client::request)), so a call the
/// crate does not type yet is made exactly as the typed ones are.
///
/// ```no_run
/// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
/// // JSON, with a query and a header of its own:
/// let regions: serde_json::Value = medusa
///     .request("GET", "/store/regions")
///     .query("limit", "5")
///     .header("x-request-id", "42")
///     .send()?;
/// // A list as a page, its items under `regions`:
/// let page: medusa_blocking::Page<serde_json::Value> =
///     medusa.request("GET", "/store/regions").page("regions")?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    h: Handle,
    method: Method,
    path: String,
    /// Encoded, without `?`.
    query: Option<String>,
    body: Option<Vec<u8>>,
    auth: CallAuth,
    /// An input error met while building, returned before anything is sent.
    error: Option<Error>,
    /// A call of a wing's typed API (its errors go through the wing's layer), not the escape
    /// hatch's.
    typed: bool,
    /// One attempt only, whatever the client's retry policy (see [`Request::once`]).
    once: bool,
    /// Whether repeating the call is harmless; see [`Request::idempotent`].
    idempotent: bool,
    /// Whether the call changes something on the server (every method but GET, HEAD and
    /// OPTIONS, and a single-use GET), so that an attempt lost on the way may have left a
    /// change behind; see [`Request::harmless`].
    changes: bool,
    /// What the call is, as an unknown outcome names it.
    operation: &'static str,
    /// Whether the response's cookies are stored (not for a check made on the side).
    keep_cookies: bool,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The query and body may hold secrets, and so may a query in the path.
        f.debug_struct("Request")
            .field("method", &self.method)
            .field(
                "path",
                &crate::core::redact::redact(self.path.split('?').next().unwrap_or("")),
            )
            .finish_non_exhaustive()
    }
}

impl Request {
    fn new(h: Handle, method: Method, path: String) -> Request {
        Request {
            h,
            path,
            query: None,
            body: None,
            auth: CallAuth::Session,
            error: None,
            typed: true,
            once: false,
            idempotent: is_idempotent_method(&method),
            changes: ![Method::GET, Method::HEAD, Method::OPTIONS].contains(&method),
            operation: operation_of(&method),
            keep_cookies: true,
            method,
        }
    }

    /// A call of the escape hatch: `method` is any HTTP method (`GET`, `post`…); a bad one is
    /// an input error returned when the request is sent.
    pub(crate) fn untyped(h: Handle, method: &str, path: &str) -> Request {
        let parsed = Method::from_bytes(method.trim().to_ascii_uppercase().as_bytes()).ok();
        let mut request = Request::new(h, parsed.clone().unwrap_or_default(), path.to_string());
        request.typed = false;
        if parsed.is_none() {
            request.error = Some(Error::InvalidInput(format!(
                "invalid HTTP method {method:?}"
            )));
        }
        request
    }

    /// Adds `key=value` to the query string (percent-encoded; repeat for more pairs).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/products").query("q", "t-shirt").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn query(self, key: &str, value: &str) -> Self {
        let mut q = Query::new();
        q.pair(key, value);
        self.query_string(q.finish())
    }

    /// Adds `key[0]=a&key[1]=b`, the array form Medusa's query parser reads.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let v: serde_json::Value =
    ///     medusa.request("GET", "/store/products").query_list("id", &["prod_1", "prod_2"]).send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn query_list<S: AsRef<str>>(self, key: &str, values: &[S]) -> Self {
        let mut q = Query::new();
        q.list(key, values);
        self.query_string(q.finish())
    }

    /// Adds a header to this call; it overrides the client's header of the same name. A bad
    /// name or value is an input error, returned when the request is sent.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/regions").header("x-tenant", "eu").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.h.headers.add(name, value);
        self
    }

    /// Sends `body` as JSON (`Content-Type: application/json`). A value that cannot be JSON (a
    /// map with non-string keys) is an input error, returned when the request is sent.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart: serde_json::Value = medusa
    ///     .request("POST", "/store/carts")
    ///     .json(&serde_json::json!({ "region_id": "reg_01..." }))
    ///     .member("cart")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match to_json(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Declares the call idempotent: sending it twice does what sending it once does (a `PUT`,
    /// or a `POST` that sets values). GET, HEAD, OPTIONS, PUT and DELETE are idempotent
    /// already; a POST or PATCH is not unless declared. When a retried attempt of a call that
    /// is *not* idempotent got no response and the last attempt failed, the server may have
    /// acted on the lost one: the call's error is then
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown), the last error kept as its
    /// source. An idempotent call that changes something (a PUT, a DELETE, a POST that sets
    /// values) is so too, unless its last error is the server's verdict on the request itself
    /// (a 4xx other than 401, 403, 408, 409, 425 and 429: the lost attempt, the same request,
    /// got the same); a read's error stands as it came.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart: serde_json::Value = medusa
    ///     .request("POST", "/store/carts/cart_01...")
    ///     .json(&serde_json::json!({ "email": "jane@example.com" }))
    ///     .idempotent()
    ///     .member("cart")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Declares the call *not* idempotent, whatever its method: a GET that spends something
    /// single-use (an OAuth callback's code, a one-time link). When a retried attempt got no
    /// response and the last attempt failed, the call's error is then
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown): the lost attempt may have spent
    /// it.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").max_retries(2).build()?;
    /// let v: serde_json::Value = medusa
    ///     .request("GET", "/auth/customer/google/callback?code=4%2F0Ab&state=af0i")
    ///     .single_use()
    ///     .send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn single_use(mut self) -> Self {
        self.idempotent = false;
        self.changes = true;
        self
    }

    /// Declares the call repeatable and its lost attempts of no consequence: a log-in or a
    /// token refresh, whose lost attempt leaves at most a token nobody holds. Its last error
    /// stands as it came.
    pub(crate) fn harmless(mut self) -> Self {
        self.idempotent = true;
        self.changes = false;
        self
    }

    /// Names the call in an unknown outcome (`update customer`).
    pub(crate) fn named(mut self, operation: &'static str) -> Self {
        self.operation = operation;
        self
    }

    /// Makes the call a check made on the side: the cookies of its response are not stored, so
    /// the session (cookies and token) is what it was whatever the server answers (Medusa 1.x
    /// answers a call without a session cookie with a fresh anonymous `connect.sid`).
    pub(crate) fn side(mut self) -> Self {
        self.keep_cookies = false;
        self
    }

    /// Sends the call and decodes the whole JSON answer into `T` (`serde_json::Value` works).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/regions").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn send<T: DeserializeOwned>(self) -> Result<T> {
        let reply = self.reply()?;
        crate::core::decode::json(reply.status, &reply.body)
    }

    /// Sends the call and decodes the member `key` of the JSON answer (`{"region": {…}}`).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let region: serde_json::Value = medusa.request("GET", "/store/regions/reg_01").member("region")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn member<T: DeserializeOwned>(self, key: &'static str) -> Result<T> {
        self.sent_member(key).into_result()
    }

    /// Sends the call and decodes a page of a list whose items are under `key`
    /// (`{"regions": […], "count", "offset", "limit"}`).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page: medusa_blocking::Page<serde_json::Value> =
    ///     medusa.request("GET", "/store/regions").query("limit", "5").page("regions")?;
    /// println!("{} of {}", page.items.len(), page.count);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn page<T: DeserializeOwned>(self, key: &'static str) -> Result<Page<T>> {
        let reply = self.reply()?;
        page::decode(reply.status, &reply.body, key)
    }

    /// Sends the call and returns the answer as text (Medusa's `OK`, `Created`; empty for 204).
    /// A body that is not UTF-8 is a decode error.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let text = medusa.request("DELETE", "/store/auth").text()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn text(self) -> Result<String> {
        let reply = self.reply()?;
        String::from_utf8(reply.body).map_err(|e| Error::Decode {
            status: reply.status,
            path: ".".into(),
            message: format!(
                "the body is not valid UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ),
            body: String::new(),
        })
    }

    /// Sends the call and ignores the answer's body.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.request("POST", "/auth/customer/emailpass/reset-password")
    ///     .json(&serde_json::json!({ "identifier": "jane@example.com" }))
    ///     .empty()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn empty(self) -> Result<()> {
        self.reply().map(|_| ())
    }

    /// Appends an encoded query (`None`: nothing).
    pub(crate) fn query_string(mut self, query: Option<String>) -> Self {
        if let Some(q) = query {
            match &mut self.query {
                Some(existing) => {
                    existing.push('&');
                    existing.push_str(&q);
                }
                None => self.query = Some(q),
            }
        }
        self
    }

    /// Makes the call with this `Authorization` value (a registration or reset token) instead
    /// of the session, and without the session's cookies.
    pub(crate) fn bearer(mut self, authorization: HeaderValue) -> Self {
        self.auth = CallAuth::Bearer(authorization);
        self
    }

    /// Makes the call with one attempt and no retry, whatever the client's retry settings, so
    /// that it takes at most the client's timeout (v2's refresh before a call is made so).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").max_retries(3).build()?;
    /// let health = medusa.request("GET", "/health").once().text()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn once(mut self) -> Self {
        self.once = true;
        self
    }

    /// Makes the call as nobody: no `Authorization`, no stored cookie (a log-in made on the side,
    /// which must not log the client's server-side session in as someone else).
    pub(crate) fn anonymous(mut self) -> Self {
        self.auth = CallAuth::Anonymous;
        self
    }

    /// Sends the call: the 2xx reply or the error, and whether an attempt was lost on the way.
    pub(crate) fn sent(self) -> Sent<Reply> {
        if let Some(e) = self.error {
            return Sent::new(Err(e), false);
        }
        let headers = match self.h.headers.check() {
            Ok(headers) => headers,
            Err(e) => return Sent::new(Err(e), false),
        };
        let as_session = matches!(self.auth, CallAuth::Session);
        if as_session {
            self.h.layer.before_call(&self.h, &self.path);
        }
        // The token the call is made with, to tell its 401 from one of a token set meanwhile.
        let generation = if as_session {
            self.h.session().bearer_snapshot().map(|(_, g)| g)
        } else {
            None
        };
        let sent = self
            .h
            .transport
            .send(&Call {
                method: &self.method,
                path: &self.path,
                query: self.query.as_deref(),
                body: self.body.as_deref(),
                headers,
                auth: &self.auth,
                once: self.once,
                keep_cookies: self.keep_cookies,
            })
            .declared(self.idempotent, self.changes, self.operation);
        // The server's clock, for judging a token the client did not receive itself: read
        // when the session holds a token, at most once a minute.
        let session = self.h.session();
        if let Some(date) = sent
            .value()
            .filter(|_| session.wants_server_clock())
            .and_then(|reply| reply.date())
        {
            session.learn_server_clock(date);
        }
        let sent = if self.typed {
            let route = Route {
                method: &self.method,
                path: &self.path,
            };
            sent.map_err(|e| self.h.layer.map_error(route, e))
        } else {
            sent
        };
        if as_session {
            sent.map_err(|e| session_error(self.h.session(), generation, e))
        } else {
            sent
        }
    }

    /// [`Request::member`], and whether an attempt was lost on the way.
    pub(crate) fn sent_member<T: DeserializeOwned>(self, key: &'static str) -> Sent<T> {
        self.sent()
            .and_then(|reply| crate::core::decode::member(reply.status, &reply.body, key))
    }

    /// Sends the call and returns the string member `key` of the body, a secret (a token): no
    /// error quotes the body.
    pub(crate) fn secret(self, key: &'static str) -> Result<String> {
        let reply = self.reply()?;
        crate::core::decode::secret_member(reply.status, &reply.body, key)
    }

    fn reply(self) -> Result<Reply> {
        self.sent().into_result()
    }
}

/// A 401 for a call made as the session whose token the client knows to have run out (counted
/// from the token's own `iat`, see `Session::bearer_time_left`), and still holds:
/// [`Error::SessionExpired`], "log in again". A 401 for a token that still looks valid, or one
/// replaced while the call was under way, stays the server's 401.
fn session_error(session: &Session, generation: Option<u64>, error: Error) -> Error {
    if error.status() == Some(401)
        && !matches!(error, Error::SessionExpired { .. })
        && generation.is_some()
        && session.bearer_snapshot().map(|(_, g)| g) == generation
        && session.bearer_expired()
    {
        return Error::SessionExpired {
            error: Box::new(error),
        };
    }
    error
}

/// Generates a resource handle: a struct holding a [`Handle`] (and any further fields, which
/// start at their `Default`), its constructor, and its public `header()` with the doc example
/// given. The struct's own doc comment comes from the caller.
macro_rules! resource_handle {
    (
        $(#[$meta:meta])* $name:ident $({ $($field:ident: $ty:ty),* $(,)? })?,
        header example: $example:literal
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            h: $crate::core::request::Handle,
            $($($field: $ty,)*)?
        }

        impl $name {
            pub(crate) fn new(h: $crate::core::request::Handle) -> $name {
                $name {
                    h,
                    $($($field: ::std::default::Default::default(),)*)?
                }
            }

            /// Adds a header to this handle's calls; it overrides the client's header of the same
            /// name. A bad name or value is an input error, returned by the next call before
            /// anything is sent.
            ///
            #[doc = concat!("```no_run\n", $example, "\n```")]
            #[allow(clippy::needless_update)]
            pub fn header(self, name: &str, value: &str) -> $name {
                $name {
                    h: self.h.with_header(name, value),
                    ..self
                }
            }
        }
    };
}

/// GET, HEAD, OPTIONS, PUT and DELETE: sending one twice does what sending it once does.
fn is_idempotent_method(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::DELETE,
    ]
    .contains(method)
}

/// The name of a call in an unknown outcome, when the call gives none.
fn operation_of(method: &Method) -> &'static str {
    match *method {
        Method::POST => "a POST",
        Method::PATCH => "a PATCH",
        Method::PUT => "a PUT",
        Method::DELETE => "a DELETE",
        _ => "a call",
    }
}

/// A request body as JSON; a value that cannot be JSON (a map with non-string keys) is an input
/// error, before anything is sent.
pub(crate) fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::InvalidInput(format!("body is not JSON: {e}")))
}

/// Refuses an empty (or blank) required value before anything is sent.
pub(crate) fn require(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::InvalidInput(format!("{field} is empty")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_shows_no_secret_of_its_path() {
        let route = Route {
            method: &Method::GET,
            path: "/store/x/eyJhbGciOiJIUzI1NiJ9.e30.c2ln?token=abc&limit=2",
        };
        assert_eq!(route.to_string(), "GET /store/x/***?token=***&limit=2");
    }
}
