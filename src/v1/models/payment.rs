//! Payments and fulfillments of an order.

use serde::{Deserialize, Serialize};

use super::{Currency, LineItem, Metadata};

/// A payment of an order.
///
/// ```rust
/// use medusa_blocking::v1::models::Payment;
///
/// let json = r#"{"id": "pay_01", "amount": 4400, "currency_code": "usd", "amount_refunded": 0,
///                "provider_id": "manual", "data": {"status": "authorized"}, "captured_at": null}"#;
/// let payment: Payment = serde_json::from_str(json).unwrap();
/// assert_eq!(payment.amount, 4400);
/// assert_eq!(payment.data["status"], "authorized");
/// assert_eq!(payment.captured_at, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Payment {
    /// Payment id (`pay_…`).
    pub id: String,

    // Owners.
    /// Swap id.
    pub swap_id: Option<String>,
    /// Cart id.
    pub cart_id: Option<String>,
    /// Order id.
    pub order_id: Option<String>,

    // Amounts and provider.
    /// Amount in minor units.
    pub amount: i64,
    /// Lowercase ISO 4217 currency code.
    pub currency_code: String,
    /// The currency (relation).
    pub currency: Option<Currency>,
    /// Amount refunded so far, in minor units.
    pub amount_refunded: i64,
    /// Payment provider id.
    pub provider_id: String,
    /// Provider-specific data, as sent.
    pub data: serde_json::Value,
    /// Capture time.
    pub captured_at: Option<String>,
    /// Cancellation time.
    pub canceled_at: Option<String>,
    /// Idempotency key.
    pub idempotency_key: Option<String>,

    // Relations not modelled in depth: raw JSON as sent.
    /// The swap (raw JSON, not modelled in depth).
    pub swap: Option<serde_json::Value>,
    /// The cart (raw JSON, not modelled in depth).
    pub cart: Option<serde_json::Value>,
    /// The order (raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A shipment of some items of an order.
///
/// ```rust
/// use medusa_blocking::v1::models::Fulfillment;
///
/// let json = r#"{"id": "ful_01", "provider_id": "manual", "tracking_numbers": ["1Z999"],
///                "tracking_links": [{"id": "tlink_01", "tracking_number": "1Z999",
///                                    "fulfillment_id": "ful_01", "url": null}],
///                "items": [{"fulfillment_id": "ful_01", "item_id": "item_01", "quantity": 2}],
///                "data": {}, "shipped_at": "2024-01-02T00:00:00.000Z"}"#;
/// let f: Fulfillment = serde_json::from_str(json).unwrap();
/// assert_eq!(f.tracking_numbers, ["1Z999"]);
/// assert_eq!(f.items.unwrap_or_default()[0].quantity, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Fulfillment {
    /// Fulfillment id (`ful_…`).
    pub id: String,

    // Owners.
    /// Claim id.
    pub claim_order_id: Option<String>,
    /// Swap id.
    pub swap_id: Option<String>,
    /// Order id.
    pub order_id: Option<String>,

    // Provider and tracking.
    /// Fulfillment provider id.
    pub provider_id: String,
    /// Stock location id.
    pub location_id: Option<String>,
    /// Fulfilled items (relation).
    pub items: Option<Vec<FulfillmentItem>>,
    /// Tracking links (relation).
    pub tracking_links: Option<Vec<TrackingLink>>,
    /// Tracking numbers.
    pub tracking_numbers: Vec<String>,
    /// Provider-specific data, as sent.
    pub data: serde_json::Value,
    /// Shipping time.
    pub shipped_at: Option<String>,
    /// Whether notifications are suppressed.
    pub no_notification: Option<bool>,
    /// Cancellation time.
    pub canceled_at: Option<String>,
    /// Idempotency key.
    pub idempotency_key: Option<String>,

    // Relations not modelled in depth: raw JSON as sent.
    /// The claim (raw JSON, not modelled in depth).
    pub claim_order: Option<serde_json::Value>,
    /// The swap (raw JSON, not modelled in depth).
    pub swap: Option<serde_json::Value>,
    /// The order (raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,
    /// The fulfillment provider (raw JSON, not modelled in depth).
    pub provider: Option<serde_json::Value>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// How many units of a line item a [`Fulfillment`] contains.
///
/// ```rust
/// use medusa_blocking::v1::models::FulfillmentItem;
///
/// let json = r#"{"fulfillment_id": "ful_01", "item_id": "item_01", "quantity": 1}"#;
/// let item: FulfillmentItem = serde_json::from_str(json).unwrap();
/// assert_eq!(item.quantity, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FulfillmentItem {
    /// Fulfillment id.
    pub fulfillment_id: String,
    /// Line item id.
    pub item_id: String,
    /// Quantity fulfilled.
    pub quantity: i64,
    /// The fulfillment (relation; raw JSON, not modelled in depth).
    pub fulfillment: Option<serde_json::Value>,
    /// The line item (relation).
    pub item: Option<LineItem>,
}

/// A tracking number and URL of a [`Fulfillment`].
///
/// ```rust
/// use medusa_blocking::v1::models::TrackingLink;
///
/// let json = r#"{"id": "tlink_01", "url": "https://track.example/1Z999",
///                "tracking_number": "1Z999", "fulfillment_id": "ful_01"}"#;
/// let link: TrackingLink = serde_json::from_str(json).unwrap();
/// assert_eq!(link.url.as_deref(), Some("https://track.example/1Z999"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct TrackingLink {
    /// Tracking link id (`tlink_…`).
    pub id: String,
    /// Tracking URL.
    pub url: Option<String>,
    /// Tracking number.
    pub tracking_number: String,
    /// Fulfillment id.
    pub fulfillment_id: String,
    /// The fulfillment (relation; raw JSON, not modelled in depth).
    pub fulfillment: Option<serde_json::Value>,
    /// Idempotency key.
    pub idempotency_key: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}
