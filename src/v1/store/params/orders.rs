//! The filters and paging of the logged-in customer's orders ([`ListOrders`], [`DateFilter`]).
//! The calls are [`Customers::list_orders`](crate::v1::store::customers::Customers::list_orders)
//! and [`Customers::iter_orders`](crate::v1::store::customers::Customers::iter_orders), as in
//! medusa-js.

use crate::core::query::Query;
use crate::v1::models::{FulfillmentStatus, OrderStatus, PaymentStatus};

/// A date range filter: each bound set is sent as `field[op]=value`. Values are ISO-8601 dates
/// (`2024-01-31` or `2024-01-31T12:00:00Z`) or unix seconds.
///
/// ```
/// use medusa_blocking::v1::store::params::{DateFilter, ListOrders};
/// let q = ListOrders {
///     created_at: Some(DateFilter { gte: Some("2024-01-01".into()), ..Default::default() }),
///     ..Default::default()
/// };
/// assert_eq!(q.query_string().as_deref(), Some("created_at%5Bgte%5D=2024-01-01"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateFilter {
    /// Strictly before.
    pub lt: Option<String>,
    /// Strictly after.
    pub gt: Option<String>,
    /// At or before.
    pub lte: Option<String>,
    /// At or after.
    pub gte: Option<String>,
}

/// Filters and paging of [`Customers::list_orders`](crate::v1::store::customers::Customers::list_orders): every parameter the server's validator
/// accepts, and nothing else (it rejects unknown ones). Empty lists and `None` are not sent.
///
/// ```
/// use medusa_blocking::v1::store::params::ListOrders;
/// use medusa_blocking::v1::models::{OrderStatus, PaymentStatus};
/// let q = ListOrders {
///     status: vec![OrderStatus::Completed, OrderStatus::Canceled],
///     payment_status: vec![PaymentStatus::Captured],
///     limit: Some(20),
///     fields: Some("id,display_id,total".into()),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("status%5B0%5D=completed&status%5B1%5D=canceled&payment_status%5B0%5D=captured\
///           &fields=id%2Cdisplay_id%2Ctotal&limit=20"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListOrders {
    /// Free text: matches shipping first name, e-mail, display id, customer names and phone.
    pub q: Option<String>,
    /// Order id.
    pub id: Option<String>,
    /// Any of these statuses.
    pub status: Vec<OrderStatus>,
    /// Any of these fulfillment statuses.
    pub fulfillment_status: Vec<FulfillmentStatus>,
    /// Any of these payment statuses.
    pub payment_status: Vec<PaymentStatus>,
    /// Display id (the server's validator takes it as a string).
    pub display_id: Option<String>,
    /// Cart id.
    pub cart_id: Option<String>,
    /// Order e-mail.
    pub email: Option<String>,
    /// Region id.
    pub region_id: Option<String>,
    /// Currency code, e.g. `usd`.
    pub currency_code: Option<String>,
    /// Tax rate (the server's validator takes it as a string).
    pub tax_rate: Option<String>,
    /// Creation date range.
    pub created_at: Option<DateFilter>,
    /// Update date range.
    pub updated_at: Option<DateFilter>,
    /// Cancellation date range.
    pub canceled_at: Option<DateFilter>,
    /// Comma-separated fields to select; without `+`/`-` they replace the defaults.
    pub fields: Option<String>,
    /// Comma-separated relations to load.
    pub expand: Option<String>,
    /// Page size (server default 10).
    pub limit: Option<u32>,
    /// Orders to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListOrders);

impl ListOrders {
    /// The query string as sent (without `?`), `None` when nothing is set: arrays in indexed
    /// form, date ranges in bracket form, percent-encoded, as the server's `qs` parser reads them.
    ///
    /// ```
    /// use medusa_blocking::v1::store::params::ListOrders;
    /// assert_eq!(ListOrders::default().query_string(), None);
    /// let q = ListOrders { limit: Some(1), offset: Some(0), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("limit=1&offset=0"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .opt("id", self.id.as_deref())
            .list(
                "status",
                &self.status.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            )
            .list(
                "fulfillment_status",
                &self
                    .fulfillment_status
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )
            .list(
                "payment_status",
                &self
                    .payment_status
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            )
            .opt("display_id", self.display_id.as_deref())
            .opt("cart_id", self.cart_id.as_deref())
            .opt("email", self.email.as_deref())
            .opt("region_id", self.region_id.as_deref())
            .opt("currency_code", self.currency_code.as_deref())
            .opt("tax_rate", self.tax_rate.as_deref());
        for (key, filter) in [
            ("created_at", &self.created_at),
            ("updated_at", &self.updated_at),
            ("canceled_at", &self.canceled_at),
        ] {
            // Bracket form, `created_at[gt]=…`, as `qs` reads a nested object.
            let Some(f) = filter else { continue };
            for (op, value) in [
                ("lt", &f.lt),
                ("gt", &f.gt),
                ("lte", &f.lte),
                ("gte", &f.gte),
            ] {
                if let Some(v) = value {
                    q.pair(&format!("{key}[{op}]"), v);
                }
            }
        }
        q.opt("fields", self.fields.as_deref())
            .opt("expand", self.expand.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_qs_reads_it() {
        let q = ListOrders {
            q: Some("jane doe".into()),
            id: Some("order_1".into()),
            status: vec![OrderStatus::Pending, OrderStatus::Unknown("weird".into())],
            fulfillment_status: vec![FulfillmentStatus::NotFulfilled],
            payment_status: vec![PaymentStatus::Awaiting, PaymentStatus::Captured],
            display_id: Some("7".into()),
            cart_id: Some("cart_1".into()),
            email: Some("a+b@c.d".into()),
            region_id: Some("reg_1".into()),
            currency_code: Some("usd".into()),
            tax_rate: Some("0.2".into()),
            created_at: Some(DateFilter {
                lt: Some("2025-01-01".into()),
                gt: Some("2024-01-01".into()),
                lte: None,
                gte: None,
            }),
            updated_at: Some(DateFilter {
                lte: Some("1700000000".into()),
                ..Default::default()
            }),
            canceled_at: Some(DateFilter {
                gte: Some("2024-06-01T00:00:00Z".into()),
                ..Default::default()
            }),
            fields: Some("id,total".into()),
            expand: Some("items".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=jane+doe&id=order_1&status%5B0%5D=pending&status%5B1%5D=weird\
             &fulfillment_status%5B0%5D=not_fulfilled\
             &payment_status%5B0%5D=awaiting&payment_status%5B1%5D=captured\
             &display_id=7&cart_id=cart_1&email=a%2Bb%40c.d&region_id=reg_1&currency_code=usd\
             &tax_rate=0.2&created_at%5Blt%5D=2025-01-01&created_at%5Bgt%5D=2024-01-01\
             &updated_at%5Blte%5D=1700000000&canceled_at%5Bgte%5D=2024-06-01T00%3A00%3A00Z\
             &fields=id%2Ctotal&expand=items&limit=5&offset=10"
        );
    }
}
