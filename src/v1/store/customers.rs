//! Customer calls: register, profile, password reset, and the customer's orders
//! ([`ListOrders`], [`OrderPage`]), addresses ([`Addresses`]) and payment methods
//! ([`PaymentMethods`]), which hang off the same handle.
//!
//! Everything here is reached from [`Medusa::customers`](crate::v1::Medusa::customers). The request
//! types are plain structs with public fields and `Default`:
//!
//! ```no_run
//! use medusa_blocking::v1::Medusa;
//! use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders};
//! use medusa_blocking::v1::models::OrderStatus;
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

use serde::Serialize;

use std::cell::Cell;
use std::time::{Duration, Instant, SystemTime};

use crate::core::error::{ApiError, Error, Result};
use crate::core::headers::bearer_header;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::request::require;
use crate::v1::models::{Customer, Order, OrderPage};
use crate::v1::store::addresses::Addresses;
use crate::v1::store::auth::Auth;
use crate::v1::store::params::{
    BillingAddress, CreateCustomer, ListOrders, ResetPassword, UpdateCustomer,
};
use crate::v1::store::payment_methods::PaymentMethods;

/// The 422 Medusa 1.x answers a registration with an e-mail that has an account, made here when
/// a check finds the account was there before the call.
fn duplicate() -> Error {
    Error::Api {
        status: 422,
        error: ApiError {
            kind: "duplicate_error".into(),
            code: Some("invalid_request_error".into()),
            message: "A customer with the given email already has an account. Log in instead"
                .into(),
        },
        retry_after: None,
    }
}

/// How far the clock that stamps a record (the database's) may be behind the clock that dates
/// the server's answers, and the rounding of both.
const CLOCK_MARGIN: Duration = Duration::from_secs(2);

/// Whether a record stamped `created_at` (RFC 3339, the server's clock) was made after the first
/// attempt of a call was sent: that attempt went out at most `since_first` before the server
/// answered a check at `server_now` (the check's `Date` header), so on the server's own clock it
/// arrived after `server_now - since_first`; the client's clock plays no part (a client fast
/// or slow by hours decides the same). A record made up to [`CLOCK_MARGIN`] before the call
/// counts as made by it (the one race this cannot tell). `None`: no `Date` header or a
/// timestamp that cannot be read, so no way to tell.
pub(crate) fn created_during_call(
    created_at: &str,
    server_now: Option<SystemTime>,
    since_first: Duration,
) -> Option<bool> {
    let created = time::OffsetDateTime::parse(
        created_at.trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .ok()?;
    let bound = server_now?
        .checked_sub(since_first)?
        .checked_sub(CLOCK_MARGIN)?;
    Some(SystemTime::from(created) >= bound)
}

resource_handle! {
    /// The customer calls, from [`Medusa::customers`](crate::v1::Medusa::customers). A cheap
    /// handle; headers set with [`Customers::header`] apply to its calls (and its
    /// `addresses()` and `payment_methods()`) only and override the client's.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().header("x-request-id", "abc").retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Customers,
    header example: "let medusa = medusa_blocking::v1::Medusa::new(\"http://localhost:9000\")?;
let me = medusa.customers().header(\"x-tenant\", \"eu\").retrieve()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Customers {
    /// Registers a customer (`POST /store/customers`). The server logs the new customer in: the
    /// session cookie it sets is kept, so [`retrieve`](Self::retrieve) works next with no other
    /// step. An e-mail that already has an account is an [`Error::Api`] with status 422 and kind
    /// `duplicate_error`. An empty e-mail or password is refused before sending (the server would
    /// create a guest that cannot log in).
    ///
    /// Retries: Medusa 1.x reads no `Idempotency-Key` here, so a retry after a lost response
    /// meets the customer the lost attempt registered (422 `duplicate_error`), or fails
    /// otherwise. The client then logs in on the side with the same credentials (as nobody,
    /// storing no cookie) and compares the customer's `created_at` with the time the first
    /// attempt was sent, on the server's clock (its `Date` header, less the time the call has
    /// taken, less 2 s for the database's clock and rounding; the client's clock plays no
    /// part). Made since: the call registered it, and returns it logged in, as if the first
    /// attempt had answered. Made before: an account that was already there (same e-mail and
    /// password), reported as the 422 `duplicate_error` it is, the session untouched. No such
    /// log-in (401): the call's own error. No way to ask, or no `Date`:
    /// [`Error::OutcomeUnknown`]. What this cannot tell: an
    /// account made by someone else with the same e-mail and password during the call (or up to
    /// 2 s before it) counts as this call's. It costs nothing unless a response was lost; then
    /// two log-ins.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::CreateCustomer;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
        // A lost response then `duplicate_error` (or no answer at all): a log-in on the side
        // with the same credentials finds the account, and its `created_at` against the first
        // attempt tells whether this call made it.
        let first_attempt = Instant::now();
        let existed = Cell::new(false);
        let sent = self
            .h
            .post("/store/customers", customer)
            .named("create customer")
            .sent_member("customer");
        sent.settle("create customer", || {
            let auth = Auth::new(self.h.clone());
            let (found, server_now) = match auth.customer_for(&customer.email, &customer.password) {
                Ok(found) => found,
                Err(e) if e.status() == Some(401) => return Ok(None),
                Err(e) => return Err(e),
            };
            match created_during_call(&found.created_at, server_now, first_attempt.elapsed()) {
                // This call made it: logged in, as the first attempt would have left it.
                Some(true) => auth
                    .authenticate(&customer.email, &customer.password)
                    .map(Some),
                Some(false) => {
                    existed.set(true);
                    Ok(None)
                }
                None => Err(Error::InvalidInput(
                    "the server sent no Date or an unreadable created_at: no way to tell whether \
                     the account was made by this call"
                        .into(),
                )),
            }
        })
        .map_err(|e| if existed.get() { duplicate() } else { e })
    }

    /// The logged-in customer (`GET /store/customers/me`), with shipping addresses and billing
    /// address. Not logged in: an error with status 401.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
    /// use medusa_blocking::v1::store::params::{BillingAddress, UpdateCustomer};
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
            .idempotent()
            .named("update customer")
            .member("customer")
    }

    /// One page of the logged-in customer's orders (`GET /store/customers/me/orders`), newest
    /// first. The server's default page size is 10. Orders in a list are partial objects.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::ListOrders;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
            .query_string(params.query_string())
            .page("orders")
    }

    /// Every order of the logged-in customer, fetched a page at a time as the iterator is
    /// consumed (the page size is `params.limit`, default 10; `params.offset` is where it starts).
    /// It yields the first error and then ends; it ends on an empty page, when
    /// `offset + received >= count`, or when the server sends the same page again (a server that
    /// ignores `offset`). Memory stays one page.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::store::params::ListOrders;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// for order in medusa.customers().iter_orders(&ListOrders::default()) {
    ///     let order = order?;
    ///     println!("{}", order.id);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter_orders(&self, params: &ListOrders) -> PageIter<Order> {
        let customers = self.clone();
        PageIter::walk(
            "iter_orders",
            |order: &Order| &order.id,
            params,
            move |p| customers.orders_page(p),
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
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
            .idempotent()
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
    /// this one call). The check is made on the side: as nobody, storing no cookie of its
    /// answers (Medusa 1.x answers a call without a session cookie with a fresh anonymous one),
    /// so the client's session, cookies and token, is what it was: a client logged in stays
    /// logged in. The check costs two calls, only after a lost response.
    /// ```no_run
    /// use medusa_blocking::v1::store::params::ResetPassword;
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
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
        // A lost response then a failed retry (the token was signed with the old password hash):
        // a token for the new password tells whether the lost attempt set it. The check logs
        // nobody in; the customer is read with that token for this one call.
        let sent = self
            .h
            .post("/store/customers/password-reset", reset)
            .named("reset password")
            .sent_member("customer");
        sent.settle("reset password", || {
            let token =
                match Auth::new(self.h.clone()).token_on_the_side(&reset.email, &reset.password) {
                    Ok(token) => token,
                    Err(e) if e.status() == Some(401) => return Ok(None),
                    Err(e) => return Err(e),
                };
            self.h
                .get("/store/customers/me")
                .bearer(bearer_header(&token)?)
                .side()
                .member("customer")
                .map(Some)
        })
    }

    /// The logged-in customer's shipping addresses.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let me = medusa.customers().addresses().delete_address("addr_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn addresses(&self) -> Addresses {
        Addresses::new(self.h.clone())
    }

    /// The logged-in customer's saved payment methods.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let methods = medusa.customers().payment_methods().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn payment_methods(&self) -> PaymentMethods {
        PaymentMethods::new(self.h.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_the_calls_if_made_after_its_first_attempt_on_the_servers_clock() {
        let server_now = time::OffsetDateTime::parse(
            "2026-11-26T17:44:00Z",
            &time::format_description::well_known::Rfc3339,
        )
        .map(SystemTime::from)
        .ok();
        let since = Duration::from_secs(10);
        // The call began at 17:43:50 on the server's clock, whatever the client's said.
        assert_eq!(
            created_during_call("2026-11-26T17:43:50.786Z", server_now, since),
            Some(true)
        );
        assert_eq!(
            created_during_call("2026-11-26T17:43:48.100Z", server_now, since),
            Some(true),
            "within the margin"
        );
        assert_eq!(
            created_during_call("2026-11-26T17:43:47.000Z", server_now, since),
            Some(false)
        );
        assert_eq!(
            created_during_call("2025-01-01T00:00:00Z", server_now, since),
            Some(false)
        );
        assert_eq!(created_during_call("yesterday", server_now, since), None);
        assert_eq!(
            created_during_call("2026-11-26T17:43:50Z", None, since),
            None
        );
    }
}
