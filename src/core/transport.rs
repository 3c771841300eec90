//! Transport: one place where every call is sent, retried, and its response mapped.
//!
//! A call is built once (URL, headers, body, idempotency key); each attempt adds the cookies the
//! store holds at that moment, sends, stores every `Set-Cookie` of the response, and either
//! returns the body of a 2xx, or maps the response to an [`Error`] and asks [`retry::decide`]
//! whether to wait and try again.

use std::sync::Mutex;
use std::time::Instant;

use ureq::http::{self, HeaderMap, HeaderName, HeaderValue, Method};

use crate::core::config::Config;
use crate::core::error::{Error, TransportError, is_tls, is_transient};
use crate::core::redact::redact;
use crate::core::response::{Reply, finish, read_limited};
use crate::core::retry::{self, Decision, Failure};
use crate::core::sent::Sent;
use crate::core::session::Session;

/// What a client and all its clones share: the settings, the session and the connection pool.
/// Its parts are reached through methods only.
pub(crate) struct Transport {
    config: Config,
    session: Session,
    agent: ureq::Agent,
    /// The last few URLs the cookie store was asked about (see [`Transport::cookie_url`]).
    cookie_urls: Mutex<Vec<(String, url::Url)>>,
}

/// How many parsed cookie URLs [`Transport::cookie_url`] keeps.
const COOKIE_URLS: usize = 8;

/// One logical call.
pub(crate) struct Call<'a> {
    pub method: &'a Method,
    /// Starts with `/`, segments already percent-encoded; may carry `?query`.
    pub path: &'a str,
    /// Encoded query, without `?`.
    pub query: Option<&'a str>,
    /// JSON body.
    pub body: Option<&'a [u8]>,
    /// Per-call headers; they override the client's.
    pub headers: &'a HeaderMap,
    /// Who the call is made as.
    pub auth: &'a CallAuth,
    /// One attempt only, whatever the retry policy.
    pub once: bool,
    /// Whether the response's cookies are stored (not for a check made on the side, which
    /// must leave the session as it was).
    pub keep_cookies: bool,
}

/// Who a call is made as: the session's bearer token (and cookies, always), another bearer
/// token for this one call (a registration or reset token, which must never become the
/// session's), or no `Authorization` at all.
#[derive(Clone, Default)]
pub(crate) enum CallAuth {
    /// The session's bearer token, if it has one, and its cookies.
    #[default]
    Session,
    /// This `Authorization` value, and no stored cookie (a session cookie would outrank it on
    /// the server).
    Bearer(HeaderValue),
    /// No `Authorization` and no stored cookie: a check that logs in on the side, which must
    /// not touch the session the client holds on the server.
    Anonymous,
}

/// A call made ready for its attempts: the URI, the URL cookies are matched against, the
/// headers every attempt sends, and the caller's own `Cookie` header.
struct Prepared {
    uri: http::Uri,
    url: url::Url,
    headers: HeaderMap,
    user_cookie: Option<HeaderValue>,
}

static IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
static APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

impl Transport {
    pub(crate) fn new(config: Config, session: Session, agent: ureq::Agent) -> Transport {
        Transport {
            config,
            session,
            agent,
            cookie_urls: Mutex::default(),
        }
    }

    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    pub(crate) fn session(&self) -> &Session {
        &self.session
    }

    /// Sends a call, with retries: the 2xx reply or the mapped error, and whether an attempt
    /// that got no response was retried (then the server may have acted on the call already,
    /// and an error of a later attempt, a duplicate or a used token, may say so rather than that
    /// the call failed).
    pub(crate) fn send(&self, call: &Call<'_>) -> Sent<Reply> {
        match self.prepare(call) {
            Ok(prepared) => self.run(call, prepared),
            Err(e) => Sent::new(Err(e), false),
        }
    }

    /// The URI, the cookie URL and the headers of a call, built once for all its attempts.
    fn prepare(&self, call: &Call<'_>) -> Result<Prepared, Error> {
        if !call.path.starts_with('/') || call.path.starts_with("//") {
            return Err(Error::InvalidInput(format!(
                "path must start with a single '/': {:?}",
                redact(call.path)
            )));
        }
        let base = self.config.base();
        let mut target = String::with_capacity(base.len() + call.path.len() + 64);
        target.push_str(base);
        target.push_str(call.path);
        if let Some(q) = call.query {
            target.push(if call.path.contains('?') { '&' } else { '?' });
            target.push_str(q);
        }
        let url = self.cookie_url(&target).map_err(|e| {
            Error::InvalidInput(format!("bad request path {:?}: {e}", redact(call.path)))
        })?;
        let uri: http::Uri = target.parse().map_err(|e| {
            Error::InvalidInput(format!("bad request path {:?}: {e}", redact(call.path)))
        })?;

        // Room for the client's headers, the call's and the four added here (content type,
        // authorization, idempotency key, cookie): a clone of the client's map would grow
        // (rehash) on the first insert.
        let client_headers = self.config.headers();
        let mut headers = HeaderMap::with_capacity(client_headers.len() + call.headers.len() + 4);
        headers.extend(client_headers.iter().map(|(n, v)| (n.clone(), v.clone())));
        if call.body.is_some() {
            headers.insert(http::header::CONTENT_TYPE, APPLICATION_JSON.clone());
        }
        let authorization = match call.auth {
            CallAuth::Session => self.session.bearer_header(),
            CallAuth::Bearer(value) => Some(value.clone()),
            CallAuth::Anonymous => None,
        };
        if let Some(value) = authorization {
            headers.insert(http::header::AUTHORIZATION, value);
        }
        for (name, value) in call.headers {
            headers.insert(name.clone(), value.clone());
        }
        if *call.method != Method::POST && !call.headers.contains_key(&IDEMPOTENCY_KEY) {
            // A key set on the client is for POSTs; a GET or DELETE never carries it.
            headers.remove(&IDEMPOTENCY_KEY);
        } else if *call.method == Method::POST
            && self.config.retry().max_retries > 0
            && !call.headers.contains_key(&IDEMPOTENCY_KEY)
        {
            // One key per logical call, the same on every attempt; a key the caller set on the
            // handle wins (one set on the client would make every call look like a repeat).
            if let Ok(key) = HeaderValue::from_str(&crate::core::rand::uuid_v4()) {
                headers.insert(IDEMPOTENCY_KEY.clone(), key);
            }
        }
        let user_cookie = headers.remove(http::header::COOKIE);
        Ok(Prepared {
            uri,
            url,
            headers,
            user_cookie,
        })
    }

    /// The attempt loop: each attempt takes the cookies the jar holds at that moment; a failure
    /// is retried as [`retry::decide`] says.
    fn run(&self, call: &Call<'_>, mut prepared: Prepared) -> Sent<Reply> {
        let once = retry::RetryPolicy {
            max_retries: 0,
            ..*self.config.retry()
        };
        let retry = if call.once {
            &once
        } else {
            self.config.retry()
        };
        // Without the query, and a token in a segment (`/…/eyJ…`) redacted.
        // Built only when debug records are wanted: redacting costs as much as a small call.
        let path_for_log = if log::log_enabled!(log::Level::Debug) {
            redact(call.path.split('?').next().unwrap_or(""))
        } else {
            std::borrow::Cow::Borrowed("")
        };
        // A call made with a token of its own is made as that token alone: a session cookie
        // would outrank it on the server.
        let stored_cookies = matches!(call.auth, CallAuth::Session);
        let mut lost = false;
        let mut retries_done = 0u32;
        loop {
            let started = Instant::now();
            // The last attempt there can be takes the headers; earlier ones take a copy.
            let mut headers = if retries_done >= retry.max_retries {
                std::mem::take(&mut prepared.headers)
            } else {
                prepared.headers.clone()
            };
            if let Some(cookie) =
                self.cookie_value(&prepared.url, prepared.user_cookie.as_ref(), stored_cookies)
            {
                headers.insert(http::header::COOKIE, cookie);
            }
            let outcome = self.attempt(call, &prepared, headers, started);
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
                    return Sent::new(Ok(reply), lost);
                }
                Err(pair) => pair,
            };
            let decision = match failure {
                Some(f) => retry::decide(
                    retry,
                    retries_done,
                    f,
                    err.retry_after(),
                    self.config.jitter(),
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
                Decision::Stop => return Sent::new(Err(err), lost),
                Decision::Retry(wait) => {
                    if failure == Some(Failure::NoResponse) {
                        lost = true;
                    }
                    if !wait.is_zero() {
                        self.config.sleep(wait);
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
        prepared: &Prepared,
        headers: HeaderMap,
        started: Instant,
    ) -> Result<Reply, (Error, Option<Failure>)> {
        let result = match call.body {
            Some(body) => {
                let mut req = http::Request::new(body);
                *req.method_mut() = call.method.clone();
                *req.uri_mut() = prepared.uri.clone();
                *req.headers_mut() = headers;
                self.agent.run(req)
            }
            None => {
                let mut req = http::Request::new(());
                *req.method_mut() = call.method.clone();
                *req.uri_mut() = prepared.uri.clone();
                *req.headers_mut() = headers;
                self.agent.run(req)
            }
        };
        let mut response = result.map_err(|e| transport_error(e, started))?;
        let status = response.status().as_u16();
        if call.keep_cookies {
            self.session.store_cookies(
                &prepared.url,
                response
                    .headers()
                    .get_all(http::header::SET_COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok()),
            );
        }

        if (300..400).contains(&status) {
            // Not followed, and its body is not read.
            return finish(status, response.headers(), Vec::new());
        }

        let limit = self.config.body_limit();
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

#[cfg(test)]
pub(crate) fn test_transport(base: &str) -> Transport {
    Transport::new(
        Config::new(
            base.to_string(),
            HeaderMap::new(),
            crate::core::retry::RetryPolicy::default(),
            std::time::Duration::from_secs(1),
            1 << 20,
            std::sync::Arc::new(|_| {}),
            std::sync::Arc::new(|| 0.0),
        ),
        Session::new(crate::core::session::CookieJar::default(), None),
        ureq::Agent::new_with_defaults(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_urls_leave_out_the_query_and_keep_the_last_few() {
        let transport = test_transport("http://127.0.0.1:9/api");
        let transport = &transport;
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
