//! The v1 Store API (`/store/…`), one module per resource: [`customers`] (register, profile,
//! password reset, the customer's orders), [`addresses`] (shipping addresses),
//! [`payment_methods`], [`auth`] (log in, session, token). What the calls send is in
//! [`params`]; what they answer, in [`crate::v1::models`].
//!
//! ```no_run
//! use medusa_blocking::v1::Medusa;
//! use medusa_blocking::v1::store::params::ListOrders;
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//! medusa.auth().authenticate("jane@example.com", "supersecret")?;
//! let page = medusa.customers().list_orders(&ListOrders::default())?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

pub mod addresses;
pub mod auth;
pub mod customers;
pub mod params;
pub mod payment_methods;

use crate::core::client::Client;
use crate::v1::V1;

impl Client<V1> {
    /// The customer calls: register, profile, orders, password reset, addresses, payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The auth calls: log in, session, log out, exists, bearer token.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.auth().authenticate("jane@example.com", "secret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> auth::Auth {
        auth::Auth::new(self.handle())
    }
}
