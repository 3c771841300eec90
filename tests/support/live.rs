//! What the live suites (`tests/v1/live.rs`, `tests/v2/live.rs`, and the live half of
//! `tests/common/exactly_once.rs`) share: finding their backend, and saying honestly when they did
//! not run.
//!
//! Every live test is `#[ignore = "live: needs …"]`, so a plain `cargo test` on a machine with no
//! backend lists each of them as **ignored** (cargo's summary counts them), never as passed. They
//! run when asked for explicitly, with the backend's variables exported:
//!
//! ```text
//! export "$(bash tests/backend/start.sh v1)"                                   # v1
//! while read -r l; do export "$l"; done < <(bash tests/backend/start.sh v2)  # v2
//! cargo test --test v1 --test v2 --test common -- --include-ignored live::
//! ```
//!
//! (`live::` selects the live tests: every live test is in a module named `live`, and every test
//! of such a module is a live test.)
//!
//! A live test that runs calls [`backend`] first, which fails the test (it does not skip it) when
//! the variables are missing or the server does not answer as the expected Medusa version: a
//! test that ran without its server tested nothing and must not pass.
//!
//! Each wing's binary also has one test that is not ignored, calling [`ci_guard`] (in its
//! `main.rs`, outside `live`): with `CI` set (to anything but `""`, `0` or `false`) it fails
//! unless the backend is configured and answers, so that a CI job whose backend did not come up
//! is red even if it ran a plain `cargo test`. Without `CI` it prints one line saying whether the
//! live tests can run, and passes.

use std::sync::OnceLock;

use medusa_blocking::ApiVersion;

/// One live backend: the variables that name it and how to start it.
pub struct Suite {
    /// `v1` or `v2`, for messages.
    pub name: &'static str,
    /// The variable with the base URL.
    pub url_var: &'static str,
    /// The variable with the publishable API key, if the API needs one.
    pub key_var: Option<&'static str>,
    /// The script that starts the backend and prints the variables.
    pub start: &'static str,
    /// What `medusa_blocking::detect` must say about the server.
    pub api: ApiVersion,
    /// The outcome of the one check per test binary.
    checked: OnceLock<Result<Backend, String>>,
}

/// The Medusa 1.20 backend (`tests/medusa/`, started by `tests/backend/start.sh v1`).
pub static V1: Suite = Suite {
    name: "v1",
    url_var: "MEDUSA_BACKEND_URL",
    key_var: None,
    start: "tests/backend/start.sh v1",
    api: ApiVersion::V1,
    checked: OnceLock::new(),
};

/// The Medusa 2.21 backend (`tests/medusa-v2/`, started by `tests/backend/start.sh v2`).
pub static V2: Suite = Suite {
    name: "v2",
    url_var: "MEDUSA_V2_BACKEND_URL",
    key_var: Some("MEDUSA_V2_PUBLISHABLE_KEY"),
    start: "tests/backend/start.sh v2",
    api: ApiVersion::V2,
    checked: OnceLock::new(),
};

/// A second Medusa 2.21 backend configured to ask for the log-in steps (e-mail verification for
/// customers, MFA), started by `tests/backend/start-v2-auth-checks.sh`.
pub static V2_CHECKS: Suite = Suite {
    name: "v2 auth checks",
    url_var: "MEDUSA_V2_CHECKS_BACKEND_URL",
    key_var: Some("MEDUSA_V2_CHECKS_PUBLISHABLE_KEY"),
    start: "tests/backend/start-v2-auth-checks.sh",
    api: ApiVersion::V2,
    checked: OnceLock::new(),
};

/// A configured backend that answered.
#[derive(Debug, Clone)]
pub struct Backend {
    /// Base URL, without a trailing slash.
    pub url: String,
    /// The publishable API key (v2), or `""`.
    pub key: String,
}

/// Whether this is a CI run: `CI` set to anything but `""`, `0` or `false`.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| {
        let v = v.trim();
        !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")
    })
}

fn var(name: &str) -> Option<String> {
    // A test of the same binary may be changing it (`common::url_credentials`).
    let _env = super::env_lock();
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl Suite {
    /// The variables this suite needs, for messages: `A` or `A and B`.
    fn vars(&self) -> String {
        match self.key_var {
            Some(key) => format!("{} and {key}", self.url_var),
            None => self.url_var.to_string(),
        }
    }

    /// The backend from the environment, or why not: not configured, not answering, another
    /// API version, or (v2) a key the server refuses. One request or two.
    fn check(&self) -> Result<Backend, String> {
        let missing: Vec<&str> = std::iter::once(self.url_var)
            .chain(self.key_var)
            .filter(|name| var(name).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "the live {} backend is not configured: {} not set (start it with `bash {}` and \
                 export the lines it prints)",
                self.name,
                missing.join(" and "),
                self.start
            ));
        }
        let url = var(self.url_var).unwrap_or_default();
        let url = url.trim_end_matches('/').to_string();
        let key = self.key_var.and_then(var).unwrap_or_default();
        match medusa_blocking::detect(&url) {
            Ok(api) if api == self.api => {}
            Ok(other) => {
                return Err(format!(
                    "{}={url} answers like a Medusa {} server, not {}",
                    self.url_var,
                    other.as_str(),
                    self.name
                ));
            }
            Err(e) => {
                return Err(format!(
                    "the live {} backend at {url} ({}) does not answer: {e} (start it with \
                     `bash {}`)",
                    self.name, self.url_var, self.start
                ));
            }
        }
        // (A key is only asked for by the v2 suite, built with the v2 wing.)
        #[cfg(feature = "v2")]
        if self.key_var.is_some() {
            let client = medusa_blocking::v2::Medusa::builder(&url)
                .publishable_api_key(&key)
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .map_err(|e| format!("a v2 client for {url}: {e}"))?;
            client
                .get::<serde_json::Value>("/store/regions?limit=1")
                .map_err(|e| {
                    format!(
                        "the v2 backend at {url} refuses {}: {e} (a `tests/backend/stop.sh v2 \
                         --wipe-db` makes a new key: export the lines `bash {}` prints again)",
                        self.key_var.unwrap_or_default(),
                        self.start
                    )
                })?;
        }
        Ok(Backend { url, key })
    }
}

/// The suite's backend, checked once per test binary. Fails the calling test when the backend
/// is not configured or does not answer: a live test never passes without its server.
#[track_caller]
pub fn backend(suite: &'static Suite) -> Backend {
    match suite.checked.get_or_init(|| suite.check()) {
        Ok(backend) => backend.clone(),
        Err(why) => panic!(
            "{why}. Live tests are #[ignore]d; this one was asked for, so it fails rather than \
             pass untested (it needs {}).",
            suite.vars()
        ),
    }
}

/// The body of each suite's one test that is not ignored: with `CI` set, the backend must be
/// configured and answer; without, one line says whether the (ignored) live tests can run.
#[track_caller]
pub fn ci_guard(suite: &'static Suite) {
    let outcome = suite.checked.get_or_init(|| suite.check());
    match (ci(), outcome) {
        (_, Ok(backend)) => println!(
            "live {} backend at {} answers; run its tests with `cargo test --test {} -- \
             --include-ignored live::`",
            suite.name, backend.url, suite.name
        ),
        (true, Err(why)) => panic!(
            "CI is set, so the live {} tests must run, but {why}",
            suite.name
        ),
        (false, Err(why)) => println!(
            "skipped: {why}; the live {} tests are #[ignore]d and were not run",
            suite.name
        ),
    }
}
