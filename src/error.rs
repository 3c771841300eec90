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
        /// The `Location` header, if any.
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
        source: ureq::Error,
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

    /// The response body was larger than the configured limit; reading stopped there.
    #[error("HTTP {status}: response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit in bytes (see `MedusaBuilder::max_body_size`).
        limit: u64,
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
    /// `not_allowed`, `conflict`, `unknown_error`, `database_error`, … (kept as sent).
    #[serde(rename = "type")]
    pub kind: String,
    /// Medusa's `code`, usually absent (`invalid_request_error`, `invalid_state_error`, …).
    #[serde(default)]
    pub code: Option<String>,
    /// The server's message, e.g. `email must be an email`.
    pub message: String,
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
            | Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
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
            Error::Transport { source } => crate::transport::is_transient(source),
            Error::Api { status, .. } | Error::Http { status, .. } => {
                crate::retry::is_retryable_status(*status)
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
            _ => None,
        }
    }
}

/// Folds white space and keeps at most `max` characters of a body, for error messages.
pub(crate) fn snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
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
}
