//! A client's settings, fixed when it is built: one immutable value, made by the builder and
//! owned by the transport. Nothing changes it afterwards; the session (cookies, token) is the
//! only state a client has.

use std::sync::Arc;
use std::time::Duration;

use ureq::http::HeaderMap;

use crate::core::retry::RetryPolicy;

/// Sleeps between attempts; replaceable in tests.
pub(crate) type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;
/// Returns a number in `[0, 1)` for the jitter; replaceable in tests.
pub(crate) type Jitter = Arc<dyn Fn() -> f64 + Send + Sync>;

/// The settings every call of a client (and its clones) is made with.
pub(crate) struct Config {
    /// Scheme, host, port and optional path prefix, without a trailing slash.
    base: String,
    /// Accept, the publishable key and the client's own headers, built once.
    headers: HeaderMap,
    retry: RetryPolicy,
    /// One attempt's timeout (ureq's global timeout).
    timeout: Duration,
    body_limit: u64,
    sleeper: Sleeper,
    jitter: Jitter,
}

impl Config {
    pub(crate) fn new(
        base: String,
        headers: HeaderMap,
        retry: RetryPolicy,
        timeout: Duration,
        body_limit: u64,
        sleeper: Sleeper,
        jitter: Jitter,
    ) -> Config {
        Config {
            base,
            headers,
            retry,
            timeout,
            body_limit,
            sleeper,
            jitter,
        }
    }

    /// The base URL, without a trailing slash.
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// The headers of every call.
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub(crate) fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    pub(crate) fn body_limit(&self) -> u64 {
        self.body_limit
    }

    /// Waits `wait` (the configured sleeper).
    pub(crate) fn sleep(&self, wait: Duration) {
        (self.sleeper)(wait)
    }

    /// A number in `[0, 1)` for the jitter (the configured source).
    pub(crate) fn jitter(&self) -> f64 {
        (self.jitter)()
    }
}
