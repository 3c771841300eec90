//! The logged-in customer's addresses (`/store/customers/me/addresses`): list, one, add,
//! update, delete; each address can be the default for shipping and for billing.

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::models::{AddressDeleted, AddressPage, Customer, CustomerAddress};
use crate::v2::store::fields_query;
use crate::v2::store::params::{AddressCreate, AddressUpdate, CALL_ID_KEY, ListAddresses};

/// How many times `add_address`, after a lost response, tries to list its copies and to delete
/// each extra copy of its own (each try with the client's retries) before it gives up, logged.
const CLEAN_UP_TRIES: usize = 3;

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
    /// may add the address twice. With `max_retries > 0` the address is therefore sent with a
    /// random id of this call under [`CALL_ID_KEY`] in its `metadata` (kept with the address;
    /// about 60 bytes more per call, no extra request). Only after a lost response does the
    /// client list the customer's addresses equal to it (same city, postal code and country,
    /// ordered by id, one `GET` per 100) and find the copies that carry
    /// this call's id, which no other call can have: it keeps the newest (the last one the
    /// server made, the one the retry's answer shows) and deletes the others, and returns the
    /// customer; when the retry failed but the lost attempt had added it, the call returns
    /// the customer as if that attempt had answered; when no copy is found the retry's error
    /// stands. It never deletes an address it did not make. The listing and each extra copy's
    /// `DELETE` are tried up to three times (a 404 is a copy gone already). A clean-up that fails (the
    /// listing or a `DELETE`) is logged as a warning and the call still succeeds: the address
    /// was added, and an extra copy may remain, found by its [`CALL_ID_KEY`]. When the
    /// listing fails after a failed retry, the outcome is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
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
            .post("/store/customers/me/addresses", body)
            .named("add address")
            .query_string(fields_query(&self.fields))
            .sent_member::<Customer>("customer");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        // A lost response: the server may have added the address once or twice; its copies
        // are the addresses that carry this call's id.
        // The listing too is tried up to CLEAN_UP_TRIES times: it only reads.
        let mut listed = self.marked_with(&call_id, address);
        for _ in 1..CLEAN_UP_TRIES {
            if listed.is_ok() {
                break;
            }
            listed = self.marked_with(&call_id, address);
        }
        let copies = match listed {
            Ok(copies) => copies,
            Err(list_error) => {
                // The retry's answer stands if it was a success (an extra copy may remain);
                // after a failed retry, no way to know.
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
        // Keep the newest copy (the last the server made, which holds the default flags as
        // asked) and delete the older ones: exactly one remains. A 404 is a copy gone already
        // (a DELETE whose answer was lost).
        let mut deleted = Vec::new();
        for extra in &copies[..copies.len() - 1] {
            // Each DELETE with the client's retries, and up to CLEAN_UP_TRIES of them: the
            // copy is this call's own, and deleting it again is safe.
            let path = format!("/store/customers/me/addresses/{}", segment(&extra.id));
            let mut last = None;
            for _ in 0..CLEAN_UP_TRIES {
                match self.h.delete(path.as_str()).empty() {
                    Ok(()) => {
                        last = None;
                        break;
                    }
                    Err(e) if e.status() == Some(404) => {
                        last = None;
                        break;
                    }
                    Err(e) => last = Some(e),
                }
            }
            match last {
                None => deleted.push(extra.id.as_str()),
                Some(e) => log::warn!(
                    "add address: deleting the extra copy {} failed ({e}); it remains, marked \
                     with {CALL_ID_KEY}",
                    extra.id
                ),
            }
        }
        match self.customer() {
            Ok(fresh) => Ok(fresh),
            Err(e) => {
                log::warn!("add address: re-reading the customer after the clean-up failed ({e})");
                // The answer as it was, less the copies deleted since.
                let mut customer = customer;
                customer
                    .addresses
                    .retain(|a| !deleted.contains(&a.id.as_str()));
                Ok(customer)
            }
        }
    }

    /// The customer's addresses that carry `call_id` under [`CALL_ID_KEY`], oldest first.
    fn marked_with(&self, call_id: &str, sent: &AddressCreate) -> Result<Vec<CustomerAddress>> {
        // Narrowed to the addresses equal to the one sent (city, postal code, country: the
        // server's exact filters), in a stable order: a customer with many addresses is not
        // walked page by page by offset, which, without an order or while clones add and
        // delete, can skip a copy.
        let params = ListAddresses {
            city: sent.city.iter().cloned().collect(),
            postal_code: sent.postal_code.iter().cloned().collect(),
            country_code: sent.country_code.iter().cloned().collect(),
            order: Some("id".into()),
            limit: Some(100),
            ..Default::default()
        };
        let mut copies = Vec::new();
        for stored in self.iter(&params) {
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
            .idempotent()
            .named("update address")
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Deletes an address (`DELETE /store/customers/me/addresses/{id}`); an unknown or deleted
    /// id is a 404. The answer is v2's delete envelope, as the server sends it.
    ///
    /// Retries: a retry after a lost response would get 404 for the address the lost attempt
    /// deleted. With `max_retries > 0` the client therefore reads the address first (one more
    /// `GET`); after a lost response and a failed retry it answers as the server would have
    /// (the envelope with the customer) only if the address was there before and is gone now.
    /// An id that was not there (another customer's, unknown, deleted already) keeps its 404;
    /// an address still there keeps the retry's error; no way to ask is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown). (Deleted meanwhile by another
    /// client, it counts as deleted by this call: the same end.)
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
        // Whether it is there before the call: only a call that may be retried needs to know.
        let existed = if self.h.retries() {
            match self.h.get(path.as_str()).empty() {
                Ok(()) => true,
                Err(e) if e.status() == Some(404) => false,
                Err(e) => return Err(e),
            }
        } else {
            true
        };
        // A lost response then 404: the lost attempt deleted it if it was there and is gone now.
        let sent = self
            .h
            .delete(path.as_str())
            .query_string(fields_query(&self.fields))
            .sent();
        let deleted = sent.and_then(|r| crate::core::decode::json(r.status, &r.body));
        deleted.settle("delete address", || {
            if !existed {
                return Ok(None);
            }
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
