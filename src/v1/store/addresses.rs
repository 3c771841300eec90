//! The logged-in customer's shipping addresses: add, update, delete.

use serde::Serialize;

use crate::core::error::Result;
use crate::core::query::segment;
use crate::core::request::require;
use crate::v1::models::Customer;
use crate::v1::store::params::{AddressCreate, AddressUpdate};

resource_handle! {
    /// Shipping-address calls, from `Customers::addresses`. Each returns the updated customer.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::AddressCreate;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().add_address(&AddressCreate {
    ///     first_name: "Jane".into(),
    ///     last_name: "Doe".into(),
    ///     address_1: "1 Main St".into(),
    ///     city: "Springfield".into(),
    ///     country_code: "us".into(),
    ///     postal_code: "12345".into(),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Addresses,
    header example: "let medusa = medusa_blocking::v1::Medusa::new(\"http://localhost:9000\")?;
let me = medusa.customers().addresses().header(\"x-request-id\", \"42\").delete_address(\"addr_01\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Addresses {
    /// Adds a shipping address (`POST /store/customers/me/addresses`, body
    /// `{"address": {…}}`). The required fields are checked locally first. The server does not
    /// add an address equal to one the customer already has; the call still succeeds.
    /// Retries are safe for the same reason: the address a lost attempt added is not added
    /// again.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::AddressCreate;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let address = AddressCreate {
    ///     first_name: "Jane".into(),
    ///     last_name: "Doe".into(),
    ///     address_1: "1 Main St".into(),
    ///     city: "Springfield".into(),
    ///     country_code: "us".into(),
    ///     postal_code: "12345".into(),
    ///     phone: Some("+15550002222".into()),
    ///     ..Default::default()
    /// };
    /// let me = medusa.customers().addresses().add_address(&address)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_address(&self, address: &AddressCreate) -> Result<Customer> {
        for (field, value) in [
            ("first_name", &address.first_name),
            ("last_name", &address.last_name),
            ("address_1", &address.address_1),
            ("city", &address.city),
            ("country_code", &address.country_code),
            ("postal_code", &address.postal_code),
        ] {
            require(field, value)?;
        }
        #[derive(Serialize)]
        struct Body<'a> {
            address: &'a AddressCreate,
        }
        self.h
            .post("/store/customers/me/addresses", &Body { address })
            .idempotent()
            .named("add address")
            .member("customer")
    }

    /// Updates one of the customer's addresses (`POST /store/customers/me/addresses/{id}`, flat
    /// body; only the fields that are set are sent). An id that is not the customer's is a 400
    /// `invalid_data` error.
    /// Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::AddressUpdate;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().update_address(
    ///     "addr_01...",
    ///     &AddressUpdate { city: Some("Shelbyville".into()), ..Default::default() },
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update_address(&self, id: &str, update: &AddressUpdate) -> Result<Customer> {
        require("address id", id)?;
        let path = format!("/store/customers/me/addresses/{}", segment(id));
        self.h
            .post(path, update)
            .idempotent()
            .named("update address")
            .member("customer")
    }

    /// Deletes one of the customer's addresses (`DELETE /store/customers/me/addresses/{id}`).
    /// Deleting an unknown or already deleted id succeeds too, as on the server.
    /// So retries are safe.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().delete_address("addr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_address(&self, id: &str) -> Result<Customer> {
        require("address id", id)?;
        let path = format!("/store/customers/me/addresses/{}", segment(id));
        self.h
            .delete(path)
            .named("delete address")
            .member("customer")
    }
}
