//! The one door every call goes through: a resource handle makes a [`Request`] (method, path,
//! query, body, its headers, who the call is made as), and the request's `send` turns the
//! response into the value the call returns.
//!
//! A resource operation therefore reads as one line of *what*:
//! `self.h.post("/store/customers", body).member("customer")`.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use ureq::http::Method;

use crate::core::error::{Error, Result};
use crate::core::headers::HandleHeaders;
use crate::core::page::{self, Page};
use crate::core::response::Reply;
use crate::core::transport::{Call, CallAuth, Transport};

/// What every resource handle holds: the client's transport (shared by all clones) and the
/// handle's own headers (medusa-js's per-call `customHeaders`), which override the client's.
#[derive(Clone)]
pub(crate) struct Handle {
    transport: Arc<Transport>,
    headers: HandleHeaders,
}

impl fmt::Debug for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Handle")
            .field("base_url", &self.transport.base)
            .field("headers", &self.headers)
            .finish()
    }
}

impl Handle {
    pub(crate) fn new(transport: Arc<Transport>) -> Handle {
        Handle {
            transport,
            headers: HandleHeaders::default(),
        }
    }

    /// Adds a header to this handle's calls. A bad one is kept as an error and returned by the
    /// next call, before anything is sent.
    pub(crate) fn with_header(mut self, name: &str, value: &str) -> Handle {
        self.headers.add(name, value);
        self
    }

    /// The client's transport (its session among other things).
    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }

    /// A GET of `path` (starts with `/`, segments already encoded with
    /// [`segment`](crate::core::query::segment)).
    pub(crate) fn get(&self, path: impl Into<String>) -> Request<'_> {
        self.request(Method::GET, path.into(), Ok(None))
    }

    /// A POST of `body` as JSON to `path`.
    pub(crate) fn post<B: Serialize + ?Sized>(
        &self,
        path: impl Into<String>,
        body: &B,
    ) -> Request<'_> {
        self.request(Method::POST, path.into(), to_json(body).map(Some))
    }

    /// A DELETE of `path`.
    pub(crate) fn delete(&self, path: impl Into<String>) -> Request<'_> {
        self.request(Method::DELETE, path.into(), Ok(None))
    }

    /// A call of any method, with a body already serialized (or none).
    pub(crate) fn request_with(
        &self,
        method: Method,
        path: String,
        body: Option<Vec<u8>>,
    ) -> Request<'_> {
        self.request(method, path, Ok(body))
    }

    fn request(&self, method: Method, path: String, body: Result<Option<Vec<u8>>>) -> Request<'_> {
        Request {
            handle: self,
            method,
            path,
            query: None,
            body,
            auth: CallAuth::Session,
            typed: true,
        }
    }
}

/// One call, ready to send.
#[must_use = "a request does nothing until it is sent"]
pub(crate) struct Request<'h> {
    handle: &'h Handle,
    method: Method,
    path: String,
    query: Option<String>,
    body: Result<Option<Vec<u8>>>,
    auth: CallAuth<'h>,
    /// A call of a wing's typed API, to a route its server version has (not the escape hatch).
    typed: bool,
}

impl<'h> Request<'h> {
    /// The encoded query string, without `?` (`None`: no query).
    pub(crate) fn query(mut self, query: Option<String>) -> Self {
        self.query = query;
        self
    }

    /// Who the call is made as, when not the session (a v2 registration or reset token).
    #[allow(dead_code)] // the v1 wing makes every call as the session
    pub(crate) fn auth(mut self, auth: CallAuth<'h>) -> Self {
        self.auth = auth;
        self
    }

    /// A call to a path of the caller's choosing (the escape hatch): a 404 is the server's.
    pub(crate) fn untyped(mut self) -> Self {
        self.typed = false;
        self
    }

    /// Sends the call; the 2xx reply.
    pub(crate) fn send(self) -> Result<Reply> {
        self.send_traced().0
    }

    /// Sends the call; the 2xx reply, and whether an attempt was retried after it got no
    /// response (the server may have acted on the call already: see
    /// [`Transport::send_traced`]).
    pub(crate) fn send_traced(self) -> (Result<Reply>, bool) {
        let headers = match self.handle.headers.check() {
            Ok(headers) => headers,
            Err(e) => return (Err(e), false),
        };
        let body = match self.body {
            Ok(body) => body,
            Err(e) => return (Err(e), false),
        };
        let transport = &self.handle.transport;
        let (outcome, lost) = transport.send_traced(Call {
            method: self.method.clone(),
            path: &self.path,
            query: self.query,
            body,
            headers,
            auth: self.auth,
        });
        let wrong_api = |status| Error::WrongApi {
            status,
            route: format!("{} {}", self.method, self.path),
            client_api: transport.api,
            server_api: if transport.api == "v1" { "v2" } else { "v1" },
        };
        let outcome = match outcome {
            Err(Error::Http {
                status: 404,
                content_type,
                body,
                ..
            }) if self.typed && is_missing_route(content_type.as_deref(), &body) => {
                Err(wrong_api(404))
            }
            // A v2 server checks the publishable key before the route: a v1 client without one
            // hears about the key, on a route the server does not even have.
            Err(Error::Api {
                status: 400, error, ..
            }) if self.typed
                && transport.api == "v1"
                && error.kind == "not_allowed"
                && error.message.starts_with("Publishable API key required") =>
            {
                Err(wrong_api(400))
            }
            other => other,
        };
        (outcome, lost)
    }

    /// Sends the call and ignores the body of its 2xx reply (`OK`, `Created`, 204…).
    pub(crate) fn empty(self) -> Result<()> {
        self.send().map(|_| ())
    }

    /// Sends the call and decodes the whole body.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<T> {
        let reply = self.send()?;
        crate::core::decode::json(reply.status, &reply.body)
    }

    /// Sends the call and decodes the member `key` of the body's object (`{"customer": …}`).
    pub(crate) fn member<T: DeserializeOwned>(self, key: &'static str) -> Result<T> {
        let reply = self.send()?;
        crate::core::decode::member(reply.status, &reply.body, key)
    }

    /// Sends the call and returns the string member `key` of the body, a secret (a token): no
    /// error quotes the body.
    pub(crate) fn secret(self, key: &'static str) -> Result<String> {
        let reply = self.send()?;
        crate::core::decode::secret_member(reply.status, &reply.body, key)
    }

    /// [`Request::member`], and whether an attempt was retried after it got no response.
    pub(crate) fn member_traced<T: DeserializeOwned>(self, key: &'static str) -> (Result<T>, bool) {
        let (reply, lost) = self.send_traced();
        let value =
            reply.and_then(|reply| crate::core::decode::member(reply.status, &reply.body, key));
        (value, lost)
    }

    /// Sends the call and decodes a list page whose items are under `key`.
    pub(crate) fn page<T: DeserializeOwned>(self, key: &'static str) -> Result<Page<T>> {
        let reply = self.send()?;
        page::decode(reply.status, &reply.body, key)
    }
}

/// Whether a 404 is Express's own "no such route" page (`<pre>Cannot POST /store/auth</pre>`),
/// which both Medusa versions send for a route they do not have.
fn is_missing_route(content_type: Option<&str>, body: &str) -> bool {
    content_type.is_some_and(|t| t.starts_with("text/html")) && body.contains("<pre>Cannot ")
}

/// Settles the outcome of a call that is not idempotent on the server (a registration, a
/// single-use token): when an attempt got no response and was retried, the server may have
/// acted on the first one, and the retry's error (a duplicate, a used token, another lost
/// response) may mean success. `check` finds out, with calls that are safe to repeat:
/// `Ok(Some(value))`, it had taken effect (the call returns `value`); `Ok(None)`, it had not (the
/// call returns its own error); `Err`, no way to know: [`Error::OutcomeUnknown`].
pub(crate) fn settle<T>(
    operation: &'static str,
    (result, lost): (Result<T>, bool),
    check: impl FnOnce() -> Result<Option<T>>,
) -> Result<T> {
    match result {
        Err(e) if lost && !matches!(e, Error::InvalidInput(_) | Error::Config(_)) => {
            match check() {
                Ok(Some(value)) => {
                    log::debug!("{operation}: a response was lost, and the call had taken effect");
                    Ok(value)
                }
                Ok(None) => Err(e),
                Err(check_error) => Err(Error::OutcomeUnknown {
                    operation,
                    error: Box::new(check_error),
                }),
            }
        }
        other => other,
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
