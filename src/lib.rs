//! A blocking, synchronous client for the [Medusa](https://medusajs.com) commerce **Store API**
//! (v1, the 1.x backend that `@medusajs/medusa-js` talks to), for scripts, build scripts, batch
//! jobs and small tools that have no async runtime and want none.
//!
//! # Quick start
//!
//! ```no_run
//! use medusa_blocking::Medusa;
//! use medusa_blocking::customers::{CreateCustomer, ListOrders, UpdateCustomer};
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//!
//! // Registration logs the customer in: the session cookie is kept by the client.
//! let jane = medusa.customers().create(&CreateCustomer {
//!     email: "jane@example.com".into(),
//!     password: "supersecret".into(),
//!     first_name: Some("Jane".into()),
//!     ..Default::default()
//! })?;
//!
//! let jane = medusa.customers().update(&UpdateCustomer {
//!     phone: Some("+15550001111".into()),
//!     ..Default::default()
//! })?;
//!
//! for order in medusa.customers().iter_orders(&ListOrders::default()) {
//!     let order = order?;
//!     println!("{} {:?} {:?}", order.id, order.status, order.total);
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! # Sessions
//!
//! A [`Medusa`] holds one cookie store ([`cookie_store::CookieStore`], in a [`CookieJar`]) shared
//! by all its clones and by any client built with the same jar:
//! every `Set-Cookie` of every response is stored, and `Cookie` is sent by the store's domain,
//! path, expiry and secure rules. Registration ([`customers::Customers::create`]) and login
//! ([`auth::Auth::authenticate`]) set Medusa's `connect.sid` session cookie. A bearer token from
//! [`auth::Auth::get_token`] is sent as `Authorization: Bearer …` by every later call.
//!
//! The session can outlive the process: [`Medusa::save_session`] writes the cookies and the token
//! to a file (mode 0600, replaced atomically), and [`MedusaBuilder::load_session`] starts a later
//! run from it.
//!
//! ```no_run
//! # use medusa_blocking::Medusa;
//! let medusa = Medusa::builder("http://localhost:9000")
//!     .load_session("medusa-session.json") // a missing file is an empty session
//!     .build()?;
//! if medusa.customers().retrieve().is_err() {
//!     medusa.auth().authenticate("jane@example.com", "supersecret")?;
//!     medusa.save_session("medusa-session.json")?;
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! # Retries and timeouts
//!
//! Like medusa-js, no call is retried by default. With [`MedusaBuilder::max_retries`]`(n)`, a call
//! is tried again when there was no response (refused, reset, timed out), on 409, 429 and 501–599,
//! never on 500 (Medusa's answer to every unexpected error) nor another 4xx. POST is retried too,
//! and then every POST carries an `Idempotency-Key` (a random UUID v4) that is the same on each
//! attempt of one call. The n-th retry waits a random time in `[0, min(max, base × 2^n))`
//! ([`MedusaBuilder::retry_delays`], defaults 500 ms and 15 s); a `Retry-After` (seconds or HTTP
//! date) replaces that wait, up to [`MedusaBuilder::retry_after_max`] (60 s): a server asking for
//! longer ends the call with its error, whose [`Error::retry_after`] says how long.
//!
//! Each attempt has a timeout ([`MedusaBuilder::timeout`], default 30 s; medusa-js has none)
//! covering connect, send, wait and the whole body. So a call takes at most
//! `(n + 1) × timeout + n × max(max delay, retry_after_max)`.
//!
//! Redirects are never followed: a 3xx is an [`Error::Redirect`] naming the `Location`, so
//! cookies and bodies only go to the host you named. Response bodies are read up to
//! [`MedusaBuilder::max_body_size`] (8 MiB).
//!
//! # Errors
//!
//! Every call returns [`Result<T, Error>`](Error). [`Error::Api`] is Medusa's JSON error
//! (`type`, `code`, `message`); [`Error::Http`] is an error status whose body is something else,
//! such as Medusa's plain-text `Unauthorized` or a proxy's HTML page. Both keep the status:
//! [`Error::status`], [`Error::is_retryable`] and [`Error::retry_after`] work on every error.
//!
//! ```no_run
//! # use medusa_blocking::{Medusa, Error};
//! # let medusa = Medusa::new("http://localhost:9000")?;
//! match medusa.customers().retrieve() {
//!     Ok(me) => println!("hello {}", me.email),
//!     Err(e) if e.status() == Some(401) => println!("not logged in"),
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), Error>(())
//! ```
//!
//! # Headers and keys
//!
//! [`MedusaBuilder::publishable_api_key`] sends `x-publishable-api-key`;
//! [`MedusaBuilder::header`] adds a header to every call; `.header(name, value)` on a resource
//! handle (`medusa.customers().header(…)`) adds one to that handle's calls, overriding the
//! client's. Passwords, tokens, keys and cookie values never appear in `Debug`, `Display`, errors
//! or logs.
//!
//! # Untyped paths
//!
//! [`Medusa::get`], [`Medusa::post`] and [`Medusa::delete`] call any Store path (carts, products,
//! regions…) with the same session, headers, retries and error mapping.
//!
//! # Logging
//!
//! Each attempt is logged at debug level through the [`log`](https://docs.rs/log) facade (method,
//! path without query, attempt, status, elapsed time, the wait before a retry), with no secrets;
//! ureq's own debug records redact headers too. Do not enable **trace** level for ureq's
//! `ureq_proto` target: it dumps raw request and response heads, cookies and tokens included
//! (with `env_logger`, e.g. `RUST_LOG=trace,ureq_proto=debug`).
//!
//! # Features
//!
//! - `rustls` (default): HTTPS through ureq's rustls with the webpki roots.
//! - `gzip`: accepts gzip-compressed responses.
//!
//! Without default features the crate speaks plain HTTP only, with no TLS stack to build, for tools
//! that talk to a local backend.
//!
//! MSRV: Rust 1.88.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

#[macro_use]
mod core;
pub mod auth;
mod client;
pub mod customers;
mod decode;
mod error;
mod query;
mod retry;
mod session;
mod session_file;
mod transport;
mod v1;

pub use v1::models;

pub use client::{DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, Medusa, MedusaBuilder};
pub use cookie_store;
pub use error::{ApiError, Error, Result};
pub use session::CookieJar;

/// Keeps the README's examples compiling.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Entry points for the fuzz targets in `fuzz/` (built with `--cfg fuzzing`, as cargo-fuzz does, and
/// for the unit tests that replay their findings); not part of the API.
#[cfg(any(fuzzing, test))]
#[doc(hidden)]
pub mod fuzzing {
    use ureq::http::{HeaderMap, HeaderName, HeaderValue};

    /// The whole response path of a call: status, headers and body to a typed result or error,
    /// for each response type of the crate. Must never panic.
    pub fn response(status: u16, headers: &[(&[u8], &[u8])], body: &[u8]) {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name), HeaderValue::from_bytes(value)) {
                map.append(n, v);
            }
        }
        let status = status % 600;
        match crate::transport::finish(status, &map, body.to_vec()) {
            Ok(reply) => {
                let _ = crate::decode::json::<crate::customers::CustomerEnvelope>(
                    reply.status,
                    &reply.body,
                );
                let _ =
                    crate::decode::json::<crate::customers::OrderPage>(reply.status, &reply.body);
                let _ = crate::decode::json::<crate::models::Order>(reply.status, &reply.body);
                let _ = crate::decode::json::<serde_json::Value>(reply.status, &reply.body);
            }
            Err((err, _)) => {
                let _ = (
                    err.to_string(),
                    err.status(),
                    err.is_retryable(),
                    err.retry_after(),
                );
            }
        }
    }

    type Header<'a> = (&'a [u8], &'a [u8]);

    /// The response target's input: bytes 0..2 the status (`u16` little-endian); then the header block up to
    /// the first `\n\n` (all the rest when there is none), one `name: value` per line, split
    /// at the first `:`, spaces and tabs before the value and a trailing `\r` dropped, lines
    /// without `:` skipped; then the body.
    fn decode(data: &[u8]) -> (u16, Vec<Header<'_>>, &[u8]) {
        let (status, rest) = match data {
            [lo, hi, rest @ ..] => (u16::from_le_bytes([*lo, *hi]), rest),
            _ => (0, &[][..]),
        };
        let (block, body) = match rest.windows(2).position(|w| w == b"\n\n") {
            Some(i) => (&rest[..i], &rest[i + 2..]),
            None => (rest, &[][..]),
        };
        let headers = block
            .split(|&b| b == b'\n')
            .filter_map(|line| {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let colon = line.iter().position(|&b| b == b':')?;
                let value = &line[colon + 1..];
                let skip = value
                    .iter()
                    .take_while(|&&b| b == b' ' || b == b'\t')
                    .count();
                Some((&line[..colon], &value[skip..]))
            })
            .collect();
        (status, headers, body)
    }

    /// The `response` fuzz target: decodes `data` as described at [`decode`], then runs
    /// [`response`] on it. Must never panic.
    pub fn response_input(data: &[u8]) {
        let (status, headers, body) = decode(data);
        response(status, &headers, body);
    }

    /// Session-file loading. Must never panic.
    pub fn session_file(bytes: &[u8]) {
        let _ = crate::session_file::parse(bytes, "http://127.0.0.1:9000");
    }

    /// Replays what the fuzzers found (`tests/fixtures/fuzz-regressions/<target>/`), the committed
    /// seeds (`fuzz/seeds/<target>/`, when the checkout has them) and a few inline inputs through
    /// both entry points, so that plain `cargo test` catches the return of a fuzzer's finding.
    #[cfg(test)]
    mod regressions {
        use std::panic;
        use std::path::{Path, PathBuf};

        fn response(data: &[u8]) {
            super::response_input(data);
        }

        fn session_file(data: &[u8]) {
            super::session_file(data);
        }

        /// The files of a folder of the checkout, sorted; none when it does not exist (the fuzz
        /// seeds are not in the published package). Dot files (`.gitkeep`) are skipped.
        fn files(dir: &str) -> Vec<PathBuf> {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                return Vec::new();
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.is_file()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            files.sort();
            files
        }

        /// Runs `target` on each input; fails naming every input that panicked.
        fn replay(inputs: Vec<(String, Vec<u8>)>, target: fn(&[u8])) {
            let failed: Vec<String> = inputs
                .into_iter()
                .filter(|(_, data)| panic::catch_unwind(|| target(data)).is_err())
                .map(|(name, _)| name)
                .collect();
            assert!(failed.is_empty(), "panicked on: {failed:#?}");
        }

        fn from_dirs(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
            dirs.iter()
                .flat_map(|dir| files(dir))
                .map(|path| {
                    let data =
                        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                    (path.display().to_string(), data)
                })
                .collect()
        }

        fn inline(inputs: &[&[u8]]) -> Vec<(String, Vec<u8>)> {
            inputs
                .iter()
                .enumerate()
                .map(|(i, data)| (format!("inline seed {i}"), data.to_vec()))
                .collect()
        }

        const VALID_SESSION: &[u8] = br#"{"format":"medusa-blocking-session","version":1,"base_url":"http://127.0.0.1:9000","bearer_token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln","cookies":[{"raw_cookie":"connect.sid=s%3Aabc.def; HttpOnly; Path=/; Expires=Fri, 27 Nov 2099 03:10:15 GMT","path":["/",true],"domain":{"HostOnly":"127.0.0.1"},"expires":{"AtUtc":"2099-11-27T03:10:15Z"}},{"raw_cookie":"tmp=1; Path=/","path":["/",true],"domain":{"HostOnly":"127.0.0.1"},"expires":"SessionEnd"}]}"#;

        #[test]
        fn response_findings_and_seeds() {
            replay(
                from_dirs(&[
                    "tests/fixtures/fuzz-regressions/response",
                    "fuzz/seeds/response",
                ]),
                response,
            );
            replay(
                inline(&[
                    b"",
                    b"\xc8",
                    b"\xc8\x00Content-Type: application/json\n\n{\"customer\":{\"id\":\"cus_1\",\"email\":\"a@b.c\"}}",
                    b"\xc8\x00\n\n{\"orders\":[{\"id\":\"a\"},{\"id\":\"b\",\"display_id\":\"x\"}],\"count\":2}",
                    b"\xc8\x00\n\n{\"order\":{\"id\":\"o\",\"total\":1e300,\"items\":[{\"\\",
                    b"\xcc\x00\n\n \r\n",
                    b"\x2e\x01Location: https://elsewhere.example/\n\n",
                    b"\xa6\x01Content-Type: application/json\n\n{\"type\":\"duplicate_error\",\"code\":\"invalid_request_error\",\"message\":\"taken\"}",
                    b"\x91\x01\n\nUnauthorized",
                    b"\xad\x01Retry-After: 99999999999999999999999\n\n",
                    b"\xf7\x01Retry-After: Fri, 31 Dec 9999 23:59:59 -2359\r\nContent-Type: text/html\n\n<html>\xff\xfe\x1b</html>",
                    b"\xf7\x01Retry-After: Sunday, 06-Nov-94 08:49:37 GMT\n\n",
                    b"\xad\x01Retry-After: Sun Feb 29 23:59:59 2100\n\n",
                    b"\xff\xffBad Name: x\nX: \x7f\x00\n\n\xff",
                ]),
                response,
            );
        }

        #[test]
        fn session_file_findings_and_seeds() {
            replay(
                from_dirs(&[
                    "tests/fixtures/fuzz-regressions/session_file",
                    "fuzz/seeds/session_file",
                ]),
                session_file,
            );
            let half = &VALID_SESSION[..VALID_SESSION.len() / 2];
            replay(
                inline(&[
                    VALID_SESSION,
                    half,
                    b"",
                    b"null",
                    br#"{"format":"medusa-blocking-session","version":2}"#,
                    br#"{"format":"medusa-blocking-session","version":1,"base_url":"http://127.0.0.1:9000","cookies":[{"raw_cookie":"a=1; Max-Age=99999999999999999999","path":["/",true],"domain":"NotPresent","expires":{"AtUtc":"9999-12-31T23:59:59-23:59"}}]}"#,
                ]),
                session_file,
            );
            // The inline seed is a real session file: it must keep loading.
            let (store, token) =
                crate::session_file::parse(VALID_SESSION, "http://127.0.0.1:9000").unwrap();
            assert!(store.is_some());
            assert_eq!(token.unwrap().secret(), "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
        }

        #[test]
        #[should_panic(expected = "panicked on")]
        fn a_panicking_input_fails_the_replay() {
            replay(inline(&[b"x"]), |_| panic!("a finding"));
        }

        #[test]
        fn decoding_matches_the_fuzz_target() {
            let (status, headers, body) = super::decode(
                b"\x2e\x01Location: /x\r\nbad line\nRetry-After:\t5\n\n{\"a\":1}\n\nrest",
            );
            assert_eq!(status, 302);
            assert_eq!(
                headers,
                [
                    (&b"Location"[..], &b"/x"[..]),
                    (&b"Retry-After"[..], &b"5"[..])
                ]
            );
            assert_eq!(body, b"{\"a\":1}\n\nrest");
            assert_eq!(super::decode(b"\x01"), (0, vec![], &b""[..]));
            assert_eq!(
                super::decode(b"\xc8\x00A: b"),
                (200, vec![(&b"A"[..], &b"b"[..])], &b""[..])
            );
        }
    }
}
