//! The logged-in customer's addresses (`/store/customers/me/addresses`): list, one, add,
//! update, delete; each address can be the default for shipping and for billing.

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::models::{AddressDeleted, AddressPage, Customer, CustomerAddress};
use crate::v2::store::fields_query;
use crate::v2::store::params::{AddressCreate, AddressUpdate, ListAddresses};

resource_handle! {
    /// The address calls, from
    /// [`Customers::addresses`](crate::v2::store::customers::Customers::addresses). Adding,
    /// updating and deleting return the customer as the server sends it.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::AddressCreate;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().addresses().add_address(&AddressCreate {
    ///     is_default_shipping: Some(true),
    ///     ..AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6")
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Addresses { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let page = medusa.customers().addresses().header(\"x-request-id\", \"42\").list(&Default::default())?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Addresses {
    /// The customer handle's field selection, for the calls that return the customer.
    pub(super) fn selecting(self, fields: Option<String>) -> Addresses {
        Addresses { fields, ..self }
    }

    /// One page of the customer's addresses (`GET /store/customers/me/addresses`; the server's
    /// default page size is 50).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListAddresses;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.customers().addresses().list(&ListAddresses {
    ///     city: vec!["Toronto".into()],
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListAddresses) -> Result<AddressPage> {
        self.page(params).map(AddressPage::from)
    }

    fn page(&self, params: &ListAddresses) -> Result<Page<CustomerAddress>> {
        check_limit(params.limit)?;
        self.h
            .get("/store/customers/me/addresses")
            .query_string(params.query_string())
            .page("addresses")
    }

    /// Every address of the customer, a page at a time as the iterator is consumed.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListAddresses;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for address in medusa.customers().addresses().iter(&ListAddresses::default()) {
    ///     println!("{:?}", address?.city);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListAddresses) -> PageIter<CustomerAddress> {
        let addresses = self.clone();
        PageIter::walk(
            "addresses",
            |a: &CustomerAddress| &a.id,
            params,
            move |p| addresses.page(p),
        )
    }

    /// One address (`GET /store/customers/me/addresses/{id}`); another customer's or an unknown
    /// id is a 404 `not_found`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let address = medusa.customers().addresses().retrieve("caddr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<CustomerAddress> {
        require("address id", id)?;
        self.h
            .get(format!("/store/customers/me/addresses/{}", segment(id)))
            .query_string(fields_query(&self.fields))
            .member("address")
    }

    /// Adds an address (`POST /store/customers/me/addresses`, flat body). Every field is
    /// optional in v2. Returns the customer with its addresses.
    ///
    /// Retries: the v2 server does not de-duplicate addresses, so a retry after a lost response
    /// would add the address twice. With `max_retries > 0` the client therefore counts the
    /// customer's addresses equal to this one first (one more `GET`); after a lost response it
    /// looks again, deletes the extra copy (the older one), or, when the retry failed but
    /// the lost attempt had added it, answers with the customer as if it had answered. The
    /// address exists exactly once more than before.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::AddressCreate;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().addresses().add_address(
    ///     &AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6"),
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_address(&self, address: &AddressCreate) -> Result<Customer> {
        let retried = self.h.retries();
        let before = if retried {
            Some(self.equal_to(address)?.len())
        } else {
            None
        };
        let sent = self
            .h
            .post("/store/customers/me/addresses", address)
            .query_string(fields_query(&self.fields))
            .sent_member::<Customer>("customer");
        let (Some(before), true) = (before, sent.lost()) else {
            return sent.into_result();
        };
        // A lost response: the server may have added the address once or twice.
        let customer = sent.settle("add address", || {
            if self.equal_to(address)?.len() > before {
                self.customer().map(Some)
            } else {
                Ok(None)
            }
        })?;
        let equal = self.equal_to(address)?;
        if equal.len() <= before + 1 {
            return Ok(customer);
        }
        // Keep the newest copy (the last one the server made, which holds the default flags as
        // asked) and delete the older new ones: exactly one new address remains.
        for extra in &equal[before..equal.len() - 1] {
            self.h
                .delete(format!(
                    "/store/customers/me/addresses/{}",
                    segment(&extra.id)
                ))
                .empty()?;
        }
        self.customer()
    }

    /// The customer's addresses that hold every field `address` sets, oldest first.
    fn equal_to(&self, address: &AddressCreate) -> Result<Vec<CustomerAddress>> {
        let mut equal = Vec::new();
        for stored in self.iter(&ListAddresses::default()) {
            let stored = stored?;
            if holds(&stored, address) {
                equal.push(stored);
            }
        }
        equal.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(equal)
    }

    fn customer(&self) -> Result<Customer> {
        self.h
            .get("/store/customers/me")
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Updates an address (`POST /store/customers/me/addresses/{id}`; only the fields set are
    /// sent). Returns the customer. Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::AddressUpdate;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().addresses().update_address(
    ///     "caddr_01...",
    ///     &AddressUpdate { is_default_billing: Some(true), ..Default::default() },
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update_address(&self, id: &str, update: &AddressUpdate) -> Result<Customer> {
        require("address id", id)?;
        self.h
            .post(
                format!("/store/customers/me/addresses/{}", segment(id)),
                update,
            )
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Deletes an address (`DELETE /store/customers/me/addresses/{id}`); an unknown or deleted
    /// id is a 404. The answer is v2's delete envelope, as the server sends it.
    ///
    /// Retries: a retry after a lost response would get 404 for the address the lost attempt
    /// deleted; the client then checks that the address is gone and answers as the server
    /// would have (the envelope with the customer).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let deleted = medusa.customers().addresses().delete_address("caddr_01...")?;
    /// assert!(deleted.deleted);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_address(&self, id: &str) -> Result<AddressDeleted> {
        require("address id", id)?;
        let path = format!("/store/customers/me/addresses/{}", segment(id));
        // A lost response then 404: the lost attempt deleted it if the address is gone now.
        let sent = self
            .h
            .delete(path.as_str())
            .query_string(fields_query(&self.fields))
            .sent();
        let deleted = sent.and_then(|r| crate::core::decode::json(r.status, &r.body));
        deleted.settle("delete address", || {
            match self
                .h
                .get(path.as_str())
                .member::<CustomerAddress>("address")
            {
                Ok(_) => Ok(None),
                Err(e) if e.status() == Some(404) => {
                    let parent: Customer = self
                        .h
                        .get("/store/customers/me")
                        .query_string(fields_query(&self.fields))
                        .member("customer")?;
                    Ok(Some(AddressDeleted {
                        id: parent.id.clone(),
                        object: "address".into(),
                        deleted: true,
                        parent: Some(parent),
                    }))
                }
                Err(e) => Err(e),
            }
        })
    }
}

/// Whether `stored` holds every field `address` sets (country codes compared without case). The
/// default flags are left out: a later address made default takes them away.
fn holds(stored: &CustomerAddress, address: &AddressCreate) -> bool {
    let same = |sent: &Option<String>, kept: &Option<String>| {
        sent.as_ref()
            .is_none_or(|s| kept.as_deref() == Some(s.as_str()))
    };
    same(&address.address_name, &stored.address_name)
        && same(&address.first_name, &stored.first_name)
        && same(&address.last_name, &stored.last_name)
        && same(&address.phone, &stored.phone)
        && same(&address.company, &stored.company)
        && same(&address.address_1, &stored.address_1)
        && same(&address.address_2, &stored.address_2)
        && same(&address.city, &stored.city)
        && address.country_code.as_ref().is_none_or(|c| {
            stored
                .country_code
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case(c))
        })
        && same(&address.province, &stored.province)
        && same(&address.postal_code, &stored.postal_code)
        && address
            .metadata
            .as_ref()
            .is_none_or(|m| stored.metadata.as_ref() == Some(m))
}
