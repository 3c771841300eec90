//! The client builder, and the checks of a base URL.

use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{HeaderMap, HeaderValue};

use crate::core::api::Api;
use crate::core::client::Client;
use crate::core::config::{Config, Jitter, Sleeper};
use crate::core::error::{Error, Result};
use crate::core::headers::header_pair;
use crate::core::retry::RetryPolicy;
use crate::core::secret::AccessToken;
use crate::core::session::{Bearer, CookieJar, Session, admit};
use crate::core::transport::Transport;

mod network;

use network::{ProxyChoice, redact_url};

/// Default timeout of one attempt of a call.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default limit on a response body: 8 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 8 * 1024 * 1024;

/// Builds a [`Client`]: `v2::Medusa::builder(url)` starts one for the v2 API, `v1::Medusa::builder`
/// for v1. `build()` makes the settings one immutable value that every clone shares.
///
/// ```
/// use std::time::Duration;
/// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
///     .max_retries(2)
///     .retry_delays(Duration::from_millis(200), Duration::from_secs(5))
///     .connect_timeout(Duration::from_secs(3))
///     .user_agent("nightly-export/1.0")
///     .build()?;
/// # let _ = medusa;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[must_use]
pub struct ClientBuilder<A: Api> {
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
    proxy: ProxyChoice,
    #[cfg(feature = "rustls")]
    root_pems: Vec<Vec<u8>>,
    #[cfg(feature = "platform-roots")]
    platform_roots: bool,
    /// A setting a wing's builder call refused (a bad credential), returned by `build()`.
    refused: Option<String>,
    api: PhantomData<fn() -> A>,
}

impl<A: Api> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        let mut d = f.debug_struct("MedusaBuilder");
        d.field("api", &A::NAME)
            .field("base_url", &redact_url(&self.base_url))
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
            .field("proxy", &self.proxy);
        #[cfg(feature = "rustls")]
        d.field("root_certificate_pems", &self.root_pems.len());
        #[cfg(feature = "platform-roots")]
        d.field("platform_roots", &self.platform_roots);
        d.finish_non_exhaustive()
    }
}

impl<A: Api> Client<A> {
    /// A client for the backend at `base_url` (e.g. `http://localhost:9000`) with default
    /// settings: no retries (as medusa-js), a 30 s timeout, an empty session.
    ///
    /// Fails when the URL is not `http`/`https` or has a query or fragment.
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000/")?;
    /// assert_eq!(medusa.base_url(), "http://localhost:9000");
    /// assert!(medusa_blocking::v1::Medusa::new("ftp://localhost").is_err());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn new(base_url: impl AsRef<str>) -> Result<Client<A>> {
        Client::builder(base_url).build()
    }

    /// A builder for a client with other settings.
    ///
    /// ```
    /// use std::time::Duration;
    /// let medusa = medusa_blocking::v1::Medusa::builder("https://shop.example.com")
    ///     .max_retries(3)
    ///     .timeout(Duration::from_secs(10))
    ///     .publishable_api_key("pk_01H...")
    ///     .header("x-request-source", "nightly-export")
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn builder(base_url: impl AsRef<str>) -> ClientBuilder<A> {
        ClientBuilder::new(base_url.as_ref())
    }
}

impl<A: Api> ClientBuilder<A> {
    pub(crate) fn new(base_url: &str) -> ClientBuilder<A> {
        ClientBuilder {
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
            proxy: ProxyChoice::Direct,
            #[cfg(feature = "rustls")]
            root_pems: Vec::new(),
            #[cfg(feature = "platform-roots")]
            platform_roots: false,
            refused: None,
            api: PhantomData,
        }
    }

    /// Retries after a failed first attempt (default 0, as medusa-js). Retried: no response, 409,
    /// 429, 501–599; never 500. With `n > 0` every POST carries an `Idempotency-Key`, the same on
    /// each attempt.
    ///
    /// ```
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000").max_retries(3);
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .header("x-tenant", "eu");
    /// # let _ = b;
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        if let Err(e) = header_pair(&name, &value) {
            self = self.refuse(e.to_string());
        }
        self.headers.push((name, value));
        self
    }

    /// Timeout of one attempt of a call: connect, send, wait, and read the whole body
    /// (default 30 s; medusa-js has none). A call with `max_retries = n` takes at most
    /// `(n + 1) × timeout` plus the waits between attempts.
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .timeout(Duration::from_secs(5));
    /// # let _ = b;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout of connection set-up (TCP and TLS), within [`ClientBuilder::timeout`].
    ///
    /// ```
    /// use std::time::Duration;
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000").user_agent("my-tool/2.1");
    /// # let _ = b;
    /// ```
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use this cookie jar, e.g. one shared with another client ([`Client::cookie_store`]). (A
    /// `cookie_store::CookieStore` or an `Arc<Mutex<CookieStore>>` still converts, for older
    /// programs.)
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// let a = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(jar.clone())
    ///     .build()?;
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(jar)
    ///     .build()?;
    /// # let _ = (a, b);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookie_store(mut self, store: impl Into<CookieJar>) -> Self {
        self.cookie_store = Some(store.into());
        self
    }

    /// Start with this bearer token (from `auth().get_token`, or kept elsewhere).
    ///
    /// ```
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .bearer_token("eyJhbGciOi...");
    /// # let _ = b;
    /// ```
    pub fn bearer_token(mut self, token: impl Into<AccessToken>) -> Self {
        self.bearer = Some(token.into());
        self
    }

    /// Start from the session saved in `path` by [`Client::save_session`] (its cookies and bearer
    /// token). A missing file is an empty session; a corrupt or foreign file makes
    /// [`build`](Self::build) fail with [`Error::SessionFile`].
    ///
    /// The file is a credential and is read as ssh reads a key: a symbolic link is refused, and
    /// on Unix so is a file that another user owns or that its group or others may write
    /// (`chmod 600`); the error says which. (On Windows, owners and access lists are not
    /// checked: keep the file in a folder only you can write.) Its cookies are stored by the
    /// rules of a response from the base URL: host-only for its host (another host's are
    /// dropped) and within the jar's bound of 300 cookies, into a shared
    /// [`cookie_store`](Self::cookie_store) too, where they replace the same cookies.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000").max_body_size(1 << 20);
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000").sleeper(|_wait| {});
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
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000").jitter(|| 1.0);
    /// # let _ = b;
    /// ```
    pub fn jitter(mut self, random: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        self.jitter = Some(Arc::new(random));
        self
    }

    /// Trust these root certificates (PEM, one or more `-----BEGIN CERTIFICATE-----` sections),
    /// e.g. the private CA of an internal backend. Can be called more than once; every root is
    /// kept.
    ///
    /// They **replace** the bundled webpki (Mozilla) roots: a client given a private CA trusts
    /// that CA only, so a certificate from any public CA is refused, as it should be for a
    /// backend that never has one. A client that talks to public hosts too needs no call here.
    /// Sections other than certificates (a private key) are skipped. A PEM text with no
    /// certificate, broken PEM, or a certificate that does not parse makes
    /// [`build`](Self::build) fail with [`Error::Config`], which names the call, never the
    /// bytes. Needs the `rustls` feature (on by default).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::builder("https://medusa.internal:9000")
    ///     .root_certificates_pem(std::fs::read("internal-ca.pem")?)
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// ```
    /// let err = medusa_blocking::v1::Medusa::builder("https://medusa.internal:9000")
    ///     .root_certificates_pem("not a certificate")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(matches!(err, medusa_blocking::Error::Config(_)), "{err}");
    /// ```
    #[cfg(feature = "rustls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rustls")))]
    pub fn root_certificates_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_pems.push(pem.as_ref().to_vec());
        self
    }

    /// Verify servers with the operating system's trust store (through
    /// `rustls-platform-verifier`: the system's certificate files on Linux, where
    /// `SSL_CERT_FILE` and `SSL_CERT_DIR` are honoured; Keychain on macOS; the Windows store)
    /// instead of the bundled webpki roots, e.g. where a company CA is installed in the system.
    /// Cannot be combined with [`root_certificates_pem`](Self::root_certificates_pem):
    /// [`build`](Self::build) fails if both are set. Needs the `platform-roots` feature (off by
    /// default; README "Features" says what it costs).
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::builder("https://shop.example")
    ///     .platform_roots()
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    #[cfg(feature = "platform-roots")]
    #[cfg_attr(docsrs, doc(cfg(feature = "platform-roots")))]
    pub fn platform_roots(mut self) -> Self {
        self.platform_roots = true;
        self
    }

    /// Send every call through this proxy: `http://host:port`, `https://host:port` (TLS to
    /// the proxy too; needs the `rustls` feature), with `user:password@` for Basic proxy
    /// authentication (percent-encode `@`, `:` and `/` in them); no scheme means `http://`.
    ///
    /// The proxy is asked to open a tunnel (`CONNECT host:port`) for every call, `http://`
    /// base URLs included: through it, an `https://` backend's traffic stays encrypted end to
    /// end, while a plain `http://` backend's requests, cookies and tokens are readable by the
    /// proxy. The proxy's credentials never appear in `Debug`, errors or logs. A bad proxy URL
    /// makes [`build`](Self::build) fail with [`Error::Config`]; SOCKS is not supported.
    ///
    /// Without this call a client connects directly, whatever `HTTP_PROXY`, `HTTPS_PROXY` or
    /// `ALL_PROXY` say ([`proxy_from_env`](Self::proxy_from_env) reads them).
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::builder("https://shop.example")
    ///     .proxy("http://proxy.corp.example:3128")
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl AsRef<str>) -> Self {
        self.proxy = ProxyChoice::Url(url.as_ref().to_string());
        self
    }

    /// Use the proxy the environment names, read at [`build`](Self::build): for an `https://`
    /// base URL `https_proxy`, `HTTPS_PROXY`, `all_proxy`, `ALL_PROXY`; for `http://`
    /// `http_proxy`, `all_proxy`, `ALL_PROXY` (the first set and not empty wins; `HTTP_PROXY`
    /// in capitals is ignored, as curl does, because a CGI server puts a request's `Proxy:`
    /// header there). `no_proxy`/`NO_PROXY` is honoured: a comma-separated list of `*`, host
    /// names (matching that host and every host under it; a leading `.` or `*.` changes
    /// nothing; names are not resolved, so `localhost` does not cover `127.0.0.1`), IP
    /// addresses and CIDR ranges (`10.0.0.0/8`), each optionally with `:port`. A client only
    /// talks to its base URL's host, so the decision is made once, at `build()`. A proxy URL
    /// that does not parse is an [`Error::Config`] naming the variable.
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .proxy_from_env()
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn proxy_from_env(mut self) -> Self {
        self.proxy = ProxyChoice::Env;
        self
    }

    /// Connect directly, through no proxy, whatever the environment says: the default, and
    /// how to undo [`proxy`](Self::proxy) or [`proxy_from_env`](Self::proxy_from_env).
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .no_proxy()
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Direct;
        self
    }

    /// Makes [`build`](Self::build) fail with [`Error::Config`]`(message)` (the first one
    /// kept): a wing's builder call refusing its input (an empty credential) without failing
    /// where it is called. The message must quote no secret.
    pub(crate) fn refuse(mut self, message: String) -> Self {
        self.refused.get_or_insert(message);
        self
    }

    /// The TLS settings of ureq: the bundled webpki roots, the PEM roots alone, or the
    /// platform's verifier.
    #[cfg(feature = "rustls")]
    fn tls_config(&self) -> Result<ureq::tls::TlsConfig> {
        use ureq::tls::{RootCerts, TlsConfig};
        #[cfg(feature = "platform-roots")]
        if self.platform_roots {
            if !self.root_pems.is_empty() {
                return Err(Error::Config(
                    "platform_roots() and root_certificates_pem() cannot be combined: install \
                     the CA in the system's trust store, or trust it alone with \
                     root_certificates_pem()"
                        .into(),
                ));
            }
            return Ok(TlsConfig::builder()
                .root_certs(RootCerts::PlatformVerifier)
                .build());
        }
        if self.root_pems.is_empty() {
            return Ok(TlsConfig::builder().root_certs(RootCerts::WebPki).build());
        }
        let certs = network::root_certificates(&self.root_pems)?;
        Ok(TlsConfig::builder()
            .root_certs(RootCerts::from(certs))
            .build())
    }

    /// Builds the client. Fails with [`Error::Config`] on a base URL that is not
    /// `http`/`https`, has a query or fragment or carries credentials (the message never
    /// quotes them), on `https` in a build without the `rustls` feature, on bad root
    /// certificates or a bad proxy URL, on a bad header, and with [`Error::SessionFile`] on an
    /// unreadable session file.
    ///
    /// ```
    /// let err = medusa_blocking::v1::Medusa::builder("http://localhost:9000?x=1").build();
    /// assert!(err.is_err());
    /// ```
    pub fn build(self) -> Result<Client<A>> {
        if let Some(message) = self.refused {
            return Err(Error::Config(message));
        }
        let base = normalize_base_url(&self.base_url)?;
        #[cfg(not(feature = "rustls"))]
        if base.starts_with("https:") {
            return Err(Error::Config(
                "the base URL is https://, but this build has no TLS: enable the `rustls` \
                 feature of medusa-blocking (on by default), or use http://"
                    .into(),
            ));
        }
        #[cfg(feature = "rustls")]
        let tls = self.tls_config()?;
        let proxy = network::proxy(&self.proxy, &base)?;

        let mut headers = HeaderMap::new();
        headers.insert(
            ureq::http::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        if A::REQUIRES_PUBLISHABLE_KEY && self.publishable_api_key.is_none() {
            return Err(Error::Config(format!(
                "a Medusa {} client needs a publishable API key: every /store call is refused \
                 without one (set it with publishable_api_key(\"pk_…\"))",
                A::NAME
            )));
        }
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
            Some(path) => crate::core::session::file::load(path, A::NAME, &base)?,
            None => (None, None),
        };
        let store = match (self.cookie_store, loaded_store) {
            (Some(shared), Some(loaded)) => {
                // Merge: the saved cookies win over same-named ones already in the store, by the
                // rules of a response (host-only for the base URL, as the file's were made on
                // load, and within the jar's bound: a full shared jar takes no new cookie).
                let url = url::Url::parse(&base)
                    .map_err(|e| Error::Config(format!("invalid base URL: {e}")))?;
                let mut guard = shared.store();
                for cookie in loaded.iter_unexpired() {
                    let _ = admit(&mut guard, cookie.clone(), &url);
                }
                drop(guard);
                shared
            }
            (Some(shared), None) => shared,
            (None, Some(loaded)) => CookieJar::from_store(loaded),
            (None, None) => CookieJar::default(),
        };
        let bearer = match self.bearer.or(loaded_token) {
            Some(token) => Some(Bearer::new(token).map_err(|_| {
                Error::Config("the bearer token has characters not allowed in a header".into())
            })?),
            None => None,
        };

        let agent_config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(self.user_agent.as_str())
            .timeout_global(Some(self.timeout))
            .timeout_connect(self.connect_timeout)
            // Node's keep-alive timeout is 5 s: never reuse a connection the server may be closing.
            .max_idle_age(Duration::from_secs(4))
            // Explicit, never ureq's default (the environment's proxy, silently).
            .proxy(proxy);
        #[cfg(feature = "rustls")]
        let agent_config = agent_config.tls_config(tls);
        let agent = crate::core::resolve::agent(agent_config.build());

        let config = Config::new(
            base,
            headers,
            self.retry,
            self.timeout,
            self.body_limit,
            self.sleeper.unwrap_or_else(|| Arc::new(std::thread::sleep)),
            self.jitter
                .unwrap_or_else(|| Arc::new(crate::core::rand::random_unit)),
        );
        let session = Session::new(store, bearer);
        Ok(Client::new_with(
            Transport::new(config, session, agent),
            <A as crate::core::api::sealed::Sealed>::layer(),
        ))
    }
}

/// Checks a base URL and drops its trailing slashes.
fn normalize_base_url(raw: &str) -> Result<String> {
    // Shown with any user-info hidden: a URL the base URL check refuses may hold a password.
    let shown = redact_url(raw.trim());
    let url = url::Url::parse(raw.trim())
        .map_err(|e| Error::Config(format!("invalid base URL {shown:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::Config(format!(
            "base URL must be http or https, not {:?}",
            url.scheme()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::Config(format!(
            "base URL {shown:?} must not carry credentials (user:password@): a Medusa backend \
             takes a publishable key, a token or a session instead"
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Error::Config(format!("base URL {shown:?} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::Config(format!(
            "base URL {shown:?} must not have a query or fragment"
        )));
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

    #[cfg(feature = "rustls")]
    #[test]
    fn pem_roots_replace_the_bundled_roots() {
        use ureq::tls::RootCerts;
        let pem = |name: &str| {
            rcgen::generate_simple_self_signed(vec![name.to_string()])
                .unwrap()
                .cert
                .pem()
        };
        let builder = Client::<crate::core::api::Plain>::builder("https://h");
        let tls = builder.tls_config().unwrap();
        assert!(matches!(tls.root_certs(), RootCerts::WebPki), "default");

        // Two roots given: exactly those two are trusted, the webpki roots are not added.
        let builder = builder
            .root_certificates_pem(pem("a"))
            .root_certificates_pem(pem("b"));
        let tls = builder.tls_config().unwrap();
        let RootCerts::Specific(certs) = tls.root_certs() else {
            panic!("{:?}", tls.root_certs());
        };
        assert_eq!(certs.len(), 2);

        #[cfg(feature = "platform-roots")]
        {
            let tls = Client::<crate::core::api::Plain>::builder("https://h")
                .platform_roots()
                .tls_config()
                .unwrap();
            assert!(matches!(tls.root_certs(), RootCerts::PlatformVerifier));
            let err = builder.platform_roots().tls_config().unwrap_err();
            assert!(matches!(err, Error::Config(_)), "{err}");
        }
    }

    #[test]
    fn debug_hides_secrets() {
        let b = Client::<crate::core::api::Plain>::builder("http://h")
            .publishable_api_key("pk_SECRET")
            .bearer_token("TOKEN_SECRET")
            .header("authorization", "Basic SECRET")
            .proxy("http://user:SECRET@proxy.example:3128");
        let s = format!("{b:?}");
        assert!(s.contains("***@proxy.example:3128"), "{s}");
        assert!(!s.contains("SECRET"), "{s}");
        let m = b.build().unwrap();
        let s = format!("{m:?}");
        assert!(!s.contains("SECRET"), "{s}");
    }
}
