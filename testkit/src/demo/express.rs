//! What Express 4 adds around a route: its responses ([`Resp`], rendered in Express's header
//! order with `X-Powered-By`, `Date`, an optional `ETag` and Node's keep-alive headers), its HTML
//! error pages, body-parser's JSON parsing with its limits and error messages, the `cors`
//! middleware, and express-session's signed `connect.sid` cookie. Medusa 1.x and 2.x both run on
//! Express, so every fake backend of the kit answers through this module.

use std::time::Duration;

use super::js::{B64_STD, b64, encode_uri_component, http_date, percent_decode};
use super::json::{J, parse_json};
use super::keys::{Keys, sha1};
use crate::http::date::now_ms;
use crate::http::{Limits, Mode, Options, Request, chunked, head};

/// How Node serves a connection: its limits, its 5 s keep-alive timeout.
pub(crate) const NODE: Options = Options {
    limits: Limits::NODE,
    idle_timeout: Some(Duration::from_secs(5)),
    write_timeout: Some(Duration::from_secs(10)),
    nodelay: true,
    mode: Mode::Read,
};

/// body-parser's default limit, "100kb".
const JSON_BODY_LIMIT: usize = 100 * 1024;

/// Stack shown by Express's final handler under the body-parser SyntaxError (capture 18).
pub(crate) const STACK_JSON: &str = "\n    at parse (<anonymous>)\
\n    at JSON.parse (<server>/node_modules/core-js/modules/es.json.parse.js:261:56)\
\n    at parse (<server>/node_modules/body-parser/lib/types/json.js:96:19)\
\n    at <server>/node_modules/body-parser/lib/read.js:146:18\
\n    at AsyncResource.runInAsyncScope (node:async_hooks:206:9)\
\n    at invokeCallback (<server>/node_modules/raw-body/index.js:238:16)\
\n    at done (<server>/node_modules/raw-body/index.js:227:7)\
\n    at IncomingMessage.onEnd (<server>/node_modules/raw-body/index.js:287:7)\
\n    at IncomingMessage.emit (node:events:524:28)\
\n    at endReadableNT (node:internal/streams/readable:1698:12)";

/// Same, for a body that does not start with `{` or `[` (body-parser's strict mode).
pub(crate) const STACK_JSON_STRICT: &str = "\n    at parse (<anonymous>)\
\n    at JSON.parse (<server>/node_modules/core-js/modules/es.json.parse.js:261:56)\
\n    at createStrictSyntaxError (<server>/node_modules/body-parser/lib/types/json.js:169:10)\
\n    at parse (<server>/node_modules/body-parser/lib/types/json.js:83:15)\
\n    at <server>/node_modules/body-parser/lib/read.js:146:18\
\n    at AsyncResource.runInAsyncScope (node:async_hooks:206:9)\
\n    at invokeCallback (<server>/node_modules/raw-body/index.js:238:16)\
\n    at done (<server>/node_modules/raw-body/index.js:227:7)\
\n    at IncomingMessage.onEnd (<server>/node_modules/raw-body/index.js:287:7)\
\n    at IncomingMessage.emit (node:events:524:28)";

pub(crate) const STACK_TOO_LARGE: &str = "\n    at readStream (<server>/node_modules/raw-body/index.js:163:17)\
\n    at getRawBody (<server>/node_modules/raw-body/index.js:116:12)\
\n    at read (<server>/node_modules/body-parser/lib/read.js:79:3)\
\n    at jsonParser (<server>/node_modules/body-parser/lib/types/json.js:138:5)\
\n    at Layer.handle [as handle_request] (<server>/node_modules/express/lib/router/layer.js:95:5)\
\n    at trim_prefix (<server>/node_modules/express/lib/router/index.js:328:13)\
\n    at <server>/node_modules/express/lib/router/index.js:286:9\
\n    at Function.process_params (<server>/node_modules/express/lib/router/index.js:346:12)\
\n    at next (<server>/node_modules/express/lib/router/index.js:280:10)\
\n    at session (<server>/node_modules/express-session/index.js:487:7)";

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum BodyKind {
    /// `Content-Length` and the body.
    Sized,
    /// No body and no `Content-Length` (Express's 204).
    Empty,
    /// `Transfer-Encoding: chunked`, no `Content-Type` (passport's 401).
    Chunked,
}

pub(crate) struct Resp {
    pub(crate) status: u16,
    pub(crate) cors: Vec<(&'static str, String)>,
    pub(crate) html_error: bool,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Vec<u8>,
    pub(crate) kind: BodyKind,
    pub(crate) set_cookie: Option<String>,
    /// Send Express's weak `ETag` (what `res.send` adds; Medusa 1.20's fake leaves it out).
    pub(crate) etag: bool,
}

impl Resp {
    pub(crate) fn new(
        status: u16,
        content_type: Option<&'static str>,
        body: Vec<u8>,
        kind: BodyKind,
    ) -> Resp {
        Resp {
            status,
            cors: Vec::new(),
            html_error: false,
            content_type,
            body,
            kind,
            set_cookie: None,
            etag: false,
        }
    }

    pub(crate) fn json(status: u16, value: &J) -> Resp {
        Resp::new(
            status,
            Some("application/json; charset=utf-8"),
            value.encode().into_bytes(),
            BodyKind::Sized,
        )
    }

    pub(crate) fn text(status: u16, text: &str) -> Resp {
        Resp::new(
            status,
            Some("text/plain; charset=utf-8"),
            text.as_bytes().to_vec(),
            BodyKind::Sized,
        )
    }

    pub(crate) fn html(status: u16, text: &str) -> Resp {
        Resp::new(
            status,
            Some("text/html; charset=utf-8"),
            text.as_bytes().to_vec(),
            BodyKind::Sized,
        )
    }

    /// Express's final handler: an HTML page with the error text in `<pre>`.
    pub(crate) fn html_error(status: u16, text: &str) -> Resp {
        let mut r = Resp::html(status, &error_page(text));
        r.html_error = true;
        r
    }

    pub(crate) fn no_content() -> Resp {
        Resp::new(204, None, Vec::new(), BodyKind::Empty)
    }

    /// passport's failure: `res.statusCode = 401; res.end("Unauthorized")`.
    pub(crate) fn passport_unauthorized() -> Resp {
        Resp::new(401, None, b"Unauthorized".to_vec(), BodyKind::Chunked)
    }
}

/// The bytes of `resp` as Express writes them, in its header order.
pub(crate) fn render(req: &Request, resp: &Resp, keep_alive: bool) -> Vec<u8> {
    let mut headers: Vec<(&str, String)> = vec![("X-Powered-By", "Express".into())];
    for (k, v) in &resp.cors {
        headers.push((k, v.clone()));
    }
    if resp.html_error {
        headers.push(("Content-Security-Policy", "default-src 'none'".into()));
        headers.push(("X-Content-Type-Options", "nosniff".into()));
    }
    if let Some(ct) = resp.content_type {
        headers.push(("Content-Type", ct.into()));
    }
    if resp.kind == BodyKind::Sized {
        headers.push(("Content-Length", resp.body.len().to_string()));
        if resp.etag {
            headers.push(("ETag", etag(&resp.body)));
        }
    }
    if let Some(cookie) = &resp.set_cookie {
        headers.push(("Set-Cookie", cookie.clone()));
    }
    headers.push(("Date", http_date(now_ms())));
    if keep_alive {
        headers.push(("Connection", "keep-alive".into()));
        headers.push(("Keep-Alive", "timeout=5".into()));
    } else {
        headers.push(("Connection", "close".into()));
    }
    if resp.kind == BodyKind::Chunked {
        headers.push(("Transfer-Encoding", "chunked".into()));
    }
    let pairs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = head(resp.status, &pairs);
    if req.method != "HEAD" {
        match resp.kind {
            BodyKind::Sized => out.extend_from_slice(&resp.body),
            BodyKind::Empty => {}
            BodyKind::Chunked => out.extend_from_slice(&chunked(&resp.body, resp.body.len())),
        }
    }
    out
}

/// Express's default `ETag` of a body: `W/"<length in hex>-<base64 SHA-1, 27 characters>"`.
pub(crate) fn etag(body: &[u8]) -> String {
    let hash = b64(&sha1(body), B64_STD);
    format!("W/\"{:x}-{}\"", body.len(), &hash[..27])
}

/// `cors()` of a router with these origins: `Access-Control-Allow-Origin` for an allowed
/// `Origin`, then `Vary` and `-Credentials`.
pub(crate) fn cors_headers(req: &Request, allowed: &[&str]) -> Vec<(&'static str, String)> {
    let mut h = Vec::new();
    if let Some(origin) = req.header("origin").filter(|o| allowed.contains(o)) {
        h.push(("Access-Control-Allow-Origin", origin.to_string()));
    }
    h.push(("Vary", "Origin".into()));
    h.push(("Access-Control-Allow-Credentials", "true".into()));
    h
}

/// `cors()` answering an `OPTIONS` preflight: 204, `Content-Length: 0`.
pub(crate) fn preflight(req: &Request, allowed: &[&str]) -> Resp {
    let mut resp = Resp::new(204, None, Vec::new(), BodyKind::Sized);
    if let Some(origin) = req.header("origin").filter(|o| allowed.contains(o)) {
        resp.cors
            .push(("Access-Control-Allow-Origin", origin.to_string()));
    }
    resp.cors
        .push(("Vary", "Origin, Access-Control-Request-Headers".into()));
    resp.cors
        .push(("Access-Control-Allow-Credentials", "true".into()));
    resp.cors.push((
        "Access-Control-Allow-Methods",
        "GET,HEAD,PUT,PATCH,POST,DELETE".into(),
    ));
    if let Some(h) = req
        .header("access-control-request-headers")
        .filter(|h| !h.is_empty())
    {
        resp.cors
            .push(("Access-Control-Allow-Headers", h.to_string()));
    }
    resp
}

/// express-session: the session id of a validly signed `connect.sid` cookie, if any.
pub(crate) fn session_cookie_id(keys: &Keys, req: &Request) -> Option<String> {
    let header = req.header_all("cookie").join("; ");
    let raw = header.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        (name.trim() == "connect.sid").then(|| value.trim())
    })?;
    let raw = raw
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(raw);
    let value = percent_decode(raw).unwrap_or_else(|| raw.to_string());
    let signed = value.strip_prefix("s:")?;
    let (sid, sig) = signed.rsplit_once('.')?;
    (keys.sign_session(sid) == sig).then(|| sid.to_string())
}

/// express-session's `Set-Cookie` value for session `sid` expiring at `expires` (ms).
pub(crate) fn session_cookie(keys: &Keys, sid: &str, expires: i64) -> String {
    format!(
        "connect.sid=s%3A{sid}.{}; Path=/; Expires={}; HttpOnly",
        encode_uri_component(&keys.sign_session(sid)),
        http_date(expires)
    )
}

pub(crate) fn error_page(text: &str) -> String {
    // `<server>` stands for the install path in the recorded pages; keep it as recorded.
    let pre = escape_html(text)
        .replace("&lt;server&gt;", "<server>")
        .replace('\n', "<br>")
        .replace("  ", " &nbsp;");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>{pre}</pre>\n</body>\n</html>\n"
    )
}

pub(crate) fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Why body-parser refused a JSON body.
pub(crate) enum BodyError {
    /// Over the 100 kB limit: 413.
    TooLarge,
    /// Not JSON: 400, with V8's message; `strict` when the body did not start with `{` or `[`.
    Syntax { message: String, strict: bool },
}

/// body-parser's `json()` as Medusa 1.20 reports its failures: Express's HTML error pages.
pub(crate) fn parse_body(req: &Request) -> Result<J, Resp> {
    parse_json_body(req).map_err(|e| match e {
        BodyError::TooLarge => Resp::html_error(
            413,
            &format!("PayloadTooLargeError: request entity too large{STACK_TOO_LARGE}"),
        ),
        BodyError::Syntax { message, strict } => Resp::html_error(
            400,
            &format!(
                "SyntaxError: {message}{}",
                if strict {
                    STACK_JSON_STRICT
                } else {
                    STACK_JSON
                }
            ),
        ),
    })
}

/// body-parser's `json()`: the body as JSON (`{}` when there is none or it is not JSON by its
/// `Content-Type`), or why it was refused.
pub(crate) fn parse_json_body(req: &Request) -> Result<J, BodyError> {
    let empty = J::Obj(Vec::new());
    let media = req
        .header("content-type")
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let has_body =
        req.header("transfer-encoding").is_some() || req.header("content-length").is_some();
    if media != "application/json" || !has_body {
        return Ok(empty);
    }
    if req.body.len() > JSON_BODY_LIMIT {
        return Err(BodyError::TooLarge);
    }
    if req.body.is_empty() {
        return Ok(empty);
    }
    let text = String::from_utf8_lossy(&req.body);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let chars: Vec<char> = text.chars().collect();
    let first = chars
        .iter()
        .position(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'));
    match first.map(|i| chars[i]) {
        Some('{') | Some('[') => parse_json(text).map_err(|message| BodyError::Syntax {
            message,
            strict: false,
        }),
        _ => {
            // body-parser's strict mode: it JSON.parses the text with everything from the first
            // character on replaced by '#', then puts the original text back into the message.
            let (partial, index) = match first {
                Some(i) => {
                    let mut p: String = chars[..i].iter().collect();
                    p.push_str(&"#".repeat(chars.len() - i));
                    (p, i)
                }
                None => (String::new(), 0),
            };
            let msg = parse_json(&partial).err().unwrap_or_default();
            let mut fixed = String::new();
            let mut run = 0usize;
            for c in msg.chars().chain(std::iter::once('\0')) {
                if c == '#' {
                    run += 1;
                    continue;
                }
                if run > 0 {
                    let end = (index + run).min(chars.len());
                    fixed.extend(&chars[index.min(end)..end]);
                    run = 0;
                }
                if c != '\0' {
                    fixed.push(c);
                }
            }
            Err(BodyError::Syntax {
                message: fixed,
                strict: true,
            })
        }
    }
}
