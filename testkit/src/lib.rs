//! Test and demo infrastructure of `medusa-blocking`, in one place: a dev-only crate of the same
//! repository, used as a path dev-dependency and never published.
//!
//! - [`http`]: HTTP/1.1 plumbing (request parsing with limits and chunked bodies, response
//!   bytes, a keep-alive accept loop with a stop flag), shared by every server below;
//! - [`chaos`]: a seeded fault proxy in front of a real backend (resets, lost responses, delays,
//!   truncated bodies, `503`s), counting what it injected, for the soak;
//! - [`fault`]: a scriptable server for tests that need a misbehaving peer;
//! - [`demo`]: fake Medusa backends for the examples' embedded demo mode ([`demo::v1`]: Medusa
//!   1.20, [`demo::v2`]: Medusa 2.21), on shared JSON, query-string and Express helpers;
//! - [`canned`]: a fast server of canned Medusa 1.20 answers, for the benchmarks;
//! - [`captures`]: the recorded exchanges of `tests/fixtures/captures/`;
//! - [`mock`]: a catch-all for mockito servers, naming every request no mock matched, and
//!   replies to serve, recorded or made up;
//! - [`tempdir`]: a temporary folder removed on drop.
//!
//! Only `std`, `serde_json` and (for [`mock`]) `mockito` are used.

#![warn(missing_docs)]

pub mod canned;
pub mod captures;
pub mod chaos;
pub mod demo;
pub mod fault;
pub mod http;
pub mod mock;
pub mod tempdir;
