//! The one error type of this crate.
//!
//! Every failure a call can meet is an [`Error`]: Medusa's own JSON errors, HTTP errors whose body is
//! not Medusa JSON (Medusa's plain-text `Unauthorized`, a proxy's HTML page), transport failures,
//! timeouts, redirects, bodies that do not decode, bodies over the size limit, and mistakes caught
//! before any request is sent. Whenever a response arrived, [`Error::status`] gives its HTTP status.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call.
///
/// `Display` says what happened, with the HTTP status and the server's own message where there is one.
/// No variant ever holds a password, token, API key or cookie value.
///
/// ```
/// use medusa_blocking::Error;
///
/// fn explain(err: &Error) -> String {
///     match err {
///         Error::Api { status: 422, error, .. } if error.kind == "duplicate_error" => {
///             "that e-mail already has an account".to_string()
///         }
///         e if e.status() == Some(401) => "not logged in".to_string(),
///         e if e.is_retryable() => format!("temporary failure, try again: {e}"),
///         e => e.to_string(),
///     }
/// }
/// # let _ = explain;
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Medusa answered with its JSON error body `{type, code?, message}`.
    #[error("HTTP {status}: {error}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The server's `type`, `code` and `message`.
        error: ApiError,
        /// The delay the server asked for in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },

    /// The server (or something in front of it) answered with an error status and a body that is
    /// not Medusa's JSON error: Medusa's own 401s are the plain text `Unauthorized`, a malformed
    /// request gets an HTML page, a proxy may answer 502 with HTML.
    #[error("HTTP {status}{}", snippet_suffix(body))]
    Http {
        /// The HTTP status.
        status: u16,
        /// The `Content-Type` of the response, if it had one.
        content_type: Option<String>,
        /// The start of the body (at most a few hundred characters, white space folded).
        body: String,
        /// The delay the server asked for in `Retry-After`, if any.
        retry_after: Option<Duration>,
    },

    /// The server answered with a redirect. Redirects are never followed, so that cookies and
    /// bodies only go to the host you named.
    #[error("HTTP {status}: redirect to {} not followed", location.as_deref().unwrap_or("(no Location)"))]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, if any, with any secret in it (`#access_token=…`,
        /// `?token=…`, a JWT) replaced by `***`.
        location: Option<String>,
    },

    /// The call did not complete within the configured timeout.
    #[error("timed out ({phase}) after {elapsed:?}")]
    Timeout {
        /// Which part of the exchange was under way: connect, send, response, body…
        phase: String,
        /// Time spent in the attempt that timed out.
        elapsed: Duration,
    },

    /// No response: the connection was refused, reset or closed, the name did not resolve, TLS
    /// failed, or the body broke off.
    #[error("transport error: {source}")]
    Transport {
        /// The underlying error from the HTTP library.
        #[source]
        source: TransportError,
    },

    /// A successful response whose body did not decode into the expected type.
    #[error(
        "HTTP {status}: could not decode the response at `{path}`: {message}{}",
        snippet_suffix(body)
    )]
    Decode {
        /// The HTTP status (2xx).
        status: u16,
        /// Where in the JSON it failed, e.g. `customer.shipping_addresses[0].city`
        /// (`.` for the root).
        path: String,
        /// What serde said.
        message: String,
        /// The start of the body.
        body: String,
    },

    /// A call of this crate's typed API reached a server that has no such route: the server
    /// speaks another Medusa API version than the client (a Medusa v2 server answers a v1
    /// client's `POST /store/auth` with 404 `Cannot POST /store/auth`, or, without a publishable
    /// key, with 400 "Publishable API key required"; a v1 server answers v2 routes with 404).
    #[error(
        "HTTP {status}: the server has no route {route}; it looks like a Medusa {server_api} \
         server, and this is a {client_api} client (use medusa_blocking::{server_api}, or \
         medusa_blocking::detect)"
    )]
    WrongApi {
        /// The HTTP status (404, or 400 for v2's key check).
        status: u16,
        /// The route the client called, e.g. `POST /store/auth`.
        route: String,
        /// The API of the client: `v1` or `v2`.
        client_api: &'static str,
        /// The API the server looks like it speaks.
        server_api: &'static str,
    },

    /// The call may or may not have taken effect, and the client could not find out: a
    /// response was lost (reset, timeout) after the server may have acted on it, the retry
    /// failed in a way that could mean either, and checking (e.g. by logging in) failed too.
    /// Look before doing it again (e.g. try to log in).
    #[error(
        "the outcome of {operation} is unknown: an attempt got no response and the server may have acted on it ({error})"
    )]
    OutcomeUnknown {
        /// What was asked: `create customer`, `reset password`, …
        operation: &'static str,
        /// The last error met while trying to find out.
        error: Box<Error>,
    },

    /// The session's bearer token has run out and the server refused a call made with it
    /// (401): log in again. `Display` starts with `session expired: log in again`, words a script
    /// can match, and goes on with the server's; [`Error::status`] is the 401 and
    /// [`Error::api_error`] the server's error. Said by v1 and v2 clients alike, for a bearer
    /// token the client knows to have run out (its `exp`, counted from its `iat` as the README's
    /// "Sessions" says, or by the local clock corrected by the server's `Date`) and still held
    /// when the 401 came; a 401 while the token still looks good stays the server's 401.
    ///
    /// ```
    /// # use medusa_blocking::Error;
    /// fn must_log_in_again(e: &Error) -> bool {
    ///     matches!(e, Error::SessionExpired { .. })
    ///         || e.to_string().starts_with("session expired: log in again")
    /// }
    /// # let _ = must_log_in_again;
    /// ```
    #[error("session expired: log in again ({error})")]
    SessionExpired {
        /// The server's answer (a 401).
        error: Box<Error>,
    },

    /// The response body was larger than the configured limit; reading stopped there.
    #[error("HTTP {status}: response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit in bytes (see `MedusaBuilder::max_body_size`).
        limit: u64,
    },

    /// The server accepted the credentials but answered the log-in with a further step instead
    /// of a session: the client keeps no token and stays as it was. [`LoginStep`] says which
    /// step; the wing's call that returns the whole outcome gives what the step needs (a
    /// location to send the user to, an MFA challenge, a verification). Not retryable: the same
    /// log-in gets the same answer until the step is done.
    ///
    /// ```
    /// use medusa_blocking::{Error, LoginStep};
    /// fn needs_a_second_factor(e: &Error) -> bool {
    ///     matches!(e, Error::LoginIncomplete { step: LoginStep::SecondFactor })
    /// }
    /// # let _ = needs_a_second_factor;
    /// ```
    #[error("log-in not complete: {step}")]
    LoginIncomplete {
        /// What the server asks for before it makes a session.
        step: LoginStep,
    },

    /// A mistake caught before any request was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// The client could not be built: bad base URL, bad header, and the like.
    #[error("invalid configuration: {0}")]
    Config(String),

    /// A session file could not be read, parsed or written.
    #[error("session file {}: {reason}", path.display())]
    SessionFile {
        /// The file.
        path: PathBuf,
        /// What was wrong with it.
        reason: String,
        /// The I/O error behind it, if any.
        #[source]
        source: Option<std::io::Error>,
    },
}

fn snippet_suffix(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

/// The step a log-in still needs ([`Error::LoginIncomplete`]).
///
/// ```
/// use medusa_blocking::LoginStep;
/// assert_eq!(
///     LoginStep::SecondFactor.to_string(),
///     "a second factor is required (mfa_required)"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoginStep {
    /// The provider is a third party (OAuth): the server answered with a location to send the
    /// user to, and the log-in ends with the provider's callback.
    Redirect,
    /// The identity (its e-mail) must be verified first (`verification_required`).
    Verification,
    /// A second factor is required (`mfa_required`): an MFA challenge to answer.
    SecondFactor,
    /// The credentials are good, but the identity has no account of the kind logged in as: the
    /// token the server gave names no actor (`actor_id` empty). A customer's credentials at the
    /// admin log-in, or an identity whose customer was never created.
    NoActor,
}

impl fmt::Display for LoginStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LoginStep::Redirect => "the provider redirects the user to a third party (location)",
            LoginStep::Verification => {
                "the identity must be verified first (verification_required)"
            }
            LoginStep::SecondFactor => "a second factor is required (mfa_required)",
            LoginStep::NoActor => {
                "the identity has no account of this kind (the token names no actor)"
            }
        })
    }
}

/// Medusa's JSON error body: `{"type": "...", "code": "...", "message": "..."}`.
///
/// ```
/// # use medusa_blocking::ApiError;
/// let e: ApiError = serde_json::from_str(
///     r#"{"code":"invalid_request_error","type":"duplicate_error","message":"A customer with the given email already has an account. Log in instead"}"#,
/// ).unwrap();
/// assert_eq!(e.kind, "duplicate_error");
/// assert_eq!(e.code.as_deref(), Some("invalid_request_error"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct ApiError {
    /// Medusa's `type`: `invalid_data`, `duplicate_error`, `not_found`, `unauthorized`,
    /// `not_allowed`, `conflict`, `unknown_error`, `database_error`, … (kept as sent). Medusa
    /// v2's auth middleware sends no type with its 401 (`{"message":"Unauthorized"}`): then it
    /// is `unauthorized` (and `forbidden`, `not_found` for 403, 404; empty otherwise).
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Medusa's `code`, usually absent (`invalid_request_error`, `invalid_state_error`, …).
    #[serde(default)]
    pub code: Option<String>,
    /// The server's message, e.g. `email must be an email`. In an [`Error::Api`] of this crate,
    /// any secret the server echoed in it (a JWT, the value after `Bearer ` or `token=`, a
    /// `"password": "…"` member) is replaced by `***`; the rest is kept as sent (so are `type`
    /// and `code`).
    pub message: String,
}

impl ApiError {
    /// Medusa's `type` as an enum; a type this version does not know is kept in
    /// [`ErrorType::Unknown`].
    ///
    /// ```
    /// # use medusa_blocking::{ApiError, ErrorType};
    /// let e: ApiError =
    ///     serde_json::from_str(r#"{"type":"not_found","message":"Address was not found"}"#).unwrap();
    /// assert_eq!(e.error_type(), ErrorType::NotFound);
    /// ```
    pub fn error_type(&self) -> ErrorType {
        ErrorType::from(self.kind.as_str())
    }
}

wire_enum! {
    /// Medusa's error `type` ([`ApiError::error_type`]), as the server's `MedusaError.Types` and
    /// its error handler name them.
    ///
    /// ```
    /// use medusa_blocking::ErrorType;
    /// assert_eq!(ErrorType::from("duplicate_error"), ErrorType::DuplicateError);
    /// assert_eq!(ErrorType::from("brand_new").as_str(), "brand_new");
    /// ```
    pub enum ErrorType {
        /// The request's data was refused (validation).
        InvalidData = "invalid_data",
        /// The thing exists already (e.g. a customer with that e-mail).
        DuplicateError = "duplicate_error",
        /// An argument was refused.
        InvalidArgument = "invalid_argument",
        /// Not logged in, or wrong credentials.
        Unauthorized = "unauthorized",
        /// Logged in but not allowed.
        Forbidden = "forbidden",
        /// No such thing.
        NotFound = "not_found",
        /// Not allowed in this state, or without a publishable key (v2).
        NotAllowed = "not_allowed",
        /// The server is in an unexpected state.
        UnexpectedState = "unexpected_state",
        /// A concurrent change got there first.
        Conflict = "conflict",
        /// A payment could not be authorized.
        PaymentAuthorizationError = "payment_authorization_error",
        /// A payment needs more steps.
        PaymentRequiresMoreError = "payment_requires_more_error",
        /// A database error.
        DatabaseError = "database_error",
        /// Anything else the server did not expect (Medusa's 500).
        UnknownError = "unknown_error",
    }
}

/// The transport failure behind an [`Error::Transport`]: no (complete) response. Its `Display`
/// says what happened (refused, reset, TLS, name not resolved); the HTTP library's own error type
/// is not part of this crate's API.
///
/// ```no_run
/// let medusa = medusa_blocking::v1::Medusa::new("http://127.0.0.1:1")?;
/// match medusa.customers().retrieve() {
///     Err(medusa_blocking::Error::Transport { source }) => {
///         println!("no response: {source} (worth retrying: {})", source.is_transient())
///     }
///     other => println!("{other:?}"),
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub struct TransportError(ureq::Error);

impl TransportError {
    pub(crate) fn new(e: ureq::Error) -> TransportError {
        TransportError(e)
    }

    /// Whether it may go away on a new attempt: a network or peer failure (refused, reset,
    /// closed, timed out, name not resolved, broken off). Configuration mistakes, TLS failures
    /// (an untrusted or misnamed certificate: `Display` starts with `TLS:`) and over-large
    /// headers are not.
    ///
    /// ```
    /// fn worth_a_retry(e: &medusa_blocking::TransportError) -> bool {
    ///     e.is_transient()
    /// }
    /// # let _ = worth_a_retry;
    /// ```
    pub fn is_transient(&self) -> bool {
        is_transient(&self.0)
    }

    /// The kind of the I/O error behind it, when it is one (`ConnectionReset`,
    /// `ConnectionRefused`, `UnexpectedEof`, …).
    ///
    /// ```
    /// fn was_reset(e: &medusa_blocking::TransportError) -> bool {
    ///     e.io_kind() == Some(std::io::ErrorKind::ConnectionReset)
    /// }
    /// # let _ = was_reset;
    /// ```
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match &self.0 {
            ureq::Error::Io(e) => Some(e.kind()),
            _ => None,
        }
    }
}

/// See [`TransportError::is_transient`]. A TLS failure is never transient, although rustls
/// hands a failed handshake (an unknown issuer, a wrong name) back to ureq inside an I/O error.
pub(crate) fn is_transient(e: &ureq::Error) -> bool {
    !is_tls(e)
        && matches!(
            e,
            ureq::Error::Timeout(_)
                | ureq::Error::Io(_)
                | ureq::Error::HostNotFound
                | ureq::Error::ConnectionFailed
                | ureq::Error::Protocol(_)
                | ureq::Error::BodyStalled
        )
}

/// Whether `e` is a TLS failure: ureq's own (`Error::Tls`), rustls's, or rustls's inside an I/O
/// error (how a failed handshake arrives).
pub(crate) fn is_tls(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Tls(_) => true,
        #[cfg(feature = "rustls")]
        ureq::Error::Rustls(_) => true,
        #[cfg(feature = "rustls")]
        ureq::Error::Io(io) => io
            .get_ref()
            .is_some_and(|inner| inner.is::<rustls::Error>()),
        _ => false,
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            // "TLS: invalid peer certificate: UnknownIssuer", not ureq's "io: …".
            #[cfg(feature = "rustls")]
            ureq::Error::Rustls(e) => write!(f, "TLS: {e}"),
            #[cfg(feature = "rustls")]
            ureq::Error::Io(io) if is_tls(&self.0) => match io.get_ref() {
                Some(inner) => write!(f, "TLS: {inner}"),
                None => write!(f, "TLS: {io}"),
            },
            ureq::Error::Tls(e) => write!(f, "TLS: {e}"),
            // ureq's words may quote what the server sent (a header, a status line).
            e => f.write_str(&crate::core::redact::redact(&e.to_string())),
        }
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::core::redact::redact(&format!("{:?}", self.0)))
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}", self.message, self.kind)?;
        if let Some(code) = &self.code {
            write!(f, ", {code}")?;
        }
        f.write_str(")")
    }
}

impl Error {
    /// The HTTP status of the response, whenever one arrived (a redirect's 3xx included). A
    /// response whose body broke off (reset, closed early, timed out) counts as no response: it
    /// is a [`Error::Transport`] or [`Error::Timeout`] without a status, retried like one.
    ///
    /// ```
    /// # use medusa_blocking::Error;
    /// let e = Error::InvalidInput("email is empty".into());
    /// assert_eq!(e.status(), None);
    /// ```
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::Http { status, .. }
            | Error::Redirect { status, .. }
            | Error::Decode { status, .. }
            | Error::WrongApi { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::SessionExpired { error } => error.status(),
            _ => None,
        }
    }

    /// Whether this is Express's own "no such route" page (`<pre>Cannot POST /store/auth</pre>`,
    /// HTML, 404), which Medusa 1.x and 2.x alike send for a route they do not have.
    pub(crate) fn is_missing_route(&self) -> bool {
        matches!(
            self,
            Error::Http { status: 404, content_type, body, .. }
                if content_type.as_deref().is_some_and(|t| t.starts_with("text/html"))
                    && body.contains("<pre>Cannot ")
        )
    }

    /// Whether trying the same call again later may succeed: no response (a network transport
    /// error or a timeout), 409, 429 and 501–599. Never 500 (Medusa answers 500 for every non-Medusa error)
    /// and never another 4xx.
    ///
    /// ```
    /// # use medusa_blocking::Error;
    /// let e = Error::Http { status: 503, content_type: None, body: String::new(), retry_after: None };
    /// assert!(e.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport { source } => source.is_transient(),
            Error::Api { status, .. } | Error::Http { status, .. } => {
                crate::core::retry::is_retryable_status(*status)
            }
            _ => false,
        }
    }

    /// The delay the server asked for with `Retry-After` (seconds or an HTTP date), if any.
    ///
    /// ```
    /// # use medusa_blocking::Error;
    /// # use std::time::Duration;
    /// let e = Error::Http {
    ///     status: 429,
    ///     content_type: None,
    ///     body: String::new(),
    ///     retry_after: Some(Duration::from_secs(120)),
    /// };
    /// assert_eq!(e.retry_after(), Some(Duration::from_secs(120)));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api { retry_after, .. } | Error::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The server's JSON error (`type`, `code`, `message`) when Medusa sent one.
    ///
    /// ```
    /// # use medusa_blocking::Error;
    /// let e = Error::InvalidInput("password is empty".into());
    /// assert!(e.api_error().is_none());
    /// ```
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api { error, .. } => Some(error),
            Error::SessionExpired { error } => error.api_error(),
            _ => None,
        }
    }
}

/// Folds white space and keeps at most `max` characters of a body, secrets redacted, for error
/// messages.
pub(crate) fn snippet(body: &[u8], max: usize) -> String {
    // Enough of the body for `max` characters after redaction and folding, without copying a
    // large body whole.
    let head = &body[..body.len().min(max.saturating_mul(16).max(4096))];
    let lossy = String::from_utf8_lossy(head);
    let text = crate::core::redact::redact(&lossy);
    let mut out = String::with_capacity(max.min(text.len()));
    let mut count = 0;
    let mut last_space = true;
    for c in text.chars() {
        if count >= max {
            out.push('…');
            break;
        }
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                count += 1;
            }
            last_space = true;
        } else if c.is_control() {
            out.push('\u{fffd}');
            count += 1;
            last_space = false;
        } else {
            out.push(c);
            count += 1;
            last_space = false;
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_folds_whitespace_and_truncates() {
        assert_eq!(snippet(b"  a \n\n b  ", 100), "a b");
        assert_eq!(snippet(b"abcdef", 3), "abc…");
        assert_eq!(snippet(&[0xff, b'a'], 10), "\u{fffd}a");
        assert_eq!(snippet(b"", 10), "");
    }

    #[test]
    fn display_names_status_and_server_message() {
        let e = Error::Api {
            status: 400,
            error: ApiError {
                kind: "invalid_data".into(),
                code: None,
                message: "email must be an email".into(),
            },
            retry_after: None,
        };
        assert_eq!(
            e.to_string(),
            "HTTP 400: email must be an email (invalid_data)"
        );
        let e = Error::Http {
            status: 401,
            content_type: None,
            body: "Unauthorized".into(),
            retry_after: None,
        };
        assert_eq!(e.to_string(), "HTTP 401: Unauthorized");
        assert_eq!(e.status(), Some(401));
        assert!(!e.is_retryable());
    }

    #[test]
    fn retryable_statuses() {
        let http = |status| Error::Http {
            status,
            content_type: None,
            body: String::new(),
            retry_after: None,
        };
        for s in [409, 429, 501, 502, 503, 504, 599] {
            assert!(http(s).is_retryable(), "{s}");
        }
        for s in [400, 401, 404, 422, 500] {
            assert!(!http(s).is_retryable(), "{s}");
        }
    }

    #[test]
    fn every_error_type_reads_back_as_itself() {
        for wire in ErrorType::WIRE_VALUES {
            let t = ErrorType::from(*wire);
            assert!(!t.is_unknown(), "{wire}");
            assert_eq!(t.as_str(), *wire);
        }
        let e = ApiError {
            kind: "payment_requires_more_error".into(),
            code: None,
            message: "m".into(),
        };
        assert_eq!(e.error_type(), ErrorType::PaymentRequiresMoreError);
        assert_eq!(
            ErrorType::from("later_type"),
            ErrorType::Unknown("later_type".into())
        );
    }
}
