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
    /// The last few URLs the cookie store was asked about (see [`Transport::cookie_url`]).
    pub cookie_urls: std::sync::Mutex<Vec<(String, url::Url)>>,
}

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
            // The last attempt there can be takes the headers; earlier ones take a copy.
            let mut attempt_headers = if retries_done >= self.retry.max_retries {
                std::mem::take(&mut headers)
            } else {
                headers.clone()
            };
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

/// The agent every call goes through, with [`Resolve`] as its resolver.
pub(crate) fn agent(config: ureq::config::Config) -> ureq::Agent {
    ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        Resolve::default(),
    )
}

/// How long a host name's addresses are reused (see [`Resolve`]).
const RESOLVE_TTL: Duration = Duration::from_secs(1);

/// ureq's own resolver, minus its per-call thread.
///
/// ureq resolves the host on every call, even when the call then goes out on a pooled
/// connection, and with a timeout set (we always set one) it does so on a new thread so that a
/// slow lookup can time out: a thread spawned and joined per call, about 50 µs on a small VM,
/// more than a whole loopback call. So:
/// - an IP literal (`127.0.0.1`, `[::1]`) is handed to ureq's resolver without a timeout, which
///   makes it resolve inline; `ToSocketAddrs` only parses a literal, it never looks anything up;
/// - a host name is resolved by ureq's resolver as before (thread, timeout), and its addresses are
///   reused for [`RESOLVE_TTL`]: a batch of calls looks the name up once a second rather than once
///   per call. Failed lookups are not kept.
///
/// ureq's resolver API is "unversioned" (it may change in a minor release), so this uses only
/// what ureq 3.1.0 and 3.5.2 both have, unchanged (the crate builds against both): the
/// `Resolver` trait with its `empty()`, `DefaultResolver`, `Agent::with_parts`,
/// `DefaultConnector::default()`, the public `after` field of the `NextTimeout` it is handed
/// (never a `NextTimeout` of its own: the struct gained fields after 3.1), `Duration::NotHappening`,
/// and `ResolvedSocketAddrs` as a slice plus `push`.
#[derive(Debug, Default)]
pub(crate) struct Resolve {
    inner: ureq::unversioned::resolver::DefaultResolver,
    last: std::sync::Mutex<Option<Resolved>>,
}

/// The addresses of the last host name looked up.
#[derive(Debug)]
struct Resolved {
    scheme: String,
    authority: String,
    at: Instant,
    addrs: Vec<std::net::SocketAddr>,
}

/// Whether `host` (as `http::Uri::host` gives it, IPv6 in brackets) is an IP address literal.
fn ip_literal(host: &str) -> bool {
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    bare.parse::<std::net::IpAddr>().is_ok()
}

impl Resolve {
    /// The addresses kept for `scheme://authority`, if they were looked up less than
    /// [`RESOLVE_TTL`] before `now` (copied into ureq's fixed-size array: no allocation).
    fn kept(
        &self,
        scheme: &str,
        authority: &str,
        now: Instant,
    ) -> Option<ureq::unversioned::resolver::ResolvedSocketAddrs> {
        use ureq::unversioned::resolver::Resolver;
        let last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let hit = last.as_ref().filter(|r| {
            r.scheme == scheme
                && r.authority == authority
                && now.saturating_duration_since(r.at) < RESOLVE_TTL
        })?;
        let mut addrs = self.empty();
        for addr in &hit.addrs {
            addrs.push(*addr);
        }
        Some(addrs)
    }

    /// Keeps the addresses `scheme://authority` resolved to at `at`, replacing the last ones.
    fn keep(&self, scheme: &str, authority: &str, at: Instant, addrs: &[std::net::SocketAddr]) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(Resolved {
            scheme: scheme.to_string(),
            authority: authority.to_string(),
            at,
            addrs: addrs.to_vec(),
        });
    }
}

impl ureq::unversioned::resolver::Resolver for Resolve {
    fn resolve(
        &self,
        uri: &http::Uri,
        config: &ureq::config::Config,
        mut timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        if ip_literal(uri.host().unwrap_or("")) {
            timeout.after = ureq::unversioned::transport::time::Duration::NotHappening;
            return self.inner.resolve(uri, config, timeout);
        }
        let scheme = uri.scheme_str().unwrap_or("");
        let authority = uri.authority().map_or("", |a| a.as_str());
        if let Some(kept) = self.kept(scheme, authority, Instant::now()) {
            return Ok(kept);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        self.keep(scheme, authority, Instant::now(), &addrs);
        Ok(addrs)
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

    #[test]
    fn ip_literals_are_told_from_host_names() {
        for host in ["127.0.0.1", "[::1]", "[2001:db8::1]", "10.0.0.255"] {
            assert!(ip_literal(host), "{host}");
        }
        for host in [
            "localhost",
            "shop.example",
            "[localhost]",
            "127.0.0.1.nip.io",
            "",
            "[::1",
        ] {
            assert!(!ip_literal(host), "{host}");
        }
    }

    #[test]
    fn resolved_names_are_kept_for_a_second_per_authority() {
        let resolve = Resolve::default();
        let kept = |scheme, authority, now| {
            resolve
                .kept(scheme, authority, now)
                .map(|addrs| addrs.to_vec())
        };
        let t0 = Instant::now();
        let addrs: Vec<std::net::SocketAddr> = vec!["127.0.0.1:9000".parse().unwrap()];
        assert_eq!(kept("http", "localhost:9000", t0), None);
        resolve.keep("http", "localhost:9000", t0, &addrs);
        let soon = t0 + Duration::from_millis(999);
        assert_eq!(kept("http", "localhost:9000", soon), Some(addrs.clone()));
        assert_eq!(kept("https", "localhost:9000", soon), None, "other scheme");
        assert_eq!(kept("http", "localhost:9001", soon), None, "other port");
        assert_eq!(
            kept("http", "localhost:9000", t0 + RESOLVE_TTL),
            None,
            "expired"
        );
        resolve.keep("http", "shop.example", t0, &addrs);
        assert_eq!(
            kept("http", "localhost:9000", t0),
            None,
            "only the last is kept"
        );
    }

    #[test]
    fn calls_reach_literal_and_named_hosts_with_a_timeout_set() {
        use std::io::Write;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            for stream in listener.incoming().take(4) {
                let mut stream = stream.unwrap();
                let mut head = Vec::new();
                let mut byte = [0u8];
                while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap() == 1 {
                    head.push(byte[0]);
                }
                stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                    )
                    .unwrap();
            }
        });
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .build();
        let agent = agent(config);
        for host in ["127.0.0.1", "localhost", "localhost", "127.0.0.1"] {
            let mut response = agent.get(&format!("http://{host}:{port}/")).call().unwrap();
            assert_eq!(
                response.body_mut().read_to_string().unwrap(),
                "ok",
                "{host}"
            );
        }
        server.join().unwrap();
    }
}
