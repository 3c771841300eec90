//! Entry points for the fuzz targets in `fuzz/` (built with `--cfg fuzzing`, as cargo-fuzz does,
//! and for the unit tests that replay their findings); not part of the API.

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
    match crate::core::response::finish(status, &map, body.to_vec()) {
        Ok(reply) => {
            let _ = crate::core::decode::member::<crate::v1::models::Customer>(
                reply.status,
                &reply.body,
                "customer",
            );
            let _ = crate::core::page::decode::<crate::v1::models::Order>(
                reply.status,
                &reply.body,
                "orders",
            );
            let _ =
                crate::core::decode::json::<crate::v1::models::Order>(reply.status, &reply.body);
            #[cfg(feature = "v2")]
            let _ = crate::core::page::decode::<crate::v2::models::Order>(
                reply.status,
                &reply.body,
                "orders",
            );
            let _ = crate::core::decode::json::<serde_json::Value>(reply.status, &reply.body);
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
    let _ = crate::core::session::file::parse(bytes, "v1", "http://127.0.0.1:9000");
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
            crate::core::session::file::parse(VALID_SESSION, "v1", "http://127.0.0.1:9000")
                .unwrap();
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
