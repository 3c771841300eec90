//! The v2 token refresh under races, stalls and clocks that are off (issue 15, section 2): one
//! token, refreshed once, never resurrected; the refresh stays within `max_call_duration()`; the
//! decision counts from the token's own `iat`; a token known to have run out says "log in again".

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use medusa_blocking::v2::Medusa;
use medusa_blocking::{AccessToken, Error};
use medusa_testkit::http;

use crate::session::{jwt, now};

const KEY: &str = "pk_test";
const CUSTOMER: &str = r#"{"customer":{"id":"cus_01","email":"jane@example.com","addresses":[]}}"#;

/// How the refresh route answers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refresh {
    /// With the next token, at once.
    Answer,
    /// With the next token once the test opens the gate ([`Mock::open`]).
    Gated,
    /// Not before this long: a stalled endpoint.
    Stall(Duration),
}

#[derive(Default)]
struct State {
    /// The token the refresh answers with (and the log-in, when set).
    next: String,
    refreshes: usize,
    /// A refresh has arrived and waits at the gate.
    waiting: bool,
    open: bool,
    /// The `Authorization` of every `GET /store/customers/me`, in order.
    me_auth: Vec<Option<String>>,
}

/// A Medusa v2-like server: `/auth/token/refresh` as [`Refresh`] says, `/store/customers/me`
/// answers 200 (401 without a bearer token), `/auth/customer/emailpass` logs in with `next`.
struct Mock {
    state: Arc<(Mutex<State>, Condvar)>,
    server: http::Server,
}

impl Mock {
    fn start(refresh: Refresh, next: &str) -> Mock {
        let state = Arc::new((
            Mutex::new(State {
                next: next.to_string(),
                ..State::default()
            }),
            Condvar::new(),
        ));
        let shared = Arc::clone(&state);
        let server = http::Server::http(http::Options::default(), move |req| {
            let (lock, signal) = &*shared;
            let json = [("Content-Type", "application/json")];
            match (req.method.as_str(), req.path()) {
                ("POST", "/auth/token/refresh") => {
                    let mut s = lock.lock().unwrap();
                    s.refreshes += 1;
                    match refresh {
                        Refresh::Answer => {}
                        Refresh::Gated => {
                            s.waiting = true;
                            signal.notify_all();
                            while !s.open {
                                s = signal.wait(s).unwrap();
                            }
                        }
                        Refresh::Stall(wait) => {
                            drop(s);
                            std::thread::sleep(wait);
                            s = lock.lock().unwrap();
                        }
                    }
                    http::response(200, &json, format!(r#"{{"token":"{}"}}"#, s.next))
                }
                ("POST", "/auth/customer/emailpass") => {
                    let s = lock.lock().unwrap();
                    http::response(200, &json, format!(r#"{{"token":"{}"}}"#, s.next))
                }
                ("GET", "/store/customers/me") => {
                    let auth = req.header("authorization").map(str::to_string);
                    let known = auth.is_some();
                    lock.lock().unwrap().me_auth.push(auth);
                    if known {
                        http::response(200, &json, CUSTOMER)
                    } else {
                        http::response(401, &json, r#"{"message":"Unauthorized"}"#)
                    }
                }
                _ => http::response(404, &json, r#"{"message":"no such route"}"#),
            }
        })
        .unwrap();
        Mock { state, server }
    }

    fn client(&self, token: &str) -> Medusa {
        Medusa::builder(self.server.url())
            .publishable_api_key(KEY)
            .bearer_token(token)
            .build()
            .unwrap()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.0.lock().unwrap()
    }

    /// Waits until a refresh waits at the gate.
    fn wait_for_refresh(&self) {
        let (lock, signal) = &*self.state;
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut s = lock.lock().unwrap();
        while !s.waiting {
            assert!(Instant::now() < deadline, "no refresh arrived");
            s = signal
                .wait_timeout(s, Duration::from_millis(100))
                .unwrap()
                .0;
        }
    }

    fn open(&self) {
        let (lock, signal) = &*self.state;
        lock.lock().unwrap().open = true;
        signal.notify_all();
    }
}

/// A 24 h token with 2 minutes left: due for a refresh.
fn due_token(tag: &str) -> String {
    let t = now();
    jwt(t - 86_400 + 120, t + 120, tag)
}

fn fresh_token(tag: &str) -> String {
    let t = now();
    jwt(t, t + 86_400, tag)
}

fn bearer(token: &str) -> Option<String> {
    Some(format!("Bearer {token}"))
}

/// What happens to the client's token while a refresh is in flight (`meanwhile`), with the
/// refresh started by a call (`explicit`: by `auth().refresh()`): the token the client holds
/// afterwards, and the `Authorization` of a call made then.
fn race(explicit: bool, meanwhile: impl FnOnce(&Medusa)) -> (Option<String>, Option<String>) {
    let old = due_token("old");
    let refreshed = fresh_token("refreshed");
    let mock = Mock::start(Refresh::Gated, &refreshed);
    let medusa = mock.client(&old);
    let clone = medusa.clone();
    let call = std::thread::spawn(move || {
        if explicit {
            clone.auth().refresh().map(|t| t.into_secret())
        } else {
            clone.customers().retrieve().map(|c| c.id)
        }
    });
    mock.wait_for_refresh();
    meanwhile(&medusa);
    mock.open();
    let outcome = call.join().unwrap();
    if explicit {
        // The caller gets the new token all the same.
        assert_eq!(outcome.unwrap(), refreshed);
    }
    assert_eq!(mock.state().refreshes, 1);
    let held = medusa.bearer_token().map(AccessToken::into_secret);
    let _ = medusa.customers().retrieve();
    let sent = mock.state().me_auth.last().cloned().flatten();
    (held, sent)
}

#[test]
fn a_refresh_in_flight_does_not_undo_a_logout() {
    for explicit in [false, true] {
        let (held, sent) = race(explicit, |m| m.auth().logout().unwrap());
        assert_eq!(
            held, None,
            "logged in again by the refresh (explicit: {explicit})"
        );
        assert_eq!(sent, None, "explicit: {explicit}");
    }
    let (held, _) = race(false, |m| m.auth().delete_session().unwrap());
    assert_eq!(held, None);
    let (held, _) = race(false, |m| m.clear_session());
    assert_eq!(held, None);
}

#[test]
fn a_refresh_in_flight_does_not_overwrite_a_token_set_meanwhile() {
    let other = fresh_token("other customer");
    for explicit in [false, true] {
        let (held, sent) = race(explicit, |m| {
            m.set_bearer_token(Some(other.as_str().into())).unwrap()
        });
        assert_eq!(
            held.as_deref(),
            Some(other.as_str()),
            "explicit: {explicit}"
        );
        assert_eq!(sent, bearer(&other), "explicit: {explicit}");
    }
}

#[test]
fn a_refresh_with_nothing_in_between_replaces_the_token() {
    let (held, sent) = race(false, |_| {});
    let held = held.unwrap();
    assert!(held.contains('.'));
    assert_ne!(held, due_token("old"));
    assert_eq!(sent, bearer(&held));
}

/// `clones` clones of `medusa` call `retrieve()` at once: each call's time.
fn stalled(clones: usize, medusa: &Medusa) -> Vec<Duration> {
    let threads: Vec<_> = (0..clones)
        .map(|_| {
            let m = medusa.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let id = m.customers().retrieve().unwrap().id;
                assert_eq!(id, "cus_01");
                started.elapsed()
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

#[test]
fn a_stalled_refresh_stays_within_max_call_duration_and_runs_once() {
    let old = due_token("old");
    let mock = Mock::start(Refresh::Stall(Duration::from_secs(3)), &fresh_token("new"));
    let medusa = Medusa::builder(mock.server.url())
        .publishable_api_key(KEY)
        .bearer_token(old.as_str())
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let times = stalled(4, &medusa);
    eprintln!("4 clones, stalled refresh, 1 s timeout: {times:?}");
    // One attempt of the call, and one of the refresh (or the wait for another clone's).
    assert_eq!(medusa.max_call_duration(), Duration::from_secs(2));
    let budget = medusa.max_call_duration() + Duration::from_millis(500);
    for t in &times {
        assert!(*t <= budget, "a call took {t:?}: {times:?}");
    }
    // One refresh for the four clones: the waiting ones took its failure as theirs.
    assert_eq!(mock.state().refreshes, 1);
    // The token is kept, and the failure is not tried again at once by the next calls.
    assert_eq!(medusa.bearer_token().unwrap().secret(), old);
    let times = stalled(4, &medusa);
    eprintln!("4 clones right after the failed refresh: {times:?}");
    for t in &times {
        assert!(*t < Duration::from_millis(500), "{times:?}");
    }
    assert_eq!(mock.state().refreshes, 1);
    assert!(mock.state().me_auth.iter().all(|a| *a == bearer(&old)));
}

#[test]
fn one_stalled_refresh_with_retries_is_one_attempt() {
    let old = due_token("old");
    let mock = Mock::start(Refresh::Stall(Duration::from_secs(3)), &fresh_token("new"));
    let medusa = Medusa::builder(mock.server.url())
        .publishable_api_key(KEY)
        .bearer_token(old.as_str())
        .timeout(Duration::from_secs(1))
        .max_retries(2)
        .retry_delays(Duration::from_millis(10), Duration::from_millis(10))
        .build()
        .unwrap();
    let started = Instant::now();
    medusa.customers().retrieve().unwrap();
    let took = started.elapsed();
    eprintln!("one call, stalled refresh, 1 s timeout, 2 retries: {took:?}");
    assert!(took < Duration::from_millis(1_600), "{took:?}");
    assert!(took <= medusa.max_call_duration());
    assert_eq!(mock.state().refreshes, 1);
}

/// Logs in to a server whose clock is `ahead` seconds ahead of the local one (negative: behind)
/// and that issues 8-second tokens; waits until 2 s of the token are left on the server's clock
/// (the margin is a quarter of the lifetime); whether the next call refreshed it.
fn refreshes_with_server_clock(ahead: i64) -> bool {
    let server_now = now().saturating_add_signed(ahead);
    let login = jwt(server_now, server_now + 8, "login");
    let mock = Mock::start(Refresh::Answer, &login);
    let medusa = Medusa::builder(mock.server.url())
        .publishable_api_key(KEY)
        .build()
        .unwrap();
    medusa.auth().login("jane@example.com", "secret").unwrap();
    // Not due at once: 8 s left.
    medusa.customers().retrieve().unwrap();
    assert_eq!(
        mock.state().refreshes,
        0,
        "refreshed at once (ahead {ahead} s)"
    );
    std::thread::sleep(Duration::from_millis(6_300));
    mock.state().next = jwt(server_now + 6, server_now + 14, "refreshed");
    medusa.customers().retrieve().unwrap();
    mock.state().refreshes == 1
}

#[test]
fn a_local_clock_off_by_minutes_still_refreshes_in_time() {
    let behind = std::thread::spawn(|| refreshes_with_server_clock(20 * 60));
    let ahead = std::thread::spawn(|| refreshes_with_server_clock(-20 * 60));
    let on_time = refreshes_with_server_clock(0);
    assert!(on_time, "clock right");
    assert!(behind.join().unwrap(), "local clock 20 minutes slow");
    assert!(ahead.join().unwrap(), "local clock 20 minutes fast");
}

#[test]
fn a_call_with_a_token_that_ran_out_says_log_in_again() {
    // A job idle past its token's expiry: the client does not refresh a token that has run out
    // (the server refuses to), the call is made with it, and the server's 401 says so.
    let t = now();
    let expired = jwt(t - 86_400, t - 5, "expired");
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let me = server
        .mock("GET", "/store/customers/me")
        .with_status(401)
        .with_header("content-type", "application/json")
        .with_body(r#"{"message":"Unauthorized"}"#)
        .expect(3)
        .create();
    let refresh = server
        .mock("POST", "/auth/token/refresh")
        .expect(0)
        .create();
    let expired_client = Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .bearer_token(expired.as_str())
        .build()
        .unwrap();
    let e = expired_client.customers().retrieve().unwrap_err();
    let text = e.to_string();
    assert!(text.contains("session expired: log in again"), "{text}");
    assert!(text.contains("Unauthorized"), "{text}");
    assert!(matches!(e, Error::SessionExpired { .. }), "{e:?}");
    assert_eq!(e.status(), Some(401));
    assert_eq!(e.api_error().unwrap().kind, "unauthorized");
    // The escape hatch, made as the session too.
    let e = expired_client
        .request("GET", "/store/customers/me")
        .send::<serde_json::Value>()
        .unwrap_err();
    assert!(
        e.to_string().starts_with("session expired: log in again"),
        "{e}"
    );
    // A 401 for a token that still looks good is the server's 401 as it is.
    let good = Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .bearer_token(fresh_token("good").as_str())
        .build()
        .unwrap();
    let e = good.customers().retrieve().unwrap_err();
    assert!(!matches!(e, Error::SessionExpired { .. }), "{e:?}");
    assert!(!e.to_string().contains("session expired"), "{e}");
    me.assert();
    refresh.assert();
    catch_all.assert_nothing_unexpected();
}

/// The same race against the real Medusa 2.21, through a forwarding proxy that holds each
/// `POST /auth/token/refresh` until the test lets it through.
mod live {
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    use medusa_blocking::Error;
    use medusa_blocking::v2::Medusa;
    use medusa_blocking::v2::store::params::CreateCustomer;
    use medusa_testkit::http;

    use crate::support;

    const PASSWORD: &str = "live-v2-Refresh-1";

    #[derive(Default)]
    struct Gate {
        arrived: usize,
        opened: usize,
    }

    /// Forwards everything to `upstream`; the n-th refresh waits for the n-th `open`.
    struct Proxy {
        gate: Arc<(Mutex<Gate>, Condvar)>,
        server: http::Server,
    }

    impl Proxy {
        fn start(upstream: &str) -> Proxy {
            let gate = Arc::new((Mutex::new(Gate::default()), Condvar::new()));
            let shared = Arc::clone(&gate);
            let upstream = upstream.to_string();
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .build()
                .into();
            let server = http::Server::http(http::Options::default(), move |req| {
                if req.path() == "/auth/token/refresh" {
                    let (lock, signal) = &*shared;
                    let mut g = lock.lock().unwrap();
                    let n = g.arrived;
                    g.arrived += 1;
                    signal.notify_all();
                    let deadline = Instant::now() + Duration::from_secs(20);
                    while g.opened <= n && Instant::now() < deadline {
                        g = signal
                            .wait_timeout(g, Duration::from_millis(100))
                            .unwrap()
                            .0;
                    }
                }
                let mut forward = ureq::http::Request::builder()
                    .method(req.method.as_str())
                    .uri(format!("{upstream}{}", req.origin_form()));
                for (name, value) in &req.headers {
                    let lower = name.to_ascii_lowercase();
                    if !["host", "connection", "content-length", "accept-encoding"]
                        .contains(&lower.as_str())
                    {
                        forward = forward.header(name.as_str(), value.as_str());
                    }
                }
                let mut response = agent.run(forward.body(req.body.clone()).unwrap()).unwrap();
                let status = response.status().as_u16();
                let headers: Vec<(String, String)> = response
                    .headers()
                    .iter()
                    .filter(|(n, _)| {
                        ["content-type", "set-cookie"]
                            .contains(&n.as_str().to_ascii_lowercase().as_str())
                    })
                    .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
                    .collect();
                let body = response.body_mut().read_to_vec().unwrap();
                let headers: Vec<(&str, &str)> = headers
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.as_str()))
                    .collect();
                http::response(status, &headers, body)
            })
            .unwrap();
            Proxy { gate, server }
        }

        fn wait_for_refresh(&self, count: usize) {
            let (lock, signal) = &*self.gate;
            let deadline = Instant::now() + Duration::from_secs(20);
            let mut g = lock.lock().unwrap();
            while g.arrived < count {
                assert!(Instant::now() < deadline, "no refresh arrived");
                g = signal
                    .wait_timeout(g, Duration::from_millis(100))
                    .unwrap()
                    .0;
            }
        }

        fn open(&self) {
            let (lock, signal) = &*self.gate;
            lock.lock().unwrap().opened += 1;
            signal.notify_all();
        }
    }

    fn email(tag: &str) -> String {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        format!(
            "live2-refresh-{tag}-{nanos}-{}@example.com",
            std::process::id()
        )
    }

    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn a_refresh_in_flight_neither_overwrites_a_new_login_nor_undoes_a_logout() {
        let b = support::live::backend(&support::live::V2);
        let direct = Medusa::builder(&b.url)
            .publishable_api_key(&b.key)
            .build()
            .unwrap();
        let (a, bee) = (email("a"), email("b"));
        for e in [&a, &bee] {
            direct
                .customers()
                .create(&CreateCustomer::new(e, PASSWORD))
                .unwrap();
        }
        let proxy = Proxy::start(&b.url);
        let medusa = Medusa::builder(proxy.server.url())
            .publishable_api_key(&b.key)
            .build()
            .unwrap();
        medusa.auth().login(&a, PASSWORD).unwrap();

        // A's token is being refreshed while the program logs in as B.
        let clone = medusa.clone();
        let refresh = std::thread::spawn(move || clone.auth().refresh());
        proxy.wait_for_refresh(1);
        medusa.auth().login(&bee, PASSWORD).unwrap();
        proxy.open();
        let a_again = refresh
            .join()
            .unwrap()
            .expect("the server refreshed A's token");
        assert_ne!(medusa.bearer_token(), Some(a_again));
        assert_eq!(medusa.customers().retrieve().unwrap().email, bee);

        // B's token is being refreshed while the program logs out.
        let clone = medusa.clone();
        let refresh = std::thread::spawn(move || clone.auth().refresh());
        proxy.wait_for_refresh(2);
        medusa.auth().logout().unwrap();
        proxy.open();
        refresh
            .join()
            .unwrap()
            .expect("the server refreshed B's token");
        assert_eq!(
            medusa.bearer_token(),
            None,
            "logged in again by the refresh"
        );
        let e = medusa.customers().retrieve().unwrap_err();
        assert_eq!(e.status(), Some(401), "{e}");
        assert!(!matches!(e, Error::SessionExpired { .. }), "{e}");
    }
}
