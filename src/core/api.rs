//! Which Medusa API a client speaks. The core is generic over it and knows nothing else of it.

/// A Medusa API generation a client speaks: [`V1`] (Medusa 1.x). Each has its own wing of
/// resources and models; the core (transport, retries, session, errors) is shared.
///
/// ```
/// use medusa_blocking::{Api, V1};
/// assert_eq!(V1::NAME, "v1");
/// ```
pub trait Api: sealed::Sealed + Send + Sync + 'static {
    /// `"v1"`: recorded in session files, which load only into a client of the same API.
    const NAME: &'static str;
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

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::V1 {}
}
