//! `/admin/customers` of Medusa v1: a page of customers with every filter the server takes, a
//! lazy iterator over all of them, one by id, the customers of an e-mail (v1 has no e-mail
//! filter), create (v1 requires a password: `None` makes a customer without an account),
//! update, and the customer's groups.
//!
//! Medusa 1.x has **no customer delete** on the Admin API (`DELETE /admin/customers/{id}` is
//! not a route), and no admin address routes: neither is offered here.
//!
//! ```no_run
//! use medusa_blocking::v1::admin::Admin;
//! use medusa_blocking::v1::admin::params::{CreateCustomer, ListCustomers, UpdateCustomer};
//!
//! let admin = Admin::builder("http://localhost:9000").api_token("…").build()?;
//! let jane = admin.customers().create(&CreateCustomer::new("Jane@Example.com", "Jane", "Doe"))?;
//! assert_eq!(jane.email, "jane@example.com"); // v1 lower-cases on create
//! let page = admin.customers().list(&ListCustomers { q: Some("jane".into()), ..Default::default() })?;
//! let jane = admin.customers().update(&jane.id, &UpdateCustomer {
//!     phone: Some("+15550001111".into()),
//!     ..Default::default()
//! })?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use std::cell::Cell;

use crate::core::error::{ApiError, Error, Result};
use crate::core::page::{self, Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::require;
use crate::v1::admin::customer_groups::CustomerGroups;
use crate::v1::admin::params::{CreateCustomer, ListCustomers, UpdateCustomer, marked_with};
use crate::v1::models::{Customer, CustomerPage};

/// The 422 Medusa 1.x answers a create whose customer exists (a record without an account, or
/// an account), made here when a check finds it was there before the call.
fn duplicate(account: bool) -> Error {
    let message = if account {
        "A customer with the given email already has an account. Log in instead"
    } else {
        "Guest customer with email already exists"
    };
    Error::Api {
        status: 422,
        error: ApiError {
            kind: "duplicate_error".into(),
            code: Some("invalid_request_error".into()),
            message: message.into(),
        },
        retry_after: None,
    }
}

/// Page size of the look-ups by e-mail.
const LOOK_UP_PAGE: u32 = 100;

/// What the look-up after a lost create found.
enum Found {
    /// The customer this call made.
    Made(Box<Customer>),
    /// A customer with the e-mail that was there before the call.
    Before,
    /// None.
    Nothing,
}

resource_handle! {
    /// The customer calls of the Admin API, from
    /// [`Admin::customers`](crate::v1::admin::Admin::customers). A cheap handle; headers set
    /// with [`Customers::header`] and relations set with [`Customers::expand`] apply to its
    /// calls only.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().expand("groups").retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Customers { expand: Option<String> },
    header example: "# let admin = medusa_blocking::v1::admin::Admin::builder(\"http://localhost:9000\").api_token(\"t\").build()?;
let jane = admin.customers().header(\"x-request-id\", \"42\").retrieve(\"cus_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Customers {
    /// The relations the customers of this handle's calls come with (`?expand=`, comma
    /// separated): `groups`, `orders`, `shipping_addresses`, `billing_address`. They **replace**
    /// the defaults (`orders` and `shipping_addresses` on retrieve and update; none on a list,
    /// where [`ListCustomers::expand`] wins when it is set).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().expand("groups").retrieve("cus_01...")?;
    /// for group in jane.groups.unwrap_or_default() {
    ///     println!("{}", group.name);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn expand(self, relations: &str) -> Self {
        Customers {
            expand: Some(relations.to_string()),
            ..self
        }
    }

    fn expand_query(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("expand", self.expand.as_deref());
        q.finish()
    }

    /// One page of customers (`GET /admin/customers`), filtered as `params` says (server
    /// default: 50 a page, no promised order). Never sends the `groups` form that crashes a
    /// Medusa 1.20 server (see [`ListCustomers`]). A `limit` of 0 is refused before sending.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomers;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let page = admin.customers().list(&ListCustomers {
    ///     has_account: Some(true),
    ///     order: Some("-created_at".into()),
    ///     limit: Some(20),
    ///     ..Default::default()
    /// })?;
    /// println!("{} of {} registered customers", page.customers.len(), page.count);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCustomers) -> Result<CustomerPage> {
        self.page(params).map(CustomerPage::from)
    }

    fn page(&self, params: &ListCustomers) -> Result<Page<Customer>> {
        check_limit(params.limit)?;
        let params = self.with_expand(params);
        self.h
            .get("/admin/customers")
            .query_string(params.query_string())
            .page("customers")
    }

    /// The parameters, with this handle's relations when they name none.
    fn with_expand(&self, params: &ListCustomers) -> ListCustomers {
        let mut params = params.clone();
        if params.expand.is_none() {
            params.expand.clone_from(&self.expand);
        }
        params
    }

    /// Every customer `params` selects, fetched a page at a time as the iterator is consumed
    /// (`GET /admin/customers`; page size `params.limit`, default 50; from `params.offset`).
    /// It yields the first error and then ends; it ends on an empty page, when
    /// `offset + received >= count`, or when the server sends the same page again. Memory stays
    /// one page. Pass an `order` (`created_at`, `id`) for a stable walk: without one the server
    /// promises none, and customers created while the walk goes on may shift the pages.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomers;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let all = ListCustomers { order: Some("created_at".into()), limit: Some(200), ..Default::default() };
    /// for customer in admin.customers().iter(&all) {
    ///     println!("{}", customer?.email);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCustomers) -> PageIter<Customer> {
        let customers = self.clone();
        PageIter::walk(
            "customers",
            |customer: &Customer| &customer.id,
            params,
            move |p| customers.page(p),
        )
    }

    /// One customer by id (`GET /admin/customers/{id}`), with its `orders` and
    /// `shipping_addresses`, or the relations of [`expand`](Self::expand). Unknown id: a 404
    /// `not_found`. The id is sent as one path segment (an empty one is refused before sending).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<Customer> {
        require("customer id", id)?;
        self.h
            .get(format!("/admin/customers/{}", segment(id)))
            .query_string(self.expand_query())
            .member("customer")
    }

    /// Creates a customer (`POST /admin/customers`; the server answers 201): without an account
    /// when `password` is `None`, a registered account otherwise (see [`CreateCustomer`]). The
    /// server stores the e-mail lower-cased. An e-mail that has such a customer already is a 422
    /// `duplicate_error`. An empty e-mail, or `Some("")` as password, is refused before sending.
    /// The server's answer includes `password_hash`, which is dropped.
    ///
    /// Retries: Medusa 1.x reads no `Idempotency-Key`, so a retry after a lost response meets
    /// the customer the lost attempt made (a 422 `duplicate_error`), or fails otherwise. With
    /// `max_retries > 0` the customer is sent with a random id of this call under
    /// [`CALL_ID_KEY`](crate::v1::admin::params::CALL_ID_KEY) in its `metadata` (kept with the
    /// record; no extra request). Only after a lost response and a failed retry does the client
    /// look the e-mail up (`GET /admin/customers?q=…&has_account=…`, made on the side: it changes
    /// nothing, not even the client's cookies): the customer marked with this call's id is
    /// returned as if the first attempt had answered; another one with the e-mail (in any letter
    /// case) and account status is someone else's: the 422 `duplicate_error` it is, also when an
    /// identical call made it meanwhile; none: the call's own error. No way to look:
    /// [`Error::OutcomeUnknown`]. It costs nothing unless a response was lost.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::CreateCustomer;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// // A record without an account, as an import makes:
    /// let jane = admin.customers().create(&CreateCustomer::new("jane@example.com", "Jane", "Doe"))?;
    /// assert!(!jane.has_account);
    /// // A registered account, which can log in to the store:
    /// let john = admin.customers().create(&CreateCustomer {
    ///     password: Some("supersecret".into()),
    ///     ..CreateCustomer::new("john@example.com", "John", "Doe")
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, customer: &CreateCustomer) -> Result<Customer> {
        require("email", &customer.email)?;
        if let Some(password) = &customer.password {
            require(
                "password (None makes a customer without an account)",
                password,
            )?;
        }
        let call_id = self.h.retries().then(crate::core::rand::uuid_v4);
        let marked;
        let body = match &call_id {
            Some(id) => {
                marked = customer.marked(id);
                &marked
            }
            None => customer,
        };
        let sent = self
            .h
            .post("/admin/customers", body)
            .named("create customer")
            .sent_member("customer");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        let existed = Cell::new(false);
        sent.settle("create customer", || {
            match self.look_up_created(customer, &call_id)? {
                Found::Made(made) => Ok(Some(*made)),
                Found::Before => {
                    existed.set(true);
                    Ok(None)
                }
                Found::Nothing => Ok(None),
            }
        })
        .map_err(|e| {
            if existed.get() {
                duplicate(customer.password.is_some())
            } else {
                e
            }
        })
    }

    /// After a lost create: the customers with the e-mail of `customer` and its account status,
    /// read on the side, and whether one of them carries this call's id (made by it) or not
    /// (someone else's: the duplicate).
    fn look_up_created(&self, customer: &CreateCustomer, call_id: &str) -> Result<Found> {
        let account = customer.password.is_some();
        let candidates = self.with_email(&customer.email, Some(account), true)?;
        let mut found = Found::Nothing;
        for candidate in candidates {
            if marked_with(candidate.metadata.as_ref(), call_id) {
                return Ok(Found::Made(Box::new(candidate)));
            }
            found = Found::Before;
        }
        Ok(found)
    }

    /// The customers whose e-mail is `email` in any letter case (with this account status, when
    /// given), newest first, read by `q` a page of 100 at a time (on the side: storing no
    /// cookie, when `side`).
    fn with_email(&self, email: &str, account: Option<bool>, side: bool) -> Result<Vec<Customer>> {
        let email = email.trim().to_lowercase();
        let mut params = ListCustomers {
            q: Some(email.clone()),
            has_account: account,
            order: Some("-created_at".into()),
            limit: Some(LOOK_UP_PAGE),
            offset: Some(0),
            ..Default::default()
        };
        let mut found = Vec::new();
        let mut previous_first: Option<String> = None;
        loop {
            let mut request = self
                .h
                .get("/admin/customers")
                .query_string(params.query_string());
            if side {
                request = request.side();
            }
            let reply = request.sent().into_result()?;
            let page: Page<Customer> = page::decode(reply.status, &reply.body, "customers")?;
            let first = page.items.first().map(|c| c.id.clone());
            // An empty page, or the same page again (a server that ignores `offset`): done.
            if first.is_none() || first == previous_first {
                break;
            }
            let more = page.has_more();
            let received = page.items.len() as u32;
            found.extend(
                page.items
                    .into_iter()
                    .filter(|c| c.email.to_lowercase() == email),
            );
            if !more {
                break;
            }
            previous_first = first;
            params.offset = Some(params.offset.unwrap_or(0).saturating_add(received));
        }
        Ok(found)
    }

    /// The customers with this e-mail, in any letter case (accounts and customers without one:
    /// v1 allows one of each per e-mail), newest first. Medusa 1.x has no e-mail filter: this
    /// asks `GET /admin/customers?q=<e-mail>&order=-created_at&limit=100` (a case-insensitive
    /// substring match, where `%` and `_` are wildcards), every page of it, and keeps the exact
    /// matches; one request per 100 customers whose e-mail, first or last name contains it
    /// (usually one). The way to find a customer by e-mail before creating it (an import keyed
    /// by e-mail, compared with `metadata`, which v1 cannot filter by). An empty e-mail is
    /// refused before sending.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let found = admin.customers().find_by_email("Jane@Example.com")?;
    /// let imported = found.iter().find(|c| {
    ///     c.metadata.as_ref().and_then(|m| m.get("import_ref")).and_then(|r| r.as_str()) == Some("row-1")
    /// });
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn find_by_email(&self, email: &str) -> Result<Vec<Customer>> {
        require("email", email)?;
        self.with_email(email, None, false)
    }

    /// Updates a customer (`POST /admin/customers/{id}`) and returns it with its `orders` and
    /// `shipping_addresses`, or the relations of [`expand`](Self::expand). Only the fields set
    /// are sent; `metadata` is merged key by key (`""` removes a key); `groups` replaces every
    /// membership (see [`UpdateCustomer`]). Unknown id: a 404 `not_found`.
    ///
    /// Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::UpdateCustomer;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let mut metadata = serde_json::Map::new();
    /// metadata.insert("tier".into(), "gold".into());
    /// let jane = admin.customers().update("cus_01...", &UpdateCustomer {
    ///     metadata: Some(metadata),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, id: &str, update: &UpdateCustomer) -> Result<Customer> {
        require("customer id", id)?;
        if let Some(groups) = &update.groups {
            for group in groups {
                require("group id", group)?;
            }
        }
        self.h
            .post(format!("/admin/customers/{}", segment(id)), update)
            .query_string(self.expand_query())
            .idempotent()
            .member("customer")
    }

    /// Adds the customer to these groups, keeping its other memberships, and returns it with its
    /// `groups`. Medusa 1.x can only replace a customer's groups from the customer's side, so
    /// this adds from each group's side instead: one
    /// `POST /admin/customer-groups/{group}/customers/batch` per group (no read-modify-write:
    /// concurrent changes to other memberships are never undone), then
    /// `GET /admin/customers/{id}?expand=groups`. A group it is in already is no change. The
    /// first error ends the call; an error after a step has changed something (a later group,
    /// or the final read) is [`Error::OutcomeUnknown`] with that error as its source: the
    /// groups before it were added, and calling again is safe (each step is idempotent). An
    /// error of the first step stands (unknown customer or group: a 404). An empty list or id
    /// is refused before sending.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().add_groups("cus_01...", &["cgrp_vip", "cgrp_newsletter"])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_groups<S: AsRef<str>>(&self, id: &str, group_ids: &[S]) -> Result<Customer> {
        self.change_groups(id, group_ids, true)
    }

    /// Removes the customer from these groups, keeping its other memberships, and returns it
    /// with its `groups`: one `DELETE /admin/customer-groups/{group}/customers/batch` per group,
    /// then `GET /admin/customers/{id}?expand=groups`, as [`add_groups`](Self::add_groups) does.
    /// A group it is not in is no change.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().remove_groups("cus_01...", &["cgrp_newsletter"])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_groups<S: AsRef<str>>(&self, id: &str, group_ids: &[S]) -> Result<Customer> {
        self.change_groups(id, group_ids, false)
    }

    fn change_groups<S: AsRef<str>>(
        &self,
        id: &str,
        group_ids: &[S],
        add: bool,
    ) -> Result<Customer> {
        require("customer id", id)?;
        if group_ids.is_empty() {
            return Err(Error::InvalidInput("no group ids".into()));
        }
        for group in group_ids {
            require("group id", group.as_ref())?;
        }
        let groups = CustomerGroups::new(self.h.clone());
        let operation = if add {
            "add customer groups"
        } else {
            "remove customer groups"
        };
        // Once a step has changed something, an error says nothing about the whole call: the
        // change stands, so the call's outcome is not "nothing happened".
        let partly = |error: Error| match error {
            Error::OutcomeUnknown { .. } => error,
            error => Error::OutcomeUnknown {
                operation,
                error: Box::new(error),
            },
        };
        for (i, group) in group_ids.iter().enumerate() {
            groups
                .batch(group.as_ref(), &[id], add)
                .map_err(|e| if i == 0 { e } else { partly(e) })?;
        }
        self.h
            .get(format!("/admin/customers/{}", segment(id)))
            .query("expand", "groups")
            .member("customer")
            .map_err(partly)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_the_servers_422() {
        for account in [true, false] {
            let e = duplicate(account);
            assert_eq!(e.status(), Some(422));
            assert_eq!(e.api_error().unwrap().kind, "duplicate_error");
        }
    }
}
