//! Header pairs: parsed once, secrets marked sensitive (so ureq never logs them).

use std::fmt;

use ureq::http::{HeaderMap, HeaderName, HeaderValue};

use crate::core::error::{Error, Result};

/// The per-call headers of a resource handle (medusa-js `customHeaders`). A bad header is kept as
/// an error and returned by the next call, before anything is sent.
#[derive(Clone, Default)]
pub(crate) struct HandleHeaders {
    pub map: HeaderMap,
    pub error: Option<String>,
}

impl HandleHeaders {
    pub(crate) fn add(&mut self, name: &str, value: &str) {
        match header_pair(name, value) {
            Ok((n, v)) => {
                self.map.insert(n, v);
            }
            Err(e) => {
                if self.error.is_none() {
                    self.error = Some(e.to_string());
                }
            }
        }
    }

    pub(crate) fn check(&self) -> Result<&HeaderMap> {
        match &self.error {
            Some(e) => Err(Error::InvalidInput(
                e.trim_start_matches("invalid input: ").to_string(),
            )),
            None => Ok(&self.map),
        }
    }
}

impl fmt::Debug for HandleHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.map.keys()).finish()
    }
}

/// Parses a header pair, for the builder and the per-call headers.
pub(crate) fn header_pair(name: &str, value: &str) -> Result<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidInput(format!("invalid header name {name:?}")))?;
    let mut value = HeaderValue::from_str(value)
        .map_err(|_| Error::InvalidInput(format!("invalid value for header {name}")))?;
    if is_secret_header(&name) {
        value.set_sensitive(true);
    }
    Ok((name, value))
}

fn is_secret_header(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "authorization" | "cookie" | "x-publishable-api-key" | "x-medusa-access-token"
    )
}

/// `Bearer <token>` as a header value, marked sensitive; refused (without quoting the token)
/// when the token has characters a header cannot carry.
pub(crate) fn bearer_header(token: &str) -> Result<HeaderValue> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
        Error::InvalidInput("the token has characters not allowed in a header".into())
    })?;
    value.set_sensitive(true);
    Ok(value)
}
