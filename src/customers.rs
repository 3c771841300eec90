//! Customer calls: register, profile, orders, password reset, addresses, payment methods.
//!
//! Everything here is reached from [`Medusa::customers`](crate::Medusa::customers). The request
//! types are plain structs with public fields and `Default`:
//!
//! ```no_run
//! use medusa_blocking::Medusa;
//! use medusa_blocking::customers::{CreateCustomer, ListOrders};
//! use medusa_blocking::models::OrderStatus;
//!
//! let medusa = Medusa::new("http://localhost:9000")?;
//! let customer = medusa.customers().create(&CreateCustomer {
//!     email: "jane@example.com".into(),
//!     password: "supersecret".into(),
//!     first_name: Some("Jane".into()),
//!     ..Default::default()
//! })?; // registration logs in: the session cookie is kept
//! let page = medusa.customers().list_orders(&ListOrders {
//!     status: vec![OrderStatus::Completed],
//!     limit: Some(5),
//!     ..Default::default()
//! })?;
//! println!("{} has {} completed orders", customer.email, page.count);
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};
use ureq::http::Method;

use crate::client::{HandleHeaders, Medusa, to_json};
use crate::error::{Error, Result};
use crate::models::{
    Customer, FulfillmentStatus, Order, OrderStatus, PaymentMethod, PaymentStatus,
};
use crate::query::{Query, segment};

/// JSON object, as used by `metadata`.
pub type Metadata = serde_json::Map<String, serde_json::Value>;

#[derive(Deserialize)]
pub(crate) struct CustomerEnvelope {
    pub customer: Customer,
}

/// The customer calls, from [`Medusa::customers`]. A cheap handle; headers set with
/// [`Customers::header`] apply to its calls (and its `addresses()` and `payment_methods()`) only
/// and override the client's.
///
/// ```no_run
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
/// let me = medusa.customers().header("x-request-id", "abc").retrieve()?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Customers {
    client: Medusa,
    headers: HandleHeaders,
}

fn require(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::InvalidInput(format!("{field} is empty")));
    }
    Ok(())
}

impl Customers {
    pub(crate) fn new(client: Medusa) -> Customers {
        Customers {
            client,
            headers: HandleHeaders::default(),
        }
    }

    /// Adds a header to this handle's calls (medusa-js's per-call `customHeaders`). It overrides a
    /// client header of the same name.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().header("x-tenant", "eu").retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.add(name, value);
        self
    }

    fn customer(&self, method: Method, path: &str, body: Option<Vec<u8>>) -> Result<Customer> {
        let env: CustomerEnvelope =
            self.client
                .json(method, path, None, body, self.headers.check()?)?;
        Ok(env.customer)
    }

    /// Registers a customer (`POST /store/customers`). The server logs the new customer in: the
    /// session cookie it sets is kept, so [`retrieve`](Self::retrieve) works next with no other
    /// step. An e-mail that already has an account is an [`Error::Api`] with status 422 and kind
    /// `duplicate_error`. An empty e-mail or password is refused before sending (the server would
    /// create a guest that cannot log in).
    ///
    /// ```no_run
    /// use medusa_blocking::customers::CreateCustomer;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.customers().create(&CreateCustomer {
    ///     email: "jane@example.com".into(),
    ///     password: "supersecret".into(),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, customer: &CreateCustomer) -> Result<Customer> {
        require("email", &customer.email)?;
        require("password", &customer.password)?;
        self.customer(Method::POST, "/store/customers", Some(to_json(customer)?))
    }

    /// The logged-in customer (`GET /store/customers/me`), with shipping addresses and billing
    /// address. Not logged in: an error with status 401.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self) -> Result<Customer> {
        self.customer(Method::GET, "/store/customers/me", None)
    }

    /// Updates the logged-in customer (`POST /store/customers/me`). Only the fields that are set
    /// are sent. `metadata` is merged into the stored object key by key; a key set to `""` is
    /// removed. See [`BillingAddress`] for the three ways to set the billing address.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::{BillingAddress, UpdateCustomer};
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().update(&UpdateCustomer {
    ///     phone: Some("+15550001111".into()),
    ///     billing_address: Some(BillingAddress::Unset),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, update: &UpdateCustomer) -> Result<Customer> {
        if let Some(BillingAddress::Existing(id)) = &update.billing_address {
            require("billing address id", id)?;
        }
        self.customer(Method::POST, "/store/customers/me", Some(to_json(update)?))
    }

    /// One page of the logged-in customer's orders (`GET /store/customers/me/orders`), newest
    /// first. The server's default page size is 10. Orders in a list are partial objects.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::ListOrders;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let page = medusa.customers().list_orders(&ListOrders::default())?;
    /// for order in &page.orders {
    ///     println!("#{:?} {:?}", order.display_id, order.total);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list_orders(&self, params: &ListOrders) -> Result<OrderPage> {
        self.client.json(
            Method::GET,
            "/store/customers/me/orders",
            params.query_string(),
            None,
            self.headers.check()?,
        )
    }

    /// Every order of the logged-in customer, fetched a page at a time as the iterator is
    /// consumed (the page size is `params.limit`, default 10; `params.offset` is where it starts).
    /// It yields the first error and then ends; it ends on an empty page, when
    /// `offset + received >= count`, or when the server sends the same page again (a server that
    /// ignores `offset`). Memory stays one page.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::ListOrders;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// for order in medusa.customers().iter_orders(&ListOrders::default()) {
    ///     let order = order?;
    ///     println!("{}", order.id);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter_orders(&self, params: &ListOrders) -> OrderIter {
        OrderIter {
            customers: self.clone(),
            next_offset: u64::from(params.offset.unwrap_or(0)),
            params: params.clone(),
            buffer: Vec::new().into_iter(),
            last_first_id: None,
            done: false,
        }
    }

    /// Asks for a password-reset token for this e-mail (`POST /store/customers/password-token`).
    /// The server answers 204 whether or not the e-mail exists, and delivers the token only to a
    /// notification plugin (by e-mail); it is never returned here.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// medusa.customers().generate_password_token("jane@example.com")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn generate_password_token(&self, email: &str) -> Result<()> {
        require("email", email)?;
        #[derive(Serialize)]
        struct Body<'a> {
            email: &'a str,
        }
        self.client.send(
            Method::POST,
            "/store/customers/password-token",
            None,
            Some(to_json(&Body { email })?),
            self.headers.check()?,
        )?;
        Ok(())
    }

    /// Sets a new password with the token from the reset e-mail
    /// (`POST /store/customers/password-reset`). It does not log in. The token is valid 15 minutes
    /// and only once. An unknown e-mail is a 401 `unauthorized` error; a bad, used or expired token
    /// for a known e-mail is, as Medusa 1.x answers it, a 500 `unknown_error`.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::ResetPassword;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.customers().reset_password(&ResetPassword {
    ///     email: "jane@example.com".into(),
    ///     token: "eyJhbGciOi...".into(),
    ///     password: "new secret".into(),
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn reset_password(&self, reset: &ResetPassword) -> Result<Customer> {
        require("email", &reset.email)?;
        require("token", &reset.token)?;
        require("password", &reset.password)?;
        self.customer(
            Method::POST,
            "/store/customers/password-reset",
            Some(to_json(reset)?),
        )
    }

    /// The logged-in customer's shipping addresses.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().delete_address("addr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn addresses(&self) -> Addresses {
        Addresses {
            customers: self.clone(),
        }
    }

    /// The logged-in customer's saved payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn payment_methods(&self) -> PaymentMethods {
        PaymentMethods {
            customers: self.clone(),
        }
    }
}

/// Shipping-address calls, from [`Customers::addresses`]. Each returns the updated customer.
///
/// ```no_run
/// use medusa_blocking::customers::AddressCreate;
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
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
#[derive(Debug, Clone)]
pub struct Addresses {
    customers: Customers,
}

impl Addresses {
    /// Adds a shipping address (`POST /store/customers/me/addresses`, body
    /// `{"address": {…}}`). The required fields are checked locally first. The server does not
    /// add an address equal to one the customer already has; the call still succeeds.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::AddressCreate;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
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
        self.customers.customer(
            Method::POST,
            "/store/customers/me/addresses",
            Some(to_json(&Body { address })?),
        )
    }

    /// Updates one of the customer's addresses (`POST /store/customers/me/addresses/{id}`, flat
    /// body; only the fields that are set are sent). An id that is not the customer's is a 400
    /// `invalid_data` error.
    ///
    /// ```no_run
    /// use medusa_blocking::customers::AddressUpdate;
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().update_address(
    ///     "addr_01...",
    ///     &AddressUpdate { city: Some("Shelbyville".into()), ..Default::default() },
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update_address(&self, id: &str, update: &AddressUpdate) -> Result<Customer> {
        require("address id", id)?;
        let path = format!("/store/customers/me/addresses/{}", segment(id));
        self.customers
            .customer(Method::POST, &path, Some(to_json(update)?))
    }

    /// Deletes one of the customer's addresses (`DELETE /store/customers/me/addresses/{id}`).
    /// Deleting an unknown or already deleted id succeeds too, as on the server.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().delete_address("addr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_address(&self, id: &str) -> Result<Customer> {
        require("address id", id)?;
        let path = format!("/store/customers/me/addresses/{}", segment(id));
        self.customers.customer(Method::DELETE, &path, None)
    }
}

/// Saved payment methods, from [`Customers::payment_methods`].
///
/// ```no_run
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
/// for m in medusa.customers().payment_methods().list()? {
///     println!("{}: {}", m.provider_id, m.data);
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct PaymentMethods {
    customers: Customers,
}

impl PaymentMethods {
    /// The saved payment methods of every payment provider
    /// (`GET /store/customers/me/payment-methods`); empty with the manual provider.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self) -> Result<Vec<PaymentMethod>> {
        #[derive(Deserialize)]
        struct Envelope {
            payment_methods: Vec<PaymentMethod>,
        }
        let env: Envelope = self.customers.client.json(
            Method::GET,
            "/store/customers/me/payment-methods",
            None,
            None,
            self.customers.headers.check()?,
        )?;
        Ok(env.payment_methods)
    }
}

/// Lazily walks every page of the customer's orders; from [`Customers::iter_orders`].
#[derive(Debug)]
pub struct OrderIter {
    customers: Customers,
    params: ListOrders,
    next_offset: u64,
    buffer: std::vec::IntoIter<Order>,
    last_first_id: Option<String>,
    done: bool,
}

impl Iterator for OrderIter {
    type Item = Result<Order>;

    fn next(&mut self) -> Option<Result<Order>> {
        loop {
            if let Some(order) = self.buffer.next() {
                return Some(Ok(order));
            }
            if self.done {
                return None;
            }
            let mut params = self.params.clone();
            params.offset = Some(u32::try_from(self.next_offset).unwrap_or(u32::MAX));
            let page = match self.customers.list_orders(&params) {
                Ok(page) => page,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            let received = page.orders.len() as u64;
            if received == 0 {
                self.done = true;
                return None;
            }
            let first_id = page.orders.first().map(|o| o.id.clone());
            if first_id.is_some() && first_id == self.last_first_id {
                log::warn!(
                    "iter_orders: the server sent the same page again for offset {}; stopping",
                    self.next_offset
                );
                self.done = true;
                return None;
            }
            self.last_first_id = first_id;
            self.next_offset += received;
            if self.next_offset >= page.count || self.next_offset >= u64::from(u32::MAX) {
                self.done = true;
            }
            self.buffer = page.orders.into_iter();
        }
    }
}

/// Registration (`POST /store/customers`).
///
/// ```
/// use medusa_blocking::customers::CreateCustomer;
/// let c = CreateCustomer {
///     email: "jane@example.com".into(),
///     password: "supersecret".into(),
///     last_name: Some("Doe".into()),
///     ..Default::default()
/// };
/// assert!(!format!("{c:?}").contains("supersecret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateCustomer {
    /// E-mail; the server stores it lower-cased.
    pub email: String,
    /// Password; never printed by `Debug`.
    pub password: String,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl fmt::Debug for CreateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateCustomer")
            .field("email", &self.email)
            .field("password", &"***")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("phone", &self.phone)
            .finish()
    }
}

/// A profile update (`POST /store/customers/me`): only the fields that are `Some` are sent.
///
/// ```
/// use medusa_blocking::customers::UpdateCustomer;
/// let mut metadata = serde_json::Map::new();
/// metadata.insert("newsletter".into(), true.into());
/// metadata.insert("old_key".into(), "".into()); // "" removes a key
/// let u = UpdateCustomer {
///     first_name: Some("Janet".into()),
///     metadata: Some(metadata),
///     ..Default::default()
/// };
/// let json = serde_json::to_value(&u).unwrap();
/// assert_eq!(json, serde_json::json!({
///     "first_name": "Janet",
///     "metadata": {"newsletter": true, "old_key": ""}
/// }));
/// ```
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct UpdateCustomer {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail. Unlike registration, the server stores it exactly as given (not lower-cased),
    /// while log-in and `exists` lower-case theirs: an address with capitals makes the customer
    /// unable to log in with a password. Pass it lower-cased.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New password; never printed by `Debug`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Billing address: a new one, an existing one by id, or unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddress>,
    /// Merged into the stored metadata key by key; a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl fmt::Debug for UpdateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateCustomer")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("phone", &self.phone)
            .field("email", &self.email)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("billing_address", &self.billing_address)
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// The three ways to set the billing address in [`UpdateCustomer`].
///
/// ```
/// use medusa_blocking::customers::{AddressUpdate, BillingAddress};
/// let new = BillingAddress::New(AddressUpdate { city: Some("Springfield".into()), ..Default::default() });
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#"{"city":"Springfield"}"#);
/// let existing = BillingAddress::Existing("addr_01".into());
/// assert_eq!(serde_json::to_string(&existing).unwrap(), r#""addr_01""#);
/// assert_eq!(serde_json::to_string(&BillingAddress::Unset).unwrap(), "null");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a request value, built once per call: boxing buys nothing
pub enum BillingAddress {
    /// A new address, sent as an object. It is merged into the current billing address if there
    /// is one, else created.
    New(AddressUpdate),
    /// An existing address of the customer, by id (an unknown id is a 404 error).
    Existing(String),
    /// Sent as `null`: the customer has no billing address afterwards.
    Unset,
}

impl Serialize for BillingAddress {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            BillingAddress::New(address) => address.serialize(s),
            BillingAddress::Existing(id) => s.serialize_str(id),
            BillingAddress::Unset => s.serialize_none(),
        }
    }
}

/// A new shipping address ([`Addresses::add_address`]): six required fields, the rest optional.
///
/// `phone`, `address_2` and `province` are sent as `null` when unset: the server skips adding an
/// address equal to one the customer has, comparing those fields strictly, and an absent field
/// never equals a stored `null` (a real Medusa 1.20 would store the same address twice).
///
/// ```
/// use medusa_blocking::customers::AddressCreate;
/// let a = AddressCreate {
///     first_name: "Jane".into(),
///     last_name: "Doe".into(),
///     address_1: "1 Main St".into(),
///     city: "Springfield".into(),
///     country_code: "us".into(),
///     postal_code: "12345".into(),
///     ..Default::default()
/// };
/// let json = serde_json::to_value(&a).unwrap();
/// assert!(json.get("company").is_none());
/// assert!(json["phone"].is_null());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressCreate {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Street line (required).
    pub address_1: String,
    /// City (required).
    pub city: String,
    /// ISO 3166-1 alpha-2 country code of a country in a region (required; stored lower-cased).
    pub country_code: String,
    /// Postal code (required).
    pub postal_code: String,
    /// Phone (sent as `null` when unset, see below).
    pub phone: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Second street line (sent as `null` when unset).
    pub address_2: Option<String>,
    /// Province or state (sent as `null` when unset).
    pub province: Option<String>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// A partial address ([`Addresses::update_address`], [`BillingAddress::New`]): only the fields
/// that are `Some` are sent.
///
/// ```
/// use medusa_blocking::customers::AddressUpdate;
/// let u = AddressUpdate { postal_code: Some("54321".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"postal_code":"54321"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressUpdate {
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
    /// Country code (stored lower-cased).
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

/// A new password with the reset token ([`Customers::reset_password`]).
///
/// ```
/// use medusa_blocking::customers::ResetPassword;
/// let r = ResetPassword { email: "a@b.c".into(), token: "tkn".into(), password: "pw".into() };
/// let shown = format!("{r:?}");
/// assert!(!shown.contains("tkn") && !shown.contains("\"pw\""));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResetPassword {
    /// The customer's e-mail.
    pub email: String,
    /// The token from the reset e-mail; never printed by `Debug`.
    pub token: String,
    /// The new password; never printed by `Debug`.
    pub password: String,
}

impl fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPassword")
            .field("email", &self.email)
            .field("token", &"***")
            .field("password", &"***")
            .finish()
    }
}

/// A date range filter: each bound set is sent as `field[op]=value`. Values are ISO-8601 dates
/// (`2024-01-31` or `2024-01-31T12:00:00Z`) or unix seconds.
///
/// ```
/// use medusa_blocking::customers::{DateFilter, ListOrders};
/// let q = ListOrders {
///     created_at: Some(DateFilter { gte: Some("2024-01-01".into()), ..Default::default() }),
///     ..Default::default()
/// };
/// assert_eq!(q.query_string().as_deref(), Some("created_at%5Bgte%5D=2024-01-01"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFilter {
    /// Strictly before.
    pub lt: Option<String>,
    /// Strictly after.
    pub gt: Option<String>,
    /// At or before.
    pub lte: Option<String>,
    /// At or after.
    pub gte: Option<String>,
}

/// Filters and paging of [`Customers::list_orders`]: every parameter the server's validator
/// accepts, and nothing else (it rejects unknown ones). Empty lists and `None` are not sent.
///
/// ```
/// use medusa_blocking::customers::ListOrders;
/// use medusa_blocking::models::{OrderStatus, PaymentStatus};
/// let q = ListOrders {
///     status: vec![OrderStatus::Completed, OrderStatus::Canceled],
///     payment_status: vec![PaymentStatus::Captured],
///     limit: Some(20),
///     fields: Some("id,display_id,total".into()),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("status%5B0%5D=completed&status%5B1%5D=canceled&payment_status%5B0%5D=captured\
///           &fields=id%2Cdisplay_id%2Ctotal&limit=20"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListOrders {
    /// Free text: matches shipping first name, e-mail, display id, customer names and phone.
    pub q: Option<String>,
    /// Order id.
    pub id: Option<String>,
    /// Any of these statuses.
    pub status: Vec<OrderStatus>,
    /// Any of these fulfillment statuses.
    pub fulfillment_status: Vec<FulfillmentStatus>,
    /// Any of these payment statuses.
    pub payment_status: Vec<PaymentStatus>,
    /// Display id (the server's validator takes it as a string).
    pub display_id: Option<String>,
    /// Cart id.
    pub cart_id: Option<String>,
    /// Order e-mail.
    pub email: Option<String>,
    /// Region id.
    pub region_id: Option<String>,
    /// Currency code, e.g. `usd`.
    pub currency_code: Option<String>,
    /// Tax rate (the server's validator takes it as a string).
    pub tax_rate: Option<String>,
    /// Creation date range.
    pub created_at: Option<DateFilter>,
    /// Update date range.
    pub updated_at: Option<DateFilter>,
    /// Cancellation date range.
    pub canceled_at: Option<DateFilter>,
    /// Comma-separated fields to select; without `+`/`-` they replace the defaults.
    pub fields: Option<String>,
    /// Comma-separated relations to load.
    pub expand: Option<String>,
    /// Page size (server default 10).
    pub limit: Option<u32>,
    /// Orders to skip (server default 0).
    pub offset: Option<u32>,
}

impl ListOrders {
    /// The query string as sent (without `?`), `None` when nothing is set: arrays in indexed
    /// form, date ranges in bracket form, percent-encoded, as the server's `qs` parser reads them.
    ///
    /// ```
    /// use medusa_blocking::customers::ListOrders;
    /// assert_eq!(ListOrders::default().query_string(), None);
    /// let q = ListOrders { limit: Some(1), offset: Some(0), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("limit=1&offset=0"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .opt("id", self.id.as_deref())
            .list(
                "status",
                &self.status.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            )
            .list(
                "fulfillment_status",
                &self
                    .fulfillment_status
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )
            .list(
                "payment_status",
                &self
                    .payment_status
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )
            .opt("display_id", self.display_id.as_deref())
            .opt("cart_id", self.cart_id.as_deref())
            .opt("email", self.email.as_deref())
            .opt("region_id", self.region_id.as_deref())
            .opt("currency_code", self.currency_code.as_deref())
            .opt("tax_rate", self.tax_rate.as_deref());
        for (key, filter) in [
            ("created_at", &self.created_at),
            ("updated_at", &self.updated_at),
            ("canceled_at", &self.canceled_at),
        ] {
            if let Some(f) = filter {
                q.nested(
                    key,
                    &[
                        ("lt", f.lt.as_deref()),
                        ("gt", f.gt.as_deref()),
                        ("lte", f.lte.as_deref()),
                        ("gte", f.gte.as_deref()),
                    ],
                );
            }
        }
        q.opt("fields", self.fields.as_deref())
            .opt("expand", self.expand.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

/// One page of orders: `{orders, count, offset, limit}`.
///
/// ```
/// use medusa_blocking::customers::OrderPage;
/// let page: OrderPage = serde_json::from_str(
///     r#"{"orders":[{"id":"order_01","status":"pending"}],"count":1,"offset":0,"limit":10}"#,
/// ).unwrap();
/// assert_eq!(page.orders[0].id, "order_01");
/// assert_eq!((page.count, page.offset, page.limit), (1, 0, 10));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OrderPage {
    /// The orders of this page, newest first (partial objects).
    #[serde(deserialize_with = "orders_of_page")]
    pub orders: Vec<Order>,
    /// How many orders match in all.
    pub count: u64,
    /// The offset of this page.
    pub offset: u64,
    /// The page size.
    pub limit: u64,
}

/// `OrderPage::orders`, as serde's `Vec<Order>` but with room for a page of 10 (Medusa's default
/// page size) at the first order: an `Order` is about 5 KB, and growing 4 → 8 → 16 would copy 12.
fn orders_of_page<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Vec<Order>, D::Error> {
    struct Orders;

    impl<'de> serde::de::Visitor<'de> for Orders {
        type Value = Vec<Order>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<Order>, A::Error> {
            let mut orders = Vec::new();
            while let Some(order) = seq.next_element()? {
                if orders.capacity() == 0 {
                    orders.reserve_exact(seq.size_hint().unwrap_or(0).max(9) + 1);
                }
                orders.push(order);
            }
            Ok(orders)
        }
    }

    deserializer.deserialize_seq(Orders)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_qs_reads_it() {
        let q = ListOrders {
            q: Some("jane doe".into()),
            id: Some("order_1".into()),
            status: vec![OrderStatus::Pending, OrderStatus::Unknown("weird".into())],
            fulfillment_status: vec![FulfillmentStatus::NotFulfilled],
            payment_status: vec![PaymentStatus::Awaiting, PaymentStatus::Captured],
            display_id: Some("7".into()),
            cart_id: Some("cart_1".into()),
            email: Some("a+b@c.d".into()),
            region_id: Some("reg_1".into()),
            currency_code: Some("usd".into()),
            tax_rate: Some("0.2".into()),
            created_at: Some(DateFilter {
                lt: Some("2025-01-01".into()),
                gt: Some("2024-01-01".into()),
                lte: None,
                gte: None,
            }),
            updated_at: Some(DateFilter {
                lte: Some("1700000000".into()),
                ..Default::default()
            }),
            canceled_at: Some(DateFilter {
                gte: Some("2024-06-01T00:00:00Z".into()),
                ..Default::default()
            }),
            fields: Some("id,total".into()),
            expand: Some("items".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=jane+doe&id=order_1&status%5B0%5D=pending&status%5B1%5D=weird\
             &fulfillment_status%5B0%5D=not_fulfilled\
             &payment_status%5B0%5D=awaiting&payment_status%5B1%5D=captured\
             &display_id=7&cart_id=cart_1&email=a%2Bb%40c.d&region_id=reg_1&currency_code=usd\
             &tax_rate=0.2&created_at%5Blt%5D=2025-01-01&created_at%5Bgt%5D=2024-01-01\
             &updated_at%5Blte%5D=1700000000&canceled_at%5Bgte%5D=2024-06-01T00%3A00%3A00Z\
             &fields=id%2Ctotal&expand=items&limit=5&offset=10"
        );
    }

    #[test]
    fn unset_fields_are_not_sent() {
        let create = CreateCustomer {
            email: "a@b.c".into(),
            password: "pw".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&create).unwrap(),
            r#"{"email":"a@b.c","password":"pw"}"#
        );
        assert_eq!(
            serde_json::to_string(&UpdateCustomer::default()).unwrap(),
            "{}"
        );
        let u = UpdateCustomer {
            billing_address: Some(BillingAddress::Unset),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"billing_address":null}"#
        );
    }

    #[test]
    fn debug_hides_passwords_and_tokens() {
        let u = UpdateCustomer {
            password: Some("hunter2".into()),
            ..Default::default()
        };
        assert!(!format!("{u:?}").contains("hunter2"));
        let c = CreateCustomer {
            password: "hunter2".into(),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("hunter2"));
        let r = ResetPassword {
            email: "e".into(),
            token: "tok123".into(),
            password: "hunter2".into(),
        };
        let s = format!("{r:?}");
        assert!(!s.contains("hunter2") && !s.contains("tok123"));
    }
}
