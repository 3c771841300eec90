//! Transport: one place where every call is sent, retried, and its response mapped.
//!
//! A call is built once (URL, headers, body, idempotency key); each attempt adds the cookies the
//! store holds at that moment, sends, stores every `Set-Cookie` of the response, and either
//! returns the body of a 2xx, or maps the response to an [`Error`] and asks [`retry::decide`]
//! whether to wait and try again.

use std::io::Read;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::{self, HeaderMap, HeaderName, HeaderValue, Method};

use crate::error::{ApiError, Error, snippet};
use crate::retry::{self, Decision, Failure, RetryPolicy};
use crate::session::Session;

/// Sleeps between attempts; replaceable in tests.
pub(crate) type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;
/// Returns a number in `[0, 1)` for the jitter; replaceable in tests.
pub(crate) type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;

pub(crate) struct Transport {
    pub agent: ureq::Agent,
    /// Scheme, host, port and optional path prefix, without a trailing slash.
    pub base: String,
    /// Accept, the publishable key and the client's own headers, built once.
    pub headers: HeaderMap,
    pub session: Session,
    pub retry: RetryPolicy,
    pub timeout: Duration,
    pub body_limit: u64,
    pub sleeper: Sleeper,
    pub jitter: Jitter,
}

/// One logical call.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// Starts with `/`, segments already percent-encoded; may carry `?query`.
    pub path: &'a str,
    /// Encoded query, without `?`.
    pub query: Option<String>,
    /// JSON body.
    pub body: Option<Vec<u8>>,
    /// Per-call headers; they override the client's.
    pub headers: &'a HeaderMap,
}

/// A successful (2xx) response.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
static APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Transport {
    /// Sends a call, with retries, and returns the 2xx body or the mapped error.
    pub(crate) fn send(&self, call: Call<'_>) -> Result<Reply, Error> {
        if !call.path.starts_with('/') || call.path.starts_with("//") {
            return Err(Error::InvalidInput(format!(
                "path must start with a single '/': {:?}",
                call.path
            )));
        }
        let mut target = String::with_capacity(self.base.len() + call.path.len() + 64);
        target.push_str(&self.base);
        target.push_str(call.path);
        if let Some(q) = &call.query {
            target.push(if call.path.contains('?') { '&' } else { '?' });
            target.push_str(q);
        }
        let url = url::Url::parse(&target)
            .map_err(|e| Error::InvalidInput(format!("bad request path {:?}: {e}", call.path)))?;
        let uri: http::Uri = target
            .parse()
            .map_err(|e| Error::InvalidInput(format!("bad request path {:?}: {e}", call.path)))?;

        let mut headers = self.headers.clone();
        if call.body.is_some() {
            headers.insert(http::header::CONTENT_TYPE, APPLICATION_JSON.clone());
        }
        if let Some(bearer) = self.session.bearer_header() {
            headers.insert(http::header::AUTHORIZATION, bearer);
        }
        for (name, value) in call.headers {
            headers.insert(name.clone(), value.clone());
        }
        if call.method == Method::POST
            && self.retry.max_retries > 0
            && !call.headers.contains_key(&IDEMPOTENCY_KEY)
        {
            // One key per logical call, the same on every attempt; a key the caller set on the
            // handle wins (one set on the client would make every call look like a repeat).
            if let Ok(key) = HeaderValue::from_str(&retry::uuid_v4()) {
                headers.insert(IDEMPOTENCY_KEY.clone(), key);
            }
        }
        let user_cookie = headers.remove(http::header::COOKIE);
        let path_for_log = call.path.split('?').next().unwrap_or("");

        let mut retries_done = 0u32;
        loop {
            let started = Instant::now();
            let mut attempt_headers = headers.clone();
            if let Some(cookie) = self.cookie_value(&url, user_cookie.as_ref()) {
                attempt_headers.insert(http::header::COOKIE, cookie);
            }
            let outcome = self.attempt(&call, &uri, &url, attempt_headers, started);
            let elapsed = started.elapsed();
            let (err, failure) = match outcome {
                Ok(reply) => {
                    log::debug!(
                        "{} {} attempt {} -> {} in {:?}",
                        call.method,
                        path_for_log,
                        retries_done + 1,
                        reply.status,
                        elapsed
                    );
                    return Ok(reply);
                }
                Err(pair) => pair,
            };
            let decision = match failure {
                Some(f) => retry::decide(
                    &self.retry,
                    retries_done,
                    f,
                    err.retry_after(),
                    (self.jitter)(),
                ),
                None => Decision::Stop,
            };
            log::debug!(
                "{} {} attempt {} -> {} in {:?}; {}",
                call.method,
                path_for_log,
                retries_done + 1,
                describe(&err),
                elapsed,
                match decision {
                    Decision::Stop => "giving up".to_string(),
                    Decision::Retry(wait) => format!("retrying in {wait:?}"),
                }
            );
            match decision {
                Decision::Stop => return Err(err),
                Decision::Retry(wait) => {
                    if !wait.is_zero() {
                        (self.sleeper)(wait);
                    }
                    retries_done += 1;
                }
            }
        }
    }

    /// The `Cookie` header: the caller's own `Cookie` header (if any) followed by the store's.
    fn cookie_value(&self, url: &url::Url, user: Option<&HeaderValue>) -> Option<HeaderValue> {
        let stored = self.session.cookie_header(url);
        let joined = match (user.and_then(|v| v.to_str().ok()), stored) {
            (None, None) => return None,
            (Some(u), None) => u.to_string(),
            (None, Some(s)) => s,
            (Some(u), Some(s)) => format!("{u}; {s}"),
        };
        let mut value = HeaderValue::from_str(&joined).ok()?;
        value.set_sensitive(true);
        Some(value)
    }

    /// One attempt. On failure, the error and what it means for retrying (`None`: never retry).
    fn attempt(
        &self,
        call: &Call<'_>,
        uri: &http::Uri,
        url: &url::Url,
        headers: HeaderMap,
        started: Instant,
    ) -> Result<Reply, (Error, Option<Failure>)> {
        let result = match &call.body {
            Some(body) => {
                let mut req = http::Request::new(body.as_slice());
                *req.method_mut() = call.method.clone();
                *req.uri_mut() = uri.clone();
                *req.headers_mut() = headers;
                self.agent.run(req)
            }
            None => {
                let mut req = http::Request::new(());
                *req.method_mut() = call.method.clone();
                *req.uri_mut() = uri.clone();
                *req.headers_mut() = headers;
                self.agent.run(req)
            }
        };
        let mut response = result.map_err(|e| transport_error(e, started))?;
        let status = response.status().as_u16();
        self.session.store_cookies(
            url,
            response
                .headers()
                .get_all(http::header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok()),
        );

        if (300..400).contains(&status) {
            // Not followed, and its body is not read.
            return finish(status, response.headers(), Vec::new());
        }

        // One buffer, read up to one byte past the limit to tell "exactly at" from "over".
        let limit = self.body_limit;
        let mut body = Vec::with_capacity(
            response
                .body()
                .content_length()
                .unwrap_or(0)
                .min(limit.min(1 << 20)) as usize,
        );
        let read = {
            let reader = response.body_mut().with_config().limit(u64::MAX).reader();
            reader.take(limit.saturating_add(1)).read_to_end(&mut body)
        };
        let success = (200..300).contains(&status);
        if let Err(e) = read {
            let e = ureq::Error::from(e);
            if is_transient(&e) {
                // The body broke off or timed out: as good as no response.
                return Err(transport_error(e, started));
            }
            // A body that arrived but cannot be read (e.g. corrupt compression).
            if success {
                return Err((
                    Error::Decode {
                        status,
                        path: ".".into(),
                        message: format!("the body could not be read: {e}"),
                        body: String::new(),
                    },
                    None,
                ));
            }
            return finish(status, response.headers(), Vec::new());
        }
        if body.len() as u64 > limit {
            if success {
                return Err((Error::BodyTooLarge { status, limit }, None));
            }
            // An error page over the limit: its start is enough to say what it is, and its
            // status still decides about retrying.
            body.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        }
        finish(status, response.headers(), body)
    }
}

/// The pure part of handling a response: a 2xx is the reply; a 3xx a redirect error; anything
/// else the mapped error and what it means for retrying.
pub(crate) fn finish(
    status: u16,
    headers: &HeaderMap,
    body: Vec<u8>,
) -> Result<Reply, (Error, Option<Failure>)> {
    let header = |name: &http::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if (200..300).contains(&status) {
        return Ok(Reply { status, body });
    }
    if (300..400).contains(&status) {
        let location = header(&http::header::LOCATION).map(str::to_string);
        return Err((Error::Redirect { status, location }, None));
    }
    let retry_after = header(&http::header::RETRY_AFTER)
        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
    let content_type = header(&http::header::CONTENT_TYPE).map(str::to_string);
    Err((
        error_from_response(status, content_type, &body, retry_after),
        Some(Failure::Status(status)),
    ))
}

/// Maps a non-2xx response: Medusa's JSON error when the body is one, else an HTTP error with a
/// snippet of the body.
pub(crate) fn error_from_response(
    status: u16,
    content_type: Option<String>,
    body: &[u8],
    retry_after: Option<Duration>,
) -> Error {
    if let Ok(error) = serde_json::from_slice::<ApiError>(body) {
        return Error::Api {
            status,
            error,
            retry_after,
        };
    }
    Error::Http {
        status,
        content_type,
        body: snippet(body, crate::decode::SNIPPET_LEN),
        retry_after,
    }
}

/// Whether a transport error is the kind that may go away on a new attempt: no (complete)
/// response because of the network or the peer. Configuration mistakes, TLS set-up errors and
/// over-large headers are not.
pub(crate) fn is_transient(e: &ureq::Error) -> bool {
    matches!(
        e,
        ureq::Error::Timeout(_)
            | ureq::Error::Io(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    )
}

fn transport_error(e: ureq::Error, started: Instant) -> (Error, Option<Failure>) {
    let failure = is_transient(&e).then_some(Failure::NoResponse);
    match e {
        ureq::Error::Timeout(kind) => (
            Error::Timeout {
                phase: kind.to_string(),
                elapsed: started.elapsed(),
            },
            failure,
        ),
        other => (Error::Transport { source: other }, failure),
    }
}

fn describe(err: &Error) -> String {
    match err {
        Error::Api { status, error, .. } => format!("{status} {}", error.kind),
        Error::Http { status, .. } => format!("{status}"),
        Error::Redirect { status, .. } => format!("{status} redirect"),
        Error::Timeout { phase, .. } => format!("timeout ({phase})"),
        Error::Transport { .. } => "transport error".to_string(),
        Error::BodyTooLarge { status, .. } => format!("{status} body too large"),
        _ => "error".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medusa_json_errors_become_api_errors() {
        let e = error_from_response(
            422,
            Some("application/json".into()),
            br#"{"code":"invalid_request_error","type":"duplicate_error","message":"A customer with the given email already has an account. Log in instead"}"#,
            None,
        );
        match e {
            Error::Api { status, error, .. } => {
                assert_eq!(status, 422);
                assert_eq!(error.kind, "duplicate_error");
                assert_eq!(error.code.as_deref(), Some("invalid_request_error"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_text_and_html_become_http_errors() {
        let e = error_from_response(401, None, b"Unauthorized", None);
        assert!(
            matches!(&e, Error::Http { status: 401, body, content_type: None, .. } if body == "Unauthorized")
        );
        let html = b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>SyntaxError: Expected double-quoted property name in JSON at position 27</pre>\n</body>\n</html>\n";
        let e = error_from_response(400, Some("text/html; charset=utf-8".into()), html, None);
        match &e {
            Error::Http {
                status: 400,
                body,
                content_type,
                ..
            } => {
                assert!(body.contains("SyntaxError"));
                assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            }
            other => panic!("{other:?}"),
        }
        // JSON that is not Medusa's error shape is not an Api error
        let e = error_from_response(502, None, br#"{"error":"bad gateway"}"#, None);
        assert!(matches!(e, Error::Http { status: 502, .. }));
        // retry-after is kept
        let e = error_from_response(429, None, b"", Some(Duration::from_secs(3)));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(e.is_retryable());
    }
}
