//! One customer's addresses through the Admin API (`/admin/customers/{id}/addresses…`): list,
//! one, add, update, delete, **checked to be this customer's**.
//!
//! The 2.21 server does not check that an address belongs to the customer in the path: a `GET`
//! of another customer's (or an unknown) address answers `200 {}`, an update of it changes
//! nothing and answers 200, and a `DELETE` **deletes another customer's address** (and answers
//! `deleted: true` for an unknown id). So this handle reads the address as this customer's
//! first (`GET …/addresses/{address_id}`), says 404 `not_found` when it is not, and sends the
//! update or the delete only for an address that is: one more request per update or delete.

use serde::Deserialize;

use crate::core::error::{Error, Result};
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::admin::not_found;
use crate::v2::admin::params::{AddressCreate, AddressUpdate, CALL_ID_KEY, ListCustomerAddresses};
use crate::v2::models::{AddressDeleted, AddressPage, Customer, CustomerAddress};
use crate::v2::store::fields_query;

/// The address fields asked for when the caller chooses none: the server's defaults lack the
/// two default flags.
const WITH_FLAGS: &str = "+is_default_shipping,+is_default_billing";

resource_handle! {
    /// The address calls of one customer, from
    /// [`Customers::addresses`](crate::v2::admin::customers::Customers::addresses). Adding,
    /// updating and deleting return the customer (with the customer handle's selection).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::AddressCreate;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().fields("id,*addresses").addresses("cus_01...").add(
    ///     &AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6"),
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Addresses { customer: String, fields: Option<String> },
    header example: "# let admin = medusa_blocking::v2::admin::Admin::new(\"http://localhost:9000\")?;
let page = admin.customers().addresses(\"cus_01...\").header(\"x-request-id\", \"42\").list(&Default::default())?;
# Ok::<(), medusa_blocking::Error>(())"
}

/// `{"address": …}`, or `{}` for an address that is not the customer's.
#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    address: Option<CustomerAddress>,
}

impl Addresses {
    /// The handle for the customer `customer`, returning customers with `fields`.
    pub(super) fn of(self, customer: &str, fields: Option<String>) -> Addresses {
        Addresses {
            customer: customer.to_string(),
            fields,
            ..self
        }
    }

    fn base(&self) -> Result<String> {
        require("customer id", &self.customer)?;
        Ok(format!(
            "/admin/customers/{}/addresses",
            segment(&self.customer)
        ))
    }

    fn path(&self, address_id: &str) -> Result<String> {
        require("address id", address_id)?;
        Ok(format!("{}/{}", self.base()?, segment(address_id)))
    }

    /// One page of the customer's addresses (`GET /admin/customers/{id}/addresses`; server
    /// default page size 50). Without [`fields`](ListCustomerAddresses::fields) the crate asks
    /// for the two default flags too. An unknown customer has no addresses (an empty page).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomerAddresses;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let page = admin.customers().addresses("cus_01...").list(&ListCustomerAddresses::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCustomerAddresses) -> Result<AddressPage> {
        self.page(params).map(AddressPage::from)
    }

    fn page(&self, params: &ListCustomerAddresses) -> Result<Page<CustomerAddress>> {
        check_limit(params.limit)?;
        let query = match &params.fields {
            Some(_) => params.query_string(),
            None => ListCustomerAddresses {
                fields: Some(WITH_FLAGS.into()),
                ..params.clone()
            }
            .query_string(),
        };
        self.h
            .get(self.base()?)
            .query_string(query)
            .page("addresses")
    }

    /// Every address of the customer, a page at a time as the iterator is consumed.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomerAddresses;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// for address in admin.customers().addresses("cus_01...").iter(&ListCustomerAddresses::default()) {
    ///     println!("{:?}", address?.city);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCustomerAddresses) -> PageIter<CustomerAddress> {
        let addresses = self.clone();
        PageIter::walk(
            "customer addresses",
            |a: &CustomerAddress| &a.id,
            params,
            move |p| addresses.page(p),
        )
    }

    /// One address of the customer (`GET /admin/customers/{id}/addresses/{address_id}`, with
    /// the two default flags). The server answers `200 {}` for an unknown address or another
    /// customer's: that is a 404 `not_found` here, as is an address whose `customer_id` is
    /// another's.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let address = admin.customers().addresses("cus_01...").retrieve("cuaddr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, address_id: &str) -> Result<CustomerAddress> {
        let envelope: Envelope = self
            .h
            .get(self.path(address_id)?)
            .query_string(fields_query(&Some(WITH_FLAGS.into())))
            .send()?;
        match envelope.address {
            Some(address)
                if address
                    .customer_id
                    .as_deref()
                    .is_none_or(|owner| owner == self.customer) =>
            {
                Ok(address)
            }
            _ => Err(self.not_this_customers(address_id)),
        }
    }

    fn not_this_customers(&self, address_id: &str) -> Error {
        not_found(format!(
            "Address with id: {address_id} was not found for customer {}",
            self.customer
        ))
    }

    /// Adds an address to the customer (`POST /admin/customers/{id}/addresses`, flat body,
    /// every field optional). Returns the customer (its addresses only when selected, e.g.
    /// `fields("id,*addresses")` on the customer handle). An unknown customer is the server's
    /// 404.
    ///
    /// Retries: the server does not de-duplicate addresses. With `max_retries > 0` the address
    /// is sent with a random id of this call under [`CALL_ID_KEY`] in its `metadata`; only after
    /// a lost response does the client list the customer's addresses and find the copies with
    /// this call's id: it keeps the newest, deletes the others (after the same ownership
    /// check), and returns the customer; no copy found, the retry's error stands; the listing
    /// failing after a failed retry is [`Error::OutcomeUnknown`]. As
    /// [`crate::v2::store::addresses::Addresses::add_address`].
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::AddressCreate;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().addresses("cus_01...").add(&AddressCreate {
    ///     city: Some("Toronto".into()),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add(&self, address: &AddressCreate) -> Result<Customer> {
        let base = self.base()?;
        let call_id = self.h.retries().then(crate::core::rand::uuid_v4);
        let marked;
        let body = match &call_id {
            Some(id) => {
                let mut metadata = address.metadata.clone().unwrap_or_default();
                metadata.insert(CALL_ID_KEY.into(), id.as_str().into());
                marked = AddressCreate {
                    metadata: Some(metadata),
                    ..address.clone()
                };
                &marked
            }
            None => address,
        };
        let sent = self
            .h
            .post(base, body)
            .named("add address")
            .query_string(fields_query(&self.fields))
            .sent_member::<Customer>("customer");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        let copies = match self.marked_with(&call_id) {
            Ok(copies) => copies,
            Err(list_error) => {
                let customer = sent.settle("add address", || Err(list_error))?;
                log::warn!(
                    "add address: a response was lost and the addresses could not be listed; \
                     an extra copy may remain, marked with {CALL_ID_KEY}"
                );
                return Ok(customer);
            }
        };
        let found = !copies.is_empty();
        let customer = sent.settle("add address", || {
            if found {
                self.customer().map(Some)
            } else {
                Ok(None)
            }
        })?;
        if copies.len() <= 1 {
            return Ok(customer);
        }
        for extra in &copies[..copies.len() - 1] {
            if let Err(e) = self.delete(&extra.id) {
                log::warn!(
                    "add address: deleting the extra copy {} failed ({e}); it remains, marked \
                     with {CALL_ID_KEY}",
                    extra.id
                );
            }
        }
        self.customer().or(Ok(customer))
    }

    /// The customer's addresses that carry `call_id`, oldest first.
    fn marked_with(&self, call_id: &str) -> Result<Vec<CustomerAddress>> {
        let mut copies = Vec::new();
        for stored in self.iter(&ListCustomerAddresses {
            fields: Some("id,metadata,created_at,customer_id".into()),
            ..Default::default()
        }) {
            let stored = stored?;
            let mark = stored
                .metadata
                .as_ref()
                .and_then(|m| m.get(CALL_ID_KEY))
                .and_then(|v| v.as_str());
            if mark == Some(call_id) {
                copies.push(stored);
            }
        }
        copies.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        Ok(copies)
    }

    fn customer(&self) -> Result<Customer> {
        self.h
            .get(format!("/admin/customers/{}", segment(&self.customer)))
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Updates an address of the customer (`GET`, then `POST
    /// /admin/customers/{id}/addresses/{address_id}`; only the fields set are sent): an address
    /// that is not this customer's is a 404 `not_found` and nothing is sent. Returns the
    /// customer. Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::AddressUpdate;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().addresses("cus_01...").update(
    ///     "cuaddr_01...",
    ///     &AddressUpdate { is_default_billing: Some(true), ..Default::default() },
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, address_id: &str, update: &AddressUpdate) -> Result<Customer> {
        self.retrieve(address_id)?;
        self.h
            .post(self.path(address_id)?, update)
            .idempotent()
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Deletes an address of the customer (`GET`, then `DELETE
    /// /admin/customers/{id}/addresses/{address_id}`): an address that is not this customer's
    /// (another's, unknown, deleted already) is a 404 `not_found`, and nothing is deleted,
    /// where the server would delete another customer's address or answer `deleted: true`.
    /// Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let deleted = admin.customers().addresses("cus_01...").delete("cuaddr_01...")?;
    /// assert_eq!(deleted.id, "cuaddr_01...");
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete(&self, address_id: &str) -> Result<AddressDeleted> {
        self.retrieve(address_id)?;
        self.h
            .delete(self.path(address_id)?)
            .query_string(fields_query(&self.fields))
            .send()
    }
}
