//! What the v2 wing adds around every call of its clients (installed at `build()`): the bearer
//! token is refreshed before it runs out, once for all clones, and an error that says the
//! server speaks v1 becomes [`Error::WrongApi`].

use std::sync::Mutex;
use std::time::Duration;

use crate::core::error::Error;
use crate::core::request::{Handle, Layer, Route};

/// Where a v2 token is refreshed.
pub(crate) const REFRESH_PATH: &str = "/auth/token/refresh";

/// A token is refreshed when less than this is left of it (or a quarter of its lifetime, for a
/// short-lived one).
const REFRESH_MARGIN: Duration = Duration::from_secs(10 * 60);

/// The v2 layer of one client (shared by its clones).
#[derive(Default)]
pub(crate) struct V2Layer {
    /// Held while a refresh is under way, so that clones refresh once, not once each.
    refreshing: Mutex<()>,
}

impl Layer for V2Layer {
    /// Refreshes the session's bearer token when it runs out soon: one request to
    /// [`REFRESH_PATH`], made by one thread while the others wait and then use the new token. A
    /// failed refresh is logged and changes nothing: the current token is still good until it
    /// expires, and the call then says 401 in the server's words.
    fn before_call(&self, door: &Handle, path: &str) {
        if path == REFRESH_PATH || !due(door) {
            return;
        }
        let _one_at_a_time = self.refreshing.lock().unwrap_or_else(|e| e.into_inner());
        // Another clone may have refreshed it while this one waited.
        if !due(door) {
            return;
        }
        // This call runs the layer again, which returns at once: its path is the refresh path.
        let outcome = door
            .post(REFRESH_PATH, &serde_json::Map::new())
            .secret("token")
            .map_err(|e| match e {
                Error::Decode { status, .. } => Error::Decode {
                    status,
                    path: "token".into(),
                    message: r#"expected {"token": "<string>"}"#.into(),
                    body: String::new(),
                },
                other => other,
            })
            .and_then(|token| door.session().set_token(token.into()));
        match outcome {
            Ok(()) => log::debug!("the bearer token was refreshed before it ran out"),
            Err(e) => {
                // No token in the record, whatever the server's answer quoted.
                let reason = e.to_string();
                log::warn!(
                    "refreshing the bearer token failed ({}); keeping the current one",
                    crate::core::redact::redact(&reason)
                )
            }
        }
    }

    /// A route a v2 server has answered with Express's "Cannot GET" page: the server speaks v1.
    fn map_error(&self, route: Route<'_>, error: Error) -> Error {
        if error.is_missing_route() {
            return Error::WrongApi {
                status: 404,
                route: route.to_string(),
                client_api: "v2",
                server_api: "v1",
            };
        }
        error
    }
}

/// Whether the session's token expires within the refresh margin (and has not expired: the
/// server refuses to refresh an expired one).
fn due(door: &Handle) -> bool {
    let Some((exp, lifetime)) = door.session().bearer_expiry() else {
        return false;
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let margin = lifetime.map_or(REFRESH_MARGIN.as_secs(), |l| {
        (l / 4).min(REFRESH_MARGIN.as_secs())
    });
    exp > now && exp - now <= margin
}
