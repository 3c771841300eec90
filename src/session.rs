//! The session: the cookie store every clone shares, and the bearer token.
//!
//! Registration and login set a `connect.sid` cookie that later calls must send. Every
//! `Set-Cookie` of every response (errors included) goes into one [`CookieStore`], and the
//! `Cookie` header is built from it by its domain, path, expiry and secure rules, so a cookie is
//! only ever sent back to the host that set it.

use std::fmt;
use std::sync::{Arc, LockResult, Mutex, MutexGuard, RwLock};

use cookie_store::{CookieStore, RawCookie};
use ureq::http::HeaderValue;

use crate::auth::AccessToken;

/// The cookie store of a client, shareable with other clients: clones share one
/// [`CookieStore`]. Its `Debug` shows how many cookies it holds, never their values.
///
/// ```
/// use medusa_blocking::{CookieJar, Medusa};
/// let jar = CookieJar::default();
/// let a = Medusa::builder("http://localhost:9000").cookie_store(jar.clone()).build()?;
/// let b = Medusa::builder("http://localhost:9000").cookie_store(jar.clone()).build()?;
/// assert_eq!(format!("{jar:?}"), "CookieJar { cookies: 0 }");
/// assert_eq!(jar.lock().unwrap().iter_unexpired().count(), 0);
/// # let _ = (a, b);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct CookieJar(Arc<Mutex<CookieStore>>);

impl CookieJar {
    /// A jar holding `store`.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::new(cookie_store::CookieStore::default());
    /// # let _ = jar;
    /// ```
    pub fn new(store: CookieStore) -> CookieJar {
        CookieJar(Arc::new(Mutex::new(store)))
    }

    /// Locks the store, as [`Mutex::lock`] does, e.g. to look at or change its cookies.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// let url = url::Url::parse("http://localhost:9000/").unwrap();
    /// jar.lock().unwrap().parse("theme=dark; Path=/", &url).unwrap();
    /// assert_eq!(jar.lock().unwrap().get_request_values(&url).count(), 1);
    /// ```
    pub fn lock(&self) -> LockResult<MutexGuard<'_, CookieStore>> {
        self.0.lock()
    }
}

impl From<CookieStore> for CookieJar {
    fn from(store: CookieStore) -> CookieJar {
        CookieJar::new(store)
    }
}

impl From<Arc<Mutex<CookieStore>>> for CookieJar {
    fn from(store: Arc<Mutex<CookieStore>>) -> CookieJar {
        CookieJar(store)
    }
}

impl fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f.debug_struct("CookieJar")
            .field("cookies", &guard.iter_unexpired().count())
            .finish()
    }
}

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
    cookies: CookieJar,
    bearer: RwLock<Option<Bearer>>,
}

impl Session {
    pub(crate) fn new(cookies: CookieJar, bearer: Option<Bearer>) -> Session {
        Session {
            cookies,
            bearer: RwLock::new(bearer),
        }
    }

    pub(crate) fn cookie_jar(&self) -> CookieJar {
        self.cookies.clone()
    }

    /// Locks the store; a poisoned lock (a thread panicked while holding it) is taken over, since
    /// the store is never left half-updated by our own code.
    pub(crate) fn lock_cookies(&self) -> MutexGuard<'_, CookieStore> {
        self.cookies.0.lock().unwrap_or_else(|e| e.into_inner())
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
    /// domain are dropped by the store. (Inserted one by one: the store's batch insert logs
    /// cookie values at debug level.)
    pub(crate) fn store_cookies<'a>(&self, url: &url::Url, values: impl Iterator<Item = &'a str>) {
        let mut parsed = values.filter_map(|v| RawCookie::parse(v).ok()).peekable();
        if parsed.peek().is_none() {
            return;
        }
        let mut store = self.lock_cookies();
        for cookie in parsed {
            if store.insert_raw(&cookie, url).is_err() {
                log::debug!("a Set-Cookie for {} was not stored", cookie.name());
            }
        }
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
