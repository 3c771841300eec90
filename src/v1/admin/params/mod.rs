//! What the v1 Admin calls send: bodies, and the filters and paging of lists, apart from the
//! response models ([`crate::v1::models`]). Plain structs with public fields and `Default`;
//! fields left unset are not sent. The v2 wing has the same names in `v2::admin::params`.
//!
//! ```
//! use medusa_blocking::v1::admin::params::{CreateCustomer, ListCustomers};
//! let jane = CreateCustomer::new("jane@example.com", "Jane", "Doe"); // no account
//! let first_page = ListCustomers { order: Some("created_at".into()), limit: Some(100), ..Default::default() };
//! # let _ = (jane, first_page);
//! ```

mod customer_groups;
mod customers;

use crate::core::query::Query;

pub use customer_groups::{CreateCustomerGroup, ListCustomerGroups, UpdateCustomerGroup};
pub use customers::{CreateCustomer, ListCustomers, UpdateCustomer};

pub(crate) use customers::{IdRef, ids_as_objects};

/// The `metadata` key under which a create sent with retries on carries a random id of its call
/// (`POST /admin/customers`, `POST /admin/customer-groups`), so that after a lost response the
/// client can tell the record its own call made from one someone else made meanwhile. The
/// server keeps it with the record (about 60 bytes) and returns it in `metadata`; a caller's
/// value under this key is replaced. The same key as the v2 wing's.
///
/// ```
/// use medusa_blocking::v1::admin::params::CALL_ID_KEY;
/// # let customer: medusa_blocking::v1::models::Customer = serde_json::from_value(serde_json::json!({
/// #     "id": "cus_1", "email": "a@b.c", "metadata": {"medusa_blocking_call_id": "0b8c…"}})).unwrap();
/// let made_by_a_retried_call = customer.metadata.as_ref().is_some_and(|m| m.contains_key(CALL_ID_KEY));
/// # assert!(made_by_a_retried_call);
/// ```
pub const CALL_ID_KEY: &str = "medusa_blocking_call_id";

/// Whether `metadata` carries `call_id` under [`CALL_ID_KEY`].
pub(crate) fn marked_with(metadata: Option<&crate::v1::models::Metadata>, call_id: &str) -> bool {
    metadata
        .and_then(|m| m.get(CALL_ID_KEY))
        .and_then(|v| v.as_str())
        == Some(call_id)
}

/// A range of times for a `created_at` or `updated_at` filter: ISO-8601 times
/// (`2026-12-05T17:03:41.000Z`) or dates, each bound optional. Sent as Medusa 1.x reads it,
/// **without** `$` (`created_at[gte]=…`; a 1.20 server refuses `created_at[$gte]` with a 400).
/// The same name and calls as v2's `v2::admin::params::DateRange`, which sends the `$` form.
///
/// ```
/// use medusa_blocking::v1::admin::params::{DateRange, ListCustomers};
/// let q = ListCustomers {
///     created_at: Some(DateRange::since("2026-12-05").and_before("2026-12-06")),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("created_at%5Bgte%5D=2026-12-05&created_at%5Blt%5D=2026-12-06"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    /// After this time (`gt`).
    pub gt: Option<String>,
    /// At or after this time (`gte`).
    pub gte: Option<String>,
    /// Before this time (`lt`).
    pub lt: Option<String>,
    /// At or before this time (`lte`).
    pub lte: Option<String>,
}

impl DateRange {
    /// At or after `time` (`gte`).
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::DateRange;
    /// assert_eq!(DateRange::since("2026-12-05").gte.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn since(time: impl Into<String>) -> DateRange {
        DateRange {
            gte: Some(time.into()),
            ..DateRange::default()
        }
    }

    /// Before `time` (`lt`).
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::DateRange;
    /// assert_eq!(DateRange::before("2026-12-05").lt.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn before(time: impl Into<String>) -> DateRange {
        DateRange {
            lt: Some(time.into()),
            ..DateRange::default()
        }
    }

    /// This range, ending before `time` (`lt`).
    ///
    /// ```
    /// use medusa_blocking::v1::admin::params::DateRange;
    /// let r = DateRange::since("2026-12-01").and_before("2026-12-05");
    /// assert_eq!(r.lt.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn and_before(self, time: impl Into<String>) -> DateRange {
        DateRange {
            lt: Some(time.into()),
            ..self
        }
    }

    /// Appends the bounds that are set as `key[op]=value` (bracket form, as `qs` reads a nested
    /// object), in the order `gt`, `gte`, `lt`, `lte`.
    pub(crate) fn append_to(&self, q: &mut Query, key: &str) {
        for (op, value) in [
            ("gt", &self.gt),
            ("gte", &self.gte),
            ("lt", &self.lt),
            ("lte", &self.lte),
        ] {
            if let Some(v) = value {
                q.pair(&format!("{key}[{op}]"), v);
            }
        }
    }
}
