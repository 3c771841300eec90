//! The session: the cookie store every clone shares, and the bearer token.
//!
//! Registration and login set a `connect.sid` cookie that later calls must send. Every
//! `Set-Cookie` of every response (errors included) goes into one [`CookieStore`], and the
//! `Cookie` header is built from it by its domain, path, expiry and secure rules, so a cookie is
//! only ever sent back to the host that set it.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use cookie_store::{Cookie as StoreCookie, CookieStore, StoreAction};
use ureq::http::HeaderValue;

use crate::core::error::Error;
use crate::core::headers::bearer_header;
use crate::core::secret::AccessToken;

#[cfg(test)]
mod bearer_tests;
pub(crate) mod file;
mod jar;
mod rules;

pub use jar::{Cookie, CookieJar};
pub(crate) use rules::{
    MAX_COOKIE_LEN, MAX_COOKIES, MAX_SET_COOKIES_PER_RESPONSE, Refused, admit, host_only_cookie,
    host_only_loaded,
};

/// The bearer token, its prebuilt header value, when it runs out (unix seconds, from the JWT's
/// `exp`) and its issued lifetime (`exp − iat`): read once, not at every call. A token the
/// server has just issued (a log-in, a refresh) also keeps the moment it arrived, so that its
/// time left is counted on the local monotonic clock from its own `iat`, whatever the local
/// calendar clock says (see [`Session::bearer_time_left`]).
pub(crate) struct Bearer {
    pub token: AccessToken,
    pub header: HeaderValue,
    pub expires_at: Option<u64>,
    pub lifetime: Option<u64>,
    /// When a token fresh from the server arrived (`None`: set by the program, or loaded).
    pub received: Option<Instant>,
}

impl Bearer {
    pub(crate) fn new(token: AccessToken) -> Result<Bearer, Error> {
        let header = bearer_header(token.secret())?;
        let expires_at = token.expires_at();
        let lifetime = token.lifetime();
        Ok(Bearer {
            token,
            header,
            expires_at,
            lifetime,
            received: None,
        })
    }
}

/// The bearer slot: the token, and a number that changes whenever the token is set, replaced or
/// dropped, so that a refresh replaces only the token it started from.
#[derive(Default)]
struct Slot {
    bearer: Option<Bearer>,
    generation: u64,
}

/// Local unix seconds.
fn local_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

pub(crate) struct Session {
    cookies: CookieJar,
    bearer: RwLock<Slot>,
    /// How far the server's clock is ahead of the local one (seconds, may be negative), as last
    /// seen in the `iat` of a token the server had just issued; 0 until then.
    skew: AtomicI64,
    /// When the server's clock was last read from a `Date` header (local unix seconds).
    clock_read: AtomicI64,
    /// The last `Set-Cookie` this session stored (see [`Session::store_cookies`]).
    last_stored: Mutex<Option<Stored>>,
}

/// A `Set-Cookie` header as received from a URL, and the cookie the store made of it.
struct Stored {
    header: String,
    url: String,
    domain: String,
    cookie: StoreCookie<'static>,
}

impl Session {
    pub(crate) fn new(cookies: CookieJar, bearer: Option<Bearer>) -> Session {
        Session {
            cookies,
            bearer: RwLock::new(Slot {
                bearer,
                generation: 0,
            }),
            skew: AtomicI64::new(0),
            clock_read: AtomicI64::new(i64::MIN / 2),
            last_stored: Mutex::new(None),
        }
    }

    pub(crate) fn cookie_jar(&self) -> CookieJar {
        self.cookies.clone()
    }

    /// Locks the store; a poisoned lock (a thread panicked while holding it) is taken over, since
    /// the store is never left half-updated by our own code.
    pub(crate) fn lock_cookies(&self) -> MutexGuard<'_, CookieStore> {
        self.cookies.store()
    }

    /// The `Cookie` header value for a request to `url`, if any cookie applies.
    pub(crate) fn cookie_header(&self, url: &url::Url) -> Option<String> {
        let store = self.lock_cookies();
        // Room for a session cookie or two (Medusa's `connect.sid` is about 100 bytes): one
        // allocation instead of a string grown three times.
        let mut out = String::with_capacity(256);
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
    ///
    /// A server may send the same header again: Medusa 1.20 re-sends the very same
    /// `connect.sid` header (same value, same `Expires`) on each registration made within one
    /// session, so a batch of registrations through one client gets it on every call. Parsing
    /// and inserting it is most of what the session costs a call, so the last header stored is
    /// kept with the cookie made of it, and when the same header comes again from the same URL
    /// while the store still holds exactly that cookie, storing it again would change nothing
    /// and is skipped. The store is looked at, not trusted: a cookie replaced, expired or
    /// removed in between (by another response, a logout, or the user through the
    /// [`CookieJar`]) is stored again. A header with `Max-Age` is never skipped, since each
    /// arrival moves its expiry.
    pub(crate) fn store_cookies<'a>(&self, url: &url::Url, values: impl Iterator<Item = &'a str>) {
        let mut values = values.peekable();
        if values.peek().is_none() {
            return;
        }
        let mut store = self.lock_cookies();
        let mut last = self.last_stored.lock().unwrap_or_else(|e| e.into_inner());
        for value in values.take(MAX_SET_COOKIES_PER_RESPONSE) {
            if value.len() > MAX_COOKIE_LEN {
                log::debug!("a Set-Cookie over {MAX_COOKIE_LEN} bytes was not stored");
                continue;
            }
            if last.as_ref().is_some_and(|l| {
                l.header == value
                    && l.url == url.as_str()
                    && store.get(&l.domain, &l.cookie.path, l.cookie.name()) == Some(&l.cookie)
            }) {
                continue;
            }
            let Some(cookie) = host_only_cookie(value, url) else {
                log::debug!("a malformed or foreign Set-Cookie was not stored");
                continue;
            };
            let name = cookie.name().to_string();
            let keep = (cookie.max_age().is_none() && !cookie.is_expired()).then(|| {
                (
                    cookie.domain.as_cow().map(|d| d.into_owned()),
                    cookie.clone(),
                )
            });
            match admit(&mut store, cookie, url) {
                Ok(StoreAction::Inserted | StoreAction::UpdatedExisting) => {
                    if let Some((Some(domain), cookie)) = keep {
                        *last = Some(Stored {
                            header: value.to_string(),
                            url: url.as_str().to_string(),
                            domain,
                            cookie,
                        });
                    }
                }
                Ok(StoreAction::ExpiredExisting) => {}
                Err(Refused::Full) => {
                    log::debug!("the jar holds {MAX_COOKIES} cookies; a new one was not stored")
                }
                Err(Refused::Store) => log::debug!("a Set-Cookie for {name} was not stored"),
            }
        }
    }

    fn slot(&self) -> std::sync::RwLockReadGuard<'_, Slot> {
        self.bearer.read().unwrap_or_else(|e| e.into_inner())
    }

    fn slot_mut(&self) -> std::sync::RwLockWriteGuard<'_, Slot> {
        self.bearer.write().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn bearer_header(&self) -> Option<HeaderValue> {
        self.slot().bearer.as_ref().map(|b| b.header.clone())
    }

    /// The bearer token's expiry and issued lifetime (seconds), when it is a JWT with `exp`.
    pub(crate) fn bearer_expiry(&self) -> Option<(u64, Option<u64>)> {
        let slot = self.slot();
        let bearer = slot.bearer.as_ref()?;
        Some((bearer.expires_at?, bearer.lifetime))
    }

    /// How long the bearer token has left (seconds; 0 or less: it has run out) and its issued
    /// lifetime, corrected for a local clock that is off: a token fresh from the server counts
    /// from its own `iat` on the local monotonic clock (`exp − iat − time since it arrived`);
    /// any other token (set by the program, loaded from a file) counts from the local clock
    /// moved by the skew the last fresh token showed (`exp − (now + skew)`). `None` when the
    /// token has no `exp`, or there is no token.
    pub(crate) fn bearer_time_left(&self) -> Option<(i64, Option<u64>)> {
        let slot = self.slot();
        let bearer = slot.bearer.as_ref()?;
        let exp = i64::try_from(bearer.expires_at?).ok()?;
        let left = match (bearer.received, bearer.lifetime) {
            (Some(received), Some(lifetime)) => i64::try_from(lifetime)
                .unwrap_or(i64::MAX)
                .saturating_sub(i64::try_from(received.elapsed().as_secs()).unwrap_or(i64::MAX)),
            _ => exp.saturating_sub(local_now().saturating_add(self.skew.load(Ordering::Relaxed))),
        };
        Some((left, bearer.lifetime))
    }

    /// Whether the session holds a token that has run out ([`Session::bearer_time_left`]).
    pub(crate) fn bearer_expired(&self) -> bool {
        self.bearer_time_left().is_some_and(|(left, _)| left <= 0)
    }

    pub(crate) fn bearer_token(&self) -> Option<AccessToken> {
        self.slot().bearer.as_ref().map(|b| b.token.clone())
    }

    /// The token's header and the slot's generation, read together: what a refresh starts
    /// from, and what a call was made with.
    pub(crate) fn bearer_snapshot(&self) -> Option<(HeaderValue, u64)> {
        let slot = self.slot();
        let bearer = slot.bearer.as_ref()?;
        Some((bearer.header.clone(), slot.generation))
    }

    /// Sends `token` as `Authorization: Bearer` from now on; refused when it cannot be a header
    /// value (the error never quotes it).
    pub(crate) fn set_token(&self, token: AccessToken) -> Result<(), Error> {
        self.set_bearer(Some(Bearer::new(token)?));
        Ok(())
    }

    /// [`Session::set_token`] for a token the server has just issued (a log-in, a refresh): its
    /// time left is counted from its `iat` from now on, and the skew between the server's clock
    /// and the local one is learned from it.
    ///
    /// With `in_place_of: Some(generation)` it is a refresh's compare-and-swap: the token goes in
    /// the place of the token of that generation only, and when the slot has changed since (a
    /// log-out, a log-in, `set_bearer_token`), nothing is replaced and `false` is returned.
    pub(crate) fn set_issued_token(
        &self,
        token: AccessToken,
        in_place_of: Option<u64>,
    ) -> Result<bool, Error> {
        let bearer = self.issued(token)?;
        let mut slot = self.slot_mut();
        if in_place_of.is_some_and(|generation| slot.generation != generation) {
            return Ok(false);
        }
        slot.bearer = Some(bearer);
        slot.generation = slot.generation.wrapping_add(1);
        Ok(true)
    }

    /// Whether the server's clock is worth reading from an answer now: the session holds a
    /// bearer token, and the clock was not read in the last minute.
    pub(crate) fn wants_server_clock(&self) -> bool {
        self.slot().bearer.is_some()
            && local_now().saturating_sub(self.clock_read.load(Ordering::Relaxed)) >= 60
    }

    /// Learns how far the server's clock is from the local one from the time it answered at
    /// (its `Date` header): a token the program set or loaded is judged by it.
    pub(crate) fn learn_server_clock(&self, server_now: SystemTime) {
        self.clock_read.store(local_now(), Ordering::Relaxed);
        let server = match server_now.duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            Err(_) => return,
        };
        self.skew
            .store(server.saturating_sub(local_now()), Ordering::Relaxed);
    }

    fn issued(&self, token: AccessToken) -> Result<Bearer, Error> {
        let mut bearer = Bearer::new(token)?;
        bearer.received = Some(Instant::now());
        if let Some(iat) = bearer
            .expires_at
            .zip(bearer.lifetime)
            .and_then(|(exp, lifetime)| exp.checked_sub(lifetime))
            .and_then(|iat| i64::try_from(iat).ok())
        {
            self.skew
                .store(iat.saturating_sub(local_now()), Ordering::Relaxed);
        }
        Ok(bearer)
    }

    pub(crate) fn set_bearer(&self, bearer: Option<Bearer>) {
        let mut slot = self.slot_mut();
        slot.bearer = bearer;
        slot.generation = slot.generation.wrapping_add(1);
    }

    /// Forgets the bearer token and every cookie of the host of `base` (the client's base URL),
    /// whatever its path; another host's cookies in a shared jar stay.
    pub(crate) fn clear(&self, base: &str) {
        self.cookies.remove_host(base);
        self.set_bearer(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str =
        "connect.sid=s%3Aone; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly";
    const SID2: &str =
        "connect.sid=s%3Atwo; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly";

    fn url(s: &str) -> url::Url {
        url::Url::parse(s).unwrap()
    }

    fn session() -> Session {
        Session::new(CookieJar::default(), None)
    }

    fn sent(session: &Session, to: &str) -> Option<String> {
        session.cookie_header(&url(to))
    }

    #[test]
    fn the_same_header_again_keeps_the_cookie_and_is_remembered() {
        let s = session();
        let u = url("http://shop.test/store/customers");
        s.store_cookies(&u, [SID].into_iter());
        s.store_cookies(&u, [SID].into_iter());
        assert_eq!(
            sent(&s, "http://shop.test/store/x").as_deref(),
            Some("connect.sid=s%3Aone")
        );
        let last = s.last_stored.lock().unwrap();
        assert_eq!(last.as_ref().map(|l| l.header.as_str()), Some(SID));
    }

    #[test]
    fn a_cookie_replaced_or_removed_in_between_is_stored_again() {
        let s = session();
        let u = url("http://shop.test/store/customers");
        // Another header for the same cookie in between: the first one wins again.
        for header in [SID, SID2, SID] {
            s.store_cookies(&u, [header].into_iter());
        }
        assert_eq!(
            sent(&s, "http://shop.test/").as_deref(),
            Some("connect.sid=s%3Aone")
        );
        // The user changes the cookie through the jar: the same header puts it back.
        s.lock_cookies()
            .parse("connect.sid=mine; Path=/", &u)
            .unwrap();
        s.store_cookies(&u, [SID].into_iter());
        assert_eq!(
            sent(&s, "http://shop.test/").as_deref(),
            Some("connect.sid=s%3Aone")
        );
        // Cleared (a logout): the same header stores it again.
        s.clear("http://shop.test");
        assert_eq!(sent(&s, "http://shop.test/"), None);
        s.store_cookies(&u, [SID].into_iter());
        assert_eq!(
            sent(&s, "http://shop.test/").as_deref(),
            Some("connect.sid=s%3Aone")
        );
    }

    #[test]
    fn the_same_header_from_another_host_is_judged_afresh() {
        let s = session();
        s.store_cookies(&url("http://a.test/"), [SID].into_iter());
        s.store_cookies(&url("http://b.test/"), [SID].into_iter());
        assert!(sent(&s, "http://a.test/").is_some());
        assert!(
            sent(&s, "http://b.test/").is_some(),
            "host-only cookie of b.test"
        );
        // A header for a domain the URL is not in is dropped, every time.
        let foreign = "x=1; Domain=other.test; Path=/";
        s.store_cookies(&url("http://a.test/"), [foreign, foreign].into_iter());
        assert_eq!(sent(&s, "http://other.test/"), None);
    }

    #[test]
    fn max_age_and_expired_headers_are_not_remembered() {
        let s = session();
        let u = url("http://shop.test/");
        s.store_cookies(&u, ["a=1; Max-Age=600"].into_iter());
        assert!(
            s.last_stored.lock().unwrap().is_none(),
            "Max-Age moves the expiry"
        );
        s.store_cookies(&u, [SID].into_iter());
        let gone = "connect.sid=x; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT";
        s.store_cookies(&u, [gone].into_iter());
        assert_eq!(sent(&s, "http://shop.test/").as_deref(), Some("a=1"));
        // The remembered header no longer matches the store, so it is stored again.
        s.store_cookies(&u, [SID].into_iter());
        let mut both: Vec<String> = sent(&s, "http://shop.test/")
            .unwrap()
            .split("; ")
            .map(str::to_string)
            .collect();
        both.sort();
        assert_eq!(both, ["a=1", "connect.sid=s%3Aone"]);
    }

    /// The skip must never change what the store holds: random sequences of `Set-Cookie`
    /// headers (same and different names, values, paths, domains, expiry forms) from a few
    /// URLs, mixed with changes made through the jar, are applied to a session and, one by one
    /// with `insert_raw`, to a plain store; after every step both send the same `Cookie`
    /// headers everywhere.
    #[test]
    fn skipping_repeats_never_changes_what_is_sent() {
        const HEADERS: [&str; 11] = [
            SID,
            SID2,
            "connect.sid=s%3Aone; Path=/store; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
            "connect.sid=gone; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "connect.sid=s%3Aone; Path=/; Max-Age=600",
            "connect.sid=s%3Aone; Path=/; Max-Age=0",
            "theme=dark; Path=/",
            "theme=light; Path=/; Domain=shop.test",
            "theme=light; Path=/; Domain=other.test",
            "a=1",
            "not a cookie",
        ];
        let urls = [
            url("http://shop.test/store/customers"),
            url("http://shop.test/store/customers/me/orders"),
            url("http://api.shop.test/store/auth"),
        ];
        let probes = [
            url("http://shop.test/"),
            url("http://shop.test/store/customers/me"),
            url("http://api.shop.test/store/x"),
            url("http://other.test/"),
        ];
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            // xorshift64*: deterministic, so a failure can be replayed.
            seed ^= seed >> 12;
            seed ^= seed << 25;
            seed ^= seed >> 27;
            (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
        };
        for round in 0..500 {
            let session = session();
            let mut plain = CookieStore::default();
            for step in 0..(1 + next(16)) {
                match next(10) {
                    0 => {
                        session.lock_cookies().clear();
                        plain.clear();
                    }
                    1 => {
                        let u = &urls[next(urls.len())];
                        session
                            .lock_cookies()
                            .parse("connect.sid=mine; Path=/", u)
                            .ok();
                        plain.parse("connect.sid=mine; Path=/", u).ok();
                    }
                    _ => {
                        let u = &urls[next(urls.len())];
                        let headers: Vec<&str> = (0..1 + next(3))
                            .map(|_| HEADERS[next(HEADERS.len())])
                            .collect();
                        session.store_cookies(u, headers.iter().copied());
                        for h in &headers {
                            if let Some(cookie) = host_only_cookie(h, u) {
                                let _ = plain.insert(cookie, u);
                            }
                        }
                    }
                }
                for probe in &probes {
                    let got = sorted(
                        session
                            .lock_cookies()
                            .get_request_values(probe)
                            .map(|(n, v)| format!("{n}={v}"))
                            .collect(),
                    );
                    let want = sorted(
                        plain
                            .get_request_values(probe)
                            .map(|(n, v)| format!("{n}={v}"))
                            .collect(),
                    );
                    assert_eq!(got, want, "round {round}, step {step}, {probe}");
                }
            }
        }
    }

    #[test]
    fn cookies_are_host_only_and_foreign_domains_refused() {
        let s = session();
        let api = url("http://api.shop.co.uk/store/auth");
        s.store_cookies(
            &api,
            [
                "wide=1; Domain=co.uk; Path=/",
                "shop=1; Domain=shop.co.uk; Path=/",
                "foreign=1; Domain=evil.example; Path=/",
            ]
            .into_iter(),
        );
        let mut sent_back: Vec<String> = sent(&s, "http://api.shop.co.uk/")
            .unwrap()
            .split("; ")
            .map(str::to_string)
            .collect();
        sent_back.sort();
        assert_eq!(sent_back, ["shop=1", "wide=1"]);
        for other in [
            "http://evil.co.uk/",
            "http://shop.co.uk/",
            "http://www.shop.co.uk/",
            "http://evil.example/",
        ] {
            assert_eq!(sent(&s, other), None, "{other}");
        }
    }

    #[test]
    fn no_response_can_grow_the_jar_without_limit() {
        let s = session();
        let u = url("http://shop.test/");
        let many: Vec<String> = (0..200).map(|i| format!("c{i}=1; Path=/")).collect();
        s.store_cookies(&u, many.iter().map(String::as_str));
        assert_eq!(s.cookie_jar().len(), MAX_SET_COOKIES_PER_RESPONSE);
        for round in 0..20 {
            let more: Vec<String> = (0..50).map(|i| format!("r{round}x{i}=1")).collect();
            s.store_cookies(&u, more.iter().map(String::as_str));
        }
        assert_eq!(s.cookie_jar().len(), MAX_COOKIES);
        // A cookie it holds can still be replaced.
        s.store_cookies(&u, ["c0=2; Path=/"].into_iter());
        assert!(sent(&s, "http://shop.test/").unwrap().contains("c0=2"));
        let huge = format!("big={}", "x".repeat(MAX_COOKIE_LEN));
        let fresh = session();
        fresh.store_cookies(&u, [huge.as_str()].into_iter());
        assert!(fresh.cookie_jar().is_empty());
    }

    /// Issue 15: a server that sets many cookies and then deletes them (the store keeps a deleted
    /// cookie as expired) must not lock the client out of its own session.
    #[test]
    fn deleted_cookies_do_not_count_toward_the_bound() {
        let s = session();
        let u = url("http://shop.test/");
        for round in 0..6 {
            let set: Vec<String> = (0..50).map(|i| format!("t{round}x{i}=1; Path=/")).collect();
            s.store_cookies(&u, set.iter().map(String::as_str));
        }
        assert_eq!(s.cookie_jar().len(), MAX_COOKIES);
        for round in 0..6 {
            let gone: Vec<String> = (0..50)
                .map(|i| format!("t{round}x{i}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
                .collect();
            s.store_cookies(&u, gone.iter().map(String::as_str));
        }
        assert!(s.cookie_jar().is_empty());
        s.store_cookies(&u, [SID].into_iter());
        assert_eq!(
            sent(&s, "http://shop.test/").as_deref(),
            Some("connect.sid=s%3Aone")
        );
        // A deleted cookie leaves the store at once.
        assert_eq!(s.lock_cookies().iter_any().count(), 1);
        // And the jar takes as many new cookies as the bound allows.
        for round in 0..6 {
            let set: Vec<String> = (0..50).map(|i| format!("n{round}x{i}=1; Path=/")).collect();
            s.store_cookies(&u, set.iter().map(String::as_str));
        }
        assert_eq!(s.cookie_jar().len(), MAX_COOKIES);
        assert!(
            sent(&s, "http://shop.test/")
                .unwrap()
                .contains("connect.sid=s%3Aone")
        );
    }

    /// Issue 15: cookies that run out by themselves (`Max-Age=1`) do not count either.
    #[test]
    fn short_lived_cookies_do_not_lock_the_session_out() {
        let s = session();
        let u = url("http://shop.test/");
        for round in 0..6 {
            let set: Vec<String> = (0..50)
                .map(|i| format!("t{round}x{i}=1; Path=/; Max-Age=1"))
                .collect();
            s.store_cookies(&u, set.iter().map(String::as_str));
        }
        assert_eq!(s.cookie_jar().len(), MAX_COOKIES);
        std::thread::sleep(std::time::Duration::from_millis(1_100));
        assert!(s.cookie_jar().is_empty());
        s.store_cookies(&u, [SID].into_iter());
        assert_eq!(
            sent(&s, "http://shop.test/").as_deref(),
            Some("connect.sid=s%3Aone")
        );
        // Live cookies still count: the bound holds.
        let more: Vec<String> = (0..400).map(|i| format!("n{i}=1; Path=/")).collect();
        for chunk in more.chunks(50) {
            s.store_cookies(&u, chunk.iter().map(String::as_str));
        }
        assert_eq!(s.cookie_jar().len(), MAX_COOKIES);
    }

    /// Issue 15: a logout clears every cookie of the client's host, whatever its path, and no
    /// other host's.
    #[test]
    fn clear_forgets_the_hosts_cookies_of_every_path_and_keeps_other_hosts() {
        let s = session();
        let shop = url("http://shop.test/store/auth");
        s.store_cookies(
            &shop,
            [
                SID,
                "connect.sid=s%3Aauth; Path=/auth",
                "connect.sid=s%3Astore; Path=/store",
            ]
            .into_iter(),
        );
        s.store_cookies(
            &url("http://other.test/"),
            ["theme=dark; Path=/"].into_iter(),
        );
        s.set_token(AccessToken::from("tok")).unwrap();
        s.clear("http://shop.test");
        assert!(s.bearer_token().is_none());
        let left = s.cookie_jar().cookies();
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].domain(), "other.test");
    }
}
