//! The escape hatch in full: any method and path, a query encoded by the crate's encoder,
//! per-call headers, a JSON body, and a JSON, text or empty answer, with the client's session,
//! retries and error mapping.

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Method;

use crate::core::error::{Error, Result};
use crate::core::query::Query;
use crate::core::request::{Handle, to_json};

/// A call to any Store path, from [`Client::request`](crate::Client::request).
///
/// ```no_run
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
/// // A plain-text answer (Medusa 1.x answers `OK`):
/// let ok: String = medusa
///     .request("POST", "/store/orders/customer/confirm")
///     .json(&serde_json::json!({ "token": "…" }))
///     .text()?;
/// // JSON, with a query and a header of its own:
/// let regions: serde_json::Value = medusa
///     .request("GET", "/store/regions")
///     .query("limit", "5")
///     .header("x-request-id", "42")
///     .send()?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[must_use = "a request does nothing until it is sent"]
pub struct UntypedRequest {
    h: Handle,
    method: String,
    path: String,
    query: Query,
    body: Option<Result<Vec<u8>>>,
}

impl std::fmt::Debug for UntypedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The query and body may hold secrets: only the method and path are shown.
        f.debug_struct("UntypedRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl UntypedRequest {
    pub(crate) fn new(h: Handle, method: &str, path: &str) -> UntypedRequest {
        UntypedRequest {
            h,
            method: method.to_string(),
            path: path.to_string(),
            query: Query::new(),
            body: None,
        }
    }

    /// Adds `key=value` to the query string (percent-encoded; repeat for more pairs).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/products").query("q", "t-shirt").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn query(mut self, key: &str, value: &str) -> Self {
        self.query.pair(key, value);
        self
    }

    /// Adds `key[0]=a&key[1]=b`, the array form Medusa's query parser reads.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let v: serde_json::Value =
    ///     medusa.request("GET", "/store/products").query_list("id", &["prod_1", "prod_2"]).send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn query_list<S: AsRef<str>>(mut self, key: &str, values: &[S]) -> Self {
        self.query.list(key, values);
        self
    }

    /// Adds a header to this call; it overrides the client's header of the same name.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/regions").header("x-tenant", "eu").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.h = self.h.with_header(name, value);
        self
    }

    /// Sends `body` as JSON.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let cart: serde_json::Value = medusa
    ///     .request("POST", "/store/carts")
    ///     .json(&serde_json::json!({ "region_id": "reg_01..." }))
    ///     .send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = Some(to_json(body));
        self
    }

    /// Sends the call and decodes the JSON answer into `T`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let v: serde_json::Value = medusa.request("GET", "/store/regions").send()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn send<T: DeserializeOwned>(self) -> Result<T> {
        let reply = self.reply()?;
        crate::core::decode::json(reply.status, &reply.body)
    }

    /// Sends the call and returns the answer as text (Medusa's `OK`, `Created`; empty for 204).
    /// A body that is not UTF-8 is a decode error.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
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
    /// # let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// medusa.request("POST", "/store/customers/password-token")
    ///     .json(&serde_json::json!({ "email": "jane@example.com" }))
    ///     .empty()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn empty(self) -> Result<()> {
        self.reply().map(|_| ())
    }

    fn reply(self) -> Result<crate::core::response::Reply> {
        let method = Method::from_bytes(self.method.trim().to_ascii_uppercase().as_bytes())
            .map_err(|_| Error::InvalidInput(format!("invalid HTTP method {:?}", self.method)))?;
        let body = self.body.transpose()?;
        self.h
            .request_with(method, self.path, body)
            .query(self.query.finish())
            .untyped()
            .send()
    }
}
