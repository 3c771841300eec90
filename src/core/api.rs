//! Which Medusa API a client speaks. The core is generic over it and knows nothing of it but what
//! the trait says: a name for session files and messages, whether a publishable key is required,
//! and the [`Layer`] the API's wing installs into each client it builds.

use std::sync::Arc;

use crate::core::request::Layer;

/// A Medusa API a client speaks: `v1::V1` (Medusa 1.x) or `v2::V2` (Medusa 2.x). Each has its
/// own wing of resources and models; the core (transport, retries, session, errors) is shared.
/// Sealed: only this crate's wings implement it.
///
/// ```
/// use medusa_blocking::Api;
/// use medusa_blocking::v2::V2;
/// assert_eq!(V2::NAME, "v2");
/// assert!(V2::REQUIRES_PUBLISHABLE_KEY);
/// ```
pub trait Api: sealed::Sealed + Send + Sync + 'static {
    /// `"v1"`, `"v2"`: recorded in session files, which load only into a client of the same
    /// API, and named in errors.
    const NAME: &'static str;

    /// Whether every call needs a publishable API key (v2's Store API): a client without one
    /// fails at `build()`.
    const REQUIRES_PUBLISHABLE_KEY: bool = false;
}

pub(crate) mod sealed {
    use super::{Arc, Layer};

    /// What only the crate can implement, and what a wing gives the core: its [`Layer`], made
    /// anew for each client built (state such as a refresh lock is per client, shared by its
    /// clones).
    pub trait Sealed {
        fn layer() -> Arc<dyn Layer>;
    }
}

/// A client of no wing: what the core's own calls ([`detect`](crate::detect)) and tests are
/// made with. Its layer does nothing.
pub(crate) enum Plain {}

impl Api for Plain {
    const NAME: &'static str = "plain";
}

impl sealed::Sealed for Plain {
    fn layer() -> Arc<dyn Layer> {
        struct Nothing;
        impl Layer for Nothing {}
        Arc::new(Nothing)
    }
}
