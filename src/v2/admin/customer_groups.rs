//! `/admin/customer-groups` of Medusa v2: a page, all of them lazily, one by id, create,
//! update (metadata merged), delete, and the members (add and remove customers).
//!
//! ```no_run
//! use medusa_blocking::v2::admin::Admin;
//! use medusa_blocking::v2::admin::params::ListCustomers;
//!
//! let admin = Admin::builder("http://localhost:9000").secret_api_key("sk_...").build()?;
//! let vip = admin.customer_groups().create(&"VIP".into())?;
//! admin.customer_groups().add_customers(&vip.id, &["cus_01...", "cus_02..."])?;
//! // The members: customers filtered by group (the server has no members route).
//! let members = admin.customers().list(&ListCustomers { groups: vec![vip.id.clone()], ..Default::default() })?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::admin::customers::{Membership, check_ids};
use crate::v2::admin::params::{
    CALL_ID_KEY, CreateCustomerGroup, ListCustomerGroups, UpdateCustomerGroup,
};
use crate::v2::models::{CustomerGroup, CustomerGroupPage, Deleted};
use crate::v2::store::fields_query;

resource_handle! {
    /// The customer group calls, from
    /// [`Admin::customer_groups`](crate::v2::admin::Admin::customer_groups). A cheap handle;
    /// headers set with [`CustomerGroups::header`] and a selection set with
    /// [`CustomerGroups::fields`] apply to its calls only.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let vip = admin.customer_groups().fields("id,name,*customers").retrieve("cusgroup_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    CustomerGroups { fields: Option<String> },
    header example: "# let admin = medusa_blocking::v2::admin::Admin::new(\"http://localhost:9000\")?;
let vip = admin.customer_groups().header(\"x-request-id\", \"42\").retrieve(\"cusgroup_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl CustomerGroups {
    /// Selects the fields of the groups this handle's calls return (`*customers` adds the
    /// members). A list's own [`ListCustomerGroups::fields`] wins over it.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let vip = admin.customer_groups().fields("+metadata").retrieve("cusgroup_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        CustomerGroups {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of groups (`GET /admin/customer-groups`; server default page size 50).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomerGroups;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let page = admin.customer_groups().list(&ListCustomerGroups { q: Some("vip".into()), ..Default::default() })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCustomerGroups) -> Result<CustomerGroupPage> {
        self.page(params).map(CustomerGroupPage::from)
    }

    fn page(&self, params: &ListCustomerGroups) -> Result<Page<CustomerGroup>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListCustomerGroups {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/admin/customer-groups")
            .query_string(query)
            .page("customer_groups")
    }

    /// Every group the filters match, a page at a time as the iterator is consumed (by `id`
    /// when no order is given, for stable paging).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::ListCustomerGroups;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// for group in admin.customer_groups().iter(&ListCustomerGroups::default()) {
    ///     println!("{}", group?.name);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCustomerGroups) -> PageIter<CustomerGroup> {
        let groups = self.clone();
        let mut params = params.clone();
        params.order.get_or_insert_with(|| "id".into());
        PageIter::walk(
            "customer groups",
            |g: &CustomerGroup| &g.id,
            &params,
            move |p| groups.page(p),
        )
    }

    /// One group (`GET /admin/customer-groups/{id}`); an unknown id is the server's 404.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let vip = admin.customer_groups().retrieve("cusgroup_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<CustomerGroup> {
        require("group id", id)?;
        self.h
            .get(path(id))
            .query_string(fields_query(&self.fields))
            .member("customer_group")
    }

    /// Creates a group (`POST /admin/customer-groups`). A name in use is the server's 400
    /// `invalid_data` "Customer group with name: …, already exists.".
    ///
    /// Retries: not idempotent on the server. With `max_retries > 0` the group is sent with a
    /// random id of this call under [`CALL_ID_KEY`] in its `metadata`; after a lost response and
    /// a failed retry (the duplicate the lost attempt caused, or any error) the client lists the
    /// groups of that name (`GET /admin/customer-groups?name[0]=…`): the one marked with this
    /// call's id is returned as if the first attempt had answered; none, the retry's error
    /// stands; no way to look, [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::CreateCustomerGroup;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let vip = admin.customer_groups().create(&CreateCustomerGroup::from("VIP"))?;
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
            .query_string(fields_query(&self.fields))
            .sent_member::<CustomerGroup>("customer_group");
        let (Some(call_id), true) = (call_id, sent.lost()) else {
            return sent.into_result();
        };
        sent.settle("create customer group", || {
            let found = self.page(&ListCustomerGroups {
                name: vec![group.name.clone()],
                fields: Some("id,metadata".into()),
                ..Default::default()
            })?;
            let mine = found.items.iter().find(|g| {
                g.metadata
                    .as_ref()
                    .and_then(|m| m.get(CALL_ID_KEY))
                    .and_then(|v| v.as_str())
                    == Some(call_id.as_str())
            });
            match mine {
                Some(mine) => self.retrieve(&mine.id).map(Some),
                None => Ok(None),
            }
        })
    }

    /// Updates a group (`POST /admin/customer-groups/{id}`): only the fields set are sent,
    /// `metadata` is merged (a key set to `""` is removed). An unknown id is the server's 404.
    /// Retries are safe.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::params::UpdateCustomerGroup;
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let gold = admin.customer_groups().update(
    ///     "cusgroup_01...",
    ///     &UpdateCustomerGroup { name: Some("Gold".into()), ..Default::default() },
    /// )?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn update(&self, id: &str, update: &UpdateCustomerGroup) -> Result<CustomerGroup> {
        require("group id", id)?;
        self.h
            .post(path(id), update)
            .idempotent()
            .query_string(fields_query(&self.fields))
            .member("customer_group")
    }

    /// Deletes a group (`GET` then `DELETE /admin/customer-groups/{id}`; its members are
    /// detached, its name is free again). The server answers `deleted: true` for an unknown id
    /// too, so the client reads the group first: unknown or deleted already is a 404
    /// `not_found`. Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.customer_groups().delete("cusgroup_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete(&self, id: &str) -> Result<Deleted> {
        require("group id", id)?;
        self.h
            .get(path(id))
            .query_string(Some("fields=id".into()))
            .empty()?;
        self.h.delete(path(id)).send()
    }

    /// Adds customers to the group (`POST /admin/customer-groups/{id}/customers`
    /// `{"add": […]}`); a member stays a member. Returns the group (without its members unless
    /// selected). An unknown group or customer is the server's 404. Retries are safe: adding
    /// twice is adding once.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.customer_groups().add_customers("cusgroup_01...", &["cus_01...", "cus_02..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn add_customers(&self, id: &str, customer_ids: &[&str]) -> Result<CustomerGroup> {
        self.membership(id, customer_ids, "add")
    }

    /// Removes customers from the group (`POST /admin/customer-groups/{id}/customers`
    /// `{"remove": […]}`); a customer that is not a member changes nothing. Retries are safe.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.customer_groups().remove_customers("cusgroup_01...", &["cus_01..."])?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn remove_customers(&self, id: &str, customer_ids: &[&str]) -> Result<CustomerGroup> {
        self.membership(id, customer_ids, "remove")
    }

    fn membership(&self, id: &str, customer_ids: &[&str], side: &str) -> Result<CustomerGroup> {
        require("group id", id)?;
        check_ids("customer", customer_ids)?;
        self.h
            .post(
                format!("{}/customers", path(id)),
                &Membership::new(side, customer_ids),
            )
            .idempotent()
            .query_string(fields_query(&self.fields))
            .member("customer_group")
    }
}

/// `/admin/customer-groups/{id}`.
fn path(id: &str) -> String {
    format!("/admin/customer-groups/{}", segment(id))
}
