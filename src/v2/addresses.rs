//! The logged-in customer's addresses (`/store/customers/me/addresses`): list, one, add,
//! update, delete; each address can be the default for shipping and for billing.

use serde::{Deserialize, Serialize};

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::{Handle, require, settle};
use crate::v2::models::{Customer, CustomerAddress, Metadata};

/// The address calls, from [`Customers::addresses`](crate::v2::customers::Customers::addresses).
/// Adding, updating and deleting return the customer as the server sends it.
///
/// ```no_run
/// use medusa_blocking::v2::customers::AddressCreate;
/// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
/// let me = medusa.customers().addresses().add_address(&AddressCreate {
///     is_default_shipping: Some(true),
///     ..AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6")
/// })?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Addresses {
    h: Handle,
    fields: Option<String>,
}

impl Addresses {
    pub(super) fn new(h: Handle, fields: Option<String>) -> Addresses {
        Addresses { h, fields }
    }

    /// One page of the customer's addresses (`GET /store/customers/me/addresses`; the server's
    /// default page size is 50).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::ListAddresses;
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
            .query(params.query_string())
            .page("addresses")
    }

    /// Every address of the customer, a page at a time as the iterator is consumed.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::ListAddresses;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for address in medusa.customers().addresses().iter(&ListAddresses::default()) {
    ///     println!("{:?}", address?.city);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListAddresses) -> PageIter<CustomerAddress> {
        let addresses = self.clone();
        let mut params = params.clone();
        let start = u64::from(params.offset.unwrap_or(0));
        PageIter::new(
            "addresses",
            start,
            u64::from(u32::MAX),
            |a: &CustomerAddress| &a.id,
            move |offset| {
                params.offset = Some(u32::try_from(offset).unwrap_or(u32::MAX));
                addresses.page(&params)
            },
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
            .query(self.query())
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
    /// use medusa_blocking::v2::customers::AddressCreate;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().addresses().add_address(
    ///     &AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6"),
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_address(&self, address: &AddressCreate) -> Result<Customer> {
        let retried = self.h.transport().retry.max_retries > 0;
        let before = if retried {
            Some(self.equal_to(address)?.len())
        } else {
            None
        };
        let (sent, lost) = self
            .h
            .post("/store/customers/me/addresses", address)
            .query(self.query())
            .member_traced::<Customer>("customer");
        let (Some(before), true) = (before, lost) else {
            return sent;
        };
        // A lost response: the server may have added the address once or twice.
        let customer = settle("add address", (sent, lost), || {
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
            .query(self.query())
            .member("customer")
    }

    /// Updates an address (`POST /store/customers/me/addresses/{id}`; only the fields set are
    /// sent). Returns the customer. Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::customers::AddressUpdate;
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
            .query(self.query())
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
        let (reply, lost) = self
            .h
            .delete(path.as_str())
            .query(self.query())
            .send_traced();
        let deleted = reply.and_then(|r| crate::core::decode::json(r.status, &r.body));
        // A lost response then 404: the lost attempt deleted it if the address is gone now.
        settle("delete address", (deleted, lost), || {
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
                        .query(self.query())
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

    fn query(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("fields", self.fields.as_deref());
        q.finish()
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

/// What `delete_address` answers: `{id, object: "address", deleted: true, parent: {customer}}`.
/// (Sic: `id` is the **customer's** id, as the 2.21 server sends it.)
///
/// ```
/// use medusa_blocking::v2::customers::AddressDeleted;
/// let d: AddressDeleted = serde_json::from_str(
///     r#"{"id":"cus_01","object":"address","deleted":true,"parent":{"id":"cus_01","email":"a@b.c"}}"#,
/// ).unwrap();
/// assert!(d.deleted);
/// assert_eq!(d.parent.unwrap().email, "a@b.c");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AddressDeleted {
    /// The id the server sends: the customer's (not the address's).
    pub id: String,
    /// `address`.
    pub object: String,
    /// `true`.
    pub deleted: bool,
    /// The customer after the deletion.
    pub parent: Option<Customer>,
}

/// A new address ([`Addresses::add_address`]). Every field is optional in v2 (`{}` is
/// accepted); unset fields are not sent.
///
/// ```
/// use medusa_blocking::v2::customers::AddressCreate;
/// let a = AddressCreate { address_name: Some("Home".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"address_name":"Home"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressCreate {
    /// A name for the address ("Home").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_name: Option<String>,
    /// Make it the customer's default shipping address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default_shipping: Option<bool>,
    /// Make it the customer's default billing address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default_billing: Option<bool>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Province or state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl AddressCreate {
    /// An address with the six fields v1 requires (optional in v2), for ported programs.
    ///
    /// ```
    /// use medusa_blocking::v2::customers::AddressCreate;
    /// let a = AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6");
    /// assert_eq!(a.city.as_deref(), Some("Toronto"));
    /// ```
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        address_1: impl Into<String>,
        city: impl Into<String>,
        country_code: impl Into<String>,
        postal_code: impl Into<String>,
    ) -> AddressCreate {
        AddressCreate {
            first_name: Some(first_name.into()),
            last_name: Some(last_name.into()),
            address_1: Some(address_1.into()),
            city: Some(city.into()),
            country_code: Some(country_code.into()),
            postal_code: Some(postal_code.into()),
            ..AddressCreate::default()
        }
    }
}

/// A partial address ([`Addresses::update_address`]): the same fields as [`AddressCreate`]
/// (the server validates both alike); only the ones set are sent.
pub type AddressUpdate = AddressCreate;

/// Filters and paging of [`Addresses::list`]: what the server's validator accepts.
///
/// ```
/// use medusa_blocking::v2::customers::ListAddresses;
/// let q = ListAddresses { q: Some("Main".into()), limit: Some(10), ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("q=Main&limit=10"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAddresses {
    /// Free text over the address fields.
    pub q: Option<String>,
    /// Any of these cities.
    pub city: Vec<String>,
    /// Any of these country codes.
    pub country_code: Vec<String>,
    /// Any of these postal codes.
    pub postal_code: Vec<String>,
    /// Sort by one field, `-` for descending.
    pub order: Option<String>,
    /// Fields to select (see [`ListOrders::fields`](crate::v2::customers::ListOrders::fields)).
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Addresses to skip.
    pub offset: Option<u32>,
}

impl ListAddresses {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::customers::ListAddresses;
    /// let q = ListAddresses { city: vec!["Toronto".into(), "Ottawa".into()], ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("city%5B0%5D=Toronto&city%5B1%5D=Ottawa"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("city", &self.city)
            .list("country_code", &self.country_code)
            .list("postal_code", &self.postal_code)
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

page_type! {
    /// One page of addresses: `{addresses, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::customers::AddressPage;
    /// let page: AddressPage = serde_json::from_str(
    ///     r#"{"addresses":[{"id":"caddr_01","city":"Toronto"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.addresses[0].city.as_deref(), Some("Toronto"));
    /// ```
    AddressPage {
        /// The addresses of this page.
        addresses: CustomerAddress
    }
}
