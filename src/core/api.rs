//! Which Medusa API a client speaks. The core is generic over it and knows nothing else of it.

/// A Medusa API generation a client speaks: [`V1`] (Medusa 1.x) or [`V2`] (Medusa 2.x). Each
/// has its own wing of resources and models; the core (transport, retries, session, errors) is
/// shared.
///
/// ```
/// use medusa_blocking::{Api, V1};
/// assert_eq!(V1::NAME, "v1");
/// ```
pub trait Api: sealed::Sealed + Send + Sync + 'static {
    /// `"v1"`: recorded in session files, which load only into a client of the same API.
    const NAME: &'static str;

    /// Whether every Store call needs a publishable API key (v2): a client without one fails at
    /// `build()`.
    const REQUIRES_PUBLISHABLE_KEY: bool = false;

    /// Where the session's bearer token is refreshed before it runs out (v2:
    /// `/auth/token/refresh`); `None`: never.
    const REFRESH_PATH: Option<&'static str> = None;
}

/// The Medusa v1 Store API (Medusa 1.x, `@medusajs/medusa-js`): [`Medusa`](crate::Medusa) is
/// `Client<V1>`.
///
/// ```
/// let medusa: medusa_blocking::Client<medusa_blocking::V1> =
///     medusa_blocking::Medusa::new("http://localhost:9000")?;
/// # let _ = medusa;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug)]
pub enum V1 {}

impl Api for V1 {
    const NAME: &'static str = "v1";
}

/// The Medusa v2 Store and Auth API (Medusa 2.x, `@medusajs/js-sdk`): `v2::Medusa` is
/// `Client<V2>`. Every `/store` call needs a publishable API key, and the client refreshes its
/// 24-hour token before it runs out.
///
/// ```
/// use medusa_blocking::{Api, V2};
/// assert_eq!(V2::NAME, "v2");
/// assert!(V2::REQUIRES_PUBLISHABLE_KEY);
/// ```
#[derive(Debug)]
pub enum V2 {}

impl Api for V2 {
    const NAME: &'static str = "v2";
    const REQUIRES_PUBLISHABLE_KEY: bool = true;
    const REFRESH_PATH: Option<&'static str> = Some("/auth/token/refresh");
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::V1 {}
    impl Sealed for super::V2 {}
}
