//! The filters and paging of the customer list ([`ListCustomers`]), a new customer
//! ([`CreateCustomer`]) and an update ([`UpdateCustomer`]), as Medusa 1.x's Admin API takes them.

use std::fmt;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::DateRange;
use crate::core::query::Query;
use crate::v1::models::Metadata;

/// Filters and paging of [`Customers::list`](crate::v1::admin::customers::Customers::list) and
/// [`Customers::iter`](crate::v1::admin::customers::Customers::iter): every parameter Medusa
/// 1.20's validator takes (it refuses any other with a 400). Empty lists and `None` are not sent.
///
/// What v1 cannot do: filter by e-mail (there is no `email` parameter: use `q` and compare the
/// answers), by metadata, or select `fields` (the server accepts `fields` and ignores it, so it
/// is not offered). Dates take no `$` before the operator (`created_at[gte]`), unlike v2.
///
/// Groups are always sent in the array form `groups[0]=…`, also for one group: the plain form
/// `groups=<id>` makes a Medusa 1.20 server crash (an unhandled rejection that ends the
/// process), so this crate never sends it.
///
/// ```
/// use medusa_blocking::v1::admin::params::{DateRange, ListCustomers};
/// let q = ListCustomers {
///     q: Some("jane".into()),
///     has_account: Some(false),
///     groups: vec!["cgrp_01".into()],
///     created_at: Some(DateRange::since("2026-01-01T00:00:00Z")),
///     order: Some("created_at".into()),
///     limit: Some(100),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("q=jane&has_account=false&groups%5B0%5D=cgrp_01\
///           &created_at%5Bgte%5D=2026-01-01T00%3A00%3A00Z&order=created_at&limit=100"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListCustomers {
    /// Free text, matched (case-insensitively, as a substring) against e-mail, first and last
    /// name. `%` and `_` are wildcards on the server.
    pub q: Option<String>,
    /// Registered accounts (`true`) or records without an account (`false`).
    pub has_account: Option<bool>,
    /// Members of any of these groups (ids). Each customer of such a list comes back with its
    /// `groups`.
    pub groups: Vec<String>,
    /// Creation date range.
    pub created_at: Option<DateRange>,
    /// Update date range.
    pub updated_at: Option<DateRange>,
    /// Sort by a field, `-` first for descending (`created_at`, `-created_at`, `email`, `id`).
    /// Without it the server promises no order: pass one for stable paging.
    pub order: Option<String>,
    /// Comma-separated relations to load (`groups`, `orders`, `shipping_addresses`).
    pub expand: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Customers to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListCustomers);

impl ListCustomers {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::ListCustomers;
    /// assert_eq!(ListCustomers::default().query_string(), None);
    /// let one_group = ListCustomers { groups: vec!["cgrp_01".into()], ..Default::default() };
    /// // Never the plain `groups=cgrp_01`, which crashes a Medusa 1.20 server.
    /// assert_eq!(one_group.query_string().as_deref(), Some("groups%5B0%5D=cgrp_01"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .opt("has_account", self.has_account.map(bool_str))
            .list("groups", &self.groups);
        if let Some(f) = &self.created_at {
            f.append_to(&mut q, "created_at");
        }
        if let Some(f) = &self.updated_at {
            f.append_to(&mut q, "updated_at");
        }
        q.opt("order", self.order.as_deref())
            .opt("expand", self.expand.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// A new customer (`POST /admin/customers`). Medusa 1.x requires an e-mail, a first and a last
/// name, **and a password**:
///
/// - `password: None` (sent as `""`) makes a customer **without an account** (`has_account:
///   false`, no password): a plain record, as an import makes;
/// - `password: Some(…)` makes a registered **account** that can log in to the store.
///
/// The server stores the e-mail lower-cased (`Jane@Example.com` → `jane@example.com`) and
/// refuses a local part longer than 64 characters. A second record without an account for the
/// same e-mail, or a second account, is a 422 `duplicate_error`; but an account next to a record
/// without one is accepted (two customers, one e-mail). `company_name` does not exist in v1.
///
/// ```
/// use medusa_blocking::v1::admin::params::CreateCustomer;
/// let record = CreateCustomer::new("jane@example.com", "Jane", "Doe");
/// assert_eq!(
///     serde_json::to_value(&record).unwrap(),
///     serde_json::json!({"email": "jane@example.com", "first_name": "Jane", "last_name": "Doe", "password": ""}),
/// );
/// let account = CreateCustomer { password: Some("supersecret".into()), ..record };
/// assert!(!format!("{account:?}").contains("supersecret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CreateCustomer {
    /// E-mail (required; stored lower-cased).
    pub email: String,
    /// First name (required by the server; `""` is accepted).
    pub first_name: String,
    /// Last name (required by the server; `""` is accepted).
    pub last_name: String,
    /// `None`: a customer without an account (sent as `""`); `Some`: an account with this
    /// password. Never printed by `Debug`.
    pub password: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Custom data, stored as given.
    pub metadata: Option<Metadata>,
}

impl CreateCustomer {
    /// A customer without an account, with its required fields; the optional ones stay unset.
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::CreateCustomer;
    /// let c = CreateCustomer { phone: Some("+15550001111".into()), ..CreateCustomer::new("jane@example.com", "Jane", "Doe") };
    /// assert_eq!(c.password, None);
    /// ```
    pub fn new(
        email: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> CreateCustomer {
        CreateCustomer {
            email: email.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            ..CreateCustomer::default()
        }
    }
}

impl CreateCustomer {
    /// The customer with `call_id` under [`CALL_ID_KEY`](super::CALL_ID_KEY) in its metadata.
    pub(crate) fn marked(&self, call_id: &str) -> CreateCustomer {
        let mut metadata = self.metadata.clone().unwrap_or_default();
        metadata.insert(super::CALL_ID_KEY.into(), call_id.into());
        CreateCustomer {
            metadata: Some(metadata),
            ..self.clone()
        }
    }
}

impl Serialize for CreateCustomer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let optional = usize::from(self.phone.is_some()) + usize::from(self.metadata.is_some());
        let mut body = s.serialize_struct("CreateCustomer", 4 + optional)?;
        body.serialize_field("email", &self.email)?;
        body.serialize_field("first_name", &self.first_name)?;
        body.serialize_field("last_name", &self.last_name)?;
        body.serialize_field("password", self.password.as_deref().unwrap_or(""))?;
        if let Some(phone) = &self.phone {
            body.serialize_field("phone", phone)?;
        }
        if let Some(metadata) = &self.metadata {
            body.serialize_field("metadata", metadata)?;
        }
        body.end()
    }
}

impl fmt::Debug for CreateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateCustomer")
            .field("email", &self.email)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("phone", &self.phone)
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// An update of a customer (`POST /admin/customers/{id}`): only the fields that are `Some` are
/// sent.
///
/// - `metadata` is merged into the stored object key by key; a key set to `""` is removed.
/// - `email` can change only for a customer without an account (an account's → 400 "Email
///   cannot be changed when the user has registered their account"); it is stored as sent (not
///   lower-cased, unlike create).
/// - `groups` **replaces** the customer's memberships with these groups (`Some(vec![])` leaves
///   none). To add or remove some without touching the others, use
///   [`Customers::add_groups`](crate::v1::admin::customers::Customers::add_groups) and
///   [`Customers::remove_groups`](crate::v1::admin::customers::Customers::remove_groups).
///
/// ```
/// use medusa_blocking::v1::admin::params::UpdateCustomer;
/// let mut metadata = serde_json::Map::new();
/// metadata.insert("tier".into(), "gold".into());
/// metadata.insert("old_key".into(), "".into()); // "" removes a key
/// let u = UpdateCustomer {
///     metadata: Some(metadata),
///     groups: Some(vec!["cgrp_01".into()]),
///     ..Default::default()
/// };
/// assert_eq!(
///     serde_json::to_value(&u).unwrap(),
///     serde_json::json!({"metadata": {"tier": "gold", "old_key": ""}, "groups": [{"id": "cgrp_01"}]}),
/// );
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct UpdateCustomer {
    /// E-mail (customers without an account only).
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
    /// New password; never printed by `Debug`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Merged into the stored metadata key by key; a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    /// The customer's groups, by id, replacing all its memberships (sent as `[{"id": …}]`).
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "serialize_ids"
    )]
    pub groups: Option<Vec<String>>,
}

impl fmt::Debug for UpdateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateCustomer")
            .field("email", &self.email)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("phone", &self.phone)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("metadata", &self.metadata)
            .field("groups", &self.groups)
            .finish()
    }
}

/// `[{"id": "a"}, {"id": "b"}]`, the form Medusa 1.x takes lists of ids in.
pub(crate) fn ids_as_objects<S: AsRef<str>>(ids: &[S]) -> Vec<IdRef<'_>> {
    ids.iter().map(|id| IdRef { id: id.as_ref() }).collect()
}

/// `{"id": …}`.
#[derive(Serialize)]
pub(crate) struct IdRef<'a> {
    id: &'a str,
}

fn serialize_ids<S: Serializer>(ids: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
    match ids {
        Some(ids) => ids_as_objects(ids).serialize(s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListCustomers {
            q: Some("a b&c".into()),
            has_account: Some(true),
            groups: vec!["cgrp_1".into(), "cgrp_2".into()],
            created_at: Some(DateRange {
                lt: Some("2027-01-01".into()),
                gt: Some("2026-01-01".into()),
                ..Default::default()
            }),
            updated_at: Some(DateRange {
                lte: Some("2026-12-31T23:59:59Z".into()),
                gte: Some("2026-06-01".into()),
                ..Default::default()
            }),
            order: Some("-created_at".into()),
            expand: Some("groups".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=a+b%26c&has_account=true&groups%5B0%5D=cgrp_1&groups%5B1%5D=cgrp_2\
             &created_at%5Bgt%5D=2026-01-01&created_at%5Blt%5D=2027-01-01\
             &updated_at%5Bgte%5D=2026-06-01&updated_at%5Blte%5D=2026-12-31T23%3A59%3A59Z\
             &order=-created_at&expand=groups&limit=5&offset=10"
        );
    }

    #[test]
    fn groups_are_never_sent_in_the_plain_form_that_crashes_the_server() {
        for groups in [vec!["g".to_string()], vec!["a".into(), "b".into()]] {
            let q = ListCustomers {
                groups,
                ..Default::default()
            }
            .query_string()
            .unwrap();
            for pair in q.split('&') {
                assert!(pair.starts_with("groups%5B"), "{pair} in {q}");
            }
        }
        // No group: nothing at all (not an empty `groups=`).
        assert_eq!(ListCustomers::default().query_string(), None);
    }

    #[test]
    fn create_always_sends_a_password_and_hides_it() {
        let record = CreateCustomer::new("a@b.c", "A", "B");
        assert_eq!(
            serde_json::to_string(&record).unwrap(),
            r#"{"email":"a@b.c","first_name":"A","last_name":"B","password":""}"#
        );
        let mut metadata = Metadata::new();
        metadata.insert("import_ref".into(), "row-1".into());
        let account = CreateCustomer {
            password: Some("hunter2".into()),
            phone: Some("+1".into()),
            metadata: Some(metadata),
            ..record
        };
        assert_eq!(
            serde_json::to_string(&account).unwrap(),
            r#"{"email":"a@b.c","first_name":"A","last_name":"B","password":"hunter2","phone":"+1","metadata":{"import_ref":"row-1"}}"#
        );
        assert!(!format!("{account:?}").contains("hunter2"));
    }

    #[test]
    fn update_sends_only_what_is_set_groups_as_objects() {
        assert_eq!(
            serde_json::to_string(&UpdateCustomer::default()).unwrap(),
            "{}"
        );
        let clear = UpdateCustomer {
            groups: Some(vec![]),
            password: Some("hunter2".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&clear).unwrap(),
            r#"{"password":"hunter2","groups":[]}"#
        );
        assert!(!format!("{clear:?}").contains("hunter2"));
    }
}
