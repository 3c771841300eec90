//! The rules every cookie is stored by, whether a response, the program
//! ([`CookieJar::insert`](super::CookieJar::insert)) or a session file brings it: host-only, at
//! most 4 KB, at most [`MAX_COOKIES`] live cookies in a jar.

use cookie_store::{Cookie as StoreCookie, CookieDomain, CookieStore, RawCookie, StoreAction};

/// At most this many `Set-Cookie` headers of one response are looked at.
pub(crate) const MAX_SET_COOKIES_PER_RESPONSE: usize = 50;
/// A `Set-Cookie` longer than this is dropped (browsers keep at most 4 KB a cookie).
pub(crate) const MAX_COOKIE_LEN: usize = 4096;
/// The jar keeps at most this many live (unexpired) cookies; a new one beyond it is dropped
/// (replacing one it holds still works), so no server can grow it without limit. Expired cookies
/// do not count: they are purged when the bound is reached.
pub(crate) const MAX_COOKIES: usize = 300;

/// The cookie a `Set-Cookie` from `url` makes, always **host-only**: a `Domain` attribute the
/// host is not in refuses the cookie (as browsers do), and one it is in is then dropped, so the
/// cookie goes back only to the very host that set it. A client talks to one backend, so this
/// is all it needs, with no public-suffix list: `Domain=co.uk` from `api.shop.co.uk` can never
/// reach `evil.co.uk` through a shared jar.
pub(crate) fn host_only_cookie(value: &str, url: &url::Url) -> Option<StoreCookie<'static>> {
    let mut raw = RawCookie::parse(value).ok()?;
    if raw.domain().is_some() {
        StoreCookie::try_from_raw_cookie(&raw, url).ok()?;
        raw.unset_domain();
    }
    StoreCookie::try_from_raw_cookie(&raw, url)
        .ok()
        .map(StoreCookie::into_owned)
}

/// The cookie of a session file saved for `url`, made host-only for `url`'s host as a
/// `Set-Cookie` from `url` would be ([`host_only_cookie`]): one whose domain `url`'s host is not
/// in is refused (a file is only ever loaded for its own base URL).
pub(crate) fn host_only_loaded(
    mut cookie: StoreCookie<'static>,
    url: &url::Url,
) -> Option<StoreCookie<'static>> {
    if !cookie.domain.matches(url) {
        return None;
    }
    cookie.domain = CookieDomain::host_only(url).ok()?;
    Some(cookie)
}

/// Why [`admit`] did not store a cookie.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The jar holds [`MAX_COOKIES`] live cookies and this one would be new.
    Full,
    /// The store refused it (an expired cookie the jar does not hold, a domain mismatch…).
    Store,
}

/// Stores `cookie` (already made host-only) as a response from `url` would, within the jar's
/// bound: a cookie the jar holds is replaced; a new one is refused when the jar holds
/// [`MAX_COOKIES`] live cookies. Expired cookies do not count: when the bound is reached they are
/// purged first, so cookies a server let run out (or deleted, which the store keeps as expired)
/// never lock the client out of its own session. A cookie the response deletes (an expiry in the
/// past) is removed.
pub(crate) fn admit(
    store: &mut CookieStore,
    cookie: StoreCookie<'static>,
    url: &url::Url,
) -> Result<StoreAction, Refused> {
    if store.iter_any().nth(MAX_COOKIES - 1).is_some() {
        purge_expired(store);
        let domain = cookie.domain.as_cow().map(|d| d.into_owned());
        if store.iter_any().nth(MAX_COOKIES - 1).is_some()
            && store
                .get(domain.as_deref().unwrap_or(""), &cookie.path, cookie.name())
                .is_none()
        {
            return Err(Refused::Full);
        }
    }
    // Only a deletion (an expired cookie) needs its key afterwards: no allocation otherwise.
    let key = cookie.is_expired().then(|| {
        (
            cookie
                .domain
                .as_cow()
                .map(|d| d.into_owned())
                .unwrap_or_default(),
            String::from(&*cookie.path),
            cookie.name().to_string(),
        )
    });
    let action = store.insert(cookie, url).map_err(|_| Refused::Store)?;
    if let (StoreAction::ExpiredExisting, Some(key)) = (&action, key) {
        // The store keeps a deleted cookie as expired: it leaves the jar at once.
        store.remove(&key.0, &key.1, &key.2);
    }
    Ok(action)
}

/// Removes every expired cookie from the store (the store keeps them otherwise).
fn purge_expired(store: &mut CookieStore) {
    let expired: Vec<(String, String, String)> = store
        .iter_any()
        .filter(|c| c.is_expired())
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
    for (domain, path, name) in expired {
        store.remove(&domain, &path, &name);
    }
}
