//! A customer: a new one ([`CreateCustomer`]), a change ([`UpdateCustomer`]), the filters and
//! paging of the list ([`ListCustomers`]), and of a customer's addresses
//! ([`ListCustomerAddresses`]).

use serde::Serialize;

use super::{DateRange, date_range};
use crate::core::query::Query;
use crate::v2::models::Metadata;

/// A new customer record ([`Customers::create`](crate::v2::admin::customers::Customers::create)):
/// no password (the server refuses one: an admin-made customer has `has_account: false` and no
/// login; the customer can register with the same e-mail later). Every field is optional, the
/// e-mail too; unset fields are not sent.
///
/// ```
/// use medusa_blocking::v2::admin::params::CreateCustomer;
/// let c = CreateCustomer { first_name: Some("Jane".into()), ..CreateCustomer::with_email("jane@example.com") };
/// assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"email":"jane@example.com","first_name":"Jane"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateCustomer {
    /// E-mail, stored as given (not lower-cased). Unique among the records without an account
    /// that are not deleted, letter case counting: the same e-mail again is the server's 400
    /// `invalid_data` "Customer with email: …, has_account: false, already exists.".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl CreateCustomer {
    /// A record with this e-mail, the other fields unset.
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::CreateCustomer;
    /// assert_eq!(CreateCustomer::with_email("a@b.c").email.as_deref(), Some("a@b.c"));
    /// ```
    pub fn with_email(email: impl Into<String>) -> CreateCustomer {
        CreateCustomer {
            email: Some(email.into()),
            ..CreateCustomer::default()
        }
    }

    /// The record with `call_id` under [`CALL_ID_KEY`](super::CALL_ID_KEY) in its metadata.
    pub(crate) fn marked(&self, call_id: &str) -> CreateCustomer {
        let mut metadata = self.metadata.clone().unwrap_or_default();
        metadata.insert(super::CALL_ID_KEY.into(), call_id.into());
        CreateCustomer {
            metadata: Some(metadata),
            ..self.clone()
        }
    }
}

/// A change to a customer ([`Customers::update`](crate::v2::admin::customers::Customers::update)):
/// only the fields set are sent, the others are kept. `metadata` is **merged** into the stored
/// object key by key; a key set to `""` is removed ([`unset_metadata`](Self::unset_metadata)).
/// The e-mail can change (the uniqueness of [`CreateCustomer::email`] holds).
///
/// ```
/// use medusa_blocking::v2::admin::params::UpdateCustomer;
/// let u = UpdateCustomer { phone: Some("+15550001111".into()), ..Default::default() }
///     .unset_metadata("legacy_id");
/// assert_eq!(
///     serde_json::to_string(&u).unwrap(),
///     r#"{"phone":"+15550001111","metadata":{"legacy_id":""}}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateCustomer {
    /// E-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Keys to set (merged into the stored metadata); a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl UpdateCustomer {
    /// Removes `key` from the stored metadata (sends it as `""`, which the server reads as
    /// "remove").
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::UpdateCustomer;
    /// let u = UpdateCustomer::default().unset_metadata("a");
    /// assert_eq!(u.metadata.unwrap()["a"], "");
    /// ```
    pub fn unset_metadata(mut self, key: impl Into<String>) -> UpdateCustomer {
        self.metadata
            .get_or_insert_with(Metadata::new)
            .insert(key.into(), "".into());
        self
    }
}

/// Filters and paging of [`Customers::list`](crate::v2::admin::customers::Customers::list):
/// every filter a 2.21 server takes (it refuses unknown ones with a 400, and has no metadata
/// filter). Lists of values match any of them; an empty list is not sent.
///
/// ```
/// use medusa_blocking::v2::admin::params::ListCustomers;
/// let q = ListCustomers {
///     email: vec!["jane@example.com".into()],
///     fields: Some("id,email,metadata".into()),
///     limit: Some(100),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("email%5B0%5D=jane%40example.com&fields=id%2Cemail%2Cmetadata&limit=100"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomers {
    /// Free text, case-insensitive, over e-mail, names, company and phone.
    pub q: Option<String>,
    /// Any of these ids.
    pub id: Vec<String>,
    /// Any of these e-mails, **exactly** (letter case counts).
    pub email: Vec<String>,
    /// Any of these first names.
    pub first_name: Vec<String>,
    /// Any of these last names.
    pub last_name: Vec<String>,
    /// Any of these company names.
    pub company_name: Vec<String>,
    /// Made by any of these (user or API key ids).
    pub created_by: Vec<String>,
    /// Registered customers (`true`) or records without an account (`false`).
    pub has_account: Option<bool>,
    /// Members of any of these groups (ids). An unknown group matches nothing.
    pub groups: Vec<String>,
    /// Made within this range.
    pub created_at: Option<DateRange>,
    /// Last changed within this range.
    pub updated_at: Option<DateRange>,
    /// Deleted within this range. (A 2.21.2 server accepts it, but lists no deleted customer.)
    pub deleted_at: Option<DateRange>,
    /// Include deleted customers: accepted by a 2.21.2 server, which still lists no deleted
    /// customer (measured).
    pub with_deleted: Option<bool>,
    /// Sort by one field, `-` for descending (`created_at`, `-created_at`, `email`, `id`…).
    /// Without it no order is promised. A field the server does not know is its 500.
    pub order: Option<String>,
    /// Fields to select: `a,b` replaces the defaults, `+field` adds one, `*groups` /
    /// `*addresses` add a relation; unknown names are dropped by the server.
    pub fields: Option<String>,
    /// Page size (server default 50; not capped).
    pub limit: Option<u32>,
    /// Customers to skip.
    pub offset: Option<u32>,
}

paged!(ListCustomers, ListCustomerAddresses);

impl ListCustomers {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::ListCustomers;
    /// let q = ListCustomers { groups: vec!["cusgroup_1".into()], has_account: Some(true), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("has_account=true&groups%5B0%5D=cusgroup_1"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("email", &self.email)
            .list("first_name", &self.first_name)
            .list("last_name", &self.last_name)
            .list("company_name", &self.company_name)
            .list("created_by", &self.created_by)
            .opt("has_account", self.has_account.map(bool_str))
            .list("groups", &self.groups);
        date_range(&mut q, "created_at", self.created_at.as_ref());
        date_range(&mut q, "updated_at", self.updated_at.as_ref());
        date_range(&mut q, "deleted_at", self.deleted_at.as_ref());
        q.opt("with_deleted", self.with_deleted.map(bool_str))
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Filters and paging of a customer's addresses
/// ([`Addresses::list`](crate::v2::admin::addresses::Addresses::list)).
///
/// ```
/// use medusa_blocking::v2::admin::params::ListCustomerAddresses;
/// let q = ListCustomerAddresses { country_code: vec!["ca".into()], limit: Some(10), ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("country_code%5B0%5D=ca&limit=10"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomerAddresses {
    /// Free text over the address fields.
    pub q: Option<String>,
    /// Any of these companies.
    pub company: Vec<String>,
    /// Any of these cities.
    pub city: Vec<String>,
    /// Any of these country codes.
    pub country_code: Vec<String>,
    /// Any of these provinces.
    pub province: Vec<String>,
    /// Any of these postal codes.
    pub postal_code: Vec<String>,
    /// Sort by one field, `-` for descending.
    pub order: Option<String>,
    /// Fields to select. Unset, the crate asks for the defaults **and** `is_default_shipping`,
    /// `is_default_billing`, which the server leaves out of its defaults.
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Addresses to skip.
    pub offset: Option<u32>,
}

impl ListCustomerAddresses {
    /// The query string as sent (without `?`), `None` when nothing is set (the crate then adds
    /// its `fields`, see [`fields`](Self::fields)).
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::ListCustomerAddresses;
    /// assert_eq!(ListCustomerAddresses::default().query_string(), None);
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("company", &self.company)
            .list("city", &self.city)
            .list("country_code", &self.country_code)
            .list("province", &self.province)
            .list("postal_code", &self.postal_code)
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
    fn every_customer_filter_is_encoded_as_the_server_reads_it() {
        let q = ListCustomers {
            q: Some("jane doe".into()),
            id: vec!["cus_1".into()],
            email: vec!["a+b@x.com".into(), "C@x.com".into()],
            first_name: vec!["Jane".into()],
            last_name: vec!["Doe".into()],
            company_name: vec!["Acme".into()],
            created_by: vec!["apk_1".into()],
            has_account: Some(false),
            groups: vec!["cusgroup_1".into(), "cusgroup_2".into()],
            created_at: Some(DateRange::since("2026-12-05T17:03:41.000Z")),
            updated_at: Some(DateRange::before("2027-01-01")),
            deleted_at: None,
            with_deleted: Some(true),
            order: Some("-created_at".into()),
            fields: Some("+groups.id".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=jane+doe&id%5B0%5D=cus_1&email%5B0%5D=a%2Bb%40x.com&email%5B1%5D=C%40x.com\
             &first_name%5B0%5D=Jane&last_name%5B0%5D=Doe&company_name%5B0%5D=Acme\
             &created_by%5B0%5D=apk_1&has_account=false&groups%5B0%5D=cusgroup_1\
             &groups%5B1%5D=cusgroup_2&created_at%5B%24gte%5D=2026-12-05T17%3A03%3A41.000Z\
             &updated_at%5B%24lt%5D=2027-01-01&with_deleted=true&order=-created_at\
             &fields=%2Bgroups.id&limit=5&offset=10"
        );
        assert_eq!(ListCustomers::default().query_string(), None);
    }

    #[test]
    fn a_marked_record_keeps_the_callers_metadata() {
        let mut metadata = Metadata::new();
        metadata.insert("import_ref".into(), "row-1".into());
        let c = CreateCustomer {
            metadata: Some(metadata),
            ..CreateCustomer::with_email("a@b.c")
        };
        let marked = c.marked("id-1");
        let m = marked.metadata.unwrap();
        assert_eq!(m["import_ref"], "row-1");
        assert_eq!(m[super::super::CALL_ID_KEY], "id-1");
        assert_eq!(
            c.metadata.unwrap().len(),
            1,
            "the caller's record is unchanged"
        );
    }
}
