//! Response bytes: status lines, heads, whole responses and chunked bodies.
//!
//! Everything here returns the exact bytes to write, so that a test (or a fake backend) controls
//! every header and its order; nothing is added unless a function says so.

/// The reason phrase of common statuses (any text is valid HTTP; this is for readability).
pub fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

/// The status line and headers, up to and including the empty line, exactly as given (nothing
/// added): for bodies a test writes by hand.
pub fn head(status: u16, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// A complete response: the given headers, plus `Content-Length` and `Connection: close` unless
/// given (a `204` or `304` gets no `Content-Length`).
pub fn response(status: u16, headers: &[(&str, &str)], body: impl AsRef<[u8]>) -> Vec<u8> {
    let body = body.as_ref();
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let length = body.len().to_string();
    let mut all: Vec<(&str, &str)> = headers.to_vec();
    if !has("content-length") && !has("transfer-encoding") && !matches!(status, 204 | 304) {
        all.push(("Content-Length", &length));
    }
    if !has("connection") {
        all.push(("Connection", "close"));
    }
    let mut out = head(status, &all);
    out.extend_from_slice(body);
    out
}

/// A complete JSON response (`Content-Type: application/json; charset=utf-8`), closing the
/// connection.
pub fn json(status: u16, value: &serde_json::Value) -> Vec<u8> {
    response(
        status,
        &[("Content-Type", "application/json; charset=utf-8")],
        value.to_string(),
    )
}

/// A body in chunked transfer encoding, cut into chunks of at most `size` bytes, with the final
/// empty chunk.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size.max(1)) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_response() {
        let bytes = response(200, &[("Content-Type", "text/plain")], "hi");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi"
        );
        let bytes = response(204, &[("Connection", "keep-alive")], "");
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n"
        );
        assert_eq!(
            head(599, &[("X-A", "1")]),
            b"HTTP/1.1 599 Status\r\nX-A: 1\r\n\r\n"
        );
    }

    #[test]
    fn renders_a_chunked_body() {
        assert_eq!(
            chunked(b"abcde", 2),
            b"2\r\nab\r\n2\r\ncd\r\n1\r\ne\r\n0\r\n\r\n"
        );
        assert_eq!(chunked(b"", 2), b"0\r\n\r\n");
    }
}
