//! The pure part of a response: status, headers and body in; the reply or the mapped error (and
//! what it means for retrying) out. No I/O here, so the fuzz target and the unit tests drive it
//! directly.

use std::io::Read;
use std::time::{Duration, SystemTime};

use ureq::http::{self, HeaderMap};

use crate::core::error::{ApiError, Error, snippet};
use crate::core::redact::redact;
use crate::core::retry::{self, Failure};

/// A successful (2xx) response.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// The server's `Date` header as sent, read by [`Reply::date`] only when a check or the
    /// session asks (parsing it at every call would cost as much as the rest of a small call).
    pub date_header: Option<http::HeaderValue>,
}

impl Reply {
    /// The server's clock when it answered (its `Date` header), for checks that compare a
    /// record's time with the server's.
    pub(crate) fn date(&self) -> Option<SystemTime> {
        self.date_header
            .as_ref()
            .and_then(|v| v.to_str().ok())
            .and_then(retry::parse_http_date)
    }
}

/// Reads a body into one buffer, up to one byte past `limit` to tell "exactly at" from "over"
/// (the caller looks at the length). `size_hint` (the `Content-Length`) pre-sizes the buffer,
/// trusted only up to 1 MiB and the limit. The bytes read before an I/O error are kept.
pub(crate) fn read_limited(
    reader: impl std::io::Read,
    limit: u64,
    size_hint: Option<u64>,
) -> (Vec<u8>, std::io::Result<usize>) {
    let capacity = size_hint.unwrap_or(0).min(limit.min(1 << 20));
    // At most 1 MiB: fits a usize on every platform Rust supports.
    let mut body = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = reader.take(limit.saturating_add(1)).read_to_end(&mut body);
    (body, read)
}

/// The pure part of handling a response: a 2xx is the reply; a 3xx a redirect error; anything
/// else the mapped error and what it means for retrying.
pub(crate) fn finish(
    status: u16,
    headers: &HeaderMap,
    body: Vec<u8>,
) -> Result<Reply, (Error, Option<Failure>)> {
    let header = |name: &http::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if (200..300).contains(&status) {
        let date_header = headers.get(http::header::DATE).cloned();
        return Ok(Reply {
            status,
            body,
            date_header,
        });
    }
    if (300..400).contains(&status) {
        // A `Location` can carry a token (`…#access_token=eyJ…`, `?token=…`): shown redacted.
        let location = header(&http::header::LOCATION).map(|l| redact(l).into_owned());
        return Err((Error::Redirect { status, location }, None));
    }
    let retry_after = header(&http::header::RETRY_AFTER)
        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
    let content_type = header(&http::header::CONTENT_TYPE).map(|t| redact(t).into_owned());
    Err((
        error_from_response(status, content_type, &body, retry_after),
        Some(Failure::Status(status)),
    ))
}

/// Maps a non-2xx response: Medusa's JSON error when the body is one, else an HTTP error with a
/// snippet of the body.
pub(crate) fn error_from_response(
    status: u16,
    content_type: Option<String>,
    body: &[u8],
    retry_after: Option<Duration>,
) -> Error {
    if let Ok(mut error) = serde_json::from_slice::<ApiError>(body) {
        // The server's words, with any token or password it echoed in them hidden.
        redact_in_place(&mut error.message);
        redact_in_place(&mut error.kind);
        if let Some(code) = &mut error.code {
            redact_in_place(code);
        }
        if error.kind.is_empty() {
            // Medusa v2's auth middleware answers `{"message":"Unauthorized"}` with no type.
            error.kind = match status {
                401 => "unauthorized",
                403 => "forbidden",
                404 => "not_found",
                _ => "",
            }
            .to_string();
        }
        return Error::Api {
            status,
            error,
            retry_after,
        };
    }
    Error::Http {
        status,
        content_type,
        body: snippet(body, crate::core::decode::SNIPPET_LEN),
        retry_after,
    }
}

/// Replaces `text` by its redacted form when that differs.
fn redact_in_place(text: &mut String) {
    if let std::borrow::Cow::Owned(shown) = redact(text) {
        *text = shown;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medusa_json_errors_become_api_errors() {
        let e = error_from_response(
            422,
            Some("application/json".into()),
            br#"{"code":"invalid_request_error","type":"duplicate_error","message":"A customer with the given email already has an account. Log in instead"}"#,
            None,
        );
        match e {
            Error::Api { status, error, .. } => {
                assert_eq!(status, 422);
                assert_eq!(error.kind, "duplicate_error");
                assert_eq!(error.code.as_deref(), Some("invalid_request_error"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn plain_text_and_html_become_http_errors() {
        let e = error_from_response(401, None, b"Unauthorized", None);
        assert!(
            matches!(&e, Error::Http { status: 401, body, content_type: None, .. } if body == "Unauthorized")
        );
        let html = b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>SyntaxError: Expected double-quoted property name in JSON at position 27</pre>\n</body>\n</html>\n";
        let e = error_from_response(400, Some("text/html; charset=utf-8".into()), html, None);
        match &e {
            Error::Http {
                status: 400,
                body,
                content_type,
                ..
            } => {
                assert!(body.contains("SyntaxError"));
                assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            }
            other => panic!("{other:?}"),
        }
        // JSON that is not Medusa's error shape is not an Api error
        let e = error_from_response(502, None, br#"{"error":"bad gateway"}"#, None);
        assert!(matches!(e, Error::Http { status: 502, .. }));
        // retry-after is kept
        let e = error_from_response(429, None, b"", Some(Duration::from_secs(3)));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(e.is_retryable());
    }

    #[test]
    fn secrets_echoed_in_a_json_error_or_a_location_are_hidden_the_rest_kept() {
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
        let body = format!(
            r#"{{"type":"unauthorized","code":"token={jwt}","message":"Invalid token {jwt} (Authorization: Bearer abc123) for jane@example.com"}}"#
        );
        let e = error_from_response(401, None, body.as_bytes(), None);
        let error = e.api_error().unwrap();
        assert_eq!(
            error.message,
            "Invalid token *** (Authorization: Bearer ***) for jane@example.com"
        );
        assert_eq!(error.code.as_deref(), Some("token=***"));
        for shown in [e.to_string(), format!("{e:?}"), format!("{e:#?}")] {
            assert!(!shown.contains(jwt) && !shown.contains("abc123"), "{shown}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::LOCATION,
            http::HeaderValue::from_str(&format!(
                "https://shop.test/cb#access_token={jwt}&token_type=bearer&state=7"
            ))
            .unwrap(),
        );
        match finish(302, &headers, Vec::new()) {
            Err((Error::Redirect { location, .. }, _)) => assert_eq!(
                location.as_deref(),
                Some("https://shop.test/cb#access_token=***&token_type=***&state=7")
            ),
            _ => panic!("not a redirect"),
        }
    }

    #[test]
    fn a_v2_json_401_without_a_type_is_an_api_error() {
        let e = error_from_response(401, None, br#"{"message":"Unauthorized"}"#, None);
        match &e {
            Error::Api {
                status: 401, error, ..
            } => {
                assert_eq!(error.kind, "unauthorized");
                assert_eq!(error.message, "Unauthorized");
            }
            other => panic!("{other:?}"),
        }
        let e = error_from_response(
            401,
            None,
            br#"{"type":"unauthorized","message":"Invalid email or password"}"#,
            None,
        );
        assert_eq!(
            e.to_string(),
            "HTTP 401: Invalid email or password (unauthorized)"
        );
        // v2's typeless 403 and 404 bodies get the kind their status means.
        for (status, kind) in [(403, "forbidden"), (404, "not_found")] {
            let e = error_from_response(status, None, br#"{"message":"Nope"}"#, None);
            let error = e.api_error().unwrap();
            assert_eq!(
                (error.kind.as_str(), error.message.as_str()),
                (kind, "Nope")
            );
            assert_eq!(error.error_type().as_str(), kind);
        }
        let e = error_from_response(418, None, br#"{"message":"teapot"}"#, None);
        assert_eq!(e.api_error().map(|a| a.kind.as_str()), Some(""));
    }
}
