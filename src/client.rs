//! The client, its builder, and the escape hatch for untyped Store paths.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use cookie_store::CookieStore;
use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::{HeaderMap, HeaderName, HeaderValue, Method};

use crate::auth::{AccessToken, Auth};
use crate::customers::Customers;
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::session::{Bearer, CookieJar, Session};
use crate::transport::{Call, Jitter, Reply, Sleeper, Transport};

/// Default timeout of one attempt of a call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on a response body: 8 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 8 * 1024 * 1024;

/// A Medusa Store API client.
///
/// Cheap to clone: clones share the connection pool, the cookie session and the bearer token, and
/// the client is `Send + Sync`, so a batch job can log in once and fan out over threads.
///
/// ```no_run
/// use medusa_blocking::Medusa;
///
/// let medusa = Medusa::new("http://localhost:9000")?;
/// let me = medusa.customers().retrieve()?;
/// println!("{} {:?}", me.email, me.first_name);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Clone)]
pub struct Medusa {
    pub(crate) inner: Arc<Transport>,
}

impl fmt::Debug for Medusa {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Medusa")
            .field("base_url", &self.inner.base)
            .field("max_retries", &self.inner.retry.max_retries)
            .field("timeout", &self.inner.timeout)
            .field(
                "logged_in_with_token",
                &self.inner.session.bearer_header().is_some(),
            )
            .finish_non_exhaustive()
    }
}

impl Medusa {
    /// A client for the backend at `base_url` (e.g. `http://localhost:9000`) with default
    /// settings: no retries (as medusa-js), a 30 s timeout, an empty session.
    ///
    /// Fails when the URL is not `http`/`https` or has a query or fragment.
    ///
    /// ```
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000/")?;
    /// assert_eq!(medusa.base_url(), "http://localhost:9000");
    /// assert!(medusa_blocking::Medusa::new("ftp://localhost").is_err());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn new(base_url: impl AsRef<str>) -> Result<Medusa> {
        Medusa::builder(base_url).build()
    }

    /// A builder for a client with other settings.
    ///
    /// ```
    /// use std::time::Duration;
    /// let medusa = medusa_blocking::Medusa::builder("https://shop.example.com")
    ///     .max_retries(3)
    ///     .timeout(Duration::from_secs(10))
    ///     .publishable_api_key("pk_01H...")
    ///     .header("x-request-source", "nightly-export")
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn builder(base_url: impl AsRef<str>) -> MedusaBuilder {
        MedusaBuilder::new(base_url.as_ref())
    }

    /// The base URL, without a trailing slash.
    ///
    /// ```
    /// let medusa = medusa_blocking::Medusa::new("http://127.0.0.1:9000")?;
    /// assert_eq!(medusa.base_url(), "http://127.0.0.1:9000");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// The longest a call of this client can take, retries and waits included:
    /// `(max_retries + 1) × timeout + max_retries × max(max retry delay, retry_after_max)`.
    ///
    /// ```
    /// use std::time::Duration;
    /// let medusa = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .max_retries(2)
    ///     .timeout(Duration::from_secs(10))
    ///     .retry_delays(Duration::from_millis(500), Duration::from_secs(5))
    ///     .retry_after_max(Duration::from_secs(20))
    ///     .build()?;
    /// assert_eq!(medusa.max_call_duration(), Duration::from_secs(3 * 10 + 2 * 20));
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn max_call_duration(&self) -> Duration {
        crate::retry::worst_case(&self.inner.retry, self.inner.timeout)
    }

    /// The customer calls: register, profile, orders, password reset, addresses, payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> Customers {
        Customers::new(self.clone())
    }

    /// The auth calls: log in, session, log out, exists, bearer token.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.auth().authenticate("jane@example.com", "secret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> Auth {
        Auth::new(self.clone())
    }

    /// The cookie store this client (and its clones) use. Hand it to another builder with
    /// [`MedusaBuilder::cookie_store`] to share the session.
    ///
    /// ```
    /// let a = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(a.cookie_store())
    ///     .build()?;
    /// # let _ = b;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookie_store(&self) -> CookieJar {
        self.inner.session.cookie_jar()
    }

    /// The bearer token this client sends, if any (see [`Auth::get_token`]).
    ///
    /// ```
    /// let medusa = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .bearer_token("eyJhbGciOi...")
    ///     .build()?;
    /// assert!(medusa.bearer_token().is_some());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn bearer_token(&self) -> Option<AccessToken> {
        self.inner.session.bearer_token()
    }

    /// Sends `Authorization: Bearer <token>` on every later call of this client and its clones
    /// (`None` stops sending it).
    ///
    /// ```
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// medusa.set_bearer_token(Some("eyJhbGciOi...".into()))?;
    /// medusa.set_bearer_token(None)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn set_bearer_token(&self, token: Option<AccessToken>) -> Result<()> {
        let bearer = match token {
            Some(t) => Some(Bearer::new(t).ok_or_else(|| {
                Error::InvalidInput("the token has characters not allowed in a header".into())
            })?),
            None => None,
        };
        self.inner.session.set_bearer(bearer);
        Ok(())
    }

    /// Forgets the local session: every cookie and the bearer token. (Call
    /// [`Auth::delete_session`] to end the session on the server too.)
    ///
    /// ```
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// medusa.clear_session();
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn clear_session(&self) {
        self.inner.session.clear();
    }

    /// Saves the session (every unexpired cookie, session cookies included, and the bearer token)
    /// to `path`, so that a later run can start from it with [`MedusaBuilder::load_session`].
    ///
    /// The file is written to a temporary file in the same folder with mode 0600, then renamed
    /// over `path`: a reader never sees half a file, and a failed write leaves the old one intact.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// medusa.auth().authenticate("jane@example.com", "secret")?;
    /// medusa.save_session("medusa-session.json")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn save_session(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let token = self.bearer_token();
        let bytes = {
            let store = self.inner.session.lock_cookies();
            crate::session_file::to_bytes(&store, token.as_ref(), &self.inner.base)?
        };
        crate::session_file::write_atomically(path.as_ref(), &bytes)
    }

    /// GET any Store path this crate does not type yet, with the same session, headers, retries and
    /// error mapping. `path` starts with `/` and may carry a query string; `T` is any
    /// `DeserializeOwned` (`serde_json::Value` works).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let regions: serde_json::Value = medusa.get("/store/regions?limit=5")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.json(Method::GET, path, None, None, &HeaderMap::new())
    }

    /// POST a JSON body to any Store path (see [`Medusa::get`]).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let cart: serde_json::Value =
    ///     medusa.post("/store/carts", &serde_json::json!({ "region_id": "reg_01..." }))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn post<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        let body = to_json(body)?;
        self.json(Method::POST, path, None, Some(body), &HeaderMap::new())
    }

    /// DELETE any Store path (see [`Medusa::get`]).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let cart: serde_json::Value =
    ///     medusa.delete("/store/carts/cart_01.../line-items/item_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.json(Method::DELETE, path, None, None, &HeaderMap::new())
    }

    pub(crate) fn send(
        &self,
        method: Method,
        path: &str,
        query: Option<String>,
        body: Option<Vec<u8>>,
        headers: &HeaderMap,
    ) -> Result<Reply> {
        self.inner.send(Call {
            method,
            path,
            query,
            body,
            headers,
        })
    }

    pub(crate) fn json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: Option<String>,
        body: Option<Vec<u8>>,
        headers: &HeaderMap,
    ) -> Result<T> {
        let reply = self.send(method, path, query, body, headers)?;
        crate::decode::json(reply.status, &reply.body)
    }
}

pub(crate) fn to_json<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>> {
    serde_json::to_vec(body).map_err(|e| Error::InvalidInput(format!("body is not JSON: {e}")))
}

/// The per-call headers of a resource handle (medusa-js `customHeaders`). A bad header is kept as
/// an error and returned by the next call, before anything is sent.
#[derive(Clone, Default)]
pub(crate) struct HandleHeaders {
    pub map: HeaderMap,
    pub error: Option<String>,
}

impl HandleHeaders {
    pub(crate) fn add(&mut self, name: &str, value: &str) {
        match header_pair(name, value) {
            Ok((n, v)) => {
                self.map.insert(n, v);
            }
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e.to_string());
                }
            }
        }
    }

    pub(crate) fn check(&self) -> Result<&HeaderMap> {
        match &self.error {
            Some(e) => Err(Error::InvalidInput(
                e.trim_start_matches("invalid input: ").to_string(),
            )),
            None => Ok(&self.map),
        }
    }
}

impl fmt::Debug for HandleHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.map.keys()).finish()
    }
}

/// Parses a header pair, for the builder and the per-call headers.
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidInput(format!("invalid header name {name:?}")))?;
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidInput(format!("invalid value for header {name}")))?;
    if is_secret_header(&name) {
        value.set_sensitive(true);
    }
    Ok((name, value))
}

fn is_secret_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "cookie" | "x-publishable-api-key" | "x-medusa-access-token"
    )
}

/// Builds a [`Medusa`] client.
///
/// ```
/// use std::time::Duration;
/// let medusa = medusa_blocking::Medusa::builder("http://localhost:9000")
///     .max_retries(2)
///     .retry_delays(Duration::from_millis(200), Duration::from_secs(5))
///     .connect_timeout(Duration::from_secs(3))
///     .user_agent("nightly-export/1.0")
///     .build()?;
/// # let _ = medusa;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[must_use]
pub struct MedusaBuilder {
    base_url: String,
    retry: RetryPolicy,
    publishable_api_key: Option<String>,
    headers: Vec<(String, String)>,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    user_agent: String,
    cookie_store: Option<CookieJar>,
    bearer: Option<AccessToken>,
    session_file: Option<PathBuf>,
    body_limit: u64,
    sleeper: Option<Sleeper>,
    jitter: Option<Jitter>,
}

impl fmt::Debug for MedusaBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("MedusaBuilder")
            .field("base_url", &self.base_url)
            .field("retry", &self.retry)
            .field(
                "publishable_api_key",
                &self.publishable_api_key.as_ref().map(|_| "***"),
            )
            .field("header_names", &header_names)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("bearer_token", &self.bearer.as_ref().map(|_| "***"))
            .field("session_file", &self.session_file)
            .field("max_body_size", &self.body_limit)
            .finish_non_exhaustive()
    }
}

impl MedusaBuilder {
    fn new(base_url: &str) -> MedusaBuilder {
        MedusaBuilder {
            base_url: base_url.to_string(),
            retry: RetryPolicy::default(),
            publishable_api_key: None,
            headers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: None,
            user_agent: concat!("medusa-blocking/", env!("CARGO_PKG_VERSION")).to_string(),
            cookie_store: None,
            bearer: None,
            session_file: None,
            body_limit: DEFAULT_MAX_BODY_SIZE,
            sleeper: None,
            jitter: None,
        }
    }

    /// Retries after a failed first attempt (default 0, as medusa-js). Retried: no response, 409,
    /// 429, 501–599; never 500. With `n > 0` every POST carries an `Idempotency-Key`, the same on
    /// each attempt.
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000").max_retries(3);
    /// # let _ = b;
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.retry.max_retries = n;
        self
    }

    /// The backoff: the n-th retry waits a random time in `[0, min(max, base × 2^n))`
    /// (defaults 500 ms and 15 s).
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .retry_delays(Duration::from_millis(100), Duration::from_secs(2));
    /// # let _ = b;
    /// ```
    pub fn retry_delays(mut self, base: Duration, max: Duration) -> Self {
        self.retry.base_delay = base;
        self.retry.max_delay = max;
        self
    }

    /// The longest `Retry-After` honoured (default 60 s). A server asking for more ends the call
    /// with its error, which carries the value ([`Error::retry_after`]).
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .retry_after_max(Duration::from_secs(10));
    /// # let _ = b;
    /// ```
    pub fn retry_after_max(mut self, max: Duration) -> Self {
        self.retry.retry_after_max = max;
        self
    }

    /// Sent as `x-publishable-api-key` on every call.
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .publishable_api_key("pk_01H...");
    /// # let _ = b;
    /// ```
    pub fn publishable_api_key(mut self, key: impl Into<String>) -> Self {
        self.publishable_api_key = Some(key.into());
        self
    }

    /// A header sent on every call (medusa-js `customHeaders`). A later value for the same name
    /// replaces an earlier one; per-call headers replace these.
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .header("x-tenant", "eu");
    /// # let _ = b;
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Timeout of one attempt of a call: connect, send, wait, and read the whole body
    /// (default 30 s; medusa-js has none). A call with `max_retries = n` takes at most
    /// `(n + 1) × timeout` plus the waits between attempts.
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .timeout(Duration::from_secs(5));
    /// # let _ = b;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout of connection set-up (TCP and TLS), within [`MedusaBuilder::timeout`].
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .connect_timeout(Duration::from_secs(2));
    /// # let _ = b;
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` (default `medusa-blocking/<version>`).
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000").user_agent("my-tool/2.1");
    /// # let _ = b;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this cookie store, e.g. one shared with another client ([`Medusa::cookie_store`]): a
    /// [`CookieJar`], a `cookie_store::CookieStore`, or an `Arc<Mutex<CookieStore>>`.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// let store = Arc::new(Mutex::new(cookie_store::CookieStore::default()));
    /// let a = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(store.clone())
    ///     .build()?;
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(store)
    ///     .build()?;
    /// # let _ = (a, b);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookie_store(mut self, store: impl Into<CookieJar>) -> Self {
        self.cookie_store = Some(store.into());
        self
    }

    /// Start with this bearer token (from [`Auth::get_token`], or kept elsewhere).
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .bearer_token("eyJhbGciOi...");
    /// # let _ = b;
    /// ```
    pub fn bearer_token(mut self, token: impl Into<AccessToken>) -> Self {
        self.bearer = Some(token.into());
        self
    }

    /// Start from the session saved in `path` by [`Medusa::save_session`] (its cookies and bearer
    /// token). A missing file is an empty session; a corrupt or foreign file makes
    /// [`build`](Self::build) fail with [`Error::SessionFile`].
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::builder("http://localhost:9000")
    ///     .load_session("medusa-session.json")
    ///     .build()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn load_session(mut self, path: impl Into<PathBuf>) -> Self {
        self.session_file = Some(path.into());
        self
    }

    /// Largest response body read, in bytes (default 8 MiB). A larger one ends the call with
    /// [`Error::BodyTooLarge`].
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000").max_body_size(1 << 20);
    /// # let _ = b;
    /// ```
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Replaces the function that sleeps between attempts (default `std::thread::sleep`), e.g.
    /// to record the waits in a test instead of sleeping.
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000").sleeper(|_wait| {});
    /// # let _ = b;
    /// ```
    pub fn sleeper(mut self, sleep: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        self.sleeper = Some(Arc::new(sleep));
        self
    }

    /// Replaces the random source of the jitter (default: a random number in `[0, 1)`). Values
    /// are clamped to `[0, 1]`; `|| 1.0` gives the full exponential delays.
    ///
    /// ```
    /// let b = medusa_blocking::Medusa::builder("http://localhost:9000").jitter(|| 1.0);
    /// # let _ = b;
    /// ```
    pub fn jitter(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.jitter = Some(Arc::new(random));
        self
    }

    /// Builds the client. Fails on a base URL that is not `http`/`https` or has a query or
    /// fragment, on a bad header, or on an unreadable session file.
    ///
    /// ```
    /// let err = medusa_blocking::Medusa::builder("http://localhost:9000?x=1").build();
    /// assert!(err.is_err());
    /// ```
    pub fn build(self) -> Result<Medusa> {
        let base = normalize_base_url(&self.base_url)?;

        let mut headers = HeaderMap::new();
        headers.insert(
            ureq::http::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if let Some(key) = &self.publishable_api_key {
            let (name, value) = header_pair("x-publishable-api-key", key)
                .map_err(|_| Error::Config("invalid publishable API key".into()))?;
            headers.insert(name, value);
        }
        for (name, value) in &self.headers {
            let (name, value) =
                header_pair(name, value).map_err(|e| Error::Config(e.to_string()))?;
            headers.insert(name, value);
        }

        let (loaded_store, loaded_token) = match &self.session_file {
            Some(path) => crate::session_file::load(path, &base)?,
            None => (None, None),
        };
        let store = match (self.cookie_store, loaded_store) {
            (Some(shared), Some(loaded)) => {
                {
                    // Merge: the saved cookies win over same-named ones already in the store.
                    let mut guard = shared.lock().unwrap_or_else(|e| e.into_inner());
                    let merged = CookieStore::from_cookies(
                        guard
                            .iter_any()
                            .chain(loaded.iter_any())
                            .cloned()
                            .map(Ok::<_, ()>),
                        false,
                    )
                    .unwrap_or_default();
                    *guard = merged;
                }
                shared
            }
            (Some(shared), None) => shared,
            (None, Some(loaded)) => CookieJar::new(loaded),
            (None, None) => CookieJar::default(),
        };
        let bearer = match self.bearer.or(loaded_token) {
            Some(token) => Some(Bearer::new(token).ok_or_else(|| {
                Error::Config("the bearer token has characters not allowed in a header".into())
            })?),
            None => None,
        };

        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(self.user_agent.as_str())
            .timeout_global(Some(self.timeout))
            .timeout_connect(self.connect_timeout)
            // Node's keep-alive timeout is 5 s: never reuse a connection the server may be closing.
            .max_idle_age(Duration::from_secs(4))
            .build();
        let agent = crate::transport::agent(config);

        Ok(Medusa {
            inner: Arc::new(Transport {
                agent,
                base,
                headers,
                session: Session::new(store, bearer),
                retry: self.retry,
                timeout: self.timeout,
                body_limit: self.body_limit,
                sleeper: self.sleeper.unwrap_or_else(|| Arc::new(std::thread::sleep)),
                jitter: self
                    .jitter
                    .unwrap_or_else(|| Arc::new(crate::retry::random_unit)),
                cookie_urls: Default::default(),
            }),
        })
    }
}

/// Checks a base URL and drops its trailing slashes.
fn normalize_base_url(raw: &str) -> Result<String> {
    let url = url::Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("invalid base URL {raw:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL must be http or https, not {:?}",
            url.scheme()
        )));
    }
    if url.host_str().is_none() {
        return Err(Error::Config(format!("base URL {raw:?} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {raw:?} must not have a query or fragment"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(
            "base URL must not carry credentials".to_string(),
        ));
    }
    let s = url.as_str().trim_end_matches('/').to_string();
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            normalize_base_url("http://localhost:9000/").unwrap(),
            "http://localhost:9000"
        );
        assert_eq!(
            normalize_base_url("https://shop.example.com").unwrap(),
            "https://shop.example.com"
        );
        assert_eq!(
            normalize_base_url("http://h/api//").unwrap(),
            "http://h/api"
        );
        for bad in [
            "ftp://h",
            "localhost:9000",
            "http://h/?a=1",
            "http://h/#x",
            "",
            "http://user:pw@h",
            "file:///etc",
        ] {
            assert!(normalize_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Medusa>();
        check::<crate::customers::Customers>();
        check::<crate::auth::Auth>();
        check::<crate::auth::AccessToken>();
        fn send<T: Send>() {}
        send::<crate::customers::OrderIter>();
        send::<crate::Error>();
        fn sync<T: Sync>() {}
        sync::<crate::Error>();
    }

    #[test]
    fn debug_hides_secrets() {
        let b = Medusa::builder("http://h")
            .publishable_api_key("pk_SECRET")
            .bearer_token("TOKEN_SECRET")
            .header("authorization", "Basic SECRET");
        let s = format!("{b:?}");
        assert!(!s.contains("SECRET"), "{s}");
        let m = b.build().unwrap();
        let s = format!("{m:?}");
        assert!(!s.contains("SECRET"), "{s}");
    }
}
