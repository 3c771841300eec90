//! What holds for both wings, one test binary: `cargo test --test common`. The transport, the
//! session and the guarantees of the README's "Reliability" and "Security" sections, checked
//! against local servers (mockito, `medusa_testkit::fault`, a std-only keep-alive server):
//!
//! - [`faults`]: a server that misbehaves on purpose, every retry rule;
//! - [`concurrency`]: one client shared by many threads;
//! - [`hardening`], [`secrets`], [`logging`], [`url_credentials`]: where requests, cookies and
//!   secrets may go, and where they never show;
//! - [`exactly_once`]: a lost response never makes a second customer, address or password reset;
//!   its [`exactly_once::live`] half runs against both real servers, `#[ignore]`d like the wings'
//!   `live` suites.
//!
//! The network tests that change the environment (`tls`, `proxy`) are in the `net` binary.

#[path = "../support/mod.rs"]
mod support;

// These go through the v1 client (`medusa_blocking::v1::Medusa`): what they check is the core both
// wings share, on the wing that had it first.
#[cfg(feature = "v1")]
mod concurrency;
#[cfg(feature = "v1")]
mod faults;
#[cfg(feature = "v1")]
mod hardening;
#[cfg(feature = "v1")]
mod logging;
#[cfg(all(feature = "v1", feature = "v2"))]
mod secret_cases;
#[cfg(feature = "v1")]
mod secrets;
#[cfg(feature = "v1")]
mod url_credentials;
// Both wings, each part where its wing is built.
#[cfg(any(feature = "v1", feature = "v2"))]
mod exactly_once;
// The chaos soak against both real servers (its tests are live, in `soak::live`).
#[cfg(all(feature = "v1", feature = "v2"))]
mod soak;
