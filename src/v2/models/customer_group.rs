//! Customer groups (Admin API).

use serde::{Deserialize, Serialize};

use super::{Customer, Metadata};

/// A customer group (`cusgroup_…`), as the Admin API returns it
/// (`/admin/customer-groups…`, [`crate::v2::admin::customer_groups`]) and inside a customer
/// asked for with its groups (`fields("*groups")`). A `fields=` selection returns a partial
/// group; what is not sent takes its default.
///
/// ```
/// use medusa_blocking::v2::models::CustomerGroup;
/// let group: CustomerGroup = serde_json::from_str(
///     r#"{"id":"cusgroup_01","name":"VIP","metadata":{"tier":2},"created_by":"user_01",
///         "created_at":"2026-12-05T17:03:41.000Z","updated_at":"2026-12-05T17:03:41.000Z",
///         "deleted_at":null,"customers":[{"id":"cus_01","email":"a@b.c"}]}"#,
/// ).unwrap();
/// assert_eq!(group.name, "VIP");
/// assert_eq!(group.customers.unwrap()[0].id, "cus_01");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CustomerGroup {
    /// Group id (`cusgroup_…`).
    pub id: String,
    /// Its name, unique among the groups that are not deleted.
    pub name: String,
    /// Who made it: an admin user's id, or a secret API key's id.
    pub created_by: Option<String>,
    /// Its members, when asked for (`fields("*customers")`); `None` when not sent.
    pub customers: Option<Vec<Customer>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data (an update merges into it).
    pub metadata: Option<Metadata>,
}

page_type! {
    /// One page of customer groups: `{customer_groups, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::CustomerGroupPage;
    /// let page: CustomerGroupPage = serde_json::from_str(
    ///     r#"{"customer_groups":[{"id":"cusgroup_01","name":"VIP"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.customer_groups[0].name, "VIP");
    /// ```
    CustomerGroupPage {
        /// The groups of this page.
        customer_groups: CustomerGroup
    }
}

/// What the Admin API's deletes answer: `{id, object, deleted: true}`
/// (`DELETE /admin/customers/{id}`, `DELETE /admin/customer-groups/{id}`). The server answers so
/// for an unknown id too; this crate's deletes look first and say 404 `not_found` instead.
///
/// ```
/// use medusa_blocking::v2::models::Deleted;
/// let d: Deleted =
///     serde_json::from_str(r#"{"id":"cus_01","object":"customer","deleted":true}"#).unwrap();
/// assert!(d.deleted);
/// assert_eq!(d.object, "customer");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Deleted {
    /// The id of what was deleted.
    pub id: String,
    /// `customer`, `customer_group`.
    pub object: String,
    /// `true`.
    pub deleted: bool,
}

/// An admin user (`GET /admin/users/me`, [`crate::v2::admin::auth::Auth::get_session`]).
///
/// ```
/// use medusa_blocking::v2::models::User;
/// let user: User = serde_json::from_str(
///     r#"{"id":"user_01","email":"admin@example.com","first_name":null,"avatar_url":null}"#,
/// ).unwrap();
/// assert_eq!(user.email, "admin@example.com");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct User {
    /// User id (`user_…`).
    pub id: String,
    /// E-mail address.
    pub email: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Avatar URL.
    pub avatar_url: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}
