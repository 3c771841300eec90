//! Which Medusa API a server speaks, found with one cheap request.

use std::time::Duration;

use crate::core::api::Plain;
use crate::core::client::Client;
use crate::core::error::{Error, Result};

/// A Medusa API generation, as [`detect`] finds it.
///
/// ```
/// use medusa_blocking::ApiVersion;
/// assert_eq!(ApiVersion::V2.as_str(), "v2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// Medusa 1.x: use `medusa_blocking::v1::Medusa`.
    V1,
    /// Medusa 2.x: use `medusa_blocking::v2::Medusa`.
    V2,
}

impl ApiVersion {
    /// `v1` or `v2`.
    ///
    /// ```
    /// assert_eq!(medusa_blocking::ApiVersion::V1.as_str(), "v1");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1",
            ApiVersion::V2 => "v2",
        }
    }
}

/// Tells a Medusa v1 server from a v2 one with one request, `GET /store/auth` without a key or
/// session: v1 answers its plain-text `401 Unauthorized` (that is its session route), v2 its
/// JSON `400 not_allowed` (every `/store` route needs a publishable key) or, past the key, an
/// HTML 404 (the route is v1's only). None of the JS clients has this. The call has a 10 s
/// timeout and no retries; anything else is an error that says what the server answered.
///
/// ```no_run
/// use medusa_blocking::{ApiVersion, detect};
/// match detect("http://localhost:9000")? {
///     ApiVersion::V1 => println!("Medusa 1.x: medusa_blocking::v1::Medusa"),
///     ApiVersion::V2 => println!("Medusa 2.x: medusa_blocking::v2::Medusa"),
///     _ => println!("a later Medusa"),
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub fn detect(base_url: impl AsRef<str>) -> Result<ApiVersion> {
    let client = Client::<Plain>::builder(base_url)
        .timeout(Duration::from_secs(10))
        .build()?;
    let answer = client.handle().get("/store/auth").sent().into_result();
    classify(answer.map(|reply| reply.status)).map_err(|e| match e {
        e @ (Error::Transport { .. } | Error::Timeout { .. }) => e,
        // Built from what the server answered: redacted as a whole.
        other => Error::Config(
            crate::core::redact::redact(&format!(
                "{} does not look like a Medusa server: GET /store/auth answered {other}",
                client.base_url()
            ))
            .into_owned(),
        ),
    })
}

/// The pure part of [`detect`]: what the answer to `GET /store/auth` means.
fn classify(answer: Result<u16>) -> Result<ApiVersion> {
    match answer {
        // A v1 server with a session cookie (none is sent, but a proxy may keep one).
        Ok(200) => Ok(ApiVersion::V1),
        Err(Error::Http { status: 401, .. }) => Ok(ApiVersion::V1),
        Err(Error::Api {
            status: 400, error, ..
        }) if error.kind == "not_allowed" => Ok(ApiVersion::V2),
        Err(Error::Http {
            status: 404,
            content_type,
            body,
            ..
        }) if content_type
            .as_deref()
            .is_some_and(|t| t.starts_with("text/html"))
            && body.contains("Cannot GET /store/auth") =>
        {
            Ok(ApiVersion::V2)
        }
        Ok(status) => Err(Error::Config(format!("an unexpected HTTP {status}"))),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::response::error_from_response;

    fn answer(status: u16, content_type: Option<&str>, body: &str) -> Result<u16> {
        Err(error_from_response(
            status,
            content_type.map(str::to_string),
            body.as_bytes(),
            None,
        ))
    }

    #[test]
    fn tells_v1_from_v2_by_the_recorded_answers() {
        // Medusa 1.20: plain-text 401, no Content-Type.
        assert_eq!(
            classify(answer(401, None, "Unauthorized")).unwrap(),
            ApiVersion::V1
        );
        // Medusa 2.21: the publishable key is checked first.
        let v2 = r#"{"type":"not_allowed","message":"Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard."}"#;
        assert_eq!(
            classify(answer(400, Some("application/json; charset=utf-8"), v2)).unwrap(),
            ApiVersion::V2
        );
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /store/auth</pre>\n</body>\n</html>\n";
        assert_eq!(
            classify(answer(404, Some("text/html; charset=utf-8"), page)).unwrap(),
            ApiVersion::V2
        );
        assert_eq!(classify(Ok(200)).unwrap(), ApiVersion::V1);
    }

    #[test]
    fn anything_else_is_an_error() {
        assert!(classify(Ok(204)).is_err());
        assert!(classify(answer(404, Some("text/html"), "<pre>Not here</pre>")).is_err());
        assert!(classify(answer(502, None, "Bad Gateway")).is_err());
        assert!(
            classify(answer(
                400,
                None,
                r#"{"type":"invalid_data","message":"x"}"#
            ))
            .is_err()
        );
    }
}
