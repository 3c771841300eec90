//! Fake Medusa backends for the examples' embedded demo mode, and what they share.
//!
//! [`v1`] is Medusa 1.20, [`v2`] Medusa 2.21. What both use is kept out of them: the HTTP
//! plumbing ([`crate::http`]), Express's framing, body parsing, CORS and session cookie
//! (`express`), JSON with JavaScript's key order and V8's messages (`json`), `qs` query strings
//! (`qs`), JavaScript's number, date and URI conversions (`js`), and ids, hashes and tokens
//! (`keys`).

pub(crate) mod express;
pub(crate) mod js;
pub(crate) mod json;
pub(crate) mod keys;
pub(crate) mod qs;
pub mod v1;
pub mod v2;
