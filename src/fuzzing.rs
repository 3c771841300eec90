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
/// What a server's `Set-Cookie` headers do to the session: one header per line of `data`, sent
/// from one of a few URLs (chosen by the first byte), each applied twice (the second time through
/// the skip cache). After every step the session must send exactly what a plain store fed the
/// same cookies (host-only, as the session stores them) sends; a difference panics, as a
/// finding. Must never panic otherwise.
pub fn set_cookie(data: &[u8]) {
    use crate::core::session::{CookieJar, Session, host_only_cookie};
    const URLS: [&str; 3] = [
        "http://shop.test/store/customers",
        "http://api.shop.test/store/auth",
        "http://127.0.0.1:9000/auth/session",
    ];
    const PROBES: [&str; 5] = [
        "http://shop.test/",
        "http://shop.test/store/customers/me",
        "http://api.shop.test/store/x",
        "http://127.0.0.1:9000/store",
        "http://other.test/",
    ];
    let (choice, rest) = data.split_first().unwrap_or((&0, &[]));
    let Ok(url) = url::Url::parse(URLS[usize::from(*choice) % URLS.len()]) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let session = Session::new(CookieJar::default(), None);
    let mut plain = cookie_store::CookieStore::default();
    let values = |store: &cookie_store::CookieStore, probe: &url::Url| {
        let mut v: Vec<String> = store
            .get_request_values(probe)
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        v.sort();
        v
    };
    for line in text.lines().take(64) {
        for _ in 0..2 {
            session.store_cookies(&url, std::iter::once(line));
        }
        if line.len() <= 4096
            && let Some(cookie) = host_only_cookie(line, &url)
        {
            let _ = plain.insert(cookie, &url);
        }
        for probe in PROBES {
            let Ok(probe) = url::Url::parse(probe) else {
                continue;
            };
            let got = values(&session.lock_cookies(), &probe);
            // The jar's own bound may leave cookies out that the plain store kept.
            if plain.iter_any().count() < 300 {
                assert_eq!(got, values(&plain, &probe), "{probe}");
            }
        }
    }
}

/// The body reader with its limit: bytes 0..2 the limit (`u16`), byte 2 the read size, byte 3
/// where the reader fails (255: never), the rest the body. What is read is a prefix of the body,
/// at most one byte past the limit.
pub fn body(data: &[u8]) {
    struct Chunked<'a> {
        data: &'a [u8],
        chunk: usize,
        fail_at: Option<usize>,
        at: usize,
    }
    impl std::io::Read for Chunked<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.fail_at.is_some_and(|f| self.at >= f) {
                return Err(std::io::Error::other("broken"));
            }
            let n = buf.len().min(self.chunk).min(self.data.len() - self.at);
            buf[..n].copy_from_slice(&self.data[self.at..self.at + n]);
            self.at += n;
            Ok(n)
        }
    }
    let [lo, hi, chunk, fail, body @ ..] = data else {
        return;
    };
    let limit = u64::from(u16::from_le_bytes([*lo, *hi]));
    let reader = Chunked {
        data: body,
        chunk: usize::from(*chunk).max(1),
        fail_at: (*fail != 255).then(|| usize::from(*fail)),
        at: 0,
    };
    let (read, _outcome) =
        crate::core::response::read_limited(reader, limit, Some(body.len() as u64));
    assert!(read.len() as u64 <= limit + 1);
    assert_eq!(&body[..read.len()], &read[..]);
}

/// Tokens and envelopes: any bytes as a token body (`{"token"}`), a JWT (its claims), an
/// envelope of either wing's models, a page, and text to redact. Must never panic.
pub fn tokens(data: &[u8]) {
    let _ = crate::core::decode::secret_member(200, data, "token");
    let _ = crate::core::decode::secret_member(200, data, "access_token");
    let text = String::from_utf8_lossy(data);
    let token = crate::AccessToken::from(text.as_ref());
    let _ = (token.expires_at(), token.lifetime(), token.actor_id());
    let redacted = crate::core::redact::redact(&text);
    assert!(redacted.len() <= text.len() + 5 * text.len().max(1));
    let _ = crate::core::decode::member::<crate::v1::models::Customer>(200, data, "customer");
    #[cfg(feature = "v2")]
    {
        let _ = crate::core::decode::member::<crate::v2::models::Customer>(200, data, "customer");
        let _ =
            crate::core::page::decode::<crate::v2::models::CustomerAddress>(200, data, "addresses");
        let _ = crate::core::decode::json::<crate::v2::models::AddressDeleted>(200, data);
    }
}

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
    fn set_cookie_body_and_token_findings_and_seeds() {
        replay(
            from_dirs(&[
                "tests/fixtures/fuzz-regressions/set_cookie",
                "fuzz/seeds/set_cookie",
            ]),
            super::set_cookie,
        );
        replay(
            inline(&[
                b"",
                b"\x00connect.sid=s%3Aabc; Path=/; HttpOnly\nconnect.sid=s%3Aabc; Path=/; HttpOnly",
                b"\x01a=1; Domain=shop.test\nb=2; Domain=co.uk\nc=3; Domain=evil.test\nd=4; Max-Age=0",
                b"\x02x=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT\nx=2\nx=2; Path=/auth",
                b"\xff=\n;\n\xc3\x28=1",
            ]),
            super::set_cookie,
        );
        replay(
            from_dirs(&["tests/fixtures/fuzz-regressions/body", "fuzz/seeds/body"]),
            super::body,
        );
        replay(
            inline(&[
                b"",
                b"\x03\x00\x01\xffabcdef",
                b"\x00\x00\x07\xff",
                b"\xff\xff\x02\x03abcdefgh",
                b"\x05\x00\x40\x00abcdefgh",
            ]),
            super::body,
        );
        replay(
            from_dirs(&[
                "tests/fixtures/fuzz-regressions/tokens",
                "fuzz/seeds/tokens",
            ]),
            super::tokens,
        );
        replay(
            inline(&[
                b"",
                br#"{"token":"eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2ln"}"#,
                br#"{"access_token":7}"#,
                b"eyJ.eyJ.eyJ",
                br#"{"customer":{"id":"c","email":"e","addresses":[{"id":"a"}]}}"#,
                br#"{"addresses":[{"id":"a","is_default_billing":true}],"count":1}"#,
                br#"{"id":"cus","object":"address","deleted":true,"parent":null}"#,
                b"Bearer \xff connect.sid=\xc3",
            ]),
            super::tokens,
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
