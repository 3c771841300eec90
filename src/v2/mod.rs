//! The Medusa v2 wing: the Store and Auth API of the 2.x backend (`@medusajs/js-sdk`), with the
//! names of the v1 wing, so that a v1 program ports by changing its `use` lines.
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::customers::CreateCustomer;
//!
//! let medusa = Medusa::builder("http://localhost:9000")
//!     .publishable_api_key("pk_01...") // every /store call of v2 needs it
//!     .build()?;
//! let jane = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
//! let me = medusa.customers().retrieve()?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! What differs from v1: an auth identity and a 24-hour JWT (refreshed by the client) instead of
//! a cookie session; no `exists` and no payment methods; addresses instead of a billing
//! address, with a default for shipping and for billing; money as an exact decimal
//! ([`money::Amount`](crate::money::Amount)).

pub mod auth;
pub mod customers;
pub mod models;

mod addresses;
mod orders;

use crate::core::builder::ClientBuilder;
use crate::core::client::Client;

pub use crate::core::api::V2;

/// A client of the Medusa v2 Store and Auth API: [`Client`]`<`[`V2`]`>`. Cheap to clone;
/// clones share the connection pool, the cookie jar and the token.
///
/// ```no_run
/// use medusa_blocking::v2::Medusa;
/// let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
/// medusa.auth().login("jane@example.com", "supersecret")?;
/// println!("{}", medusa.customers().retrieve()?.email);
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type Medusa = Client<V2>;

/// Builds a v2 [`Medusa`]: [`ClientBuilder`]`<`[`V2`]`>`. `build()` fails without a
/// publishable API key.
///
/// ```
/// let err = medusa_blocking::v2::Medusa::builder("http://localhost:9000").build();
/// assert!(err.unwrap_err().to_string().contains("publishable API key"));
/// ```
pub type MedusaBuilder = ClientBuilder<V2>;

impl Client<V2> {
    /// The customer calls: register, profile, orders, password reset, addresses.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The auth calls: register, log in, refresh, cookie session, log out.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> auth::Auth {
        auth::Auth::new(self.handle())
    }

    /// The order calls: the customer's orders, one order, order transfers.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn orders(&self) -> customers::Orders {
        orders::Orders::new(self.handle(), None)
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
        check::<customers::Orders>();
        check::<auth::Auth>();
        fn send<T: Send>() {}
        send::<customers::OrderIter>();
    }

    #[test]
    fn a_v2_client_needs_a_publishable_key() {
        match Medusa::new("http://localhost:9000") {
            Err(crate::Error::Config(message)) => {
                assert!(message.contains("publishable API key"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        assert!(
            Medusa::builder("http://localhost:9000")
                .publishable_api_key("pk_1")
                .build()
                .is_ok()
        );
    }
}
