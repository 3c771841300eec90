//! `/admin/customer-groups` of Medusa v1: a page of groups, all of them lazily, one by id,
//! create, update, delete, and members: add or remove customers in batches, and the customers of
//! a group (paged). The customer's side of membership is
//! [`Customers::add_groups`](crate::v1::admin::customers::Customers::add_groups) /
//! [`remove_groups`](crate::v1::admin::customers::Customers::remove_groups), and `groups` in
//! [`UpdateCustomer`](crate::v1::admin::params::UpdateCustomer) (which replaces them all).
//!
//! ```no_run
//! use medusa_blocking::v1::admin::Admin;
//! use medusa_blocking::v1::admin::params::{CreateCustomerGroup, ListCustomers};
//!
//! let admin = Admin::builder("http://localhost:9000").api_token("…").build()?;
//! let vip = admin.customer_groups().create(&CreateCustomerGroup::new("VIP"))?;
//! admin.customer_groups().add_customers(&vip.id, &["cus_01...", "cus_02..."])?;
//! let members = admin.customer_groups().list_customers(&vip.id, &ListCustomers::default())?;
//! println!("{} members", members.count);
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use std::cell::Cell;

use serde::Serialize;

use crate::core::error::{ApiError, Error, Result};
use crate::core::page::{self, Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::require;
use crate::v1::admin::params::{
    CreateCustomerGroup, IdRef, ListCustomerGroups, ListCustomers, UpdateCustomerGroup,
    ids_as_objects, marked_with,
};
use crate::v1::models::{Customer, CustomerGroup, CustomerGroupPage, CustomerPage, Deleted};

/// The 422 Medusa 1.x answers a group name that is taken, made here when a check finds the
/// group was there before the call.
fn duplicate(name: &str) -> Error {
    Error::Api {
        status: 422,
        error: ApiError {
            kind: "duplicate_error".into(),
            code: Some("invalid_request_error".into()),
            message: format!("Key (name)=({name}) already exists."),
        },
        retry_after: None,
    }
}

resource_handle! {
    /// The customer group calls, from
    /// [`Admin::customer_groups`](crate::v1::admin::Admin::customer_groups). A cheap handle;
    /// headers set with [`CustomerGroups::header`] and relations set with
    /// [`CustomerGroups::expand`] apply to its calls only.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().retrieve("cgrp_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    CustomerGroups { expand: Option<String> },
    header example: "# let admin = medusa_blocking::v1::admin::Admin::builder(\"http://localhost:9000\").api_token(\"t\").build()?;
let vip = admin.customer_groups().header(\"x-request-id\", \"42\").retrieve(\"cgrp_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

/// What the look-up after a lost create found.
enum Found {
    /// The group this call made.
    Made(CustomerGroup),
    /// A group of that name that was there before the call.
    Before,
    /// None.
    Nothing,
}

/// `{"customer_ids": [{"id": …}, …]}`.
#[derive(Serialize)]
struct Batch<'a> {
    customer_ids: Vec<IdRef<'a>>,
}

impl CustomerGroups {
    /// The relations the groups of this handle's [`retrieve`](Self::retrieve) and
    /// [`update`](Self::update) come with (`?expand=`): `customers` (every member, raw JSON;
    /// [`list_customers`](Self::list_customers) pages them), `price_lists`.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().expand("price_lists").retrieve("cgrp_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn expand(self, relations: &str) -> Self {
        CustomerGroups {
            expand: Some(relations.to_string()),
            ..self
        }
    }

    fn expand_query(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("expand", self.expand.as_deref());
        q.finish()
    }

    /// One page of groups (`GET /admin/customer-groups`; server default **10** a page). A
    /// `limit` of 0 is refused before sending.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomerGroups;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let page = admin.customer_groups().list(&ListCustomerGroups { q: Some("vip".into()), ..Default::default() })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCustomerGroups) -> Result<CustomerGroupPage> {
        self.page(params).map(CustomerGroupPage::from)
    }

    fn page(&self, params: &ListCustomerGroups) -> Result<Page<CustomerGroup>> {
        check_limit(params.limit)?;
        self.h
            .get("/admin/customer-groups")
            .query_string(params.query_string())
            .page("customer_groups")
    }

    /// Every group `params` selects, a page at a time as the iterator is consumed
    /// (`GET /admin/customer-groups`), as [`Customers::iter`](crate::v1::admin::customers::Customers::iter)
    /// walks customers.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomerGroups;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// for group in admin.customer_groups().iter(&ListCustomerGroups::default()) {
    ///     println!("{}", group?.name);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCustomerGroups) -> PageIter<CustomerGroup> {
        let groups = self.clone();
        PageIter::walk(
            "customer groups",
            |group: &CustomerGroup| &group.id,
            params,
            move |p| groups.page(p),
        )
    }

    /// One group by id (`GET /admin/customer-groups/{id}`). Unknown or deleted id: a 404
    /// `not_found`.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().retrieve("cgrp_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<CustomerGroup> {
        require("group id", id)?;
        self.h
            .get(format!("/admin/customer-groups/{}", segment(id)))
            .query_string(self.expand_query())
            .member("customer_group")
    }

    /// Creates a group (`POST /admin/customer-groups`). A name that another group (not deleted)
    /// has is a 422 `duplicate_error`. An empty name is refused before sending.
    ///
    /// Retries: a retry after a lost response meets the group the lost attempt made (the 422),
    /// or fails otherwise. With `max_retries > 0` the group is sent with a random id of this call
    /// under [`CALL_ID_KEY`](crate::v1::admin::params::CALL_ID_KEY) in its `metadata` (kept).
    /// Only after a lost response and a failed retry does the client look the name up
    /// (`GET /admin/customer-groups?name[0]=…`, on the side: it changes nothing): the group
    /// marked with this call's id is returned; another of that name, the 422 `duplicate_error`
    /// it is; none, the call's own error; no way to look: [`Error::OutcomeUnknown`].
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::CreateCustomerGroup;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().create(&CreateCustomerGroup::new("VIP"))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create(&self, group: &CreateCustomerGroup) -> Result<CustomerGroup> {
        require("group name", &group.name)?;
        let call_id = self.h.retries().then(crate::core::rand::uuid_v4);
        let marked;
        let body = match &call_id {
            Some(id) => {
                marked = group.marked(id);
                &marked
            }
            None => group,
        };
        let sent = self
            .h
            .post("/admin/customer-groups", body)
            .named("create customer group")
            .sent_member("customer_group");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        let existed = Cell::new(false);
        sent.settle("create customer group", || {
            match self.look_up_created(&group.name, &call_id)? {
                Found::Made(made) => Ok(Some(made)),
                Found::Before => {
                    existed.set(true);
                    Ok(None)
                }
                Found::Nothing => Ok(None),
            }
        })
        .map_err(|e| {
            if existed.get() {
                duplicate(&group.name)
            } else {
                e
            }
        })
    }

    /// After a lost create: the group named `name`, read on the side, and whether it carries
    /// this call's id (made by it) or not (someone else's: the duplicate).
    fn look_up_created(&self, name: &str, call_id: &str) -> Result<Found> {
        let mut q = Query::new();
        q.list("name", &[name]).pair("limit", "10");
        let reply = self
            .h
            .get("/admin/customer-groups")
            .query_string(q.finish())
            .side()
            .sent()
            .into_result()?;
        let page: Page<CustomerGroup> = page::decode(reply.status, &reply.body, "customer_groups")?;
        let mut found = Found::Nothing;
        for candidate in page.items.into_iter().filter(|g| g.name == name) {
            if marked_with(candidate.metadata.as_ref(), call_id) {
                return Ok(Found::Made(candidate));
            }
            found = Found::Before;
        }
        Ok(found)
    }

    /// Updates a group (`POST /admin/customer-groups/{id}`): a new name, and `metadata` merged
    /// key by key (`""` removes a key). Unknown id: a 404. Retries are safe.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::UpdateCustomerGroup;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let gold = admin.customer_groups().update("cgrp_01...", &UpdateCustomerGroup {
    ///     name: Some("Gold".into()),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, id: &str, update: &UpdateCustomerGroup) -> Result<CustomerGroup> {
        require("group id", id)?;
        if let Some(name) = &update.name {
            require("group name", name)?;
        }
        self.h
            .post(format!("/admin/customer-groups/{}", segment(id)), update)
            .query_string(self.expand_query())
            .idempotent()
            .member("customer_group")
    }

    /// Deletes a group (`DELETE /admin/customer-groups/{id}`; its members are detached, its name
    /// is free again). Medusa 1.x answers `deleted: true` for **any** id, one that never existed
    /// included; this call first reads the group (`GET /admin/customer-groups/{id}`, which
    /// changes nothing), so an unknown or already deleted id is the server's 404 `not_found`,
    /// and nothing is deleted. Retries of the deletion itself are safe (a lost deletion answers
    /// `deleted: true` again).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let gone = admin.customer_groups().delete("cgrp_01...")?;
    /// assert!(gone.deleted);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete(&self, id: &str) -> Result<Deleted> {
        require("group id", id)?;
        let path = format!("/admin/customer-groups/{}", segment(id));
        self.h.get(path.clone()).empty()?;
        self.h.delete(path).send()
    }

    /// Adds customers to a group (`POST /admin/customer-groups/{id}/customers/batch`, body
    /// `{"customer_ids": [{"id": …}]}`) and returns the group. A customer in it already is no
    /// change; an unknown customer is a 404 (`The following customer ids do not exist: …`) and
    /// adds none; an unknown group is a 404. An empty list or id is refused before sending
    /// (the server answers an empty list with `{"customer_group": null}`). Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().add_customers("cgrp_01...", &["cus_01...", "cus_02..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_customers<S: AsRef<str>>(
        &self,
        group_id: &str,
        customer_ids: &[S],
    ) -> Result<CustomerGroup> {
        self.batch(group_id, customer_ids, true)
    }

    /// Removes customers from a group (`DELETE /admin/customer-groups/{id}/customers/batch`, the
    /// same body as [`add_customers`](Self::add_customers)) and returns the group. A customer
    /// not in it is no change. Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().remove_customers("cgrp_01...", &["cus_02..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_customers<S: AsRef<str>>(
        &self,
        group_id: &str,
        customer_ids: &[S],
    ) -> Result<CustomerGroup> {
        self.batch(group_id, customer_ids, false)
    }

    /// The batch add (`add`) or removal of customers.
    pub(crate) fn batch<S: AsRef<str>>(
        &self,
        group_id: &str,
        customer_ids: &[S],
        add: bool,
    ) -> Result<CustomerGroup> {
        require("group id", group_id)?;
        if customer_ids.is_empty() {
            return Err(Error::InvalidInput("no customer ids".into()));
        }
        for id in customer_ids {
            require("customer id", id.as_ref())?;
        }
        let path = format!(
            "/admin/customer-groups/{}/customers/batch",
            segment(group_id)
        );
        let body = Batch {
            customer_ids: ids_as_objects(customer_ids),
        };
        let request = if add {
            self.h.post(path, &body)
        } else {
            self.h.delete(path).json(&body)
        };
        request.idempotent().member("customer_group")
    }

    /// One page of a group's customers (`GET /admin/customer-groups/{id}/customers`; server
    /// default 50 a page), each with its `groups`. `params` filters as in
    /// [`Customers::list`](crate::v1::admin::customers::Customers::list), but for `groups`,
    /// which is this group (any given is not sent). An unknown group gives an empty page (the
    /// server does not check).
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomers;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let page = admin.customer_groups().list_customers("cgrp_01...", &ListCustomers::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list_customers(&self, group_id: &str, params: &ListCustomers) -> Result<CustomerPage> {
        self.customers_page(group_id, params)
            .map(CustomerPage::from)
    }

    fn customers_page(&self, group_id: &str, params: &ListCustomers) -> Result<Page<Customer>> {
        require("group id", group_id)?;
        check_limit(params.limit)?;
        let params = ListCustomers {
            groups: Vec::new(),
            ..params.clone()
        };
        self.h
            .get(format!(
                "/admin/customer-groups/{}/customers",
                segment(group_id)
            ))
            .query_string(params.query_string())
            .page("customers")
    }

    /// Every customer of a group, a page at a time as the iterator is consumed
    /// (`GET /admin/customer-groups/{id}/customers`), as
    /// [`Customers::iter`](crate::v1::admin::customers::Customers::iter) walks.
    ///
    /// ```no_run
    /// use medusa_blocking::v1::admin::params::ListCustomers;
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// for member in admin.customer_groups().iter_customers("cgrp_01...", &ListCustomers::default()) {
    ///     println!("{}", member?.email);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter_customers(&self, group_id: &str, params: &ListCustomers) -> PageIter<Customer> {
        let groups = self.clone();
        let group_id = group_id.to_string();
        PageIter::walk(
            "group customers",
            |customer: &Customer| &customer.id,
            params,
            move |p| groups.customers_page(&group_id, p),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_taken_name_is_the_servers_422() {
        let e = duplicate("VIP");
        assert_eq!(e.status(), Some(422));
        assert_eq!(
            e.api_error().unwrap().message,
            "Key (name)=(VIP) already exists."
        );
    }
}
