//! The Medusa v2 wing: the Store and Auth API of the 2.x backend (`@medusajs/js-sdk`), with the
//! names of the v1 wing, so that a v1 program ports by changing its `use` lines.
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::CreateCustomer;
//!
//! let medusa = Medusa::builder("http://localhost:9000")
//!     .publishable_api_key("pk_01...") // every /store call of v2 needs it
//!     .build()?;
//! let jane = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
//! let me = medusa.customers().retrieve()?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! - [`auth`]: the Auth API (`/auth/customer/emailpass…`): register, log in, refresh, session.
//! - [`store`]: the Store API's resources (customers, their addresses, orders, regions, the
//!   catalog), each a handle of its own, and [`store::params`], what their calls send.
//! - [`models`]: what the server answers.
//! - [`admin`]: the Admin API's customer side (customers, customer groups, their addresses and
//!   members) with a client of its own, [`admin::Admin`] (an admin user's log-in or a secret API
//!   key).
//!
//! What differs from v1: an auth identity and a 24-hour JWT (refreshed by the client) instead of
//! a cookie session; no `exists` and no payment methods; addresses instead of a billing
//! address, with a default for shipping and for billing; money as an exact decimal
//! ([`money::Amount`](crate::money::Amount)).

pub mod admin;
pub mod auth;
pub mod models;
pub mod store;

mod layer;

use std::sync::Arc;

use crate::core::api::{Api, sealed::Sealed};
use crate::core::builder::ClientBuilder;
use crate::core::client::Client;
use crate::core::request::Layer;

/// The Medusa v2 Store and Auth API (Medusa 2.x, `@medusajs/js-sdk`): [`Medusa`] is
/// `Client<V2>`. Every `/store` call needs a publishable API key, and the client refreshes its
/// 24-hour token before it runs out.
///
/// ```
/// use medusa_blocking::Api;
/// use medusa_blocking::v2::V2;
/// assert_eq!(V2::NAME, "v2");
/// assert!(V2::REQUIRES_PUBLISHABLE_KEY);
/// ```
#[derive(Debug)]
pub enum V2 {}

impl Api for V2 {
    const NAME: &'static str = "v2";
    const REQUIRES_PUBLISHABLE_KEY: bool = true;
}

impl Sealed for V2 {
    fn layer() -> Arc<dyn Layer> {
        Arc::new(layer::V2Layer::default())
    }
}

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

impl ClientBuilder<V2> {
    /// Asks for the texts of every answer in `locale` (`de-DE`), as js-sdk's `setLocale`: the
    /// `x-medusa-locale` header of every call (the server reads it on `/store` routes). A handle's
    /// own `.locale(…)` and a list's `locale` parameter win over it; see
    /// [`store`](crate::v2::store#locale).
    ///
    /// ```
    /// let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000")
    ///     .publishable_api_key("pk_01...")
    ///     .locale("de-DE")
    ///     .build()?;
    /// # let _ = medusa;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn locale(self, locale: impl Into<String>) -> Self {
        self.header(store::LOCALE_HEADER, locale)
    }
}

impl Client<V2> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Medusa>();
        check::<store::customers::Customers>();
        check::<store::addresses::Addresses>();
        check::<store::orders::Orders>();
        check::<store::regions::Regions>();
        check::<store::products::Products>();
        check::<store::categories::Categories>();
        check::<store::collections::Collections>();
        check::<auth::Auth>();
        fn send<T: Send>() {}
        send::<crate::Request>();
        send::<crate::PageIter<models::Order>>();
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
