//! A customer group: a new one ([`CreateCustomerGroup`]), a change ([`UpdateCustomerGroup`]),
//! and the filters and paging of the list ([`ListCustomerGroups`]).

use serde::Serialize;

use super::{DateRange, date_range};
use crate::core::query::Query;
use crate::v2::models::Metadata;

/// A new group ([`CustomerGroups::create`](crate::v2::admin::customer_groups::CustomerGroups::create)).
/// The name is required and unique among the groups that are not deleted (a duplicate is the
/// server's 400 `invalid_data` "Customer group with name: …, already exists.").
///
/// ```
/// use medusa_blocking::v2::admin::params::CreateCustomerGroup;
/// let g = CreateCustomerGroup::from("VIP");
/// assert_eq!(serde_json::to_string(&g).unwrap(), r#"{"name":"VIP"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateCustomerGroup {
    /// The name.
    pub name: String,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl From<&str> for CreateCustomerGroup {
    fn from(name: &str) -> CreateCustomerGroup {
        CreateCustomerGroup {
            name: name.to_string(),
            metadata: None,
        }
    }
}

impl CreateCustomerGroup {
    /// A group with this name (the name v1's wing has too).
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::CreateCustomerGroup;
    /// assert_eq!(CreateCustomerGroup::new("VIP").name, "VIP");
    /// ```
    pub fn new(name: impl Into<String>) -> CreateCustomerGroup {
        CreateCustomerGroup {
            name: name.into(),
            metadata: None,
        }
    }

    /// The group with `call_id` under [`CALL_ID_KEY`](super::CALL_ID_KEY) in its metadata.
    pub(crate) fn marked(&self, call_id: &str) -> CreateCustomerGroup {
        let mut metadata = self.metadata.clone().unwrap_or_default();
        metadata.insert(super::CALL_ID_KEY.into(), call_id.into());
        CreateCustomerGroup {
            metadata: Some(metadata),
            ..self.clone()
        }
    }
}

/// A change to a group ([`CustomerGroups::update`](crate::v2::admin::customer_groups::CustomerGroups::update)):
/// only the fields set are sent; `metadata` is merged key by key, a key set to `""` removed.
///
/// ```
/// use medusa_blocking::v2::admin::params::UpdateCustomerGroup;
/// let u = UpdateCustomerGroup { name: Some("Gold".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"name":"Gold"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateCustomerGroup {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Keys to set (merged); a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// Filters and paging of [`CustomerGroups::list`](crate::v2::admin::customer_groups::CustomerGroups::list).
///
/// ```
/// use medusa_blocking::v2::admin::params::ListCustomerGroups;
/// let q = ListCustomerGroups { customers: vec!["cus_1".into()], order: Some("name".into()), ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("customers%5B0%5D=cus_1&order=name"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomerGroups {
    /// Free text over the name, case-insensitive.
    pub q: Option<String>,
    /// Any of these ids.
    pub id: Vec<String>,
    /// Any of these names, exactly.
    pub name: Vec<String>,
    /// Groups that have any of these customers (ids).
    pub customers: Vec<String>,
    /// Made by any of these (user or API key ids).
    pub created_by: Vec<String>,
    /// Made within this range.
    pub created_at: Option<DateRange>,
    /// Last changed within this range.
    pub updated_at: Option<DateRange>,
    /// Deleted within this range (with [`with_deleted`](Self::with_deleted)).
    pub deleted_at: Option<DateRange>,
    /// Include deleted groups.
    pub with_deleted: Option<bool>,
    /// Sort by one field, `-` for descending.
    pub order: Option<String>,
    /// Fields to select (`*customers` adds the members).
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Groups to skip.
    pub offset: Option<u32>,
}

paged!(ListCustomerGroups);

impl ListCustomerGroups {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::ListCustomerGroups;
    /// assert_eq!(ListCustomerGroups::default().query_string(), None);
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("name", &self.name)
            .list("customers", &self.customers)
            .list("created_by", &self.created_by);
        date_range(&mut q, "created_at", self.created_at.as_ref());
        date_range(&mut q, "updated_at", self.updated_at.as_ref());
        date_range(&mut q, "deleted_at", self.deleted_at.as_ref());
        q.opt(
            "with_deleted",
            self.with_deleted.map(|b| if b { "true" } else { "false" }),
        )
        .opt("order", self.order.as_deref())
        .opt("fields", self.fields.as_deref())
        .opt_num("limit", self.limit.map(u64::from))
        .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_group_filter_is_encoded_as_the_server_reads_it() {
        let q = ListCustomerGroups {
            q: Some("vip".into()),
            id: vec!["cusgroup_1".into()],
            name: vec!["VIP".into(), "Gold tier".into()],
            customers: vec!["cus_1".into()],
            created_by: vec!["user_1".into()],
            created_at: Some(DateRange {
                gt: Some("2026-01-01".into()),
                lte: Some("2026-12-31".into()),
                ..Default::default()
            }),
            updated_at: None,
            deleted_at: None,
            with_deleted: Some(false),
            order: Some("-name".into()),
            fields: Some("id,*customers".into()),
            limit: Some(1),
            offset: Some(0),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=vip&id%5B0%5D=cusgroup_1&name%5B0%5D=VIP&name%5B1%5D=Gold+tier\
             &customers%5B0%5D=cus_1&created_by%5B0%5D=user_1&created_at%5B%24gt%5D=2026-01-01\
             &created_at%5B%24lte%5D=2026-12-31&with_deleted=false&order=-name\
             &fields=id%2C*customers&limit=1&offset=0"
        );
    }
}
