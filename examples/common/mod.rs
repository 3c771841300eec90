//! What the examples share: which Medusa API they speak and which backend they talk to.
//!
//! - `MEDUSA_API=v1` or `v2` chooses the API.
//! - Without it, a backend URL is asked which API it speaks (`medusa_blocking::detect`):
//!   `MEDUSA_BACKEND_URL`, else `MEDUSA_V2_BACKEND_URL`.
//! - With no URL at all, the examples run on the embedded Medusa v2 demo backend (v2 is what new
//!   stores run); `MEDUSA_API=v1` gives the embedded Medusa v1 demo instead.
//!
//! The v1 backend is `MEDUSA_BACKEND_URL`; the v2 backend is `MEDUSA_V2_BACKEND_URL`, else
//! `MEDUSA_BACKEND_URL`, with the publishable key `MEDUSA_V2_PUBLISHABLE_KEY`.

// Each example uses part of this module.
#![allow(dead_code)]

use std::error::Error;

use medusa_blocking::{ApiVersion, detect};
use medusa_testkit::demo::{v1, v2};

/// The backend an example talks to, and how its API was chosen.
pub enum Target {
    /// Medusa 1.x: `medusa_blocking::v1::Medusa`.
    V1(v1::Backend),
    /// Medusa 2.x: `medusa_blocking::v2::Medusa`; the `&str` says how v2 was chosen
    /// (`MEDUSA_API=v2`, `detected`, `default`).
    V2(v2::Backend, &'static str),
}

/// The environment variable `name`, unless unset or blank.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Chooses the API and the backend from the environment (see the module doc).
pub fn choose() -> Result<Target, Box<dyn Error>> {
    let v1_url = env("MEDUSA_BACKEND_URL");
    let v2_url = env("MEDUSA_V2_BACKEND_URL");
    match env("MEDUSA_API")
        .map(|a| a.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("v1") => Ok(Target::V1(match v1_url {
            Some(url) => v1::Backend::remote(url),
            None => v1::Backend::from_env()?,
        })),
        Some("v2") => Ok(Target::V2(v2_backend(v2_url.or(v1_url))?, "MEDUSA_API=v2")),
        Some(other) => Err(format!("MEDUSA_API must be v1 or v2, not {other:?}").into()),
        None => match v1_url.or(v2_url) {
            None => Ok(Target::V2(v2::Backend::demo()?, "default")),
            Some(url) => match detect(&url)? {
                ApiVersion::V1 => Ok(Target::V1(v1::Backend::remote(url))),
                _ => Ok(Target::V2(v2_backend(Some(url))?, "detected")),
            },
        },
    }
}

/// The v2 backend at `url` with `MEDUSA_V2_PUBLISHABLE_KEY`, or the embedded demo.
fn v2_backend(url: Option<String>) -> Result<v2::Backend, Box<dyn Error>> {
    let Some(url) = url else {
        return Ok(v2::Backend::demo()?);
    };
    match env("MEDUSA_V2_PUBLISHABLE_KEY") {
        Some(key) => Ok(v2::Backend::remote(url, key)),
        None => Err(format!(
            "{url} speaks Medusa v2, whose /store calls need a publishable API key: set \
             MEDUSA_V2_PUBLISHABLE_KEY"
        )
        .into()),
    }
}

/// A v2 client of `backend`, with its publishable key.
pub fn v2_client(backend: &v2::Backend, max_retries: u32) -> medusa_blocking::v2::MedusaBuilder {
    medusa_blocking::v2::Medusa::builder(backend.url())
        .publishable_api_key(backend.publishable_key())
        .max_retries(max_retries)
}

/// Where the demo backends' sessions go: they live only as long as the process, so a scratch
/// file rather than the user's session file.
pub fn demo_session_path(api: &str) -> String {
    let name = match api {
        "v1" => "medusa-blocking-demo-session.json".to_string(),
        other => format!("medusa-blocking-demo-{other}-session.json"),
    };
    std::env::temp_dir().join(name).display().to_string()
}
