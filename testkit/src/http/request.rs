//! Requests: the parsed form, the limits a server applies, and the parser.
//!
//! The parser works on a byte buffer that may hold less than a whole request (or more: the start
//! of the next one). It says whether the request is all there ([`Parse::Done`], with how many
//! bytes it took), whether more is needed ([`Parse::Partial`]), or that the bytes can never become
//! a valid request ([`Parse::Reject`], with the status a server answers before closing, as Node's
//! HTTP parser does: `400`, `413` or `431`). Lines may end in CRLF or a bare LF; empty lines before
//! the request line are skipped.

/// A request as a server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`…
    pub method: String,
    /// The request target as sent: path and query (or an absolute URL, or `*`).
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// Header names as sent, values trimmed of spaces and tabs, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked if it was chunked.
    pub body: Vec<u8>,
    /// Which accepted connection it came on (0 for the first).
    pub connection: usize,
}

/// Every value of header `name` (compared case-insensitively) in a list of `(name, value)`
/// pairs, in order.
pub fn header_values<'h>(headers: &'h [(String, String)], name: &str) -> Vec<&'h str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

/// The first value of header `name` (compared case-insensitively) in a list of `(name, value)`
/// pairs.
pub fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Request {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }

    /// Every value of a header, in order.
    pub fn header_all(&self, name: &str) -> Vec<&str> {
        header_values(&self.headers, name)
    }

    /// The target in origin form (`/path?query`): an absolute-form target loses its scheme and
    /// authority.
    pub fn origin_form(&self) -> &str {
        let target = self.target.as_str();
        match target
            .strip_prefix("http://")
            .or_else(|| target.strip_prefix("https://"))
        {
            Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
            None => target,
        }
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        let target = self.origin_form();
        target.split_once('?').map_or(target, |(path, _)| path)
    }

    /// The query, without the `?` (empty when there is none).
    pub fn query(&self) -> &str {
        self.origin_form()
            .split_once('?')
            .map_or("", |(_, query)| query)
    }

    /// `METHOD target`, for messages.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.target)
    }

    /// Whether the connection stays open after the response: HTTP/1.1 unless the first
    /// `Connection` header has `close`, HTTP/1.0 only when it has `keep-alive`.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |token: &str| connection.split(',').any(|t| t.trim() == token);
        if self.version == "HTTP/1.0" {
            has("keep-alive")
        } else {
            !has("close")
        }
    }
}

/// What a server accepts before it rejects a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of the request line and headers together (blank lines before them included);
    /// more is a `431`.
    pub max_head: usize,
    /// Header lines; more is a `431`.
    pub max_headers: usize,
    /// Body bytes (declared or, chunked, received); more is a `413`.
    pub max_body: usize,
    /// Bytes of one chunk-size, chunk-end or trailer line; more is a `431`.
    pub max_chunk_line: usize,
}

impl Limits {
    /// Node's defaults as the fake backends reproduce them: 16 KiB of head, 200 headers, 1 MiB of
    /// body, 4 KiB chunk lines.
    pub const NODE: Limits = Limits {
        max_head: 16 * 1024,
        max_headers: 200,
        max_body: 1024 * 1024,
        max_chunk_line: 4096,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::NODE
    }
}

/// The outcome of [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parse {
    /// A whole request, and how many bytes of the buffer it took.
    Done(Request, usize),
    /// Not all there yet. `expects_continue`: the head is complete, asks for `100 Continue`, and
    /// announces a body that has not all arrived.
    Partial {
        /// Whether the client waits for `HTTP/1.1 100 Continue` before sending the body.
        expects_continue: bool,
    },
    /// Never a valid request: answer this status and close.
    Reject(u16),
}

/// Why parsing stopped short of a whole request (a small error type for `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Short {
    Partial { expects_continue: bool },
    Reject(u16),
}

const PARTIAL: Short = Short::Partial {
    expects_continue: false,
};

/// One line from `buf[at..]`: the line without its end, and where the next one starts; `Err`
/// with [`Short::Partial`] when the end is not there yet, or `431` when the line (its end
/// included) would be longer than `budget`.
fn line(buf: &[u8], at: usize, budget: usize) -> Result<(&[u8], usize), Short> {
    let rest = &buf[at..];
    match rest.iter().position(|&b| b == b'\n') {
        Some(i) if i + 1 > budget => Err(Short::Reject(431)),
        Some(i) => {
            let line = &rest[..i];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            Ok((line, at + i + 1))
        }
        None if rest.len() > budget => Err(Short::Reject(431)),
        None => Err(PARTIAL),
    }
}

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Parses one request from the start of `buf` (see the module doc).
pub fn parse(buf: &[u8], limits: &Limits) -> Parse {
    match parse_inner(buf, limits) {
        Ok((request, len)) => Parse::Done(request, len),
        Err(Short::Partial { expects_continue }) => Parse::Partial { expects_continue },
        Err(Short::Reject(status)) => Parse::Reject(status),
    }
}

fn parse_inner(buf: &[u8], limits: &Limits) -> Result<(Request, usize), Short> {
    let mut budget = limits.max_head;
    let mut at = 0;
    let request_line = loop {
        let (l, next) = line(buf, at, budget)?;
        budget -= next - at;
        at = next;
        if !l.is_empty() {
            break l;
        }
    };
    let request_line = std::str::from_utf8(request_line).map_err(|_| Short::Reject(400))?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Short::Reject(400));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase() || b == b'-') {
        return Err(Short::Reject(400));
    }
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(Short::Reject(400));
    }
    if target.is_empty() || target.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Short::Reject(400));
    }
    if !(target.starts_with('/')
        || target == "*"
        || target.starts_with("http://")
        || target.starts_with("https://"))
    {
        return Err(Short::Reject(400));
    }

    let mut headers: Vec<(String, String)> = Vec::new();
    loop {
        let (raw, next) = line(buf, at, budget)?;
        budget -= next - at;
        at = next;
        if raw.is_empty() {
            break;
        }
        if raw[0] == b' ' || raw[0] == b'\t' {
            return Err(Short::Reject(400));
        }
        let text = String::from_utf8_lossy(raw);
        let Some((name, value)) = text.split_once(':') else {
            return Err(Short::Reject(400));
        };
        if name.is_empty() || !name.bytes().all(is_token_char) {
            return Err(Short::Reject(400));
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
        if headers.len() > limits.max_headers {
            return Err(Short::Reject(431));
        }
    }

    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        version: version.to_string(),
        headers,
        body: Vec::new(),
        connection: 0,
    };
    let expect_continue = request
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    let waiting = |announced: bool| {
        Err(Short::Partial {
            expects_continue: expect_continue && announced,
        })
    };
    let lengths = request.header_all("content-length");

    let end = if let Some(te) = request.header("transfer-encoding") {
        let last = te.rsplit(',').next().unwrap_or("").trim();
        if !lengths.is_empty() || !last.eq_ignore_ascii_case("chunked") {
            return Err(Short::Reject(400));
        }
        match dechunk(buf, at, limits)? {
            Some((body, end)) => {
                request.body = body;
                end
            }
            None => return waiting(true),
        }
    } else if let Some(first) = lengths.first() {
        if !lengths.iter().all(|l| l == first)
            || first.is_empty()
            || !first.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Short::Reject(400));
        }
        let n: usize = first.parse().map_err(|_| Short::Reject(413))?;
        if n > limits.max_body {
            return Err(Short::Reject(413));
        }
        match buf.get(at..at + n) {
            Some(body) => {
                request.body = body.to_vec();
                at + n
            }
            None => return waiting(n > 0),
        }
    } else {
        at
    };
    Ok((request, end))
}

/// Decodes the chunked body starting at `buf[at..]`: `Ok(None)` while it is incomplete, else the
/// body and where it ends (after the trailers).
fn dechunk(buf: &[u8], mut at: usize, limits: &Limits) -> Result<Option<(Vec<u8>, usize)>, Short> {
    let mut body = Vec::new();
    let step = |at: usize| match line(buf, at, limits.max_chunk_line) {
        Ok(found) => Ok(Some(found)),
        Err(Short::Partial { .. }) => Ok(None),
        Err(reject) => Err(reject),
    };
    loop {
        let Some((size_line, next)) = step(at)? else {
            return Ok(None);
        };
        at = next;
        let size_line = String::from_utf8_lossy(size_line);
        let size_text = size_line.split(';').next().unwrap_or("").trim();
        if size_text.is_empty() || !size_text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Short::Reject(400));
        }
        let size = usize::from_str_radix(size_text, 16).map_err(|_| Short::Reject(413))?;
        if size == 0 {
            // Trailers, up to an empty line.
            loop {
                let Some((trailer, next)) = step(at)? else {
                    return Ok(None);
                };
                at = next;
                if trailer.is_empty() {
                    return Ok(Some((body, at)));
                }
            }
        }
        if body.len() + size > limits.max_body {
            return Err(Short::Reject(413));
        }
        let Some(data) = buf.get(at..at + size) else {
            return Ok(None);
        };
        body.extend_from_slice(data);
        at += size;
        let Some((end, next)) = step(at)? else {
            return Ok(None);
        };
        if !end.is_empty() {
            return Err(Short::Reject(400));
        }
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(raw: &[u8]) -> (Request, usize) {
        match parse(raw, &Limits::NODE) {
            Parse::Done(request, len) => (request, len),
            other => panic!("{other:?} for {:?}", String::from_utf8_lossy(raw)),
        }
    }

    #[test]
    fn parses_requests_whole_or_not_at_all() {
        let raw = b"POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET";
        let (req, len) = done(raw);
        assert_eq!(req.line(), "POST /a?b=1");
        assert_eq!((req.path(), req.query()), ("/a", "b=1"));
        assert_eq!(req.header("content-length"), Some("3"));
        assert_eq!(req.headers[0].0, "Host", "names as sent");
        assert_eq!(req.body, b"abc");
        assert_eq!(len, raw.len() - 3);
        assert!(matches!(
            parse(&raw[..raw.len() - 4], &Limits::NODE),
            Parse::Partial { .. }
        ));
    }

    #[test]
    fn parses_a_chunked_request() {
        let raw = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;x=y\r\nab\r\n1\r\nc\r\n0\r\nTrailer: t\r\n\r\n";
        let (req, len) = done(raw);
        assert_eq!(req.body, b"abc");
        assert_eq!(len, raw.len());
        for cut in 40..raw.len() {
            assert_eq!(
                parse(&raw[..cut], &Limits::NODE),
                Parse::Partial {
                    expects_continue: false
                },
                "cut at {cut}"
            );
        }
        let bad_end = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX\r\n0\r\n\r\n";
        assert_eq!(parse(bad_end, &Limits::NODE), Parse::Reject(400));
        let both = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n";
        assert_eq!(parse(both, &Limits::NODE), Parse::Reject(400));
    }

    #[test]
    fn rejects_what_node_rejects() {
        let limits = Limits::NODE;
        assert_eq!(parse(b"NOT A REQUEST\r\n\r\n", &limits), Parse::Reject(400));
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\n folded\r\n\r\n", &limits),
            Parse::Reject(400)
        );
        let huge = b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n";
        assert_eq!(parse(huge, &limits), Parse::Reject(413));
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(limits.max_head));
        assert_eq!(parse(long.as_bytes(), &limits), Parse::Reject(431));
        // Bare LF line ends and blank lines before the request line are accepted.
        let (req, _) = done(b"\r\n\nGET http://h/p?q HTTP/1.0\nConnection: keep-alive\n\n");
        assert_eq!(
            (req.path(), req.query(), req.keep_alive()),
            ("/p", "q", true)
        );
    }

    #[test]
    fn announces_a_wait_for_100_continue() {
        let raw = b"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n";
        assert_eq!(
            parse(raw, &Limits::NODE),
            Parse::Partial {
                expects_continue: true
            }
        );
    }
}
