//! What the v1 wing adds around every call of its clients (installed at `build()`): an error
//! that says the server speaks v2 becomes [`Error::WrongApi`]. v1 needs nothing before a call.

use crate::core::error::Error;
use crate::core::request::{Layer, Route};

/// The v1 layer.
pub(crate) struct V1Layer;

impl Layer for V1Layer {
    fn map_error(&self, route: Route<'_>, error: Error) -> Error {
        let wrong_api = |status| Error::WrongApi {
            status,
            route: route.to_string(),
            client_api: "v1",
            server_api: "v2",
        };
        match error {
            e if e.is_missing_route() => wrong_api(404),
            // A v2 server checks the publishable key before the route: a v1 client without one
            // hears about the key, on a route the server does not even have.
            Error::Api {
                status: 400, error, ..
            } if error.kind == "not_allowed"
                && error.message.starts_with("Publishable API key required") =>
            {
                wrong_api(400)
            }
            other => other,
        }
    }
}
