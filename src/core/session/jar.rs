//! The cookie jar: one cookie store shared by a client, its clones and any client built with it.
//!
//! The jar wraps `cookie_store::CookieStore` (as ureq wraps it) so that the crate's API does not
//! depend on that crate's types: [`CookieJar::cookies`], [`CookieJar::insert`],
//! [`CookieJar::remove`] and [`CookieJar::clear`] cover what a program does with a session's
//! cookies. The older `cookie_store`-typed doors ([`CookieJar::new`], [`CookieJar::lock`]) still
//! work and are deprecated.

use std::fmt;
use std::sync::{Arc, LockResult, Mutex, MutexGuard};

use cookie_store::CookieStore;

use crate::core::error::{Error, Result};
use crate::core::session::rules::{MAX_COOKIE_LEN, MAX_COOKIES, Refused, admit, host_only_cookie};

/// The cookie store of a client, shareable with other clients: clones share one store. Its
/// `Debug` shows how many cookies it holds, never their values.
///
/// ```
/// use medusa_blocking::{CookieJar, v1::Medusa};
/// let jar = CookieJar::default();
/// let a = Medusa::builder("http://localhost:9000").cookie_store(jar.clone()).build()?;
/// let b = Medusa::builder("http://localhost:9000").cookie_store(jar.clone()).build()?;
/// assert_eq!(format!("{jar:?}"), "CookieJar { cookies: 0 }");
/// assert!(jar.is_empty());
/// # let _ = (a, b);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct CookieJar(Arc<Mutex<CookieStore>>);

/// One cookie of a [`CookieJar`]. Its `Debug` never shows the value; [`Cookie::value`] does.
///
/// ```
/// let jar = medusa_blocking::CookieJar::default();
/// jar.insert("connect.sid=s%3Aabc; Path=/; HttpOnly", "http://localhost:9000/store/auth")?;
/// let cookie = &jar.cookies()[0];
/// assert_eq!((cookie.name(), cookie.domain(), cookie.path()), ("connect.sid", "localhost", "/"));
/// assert_eq!(cookie.value(), "s%3Aabc");
/// assert!(!format!("{cookie:?}").contains("abc"));
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Cookie {
    name: String,
    value: String,
    domain: String,
    path: String,
    persistent: bool,
}

impl Cookie {
    /// The cookie's name, e.g. `connect.sid`.
    ///
    /// ```
    /// # let jar = medusa_blocking::CookieJar::default();
    /// # jar.insert("a=1", "http://h/")?;
    /// assert_eq!(jar.cookies()[0].name(), "a");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The cookie's value: a secret for a session cookie.
    ///
    /// ```
    /// # let jar = medusa_blocking::CookieJar::default();
    /// # jar.insert("a=1", "http://h/")?;
    /// assert_eq!(jar.cookies()[0].value(), "1");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The host (host-only cookie) or domain it is sent to.
    ///
    /// ```
    /// # let jar = medusa_blocking::CookieJar::default();
    /// # jar.insert("a=1", "http://shop.example/")?;
    /// assert_eq!(jar.cookies()[0].domain(), "shop.example");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The path it is sent under.
    ///
    /// ```
    /// # let jar = medusa_blocking::CookieJar::default();
    /// # jar.insert("a=1; Path=/store", "http://h/")?;
    /// assert_eq!(jar.cookies()[0].path(), "/store");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether it has an expiry (`Expires`/`Max-Age`); a session cookie has none.
    ///
    /// ```
    /// # let jar = medusa_blocking::CookieJar::default();
    /// # jar.insert("a=1; Max-Age=60", "http://h/")?;
    /// assert!(jar.cookies()[0].is_persistent());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }
}

impl fmt::Debug for Cookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cookie")
            .field("name", &self.name)
            .field("value", &"***")
            .field("domain", &self.domain)
            .field("path", &self.path)
            .field("persistent", &self.persistent)
            .finish()
    }
}

impl CookieJar {
    /// A jar holding `store`.
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let jar = medusa_blocking::CookieJar::new(cookie_store::CookieStore::default());
    /// # let _ = jar;
    /// ```
    #[deprecated(
        since = "0.2.0",
        note = "exposes cookie_store's types; use CookieJar::default() and CookieJar::insert"
    )]
    pub fn new(store: CookieStore) -> CookieJar {
        CookieJar::from_store(store)
    }

    pub(crate) fn from_store(store: CookieStore) -> CookieJar {
        CookieJar(Arc::new(Mutex::new(store)))
    }

    /// Locks the store, as [`Mutex::lock`] does, e.g. to look at or change its cookies.
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// let jar = medusa_blocking::CookieJar::default();
    /// let url = url::Url::parse("http://localhost:9000/").unwrap();
    /// jar.lock().unwrap().parse("theme=dark; Path=/", &url).unwrap();
    /// assert_eq!(jar.lock().unwrap().get_request_values(&url).count(), 1);
    /// ```
    #[deprecated(
        since = "0.2.0",
        note = "exposes cookie_store's types; use cookies(), insert(), remove() and clear()"
    )]
    pub fn lock(&self) -> LockResult<MutexGuard<'_, CookieStore>> {
        self.0.lock()
    }

    /// Locks the store; a poisoned lock (a thread panicked while holding it) is taken over,
    /// since the crate never leaves the store half-updated.
    pub(crate) fn store(&self) -> MutexGuard<'_, CookieStore> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every unexpired cookie, in no particular order.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("a=1", "http://h/")?;
    /// jar.insert("b=2; Path=/x", "http://h/")?;
    /// let mut names: Vec<String> = jar.cookies().iter().map(|c| c.name().to_string()).collect();
    /// names.sort();
    /// assert_eq!(names, ["a", "b"]);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookies(&self) -> Vec<Cookie> {
        self.store().iter_unexpired().map(cookie_of).collect()
    }

    /// The cookies a request to `url` would carry (by domain, path, expiry and `Secure`).
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("a=1; Path=/store", "http://h/store/auth")?;
    /// assert_eq!(jar.cookies_for("http://h/store/customers/me")?.len(), 1);
    /// assert!(jar.cookies_for("http://h/admin")?.is_empty());
    /// assert!(jar.cookies_for("http://other/store")?.is_empty());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn cookies_for(&self, url: &str) -> Result<Vec<Cookie>> {
        let url = url::Url::parse(url)
            .map_err(|e| Error::InvalidInput(format!("cookie URL {url:?}: {e}")))?;
        Ok(self
            .store()
            .matches(&url)
            .into_iter()
            .map(cookie_of)
            .collect())
    }

    /// How many unexpired cookies the jar holds.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("a=1", "http://h/")?;
    /// assert_eq!(jar.len(), 1);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.store().iter_unexpired().count()
    }

    /// Whether the jar holds no unexpired cookie.
    ///
    /// ```
    /// assert!(medusa_blocking::CookieJar::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stores a cookie as if `url` had answered with this `Set-Cookie` header value, by the same
    /// rules as a response: the cookie is **host-only** (a `Domain` the URL's host is not in is
    /// refused, one it is in is dropped, so the cookie goes back to `url`'s host alone), at most
    /// 4 KB, and a new cookie is refused when the jar already holds 300 live ones (replacing one
    /// it holds still works). The value is never quoted in the error.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("theme=dark; Path=/", "http://localhost:9000/")?;
    /// assert!(jar.insert("x=1; Domain=elsewhere.example", "http://localhost:9000/").is_err());
    /// // Set by api.localhost for the whole domain: kept for api.localhost alone.
    /// jar.insert("sid=1; Domain=localhost; Path=/", "http://api.localhost/")?;
    /// assert_eq!(jar.cookies_for("http://api.localhost/")?.len(), 1);
    /// assert_eq!(jar.cookies_for("http://localhost:9000/")?.len(), 1); // theme only
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn insert(&self, set_cookie: &str, url: &str) -> Result<()> {
        let url = url::Url::parse(url)
            .map_err(|e| Error::InvalidInput(format!("cookie URL {url:?}: {e}")))?;
        if set_cookie.len() > MAX_COOKIE_LEN {
            return Err(Error::InvalidInput(format!(
                "the cookie is longer than {MAX_COOKIE_LEN} bytes"
            )));
        }
        let cookie = host_only_cookie(set_cookie, &url)
            .ok_or_else(|| Error::InvalidInput("the cookie was refused for that URL".into()))?;
        match admit(&mut self.store(), cookie, &url) {
            Ok(_) => Ok(()),
            Err(Refused::Full) => Err(Error::InvalidInput(format!(
                "the jar holds {MAX_COOKIES} cookies; a new one is not stored"
            ))),
            Err(Refused::Store) => Err(Error::InvalidInput(
                "the cookie was refused for that URL".into(),
            )),
        }
    }

    /// Removes the cookie `name` stored for `domain` and `path`; whether there was one.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("connect.sid=x; Path=/", "http://localhost:9000/")?;
    /// assert!(jar.remove("localhost", "/", "connect.sid"));
    /// assert!(jar.is_empty());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove(&self, domain: &str, path: &str, name: &str) -> bool {
        self.store().remove(domain, path, name).is_some()
    }

    /// Removes every cookie a request to `url` would carry, and no other (another host's, or
    /// one for another path, stays); how many were removed.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("connect.sid=x; Path=/", "http://localhost:9000/")?;
    /// jar.insert("theme=dark; Path=/", "http://other:9000/")?;
    /// assert_eq!(jar.remove_for("http://localhost:9000/")?, 1);
    /// assert_eq!(jar.len(), 1);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_for(&self, url: &str) -> Result<usize> {
        let url = url::Url::parse(url)
            .map_err(|e| Error::InvalidInput(format!("cookie URL {url:?}: {e}")))?;
        let mut store = self.store();
        let keys: Vec<(String, String, String)> = store
            .matches(&url)
            .into_iter()
            .map(|c| {
                (
                    c.domain
                        .as_cow()
                        .map(|d| d.into_owned())
                        .unwrap_or_default(),
                    String::from(&*c.path),
                    c.name().to_string(),
                )
            })
            .collect();
        let removed = keys.len();
        for (domain, path, name) in keys {
            store.remove(&domain, &path, &name);
        }
        Ok(removed)
    }

    /// Removes every cookie (expired ones included) that goes to the host of `base`, whatever
    /// its path; another host's stay. How many were removed. A base that is not a URL removes
    /// nothing.
    pub(crate) fn remove_host(&self, base: &str) -> usize {
        let Some(url) = host_url(base) else {
            return 0;
        };
        let mut store = self.store();
        let keys: Vec<(String, String, String)> = store
            .iter_any()
            .filter(|c| c.domain.matches(&url))
            .map(|c| {
                (
                    c.domain
                        .as_cow()
                        .map(|d| d.into_owned())
                        .unwrap_or_default(),
                    String::from(&*c.path),
                    c.name().to_string(),
                )
            })
            .collect();
        let removed = keys.len();
        for (domain, path, name) in keys {
            store.remove(&domain, &path, &name);
        }
        removed
    }

    /// Whether the jar holds a live cookie for the host of `base` (a URL), whatever the cookie's
    /// path: whether a client of that backend holds a cookie session.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("connect.sid=x; Path=/auth", "http://localhost:9000/auth/session")?;
    /// assert!(jar.holds_host("http://localhost:9000"));
    /// assert!(!jar.holds_host("http://other:9000"));
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn holds_host(&self, base: &str) -> bool {
        host_url(base).is_some_and(|url| {
            self.store()
                .iter_unexpired()
                .any(|c| c.domain.matches(&url))
        })
    }

    /// Removes every cookie, of every host.
    ///
    /// ```
    /// let jar = medusa_blocking::CookieJar::default();
    /// jar.insert("a=1", "http://h/")?;
    /// jar.clear();
    /// assert!(jar.is_empty());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn clear(&self) {
        self.store().clear();
    }
}

/// `base` parsed, for matching cookie domains against its host.
fn host_url(base: &str) -> Option<url::Url> {
    url::Url::parse(base)
        .ok()
        .filter(|u| u.host_str().is_some())
}

fn cookie_of(c: &cookie_store::Cookie<'_>) -> Cookie {
    Cookie {
        name: c.name().to_string(),
        value: c.value().to_string(),
        domain: c
            .domain
            .as_cow()
            .map(|d| d.into_owned())
            .unwrap_or_default(),
        path: String::from(&*c.path),
        persistent: matches!(c.expires, cookie_store::CookieExpiration::AtUtc(_)),
    }
}

impl From<CookieStore> for CookieJar {
    fn from(store: CookieStore) -> CookieJar {
        CookieJar::from_store(store)
    }
}

impl From<Arc<Mutex<CookieStore>>> for CookieJar {
    fn from(store: Arc<Mutex<CookieStore>>) -> CookieJar {
        CookieJar(store)
    }
}

impl fmt::Debug for CookieJar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CookieJar")
            .field("cookies", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(cookies: Vec<Cookie>) -> Vec<String> {
        let mut names: Vec<String> = cookies.iter().map(|c| c.name().to_string()).collect();
        names.sort();
        names
    }

    /// Issue 15: `insert` follows the host-only rule of responses.
    #[test]
    fn insert_is_host_only_as_a_response_is() {
        let jar = CookieJar::default();
        jar.insert("sid=1; Domain=localhost; Path=/", "http://api.localhost/")
            .unwrap();
        assert_eq!(
            names(jar.cookies_for("http://api.localhost/").unwrap()),
            ["sid"]
        );
        assert!(jar.cookies_for("http://localhost/").unwrap().is_empty());
        assert!(
            jar.cookies_for("http://www.api.localhost/")
                .unwrap()
                .is_empty()
        );
        jar.insert("wide=1; Domain=co.uk; Path=/", "http://api.shop.co.uk/")
            .unwrap();
        for other in ["http://evil.co.uk/", "http://shop.co.uk/", "http://co.uk/"] {
            assert!(jar.cookies_for(other).unwrap().is_empty(), "{other}");
        }
        assert_eq!(
            names(jar.cookies_for("http://api.shop.co.uk/").unwrap()),
            ["wide"]
        );
        assert!(
            jar.insert("x=1; Domain=elsewhere.example", "http://localhost/")
                .is_err()
        );
        let domains: Vec<String> = jar
            .cookies()
            .iter()
            .map(|c| c.domain().to_string())
            .collect();
        assert!(
            domains
                .iter()
                .all(|d| d == "api.localhost" || d == "api.shop.co.uk"),
            "{domains:?}"
        );
    }

    /// `insert` keeps the jar's bound and the size limit, as responses do.
    #[test]
    fn insert_keeps_the_bound_and_the_size_limit() {
        let jar = CookieJar::default();
        for i in 0..MAX_COOKIES {
            jar.insert(&format!("c{i}=1; Path=/"), "http://h/").unwrap();
        }
        let err = jar.insert("one=more; Path=/", "http://h/").unwrap_err();
        assert!(err.to_string().contains("300"), "{err}");
        assert!(!err.to_string().contains("more"), "{err}");
        jar.insert("c0=2; Path=/", "http://h/").unwrap();
        // Deleting one (an expiry in the past) makes room.
        jar.insert(
            "c1=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "http://h/",
        )
        .unwrap();
        jar.insert("one=more; Path=/", "http://h/").unwrap();
        assert_eq!(jar.len(), MAX_COOKIES);
        let huge = format!("big={}", "x".repeat(MAX_COOKIE_LEN));
        assert!(CookieJar::default().insert(&huge, "http://h/").is_err());
    }

    #[test]
    fn remove_host_removes_every_path_of_that_host_and_no_other_host() {
        let jar = CookieJar::default();
        jar.insert("a=1; Path=/", "http://shop.test/").unwrap();
        jar.insert("b=1; Path=/auth", "http://shop.test/auth/session")
            .unwrap();
        jar.insert("c=1; Path=/store", "http://shop.test/store")
            .unwrap();
        jar.insert("d=1; Path=/", "http://api.shop.test/").unwrap();
        jar.insert("e=1; Path=/", "http://other.test/").unwrap();
        assert!(jar.holds_host("http://shop.test"));
        assert_eq!(jar.remove_host("http://shop.test:9000"), 3);
        assert!(!jar.holds_host("http://shop.test"));
        assert_eq!(names(jar.cookies()), ["d", "e"]);
        assert_eq!(jar.remove_host("not a url"), 0);
    }
}
