//! The filters and paging of the group list ([`ListCustomerGroups`]), a new group
//! ([`CreateCustomerGroup`]) and an update ([`UpdateCustomerGroup`]).

use serde::Serialize;

use super::DateRange;
use crate::core::query::Query;
use crate::v1::models::Metadata;

/// Filters and paging of
/// [`CustomerGroups::list`](crate::v1::admin::customer_groups::CustomerGroups::list) and
/// [`CustomerGroups::iter`](crate::v1::admin::customer_groups::CustomerGroups::iter): what
/// Medusa 1.20 takes. Empty lists and `None` are not sent.
///
/// Not offered: the `id` filter, which Medusa 1.20.11 refuses in every form (400 `nested
/// property id must be either object or array`; read one group with
/// [`retrieve`](crate::v1::admin::customer_groups::CustomerGroups::retrieve)).
///
/// ```
/// use medusa_blocking::v1::admin::params::ListCustomerGroups;
/// let q = ListCustomerGroups {
///     name: vec!["VIP".into()],
///     order: Some("name".into()),
///     limit: Some(50),
///     ..Default::default()
/// };
/// assert_eq!(q.query_string().as_deref(), Some("name%5B0%5D=VIP&order=name&limit=50"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomerGroups {
    /// Free text, matched case-insensitively against the name.
    pub q: Option<String>,
    /// Groups with exactly one of these names (always sent as an array: the server refuses a
    /// plain `name=`).
    pub name: Vec<String>,
    /// Groups a discount condition applies to.
    pub discount_condition_id: Option<String>,
    /// Creation date range.
    pub created_at: Option<DateRange>,
    /// Update date range.
    pub updated_at: Option<DateRange>,
    /// Sort by a field, `-` first for descending (`name`, `created_at`, …).
    pub order: Option<String>,
    /// Comma-separated relations to load (`customers`, `price_lists`).
    pub expand: Option<String>,
    /// Comma-separated fields to select (`id,name`).
    pub fields: Option<String>,
    /// Page size (server default **10**).
    pub limit: Option<u32>,
    /// Groups to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListCustomerGroups);

impl ListCustomerGroups {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::ListCustomerGroups;
    /// assert_eq!(ListCustomerGroups::default().query_string(), None);
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref()).list("name", &self.name).opt(
            "discount_condition_id",
            self.discount_condition_id.as_deref(),
        );
        if let Some(f) = &self.created_at {
            f.append_to(&mut q, "created_at");
        }
        if let Some(f) = &self.updated_at {
            f.append_to(&mut q, "updated_at");
        }
        q.opt("order", self.order.as_deref())
            .opt("expand", self.expand.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

/// A new customer group (`POST /admin/customer-groups`). The name is required and unique among
/// groups that are not deleted (a taken name is a 422 `duplicate_error`).
///
/// ```
/// use medusa_blocking::v1::admin::params::CreateCustomerGroup;
/// let g = CreateCustomerGroup::new("VIP");
/// assert_eq!(serde_json::to_string(&g).unwrap(), r#"{"name":"VIP"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateCustomerGroup {
    /// The group's name.
    pub name: String,
    /// Custom data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl CreateCustomerGroup {
    /// The group with `call_id` under [`CALL_ID_KEY`](super::CALL_ID_KEY) in its metadata.
    pub(crate) fn marked(&self, call_id: &str) -> CreateCustomerGroup {
        let mut metadata = self.metadata.clone().unwrap_or_default();
        metadata.insert(super::CALL_ID_KEY.into(), call_id.into());
        CreateCustomerGroup {
            metadata: Some(metadata),
            ..self.clone()
        }
    }

    /// A group with this name and no metadata.
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::CreateCustomerGroup;
    /// assert_eq!(CreateCustomerGroup::new("VIP").name, "VIP");
    /// ```
    pub fn new(name: impl Into<String>) -> CreateCustomerGroup {
        CreateCustomerGroup {
            name: name.into(),
            metadata: None,
        }
    }
}

/// An update of a group (`POST /admin/customer-groups/{id}`): only the fields that are `Some`
/// are sent; `metadata` is merged key by key, a key set to `""` is removed.
///
/// ```
/// use medusa_blocking::v1::admin::params::UpdateCustomerGroup;
/// let u = UpdateCustomerGroup { name: Some("Gold".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"name":"Gold"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateCustomerGroup {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Merged into the stored metadata key by key; a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListCustomerGroups {
            q: Some("v i".into()),
            name: vec!["A".into(), "B&C".into()],
            discount_condition_id: Some("discon_1".into()),
            created_at: Some(DateRange {
                gte: Some("2026-01-01".into()),
                ..Default::default()
            }),
            updated_at: Some(DateRange {
                lt: Some("2027-01-01".into()),
                ..Default::default()
            }),
            order: Some("-name".into()),
            expand: Some("customers".into()),
            fields: Some("id,name".into()),
            limit: Some(3),
            offset: Some(6),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=v+i&name%5B0%5D=A&name%5B1%5D=B%26C&discount_condition_id=discon_1\
             &created_at%5Bgte%5D=2026-01-01&updated_at%5Blt%5D=2027-01-01&order=-name\
             &expand=customers&fields=id%2Cname&limit=3&offset=6"
        );
    }

    #[test]
    fn bodies_send_only_what_is_set() {
        assert_eq!(
            serde_json::to_string(&UpdateCustomerGroup::default()).unwrap(),
            "{}"
        );
        let mut metadata = Metadata::new();
        metadata.insert("k".into(), "".into());
        let g = CreateCustomerGroup {
            metadata: Some(metadata),
            ..CreateCustomerGroup::new("N")
        };
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            r#"{"name":"N","metadata":{"k":""}}"#
        );
    }
}
