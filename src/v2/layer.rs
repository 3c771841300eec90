//! What the v2 wing adds around every call of its clients (installed at `build()`): the bearer
//! token is refreshed before it runs out, once for all clones and within the call's time
//! budget; a 401 for a token known to have run out says "log in again"; and an error that says
//! the server speaks v1 becomes [`Error::WrongApi`].

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::core::error::Error;
use crate::core::request::{Handle, Layer, Route};
use crate::core::secret::AccessToken;

/// Where a v2 token is refreshed.
pub(crate) const REFRESH_PATH: &str = "/auth/token/refresh";

/// A token is refreshed when less than this is left of it (or a quarter of its lifetime, for a
/// short-lived one).
const REFRESH_MARGIN: Duration = Duration::from_secs(10 * 60);

/// After a refresh failed, no call tries again for this long (the same token; a new one is
/// tried at once): the token is still good, and a server that cannot refresh is not asked by
/// every call and clone.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(30);

/// The v2 layer of one client (shared by its clones).
#[derive(Default)]
pub(crate) struct V2Layer {
    flight: Mutex<Flight>,
    /// Signalled when a refresh in flight has landed.
    landed: Condvar,
}

/// The refresh of this client: whether one is in flight, and when one last failed (and for the
/// token of which generation).
#[derive(Default)]
struct Flight {
    in_flight: bool,
    failed: Option<(Instant, u64)>,
}

impl V2Layer {
    fn lock(&self) -> MutexGuard<'_, Flight> {
        self.flight.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Marks the flight landed (also when the refresh panicked), and wakes the waiting clones.
struct Landing<'a> {
    layer: &'a V2Layer,
    failed: Option<(Instant, u64)>,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        let mut flight = self.layer.lock();
        flight.in_flight = false;
        flight.failed = self.failed;
        drop(flight);
        self.layer.landed.notify_all();
    }
}

impl Layer for V2Layer {
    /// Refreshes the session's bearer token when it runs out soon: one request to
    /// [`REFRESH_PATH`], one attempt bounded by the client's timeout, made by one thread while
    /// the others wait for its outcome (never longer than the timeout) and then go on with the
    /// token the session holds: the new one, or the current one when the refresh failed. A
    /// failed refresh is logged and changes nothing (the token is still good until it expires);
    /// no call tries again for [`RETRY_AFTER_FAILURE`]. The new token only replaces the one the
    /// refresh started from: a log-out, a log-in or `set_bearer_token` meanwhile wins.
    fn before_call(&self, door: &Handle, path: &str) {
        if path == REFRESH_PATH || !due(door) {
            return;
        }
        let timeout = door.timeout();
        let mut flight = self.lock();
        if flight.in_flight {
            // Use the outcome of the refresh in flight, whatever it is.
            // (A timeout too long for the clock to add is waited for without a deadline.)
            let deadline = Instant::now().checked_add(timeout);
            while flight.in_flight {
                let left = match deadline {
                    Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                        Some(left) => left,
                        None => break,
                    },
                    None => timeout,
                };
                flight = self
                    .landed
                    .wait_timeout(flight, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
            return;
        }
        // Another clone may have refreshed it while this one waited for the lock.
        if !due(door) {
            return;
        }
        let Some((start_header, start_generation)) = door.session().bearer_snapshot() else {
            return;
        };
        if flight.failed.is_some_and(|(at, generation)| {
            generation == start_generation && at.elapsed() < RETRY_AFTER_FAILURE
        }) {
            return;
        }
        flight.in_flight = true;
        drop(flight);
        let mut landing = Landing {
            layer: self,
            failed: None,
        };
        // Made with the very token it refreshes, in one attempt.
        let outcome = door
            .post(REFRESH_PATH, &serde_json::Map::new())
            .bearer(start_header)
            .once()
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
            .and_then(|token| {
                door.session()
                    .set_issued_token(AccessToken::from(token), Some(start_generation))
            });
        match outcome {
            Ok(true) => log::debug!("the bearer token was refreshed before it ran out"),
            Ok(false) => log::debug!(
                "the bearer token was replaced or dropped while it was refreshed; the refreshed \
                 one is not kept"
            ),
            Err(e) => {
                landing.failed = Some((Instant::now(), start_generation));
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

    /// The refresh before a call: one attempt, or the wait for another clone's, each bounded
    /// by the timeout.
    fn before_call_budget(&self, timeout: Duration) -> Duration {
        timeout
    }
}

/// Whether the session's token expires within the refresh margin (and has not expired: the
/// server refuses to refresh an expired one). Its time left is counted from its own `iat`
/// (see `Session::bearer_time_left`), so a local clock that is off does not matter.
fn due(door: &Handle) -> bool {
    let Some((left, lifetime)) = door.session().bearer_time_left() else {
        return false;
    };
    let margin = lifetime.map_or(REFRESH_MARGIN.as_secs(), |l| {
        (l / 4).min(REFRESH_MARGIN.as_secs())
    });
    left > 0 && left.unsigned_abs() <= margin
}
