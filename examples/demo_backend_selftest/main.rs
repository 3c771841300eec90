//! Self-test of the examples' in-process demo backends: Medusa 2.21 (`medusa_testkit::demo::v2`,
//! in `testkit/src/demo/v2/`, checked by `v2.rs`) and Medusa 1.20 (`medusa_testkit::demo::v1`,
//! in `testkit/src/demo/v1/`, checked by `v1.rs`).
//!
//! It speaks raw HTTP/1.1 over `std::net::TcpStream` (no client library), walks the customer
//! flow the examples rely on and checks statuses, headers and bodies against what the real
//! servers answered: `tests/fixtures/v2/captures` and `tests/fixtures/captures`.
//!
//! ```text
//! cargo run --example demo_backend_selftest
//! ```

mod v1;
mod v2;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

struct Res {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Res {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body))
    }

    /// `connect.sid=...` from `Set-Cookie`, ready for a `Cookie` header.
    fn cookie(&self) -> Option<String> {
        self.header("set-cookie")
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
    }
}

struct Conn {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Conn {
    fn open(addr: &str) -> Conn {
        let stream = TcpStream::connect(addr).expect("connect to the demo backend");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("set timeout");
        let writer = stream.try_clone().expect("clone stream");
        Conn {
            reader: BufReader::new(stream),
            writer,
        }
    }

    fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Res {
        let mut req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if let Some(body) = body {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body.unwrap_or(""));
        self.raw(req.as_bytes())
    }

    fn raw(&mut self, bytes: &[u8]) -> Res {
        self.writer.write_all(bytes).expect("write request");
        read_response(&mut self.reader)
    }
}

fn read_line(reader: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    reader.read_line(&mut line).expect("read line");
    line.trim_end_matches(['\r', '\n']).to_string()
}

fn read_response(reader: &mut BufReader<TcpStream>) -> Res {
    let status_line = read_line(reader);
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader);
        if line.is_empty() {
            break;
        }
        let (k, v) = line.split_once(": ").expect("header line");
        headers.push((k.to_string(), v.to_string()));
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(len) = find("content-length") {
        body.resize(len.parse().expect("content-length"), 0);
        reader.read_exact(&mut body).expect("read body");
    } else if find("transfer-encoding").as_deref() == Some("chunked") {
        loop {
            let size = usize::from_str_radix(&read_line(reader), 16).expect("chunk size");
            if size == 0 {
                assert_eq!(read_line(reader), "", "end of chunked body");
                break;
            }
            let start = body.len();
            body.resize(start + size, 0);
            reader.read_exact(&mut body[start..]).expect("read chunk");
            assert_eq!(read_line(reader), "", "chunk terminator");
        }
    }
    Res {
        status,
        headers,
        body: String::from_utf8(body).expect("utf-8 body"),
    }
}

struct Checks {
    passed: usize,
}

impl Checks {
    fn ok(&mut self, cond: bool, what: &str) {
        assert!(cond, "check failed: {what}");
        self.passed += 1;
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, actual: T, expected: T, what: &str) {
        assert_eq!(actual, expected, "check failed: {what}");
        self.passed += 1;
    }

    /// Status, and the headers every Express response of the store router carries.
    fn status(&mut self, res: &Res, status: u16, what: &str) {
        assert_eq!(
            res.status, status,
            "check failed: {what}: body {}",
            res.body
        );
        assert_eq!(
            res.header("x-powered-by"),
            Some("Express"),
            "{what}: X-Powered-By"
        );
        assert!(
            res.header("date").is_some_and(|d| d.ends_with(" GMT")),
            "{what}: Date"
        );
        self.passed += 1;
    }
}

const JSON_UTF8: &str = "application/json; charset=utf-8";

fn main() {
    let mut t = Checks { passed: 0 };
    v2::run(&mut t);
    let v2_checks = t.passed;
    v1::run(&mut t);
    println!(
        "demo backend self-test: {} checks passed (Medusa v2 demo {v2_checks}, Medusa v1 demo {})",
        t.passed,
        t.passed - v2_checks
    );
}

// ---------------------------------------------------------------------------------------------
// Comparing with a recorded exchange
// ---------------------------------------------------------------------------------------------

/// JSON with its key order kept (`serde_json::Value` sorts keys).
#[derive(Debug, Clone, PartialEq)]
enum Ordered {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Ordered>),
    Obj(Vec<(String, Ordered)>),
}

impl Ordered {
    fn parse(text: &str) -> Option<Ordered> {
        serde_json::from_str(text).ok()
    }

    fn kind(&self) -> &'static str {
        match self {
            Ordered::Null => "null",
            Ordered::Bool(_) => "boolean",
            Ordered::Num(_) => "number",
            Ordered::Str(_) => "string",
            Ordered::Arr(_) => "array",
            Ordered::Obj(_) => "object",
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Ordered, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Num(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Num(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Num(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Str(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Arr(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    members.push((k, v));
                }
                Ok(Ordered::Obj(members))
            }
        }
        d.deserialize_any(V)
    }
}

/// Whether `ours` has the shape of `recorded`: the same keys in the same order, the same kinds
/// of values, all the way down (arrays: element by element as far as both go).
fn same_shape(ours: &Ordered, recorded: &Ordered, path: &str) -> Result<(), String> {
    match (ours, recorded) {
        (Ordered::Obj(a), Ordered::Obj(b)) => {
            let keys =
                |m: &[(String, Ordered)]| m.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            if keys(a) != keys(b) {
                return Err(format!(
                    "{path}: keys {:?}, recorded {:?}",
                    keys(a),
                    keys(b)
                ));
            }
            for ((k, x), (_, y)) in a.iter().zip(b) {
                same_shape(x, y, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Ordered::Arr(a), Ordered::Arr(b)) => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                same_shape(x, y, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (a, b) if a.kind() == b.kind() => Ok(()),
        (a, b) => Err(format!(
            "{path}: {} {a:?}, recorded {} {b:?}",
            a.kind(),
            b.kind()
        )),
    }
}

/// The names of a response's headers, in order.
fn header_names(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .collect()
}

impl Checks {
    /// `res` answers like the recorded exchange `capture` (`tests/fixtures/v2/captures`): the same
    /// status, header names in the same order, `Content-Type`, and a body of the same JSON shape
    /// (or, `exact`, the same bytes and so the same `ETag`).
    fn like(&mut self, res: &Res, capture: &str, exact: bool) {
        let recorded = medusa_testkit::captures::v2::load(capture);
        assert_eq!(
            res.status, recorded.status,
            "{capture}: status; body {}",
            res.body
        );
        assert_eq!(
            header_names(&res.headers),
            header_names(&recorded.headers),
            "{capture}: header names"
        );
        assert_eq!(
            res.header("content-type"),
            recorded.header("content-type"),
            "{capture}: Content-Type"
        );
        if exact {
            assert_eq!(res.body, recorded.body_text(), "{capture}: body");
            assert_eq!(
                res.header("etag"),
                recorded.header("etag"),
                "{capture}: ETag"
            );
        } else {
            let ours = Ordered::parse(&res.body)
                .unwrap_or_else(|| panic!("{capture}: not JSON: {}", res.body));
            let theirs = Ordered::parse(recorded.body_text())
                .unwrap_or_else(|| panic!("{capture}: the capture is not JSON"));
            if let Err(e) = same_shape(&ours, &theirs, "body") {
                panic!("{capture}: {e}\nbody: {}", res.body);
            }
        }
        self.passed += 1;
    }

    /// Status and exact body of an answer with no capture in the repository (copied from
    /// the recorded run).
    fn answers(&mut self, res: &Res, status: u16, body: &str, what: &str) {
        self.status(res, status, what);
        assert_eq!(res.body, body, "check failed: {what}: body");
        self.passed += 1;
    }
}

/// The JSON payload of a JWT.
fn jwt_payload(token: &str) -> Ordered {
    let payload = token.split('.').nth(1).unwrap_or_default();
    let mut bits = 0u32;
    let mut acc = 0u32;
    let mut bytes = Vec::new();
    for c in payload.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ordered::parse(&String::from_utf8_lossy(&bytes))
        .unwrap_or_else(|| panic!("not a JWT payload: {token}"))
}
