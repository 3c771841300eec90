//! The Medusa v1 wing: the Store API of the 1.x backend (`@medusajs/medusa-js`), as resources on
//! the version-neutral core, with the names of the v2 wing.
//!
//! ```no_run
//! use medusa_blocking::v1::Medusa;
//! use medusa_blocking::v1::store::params::CreateCustomer;
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//! let jane = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! - [`store`]: the Store API's resources (customers with their orders, addresses and payment
//!   methods; auth), each a handle of its own, and [`store::params`], what their calls send.
//! - [`admin`]: the Admin API, the operator's side (customers, customer groups), with an admin
//!   client of its own ([`admin::Admin`]) and [`admin::params`].
//! - [`models`]: what the server answers.
//!
//! Programs written for 0.1 found these names at the crate root (`medusa_blocking::Medusa`,
//! `medusa_blocking::customers::CreateCustomer`); those paths still compile, deprecated.

pub mod admin;
pub mod models;
pub mod store;

mod layer;

use std::sync::Arc;

use crate::core::api::{Api, sealed::Sealed};
use crate::core::builder::ClientBuilder;
use crate::core::client::Client;
use crate::core::request::Layer;

/// The Medusa v1 Store API (Medusa 1.x, `@medusajs/medusa-js`): [`Medusa`] is `Client<V1>`.
///
/// ```
/// use medusa_blocking::Api;
/// use medusa_blocking::v1::V1;
/// assert_eq!(V1::NAME, "v1");
/// assert!(!V1::REQUIRES_PUBLISHABLE_KEY);
/// ```
#[derive(Debug)]
pub enum V1 {}

impl Api for V1 {
    const NAME: &'static str = "v1";
}

impl Sealed for V1 {
    fn layer() -> Arc<dyn Layer> {
        Arc::new(layer::V1Layer)
    }
}

/// A client of the Medusa v1 Store API: [`Client`]`<`[`V1`]`>`.
///
/// Cheap to clone: clones share the connection pool, the cookie session and the bearer token, and
/// the client is `Send + Sync`, so a batch job can log in once and fan out over threads.
///
/// ```no_run
/// use medusa_blocking::v1::Medusa;
///
/// let medusa = Medusa::new("http://localhost:9000")?;
/// let me = medusa.customers().retrieve()?;
/// println!("{} {:?}", me.email, me.first_name);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type Medusa = Client<V1>;

/// Builds a v1 [`Medusa`] client: [`ClientBuilder`]`<`[`V1`]`>`.
///
/// ```
/// use std::time::Duration;
/// let medusa = medusa_blocking::v1::Medusa::builder("http://localhost:9000")
///     .max_retries(2)
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// # let _ = medusa;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type MedusaBuilder = ClientBuilder<V1>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Medusa>();
        check::<store::customers::Customers>();
        check::<store::addresses::Addresses>();
        check::<store::payment_methods::PaymentMethods>();
        check::<store::auth::Auth>();
        check::<crate::AccessToken>();
        fn send<T: Send>() {}
        send::<crate::PageIter<models::Order>>();
        send::<crate::Error>();
        fn sync<T: Sync>() {}
        sync::<crate::Error>();
    }
}
