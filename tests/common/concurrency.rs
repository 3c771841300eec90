//! One client shared by many threads: no deadlock, no lost `Set-Cookie`, no torn session.
//!
//! The server is a small HTTP/1.1 keep-alive server (a thread per connection, on
//! `medusa_testkit::http`) that answers like Medusa's `/store/customers/me`, logs in on
//! `POST /store/auth` (session cookie `connect.sid=v1`), and rotates the session cookie now and
//! then: at least every [`ROTATE_EVERY`] requests, an answer carries
//! `Set-Cookie: connect.sid=v<N+1>`. A request with a cookie the client cannot legitimately hold
//! gets Medusa's plain-text 401 `Unauthorized`.
//!
//! What "legitimately" means has to allow for the races every cookie-carrying client has, or the
//! test fails on a slow machine with nothing wrong in the client:
//! - A thread can read the cookie, be descheduled, and send it after other threads have gone
//!   through one rotation or more. So the server does not refuse a value for being old as such:
//!   each worker thread names itself (`x-worker`, `x-call`, per-call headers of its handle), and
//!   the server refuses a value older than what that thread must hold by now: the newest value it
//!   sent before, or was sent in a `Set-Cookie`, in its earlier calls (a thread's calls are one
//!   after the other, and the crate stores a response's cookies before the call returns). A
//!   client that lost a `Set-Cookie`, or let an older value overwrite a newer one, sends less on
//!   that thread's very next call and gets a 401. Requests that do not name a worker are held to
//!   the brief's rule: the current value or the one before it.
//! - Two answers that set a cookie, handled by two threads, can be stored in either order, and
//!   the older would win. So the server issues `v<N+1>` only in answer to a request carrying
//!   `v<N>`: by then `v<N>` is in the store and no answer with an older value is still on its
//!   way, so the store only ever moves forward, and at the end holds exactly the newest value.
//!
//! Every test runs its work under [`within`], which fails the test when the work has not finished
//! in time (a deadlock) instead of hanging the run.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use medusa_blocking::AccessToken;
use medusa_blocking::v1::Medusa;
use medusa_testkit::http;
use medusa_testkit::tempdir::TempDir;

const CUSTOMER_ID: &str = "cus_01M8CDC7ME2M4FA2STAMMQJR5H";
const EMAIL: &str = "jane.doe.1795713015@example.com";
const PASSWORD: &str = "supersecret1";
/// The session cookie is rotated by the first request carrying the current value once this many
/// `/store/customers/me` requests have come since the last rotation.
const ROTATE_EVERY: u64 = 25;
const THREADS: usize = 8;
const CALLS_PER_THREAD: usize = 500;
/// The bearer tokens the server takes.
const TOKENS: [&str; 2] = ["token-a", "token-b"];

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/// What the server has seen and what it holds.
#[derive(Default)]
struct State {
    /// Whether `/store/customers/me` rotates the session cookie.
    rotating: bool,
    /// `/store/customers/me` requests, every one counted.
    me_requests: u64,
    /// The count of `me_requests` at the last rotation.
    rotated_at: u64,
    /// Rotations made by `/store/customers/me`.
    rotations: u64,
    /// The current session cookie is `v<generation>`; 0: nobody logged in yet.
    generation: u64,
    /// Per worker thread: its last call number and the oldest cookie it may still send.
    workers: HashMap<String, (u64, u64)>,
    /// Why each refused request was refused.
    refused: Vec<String>,
    /// Every `Authorization` and `Cookie` value received, to check none is torn.
    authorizations: BTreeSet<String>,
    cookies: BTreeSet<String>,
}

/// What the server looks at in a request: method, target and a few headers.
struct Request {
    method: String,
    path: String,
    cookie: Option<String>,
    authorization: Option<String>,
    /// `x-worker` and `x-call`: which worker thread, which of its calls.
    worker: Option<(String, u64)>,
}

impl Request {
    fn of(req: &http::Request) -> Request {
        let worker = req.header("x-worker").map(str::to_string);
        let call = req.header("x-call").and_then(|c| c.parse().ok());
        Request {
            method: req.method.clone(),
            path: req.target.clone(),
            cookie: req.header("cookie").map(str::to_string),
            authorization: req.header("authorization").map(str::to_string),
            worker: worker.zip(call),
        }
    }
}

/// A Medusa-like server on `127.0.0.1` (keep-alive, a thread per connection), stopped on drop.
struct MedusaLike {
    state: Arc<Mutex<State>>,
    server: http::Server,
}

impl MedusaLike {
    /// A server; `rotating`: whether `/store/customers/me` rotates the session cookie.
    fn start(rotating: bool) -> MedusaLike {
        let state = Arc::new(Mutex::new(State {
            rotating,
            ..State::default()
        }));
        let for_server = Arc::clone(&state);
        let server = http::Server::http(http::Options::default(), move |req| {
            answer(&Request::of(req), &for_server).into_bytes()
        })
        .unwrap();
        MedusaLike { state, server }
    }

    fn url(&self) -> String {
        self.server.url()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

/// The `connect.sid` value of a `Cookie` header.
fn sid(cookie: Option<&str>) -> Option<&str> {
    cookie?
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == "connect.sid")
        .map(|(_, value)| value)
}

fn customer_json() -> String {
    format!(
        r#"{{"customer":{{"id":"{CUSTOMER_ID}","email":"{EMAIL}","first_name":"Jane","last_name":"Doe","billing_address_id":null,"phone":null,"has_account":true,"created_at":"2026-11-26T17:10:15.424Z","updated_at":"2026-11-26T17:10:15.424Z","deleted_at":null,"metadata":null,"billing_address":null,"shipping_addresses":[]}}}}"#
    )
}

fn response(status: &str, content_type: &str, set_cookie: Option<u64>, body: &str) -> String {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nX-Powered-By: Express\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n",
        body.len()
    );
    if let Some(n) = set_cookie {
        out.push_str(&format!(
            "Set-Cookie: connect.sid=v{n}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly\r\n"
        ));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

fn unauthorized() -> String {
    // Medusa's own 401: plain text, no content type worth parsing.
    response("401 Unauthorized", "text/plain", None, "Unauthorized")
}

/// The server's logic, all of it under the state lock, so that checking a cookie and rotating it
/// are one step.
fn answer(request: &Request, state: &Mutex<State>) -> String {
    let mut state = state.lock().unwrap();
    if let Some(a) = &request.authorization {
        state.authorizations.insert(a.clone());
    }
    if let Some(c) = &request.cookie {
        state.cookies.insert(c.clone());
    }
    match (request.method.as_str(), request.path.as_str()) {
        ("POST", "/store/auth") => {
            state.generation += 1;
            let n = state.generation;
            response(
                "200 OK",
                "application/json; charset=utf-8",
                Some(n),
                &customer_json(),
            )
        }
        ("GET", "/store/customers/me") => me(request, &mut state),
        _ => response("404 Not Found", "text/plain", None, "Not Found"),
    }
}

fn me(request: &Request, state: &mut State) -> String {
    state.me_requests += 1;
    let count = state.me_requests;
    let sent =
        sid(request.cookie.as_deref()).and_then(|v| v.strip_prefix('v')?.parse::<u64>().ok());
    let bearer = request
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "))
        .is_some_and(|t| TOKENS.contains(&t));
    let generation = state.generation;
    let refusal = match (&request.worker, sent) {
        _ if bearer => None,
        (_, None) => Some("no session cookie".to_string()),
        (_, Some(n)) if n == 0 || n > generation => Some(format!("v{n} was never issued")),
        (Some((worker, call)), Some(n)) => {
            let (last_call, floor) = state.workers.get(worker).copied().unwrap_or((0, 1));
            if *call != last_call + 1 {
                Some(format!("call {call} after call {last_call}"))
            } else if n < floor {
                Some(format!(
                    "v{n}, but this thread must hold v{floor} or newer by now"
                ))
            } else {
                None
            }
        }
        (None, Some(n)) if n + 1 < generation => Some(format!("v{n} is too old")),
        (None, Some(_)) => None,
    };
    if let Some(why) = refusal {
        let who = match &request.worker {
            Some((w, c)) => {
                // Keep counting its calls, so that one refusal is reported once.
                let floor = state.workers.get(w).map_or(1, |&(_, floor)| floor);
                state.workers.insert(w.clone(), (*c, floor));
                format!("worker {w} call {c}")
            }
            None => "a request".to_string(),
        };
        state.refused.push(format!(
            "request {count} ({who}): {why}; current v{generation}"
        ));
        return unauthorized();
    }
    let rotate =
        state.rotating && sent == Some(generation) && count - state.rotated_at >= ROTATE_EVERY;
    if rotate {
        state.generation += 1;
        state.rotated_at = count;
        state.rotations += 1;
    }
    let set_cookie = rotate.then_some(state.generation);
    if let (Some((worker, call)), Some(n)) = (&request.worker, sent) {
        let floor = set_cookie.unwrap_or(n);
        state.workers.insert(worker.clone(), (*call, floor));
    }
    response(
        "200 OK",
        "application/json; charset=utf-8",
        set_cookie,
        &customer_json(),
    )
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Runs `work` on its own thread and returns its result, failing the test when it takes longer
/// than `limit` (a deadlock, or a call that hangs) or panics.
fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let handle = thread::spawn(move || {
        let out = work();
        let _ = tx.send(());
        out
    });
    match rx.recv_timeout(limit) {
        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => match handle.join() {
            Ok(out) => out,
            Err(panic) => std::panic::resume_unwind(panic),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("not finished after {limit:?}: deadlock or hung call")
        }
    }
}

/// A client of `server`, logged in (session cookie `v1`).
fn logged_in(server: &MedusaLike) -> Medusa {
    let medusa = Medusa::builder(server.url())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let me = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    assert_eq!(me.id, CUSTOMER_ID);
    medusa
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// `CALLS_PER_THREAD` `customers().retrieve()` on each of `THREADS` threads, thread `t` using
/// `clients[t % clients.len()]` (a clone), all started together; then the checks that no call
/// failed, every call saw the same customer, the server counted every request and rotated the
/// cookie all along, and the store holds a cookie the server still takes.
#[allow(deprecated)] // the jar's cookie_store door, kept for older programs, is exercised here
fn hammer_with_rotating_cookie(server: &MedusaLike, clients: Vec<Medusa>) {
    let probe = clients[0].clone();
    let started = Instant::now();
    let (ids, failures) = within(Duration::from_secs(60), move || {
        let start = Arc::new(Barrier::new(THREADS));
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let client = clients[t % clients.len()].clone();
                let start = Arc::clone(&start);
                thread::spawn(move || {
                    start.wait();
                    let mut ids = BTreeSet::new();
                    let mut failures = Vec::new();
                    for i in 0..CALLS_PER_THREAD {
                        let customers = client
                            .customers()
                            .header("x-worker", &t.to_string())
                            .header("x-call", &(i + 1).to_string());
                        match customers.retrieve() {
                            Ok(me) => {
                                ids.insert(me.id);
                            }
                            Err(e) => failures.push(format!("thread {t} call {i}: {e}")),
                        }
                    }
                    (ids, failures)
                })
            })
            .collect();
        let mut ids = BTreeSet::new();
        let mut failures = Vec::new();
        for w in workers {
            let (i, f) = w.join().expect("a worker panicked");
            ids.extend(i);
            failures.extend(f);
        }
        (ids, failures)
    });
    let elapsed = started.elapsed();

    let state = server.state();
    assert!(
        failures.is_empty(),
        "{} of {} calls failed, e.g. {:#?}\nrefused by the server: {:#?}",
        failures.len(),
        THREADS * CALLS_PER_THREAD,
        &failures[..failures.len().min(10)],
        &state.refused[..state.refused.len().min(10)]
    );
    assert_eq!(ids, BTreeSet::from([CUSTOMER_ID.to_string()]));
    assert_eq!(state.me_requests, (THREADS * CALLS_PER_THREAD) as u64);
    assert!(state.refused.is_empty(), "{:#?}", state.refused);
    // The cookie was rotated all along (about once per ROTATE_EVERY requests; a rotation waits
    // for a request with the current value, so a few may come late).
    let rotations = state.rotations;
    let most = (THREADS * CALLS_PER_THREAD) as u64 / ROTATE_EVERY;
    assert!(
        (most / 2..=most).contains(&rotations),
        "{rotations} rotations, expected about {most}"
    );
    let generation = state.generation;
    assert_eq!(generation, 1 + rotations);
    drop(state);
    eprintln!(
        "{} calls on {THREADS} threads in {elapsed:?}, {rotations} cookie rotations",
        THREADS * CALLS_PER_THREAD
    );

    // The store holds the newest cookie ...
    let url = url::Url::parse(&format!("{}/store/customers/me", server.url())).unwrap();
    let held: Vec<String> = probe
        .cookie_store()
        .lock()
        .unwrap()
        .get_request_values(&url)
        .map(|(n, v)| format!("{n}={v}"))
        .collect();
    assert_eq!(held, [format!("connect.sid=v{generation}")]);
    // ... so a last call, held to the strict rule, goes through.
    let me = probe.customers().retrieve();
    assert!(me.is_ok(), "{me:?}");
}

#[test]
fn threads_sharing_one_client_keep_up_with_a_rotating_session_cookie() {
    let server = MedusaLike::start(true);
    let medusa = logged_in(&server);
    hammer_with_rotating_cookie(&server, vec![medusa]);
}

#[test]
fn two_clients_sharing_one_cookie_store_keep_up_with_a_rotating_session_cookie() {
    let server = MedusaLike::start(true);
    let first = logged_in(&server);
    // Another client, with its own agent and connection pool, on the same cookie store.
    let second = Medusa::builder(server.url())
        .cookie_store(first.cookie_store())
        .build()
        .unwrap();
    hammer_with_rotating_cookie(&server, vec![first, second]);
}

#[test]
fn clones_keep_working_while_another_thread_clears_and_replaces_the_session() {
    let server = MedusaLike::start(false);
    let medusa = logged_in(&server);

    let (outcomes, mutations) = within(Duration::from_secs(60), move || {
        let done = Arc::new(AtomicBool::new(false));
        let mutator = {
            let client = medusa.clone();
            let done = Arc::clone(&done);
            thread::spawn(move || {
                let mut rounds = 0u64;
                while !done.load(Ordering::SeqCst) {
                    client.clear_session();
                    client
                        .set_bearer_token(Some(AccessToken::from(TOKENS[0])))
                        .unwrap();
                    client.set_bearer_token(None).unwrap();
                    client
                        .set_bearer_token(Some(AccessToken::from(TOKENS[1])))
                        .unwrap();
                    if rounds.is_multiple_of(10) {
                        // A new login now and then: the store is written while others read it.
                        client.auth().authenticate(EMAIL, PASSWORD).unwrap();
                    }
                    let _ = client.bearer_token();
                    let _ = format!("{client:?}");
                    rounds += 1;
                    thread::yield_now();
                }
                rounds
            })
        };
        let workers: Vec<_> = (0..THREADS)
            .map(|_| {
                let client = medusa.clone();
                thread::spawn(move || {
                    let mut outcomes = Vec::new();
                    for _ in 0..200 {
                        outcomes.push(match client.customers().retrieve() {
                            Ok(me) => Ok(me.id),
                            Err(e) => Err((e.status(), e.to_string())),
                        });
                    }
                    outcomes
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for w in workers {
            outcomes.extend(w.join().expect("a worker panicked"));
        }
        done.store(true, Ordering::SeqCst);
        let rounds = mutator.join().expect("the mutator panicked");
        (outcomes, rounds)
    });

    assert!(mutations > 0);
    assert_eq!(outcomes.len(), THREADS * 200);
    // Each call either went through or was refused as not logged in: nothing else.
    let mut ok = 0;
    for outcome in &outcomes {
        match outcome {
            Ok(id) => {
                assert_eq!(id, CUSTOMER_ID);
                ok += 1;
            }
            Err((Some(401), text)) => assert_eq!(text, "HTTP 401: Unauthorized"),
            Err(other) => panic!("unexpected failure: {other:?}"),
        }
    }
    assert!(ok > 0, "no call went through");
    let state = server.state();
    assert_eq!(state.me_requests, (THREADS * 200) as u64);
    // No torn header: every Authorization is one of the tokens, every Cookie one session cookie.
    for a in &state.authorizations {
        let token = a.strip_prefix("Bearer ");
        assert!(
            token.is_some_and(|t| TOKENS.contains(&t)),
            "torn authorization {a:?}"
        );
    }
    for c in &state.cookies {
        let value = sid(Some(c));
        assert!(
            !c.contains(';') && value.is_some_and(|v| v.starts_with('v')),
            "unexpected cookie header {c:?}"
        );
    }
}

#[test]
fn concurrent_saves_and_calls_leave_one_whole_session_file() {
    let server = MedusaLike::start(false);
    let medusa = logged_in(&server);
    medusa
        .set_bearer_token(Some(AccessToken::from(TOKENS[0])))
        .unwrap();
    let dir = TempDir::new("saves");
    let path = dir.join("session.json");

    let saved = {
        let path = path.clone();
        within(Duration::from_secs(60), move || {
            let start = Arc::new(Barrier::new(THREADS));
            let workers: Vec<_> = (0..THREADS)
                .map(|t| {
                    let client = medusa.clone();
                    let path = path.clone();
                    let start = Arc::clone(&start);
                    thread::spawn(move || {
                        start.wait();
                        let mut saves = 0;
                        for i in 0..40 {
                            if t % 2 == 0 {
                                client.save_session(&path).unwrap();
                                saves += 1;
                            } else {
                                let me = client.customers().retrieve();
                                assert!(me.is_ok(), "thread {t} call {i}: {me:?}");
                            }
                        }
                        saves
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a worker panicked"))
                .sum::<usize>()
        })
    };
    assert_eq!(saved, THREADS / 2 * 40);

    assert_eq!(
        dir.entries(),
        ["session.json"],
        "temporary files left behind"
    );
    let loaded = Medusa::builder(server.url())
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(loaded.bearer_token().unwrap().secret(), TOKENS[0]);
    // The saved cookie is one the server still takes (at most one rotation behind).
    let me = loaded.customers().retrieve();
    assert!(me.is_ok(), "{me:?}");
}
