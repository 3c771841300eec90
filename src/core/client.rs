//! The client: settings, session and transport shared by every clone, and the escape hatch for
//! paths the crate does not type. Generic over the API it speaks ([`Api`]); each API's wing adds
//! its resource handles (`customers()`, `auth()`) in its own `impl`.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::core::api::Api;
use crate::core::error::Result;
use crate::core::request::{Handle, Layer, Request};
use crate::core::secret::AccessToken;
use crate::core::session::CookieJar;
use crate::core::transport::Transport;

/// A Medusa client for the API `A`: `v2::Medusa` is `Client<v2::V2>`, `v1::Medusa` is
/// `Client<v1::V1>`.
///
/// Cheap to clone: clones share the connection pool, the cookie session and the bearer token, and
/// the client is `Send + Sync`, so a batch job can log in once and fan out over threads.
///
/// ```no_run
/// use medusa_blocking::v2::Medusa;
///
/// let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
/// medusa.auth().login("jane@example.com", "supersecret")?;
/// let me = medusa.customers().retrieve()?;
/// println!("{} {:?}", me.email, me.first_name);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub struct Client<A: Api> {
    inner: Arc<Transport>,
    layer: Arc<dyn Layer>,
    api: PhantomData<fn() -> A>,
}

impl<A: Api> Clone for Client<A> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
            layer: Arc::clone(&self.layer),
            api: PhantomData,
        }
    }
}

impl<A: Api> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Medusa")
            .field("api", &A::NAME)
            .field("base_url", &self.base_url())
            .field("max_retries", &self.inner.config().retry().max_retries)
            .field("timeout", &self.inner.config().timeout())
            .field(
                "logged_in_with_token",
                &self.inner.session().bearer_header().is_some(),
            )
            .field(
                "token_expires_at",
                &self.inner.session().bearer_expiry().map(|(exp, _)| exp),
            )
            .finish_non_exhaustive()
    }
}

impl<A: Api> Client<A> {
    pub(crate) fn new_with(transport: Transport, layer: Arc<dyn Layer>) -> Client<A> {
        Client {
            inner: Arc::new(transport),
            layer,
            api: PhantomData,
        }
    }

    /// A handle for a resource's calls.
    pub(crate) fn handle(&self) -> Handle {
        Handle::new(Arc::clone(&self.inner), Arc::clone(&self.layer))
    }

    /// The base URL, without a trailing slash.
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::new("http://127.0.0.1:9000")?;
    /// assert_eq!(medusa.base_url(), "http://127.0.0.1:9000");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn base_url(&self) -> &str {
        self.inner.config().base()
    }

    /// The longest a call of this client can take, retries and waits included:
    /// `(max_retries + 1) × timeout + max_retries × max(max retry delay, retry_after_max)`,
    /// and for a v2 client one `timeout` more: the token refresh a call may make (or wait for)
    /// before it is sent, one attempt bounded by the timeout (README, "Sessions").
    ///
    /// ```
    /// use std::time::Duration;
    /// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .max_retries(2)
    ///     .timeout(Duration::from_secs(10))
    ///     .retry_delays(Duration::from_millis(500), Duration::from_secs(5))
    ///     .retry_after_max(Duration::from_secs(20))
    ///     .build()?;
    /// assert_eq!(medusa.max_call_duration(), Duration::from_secs(3 * 10 + 2 * 20));
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn max_call_duration(&self) -> Duration {
        self.handle().max_call_duration()
    }

    /// The cookie store this client (and its clones) use. Hand it to another builder with
    /// [`ClientBuilder::cookie_store`](crate::ClientBuilder::cookie_store) to share the session.
    ///
    /// ```
    /// let a = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let b = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .cookie_store(a.cookie_store())
    ///     .build()?;
    /// # let _ = b;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookie_store(&self) -> CookieJar {
        self.inner.session().cookie_jar()
    }

    /// The bearer token this client sends, if any (see `auth().get_token`).
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
    ///     .bearer_token("eyJhbGciOi...")
    ///     .build()?;
    /// assert!(medusa.bearer_token().is_some());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn bearer_token(&self) -> Option<AccessToken> {
        self.inner.session().bearer_token()
    }

    /// Sends `Authorization: Bearer <token>` on every later call of this client and its clones
    /// (`None` stops sending it).
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// medusa.set_bearer_token(Some("eyJhbGciOi...".into()))?;
    /// medusa.set_bearer_token(None)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn set_bearer_token(&self, token: Option<AccessToken>) -> Result<()> {
        match token {
            Some(token) => self.inner.session().set_token(token),
            None => {
                self.inner.session().set_bearer(None);
                Ok(())
            }
        }
    }

    /// Forgets the local session: the bearer token and every cookie of the client's host,
    /// whatever its path. Another host's cookies in a shared jar stay (cookies do not tell ports
    /// apart: two backends on one host share theirs); empty the whole jar with
    /// [`CookieJar::clear`]. Call `auth().delete_session()` to end the session on the server too.
    ///
    /// ```
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let jar = medusa.cookie_store();
    /// jar.insert("connect.sid=x; Path=/store", "http://localhost:9000/store/auth")?;
    /// jar.insert("theme=dark; Path=/", "http://other.example/")?;
    /// medusa.clear_session();
    /// assert_eq!(jar.cookies()[0].domain(), "other.example");
    /// assert_eq!(jar.len(), 1);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn clear_session(&self) {
        self.inner.session().clear(self.base_url());
    }

    /// Saves the session (every unexpired cookie of the client's host, session cookies
    /// included, and the bearer token) to `path`, so that a later run can start from it with
    /// [`ClientBuilder::load_session`](crate::ClientBuilder::load_session). The cookies of other
    /// hosts in a shared jar are not saved: the file is for this base URL alone.
    ///
    /// The file is written to a temporary file in the same folder with mode 0600, then renamed
    /// over `path`: a reader never sees half a file, and a failed write leaves the old one intact.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// medusa.auth().authenticate("jane@example.com", "secret")?;
    /// medusa.save_session("medusa-session.json")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn save_session(&self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let token = self.bearer_token();
        let bytes = {
            let store = self.inner.session().lock_cookies();
            crate::core::session::file::to_bytes(&store, token.as_ref(), A::NAME, self.base_url())?
        };
        crate::core::session::file::write_atomically(path.as_ref(), &bytes)
    }

    /// GET any path this crate does not type yet, with the same session, headers, retries and
    /// error mapping. `path` starts with `/` and may carry a query string; `T` is any
    /// `DeserializeOwned` (`serde_json::Value` works). Short for
    /// `request("GET", path).send()`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let regions: serde_json::Value = medusa.get("/store/regions?limit=5")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.request("GET", path).send()
    }

    /// POST a JSON body to any path (see [`Client::get`]).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart: serde_json::Value =
    ///     medusa.post("/store/carts", &serde_json::json!({ "region_id": "reg_01..." }))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn post<T: DeserializeOwned, B: Serialize + ?Sized>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T> {
        self.request("POST", path).json(body).send()
    }

    /// A call to any path with any method, a query, headers of its own, and a JSON, text, page
    /// or empty answer: the same [`Request`] the typed calls are made of. `method` is `GET`,
    /// `POST`, `PUT`, `PATCH`, `DELETE`…; `path` starts with `/`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let ok = medusa.request("POST", "/store/orders/customer/confirm")
    ///     .json(&serde_json::json!({ "token": "…" }))
    ///     .text()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn request(&self, method: &str, path: &str) -> Request {
        Request::untyped(self.handle(), method, path)
    }

    /// DELETE any path (see [`Client::get`]).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart: serde_json::Value =
    ///     medusa.delete("/store/carts/cart_01.../line-items/item_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.request("DELETE", path).send()
    }
}
