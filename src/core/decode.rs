//! Decoding of successful bodies, with errors that say where and what.
//!
//! The happy path is one UTF-8 check and one `serde_json::from_str` over the one buffer the body
//! was read into. When it fails, the error names the JSON path of the failing field (worked out
//! from the position serde reports, by a small scanner over the bytes before it) and a short
//! snippet of the body.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::core::error::{Error, snippet};

/// Longest body snippet kept in an error.
pub(crate) const SNIPPET_LEN: usize = 200;

/// Decodes a 2xx body into `T`.
pub(crate) fn json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    seeded(status, body, PhantomData::<T>)
}

/// Decodes the member `key` of a 2xx JSON object body into `T` and skips the others: Medusa's
/// envelopes (`{"customer": {…}}`, `{"orders": […], "count": …}`) need no type of their own.
pub(crate) fn member<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    key: &'static str,
) -> Result<T, Error> {
    seeded(status, body, Member::<T>::new(key))
}

/// The string member `key` of a body that holds a secret (`{"token": "…"}`): decoded so that
/// no error quotes the body or serde's message, which would quote the secret.
pub(crate) fn secret_member(status: u16, body: &[u8], key: &'static str) -> Result<String, Error> {
    let error = |message: String| Error::Decode {
        status,
        path: key.into(),
        message,
        body: String::new(),
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        error(format!(
            "the body is not valid JSON (line {} column {})",
            e.line(),
            e.column()
        ))
    })?;
    match value.get(key).and_then(serde_json::Value::as_str) {
        Some(secret) => Ok(secret.to_string()),
        None => Err(error(format!(r#"expected {{"{key}": "<string>"}}"#))),
    }
}

/// Decodes a 2xx body with a serde seed.
pub(crate) fn seeded<'de, S: DeserializeSeed<'de>>(
    status: u16,
    body: &'de [u8],
    seed: S,
) -> Result<S::Value, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Decode {
            status,
            path: ".".into(),
            message: "empty body where JSON was expected".into(),
            body: String::new(),
        });
    }
    // One UTF-8 check of the whole body, then a `str` reader, which has no string left to check:
    // faster than reading the bytes, which checks each string as it goes. (Only the `str`
    // reader: a second instantiation of the models' deserializers would add seconds to every
    // build.)
    let text = std::str::from_utf8(body).map_err(|e| Error::Decode {
        status,
        path: path_in(body, e.valid_up_to(), false),
        message: format!("the body is not valid UTF-8 (byte {})", e.valid_up_to()),
        body: snippet(body, SNIPPET_LEN),
    })?;
    let mut de = serde_json::Deserializer::from_str(text);
    seed.deserialize(&mut de)
        .and_then(|value| de.end().map(|()| value))
        .map_err(|e| decode_error(status, body, &e))
}

/// A seed that reads one member of a JSON object into `T`.
pub(crate) struct Member<T> {
    key: &'static str,
    marker: PhantomData<fn() -> T>,
}

impl<T> Member<T> {
    pub(crate) fn new(key: &'static str) -> Self {
        Member {
            key,
            marker: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Member<T> {
    type Value = T;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Member<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut found = None;
        while let Some(is_ours) = map.next_key_seed(KeyIs(self.key))? {
            if is_ours && found.is_none() {
                found = Some(map.next_value::<T>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        found.ok_or_else(|| de::Error::missing_field(self.key))
    }
}

/// A key seed that answers whether the key is the one wanted, without allocating it.
pub(crate) struct KeyIs(pub &'static str);

impl<'de> DeserializeSeed<'de> for KeyIs {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeyIs {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

pub(crate) fn decode_error(status: u16, body: &[u8], e: &serde_json::Error) -> Error {
    let offset = byte_offset(body, e.line(), e.column());
    // A missing field is reported at the end of its object: the path is the object's.
    let path = path_in(body, offset, e.to_string().starts_with("missing field"));
    // serde quotes the value it refused: under a secret's key, say what was wrong, not what.
    // Under any secret key (`session.cookie.value`), not only the last one.
    let under_secret = path
        .split(['.', '['])
        .any(crate::core::redact::is_secret_key);
    let path = crate::core::redact::redact(&path).into_owned();
    let message = if under_secret {
        "a value of the wrong type (not shown: the field holds a secret)".to_string()
    } else {
        crate::core::redact::redact(&strip_position(&e.to_string())).into_owned()
    };
    Error::Decode {
        status,
        path,
        message,
        body: snippet(body, SNIPPET_LEN),
    }
}

/// serde_json ends its messages with " at line L column C"; the path says it better.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The byte offset of serde_json's 1-based (line, column), clamped to the body.
fn byte_offset(body: &[u8], line: usize, column: usize) -> usize {
    let mut start = 0;
    if line > 1 {
        let mut seen = 1;
        for (i, b) in body.iter().enumerate() {
            if *b == b'\n' {
                seen += 1;
                if seen == line {
                    start = i + 1;
                    break;
                }
            }
        }
    }
    (start + column.saturating_sub(1)).min(body.len())
}

enum Frame {
    Object { key: Option<String>, want_key: bool },
    Array { index: usize },
}

/// The JSON path (`customer.shipping_addresses[0].city`) of the value being read at `offset`,
/// `.` for the root. Works on any bytes, valid JSON or not.
/// With `object_itself`, the path of the innermost object rather than of its last key.
fn path_in(body: &[u8], offset: usize, object_itself: bool) -> String {
    let mut stack: Vec<Frame> = Vec::new();
    let end = offset.min(body.len());
    let mut i = 0;
    while i < end {
        match body[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                want_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { want_key, .. }) => *want_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let (text, next) = read_string(body, i + 1, end);
                if let Some(Frame::Object { key, want_key }) = stack.last_mut()
                    && *want_key
                {
                    *key = Some(text);
                    *want_key = false;
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if object_itself && let Some(Frame::Object { key, .. }) = stack.last_mut() {
        *key = None;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        ".".to_string()
    } else {
        path
    }
}

/// Reads a JSON string starting after its opening quote; returns its text (escapes kept as the
/// escaped character) and the index after the closing quote (or `end`).
fn read_string(body: &[u8], mut i: usize, end: usize) -> (String, usize) {
    let mut raw = Vec::new();
    while i < end {
        match body[i] {
            b'"' => return (String::from_utf8_lossy(&raw).into_owned(), i + 1),
            b'\\' if i + 1 < end => {
                raw.push(body[i + 1]);
                i += 2;
            }
            b => {
                raw.push(b);
                i += 1;
            }
        }
    }
    (String::from_utf8_lossy(&raw).into_owned(), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        orders: Vec<Order>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Order {
        id: String,
        display_id: Option<i64>,
        items: Option<Vec<Item>>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        quantity: i64,
    }

    fn err_of(body: &str) -> (String, String) {
        match json::<Page>(200, body.as_bytes()) {
            Err(Error::Decode { path, message, .. }) => (path, message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn names_the_failing_field() {
        let (path, msg) = err_of(r#"{"orders":[{"id":"a"},{"id":"b","display_id":"x"}]}"#);
        assert_eq!(path, "orders[1].display_id");
        assert!(msg.starts_with("invalid type: string \"x\""), "{msg}");

        let (path, _) =
            err_of(r#"{"orders":[{"id":"a","items":[{"quantity":1},{"quantity":1.5}]}]}"#);
        assert_eq!(path, "orders[0].items[1].quantity");

        let (path, msg) = err_of("{\n \"orders\": [\n  {\"display_id\": 1}\n ]\n}");
        assert_eq!(path, "orders[0]");
        assert_eq!(msg, "missing field `id`");

        let (path, _) = err_of(r#"{"orders":[{}]}"#);
        assert_eq!(path, "orders[0]");

        let (path, _) = err_of(r#"{"orders":{"id":"a"}}"#);
        assert_eq!(path, "orders");
    }

    #[test]
    fn keys_with_escapes_and_nested_strings() {
        let (path, _) = err_of(r#"{"x":"a,b}]{[\"","orders":[{"id":"a","display_id":[]}],"y":1}"#);
        assert_eq!(path, "orders[0].display_id");
    }

    #[test]
    fn broken_bodies() {
        let (path, _) = err_of(r#"{"orders":[{"id":"a"#);
        assert_eq!(path, "orders[0].id");
        let (path, msg) = err_of("<html>oops</html>");
        assert_eq!(path, ".");
        assert!(msg.starts_with("expected value"), "{msg}");
        match json::<Page>(204, b"  ") {
            Err(Error::Decode { message, .. }) => assert!(message.contains("empty body")),
            other => panic!("{other:?}"),
        }
        match json::<Page>(200, &[0xff, 0xfe]) {
            Err(Error::Decode { status: 200, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn path_at_never_panics() {
        for body in [
            &b""[..],
            b"]]]}}}",
            b"\"",
            b"{\"",
            b"[,,,",
            b"\\",
            b"{\"a\\",
        ] {
            for off in 0..=body.len() + 2 {
                let _ = path_in(body, off, false);
                let _ = path_in(body, off, true);
            }
        }
        assert_eq!(byte_offset(b"ab\ncd", 2, 2), 4);
        assert_eq!(byte_offset(b"ab", 9, 9), 2);
    }

    #[test]
    fn a_member_is_read_and_the_rest_skipped() {
        let body = br#"{"a":[1,{"x":"}"}],"customer":{"id":"cus_1"},"z":null}"#;
        let got: serde_json::Value = member(200, body, "customer").unwrap();
        assert_eq!(got, serde_json::json!({"id": "cus_1"}));
        // escaped key
        let got: u8 = member(200, br#"{"cust\u006fmer":7}"#, "customer").unwrap();
        assert_eq!(got, 7);
        match member::<u8>(200, br#"{"other":1}"#, "customer") {
            Err(Error::Decode { path, message, .. }) => {
                assert_eq!(path, ".");
                assert_eq!(message, "missing field `customer`");
            }
            other => panic!("{other:?}"),
        }
        match member::<Page>(200, br#"{"customer":{"orders":[{"id":1}]}}"#, "customer") {
            Err(Error::Decode { path, .. }) => assert_eq!(path, "customer.orders[0].id"),
            other => panic!("{other:?}"),
        }
        assert!(member::<u8>(200, b"[1]", "customer").is_err());
        assert!(member::<u8>(200, br#"{"customer":1} x"#, "customer").is_err());
    }

    #[test]
    fn a_secret_member_is_never_quoted_in_an_error() {
        assert_eq!(
            secret_member(200, br#"{"token":"s3cr3t"}"#, "token").unwrap(),
            "s3cr3t"
        );
        for body in [
            &br#"{"token":7,"x":"s3cr3t"}"#[..],
            br#"{"token":"s3cr3t""#,
            br#"["s3cr3t"]"#,
            b"s3cr3t",
        ] {
            let e = secret_member(200, body, "token").unwrap_err();
            let shown = format!("{e} {e:?}");
            assert!(!shown.contains("s3cr3t"), "{shown}");
            assert!(matches!(e, Error::Decode { ref path, .. } if path == "token"));
        }
    }
}
