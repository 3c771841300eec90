//! Customer calls: register, profile, password reset, and the customer's orders
//! ([`ListOrders`], [`OrderPage`]), addresses ([`Addresses`]) and payment methods
//! ([`PaymentMethods`]), which hang off the same handle.
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

use serde::{Serialize, Serializer};

use crate::core::error::Result;
use crate::core::headers::bearer_header;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::request::{Handle, require, settle};
use crate::core::transport::CallAuth;
use crate::v1::auth::Auth;
use crate::v1::models::{Customer, Order};

pub use crate::v1::addresses::{AddressCreate, AddressUpdate, Addresses};
pub use crate::v1::orders::{DateFilter, ListOrders, OrderIter, OrderPage};
pub use crate::v1::payment_methods::PaymentMethods;

/// A check's log-in: success means the call had taken effect; a 401, that it had not.
fn logged_in_as(login: Result<Customer>) -> Result<Option<Customer>> {
    match login {
        Ok(customer) => Ok(Some(customer)),
        Err(e) if e.status() == Some(401) => Ok(None),
        Err(e) => Err(e),
    }
}

/// JSON object, as used by `metadata`.
pub use crate::v1::models::Metadata;

/// The customer calls, from [`Medusa::customers`](crate::Medusa::customers). A cheap handle;
/// headers set with [`Customers::header`] apply to its calls (and its `addresses()` and
/// `payment_methods()`) only and override the client's.
///
/// ```no_run
/// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
/// let me = medusa.customers().header("x-request-id", "abc").retrieve()?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Customers {
    pub(super) h: Handle,
}

impl Customers {
    pub(super) fn new(h: Handle) -> Customers {
        Customers { h }
    }

    /// Adds a header to this handle's calls (medusa-js's per-call `customHeaders`). It overrides a
    /// client header of the same name.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().header("x-tenant", "eu").retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn header(self, name: &str, value: &str) -> Self {
        Customers::new(self.h.with_header(name, value))
    }

    /// Registers a customer (`POST /store/customers`). The server logs the new customer in: the
    /// session cookie it sets is kept, so [`retrieve`](Self::retrieve) works next with no other
    /// step. An e-mail that already has an account is an [`Error::Api`](crate::Error::Api) with status 422 and kind
    /// `duplicate_error`. An empty e-mail or password is refused before sending (the server would
    /// create a guest that cannot log in).
    ///
    /// Retries: Medusa 1.x reads no `Idempotency-Key` here, so a retry after a lost response
    /// meets the customer the lost attempt registered (422 `duplicate_error`). The client then
    /// logs in with the same credentials: if that works, the call returns that customer, logged
    /// in, as if the first attempt had answered; if the server cannot be asked, the error is
    /// [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
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
        let sent = self
            .h
            .post("/store/customers", customer)
            .member_traced("customer");
        // A lost response then `duplicate_error` (or no answer at all): logging in with the same
        // credentials tells whether the lost attempt registered the customer.
        settle("create customer", sent, || {
            logged_in_as(
                Auth::new(self.h.clone()).authenticate(&customer.email, &customer.password),
            )
        })
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
        self.h.get("/store/customers/me").member("customer")
    }

    /// Updates the logged-in customer (`POST /store/customers/me`). Only the fields that are set
    /// are sent. `metadata` is merged into the stored object key by key; a key set to `""` is
    /// removed. See [`BillingAddress`] for the three ways to set the billing address.
    ///
    ///
    /// Retries are safe: the same update twice is one update.
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
        self.h
            .post("/store/customers/me", update)
            .member("customer")
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
        self.orders_page(params).map(OrderPage::from)
    }

    fn orders_page(&self, params: &ListOrders) -> Result<Page<Order>> {
        check_limit(params.limit)?;
        self.h
            .get("/store/customers/me/orders")
            .query(params.query_string())
            .page("orders")
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
        let customers = self.clone();
        let mut params = params.clone();
        let start = u64::from(params.offset.unwrap_or(0));
        PageIter::new(
            "iter_orders",
            start,
            u64::from(u32::MAX),
            |order: &Order| &order.id,
            move |offset| {
                params.offset = Some(u32::try_from(offset).unwrap_or(u32::MAX));
                customers.orders_page(&params)
            },
        )
    }

    /// Asks for a password-reset token for this e-mail (`POST /store/customers/password-token`).
    /// The server answers 204 whether or not the e-mail exists, and delivers the token only to a
    /// notification plugin (by e-mail); it is never returned here.
    ///
    ///
    /// Retries are safe: a retry after a lost response may send a second e-mail, each token
    /// valid on its own.
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
        self.h
            .post("/store/customers/password-token", &Body { email })
            .empty()
    }

    /// Sets a new password with the token from the reset e-mail
    /// (`POST /store/customers/password-reset`). It does not log in. The token is valid 15 minutes
    /// and only once. An unknown e-mail is a 401 `unauthorized` error; a bad, used or expired token
    /// for a known e-mail is, as Medusa 1.x answers it, a 500 `unknown_error`.
    ///
    ///
    /// Retries: a retry after a lost response fails (the token was signed with the old
    /// password); the client then asks for a token with the new password, and if that works the
    /// call returns the customer as if the first attempt had answered (read with that token for
    /// this one call: a client holding another customer's cookie session reads that one).
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
        let sent = self
            .h
            .post("/store/customers/password-reset", reset)
            .member_traced("customer");
        // A lost response then a failed retry (the token was signed with the old password hash):
        // a token for the new password tells whether the lost attempt set it. The check logs
        // nobody in; the customer is read with that token for this one call.
        settle("reset password", sent, || {
            let token = match Auth::new(self.h.clone()).token_for(&reset.email, &reset.password) {
                Ok(token) => token,
                Err(e) if e.status() == Some(401) => return Ok(None),
                Err(e) => return Err(e),
            };
            let bearer = bearer_header(&token)?;
            self.h
                .get("/store/customers/me")
                .auth(CallAuth::Bearer(&bearer))
                .member("customer")
                .map(Some)
        })
    }

    /// The logged-in customer's shipping addresses.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().delete_address("addr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn addresses(&self) -> Addresses {
        Addresses::new(self.h.clone())
    }

    /// The logged-in customer's saved payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn payment_methods(&self) -> PaymentMethods {
        PaymentMethods::new(self.h.clone())
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

impl CreateCustomer {
    /// A registration with the two required fields; the optional ones stay unset.
    ///
    /// ```
    /// use medusa_blocking::customers::CreateCustomer;
    /// let c = CreateCustomer { first_name: Some("Jane".into()), ..CreateCustomer::new("jane@example.com", "pw") };
    /// assert_eq!(c.email, "jane@example.com");
    /// ```
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> CreateCustomer {
        CreateCustomer {
            email: email.into(),
            password: password.into(),
            ..CreateCustomer::default()
        }
    }
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

impl ResetPassword {
    /// A reset with its three required fields.
    ///
    /// ```
    /// use medusa_blocking::customers::ResetPassword;
    /// let r = ResetPassword::new("jane@example.com", "eyJhbGciOi...", "new secret");
    /// assert_eq!(r.email, "jane@example.com");
    /// ```
    pub fn new(
        email: impl Into<String>,
        token: impl Into<String>,
        password: impl Into<String>,
    ) -> ResetPassword {
        ResetPassword {
            email: email.into(),
            token: token.into(),
            password: password.into(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
