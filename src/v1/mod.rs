//! The Medusa v1 wing: the Store API of the 1.x backend (`@medusajs/medusa-js`), as resources on
//! the version-neutral core.
//!
//! Everything here is also at the crate root (`medusa_blocking::Medusa`,
//! `medusa_blocking::customers`, …), where programs written for v1 find it.
//!
//! ```no_run
//! use medusa_blocking::v1::Medusa;
//! use medusa_blocking::v1::customers::CreateCustomer;
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//! let jane = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

pub mod auth;
pub mod customers;
pub mod models;

mod addresses;
mod orders;
mod payment_methods;

use crate::core::builder::ClientBuilder;
use crate::core::client::Client;

pub use crate::core::api::V1;

/// A client of the Medusa v1 Store API: [`Client`]`<`[`V1`]`>`.
///
/// Cheap to clone: clones share the connection pool, the cookie session and the bearer token, and
/// the client is `Send + Sync`, so a batch job can log in once and fan out over threads.
///
/// ```no_run
/// use medusa_blocking::Medusa;
///
/// let medusa = Medusa::new("http://localhost:9000")?;
/// let me = medusa.customers().retrieve()?;
/// println!("{} {:?}", me.email, me.first_name);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type Medusa = Client<V1>;

/// Builds a [`Medusa`] (v1) client: [`ClientBuilder`]`<`[`V1`]`>`.
///
/// ```
/// use std::time::Duration;
/// let medusa = medusa_blocking::Medusa::builder("http://localhost:9000")
///     .max_retries(2)
///     .timeout(Duration::from_secs(10))
///     .build()?;
/// # let _ = medusa;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type MedusaBuilder = ClientBuilder<V1>;

impl Client<V1> {
    /// The customer calls: register, profile, orders, password reset, addresses, payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The auth calls: log in, session, log out, exists, bearer token.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.auth().authenticate("jane@example.com", "secret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> auth::Auth {
        auth::Auth::new(self.handle())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Medusa>();
        check::<customers::Customers>();
        check::<customers::Addresses>();
        check::<customers::PaymentMethods>();
        check::<auth::Auth>();
        check::<auth::AccessToken>();
        fn send<T: Send>() {}
        send::<customers::OrderIter>();
        send::<crate::Error>();
        fn sync<T: Sync>() {}
        sync::<crate::Error>();
    }
}
