//! A chaos soak of the project's own (README, "Reliability"): the public API, driven by several
//! clients and clones in several threads doing a random mix of calls through a fault proxy
//! ([`medusa_testkit::chaos`]: resets, lost responses, delays, truncated bodies, `503` with
//! `Retry-After`) in front of the REAL Medusa 1.20 and 2.21 servers. A model keeps what the
//! server must hold; at the end it is compared with what the server holds, read back without the
//! proxy.
//!
//! The rules, per call: `Ok` means it happened exactly once; a definite error means it changed
//! nothing; `Error::OutcomeUnknown` is allowed and counted, and the model then accepts either
//! outcome of that call. At the end: every customer exists once with its id, every address exactly
//! once with the fields sent (or not at all once deleted), the intended password works and every
//! earlier one is refused, and each client is still logged in (or out) as it should be.
//!
//! Figures per API and seed: calls, faults injected by kind, ok / definite errors / unknown
//! outcomes, divergences (each one described), panics (`catch_unwind` around every call), hangs
//! (a watchdog deadline per call) and wall time.
//!
//! Settings (environment):
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `SOAK_SEEDS` | `1` | comma-separated seeds, one run per seed and API |
//! | `SOAK_CALLS` | `1000` | calls per API and seed |
//! | `SOAK_FAULT_RATE` | `0.2` | probability of a fault per HTTP request |
//! | `SOAK_CUSTOMERS`, `SOAK_CLONES` | `3`, `2` | clients, and threads (clones) per client |
//! | `SOAK_MAX_SECS` | `240` | wall-time bound per run: it stops by itself |
//! | `SOAK_CALL_DEADLINE_SECS` | `60` | a call running longer is a hang |
//! | `SOAK_EXPECT_CLEAN` | `1` | `0`: print the figures, do not fail on divergences |
//! | `SOAK_NAIVE_CALLS` | `SOAK_CALLS` | calls of the naive client's run |
//!
//! The live tests are in [`live`] (`#[ignore]`d like every live test); the naive client (blind
//! retries through the escape hatch, [`naive`]) must FAIL the same soak on the same seeds, which
//! shows the soak can fail.

mod admin;
mod admin_v1;
mod admin_v2;
mod checkout;
mod checkout_v2;
mod naive;
mod v1;
mod v2;

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use medusa_testkit::chaos::{ChaosProxy, Config, Counts};

/// The outcome of one call, as the soak judges it.
#[derive(Debug, Clone)]
pub enum Out<T> {
    /// It happened, exactly once.
    Ok(T),
    /// It did not happen (the status, if any, and the error's text).
    Definite(Option<u16>, String),
    /// The client said it cannot tell (`Error::OutcomeUnknown`).
    Unknown,
    /// The call panicked (caught).
    Panic,
}

/// The crate's result as an [`Out`].
pub fn out<T>(r: medusa_blocking::Result<T>) -> Out<T> {
    match r {
        Ok(v) => Out::Ok(v),
        Err(medusa_blocking::Error::OutcomeUnknown { .. }) => Out::Unknown,
        Err(e) => Out::Definite(e.status(), e.to_string()),
    }
}

/// An address as the soak sees it: `address_1` is the soak's unique marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addr {
    pub id: String,
    pub line: String,
    pub city: String,
    pub postal: String,
}

/// The calls the soak makes, one client (and its clones) of one API. Implemented with the
/// crate's typed calls ([`v1::Crate`], [`v2::Crate`]) and by a naive client ([`naive`]).
pub trait Driver: Send + Sync {
    /// A clone of this client (same session).
    fn fork(&self) -> Box<dyn Driver>;
    /// A new client of the same kind, through the same proxy.
    fn fresh(&self) -> Box<dyn Driver>;
    /// Registers (and logs this client in); the new customer's id.
    fn create(&self, email: &str, password: &str) -> Out<String>;
    fn login(&self, email: &str, password: &str) -> Out<()>;
    fn logout(&self) -> Out<()>;
    /// v2: a token refresh; v1: `GET /store/auth`.
    fn refresh(&self) -> Out<()>;
    /// The logged-in customer: id and first name.
    fn me(&self) -> Out<(String, Option<String>)>;
    fn update_name(&self, name: &str) -> Out<()>;
    fn addresses(&self) -> Out<Vec<Addr>>;
    /// The customer's addresses after the call.
    fn add_address(&self, line: &str, city: &str, postal: &str) -> Out<Vec<Addr>>;
    fn update_address(&self, id: &str, city: &str, postal: &str) -> Out<()>;
    fn delete_address(&self, id: &str) -> Out<()>;
    /// Lists the customer's orders and iterates over them: how many.
    fn orders(&self) -> Out<usize>;
    fn request_reset(&self, email: &str) -> Out<()>;
    fn reset(&self, email: &str, token: &str, password: &str) -> Out<()>;
    /// An address id of this API's shape that never existed.
    fn missing_address_id(&self) -> String;
}

/// Makes a driver for a base URL.
pub type Make = Arc<dyn Fn(&str) -> Box<dyn Driver> + Send + Sync>;

/// Which API and which client under test.
#[derive(Clone)]
pub struct Target {
    pub api: &'static str,
    /// The real server's base URL (read-back and reset tokens).
    pub url: String,
    /// A driver for `url` (through the proxy when given its URL).
    pub make: Make,
    /// The crate's own driver, for the read-back without the proxy.
    pub direct: Make,
    /// The server's own rules (v1's contract, "Update and delete address behaviour" and
    /// "De-duplication"): adding an address equal to one the customer has creates nothing, and
    /// deleting an unknown address id is a silent `200`. v2 does neither.
    pub server_dedups_and_ignores_unknown_ids: bool,
}

// ---------------------------------------------------------------- settings

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The soak's settings, from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    pub seeds: Vec<u64>,
    pub calls: u64,
    pub rate: f64,
    pub customers: usize,
    pub clones: usize,
    pub max_secs: u64,
    pub call_deadline: Duration,
    pub expect_clean: bool,
}

impl Settings {
    pub fn from_env() -> Settings {
        let seeds = std::env::var("SOAK_SEEDS")
            .ok()
            .map(|s| {
                s.split(',')
                    .filter_map(|x| x.trim().parse().ok())
                    .collect::<Vec<u64>>()
            })
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![1]);
        Settings {
            seeds,
            calls: env("SOAK_CALLS", 1000),
            rate: env("SOAK_FAULT_RATE", 0.2),
            customers: env("SOAK_CUSTOMERS", 3usize).max(1),
            clones: env("SOAK_CLONES", 2usize).max(1),
            max_secs: env("SOAK_MAX_SECS", 240),
            call_deadline: Duration::from_secs(env("SOAK_CALL_DEADLINE_SECS", 60)),
            expect_clean: env::<String>("SOAK_EXPECT_CLEAN", "1".into()) != "0",
        }
    }
}

// ---------------------------------------------------------------- figures

/// What one run measured.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub api: &'static str,
    pub client: &'static str,
    pub seed: u64,
    pub calls: u64,
    pub ok: u64,
    pub definite: u64,
    pub unknown: u64,
    pub panics: u64,
    pub hangs: u64,
    pub faults: Counts,
    pub divergences: Vec<String>,
    pub wall: Duration,
    pub per_op: BTreeMap<&'static str, [u64; 5]>,
    /// Further lines of figures (the admin soak's import rows).
    pub notes: Vec<String>,
}

impl std::fmt::Display for Figures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "soak {} {} seed {}: {} calls in {:.1} s: ok {}, definite errors {}, unknown outcomes {}; \
             divergences {}, panics {}, hangs {}; proxy: {}",
            self.api,
            self.client,
            self.seed,
            self.calls,
            self.wall.as_secs_f64(),
            self.ok,
            self.definite,
            self.unknown,
            self.divergences.len(),
            self.panics,
            self.hangs,
            self.faults
        )?;
        let ops: Vec<String> = self
            .per_op
            .iter()
            .map(|(op, [o, d, u, p, ms])| {
                format!("{op} {o}/{d}/{u}/{p} ({} ms)", ms / (o + d + u + p).max(1))
            })
            .collect();
        writeln!(
            f,
            "  per call (ok/definite/unknown/panic, mean time): {}",
            ops.join(", ")
        )?;
        for note in &self.notes {
            writeln!(f, "  {note}")?;
        }
        // By kind (ids, e-mails and numbers left out), then the first few as they came.
        let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
        for d in &self.divergences {
            let kind: Vec<&str> = d
                .split_whitespace()
                .map(|w| {
                    if w.chars().any(|c| c.is_ascii_digit()) {
                        "#"
                    } else {
                        w
                    }
                })
                .collect();
            *kinds.entry(kind.join(" ")).or_default() += 1;
        }
        for (kind, n) in &kinds {
            writeln!(f, "  {n} × {kind}")?;
        }
        for d in self.divergences.iter().take(20) {
            writeln!(f, "  DIVERGENCE: {d}")?;
        }
        if self.divergences.len() > 20 {
            writeln!(f, "  … and {} more", self.divergences.len() - 20)?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Tally {
    calls: AtomicU64,
    ok: AtomicU64,
    definite: AtomicU64,
    unknown: AtomicU64,
    panics: AtomicU64,
    hangs: AtomicU64,
    per_op: Mutex<BTreeMap<&'static str, [u64; 5]>>,
    divergences: Mutex<Vec<String>>,
}

impl Tally {
    fn diverge(&self, what: String) {
        self.divergences.lock().unwrap().push(what);
    }
}

/// One worker's current call, for the watchdog.
#[derive(Default)]
struct Current {
    call: Mutex<Option<(Instant, &'static str, bool)>>,
}

/// The watchdog of a run's workers, until `done`: a call still running after `deadline` is a
/// hang, counted once and reported as a divergence.
fn watch(tally: &Tally, currents: &[Arc<Current>], done: &AtomicBool, deadline: Duration) {
    while !done.load(Ordering::SeqCst) {
        for cur in currents {
            let mut g = cur.call.lock().unwrap();
            if let Some((at, op, flagged)) = g.as_mut()
                && !*flagged
                && at.elapsed() > deadline
            {
                *flagged = true;
                tally.hangs.fetch_add(1, Ordering::SeqCst);
                tally.diverge(format!("hang: {op} still running after {deadline:?}"));
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs one call: counted, timed by the watchdog, panics caught.
fn call<T>(
    tally: &Tally,
    current: &Current,
    op: &'static str,
    f: impl FnOnce() -> Out<T>,
) -> Out<T> {
    let at = Instant::now();
    *current.call.lock().unwrap() = Some((at, op, false));
    let o = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(o) => o,
        Err(_) => Out::Panic,
    };
    *current.call.lock().unwrap() = None;
    tally.calls.fetch_add(1, Ordering::SeqCst);
    let i = match &o {
        Out::Ok(_) => {
            tally.ok.fetch_add(1, Ordering::SeqCst);
            0
        }
        Out::Definite(..) => {
            tally.definite.fetch_add(1, Ordering::SeqCst);
            1
        }
        Out::Unknown => {
            tally.unknown.fetch_add(1, Ordering::SeqCst);
            2
        }
        Out::Panic => {
            tally.panics.fetch_add(1, Ordering::SeqCst);
            3
        }
    };
    let mut per_op = tally.per_op.lock().unwrap();
    let row = per_op.entry(op).or_default();
    row[i] += 1;
    row[4] += at.elapsed().as_millis() as u64;
    o
}

// ---------------------------------------------------------------- model

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Session {
    In,
    Out,
    Unknown,
}

/// What may hold for one customer's shared state (write-locked by the calls that change it).
struct Shared {
    /// The passwords that may be the current one (one, unless a reset's outcome is unknown).
    passwords: Vec<String>,
    /// Passwords that must be refused.
    old: Vec<String>,
    /// The first names that may be the current one.
    names: Vec<Option<String>>,
    session: Session,
    resets: u64,
    /// No password works any more (a divergence already counted): its threads stop.
    dead: bool,
}

struct Customer {
    email: String,
    id: String,
    driver: Box<dyn Driver>,
    shared: RwLock<Shared>,
    /// The shared ("common") address: how many copies there may be, `min..=max`.
    common: Mutex<(u64, u64)>,
}

/// An address one thread added: its marker and the field sets it may have (`None`: absent).
struct Owned {
    /// A divergence was reported for it: not checked again.
    reported: bool,
    line: String,
    id: Option<String>,
    states: Vec<Option<(String, String)>>,
}

/// A customer registered during the run with a client of its own.
struct Registered {
    email: String,
    password: String,
    outcome: Out<String>,
}

fn unique(tag: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!(
        "{tag}-{nanos}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A small seeded generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The last reset token the server's test hook handed out for `email` (both servers have the
/// hook, read directly, not through the proxy), if any.
fn hook_token(url: &str, email: &str) -> Option<String> {
    let hook = medusa_blocking::v1::Medusa::new(url).ok()?;
    let path = format!(
        "/test-hooks/password-reset-token?email={}",
        email.replace('@', "%40").replace('+', "%2B")
    );
    let v = hook.get::<serde_json::Value>(&path).ok()?;
    v["token"].as_str().map(str::to_string)
}

/// The reset token issued after `before`: polled for up to `wait` (the servers issue it from an
/// event subscriber), then the last one there is, if any.
fn reset_token(url: &str, email: &str, before: &Option<String>, wait: Duration) -> Option<String> {
    let deadline = Instant::now() + wait;
    loop {
        let now = hook_token(url, email);
        if (now.is_some() && &now != before) || Instant::now() >= deadline {
            return now;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The operations of the mix, with their weights.
const MIX: &[(&str, u64)] = &[
    ("add_address", 16),
    ("update_address", 10),
    ("delete_address", 8),
    ("delete_missing", 3),
    ("add_common", 4),
    ("me", 8),
    ("addresses", 6),
    ("orders", 6),
    ("update_name", 8),
    ("login", 4),
    ("logout", 3),
    ("refresh", 4),
    ("reset_password", 4),
    ("register", 4),
    ("register_again", 2),
];

fn pick(rng: &mut Rng) -> &'static str {
    let total: u64 = MIX.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(total);
    for (op, w) in MIX {
        if r < *w {
            return op;
        }
        r -= w;
    }
    MIX[0].0
}

struct Run<'a> {
    target: &'a Target,
    tally: Tally,
    stop: AtomicBool,
    deadline: Instant,
    budget: u64,
    registered: Mutex<Vec<Registered>>,
}

impl Run<'_> {
    fn more(&self) -> bool {
        !self.stop.load(Ordering::SeqCst)
            && Instant::now() < self.deadline
            && self.tally.calls.load(Ordering::SeqCst) < self.budget
    }
}

/// Logs `c` in with its possible passwords, narrowing them down (write lock held).
fn login(run: &Run, cur: &Current, c: &Customer, s: &mut Shared, d: &dyn Driver) {
    let t = &run.tally;
    for pw in s.passwords.clone() {
        match call(t, cur, "login", || d.login(&c.email, &pw)) {
            Out::Ok(()) => {
                s.session = Session::In;
                if s.passwords.len() > 1 {
                    s.passwords.retain(|p| p != &pw);
                    s.old.append(&mut s.passwords);
                    s.passwords = vec![pw];
                }
                return;
            }
            Out::Definite(Some(401), _) => {
                // This one is refused: not the current password (checked once more at the end).
                if s.passwords.len() > 1 {
                    s.passwords.retain(|p| p != &pw);
                    s.old.push(pw);
                } else {
                    t.diverge(format!(
                        "{}: the intended password is refused at log-in",
                        c.email
                    ));
                    // Counted once: go on with whichever earlier password works, if any.
                    for (i, old) in s.old.clone().into_iter().enumerate().rev() {
                        if let Out::Ok(()) = call(t, cur, "login", || d.login(&c.email, &old)) {
                            s.old.remove(i);
                            s.old.push(pw);
                            s.passwords = vec![old];
                            s.session = Session::In;
                            return;
                        }
                    }
                    s.dead = true;
                    return;
                }
                // The client's session after a refused log-in: the crate clears it first.
                s.session = Session::Unknown;
            }
            _ => {
                s.session = Session::Unknown;
                return;
            }
        }
    }
}

/// One worker: a clone of customer `c`'s client, doing the random mix.
fn worker(run: &Run, c: &Customer, rng: &mut Rng, cur: &Current, tag: &str) -> Vec<Owned> {
    let t = &run.tally;
    let d = c.driver.fork();
    let d = d.as_ref();
    let mut owned: Vec<Owned> = Vec::new();
    let mut n = 0u64;
    while run.more() {
        n += 1;
        let op = pick(rng);
        if c.shared.read().unwrap().dead {
            break;
        }
        // Logged out or not known: log in first.
        if c.shared.read().unwrap().session != Session::In
            && !matches!(op, "register" | "register_again")
        {
            let mut s = c.shared.write().unwrap();
            if s.session != Session::In {
                login(run, cur, c, &mut s, d);
            }
            continue;
        }
        let mut relogin = false;
        match op {
            "add_address" | "add_common" => {
                let s = c.shared.read().unwrap();
                if s.session != Session::In {
                    continue;
                }
                let common = op == "add_common";
                let line = if common {
                    format!("common {}", c.id)
                } else {
                    format!("{} {tag}-{n}", rng.below(1000))
                };
                let (city, postal) = ("Toronto".to_string(), format!("M{}", rng.below(1000)));
                let postal = if common { "M5V".to_string() } else { postal };
                let o = call(t, cur, op, || d.add_address(&line, &city, &postal));
                if let Out::Definite(Some(401), e) = &o {
                    t.diverge(format!(
                        "{}: {op}: logged out although logged in: {e}",
                        c.email
                    ));
                    relogin = true;
                }
                if common {
                    let mut m = c.common.lock().unwrap();
                    match &o {
                        Out::Ok(_) => {
                            m.0 += 1;
                            m.1 += 1
                        }
                        Out::Unknown | Out::Panic => m.1 += 1,
                        Out::Definite(..) => {}
                    }
                    continue;
                }
                let mut a = Owned {
                    reported: false,
                    line: line.clone(),
                    id: None,
                    states: vec![Some((city.clone(), postal.clone()))],
                };
                match o {
                    Out::Ok(list) => {
                        let mine: Vec<&Addr> = list.iter().filter(|x| x.line == line).collect();
                        if mine.len() != 1 {
                            t.diverge(format!(
                                "{}: add_address Ok but the answer holds {} copies of {line:?}",
                                c.email,
                                mine.len()
                            ));
                        }
                        a.id = mine.first().map(|x| x.id.clone());
                    }
                    Out::Unknown | Out::Panic => a.states.push(None),
                    Out::Definite(..) => a.states = vec![None],
                }
                owned.push(a);
            }
            "update_address" | "delete_address" => {
                let s = c.shared.read().unwrap();
                if s.session != Session::In {
                    continue;
                }
                let present: Vec<usize> = (0..owned.len())
                    .filter(|&i| {
                        owned[i].id.is_some() && owned[i].states.iter().all(Option::is_some)
                    })
                    .collect();
                if present.is_empty() {
                    continue;
                }
                let a = &mut owned[present[rng.below(present.len() as u64) as usize]];
                let id = a.id.clone().unwrap_or_default();
                if op == "update_address" {
                    let (city, postal) = (
                        format!("City {}", rng.below(1000)),
                        format!("P{}", rng.below(1000)),
                    );
                    match call(t, cur, op, || d.update_address(&id, &city, &postal)) {
                        Out::Ok(()) => a.states = vec![Some((city, postal))],
                        Out::Unknown | Out::Panic => a.states.push(Some((city, postal))),
                        Out::Definite(s, e) => {
                            if s == Some(401) || s == Some(404) {
                                t.diverge(format!("{}: update_address {id}: {e}", c.email));
                                relogin = s == Some(401);
                            }
                        }
                    }
                } else {
                    match call(t, cur, op, || d.delete_address(&id)) {
                        Out::Ok(()) => a.states = vec![None],
                        Out::Unknown | Out::Panic => a.states.push(None),
                        Out::Definite(s, e) => {
                            if s == Some(401) || s == Some(404) {
                                t.diverge(format!("{}: delete_address {id}: {e}", c.email));
                                relogin = s == Some(401);
                            }
                        }
                    }
                }
            }
            "delete_missing" => {
                let _s = c.shared.read().unwrap();
                let id = d.missing_address_id();
                if let Out::Ok(()) = call(t, cur, op, || d.delete_address(&id))
                    && !run.target.server_dedups_and_ignores_unknown_ids
                {
                    t.diverge(format!(
                        "{}: delete_address of {id}, which never existed, returned Ok",
                        c.email
                    ));
                }
            }
            "me" | "refresh" if op == "me" || run.target.api == "v1" => {
                let s = c.shared.read().unwrap();
                // Another clone may have logged out since the check at the top of the loop.
                if s.session != Session::In {
                    continue;
                }
                let o = if op == "me" {
                    call(t, cur, op, || d.me())
                } else {
                    match call(t, cur, op, || d.refresh()) {
                        Out::Ok(()) => Out::Ok((c.id.clone(), s.names[0].clone())),
                        other => map_err(other),
                    }
                };
                match o {
                    Out::Ok((id, name)) => {
                        if id != c.id {
                            t.diverge(format!(
                                "{}: {op} answered customer {id}, not {}",
                                c.email, c.id
                            ));
                        }
                        if op == "me" && !s.names.contains(&name) {
                            t.diverge(format!(
                                "{}: first name {name:?}, expected one of {:?}",
                                c.email, s.names
                            ));
                        }
                    }
                    Out::Definite(Some(401), e) => {
                        t.diverge(format!(
                            "{}: {op}: logged out although logged in: {e}",
                            c.email
                        ));
                        relogin = true;
                    }
                    _ => {}
                }
            }
            "refresh" => {
                let mut s = c.shared.write().unwrap();
                if s.session != Session::In {
                    continue;
                }
                match call(t, cur, op, || d.refresh()) {
                    Out::Ok(()) => {}
                    Out::Definite(Some(401), e) => {
                        t.diverge(format!(
                            "{}: refresh: logged out although logged in: {e}",
                            c.email
                        ));
                        s.session = Session::Unknown;
                    }
                    Out::Definite(..) => {}
                    Out::Unknown | Out::Panic => s.session = Session::Unknown,
                }
            }
            "addresses" => {
                let s = c.shared.read().unwrap();
                if s.session != Session::In {
                    continue;
                }
                match call(t, cur, op, || d.addresses()) {
                    Out::Ok(list) => check_owned(t, &c.email, &mut owned, &list, "listing"),
                    Out::Definite(Some(401), e) => {
                        t.diverge(format!(
                            "{}: addresses: logged out although logged in: {e}",
                            c.email
                        ));
                        relogin = true;
                    }
                    _ => {}
                }
            }
            "orders" => {
                let s = c.shared.read().unwrap();
                if s.session != Session::In {
                    continue;
                }
                match call(t, cur, op, || d.orders()) {
                    Out::Ok(0) => {}
                    Out::Ok(n) => {
                        t.diverge(format!("{}: {n} orders, the soak placed none", c.email))
                    }
                    Out::Definite(Some(401), e) => {
                        t.diverge(format!(
                            "{}: orders: logged out although logged in: {e}",
                            c.email
                        ));
                        relogin = true;
                    }
                    _ => {}
                }
            }
            "update_name" => {
                let mut s = c.shared.write().unwrap();
                if s.session != Session::In {
                    continue;
                }
                let name = format!("Name{}", rng.below(100_000));
                match call(t, cur, op, || d.update_name(&name)) {
                    Out::Ok(()) => s.names = vec![Some(name)],
                    Out::Unknown | Out::Panic => s.names.push(Some(name)),
                    Out::Definite(Some(401), e) => {
                        t.diverge(format!(
                            "{}: update_name: logged out although logged in: {e}",
                            c.email
                        ));
                        relogin = true;
                    }
                    Out::Definite(..) => {}
                }
            }
            "login" => {
                let mut s = c.shared.write().unwrap();
                login(run, cur, c, &mut s, d);
            }
            "logout" => {
                let mut s = c.shared.write().unwrap();
                call(t, cur, op, || d.logout());
                // Documented: the client forgets its session whatever the outcome.
                s.session = Session::Out;
            }
            "reset_password" => {
                let mut s = c.shared.write().unwrap();
                let before = hook_token(&run.target.url, &c.email);
                if matches!(
                    call(t, cur, "request_reset", || d.request_reset(&c.email)),
                    Out::Definite(..)
                ) {
                    continue;
                }
                let Some(token) =
                    reset_token(&run.target.url, &c.email, &before, Duration::from_secs(3))
                else {
                    continue;
                };
                s.resets += 1;
                let new = format!("pw-{}-{}", s.resets, rng.below(1_000_000));
                match call(t, cur, op, || d.reset(&c.email, &token, &new)) {
                    Out::Ok(()) => {
                        let mut was = std::mem::take(&mut s.passwords);
                        s.old.append(&mut was);
                        s.passwords = vec![new];
                    }
                    Out::Unknown | Out::Panic => s.passwords.push(new),
                    Out::Definite(..) => s.old.push(new),
                }
            }
            "register" => {
                let fresh = c.driver.fresh();
                let email = format!("{}@example.com", unique("soak-reg"));
                let password = "reg-Secret-1".to_string();
                let outcome = call(t, cur, op, || fresh.create(&email, &password));
                run.registered.lock().unwrap().push(Registered {
                    email,
                    password,
                    outcome,
                });
            }
            "register_again" => {
                let s = c.shared.read().unwrap();
                if s.passwords.len() != 1 {
                    continue;
                }
                let fresh = c.driver.fresh();
                let pw = s.passwords[0].clone();
                if let Out::Ok(id) = call(t, cur, op, || fresh.create(&c.email, &pw)) {
                    t.diverge(format!(
                        "{}: registering an existing account again returned Ok (customer {id}) instead of the duplicate error",
                        c.email
                    ));
                }
            }
            _ => {}
        }
        if relogin {
            // Counted once: the next call logs in again.
            let mut s = c.shared.write().unwrap();
            if s.session == Session::In {
                s.session = Session::Unknown;
            }
        }
    }
    // The thread's own addresses, read back by the checker.
    owned
}

/// An address id of the servers' shape that never existed.
pub fn missing_id() -> String {
    "addr_01SOAKNEVEREXISTED00000000".to_string()
}

fn map_err<A, B>(o: Out<A>) -> Out<B> {
    match o {
        Out::Ok(_) => unreachable!(),
        Out::Definite(s, e) => Out::Definite(s, e),
        Out::Unknown => Out::Unknown,
        Out::Panic => Out::Panic,
    }
}

/// Checks one thread's addresses against a listing.
fn check_owned(t: &Tally, email: &str, owned: &mut [Owned], list: &[Addr], when: &str) {
    for a in owned.iter_mut().filter(|a| !a.reported) {
        let copies: Vec<&Addr> = list.iter().filter(|x| x.line == a.line).collect();
        let fields: Vec<(String, String)> = copies
            .iter()
            .map(|x| (x.city.clone(), x.postal.clone()))
            .collect();
        let ok = match copies.len() {
            0 => a.states.contains(&None),
            1 => a.states.contains(&Some(fields[0].clone())),
            _ => false,
        };
        if !ok {
            a.reported = true;
            t.diverge(format!(
                "{email}: {when}: address {:?} found {} times with {fields:?}, expected one of {:?}",
                a.line,
                copies.len(),
                a.states
            ));
        }
    }
}

// ---------------------------------------------------------------- one run

/// One soak run: `target`'s API, one seed, through a new proxy.
pub fn run(
    target: &Target,
    settings: &Settings,
    seed: u64,
    client: &'static str,
    calls: u64,
) -> Figures {
    let started = Instant::now();
    let proxy = ChaosProxy::start(
        &target.url,
        Config {
            seed,
            rate: settings.rate,
            ..Config::default()
        },
    )
    .expect("the chaos proxy starts");
    let run = Run {
        target,
        tally: Tally::default(),
        stop: AtomicBool::new(false),
        deadline: started + Duration::from_secs(settings.max_secs),
        budget: calls,
        registered: Mutex::new(Vec::new()),
    };
    let t = &run.tally;
    let boot = Current::default();
    // The customers, registered through the proxy.
    let mut customers = Vec::new();
    for i in 0..settings.customers {
        let driver = (target.make)(proxy.url());
        let password = format!("pw-0-{seed}-{i}");
        let mut tries = 0;
        loop {
            tries += 1;
            let email = format!(
                "{}@example.com",
                unique(&format!("soak-{}-{client}", target.api))
            );
            match call(t, &boot, "register", || driver.create(&email, &password)) {
                Out::Ok(id) => {
                    customers.push(Customer {
                        email,
                        id,
                        driver,
                        shared: RwLock::new(Shared {
                            passwords: vec![password],
                            old: Vec::new(),
                            names: vec![Some("Soak".into())],
                            session: Session::In,
                            resets: 0,
                            dead: false,
                        }),
                        common: Mutex::new((0, 0)),
                    });
                    break;
                }
                other => {
                    run.registered.lock().unwrap().push(Registered {
                        email,
                        password: password.clone(),
                        outcome: other,
                    });
                    assert!(tries < 20, "no customer registered in 20 tries");
                }
            }
        }
    }
    // The workers and the watchdog.
    let deadline = settings.call_deadline;
    let currents: Vec<Arc<Current>> = (0..settings.customers * settings.clones)
        .map(|_| Arc::new(Current::default()))
        .collect();
    let done = AtomicBool::new(false);
    let mut owned: Vec<(String, Vec<Owned>)> = Vec::new();
    std::thread::scope(|scope| {
        let run = &run;
        let done = &done;
        let currents = &currents;
        scope.spawn(move || watch(&run.tally, currents, done, deadline));
        let mut handles = Vec::new();
        for (ci, c) in customers.iter().enumerate() {
            for k in 0..settings.clones {
                let cur = Arc::clone(&currents[ci * settings.clones + k]);
                handles.push((
                    c.email.clone(),
                    scope.spawn(move || {
                        let mut rng = Rng(seed ^ ((ci as u64) << 32) ^ ((k as u64) << 16));
                        worker(run, c, &mut rng, &cur, &format!("{ci}.{k}"))
                    }),
                ));
            }
        }
        for (email, h) in handles {
            let joined = h.join();
            if let Ok(mine) = joined {
                owned.push((email, mine));
            } else {
                run.tally.panics.fetch_add(1, Ordering::SeqCst);
                run.tally.diverge("a worker thread panicked".into());
            }
        }
        done.store(true, Ordering::SeqCst);
    });
    let faults = proxy.counts();
    // The read-back: no faults from here on.
    proxy.set_rate(0.0);
    for c in &customers {
        check_customer(t, target, c, &mut owned);
    }
    for r in run.registered.lock().unwrap().iter() {
        check_registered(t, target, r);
    }
    let mut per_op = t.per_op.lock().unwrap().clone();
    per_op.retain(|_, v| v.iter().any(|&x| x > 0));
    Figures {
        api: target.api,
        client,
        seed,
        calls: t.calls.load(Ordering::SeqCst),
        ok: t.ok.load(Ordering::SeqCst),
        definite: t.definite.load(Ordering::SeqCst),
        unknown: t.unknown.load(Ordering::SeqCst),
        panics: t.panics.load(Ordering::SeqCst),
        hangs: t.hangs.load(Ordering::SeqCst),
        faults,
        divergences: t.divergences.lock().unwrap().clone(),
        wall: started.elapsed(),
        per_op,
        notes: Vec::new(),
    }
}

/// The end state of one customer, read without the proxy; its client's session through the
/// (now faithful) proxy.
fn check_customer(t: &Tally, target: &Target, c: &Customer, owned: &mut [(String, Vec<Owned>)]) {
    let s = c.shared.read().unwrap();
    let e = &c.email;
    // The session the client holds.
    match (s.session, c.driver.me()) {
        (Session::In, Out::Ok((id, _))) if id == c.id => {}
        (Session::In, o) => t.diverge(format!("{e}: end: the client should be logged in: {o:?}")),
        (Session::Out, Out::Ok(_)) => {
            t.diverge(format!("{e}: end: the client should be logged out"))
        }
        _ => {}
    }
    // Passwords: exactly one possible one works; every other is refused.
    let direct = (target.direct)(&target.url);
    let mut working = Vec::new();
    for pw in s.passwords.iter().chain(&s.old) {
        match direct.login(e, pw) {
            Out::Ok(()) => working.push(pw.clone()),
            Out::Definite(Some(401), _) => {}
            o => t.diverge(format!("{e}: end: log-in failed: {o:?}")),
        }
    }
    if working.len() != 1 || !s.passwords.contains(&working[0]) {
        t.diverge(format!(
            "{e}: end: passwords that work: {} (expected exactly one of the {} intended, none of the {} old)",
            working.len(),
            s.passwords.len(),
            s.old.len()
        ));
        if working.is_empty() {
            return;
        }
    }
    match direct.login(e, &working[0]) {
        Out::Ok(()) => {}
        o => {
            t.diverge(format!("{e}: end: log-in failed: {o:?}"));
            return;
        }
    }
    match direct.me() {
        Out::Ok((id, name)) => {
            if id != c.id {
                t.diverge(format!(
                    "{e}: end: the account is customer {id}, not {}",
                    c.id
                ));
            }
            if !s.names.contains(&name) {
                t.diverge(format!(
                    "{e}: end: first name {name:?}, expected one of {:?}",
                    s.names
                ));
            }
        }
        o => t.diverge(format!("{e}: end: retrieve failed: {o:?}")),
    }
    let list = match direct.addresses() {
        Out::Ok(list) => list,
        o => {
            t.diverge(format!("{e}: end: listing the addresses failed: {o:?}"));
            return;
        }
    };
    let mut known = 0;
    for (_, mine) in owned.iter_mut().filter(|(x, _)| x == e) {
        check_owned(t, e, mine, &list, "end");
        known += mine.len();
    }
    let common = format!("common {}", c.id);
    let n = list.iter().filter(|a| a.line == common).count() as u64;
    let (mut min, mut max) = *c.common.lock().unwrap();
    if target.server_dedups_and_ignores_unknown_ids {
        // Equal addresses are stored once.
        (min, max) = (min.min(1), max.min(1));
    }
    if n < min || n > max {
        t.diverge(format!(
            "{e}: end: {n} copies of the shared address, expected {min}..={max}"
        ));
    }
    let lines: Vec<&String> = owned
        .iter()
        .filter(|(x, _)| x == e)
        .flat_map(|(_, m)| m.iter().map(|a| &a.line))
        .collect();
    let strangers: Vec<&Addr> = list
        .iter()
        .filter(|a| a.line != common && !lines.contains(&&a.line))
        .collect();
    if !strangers.is_empty() {
        t.diverge(format!("{e}: end: addresses nobody added: {strangers:?}"));
    }
    let _ = known;
}

fn check_registered(t: &Tally, target: &Target, r: &Registered) {
    let direct = (target.direct)(&target.url);
    let login = direct.login(&r.email, &r.password);
    match (&r.outcome, login) {
        (Out::Ok(id), Out::Ok(())) => match direct.me() {
            Out::Ok((got, _)) if &got == id => {}
            o => t.diverge(format!(
                "{}: registered as {id}, the server has {o:?}",
                r.email
            )),
        },
        (Out::Ok(_), o) => t.diverge(format!("{}: create returned Ok, log-in: {o:?}", r.email)),
        // v2: a log-in alone may be an auth identity without a customer (a registration that
        // failed part-way, which the next `create` completes); the customer is what counts.
        (Out::Definite(_, e), Out::Ok(())) => {
            if let Out::Ok((id, _)) = direct.me() {
                t.diverge(format!(
                    "{}: create failed ({e}) but the customer exists ({id})",
                    r.email
                ))
            }
        }
        _ => {}
    }
}

/// Runs every seed of `settings` for `target` and `client`; prints the figures.
pub fn soak(
    target: &Target,
    settings: &Settings,
    client: &'static str,
    calls: u64,
) -> Vec<Figures> {
    settings
        .seeds
        .iter()
        .map(|&seed| {
            let f = run(target, settings, seed, client, calls);
            println!("{f}");
            f
        })
        .collect()
}

/// The soak's own machinery, without a server: a panicking call is caught and counted.
#[test]
fn a_panicking_call_is_counted_as_a_panic_not_propagated() {
    let tally = Tally::default();
    let current = Current::default();
    let o: Out<()> = call(&tally, &current, "boom", || panic!("a call that panics"));
    assert!(matches!(o, Out::Panic));
    assert_eq!(tally.panics.load(Ordering::SeqCst), 1);
    assert_eq!(tally.calls.load(Ordering::SeqCst), 1);
    assert!(current.call.lock().unwrap().is_none());
}

/// The live soak: `#[ignore]`d like every live test; `.ci/run` runs it with the others
/// (`live::`).
mod live {
    use super::*;
    use crate::support;

    fn v1_target(naive: bool) -> Target {
        let url = support::live::backend(&support::live::V1).url;
        v1::target(url, naive)
    }

    fn v2_target(naive: bool) -> Target {
        let b = support::live::backend(&support::live::V2);
        v2::target(b.url, b.key, naive)
    }

    /// No panic and no hang, ever; no divergence either, unless `SOAK_EXPECT_CLEAN=0` says to
    /// report the divergences without failing.
    fn assert_clean(figures: &[Figures], settings: &Settings) {
        let broken: u64 = figures.iter().map(|f| f.panics + f.hangs).sum();
        assert_eq!(broken, 0, "the soak found panics or hangs (figures above)");
        let divergences: u64 = figures.iter().map(|f| f.divergences.len() as u64).sum();
        if settings.expect_clean {
            assert_eq!(divergences, 0, "the soak found divergences (figures above)");
        } else if divergences > 0 {
            println!("SOAK_EXPECT_CLEAN=0: {divergences} divergences reported, not failed");
        }
    }

    fn assert_fails(figures: &[Figures]) {
        for f in figures {
            assert!(
                !f.divergences.is_empty(),
                "the naive client passed the soak on seed {}: the soak cannot tell",
                f.seed
            );
        }
    }

    fn naive_calls(settings: &Settings) -> u64 {
        env("SOAK_NAIVE_CALLS", settings.calls)
    }

    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn soak_v1() {
        let settings = Settings::from_env();
        let figures = soak(&v1_target(false), &settings, "crate", settings.calls);
        assert_clean(&figures, &settings);
    }

    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn soak_v2() {
        let settings = Settings::from_env();
        let figures = soak(&v2_target(false), &settings, "crate", settings.calls);
        assert_clean(&figures, &settings);
    }

    #[test]
    #[ignore = "live: needs MEDUSA_BACKEND_URL (tests/backend/start.sh v1)"]
    fn soak_v1_naive_client_diverges() {
        let settings = Settings::from_env();
        let figures = soak(&v1_target(true), &settings, "naive", naive_calls(&settings));
        assert_fails(&figures);
    }

    #[test]
    #[ignore = "live: needs MEDUSA_V2_BACKEND_URL and MEDUSA_V2_PUBLISHABLE_KEY (tests/backend/start.sh v2)"]
    fn soak_v2_naive_client_diverges() {
        let settings = Settings::from_env();
        let figures = soak(&v2_target(true), &settings, "naive", naive_calls(&settings));
        assert_fails(&figures);
    }
}
