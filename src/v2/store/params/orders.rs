//! The customer's orders: their filters and paging ([`ListOrders`]), and a transfer request
//! ([`RequestTransfer`]).

use serde::Serialize;

use crate::core::query::Query;
use crate::v2::models::OrderStatus;

/// Filters and paging of the customer's orders: what the v2 server's validator accepts
/// (`id`, `status`, `limit`, `offset`, `order`, `fields`), and nothing else (it rejects unknown
/// parameters).
///
/// ```
/// use medusa_blocking::v2::store::params::ListOrders;
/// use medusa_blocking::v2::models::OrderStatus;
/// let q = ListOrders {
///     status: vec![OrderStatus::Completed],
///     limit: Some(20),
///     order: Some("-created_at".into()),
///     fields: Some("+metadata,*items".into()),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("status%5B0%5D=completed&order=-created_at&fields=%2Bmetadata%2C*items&limit=20"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListOrders {
    /// Any of these order ids.
    pub id: Vec<String>,
    /// Any of these statuses.
    pub status: Vec<OrderStatus>,
    /// Sort by one field, `-` for descending: `-created_at`. The server's default is by id.
    pub order: Option<String>,
    /// Fields to select: `a,b` replaces the defaults, `+field` adds one, `*relation` adds a
    /// relation with all its fields, `-field` removes one.
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Orders to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListOrders);

impl ListOrders {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListOrders;
    /// assert_eq!(ListOrders::default().query_string(), None);
    /// let q = ListOrders { limit: Some(1), offset: Some(0), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("limit=1&offset=0"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.list("id", &self.id)
            .list(
                "status",
                &self.status.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            )
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

/// A transfer request ([`Orders::request_transfer`](crate::v2::store::orders::Orders::request_transfer)).
///
/// ```
/// use medusa_blocking::v2::store::params::RequestTransfer;
/// let r = RequestTransfer { description: Some("my guest order".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&r).unwrap(), r#"{"description":"my guest order"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RequestTransfer {
    /// A note for the order's owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the order's e-mail becomes the customer's once transferred.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_order_email: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListOrders {
            id: vec!["order_1".into(), "order_2".into()],
            status: vec![OrderStatus::Pending, OrderStatus::Unknown("later".into())],
            order: Some("-created_at".into()),
            fields: Some("id,-email,+metadata".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "id%5B0%5D=order_1&id%5B1%5D=order_2&status%5B0%5D=pending&status%5B1%5D=later\
             &order=-created_at&fields=id%2C-email%2C%2Bmetadata&limit=5&offset=10"
        );
    }
}
