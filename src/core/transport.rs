//! Transport: one place where every call is sent, retried, and its response mapped.
//!
//! A call is built once (URL, headers, body, idempotency key); each attempt adds the cookies the
//! store holds at that moment, sends, stores every `Set-Cookie` of the response, and either
//! returns the body of a 2xx, or maps the response to an [`Error`] and asks [`retry::decide`]
//! whether to wait and try again.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::http::{self, HeaderMap, HeaderName, HeaderValue, Method};

use crate::core::error::{Error, TransportError, is_tls, is_transient};
use crate::core::response::{Reply, finish, read_limited};
use crate::core::retry::{self, Decision, Failure, RetryPolicy};
use crate::core::session::Session;

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
    /// The last few URLs the cookie store was asked about (see [`Transport::cookie_url`]).
    pub cookie_urls: std::sync::Mutex<Vec<(String, url::Url)>>,
    /// The API the client speaks (`v1`, `v2`), to name it in errors.
    pub api: &'static str,
    /// Where the bearer token is refreshed before it runs out (v2), if anywhere.
    pub refresh_path: Option<&'static str>,
    /// Held while a refresh is under way, so that clones refresh once, not once each.
    pub refreshing: std::sync::Mutex<()>,
}

/// A token is refreshed when less than this is left of it (or a quarter of its lifetime, for a
/// short-lived one).
const REFRESH_MARGIN: Duration = Duration::from_secs(10 * 60);

/// How many parsed cookie URLs [`Transport::cookie_url`] keeps.
const COOKIE_URLS: usize = 8;

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
    /// Who the call is made as.
    pub auth: CallAuth<'a>,
}

/// Who a call is made as: the session's bearer token (and cookies, always), another bearer
/// token for this one call (a v2 registration or reset token, which must never become the
/// session's), or no `Authorization` at all.
#[derive(Clone, Copy, Default)]
#[allow(dead_code)] // the v1 wing makes every call as the session
pub(crate) enum CallAuth<'a> {
    /// The session's bearer token, if it has one.
    #[default]
    Session,
    /// This `Authorization` value instead.
    Bearer(&'a HeaderValue),
    /// No `Authorization` header.
    None,
}

static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
static APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Transport {
    /// Sends a call, with retries, and returns the 2xx body or the mapped error, and whether an attempt was retried after it got no response: then
    /// the server may have acted on the call already, and an error of a later attempt (a
    /// duplicate, a used token) may say so rather than that the call failed.
    pub(crate) fn send_traced(&self, call: Call<'_>) -> (Result<Reply, Error>, bool) {
        if matches!(call.auth, CallAuth::Session) {
            self.refresh_if_due(call.path);
        }
        let mut lost = false;
        let result = self.send_now(call, &mut lost);
        (result, lost)
    }

    /// Refreshes the session's bearer token when it runs out soon (v2 only): one request to
    /// [`Transport::refresh_path`], made by one thread while the others wait and then use the new
    /// token. A failed refresh is logged and changes nothing: the current token is still good
    /// until it expires, and the call then says 401 in the server's words.
    fn refresh_if_due(&self, path: &str) {
        let Some(refresh_path) = self.refresh_path else {
            return;
        };
        if path == refresh_path {
            return;
        }
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let due = |expiry: Option<(u64, Option<u64>)>| match expiry {
            Some((exp, lifetime)) => {
                let margin = lifetime.map_or(REFRESH_MARGIN.as_secs(), |l| {
                    (l / 4).min(REFRESH_MARGIN.as_secs())
                });
                // Already expired: the server refuses to refresh it too.
                exp > now && exp - now <= margin
            }
            None => false,
        };
        if !due(self.session.bearer_expiry()) {
            return;
        }
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        // Another clone may have refreshed it while this one waited.
        if !due(self.session.bearer_expiry()) {
            return;
        }
        let outcome = self
            .send_now(
                Call {
                    method: Method::POST,
                    path: refresh_path,
                    query: None,
                    body: None,
                    headers: &HeaderMap::new(),
                    auth: CallAuth::Session,
                },
                &mut false,
            )
            .and_then(|reply| {
                crate::core::decode::member::<String>(reply.status, &reply.body, "token").map_err(
                    |_| Error::Decode {
                        status: reply.status,
                        path: "token".into(),
                        message: r#"expected {"token": "<string>"}"#.into(),
                        body: String::new(),
                    },
                )
            })
            .and_then(|token| self.session.set_token(token.into()));
        match outcome {
            Ok(()) => log::debug!("the bearer token was refreshed before it ran out"),
            Err(e) => {
                log::warn!("refreshing the bearer token failed ({e}); keeping the current one")
            }
        }
    }

    /// Sends a call as it is, with retries; `lost` is set when an attempt that got no response
    /// is retried.
    fn send_now(&self, call: Call<'_>, lost: &mut bool) -> Result<Reply, Error> {
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
        let url = self
            .cookie_url(&target)
            .map_err(|e| Error::InvalidInput(format!("bad request path {:?}: {e}", call.path)))?;
        let uri: http::Uri = target
            .parse()
            .map_err(|e| Error::InvalidInput(format!("bad request path {:?}: {e}", call.path)))?;

        // Room for the client's headers, the call's and the four added here (content type,
        // authorization, idempotency key, cookie): a clone of the client's map would grow
        // (rehash) on the first insert.
        let mut headers = HeaderMap::with_capacity(self.headers.len() + call.headers.len() + 4);
        headers.extend(self.headers.iter().map(|(n, v)| (n.clone(), v.clone())));
        if call.body.is_some() {
            headers.insert(http::header::CONTENT_TYPE, APPLICATION_JSON.clone());
        }
        let authorization = match call.auth {
            CallAuth::Session => self.session.bearer_header(),
            CallAuth::Bearer(value) => Some(value.clone()),
            CallAuth::None => None,
        };
        if let Some(value) = authorization {
            headers.insert(http::header::AUTHORIZATION, value);
        }
        for (name, value) in call.headers {
            headers.insert(name.clone(), value.clone());
        }
        if call.method != Method::POST && !call.headers.contains_key(&IDEMPOTENCY_KEY) {
            // A key set on the client is for POSTs; a GET or DELETE never carries it.
            headers.remove(&IDEMPOTENCY_KEY);
        } else if call.method == Method::POST
            && self.retry.max_retries > 0
            && !call.headers.contains_key(&IDEMPOTENCY_KEY)
        {
            // One key per logical call, the same on every attempt; a key the caller set on the
            // handle wins (one set on the client would make every call look like a repeat).
            if let Ok(key) = HeaderValue::from_str(&crate::core::rand::uuid_v4()) {
                headers.insert(IDEMPOTENCY_KEY.clone(), key);
            }
        }
        let user_cookie = headers.remove(http::header::COOKIE);
        let path_for_log = call.path.split('?').next().unwrap_or("");

        let mut retries_done = 0u32;
        loop {
            let started = Instant::now();
            // The last attempt there can be takes the headers; earlier ones take a copy.
            let mut attempt_headers = if retries_done >= self.retry.max_retries {
                std::mem::take(&mut headers)
            } else {
                headers.clone()
            };
            // A call made with a token of its own (a v2 registration or reset token) is made as
            // that token alone: a session cookie would outrank it on the server.
            let stored = matches!(call.auth, CallAuth::Session);
            if let Some(cookie) = self.cookie_value(&url, user_cookie.as_ref(), stored) {
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
                    if failure == Some(Failure::NoResponse) {
                        *lost = true;
                    }
                    if !wait.is_zero() {
                        (self.sleeper)(wait);
                    }
                    retries_done += 1;
                }
            }
        }
    }

    /// The URL the cookie store matches against: `target` without its query (cookies do not look
    /// at it). Parsing one costs about 1 µs (its host goes through IDNA), as much as the rest of
    /// the call's own work, and a program calls the same few paths over and over: the last
    /// [`COOKIE_URLS`] are kept.
    fn cookie_url(&self, target: &str) -> Result<url::Url, url::ParseError> {
        let key = target.split('?').next().unwrap_or(target);
        let mut cache = self.cookie_urls.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, url)) = cache.iter().find(|(k, _)| k == key) {
            return Ok(url.clone());
        }
        let url = url::Url::parse(key)?;
        if cache.len() >= COOKIE_URLS {
            cache.remove(0);
        }
        cache.push((key.to_string(), url.clone()));
        Ok(url)
    }

    /// The `Cookie` header: the caller's own `Cookie` header (if any) followed by the store's
    /// (when `stored`).
    fn cookie_value(
        &self,
        url: &url::Url,
        user: Option<&HeaderValue>,
        stored: bool,
    ) -> Option<HeaderValue> {
        let stored = if stored {
            self.session.cookie_header(url)
        } else {
            None
        };
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

        let limit = self.body_limit;
        let size_hint = response.body().content_length();
        let (mut body, read) = read_limited(
            response.body_mut().with_config().limit(u64::MAX).reader(),
            limit,
            size_hint,
        );
        let success = (200..300).contains(&status);
        if let Err(e) = read {
            let e = ureq::Error::from(e);
            if is_transient(&e) || is_tls(&e) {
                // The body broke off, timed out or failed TLS on the way: as good as no
                // response (a TLS failure is not retried: `transport_error` asks `is_transient`).
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
        other => (
            Error::Transport {
                source: TransportError::new(other),
            },
            failure,
        ),
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

#[cfg(all(test, feature = "v1"))]
mod tests {
    use super::*;

    #[test]
    fn cookie_urls_leave_out_the_query_and_keep_the_last_few() {
        let medusa = crate::Medusa::new("http://127.0.0.1:9/api").unwrap();
        let transport = &medusa.inner;
        for i in 0..20 {
            let url = transport
                .cookie_url(&format!("http://127.0.0.1:9/api/p{i}?offset={i}"))
                .unwrap();
            assert_eq!(url.path(), format!("/api/p{i}"));
            assert_eq!(url.query(), None);
        }
        assert_eq!(transport.cookie_urls.lock().unwrap().len(), COOKIE_URLS);
        // Kept or parsed anew, the same URL.
        for target in ["http://127.0.0.1:9/api/p19?x", "http://127.0.0.1:9/api/p0"] {
            let key = target.split('?').next().unwrap();
            assert_eq!(
                transport.cookie_url(target).unwrap(),
                url::Url::parse(key).unwrap()
            );
        }
        assert!(transport.cookie_url("http://127.0.0.1:99999/").is_err());
    }
}
