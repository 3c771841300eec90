//! The session: the cookie store every clone shares, and the bearer token.
//!
//! Registration and login set a `connect.sid` cookie that later calls must send. Every
//! `Set-Cookie` of every response (errors included) goes into one [`CookieStore`], and the
//! `Cookie` header is built from it by its domain, path, expiry and secure rules, so a cookie is
//! only ever sent back to the host that set it.

use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use cookie_store::{CookieStore, RawCookie};
use ureq::http::HeaderValue;

use crate::auth::AccessToken;

/// A cookie store that several clients can share.
pub type SharedCookieStore = Arc<Mutex<CookieStore>>;

/// The bearer token and its prebuilt header value.
pub(crate) struct Bearer {
    pub token: AccessToken,
    pub header: HeaderValue,
}

impl Bearer {
    pub(crate) fn new(token: AccessToken) -> Option<Bearer> {
        let mut header = HeaderValue::from_str(&format!("Bearer {}", token.secret())).ok()?;
        header.set_sensitive(true);
        Some(Bearer { token, header })
    }
}

pub(crate) struct Session {
    cookies: SharedCookieStore,
    bearer: RwLock<Option<Bearer>>,
}

impl Session {
    pub(crate) fn new(cookies: SharedCookieStore, bearer: Option<Bearer>) -> Session {
        Session {
            cookies,
            bearer: RwLock::new(bearer),
        }
    }

    pub(crate) fn cookie_store(&self) -> SharedCookieStore {
        Arc::clone(&self.cookies)
    }

    /// Locks the store; a poisoned lock (a thread panicked while holding it) is taken over, since
    /// the store is never left half-updated by our own code.
    pub(crate) fn lock_cookies(&self) -> MutexGuard<'_, CookieStore> {
        self.cookies.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The `Cookie` header value for a request to `url`, if any cookie applies.
    pub(crate) fn cookie_header(&self, url: &url::Url) -> Option<String> {
        let store = self.lock_cookies();
        let mut out = String::new();
        for (name, value) in store.get_request_values(url) {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
        (!out.is_empty()).then_some(out)
    }

    /// Stores the `Set-Cookie` values of a response to `url`. Malformed ones and ones for another
    /// domain are dropped by the store.
    pub(crate) fn store_cookies<'a>(&self, url: &url::Url, values: impl Iterator<Item = &'a str>) {
        let mut parsed = values
            .filter_map(|v| RawCookie::parse(v.to_owned()).ok())
            .peekable();
        if parsed.peek().is_none() {
            return;
        }
        self.lock_cookies().store_response_cookies(parsed, url);
    }

    pub(crate) fn bearer_header(&self) -> Option<HeaderValue> {
        let guard = self.bearer.read().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().map(|b| b.header.clone())
    }

    pub(crate) fn bearer_token(&self) -> Option<AccessToken> {
        let guard = self.bearer.read().unwrap_or_else(|e| e.into_inner());
        guard.as_ref().map(|b| b.token.clone())
    }

    pub(crate) fn set_bearer(&self, bearer: Option<Bearer>) {
        *self.bearer.write().unwrap_or_else(|e| e.into_inner()) = bearer;
    }

    /// Forgets every cookie and the bearer token.
    pub(crate) fn clear(&self) {
        self.lock_cookies().clear();
        self.set_bearer(None);
    }
}
