//! `/admin/customers` of Medusa v2: a page with every filter, all of them lazily, one by id,
//! create (no password), update (metadata merged, keys removed with `""`), delete, group
//! membership from the customer's side, and the customer's [`addresses`](Customers::addresses).
//!
//! ```no_run
//! use medusa_blocking::v2::admin::Admin;
//! use medusa_blocking::v2::admin::params::{CreateCustomer, ListCustomers, UpdateCustomer};
//!
//! let admin = Admin::builder("http://localhost:9000").secret_api_key("sk_...").build()?;
//! let jane = admin.customers().create(&CreateCustomer::with_email("jane@example.com"))?;
//! admin.customers().update(&jane.id, &UpdateCustomer { first_name: Some("Jane".into()), ..Default::default() })?;
//! let found = admin.customers().list(&ListCustomers { email: vec!["jane@example.com".into()], ..Default::default() })?;
//! assert_eq!(found.customers[0].id, jane.id);
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::core::error::{Error, Result};
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::admin::addresses::Addresses;
use crate::v2::admin::params::{
    CALL_ID_KEY, CreateCustomer, DateRange, ListCustomers, UpdateCustomer,
};
use crate::v2::models::{Customer, CustomerPage, Deleted};
use crate::v2::store::fields_query;

resource_handle! {
    /// The admin customer calls, from [`Admin::customers`](crate::v2::admin::Admin::customers).
    /// A cheap handle; headers set with [`Customers::header`] and a selection set with
    /// [`Customers::fields`] apply to its calls only.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().fields("+groups.id").retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Customers { fields: Option<String> },
    header example: "# let admin = medusa_blocking::v2::admin::Admin::new(\"http://localhost:9000\")?;
let jane = admin.customers().header(\"x-request-id\", \"42\").retrieve(\"cus_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Customers {
    /// Selects the fields of the customers this handle's calls return: `+groups.id` adds one,
    /// `*groups` / `*addresses` a relation with all its fields, a plain list (`id,email`)
    /// replaces the defaults. Unknown fields are dropped by the server. A list's own
    /// [`ListCustomers::fields`] wins over it.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().fields("id,email,*groups").retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Customers {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of customers (`GET /admin/customers`, the server's default page size is 50).
    /// Pass an [`order`](ListCustomers::order) for stable paging.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::{DateRange, ListCustomers};
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let page = admin.customers().list(&ListCustomers {
    ///     has_account: Some(false),
    ///     created_at: Some(DateRange::since("2026-12-01T00:00:00Z")),
    ///     order: Some("created_at".into()),
    ///     ..Default::default()
    /// })?;
    /// println!("{} of {}", page.customers.len(), page.count);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCustomers) -> Result<CustomerPage> {
        self.page(params).map(CustomerPage::from)
    }

    fn page(&self, params: &ListCustomers) -> Result<Page<Customer>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListCustomers {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/admin/customers")
            .query_string(query)
            .page("customers")
    }

    /// Every customer the filters match, a page at a time as the iterator is consumed (memory
    /// stays one page); see [`PageIter`] for when it stops. Without an
    /// [`order`](ListCustomers::order) the pages are asked for by `id`, so that paging is
    /// stable (the server promises no order otherwise).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomers;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let all = ListCustomers { limit: Some(200), ..Default::default() };
    /// for customer in admin.customers().iter(&all) {
    ///     println!("{}", customer?.email);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCustomers) -> PageIter<Customer> {
        let customers = self.clone();
        let mut params = params.clone();
        params.order.get_or_insert_with(|| "id".into());
        PageIter::walk(
            "customers",
            |c: &Customer| &c.id,
            &params,
            move |p| customers.page(p),
        )
    }

    /// One customer (`GET /admin/customers/{id}`); an unknown or deleted id is the server's 404
    /// `not_found`.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<Customer> {
        require("customer id", id)?;
        self.h
            .get(path(id))
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Creates a customer record (`POST /admin/customers`): no password, `has_account: false`.
    /// A record with the e-mail of another record without account is the server's 400
    /// `invalid_data` "… already exists." (a record next to a *registered* customer with the
    /// same e-mail, or in another letter case, is accepted: two customers).
    ///
    /// Retries: not idempotent on the server. With `max_retries > 0` the record is sent with a
    /// random id of this call under [`CALL_ID_KEY`] in its `metadata` (kept; no extra request).
    /// Only after a lost response does the client look: with an e-mail, a failed retry (the 400
    /// duplicate the lost attempt caused, or any error) makes it list the records without
    /// account of that e-mail (`GET /admin/customers?email[0]=…&has_account=false`): the one
    /// marked with this call's id is returned as if the first attempt had answered; none, the
    /// retry's error stands. Without an e-mail the server has no way to find the lost attempt's
    /// record when the retry failed: [`Error::OutcomeUnknown`]; when the retry succeeded, the
    /// client lists the records made in the call's time before the retry's (by `created_at`,
    /// newest first) and deletes the copies marked with this call's id, which no other call can
    /// have, so exactly one remains (a clean-up that fails is logged; the call still succeeds).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::CreateCustomer;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().create(&CreateCustomer {
    ///     first_name: Some("Jane".into()),
    ///     ..CreateCustomer::with_email("jane@example.com")
    /// })?;
    /// assert!(!jane.has_account);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, customer: &CreateCustomer) -> Result<Customer> {
        if let Some(email) = &customer.email {
            require("email", email)?;
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
            .query_string(fields_query(&self.fields))
            .sent_member::<Customer>("customer");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        let created = sent.settle("create customer", || match &customer.email {
            Some(email) => self.marked_by_email(email, &call_id),
            None => Err(Error::InvalidInput(
                "a record without e-mail cannot be looked up after a lost response".into(),
            )),
        })?;
        if customer.email.is_none() {
            // The retry made this one; the lost attempt may have made another.
            if let Err(e) = self.drop_older_copies(&created, &call_id) {
                log::warn!(
                    "create customer: a response was lost and the copies it may have made could \
                     not be looked for ({e}); an extra record may remain, marked with \
                     {CALL_ID_KEY}"
                );
            }
        }
        Ok(created)
    }

    /// The record without account of `email` that this call made (marked with `call_id`), read
    /// with the handle's selection; `None` when there is none.
    fn marked_by_email(&self, email: &str, call_id: &str) -> Result<Option<Customer>> {
        let found = self.page(&ListCustomers {
            email: vec![email.to_string()],
            has_account: Some(false),
            fields: Some("id,metadata".into()),
            ..Default::default()
        })?;
        let Some(mine) = found.items.iter().find(|c| marked_with(c, call_id)) else {
            return Ok(None);
        };
        self.retrieve(&mine.id).map(Some)
    }

    /// Deletes the records marked with `call_id` made before `kept` within the longest a call
    /// takes: the copies a lost attempt of this call made.
    fn drop_older_copies(&self, kept: &Customer, call_id: &str) -> Result<()> {
        let made = OffsetDateTime::parse(&kept.created_at, &Rfc3339)
            .map_err(|e| Error::InvalidInput(format!("created_at {:?}: {e}", kept.created_at)))?;
        let window =
            time::Duration::try_from(self.h.max_call_duration()).unwrap_or(time::Duration::MAX);
        let oldest = made
            .checked_sub(window)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let params = ListCustomers {
            created_at: Some(DateRange {
                lte: Some(kept.created_at.clone()),
                ..Default::default()
            }),
            fields: Some("id,metadata,created_at".into()),
            order: Some("-created_at".into()),
            ..Default::default()
        };
        let customers = self.clone();
        let walk = PageIter::walk(
            "customers",
            |c: &Customer| &c.id,
            &params,
            move |p| customers.page(p),
        );
        for customer in walk {
            let customer = customer?;
            let at = OffsetDateTime::parse(&customer.created_at, &Rfc3339).ok();
            if at.is_some_and(|at| at < oldest) {
                break;
            }
            if customer.id != kept.id && marked_with(&customer, call_id) {
                self.h.delete(path(&customer.id)).empty()?;
                log::debug!("create customer: deleted the copy a lost attempt made");
            }
        }
        Ok(())
    }

    /// Updates a customer (`POST /admin/customers/{id}`): only the fields set are sent,
    /// `metadata` is merged (a key set to `""` is removed). An unknown id is the server's 404.
    /// Retries are safe: the same update twice is one update.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::UpdateCustomer;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().update(
    ///     "cus_01...",
    ///     &UpdateCustomer { last_name: Some("Doe".into()), ..Default::default() }.unset_metadata("old_key"),
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, id: &str, update: &UpdateCustomer) -> Result<Customer> {
        require("customer id", id)?;
        self.h
            .post(path(id), update)
            .idempotent()
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// Deletes a customer (`GET` then `DELETE /admin/customers/{id}`; a soft delete: its
    /// addresses go, its group links are detached, its e-mail is free again; a registered
    /// customer loses its login). The server answers `deleted: true` for an unknown id too, so
    /// the client reads the customer first: unknown or already deleted is a 404 `not_found`,
    /// and nothing is deleted. Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let gone = admin.customers().delete("cus_01...")?;
    /// assert!(gone.deleted);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete(&self, id: &str) -> Result<Deleted> {
        require("customer id", id)?;
        self.h
            .get(path(id))
            .query_string(Some("fields=id".into()))
            .empty()?;
        self.h.delete(path(id)).send()
    }

    /// Adds the customer to these groups (`POST /admin/customers/{id}/customer-groups`
    /// `{"add": […]}`); a group it is in already stays. Returns the customer (ask for its groups
    /// with [`fields`](Self::fields)`("*groups")`). An unknown customer or group is the server's
    /// 404. Retries are safe: adding twice is adding once.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().fields("id,*groups").add_groups("cus_01...", &["cusgroup_01..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_groups(&self, id: &str, group_ids: &[&str]) -> Result<Customer> {
        self.membership(id, group_ids, "add")
    }

    /// Removes the customer from these groups (`POST /admin/customers/{id}/customer-groups`
    /// `{"remove": […]}`); a group it is not in changes nothing. Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.customers().remove_groups("cus_01...", &["cusgroup_01..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_groups(&self, id: &str, group_ids: &[&str]) -> Result<Customer> {
        self.membership(id, group_ids, "remove")
    }

    fn membership(&self, id: &str, group_ids: &[&str], side: &str) -> Result<Customer> {
        require("customer id", id)?;
        check_ids("group", group_ids)?;
        let body = Membership::new(side, group_ids);
        self.h
            .post(format!("{}/customer-groups", path(id)), &body)
            .idempotent()
            .query_string(fields_query(&self.fields))
            .member("customer")
    }

    /// The addresses of the customer `id` (`/admin/customers/{id}/addresses…`), checked to be
    /// this customer's (the server does not check).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomerAddresses;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let page = admin.customers().addresses("cus_01...").list(&ListCustomerAddresses::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn addresses(&self, id: &str) -> Addresses {
        Addresses::new(self.h.clone()).of(id, self.fields.clone())
    }
}

/// `/admin/customers/{id}`.
fn path(id: &str) -> String {
    format!("/admin/customers/{}", segment(id))
}

/// Whether the record carries `call_id` under [`CALL_ID_KEY`].
pub(crate) fn marked_with(metadata_of: &Customer, call_id: &str) -> bool {
    metadata_of
        .metadata
        .as_ref()
        .and_then(|m| m.get(CALL_ID_KEY))
        .and_then(|v| v.as_str())
        == Some(call_id)
}

/// Refuses an empty list, or an empty id in it, before anything is sent.
pub(crate) fn check_ids(what: &str, ids: &[&str]) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::InvalidInput(format!("no {what} ids given")));
    }
    for id in ids {
        require(&format!("{what} id"), id)?;
    }
    Ok(())
}

/// `{"add": […]}` or `{"remove": […]}`.
#[derive(Serialize)]
pub(crate) struct Membership<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    add: Option<&'a [&'a str]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remove: Option<&'a [&'a str]>,
}

impl<'a> Membership<'a> {
    pub(crate) fn new(side: &str, ids: &'a [&'a str]) -> Membership<'a> {
        if side == "add" {
            Membership {
                add: Some(ids),
                remove: None,
            }
        } else {
            Membership {
                add: None,
                remove: Some(ids),
            }
        }
    }
}
