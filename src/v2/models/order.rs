//! Orders, their addresses and their payment summary.

use serde::{Deserialize, Serialize};

use super::{
    Customer, FulfillmentStatus, Metadata, OrderItem, OrderShippingMethod, OrderStatus,
    PaymentStatus,
};
use crate::money::Amount;

/// An order, as returned by `GET /store/orders` (`orders[]`), `GET /store/orders/{id}`
/// (`order`) and `POST /store/carts/{id}/complete` (`order` when `type` is `"order"`).
///
/// **Every field except `id` is optional**, because which fields appear depends on the route
/// and on `fields=`: the list sends by default `id, status, display_id, custom_display_id,
/// currency_code, total, summary, items, fulfillment_status, payment_status, metadata, version,
/// created_at, updated_at`; the single order adds the other totals, the addresses, the shipping
/// methods and the payment collections. `None` means "not sent" as well as `null`.
///
/// Money is an exact [`Amount`] in **major units** of `currency_code` (`19.99` dollars, where
/// v1 sent `1999` cents). There is no order-level `raw_total`: the exact grand total is
/// [`OrderSummary::raw_current_order_total`], equal to `total` for any total of up to 15
/// significant digits.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::{Order, OrderStatus, PaymentStatus};
///
/// let json = r#"{
///     "id": "order_01", "status": "pending", "display_id": 2, "custom_display_id": null,
///     "currency_code": "usd", "total": 559.97, "version": 1, "metadata": null,
///     "summary": {"current_order_total": 559.97,
///                 "raw_current_order_total": {"value": "559.97", "precision": 20}},
///     "items": [{"id": "ordli_01", "title": "Sticker", "unit_price": 19.99, "quantity": 3}],
///     "payment_status": "authorized", "fulfillment_status": "not_fulfilled",
///     "created_at": "2026-12-01T10:00:00.000Z", "some_future_field": true
/// }"#;
/// let order: Order = serde_json::from_str(json).unwrap();
/// assert_eq!(order.display_id, Some(2));
/// assert_eq!(order.status, Some(OrderStatus::Pending));
/// assert_eq!(order.payment_status, Some(PaymentStatus::Authorized));
///
/// let total = order.total.unwrap();
/// assert_eq!(total, "559.97".parse::<Amount>().unwrap());
/// assert_eq!(total.to_string(), "559.97");
/// assert_eq!(order.summary.unwrap().raw_current_order_total, Some(total));
///
/// let item = &order.items.unwrap()[0];
/// assert_eq!((item.unit_price * item.quantity).unwrap().to_string(), "59.97");
/// assert_eq!(order.email, None); // not in the list's default fields
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Order {
    /// Order id (`order_…`). The only field always present.
    pub id: String,

    // Statuses.
    /// Overall status.
    pub status: Option<OrderStatus>,
    /// Payment status, aggregated from the payment collections.
    pub payment_status: Option<PaymentStatus>,
    /// Fulfillment status, aggregated from the fulfillments.
    pub fulfillment_status: Option<FulfillmentStatus>,

    // Scalar columns.
    /// Human-facing sequential order number.
    pub display_id: Option<i64>,
    /// A shop-defined order number, when the shop sets one (usually `null`).
    pub custom_display_id: Option<String>,
    /// Version of the order, raised by each order change (edit, return, claim, exchange).
    pub version: Option<i64>,
    /// Email the order was placed with.
    pub email: Option<String>,
    /// Lowercase ISO 4217 currency code (`usd`) of every amount of the order.
    pub currency_code: Option<String>,
    /// Owning customer.
    pub customer_id: Option<String>,
    /// Region id.
    pub region_id: Option<String>,
    /// Sales channel id.
    pub sales_channel_id: Option<String>,
    /// Locale of the order, when the shop records one.
    pub locale: Option<String>,
    /// Whether this is a draft order.
    pub is_draft_order: Option<bool>,
    /// Whether notifications are suppressed for this order.
    pub no_notification: Option<bool>,
    /// Cancellation time.
    pub canceled_at: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,

    // Modelled relations.
    /// Line items.
    pub items: Option<Vec<OrderItem>>,
    /// Shipping methods.
    pub shipping_methods: Option<Vec<OrderShippingMethod>>,
    /// Shipping address.
    pub shipping_address: Option<OrderAddress>,
    /// Billing address.
    pub billing_address: Option<OrderAddress>,
    /// The payment summary (paid, refunded, what is still due).
    pub summary: Option<OrderSummary>,
    /// The customer (only with `fields=*customer`).
    pub customer: Option<Customer>,

    // Relations not modelled in depth: raw JSON as sent.
    /// Payment collections, with their `status` and amounts (raw JSON, not modelled in
    /// depth).
    pub payment_collections: Option<Vec<serde_json::Value>>,
    /// Fulfillments (raw JSON, not modelled in depth).
    pub fulfillments: Option<Vec<serde_json::Value>>,
    /// Credit lines (raw JSON, not modelled in depth).
    pub credit_lines: Option<Vec<serde_json::Value>>,
    /// Transactions (raw JSON, not modelled in depth).
    pub transactions: Option<Vec<serde_json::Value>>,

    // Computed totals, in major units.
    /// Grand total.
    pub total: Option<Amount>,
    /// Total before taxes, after discounts.
    pub subtotal: Option<Amount>,
    /// Total tax.
    pub tax_total: Option<Amount>,
    /// Discount total, tax included.
    pub discount_total: Option<Amount>,
    /// Discount total, tax excluded.
    pub discount_subtotal: Option<Amount>,
    /// Tax part of the discounts.
    pub discount_tax_total: Option<Amount>,
    /// Grand total before discounts.
    pub original_total: Option<Amount>,
    /// Subtotal before discounts.
    pub original_subtotal: Option<Amount>,
    /// Tax before discounts.
    pub original_tax_total: Option<Amount>,
    /// Items total.
    pub item_total: Option<Amount>,
    /// Items subtotal.
    pub item_subtotal: Option<Amount>,
    /// Tax on items.
    pub item_tax_total: Option<Amount>,
    /// Items total before discounts.
    pub original_item_total: Option<Amount>,
    /// Items subtotal before discounts.
    pub original_item_subtotal: Option<Amount>,
    /// Tax on items before discounts.
    pub original_item_tax_total: Option<Amount>,
    /// Shipping total.
    pub shipping_total: Option<Amount>,
    /// Shipping subtotal.
    pub shipping_subtotal: Option<Amount>,
    /// Tax on shipping.
    pub shipping_tax_total: Option<Amount>,
    /// Shipping total before discounts.
    pub original_shipping_total: Option<Amount>,
    /// Shipping subtotal before discounts.
    pub original_shipping_subtotal: Option<Amount>,
    /// Tax on shipping before discounts.
    pub original_shipping_tax_total: Option<Amount>,
    /// Credit lines total.
    pub credit_line_total: Option<Amount>,
    /// Credit lines subtotal.
    pub credit_line_subtotal: Option<Amount>,
    /// Tax on credit lines.
    pub credit_line_tax_total: Option<Amount>,
    /// Gift card total (in the v2 types; not sent by 2.21's store routes).
    pub gift_card_total: Option<Amount>,
    /// Tax on gift cards (in the v2 types; not sent by 2.21's store routes).
    pub gift_card_tax_total: Option<Amount>,
}

/// An order's payment summary (`order.summary`): what the order is worth now, what was paid
/// and refunded, and what is still due.
///
/// Each total comes as a JSON number and as its exact `raw_*` twin, both read as [`Amount`]s,
/// so they can be compared (they are equal for values of up to 15 significant digits).
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::OrderSummary;
///
/// let json = r#"{"paid_total": 0, "raw_paid_total": {"value": "0", "precision": 20},
///                "pending_difference": 44, "current_order_total": 44,
///                "raw_current_order_total": {"value": "44", "precision": 20}}"#;
/// let summary: OrderSummary = serde_json::from_str(json).unwrap();
/// assert_eq!(summary.current_order_total, summary.raw_current_order_total);
/// assert_eq!(summary.pending_difference, Some(Amount::from(44)));
/// assert_eq!(summary.refunded_total, None); // not sent
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrderSummary {
    /// The order total after its changes (edits, returns, claims): what the customer owes.
    pub current_order_total: Option<Amount>,
    /// Exact `current_order_total`: the exact grand total of the order.
    pub raw_current_order_total: Option<Amount>,
    /// The order total when it was placed.
    pub original_order_total: Option<Amount>,
    /// Exact `original_order_total`.
    pub raw_original_order_total: Option<Amount>,
    /// Amount still to be paid (negative: to be refunded).
    pub pending_difference: Option<Amount>,
    /// Exact `pending_difference`.
    pub raw_pending_difference: Option<Amount>,
    /// Amount paid (captured).
    pub paid_total: Option<Amount>,
    /// Exact `paid_total`.
    pub raw_paid_total: Option<Amount>,
    /// Amount refunded.
    pub refunded_total: Option<Amount>,
    /// Exact `refunded_total`.
    pub raw_refunded_total: Option<Amount>,
    /// Sum of the transactions (payments minus refunds).
    pub transaction_total: Option<Amount>,
    /// Exact `transaction_total`.
    pub raw_transaction_total: Option<Amount>,
    /// Total for accounting.
    pub accounting_total: Option<Amount>,
    /// Exact `accounting_total`.
    pub raw_accounting_total: Option<Amount>,
    /// Credit lines total.
    pub credit_line_total: Option<Amount>,
    /// Exact `credit_line_total`.
    pub raw_credit_line_total: Option<Amount>,
}

/// An order's shipping or billing address (`order.shipping_address`,
/// `order.billing_address`): a copy taken at checkout, not linked to the customer's saved
/// [`CustomerAddress`](super::CustomerAddress)es. Every postal field is nullable.
///
/// ```rust
/// use medusa_blocking::v2::models::OrderAddress;
///
/// let json = r#"{"id": "ordaddr_01", "customer_id": null, "first_name": "Jane",
///                "address_1": "1 Main St", "city": "Springfield", "country_code": "us",
///                "province": "il", "postal_code": "62701", "phone": null, "metadata": null}"#;
/// let address: OrderAddress = serde_json::from_str(json).unwrap();
/// assert_eq!(address.city.as_deref(), Some("Springfield"));
/// assert_eq!(address.customer_id, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrderAddress {
    /// Address id (`ordaddr_…`).
    pub id: String,
    /// Customer, when set (`null` for an address entered at checkout).
    pub customer_id: Option<String>,

    // Postal fields (all nullable).
    /// Company name.
    pub company: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// First address line.
    pub address_1: Option<String>,
    /// Second address line.
    pub address_2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Lowercase ISO 3166-1 alpha-2 country code (for example `us`).
    pub country_code: Option<String>,
    /// Province or state.
    pub province: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// The country (relation, only when selected; raw JSON, not modelled in depth).
    pub country: Option<serde_json::Value>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

page_type! {
    /// One page of orders: `{orders, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::OrderPage;
    /// let page: OrderPage = serde_json::from_str(
    ///     r#"{"orders":[{"id":"order_01","total":559.97}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.orders[0].total.unwrap().to_string(), "559.97");
    /// ```
    OrderPage {
        /// The orders of this page (partial objects: the server's default fields).
        orders: Order
    }
}
