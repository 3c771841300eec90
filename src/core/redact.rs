//! Redaction of secrets in text that may reach an error, a log record or a `Debug` string: the
//! start of a response body, serde's message about a value.
//!
//! Whatever the route and whatever type the caller decodes into, a body can hold a token or a
//! password (`POST /store/auth/token` answers `{"access_token": "…"}`, and the escape hatch lets a
//! caller decode it into anything). So every snippet goes through [`redact`]: the string value of
//! any JSON member whose key names a secret becomes `"***"`, and so do a JWT anywhere, the value
//! after `Bearer `, and a `connect.sid=` cookie value.

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
}

/// The index just past the JSON string that starts after the opening quote at `start - 1`
/// (or the end of the text when it never closes).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `"<secret key>" : "<value>"` → `"<secret key>" : "***"`.
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
        let key_end = string_end(bytes, i + 1);
        let key = &text[i + 1..key_end.saturating_sub(1).max(i + 1)];
        let mut k = key_end;
        while k < bytes.len() && bytes[k].is_ascii_whitespace() {
            k += 1;
        }
        if k < bytes.len() && bytes[k] == b':' && is_secret_key(key) {
            k += 1;
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < bytes.len() && bytes[k] == b'"' {
                // Every index here is at an ASCII quote or the end: a char boundary.
                out.push_str(&text[copied..k]);
                out.push_str("\"***\"");
                i = string_end(bytes, k + 1);
                copied = i;
                continue;
            }
        }
        i = key_end;
    }
    out.push_str(&text[copied..]);
    out
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'+' | b'/' | b'=' | b'%')
}

/// JWTs (`eyJ….….…`), `Bearer <token>` and `connect.sid=<value>` anywhere in the text.
fn redact_free_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let skip = if rest.starts_with(b"eyJ") && (i == 0 || !is_token_byte(bytes[i - 1])) {
            Some(0)
        } else if rest.len() > 7 && rest[..7].eq_ignore_ascii_case(b"bearer ") {
            Some(7)
        } else if rest.starts_with(b"connect.sid=") {
            Some(12)
        } else {
            None
        };
        match skip {
            Some(keep) => {
                let start = i + keep;
                let mut end = start;
                while end < bytes.len() && is_token_byte(bytes[end]) {
                    end += 1;
                }
                if end > start {
                    // `start` and `end` follow ASCII bytes: char boundaries.
                    out.push_str(&text[copied..start]);
                    out.push_str("***");
                    copied = end;
                }
                i = end.max(i + 1);
            }
            None => i += 1,
        }
        // Stay on char boundaries when stepping over multi-byte characters.
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
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
        ];
        for (input, want) in cases {
            assert_eq!(redact(input), want, "{input}");
        }
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
