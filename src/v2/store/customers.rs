//! Customer calls of Medusa v2: register (one call for v2's three steps), profile, orders,
//! password reset, and the customer's addresses, with the names of the v1 wing.
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::{CreateCustomer, ListOrders};
//!
//! let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
//! let customer = medusa.customers().create(&CreateCustomer {
//!     first_name: Some("Jane".into()),
//!     ..CreateCustomer::new("jane@example.com", "supersecret")
//! })?; // registered, created and logged in
//! let page = medusa.customers().list_orders(&ListOrders { limit: Some(5), ..Default::default() })?;
//! println!("{} has {} orders", customer.email, page.count);
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use serde::Serialize;

use crate::core::error::{ApiError, Error, Result};
use crate::core::headers::bearer_header;
use crate::core::page::PageIter;
use crate::core::request::require;
use crate::core::sent::Sent;
use crate::v2::auth::{Auth, LoginOutcome, RegistrationToken};
use crate::v2::models::{Customer, Order, OrderPage};
use crate::v2::store::addresses::Addresses;
use crate::v2::store::fields_query;
use crate::v2::store::orders::Orders;
use crate::v2::store::params::{
    CALL_ID_KEY, CreateCustomer, CustomerBody, ListOrders, ResetPassword, UpdateCustomer,
};

resource_handle! {
    /// The customer calls, from [`Medusa::customers`](crate::v2::Medusa::customers). A cheap
    /// handle; headers set with [`Customers::header`] and a selection set with
    /// [`Customers::fields`] apply to its calls only.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().fields("+metadata").retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Customers { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let me = medusa.customers().header(\"x-request-id\", \"42\").retrieve()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Customers {
    /// Selects the fields of the customer this handle's calls return: `+metadata` adds one,
    /// `*addresses` a relation with all its fields, `-phone` removes one, and a plain list
    /// (`id,email`) replaces the defaults. Unknown fields are dropped by the server.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().fields("id,email").retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Customers {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// Registers a customer and logs in, in one call, as v1's `create` does. v2 takes three
    /// steps, all made here: the auth identity (`POST /auth/customer/emailpass/register`), the
    /// customer with the registration token (`POST /store/customers`), and a log-in
    /// (`POST /auth/customer/emailpass`), whose token the client keeps.
    ///
    /// Safe to call again after a failure part-way: an identity that exists with the same
    /// password and no customer is reused. An e-mail that already has a customer is an
    /// [`Error::Api`] with status 422 and type `duplicate_error`, as in v1; an identity with
    /// another password is the server's 401 "Identity with email already exists".
    ///
    /// On a server that asks for a step at log-in (an e-mail verification, a second factor),
    /// the customer is created and the log-in that ends the call is
    /// [`Error::LoginIncomplete`] naming the step (see
    /// [`Auth::login_outcome`]); calling again gives that error again (the identity exists,
    /// and its log-in token cannot tell whether it has a customer), never a second customer.
    ///
    /// Retries: logging in is safe to repeat; registering the identity is checked (a retry after
    /// a lost response meets the identity the lost attempt made, and the same password then
    /// answers); creating the customer is not safe to repeat (a retry meets the customer the
    /// lost attempt created). With `max_retries > 0` the customer is therefore sent with a
    /// random id of this call under [`CALL_ID_KEY`] in its `metadata` (about 60 bytes, kept;
    /// no extra request). After a lost response and a failed retry the client logs in without
    /// keeping the token and reads the identity's customer with it: marked with this call's id,
    /// this call made it, and the call returns it (logged in) as if the first attempt had
    /// answered; another customer (one another process made with the same e-mail and password)
    /// is the 422 `duplicate_error` it is; no customer, the retry's error stands; no way to ask,
    /// [`Error::OutcomeUnknown`]. Once the customer exists, the call succeeds: a log-in after
    /// it that gets no answer (a reset, a timeout, a 5xx, all retries spent) leaves the client
    /// logged out and is logged as a warning; the customer is returned (log in with
    /// [`Auth::login`]).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::CreateCustomer;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let customer = medusa.customers().create(&CreateCustomer::new("jane@example.com", "supersecret"))?;
    /// let me = medusa.customers().retrieve()?; // logged in
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, customer: &CreateCustomer) -> Result<Customer> {
        require("email", &customer.email)?;
        require("password", &customer.password)?;
        let auth = Auth::new(self.h.clone());
        let registration = match auth.register(&customer.email, &customer.password) {
            Ok(token) => token,
            Err(register_error) if identity_exists(&register_error) => {
                // The identity exists: with this password and no customer yet (a create that
                // failed part-way), its log-in token registers the customer; with a customer,
                // it is a duplicate; with another password, the server's 401 stands.
                // A step first (verification, second factor): its token has no actor whether
                // or not the identity has a customer, so nothing tells: the step stands.
                let Ok(outcome) = auth.login_outcome_unkept(&customer.email, &customer.password)
                else {
                    return Err(register_error);
                };
                match outcome {
                    LoginOutcome::Unregistered { token } => {
                        RegistrationToken::from(token.into_secret())
                    }
                    LoginOutcome::LoggedIn(_) => return Err(duplicate()),
                    other => return Err(other.into_token().err().unwrap_or_else(duplicate)),
                }
            }
            Err(e) => return Err(e),
        };
        // A lost response then a 422 duplicate (or no answer at all): the identity's log-in token
        // names its customer, and this call's id in its metadata says whether this call made it.
        let call_id = self.h.retries().then(crate::core::rand::uuid_v4);
        let mut body = CustomerBody::from(customer);
        if let Some(id) = &call_id {
            body = body.marked(id);
        }
        let existed = std::cell::Cell::new(false);
        let created = self
            .post_body(&registration, customer, &body)?
            .settle("create customer", || {
                let token = match auth.login_token_on_the_side(&customer.email, &customer.password)
                {
                    Ok(token) => token,
                    Err(e) if e.status() == Some(401) => return Ok(None),
                    Err(e) => return Err(e),
                };
                if token.actor_id().is_none_or(|id| id.is_empty()) {
                    return Ok(None);
                }
                let read = |fields: &Option<String>| {
                    self.h
                        .get("/store/customers/me")
                        .query_string(fields_query(fields))
                        .bearer(bearer_header(token.secret())?)
                        .side()
                        .member::<Customer>("customer")
                };
                let found = read(&Some("+metadata".into()))?;
                let marked = found
                    .metadata
                    .as_ref()
                    .and_then(|m| m.get(CALL_ID_KEY))
                    .and_then(|v| v.as_str());
                if call_id.is_none() || marked != call_id.as_deref() {
                    existed.set(true);
                    return Ok(None);
                }
                match &self.fields {
                    None => Ok(Some(found)),
                    Some(_) => read(&self.fields).map(Some),
                }
            })
            .map_err(|e| if existed.get() { duplicate() } else { e })?;
        // The customer exists now: a log-in that fails for want of an answer does not turn
        // that into a failure (the client is then not logged in, and says so in the log); a
        // step the server asks for first (a verification) is the caller's to take.
        match auth.login(&customer.email, &customer.password) {
            Err(e @ Error::LoginIncomplete { .. }) => Err(e),
            Err(e) => {
                log::warn!(
                    "create customer: the customer was created, but the log-in after it failed \
                     ({e}); the client is not logged in"
                );
                Ok(created)
            }
            Ok(_) => Ok(created),
        }
    }

    /// Only the second step of [`create`](Self::create): creates the customer of a registered
    /// identity (`POST /store/customers` with `Authorization: Bearer <registration token>`). It
    /// does not log in, and the token is used for this call only. The password in `customer` is
    /// not sent (v2 keeps it with the identity).
    ///
    /// Retries: not safe and not checked (the client has no password to check with): when an
    /// attempt got no response and the last one failed, the error is
    /// [`Error::OutcomeUnknown`]; [`create`](Self::create) checks.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::CreateCustomer;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let registration = medusa.auth().register("jane@example.com", "supersecret")?;
    /// let customer = medusa
    ///     .customers()
    ///     .create_with_token(&registration, &CreateCustomer::new("jane@example.com", ""))?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create_with_token(
        &self,
        registration: &RegistrationToken,
        customer: &CreateCustomer,
    ) -> Result<Customer> {
        self.post_customer(registration, customer)?.into_result()
    }

    /// `POST /store/customers` with the registration token; the outcome and whether a response
    /// was lost on the way (see `create`).
    fn post_customer(
        &self,
        registration: &RegistrationToken,
        customer: &CreateCustomer,
    ) -> Result<Sent<Customer>> {
        self.post_body(registration, customer, &CustomerBody::from(customer))
    }

    fn post_body(
        &self,
        registration: &RegistrationToken,
        customer: &CreateCustomer,
        body: &CustomerBody<'_>,
    ) -> Result<Sent<Customer>> {
        require("email", &customer.email)?;
        require("registration token", registration.secret())?;
        Ok(self
            .h
            .post("/store/customers", body)
            .named("create customer")
            .query_string(fields_query(&self.fields))
            .bearer(bearer_header(registration.secret())?)
            .sent_member("customer"))
    }

    /// The logged-in customer (`GET /store/customers/me`) with its addresses. Not logged in:
    /// a 401.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self) -> Result<Customer> {
        self.h
            .get("/store/customers/me")
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Updates the logged-in customer (`POST /store/customers/me`); only the fields set are
    /// sent, and `metadata` is merged key by key. v2 changes neither e-mail nor password here
    /// (the password through [`reset_password`](Self::reset_password)).
    /// Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::UpdateCustomer;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().update(&UpdateCustomer {
    ///     company_name: Some("Acme".into()),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, update: &UpdateCustomer) -> Result<Customer> {
        self.h
            .post("/store/customers/me", update)
            .idempotent()
            .named("update customer")
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// One page of the logged-in customer's orders (`GET /store/orders`), as
    /// [`Orders::list`].
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListOrders;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.customers().list_orders(&ListOrders {
    ///     order: Some("-created_at".into()),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list_orders(&self, params: &ListOrders) -> Result<OrderPage> {
        self.orders().list(params)
    }

    /// Every order of the logged-in customer, lazily, as [`Orders::iter`].
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListOrders;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for order in medusa.customers().iter_orders(&ListOrders::default()) {
    ///     println!("{:?}", order?.total);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter_orders(&self, params: &ListOrders) -> PageIter<Order> {
        self.orders().iter(params)
    }

    /// One of the customer's orders by id, as [`Orders::retrieve`].
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.customers().retrieve_order("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve_order(&self, id: &str) -> Result<Order> {
        self.orders().retrieve(id)
    }

    fn orders(&self) -> Orders {
        Orders::new(self.h.clone())
    }

    /// Asks for a password-reset token for this e-mail
    /// (`POST /auth/customer/emailpass/reset-password`). The server answers `201 Created`
    /// whether or not the e-mail exists and sends the token only to its notification module
    /// (event `auth.password_reset`); it is never returned here.
    /// Retries are safe: a retry may send a second token, each valid on its own.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.customers().generate_password_token("jane@example.com")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn generate_password_token(&self, email: &str) -> Result<()> {
        require("email", email)?;
        #[derive(Serialize)]
        struct Body<'a> {
            identifier: &'a str,
        }
        self.h
            .post(
                "/auth/customer/emailpass/reset-password",
                &Body { identifier: email },
            )
            .idempotent()
            .empty()
    }

    /// Sets a new password with the reset token (`POST /auth/customer/emailpass/update`, the
    /// token as `Authorization: Bearer`, for this call only). The token is valid 15 minutes and
    /// only once: a used, wrong or expired one is a 401 `unauthorized` "Invalid token". It does
    /// not log in, and tokens issued before stay valid. (`email` is not sent: v2's token names
    /// the identity.)
    ///
    /// Retries: the token is single-use, so a retry after a lost response gets 401; the client
    /// then logs in with the new password (keeping no token), and if that works the call
    /// succeeds as if the first attempt had answered. That check needs `email`.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ResetPassword;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.customers().reset_password(&ResetPassword::new("jane@example.com", "eyJhbGciOi...", "new secret"))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn reset_password(&self, reset: &ResetPassword) -> Result<()> {
        require("token", &reset.token)?;
        require("password", &reset.password)?;
        #[derive(Serialize)]
        struct Body<'a> {
            password: &'a str,
        }
        // A lost response then 401 "Invalid token" (the token is single-use): a log-in with the
        // new password tells whether the lost attempt set it. The check keeps no token.
        let sent = self
            .h
            .post(
                "/auth/customer/emailpass/update",
                &Body {
                    password: &reset.password,
                },
            )
            .bearer(bearer_header(&reset.token)?)
            .sent();
        sent.and_then(|_| Ok(())).settle("reset password", || {
            if reset.email.trim().is_empty() {
                return Err(Error::InvalidInput(
                    "no e-mail in ResetPassword to check the new password with".into(),
                ));
            }
            match Auth::new(self.h.clone()).login_token_on_the_side(&reset.email, &reset.password) {
                Ok(_) => Ok(Some(())),
                Err(e) if e.status() == Some(401) => Ok(None),
                Err(e) => Err(e),
            }
        })
    }

    /// The logged-in customer's addresses.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListAddresses;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.customers().addresses().list(&ListAddresses::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn addresses(&self) -> Addresses {
        Addresses::new(self.h.clone()).selecting(self.fields.clone())
    }
}

/// Whether registering met an identity that exists: the server's 401, or that 401 after a lost
/// response (whose attempt may have made the identity: the log-in that follows tells).
fn identity_exists(e: &Error) -> bool {
    match e {
        Error::OutcomeUnknown { error, .. } => error.status() == Some(401),
        other => other.status() == Some(401),
    }
}

/// The 422 a v2 server gives for a second customer with an e-mail, made here when the identity
/// already has a customer (the server itself answers that case with a 400 "Request already
/// authenticated as a customer", or a 401 at registration).
fn duplicate() -> Error {
    Error::Api {
        status: 422,
        error: ApiError {
            kind: "duplicate_error".into(),
            code: Some("invalid_request_error".into()),
            message: "Customer with this email already has an account".into(),
        },
        retry_after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_duplicate_reads_like_the_servers() {
        let e = duplicate();
        assert_eq!(e.status(), Some(422));
        assert_eq!(
            e.api_error().map(|a| a.error_type()),
            Some(crate::ErrorType::DuplicateError)
        );
    }
}
