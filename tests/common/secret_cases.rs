//! Generated secrets, and every place a server or an escape-hatch path controls that the crate
//! turns into text: shared by the `secrets` tests (errors: `Display`, `Debug`, `{:#?}`, their
//! sources) and the `logging` tests (every log record).
//!
//! The secrets are random (a JWT-like token, a bearer token, a cookie value, a password-ish
//! string, from a seeded generator), each put where a secret is recognisable as one: a JWT
//! anywhere, after `Bearer `, `token=`, `access_token=`, `password=`, `connect.sid=`, under a
//! JSON key naming a secret (a string, an array or an object), after `Authorization:` or
//! `Set-Cookie:`. The places: the `message`, `type` and `code` of Medusa's JSON errors, a
//! non-Medusa JSON error body, plain-text and HTML bodies, a redirect's `Location`, the
//! `Content-Type`, a 2xx body that does not decode, the escape hatch's path (errors and the
//! `Request`'s `Debug`), `detect()`, a v1 client on a v2 server (`WrongApi`), a response ureq
//! itself refuses (`Transport`), and the refresh of a v2 token that fails.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use medusa_blocking::Error;
use mockito::ServerGuard;

/// One set of generated secrets.
pub struct Secrets {
    /// A JWT-like token: `eyJ…` header, random payload and signature.
    pub jwt: String,
    /// A bearer token (opaque).
    pub bearer: String,
    /// A `connect.sid` cookie value (`s%3A….…`).
    pub cookie: String,
    /// A password-ish string (punctuation included).
    pub password: String,
    /// The random parts of the secrets above: none may appear anywhere.
    pub needles: Vec<String>,
}

/// xorshift64*: small, seeded, good enough to make strings no text would hold by chance.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| char::from(alphabet[(self.next() % alphabet.len() as u64) as usize]))
            .collect()
    }
}

const BASE64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const TOKEN_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/";
const PASSWORD_CHARS: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@$*-_";

impl Secrets {
    /// The secrets of round `seed`.
    pub fn generate(seed: u64) -> Secrets {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        let payload = rng.text(BASE64URL, 40);
        let signature = rng.text(BASE64URL, 24);
        let bearer = rng.text(TOKEN_CHARS, 32);
        let (sid, sid_sig) = (rng.text(BASE64URL, 24), rng.text(BASE64URL, 16));
        let password = format!("pw{}", rng.text(PASSWORD_CHARS, 18));
        Secrets {
            jwt: format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{payload}.{signature}"),
            cookie: format!("s%3A{sid}.{sid_sig}"),
            needles: vec![
                payload,
                signature,
                bearer.clone(),
                sid,
                sid_sig,
                password.clone(),
            ],
            bearer,
            password,
        }
    }

    /// Fails when `text` (a rendering of `what`) holds any of the secrets, in any letter case.
    #[track_caller]
    pub fn assert_hidden(&self, what: &str, text: &str) {
        let lower = text.to_lowercase();
        for needle in &self.needles {
            assert!(
                !lower.contains(&needle.to_lowercase()),
                "{what} shows the secret {needle:?}:\n{text}"
            );
        }
    }
}

/// A response a mock server gives.
pub struct Case {
    pub name: &'static str,
    pub status: usize,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

/// Every server-controlled place, filled with `s`'s secrets.
pub fn server_cases(s: &Secrets) -> Vec<Case> {
    let (jwt, bearer, cookie, password) = (&s.jwt, &s.bearer, &s.cookie, &s.password);
    let json = |name, status, body: serde_json::Value| Case {
        name,
        status,
        headers: vec![("content-type", "application/json; charset=utf-8".into())],
        body: body.to_string(),
    };
    vec![
        json(
            "JSON error, JWT in the message",
            401,
            serde_json::json!({ "type": "unauthorized", "message": format!("Invalid token {jwt}") }),
        ),
        json(
            "JSON error, Authorization header echoed",
            400,
            serde_json::json!({
                "type": "invalid_data",
                "message": format!("Authorization: Bearer {bearer} is not allowed here"),
            }),
        ),
        json(
            "JSON error, cookie and password pairs",
            422,
            serde_json::json!({
                "type": "invalid_data",
                "message": format!("connect.sid={cookie}; password={password}"),
            }),
        ),
        json(
            "JSON error, secrets in type and code, JSON in the message",
            409,
            serde_json::json!({
                "type": format!("bad Bearer {bearer}"),
                "code": format!("token={password}"),
                "message": format!(r#"got {{"password":"{password}","session":{{"cookie":{{"value":"{cookie}"}}}}}}"#),
            }),
        ),
        json(
            "JSON error without a type (v2), JWT in the message",
            403,
            serde_json::json!({ "message": format!("jwt {jwt} is not allowed") }),
        ),
        json(
            "non-Medusa JSON: arrays and objects under secret keys",
            500,
            serde_json::json!({
                "error": "boom",
                "tokens": [bearer, jwt],
                "session": { "cookie": { "value": cookie } },
                "data": { "access_token": jwt, "password": password },
            }),
        ),
        Case {
            name: "plain text: pairs and a JWT",
            status: 502,
            headers: vec![("content-type", "text/plain".into())],
            body: format!(
                "bad gateway: token={bearer} upstream said {jwt} (password: {password}) \"é"
            ),
        },
        Case {
            name: "HTML: headers echoed",
            status: 503,
            headers: vec![
                ("content-type", "text/html".into()),
                ("retry-after", "0".into()),
            ],
            body: format!(
                "<html><p>Set-Cookie: connect.sid={cookie}; Path=/</p>\
                 <p>Authorization: Basic {password}</p><p>Bearer {bearer}</p></html>"
            ),
        },
        Case {
            name: "redirect, token in the fragment",
            status: 302,
            headers: vec![(
                "location",
                format!("https://shop.test/cb#access_token={jwt}&token_type=bearer&state=1"),
            )],
            body: String::new(),
        },
        Case {
            name: "redirect, token and password in the query",
            status: 307,
            headers: vec![(
                "location",
                format!("/login?token={bearer}&password={password}&next=/"),
            )],
            body: String::new(),
        },
        Case {
            name: "secret in the Content-Type",
            status: 400,
            headers: vec![("content-type", format!("text/plain; token={bearer}"))],
            body: "no".into(),
        },
        json(
            "a 2xx that does not decode, secrets in it",
            200,
            serde_json::json!({
                "customer": 5,
                "access_token": jwt,
                "tokens": [bearer],
                "password": password,
                "session": { "cookie": { "value": cookie } },
            }),
        ),
    ]
}

/// A v1 client of `url` that never retries.
pub fn v1_client(url: &str) -> medusa_blocking::v1::Medusa {
    medusa_blocking::v1::Medusa::builder(url)
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .build()
        .unwrap()
}

/// Runs every case and hands each error (with what it came from) to `check`. Requests are made
/// by a v1 client (a typed call and the escape hatch), `detect()`, and a v2 client whose token
/// is refreshed (the refresh fails; its error is logged, not returned).
pub fn run_all(s: &Secrets, mut check: impl FnMut(&str, &Error)) {
    let (mut server, _catch_all) = medusa_testkit::mock::server();
    for case in server_cases(s) {
        let mocks: Vec<mockito::Mock> = ["/store/customers/me", "/store/probe", "/store/auth"]
            .iter()
            .map(|path| mock(&mut server, "GET", path, &case))
            .collect();
        let medusa = v1_client(&server.url());
        let typed = medusa.customers().retrieve().unwrap_err();
        check(&format!("{}: typed call", case.name), &typed);
        let hatch = medusa
            .request("GET", "/store/probe?limit=1")
            .member::<String>("customer")
            .unwrap_err();
        check(&format!("{}: escape hatch", case.name), &hatch);
        if case.status != 200 {
            let detected = medusa_blocking::detect(server.url()).unwrap_err();
            check(&format!("{}: detect()", case.name), &detected);
        }
        for m in mocks {
            m.remove();
        }
    }
    paths(s, &mut server, &mut check);
    wrong_api(s, &mut server, &mut check);
    refused_by_ureq(s, &mut check);
    refresh_fails(s, &mut server);
}

fn mock(server: &mut ServerGuard, method: &str, path: &str, case: &Case) -> mockito::Mock {
    let mut m = server
        .mock(method, mockito::Matcher::Regex(format!("^{path}")))
        .with_status(case.status)
        .with_body(&case.body);
    for (name, value) in &case.headers {
        m = m.with_header(*name, value);
    }
    m.create()
}

/// The escape hatch's path: a query with secrets in a path the client refuses, and the
/// `Request`'s `Debug`.
fn paths(s: &Secrets, server: &mut ServerGuard, check: &mut impl FnMut(&str, &Error)) {
    let medusa = v1_client(&server.url());
    let (bearer, password, jwt) = (&s.bearer, &s.password, &s.jwt);
    for path in [
        format!("/store/x y?token={bearer}&access_token={jwt}"),
        format!("store/x?access_token={bearer}&password={password}"),
        format!("//evil.test/?token={bearer}"),
        format!("/store/{jwt} x"),
    ] {
        let e = medusa.get::<serde_json::Value>(&path).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
        check("escape hatch with a bad path", &e);
        let request = medusa.request("GET", &path);
        check_debug(s, "Request", &request);
    }
    // Paths that are sent (the server echoes the path in its 404): a JWT in a segment, secrets
    // in the query. The errors, and the attempt's log record, must not show them.
    let echo = server
        .mock("GET", mockito::Matcher::Regex("^/store/probe".into()))
        .with_status(404)
        .with_header("content-type", "text/html")
        .with_body_from_request(|request| {
            format!("<pre>Cannot GET {}</pre>", request.path_and_query()).into_bytes()
        })
        .create();
    for path in [
        format!("/store/probe/{jwt}?token={bearer}"),
        format!("/store/probe?access_token={bearer}&password={password}"),
    ] {
        let e = medusa.get::<serde_json::Value>(&path).unwrap_err();
        assert_eq!(e.status(), Some(404), "{e:?}");
        check("escape hatch with secrets in its path", &e);
        check_debug(s, "Request", &medusa.request("GET", &path));
    }
    echo.remove();
}

#[track_caller]
fn check_debug(s: &Secrets, what: &str, value: &impl std::fmt::Debug) {
    s.assert_hidden(&format!("{what} {{:?}}"), &format!("{value:?}"));
    s.assert_hidden(&format!("{what} {{:#?}}"), &format!("{value:#?}"));
}

/// A v1 client on a v2 server: the route is named, the page (with secrets) is not quoted.
fn wrong_api(s: &Secrets, server: &mut ServerGuard, check: &mut impl FnMut(&str, &Error)) {
    let page = format!(
        "<!DOCTYPE html><html><body><pre>Cannot POST /store/auth?token={}</pre></body></html>",
        s.bearer
    );
    let m = server
        .mock("POST", "/store/auth")
        .with_status(404)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_body(page)
        .create();
    let e = v1_client(&server.url())
        .auth()
        .authenticate("jane@example.com", &s.password)
        .unwrap_err();
    assert!(matches!(e, Error::WrongApi { .. }), "{e:?}");
    check("WrongApi", &e);
    m.remove();
}

/// Responses ureq refuses before the crate sees them (a status line and a header it cannot
/// read, holding secrets): `Error::Transport`.
fn refused_by_ureq(s: &Secrets, check: &mut impl FnMut(&str, &Error)) {
    let answers = [
        format!("HTTP/1.1 2x0 Bearer {}\r\n\r\n", s.bearer),
        format!(
            "HTTP/1.1 200 OK\r\nSet-Cookie: connect.sid={}\x01\r\nContent-Length: 0\r\n\r\n",
            s.cookie
        ),
        format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n", s.jwt),
    ];
    for answer in answers {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(answer.as_bytes());
            }
        });
        let e = v1_client(&url)
            .get::<serde_json::Value>("/store/probe")
            .unwrap_err();
        check("a response ureq refuses", &e);
        server.join().unwrap();
    }
}

/// A v2 client whose token (the JWT) runs out in 400 s: its first call refreshes it, and every
/// refresh fails with an answer that quotes the token. The call goes on with the old token.
fn refresh_fails(s: &Secrets, server: &mut ServerGuard) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = format!(
        r#"{{"actor_id":"cus_01","actor_type":"customer","iat":{},"exp":{}}}"#,
        now - 86_000,
        now + 400
    );
    let token = format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.{}",
        base64url(claims.as_bytes()),
        s.needles[1]
    );
    let answers = [
        (
            401,
            format!(r#"{{"message":"jwt {token} expired (Authorization: Bearer {token})"}}"#),
        ),
        (500, format!("refresh failed for Bearer {token}")),
        (400, format!(r#"{{"error":{{"token":"{token}"}}}}"#)),
    ];
    for (status, body) in answers {
        let refresh = server
            .mock("POST", "/auth/token/refresh")
            .with_status(status)
            .with_header("content-type", "application/json")
            .with_body(body)
            .create();
        let me = server
            .mock("GET", "/store/customers/me")
            .with_status(200)
            .with_header("content-type", "application/json")
            .with_body(r#"{"customer":{"id":"cus_01","email":"jane@example.com","addresses":[]}}"#)
            .create();
        let medusa = medusa_blocking::v2::Medusa::builder(server.url())
            .publishable_api_key("pk_test")
            .bearer_token(token.as_str())
            .max_retries(0)
            .build()
            .unwrap();
        medusa.customers().retrieve().unwrap();
        refresh.assert();
        refresh.remove();
        me.remove();
    }
}

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64URL[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}
