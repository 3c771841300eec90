//! Redaction of secrets in text that may reach an error, a log record or a `Debug` string: the
//! start of a response body, the `message` of a server's error, a redirect's `Location`, a path
//! given to the escape hatch, serde's message about a value.
//!
//! Whatever the route and whatever type the caller decodes into, a body can hold a token or a
//! password (`POST /store/auth/token` answers `{"access_token": "…"}`, and the escape hatch lets a
//! caller decode it into anything). So every such text goes through [`redact`], which hides:
//!
//! - the value of any JSON member whose key names a secret (see [`is_secret_key`]): a string, an
//!   array or an object becomes `"***"` (numbers, `true`, `false` and `null` stay);
//! - a JWT (`eyJ…`) anywhere;
//! - the value after `Bearer `;
//! - the value of a `name=value` pair whose name names a secret (`?token=…`, `#access_token=…`,
//!   `password=…`, `connect.sid=…`);
//! - the value after a `name:` whose name names a secret (`Authorization: Basic …`,
//!   `token: …`), and the rest of the line after a `…cookie:` (`Set-Cookie: a=1; Path=/`).
//!
//! It works on bytes but cuts the text only next to an ASCII byte (a quote, a bracket, a
//! delimiter) or at its end, and every cut is checked ([`str::get`]), so no text, valid JSON or
//! not, valid UTF-8 up to any point or not, makes it panic.

use std::borrow::Cow;

/// Key fragments that mark a member's value as secret (compared lower-cased).
const SECRET_KEYS: [&str; 9] = [
    "token",
    "password",
    "secret",
    "api_key",
    "apikey",
    "authorization",
    "cookie",
    "jwt",
    "connect.sid",
];

/// What replaces a secret.
const MASK: &str = "***";

/// Whether a JSON key names a secret: `token`, `access_token`, `password`, `client_secret`,
/// `api_key`, `cookie`, …
pub(crate) fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    SECRET_KEYS.iter().any(|s| key.contains(s))
}

/// `text` with its secrets replaced by `***` (see the module doc). Never panics, whatever the
/// text (valid JSON or not).
pub(crate) fn redact(text: &str) -> Cow<'_, str> {
    if !might_hold_a_secret(text) {
        return Cow::Borrowed(text);
    }
    let json = redact_members(text);
    Cow::Owned(redact_free_text(&json))
}

/// A cheap first look, so that the common body costs one scan.
fn might_hold_a_secret(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    SECRET_KEYS.iter().any(|s| lower.contains(s))
        || lower.contains("eyj")
        || lower.contains("bearer")
        || lower.contains("\\u")
}

/// `text[from..to]`, or nothing when that is not a slice of it (never happens with the indexes
/// below, which all sit next to an ASCII byte or at an end; checked all the same).
fn piece(text: &str, from: usize, to: usize) -> &str {
    text.get(from..to).unwrap_or_default()
}

/// The index of the quote that closes the JSON string whose content starts at `start`, or
/// `None` when it never closes. The index is that of an ASCII `"`: a char boundary.
fn string_close(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The index just past the JSON value (string, array or object) that starts at `start`, or the
/// end of the text when it never closes. Strings inside are skipped, so brackets in them do
/// not count.
fn value_end(bytes: &[u8], start: usize) -> usize {
    if bytes.get(start) == Some(&b'"') {
        return string_close(bytes, start + 1).map_or(bytes.len(), |q| q + 1);
    }
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_close(bytes, i + 1) {
                Some(q) => i = q,
                None => return bytes.len(),
            },
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// `"<secret key>" : <string, array or object>` → `"<secret key>" : "***"`.
fn redact_members(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            i += 1;
            continue;
        }
        let Some(key_close) = string_close(bytes, i + 1) else {
            // An unclosed string runs to the end: no member after it.
            break;
        };
        let raw_key = piece(text, i + 1, key_close);
        // `"to\u006ben"` is `"token"`: escapes are read before the key is judged.
        let unescaped = if raw_key.contains('\\') {
            serde_json::from_str::<String>(piece(text, i, key_close + 1)).ok()
        } else {
            None
        };
        let key = unescaped.as_deref().unwrap_or(raw_key);
        let mut k = key_close + 1;
        while k < bytes.len() && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if k < bytes.len() && bytes[k] == b':' && is_secret_key(key) {
            k += 1;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < bytes.len() && matches!(bytes[k], b'"' | b'[' | b'{') {
                out.push_str(piece(text, copied, k));
                out.push('"');
                out.push_str(MASK);
                out.push('"');
                i = value_end(bytes, k);
                copied = i;
                continue;
            }
        }
        i = key_close + 1;
    }
    out.push_str(piece(text, copied, bytes.len()));
    out
}

/// A byte that may be part of a `name` before `=` or `:`.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// A byte that ends a secret value in free text: white space, quotes, and the delimiters of
/// URLs, cookies, HTML and JSON. Any other byte (non-ASCII ones too) is part of the value.
fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b'"' | b'\'' | b'\\' | b'<' | b'>' | b'&' | b';' | b',' | b'#' | b')' | b']' | b'}'
        )
}

/// The index where the value starting at `start` ends (see [`ends_value`]).
fn value_stop(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && !ends_value(bytes[end]) {
        end += 1;
    }
    end
}

/// The index where the token (RFC 6750's `b64token`: letters, digits, `-._~+/` and `=`) starting
/// at `start` ends: how far a JWT or a bearer token runs (`…/eyJ…?limit=2` keeps `?limit=2`).
fn token_stop(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric()
            || matches!(bytes[end], b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'='))
    {
        end += 1;
    }
    end
}

/// Whether `bytes[at..]` starts with `word` (ASCII, any case).
fn starts_with_word(bytes: &[u8], at: usize, word: &[u8]) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(word))
}

/// The `name` that ends just before `at` (a run of [`is_name_byte`]s, lower-cased).
fn name_before(bytes: &[u8], at: usize) -> String {
    let start = bytes[..at]
        .iter()
        .rposition(|&b| !is_name_byte(b))
        .map_or(0, |p| p + 1);
    String::from_utf8_lossy(&bytes[start..at]).to_ascii_lowercase()
}

/// The secret value that starts at or just after `i`, as `(start, end)`, if one does.
fn secret_at(bytes: &[u8], i: usize) -> Option<(usize, usize)> {
    let word_start = i == 0 || !is_name_byte(bytes[i - 1]);
    match bytes[i] {
        b'e' if word_start && bytes[i..].starts_with(b"eyJ") => Some((i, token_stop(bytes, i))),
        b'b' | b'B' if word_start && starts_with_word(bytes, i, b"bearer ") => {
            let mut start = i + 7;
            while start < bytes.len() && bytes[start] == b' ' {
                start += 1;
            }
            Some((start, token_stop(bytes, start)))
        }
        b'=' if is_secret_key(&name_before(bytes, i)) => Some((i + 1, value_stop(bytes, i + 1))),
        b':' => {
            let name = name_before(bytes, i);
            if !is_secret_key(&name) {
                return None;
            }
            let mut start = i + 1;
            while start < bytes.len() && matches!(bytes[start], b' ' | b'\t') {
                start += 1;
            }
            if name.contains("cookie") {
                // `Cookie: a=1; b=2`, `Set-Cookie: sid=…; Path=/`: the rest of the line.
                let end = bytes[start..]
                    .iter()
                    .position(|&b| matches!(b, b'\n' | b'\r' | b'"'))
                    .map_or(bytes.len(), |p| start + p);
                return Some((start, end));
            }
            // `Authorization: Basic …`, `token: …`: past a scheme, the value.
            for scheme in [&b"bearer "[..], b"basic ", b"token ", b"digest "] {
                if starts_with_word(bytes, start, scheme) {
                    start += scheme.len();
                    break;
                }
            }
            while start < bytes.len() && bytes[start] == b' ' {
                start += 1;
            }
            Some((start, value_stop(bytes, start)))
        }
        _ => None,
    }
}

/// JWTs, `Bearer <token>`, `secret-name=<value>` and `secret-name: <value>` anywhere in the text.
fn redact_free_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        match secret_at(bytes, i) {
            // `start` follows an ASCII byte, `end` is at one or at the end: char boundaries.
            Some((start, end)) if end > start && !piece(text, start, end).starts_with(MASK) => {
                out.push_str(piece(text, copied, start));
                out.push_str(MASK);
                copied = end;
                i = end;
            }
            _ => i += 1,
        }
    }
    out.push_str(piece(text, copied, bytes.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_members_and_tokens_are_hidden() {
        let cases = [
            (
                r#"{"access_token":"eyJhbGciOiJIUzI1NiJ9.e30.c2ln"}"#,
                r#"{"access_token":"***"}"#,
            ),
            (
                r#"{"token" : "abc", "email":"a@b.c"}"#,
                r#"{"token" : "***", "email":"a@b.c"}"#,
            ),
            (
                r#"{"user":{"password":"hu\"nter2","Client_Secret":"s"}}"#,
                r#"{"user":{"password":"***","Client_Secret":"***"}}"#,
            ),
            (r#"{"token":7}"#, r#"{"token":7}"#),
            (
                "Authorization: Bearer abc.def-1",
                "Authorization: Bearer ***",
            ),
            (
                "set connect.sid=s%3Aabc.def; Path=/",
                "set connect.sid=***; Path=/",
            ),
            ("<p>eyJa.b.c</p>", "<p>***</p>"),
            ("plain text", "plain text"),
            (r#"{"tokens":["a","b"],"n":1}"#, r#"{"tokens":"***","n":1}"#),
            (
                r#"{"session":{"cookie":{"value":"s]}"},"id":2},"x":1}"#,
                r#"{"session":{"cookie":"***","id":2},"x":1}"#,
            ),
            (
                "https://shop.test/cb#access_token=abc%2Fd&token_type=bearer&state=1",
                "https://shop.test/cb#access_token=***&token_type=***&state=1",
            ),
            (
                "/store/x?token=s3cr3t&limit=2",
                "/store/x?token=***&limit=2",
            ),
            (
                "Authorization: Basic dXNlcjpwdw==\n",
                "Authorization: Basic ***\n",
            ),
            ("Set-Cookie: sid=abc; Path=/\nnext", "Set-Cookie: ***\nnext"),
            ("token: abc, then", "token: ***, then"),
            (r#"{"to\u006ben":"abc"}"#, r#"{"to\u006ben":"***"}"#),
        ];
        for (input, want) in cases {
            assert_eq!(redact(input), want, "{input}");
        }
    }

    #[test]
    fn an_unclosed_string_ending_in_a_multi_byte_char_is_redacted_without_panicking() {
        // Issue 15, 0: a 502's plain-text body; the key ran to a byte inside the `é`.
        assert_eq!(redact("bad gateway: token \"é"), "bad gateway: token \"é");
        assert_eq!(redact("\"token\"é"), "\"token\"é");
        assert_eq!(redact("\"\\é"), "\"\\é");
        assert_eq!(redact("\"token\": \"é"), "\"token\": \"***\"");
    }

    #[test]
    fn any_text_is_handled_without_panicking() {
        let samples = [
            "\"",
            "\"token",
            "\"token\"",
            "\"token\":",
            "\"token\": \"",
            "\"token\": \"x\\",
            "é\"tökén\":\"ü\"eyJ",
            "bearer",
            "Bearer ",
            "connect.sid=",
            "\u{1F600}eyJ\u{1F600}",
        ];
        for s in samples {
            let _ = redact(s);
            for cut in 0..=s.len() {
                if s.is_char_boundary(cut) {
                    let _ = redact(&s[..cut]);
                }
            }
        }
        assert_eq!(redact("\"token\": \"x"), "\"token\": \"***\"");
    }
}
