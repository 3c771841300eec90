//! The v2 Store API (`/store/…`), one module per resource: [`customers`] (register, profile,
//! password reset), [`addresses`] (the customer's addresses), [`orders`] (the customer's orders
//! and order transfers). What the calls send is in [`params`]; what they answer, in
//! [`crate::v2::models`].
//!
//! Each resource is a cheap handle from the client:
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::ListOrders;
//!
//! let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
//! medusa.auth().login("jane@example.com", "supersecret")?;
//! let me = medusa.customers().retrieve()?;
//! let page = medusa.orders().list(&ListOrders::default())?;
//! let addresses = medusa.customers().addresses().list(&Default::default())?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! Planned here, each in a module of its own: `regions`, `products` (with categories and
//! collections), `carts` (to a placed order).

pub mod addresses;
pub mod customers;
pub mod orders;
pub mod params;

// Planned: the shop around the customer.
mod carts;
mod products;
mod regions;

use crate::core::client::Client;
use crate::core::query::Query;
use crate::v2::V2;

/// The query of a handle's field selection (`fields=…`), if it has one: v2's handles select the
/// fields of what their calls return with `fields()`.
pub(crate) fn fields_query(fields: &Option<String>) -> Option<String> {
    let mut q = Query::new();
    q.opt("fields", fields.as_deref());
    q.finish()
}

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

    /// The order calls: the customer's orders, one order, order transfers.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn orders(&self) -> orders::Orders {
        orders::Orders::new(self.handle())
    }
}
