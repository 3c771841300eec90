//! What the test binaries share, beside the test kit crate (`medusa-testkit`, in `testkit/`,
//! which holds what the examples and benchmarks use too: HTTP plumbing, the fault server, the
//! mockito catch-all, the capture loaders). Each binary declares it with
//! `#[path = "../support/mod.rs"] mod support;` and uses part of it.
//!
//! - [`live`]: finding a live backend (`tests/medusa/`, `tests/medusa-v2/`), and the CI guard;
//! - [`net`]: a test CA and local origin servers, plain and HTTPS, for `tests/net/`;
//! - [`totp`]: TOTP codes, the authenticator app of the v2 MFA live tests;
//! - [`v2`]: the v2 mock-server harness: the recorded run's values, exact-request mocks
//!   replaying `tests/fixtures/v2/captures/`, and error assertions.

// Each test binary uses part of this module.
#![allow(dead_code)]

use std::sync::{Mutex, MutexGuard};

pub mod live;
pub mod net;
#[cfg(feature = "v2")]
pub mod totp;
#[cfg(feature = "v2")]
pub mod v2;

/// The process environment's lock, within one test binary: a test that changes a variable holds
/// it while the variable is changed, and so does code that reads one that another test of the
/// same binary changes (std's own lock makes each single read or write safe, not a sequence of
/// them).
pub fn env_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}
