//! Orders.

use serde::{Deserialize, Serialize};

use super::{
    Address, Currency, Customer, Discount, Fulfillment, FulfillmentStatus, GiftCard,
    GiftCardTransaction, LineItem, Metadata, OrderStatus, Payment, PaymentStatus, Region,
    SalesChannel, ShippingMethod,
};

/// An order, as returned by `GET /store/customers/me/orders` (`orders[]`), `GET /store/orders/{id}`
/// (`order`) and `POST /store/carts/{id}/complete` (`data` when `type` is `"order"`).
///
/// **Every field except `id` is optional.** Which fields appear depends on the route: the orders
/// list selects only 12 columns by default (`id, status, fulfillment_status, payment_status,
/// display_id, cart_id, customer_id, email, region_id, currency_code, tax_rate, created_at`) plus
/// relations and computed totals, and the `fields` query parameter can narrow it further. A
/// missing field is `None`, so `None` means "not sent" as well as `null`.
///
/// Money is in minor units of `currency_code` (cents for `usd`).
///
/// ```rust
/// use medusa_blocking::v1::models::{Order, OrderStatus, PaymentStatus};
///
/// let json = r#"{
///     "object": "order", "id": "order_01", "created_at": "2024-01-01T00:00:00.000Z",
///     "status": "pending", "fulfillment_status": "not_fulfilled", "payment_status": "awaiting",
///     "display_id": 1, "currency_code": "usd", "tax_rate": null,
///     "items": [{"id": "item_01", "title": "T-Shirt", "unit_price": 1950, "quantity": 2}],
///     "subtotal": 3900, "shipping_total": 500, "total": 4400
/// }"#;
/// let order: Order = serde_json::from_str(json).unwrap();
/// assert_eq!(order.display_id, Some(1));
/// assert_eq!(order.status, Some(OrderStatus::Pending));
/// assert_eq!(order.payment_status, Some(PaymentStatus::Awaiting));
/// assert_eq!(order.total, Some(4400));
/// assert_eq!(order.tax_rate, None);
/// assert_eq!(order.metadata, None); // not selected by the orders list
/// let items = order.items.unwrap_or_default();
/// assert_eq!(items[0].unit_price * items[0].quantity, 3900);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Order {
    /// Object type marker, always `"order"` (not among the spec's properties, but sent).
    pub object: Option<String>,
    /// Order id (`order_…`). The only field always present.
    pub id: String,

    // Statuses.
    /// Overall status.
    pub status: Option<OrderStatus>,
    /// Fulfillment status.
    pub fulfillment_status: Option<FulfillmentStatus>,
    /// Payment status.
    pub payment_status: Option<PaymentStatus>,

    // Scalar columns.
    /// Human-facing sequential order number.
    pub display_id: Option<i64>,
    /// Cart the order was created from.
    pub cart_id: Option<String>,
    /// Owning customer.
    pub customer_id: Option<String>,
    /// Email the order was placed with.
    pub email: Option<String>,
    /// Billing address id.
    pub billing_address_id: Option<String>,
    /// Shipping address id.
    pub shipping_address_id: Option<String>,
    /// Region id.
    pub region_id: Option<String>,
    /// Lowercase ISO 4217 currency code (`usd`).
    pub currency_code: Option<String>,
    /// Legacy order-level tax rate in percent; `null` for orders using tax lines.
    pub tax_rate: Option<f64>,
    /// Draft order the order was created from.
    pub draft_order_id: Option<String>,
    /// Cancellation time.
    pub canceled_at: Option<String>,
    /// Whether notifications are suppressed for this order.
    pub no_notification: Option<bool>,
    /// Idempotency key used when the order was created.
    pub idempotency_key: Option<String>,
    /// Id in an external system.
    pub external_id: Option<String>,
    /// Sales channel id.
    pub sales_channel_id: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,

    // Modelled relations.
    /// Billing address.
    pub billing_address: Option<Address>,
    /// Shipping address.
    pub shipping_address: Option<Address>,
    /// Region.
    pub region: Option<Region>,
    /// Currency.
    pub currency: Option<Currency>,
    /// Customer (without its own relations).
    pub customer: Option<Customer>,
    /// Applied discounts.
    pub discounts: Option<Vec<Discount>>,
    /// Applied gift cards.
    pub gift_cards: Option<Vec<GiftCard>>,
    /// Shipping methods.
    pub shipping_methods: Option<Vec<ShippingMethod>>,
    /// Payments.
    pub payments: Option<Vec<Payment>>,
    /// Fulfillments.
    pub fulfillments: Option<Vec<Fulfillment>>,
    /// Line items.
    pub items: Option<Vec<LineItem>>,
    /// Gift card transactions.
    pub gift_card_transactions: Option<Vec<GiftCardTransaction>>,
    /// Sales channel.
    pub sales_channel: Option<SalesChannel>,
    /// Sales channels (only with the multi-sales-channel feature).
    pub sales_channels: Option<Vec<SalesChannel>>,
    /// Items that can still be returned (only when requested).
    pub returnable_items: Option<Vec<LineItem>>,

    // Relations not modelled in depth: raw JSON as sent.
    /// Returns (raw JSON, not modelled in depth).
    pub returns: Option<Vec<serde_json::Value>>,
    /// Claims (raw JSON, not modelled in depth).
    pub claims: Option<Vec<serde_json::Value>>,
    /// Refunds (raw JSON, not modelled in depth).
    pub refunds: Option<Vec<serde_json::Value>>,
    /// Swaps (raw JSON, not modelled in depth).
    pub swaps: Option<Vec<serde_json::Value>>,
    /// Order edits (raw JSON, not modelled in depth).
    pub edits: Option<Vec<serde_json::Value>>,
    /// The cart (raw JSON, not modelled in depth).
    pub cart: Option<serde_json::Value>,
    /// The draft order (raw JSON, not modelled in depth).
    pub draft_order: Option<serde_json::Value>,

    // Computed totals (minor units), added by the server on every response.
    /// Sum of shipping method prices.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub shipping_total: Option<i64>,
    /// Tax on shipping.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub shipping_tax_total: Option<i64>,
    /// Discount total before rounding; can be fractional.
    pub raw_discount_total: Option<f64>,
    /// Discount total (rounded).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub discount_total: Option<i64>,
    /// Total tax (items, shipping, gift cards).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub tax_total: Option<i64>,
    /// Tax on items.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub item_tax_total: Option<i64>,
    /// Amount refunded.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub refunded_total: Option<i64>,
    /// Grand total.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub total: Option<i64>,
    /// Sum of line items before discounts, shipping and taxes.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub subtotal: Option<i64>,
    /// Amount paid (captured or authorized payments).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub paid_total: Option<i64>,
    /// Amount that can still be refunded.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub refundable_amount: Option<i64>,
    /// Amount paid by gift cards.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub gift_card_total: Option<i64>,
    /// Tax on the gift card amount.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub gift_card_tax_total: Option<i64>,
}

page_type! {
    /// One page of orders: `{orders, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v1::models::OrderPage;
    /// let page: OrderPage = serde_json::from_str(
    ///     r#"{"orders":[{"id":"order_01","status":"pending"}],"count":1,"offset":0,"limit":10}"#,
    /// ).unwrap();
    /// assert_eq!(page.orders[0].id, "order_01");
    /// assert_eq!((page.count, page.offset, page.limit), (1, 0, 10));
    /// ```
    OrderPage {
        /// The orders of this page, newest first (partial objects).
        orders: Order
    }
}
