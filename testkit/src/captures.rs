//! The exchanges recorded from a real Medusa 1.20.11 in `tests/fixtures/captures/`, and (in
//! [`v2`]) from a real Medusa 2.21.2 in `tests/fixtures/v2/captures/`.
//!
//! Each exchange `<name>` is two files: `<name>.http`, the request and the response as text
//! (`### REQUEST`, start line, headers, blank line, body; then `### RESPONSE`, the same), and
//! `<name>.body`, the response body byte for byte. [`load`] reads both, and checks that they
//! agree; [`read`], [`text`] and [`json`] read any one file of the folder. Every function
//! panics, naming the file, when it cannot: a missing or malformed capture is a broken test, not
//! a case to handle.
//!
//! ```
//! let created = medusa_testkit::captures::load("05-customers-create");
//! assert_eq!(created.status, 200);
//! assert_eq!(created.header("content-type"), Some("application/json; charset=utf-8"));
//! assert_eq!(created.request_line(), "POST http://127.0.0.1:9000/store/customers");
//! assert!(created.json()["customer"]["id"].is_string());
//! ```

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::http::header_value;

/// The captures folder (`tests/fixtures/captures` of the repository).
pub fn dir() -> PathBuf {
    let testkit = Path::new(env!("CARGO_MANIFEST_DIR"));
    testkit
        .parent()
        .unwrap_or(testkit)
        .join("tests/fixtures/captures")
}

/// The bytes of a file of the captures folder (`"61-auth-token.body"`).
pub fn read(file: &str) -> Vec<u8> {
    let path = dir().join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("capture {}: {e}", path.display()))
}

/// The text of a file of the captures folder.
pub fn text(file: &str) -> String {
    String::from_utf8(read(file)).unwrap_or_else(|e| panic!("capture {file}: {e}"))
}

/// A file of the captures folder, parsed as JSON.
pub fn json(file: &str) -> Value {
    serde_json::from_slice(&read(file)).unwrap_or_else(|e| panic!("capture {file}: {e}"))
}

/// Every `*.body` file that parses as JSON, with its file name, sorted by file name.
pub fn json_bodies() -> Vec<(String, Value)> {
    let dir = dir();
    assert!(dir.is_dir(), "captures folder {} is missing", dir.display());
    let mut bodies = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("read captures folder") {
        let path = entry.expect("read captures folder entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("body") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read capture body");
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            bodies.push((name, value));
        }
    }
    bodies.sort_by(|a, b| a.0.cmp(&b.0));
    bodies
}

/// One recorded exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    /// `05-customers-create`.
    pub name: String,
    /// The request section of `<name>.http`: start line, headers, blank line, body.
    pub request: String,
    /// The response status.
    pub status: u16,
    /// The response headers as recorded (names as sent, in order; framing and `Date` included).
    pub headers: Vec<(String, String)>,
    /// The response body (`<name>.body`).
    pub body: Vec<u8>,
}

/// The exchange `name` (no extension).
pub fn load(name: &str) -> Capture {
    load_in(&dir(), name)
}

/// The exchange `name` of folder `dir`: the body is `<name>.body` when there is one (it must be
/// the body recorded in `<name>.http`), else the body recorded in `<name>.http`, without the
/// newline the recorder added after it.
fn load_in(dir: &Path, name: &str) -> Capture {
    let http = dir.join(format!("{name}.http"));
    let text = std::fs::read_to_string(&http)
        .unwrap_or_else(|e| panic!("capture {}: {e}", http.display()));
    let (request, response) = text
        .split_once("### RESPONSE\n")
        .unwrap_or_else(|| panic!("{name}.http has no response section"));
    let request = request
        .strip_prefix("### REQUEST\n")
        .unwrap_or_else(|| panic!("{name}.http has no request section"));
    let (head, recorded_body) = response
        .split_once("\n\n")
        .unwrap_or_else(|| panic!("{name}.http: the response has no blank line"));
    let recorded_body = recorded_body
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("{name}.http: the response does not end with a newline"));
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{name}.http: bad status line {status_line:?}"));
    let headers = lines
        .map(|line| {
            let (header, value) = line
                .split_once(": ")
                .unwrap_or_else(|| panic!("{name}.http: bad header line {line:?}"));
            (header.to_string(), value.to_string())
        })
        .collect();
    let body = match std::fs::read(dir.join(format!("{name}.body"))) {
        Ok(bytes) => {
            assert_eq!(
                bytes,
                recorded_body.as_bytes(),
                "{name}.body and the body in {name}.http differ"
            );
            bytes
        }
        Err(_) => recorded_body.as_bytes().to_vec(),
    };
    Capture {
        name: name.to_string(),
        request: request.to_string(),
        status,
        headers,
        body,
    }
}

/// The exchanges recorded from a real Medusa 2.21.2 in `tests/fixtures/v2/captures/` (a part of
/// the recorded run: see its README). Same layout, except that a body without a model is only
/// in the `.http` file.
///
/// ```
/// let me = medusa_testkit::captures::v2::load("032-customers-me-no-auth");
/// assert_eq!((me.status, me.body_text()), (401, r#"{"message":"Unauthorized"}"#));
/// ```
pub mod v2 {
    use std::path::PathBuf;

    use super::Capture;

    /// The v2 captures folder (`tests/fixtures/v2/captures` of the repository).
    pub fn dir() -> PathBuf {
        super::dir()
            .parent()
            .map_or_else(super::dir, |fixtures| fixtures.join("v2/captures"))
    }

    /// The exchange `name` (no extension).
    pub fn load(name: &str) -> Capture {
        super::load_in(&dir(), name)
    }
}

impl Capture {
    /// The first value of a response header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// The recorded request line: `POST http://127.0.0.1:9000/store/customers`.
    pub fn request_line(&self) -> &str {
        self.request.lines().next().unwrap_or_default()
    }

    /// The body of the recorded request, trimmed (as the real server accepted it).
    pub fn request_body(&self) -> &str {
        let (_, body) = self
            .request
            .split_once("\n\n")
            .unwrap_or_else(|| panic!("{}.http: request has no body", self.name));
        body.trim()
    }

    /// The response body as text.
    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body)
            .unwrap_or_else(|e| panic!("{}.body is not UTF-8: {e}", self.name))
    }

    /// The response body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{}.body is not JSON: {e}", self.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_a_plain_text_401_with_its_cookie() {
        let c = load("19-me-no-cookie");
        assert_eq!(c.status, 401);
        assert_eq!(c.body_text(), "Unauthorized");
        assert_eq!(c.header("transfer-encoding"), Some("chunked"));
        assert!(
            c.header("set-cookie")
                .unwrap()
                .starts_with("connect.sid=s%3A")
        );
        assert_eq!(
            c.request_line(),
            "GET http://127.0.0.1:9000/store/customers/me"
        );
        assert!(json_bodies().len() > 40);
    }
}
