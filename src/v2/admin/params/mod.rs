//! What the v2 Admin calls send: bodies, and the filters and paging of lists, apart from the
//! response models ([`crate::v2::models`]). Plain structs with public fields and `Default`;
//! fields left unset are not sent. A list's `query_string()` shows the query exactly as sent.
//!
//! ```
//! use medusa_blocking::v2::admin::params::{DateRange, ListCustomers};
//! let q = ListCustomers {
//!     has_account: Some(false),
//!     created_at: Some(DateRange::since("2026-01-01T00:00:00Z")),
//!     ..Default::default()
//! };
//! assert_eq!(
//!     q.query_string().as_deref(),
//!     Some("has_account=false&created_at%5B%24gte%5D=2026-01-01T00%3A00%3A00Z"),
//! );
//! ```

mod customer_groups;
mod customers;

use crate::core::query::Query;

pub use crate::v2::store::params::{AddressCreate, AddressUpdate, CALL_ID_KEY};
pub use customer_groups::{CreateCustomerGroup, ListCustomerGroups, UpdateCustomerGroup};
pub use customers::{CreateCustomer, ListCustomerAddresses, ListCustomers, UpdateCustomer};

/// A range of times for a `created_at`, `updated_at` or `deleted_at` filter: ISO-8601 times as
/// the server compares them (`2026-12-05T17:03:41.000Z`), each bound optional. Sent with v2's
/// `$` operators (`created_at[$gte]=…`): without the `$` a 2.21 server silently drops the
/// filter and returns the whole list, so the crate never sends that form. A time the server
/// cannot read is its 500.
///
/// ```
/// use medusa_blocking::v2::admin::params::DateRange;
/// let day = DateRange::since("2026-12-05T00:00:00Z").and_before("2026-12-06T00:00:00Z");
/// assert_eq!(day.gte.as_deref(), Some("2026-12-05T00:00:00Z"));
/// assert_eq!(day.lt.as_deref(), Some("2026-12-06T00:00:00Z"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    /// After this time (`$gt`).
    pub gt: Option<String>,
    /// At or after this time (`$gte`).
    pub gte: Option<String>,
    /// Before this time (`$lt`).
    pub lt: Option<String>,
    /// At or before this time (`$lte`).
    pub lte: Option<String>,
}

impl DateRange {
    /// At or after `time` (`$gte`).
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::DateRange;
    /// assert_eq!(DateRange::since("2026-12-05").gte.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn since(time: impl Into<String>) -> DateRange {
        DateRange {
            gte: Some(time.into()),
            ..DateRange::default()
        }
    }

    /// Before `time` (`$lt`).
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::DateRange;
    /// assert_eq!(DateRange::before("2026-12-05").lt.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn before(time: impl Into<String>) -> DateRange {
        DateRange {
            lt: Some(time.into()),
            ..DateRange::default()
        }
    }

    /// This range, ending before `time` (`$lt`).
    ///
    /// ```
    /// use medusa_blocking::v2::admin::params::DateRange;
    /// let r = DateRange::since("2026-12-01").and_before("2026-12-05");
    /// assert_eq!(r.lt.as_deref(), Some("2026-12-05"));
    /// ```
    pub fn and_before(self, time: impl Into<String>) -> DateRange {
        DateRange {
            lt: Some(time.into()),
            ..self
        }
    }
}

/// `key[$gt]=…&key[$gte]=…&key[$lt]=…&key[$lte]=…`, the bounds that are set.
fn date_range(q: &mut Query, key: &str, range: Option<&DateRange>) {
    let Some(range) = range else {
        return;
    };
    for (op, value) in [
        ("$gt", &range.gt),
        ("$gte", &range.gte),
        ("$lt", &range.lt),
        ("$lte", &range.lte),
    ] {
        if let Some(value) = value {
            q.pair(&format!("{key}[{op}]"), value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_ranges_use_the_dollar_operators_in_a_fixed_order() {
        let mut q = Query::new();
        let all = DateRange {
            gt: Some("a".into()),
            gte: Some("b".into()),
            lt: Some("c".into()),
            lte: Some("d".into()),
        };
        date_range(&mut q, "updated_at", Some(&all));
        date_range(&mut q, "created_at", None);
        date_range(&mut q, "deleted_at", Some(&DateRange::default()));
        assert_eq!(
            q.finish().as_deref(),
            Some(
                "updated_at%5B%24gt%5D=a&updated_at%5B%24gte%5D=b&updated_at%5B%24lt%5D=c\
                 &updated_at%5B%24lte%5D=d"
            )
        );
    }
}
