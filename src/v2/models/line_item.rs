//! Order line items.

use serde::{Deserialize, Serialize};

use super::Metadata;
use crate::money::Amount;

/// A line of an order (`order.items[]`): a snapshot of the product variant, a quantity, a unit
/// price and the computed totals.
///
/// Money is an exact [`Amount`] in major units of the order's currency. Next to most totals the
/// server sends the exact `raw_*` twin (read here as an `Amount` as well, so both compare).
/// Quantities are whole numbers (Medusa rounds a fractional quantity when it stores it). The
/// per-item fulfillment quantities (`fulfilled_quantity`, `shipped_quantity`, …) are in
/// [`detail`](OrderItem::detail). The computed totals can be absent when `fields=` narrows the
/// selection, hence `Option`s; `unit_price` and `quantity` default to zero when not sent.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::OrderItem;
///
/// let json = r#"{"id": "ordli_01", "title": "Acceptance Sticker", "subtitle": "Default",
///                "thumbnail": null, "variant_sku": "ACC-STICKER", "unit_price": 19.99,
///                "raw_unit_price": {"value": "19.99", "precision": 20}, "quantity": 3,
///                "total": 59.97, "raw_total": {"value": "59.97", "precision": 20},
///                "compare_at_unit_price": null, "detail": {"fulfilled_quantity": 0}}"#;
/// let item: OrderItem = serde_json::from_str(json).unwrap();
/// assert_eq!(item.unit_price.to_string(), "19.99");
/// assert_eq!(item.raw_unit_price, Some(item.unit_price));
/// assert_eq!(item.quantity, 3);
/// assert_eq!(Some((item.unit_price * item.quantity).unwrap()), item.total);
/// assert_eq!(item.compare_at_unit_price, None);
/// assert_eq!(item.detail.unwrap()["fulfilled_quantity"], 0);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrderItem {
    /// Line item id (`ordli_…`).
    pub id: String,

    // Description (a snapshot of the product and variant when ordered).
    /// Title (the product title).
    pub title: String,
    /// Subtitle (the variant title).
    pub subtitle: Option<String>,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// Variant id.
    pub variant_id: Option<String>,
    /// Product id.
    pub product_id: Option<String>,
    /// Product title.
    pub product_title: Option<String>,
    /// Product description.
    pub product_description: Option<String>,
    /// Product subtitle.
    pub product_subtitle: Option<String>,
    /// Product type.
    pub product_type: Option<String>,
    /// Product type id.
    pub product_type_id: Option<String>,
    /// Product collection.
    pub product_collection: Option<String>,
    /// Product handle.
    pub product_handle: Option<String>,
    /// Variant SKU.
    pub variant_sku: Option<String>,
    /// Variant barcode.
    pub variant_barcode: Option<String>,
    /// Variant title.
    pub variant_title: Option<String>,
    /// The variant's option values (raw JSON, as sent).
    pub variant_option_values: Option<serde_json::Value>,

    // Flags.
    /// Whether the item needs shipping.
    pub requires_shipping: bool,
    /// Whether the item is a gift card.
    pub is_giftcard: bool,
    /// Whether discounts may apply.
    pub is_discountable: bool,
    /// Whether `unit_price` includes tax.
    pub is_tax_inclusive: bool,
    /// Whether the price was set by hand rather than by the price list.
    pub is_custom_price: bool,

    // Price and quantity.
    /// Unit price.
    pub unit_price: Amount,
    /// Exact `unit_price`.
    pub raw_unit_price: Option<Amount>,
    /// "Was" price shown struck through, if any.
    pub compare_at_unit_price: Option<Amount>,
    /// Exact `compare_at_unit_price`.
    pub raw_compare_at_unit_price: Option<Amount>,
    /// Quantity ordered.
    pub quantity: i64,

    // Relations not modelled in depth: raw JSON as sent.
    /// Per-item order detail: `fulfilled_quantity`, `shipped_quantity`, `delivered_quantity`,
    /// `return_requested_quantity`, … and their `raw_*` forms (raw JSON).
    pub detail: Option<serde_json::Value>,
    /// Tax lines (raw JSON, not modelled in depth).
    pub tax_lines: Option<Vec<serde_json::Value>>,
    /// Adjustments (promotions; raw JSON, not modelled in depth).
    pub adjustments: Option<Vec<serde_json::Value>>,
    /// The product variant, with its product (raw JSON, not modelled in depth).
    pub variant: Option<serde_json::Value>,
    /// The product (raw JSON, not modelled in depth).
    pub product: Option<serde_json::Value>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data of the order line.
    pub metadata: Option<Metadata>,
    /// Custom key-value data the cart's line item had.
    pub line_item_metadata: Option<Metadata>,

    // Computed totals.
    /// Total of the line (after discounts, with tax).
    pub total: Option<Amount>,
    /// Exact `total`.
    pub raw_total: Option<Amount>,
    /// `unit_price × quantity`, before discounts and taxes.
    pub subtotal: Option<Amount>,
    /// Exact `subtotal`.
    pub raw_subtotal: Option<Amount>,
    /// Tax of the line.
    pub tax_total: Option<Amount>,
    /// Exact `tax_total`.
    pub raw_tax_total: Option<Amount>,
    /// Discount, tax included.
    pub discount_total: Option<Amount>,
    /// Exact `discount_total`.
    pub raw_discount_total: Option<Amount>,
    /// Discount, tax excluded.
    pub discount_subtotal: Option<Amount>,
    /// Exact `discount_subtotal`.
    pub raw_discount_subtotal: Option<Amount>,
    /// Tax part of the discount.
    pub discount_tax_total: Option<Amount>,
    /// Exact `discount_tax_total`.
    pub raw_discount_tax_total: Option<Amount>,
    /// Total before discounts.
    pub original_total: Option<Amount>,
    /// Exact `original_total`.
    pub raw_original_total: Option<Amount>,
    /// Subtotal before discounts.
    pub original_subtotal: Option<Amount>,
    /// Exact `original_subtotal`.
    pub raw_original_subtotal: Option<Amount>,
    /// Tax before discounts.
    pub original_tax_total: Option<Amount>,
    /// Exact `original_tax_total`.
    pub raw_original_tax_total: Option<Amount>,
    /// Amount that can still be refunded for the line.
    pub refundable_total: Option<Amount>,
    /// Exact `refundable_total`.
    pub raw_refundable_total: Option<Amount>,
    /// Amount that can still be refunded per unit.
    pub refundable_total_per_unit: Option<Amount>,
    /// Exact `refundable_total_per_unit`.
    pub raw_refundable_total_per_unit: Option<Amount>,
    /// Value of the fulfilled units.
    pub fulfilled_total: Option<Amount>,
    /// Exact `fulfilled_total`.
    pub raw_fulfilled_total: Option<Amount>,
    /// Value of the shipped units.
    pub shipped_total: Option<Amount>,
    /// Exact `shipped_total`.
    pub raw_shipped_total: Option<Amount>,
    /// Value of the units whose return was requested.
    pub return_requested_total: Option<Amount>,
    /// Exact `return_requested_total`.
    pub raw_return_requested_total: Option<Amount>,
    /// Value of the returned units received.
    pub return_received_total: Option<Amount>,
    /// Exact `return_received_total`.
    pub raw_return_received_total: Option<Amount>,
    /// Value of the returned units dismissed.
    pub return_dismissed_total: Option<Amount>,
    /// Exact `return_dismissed_total`.
    pub raw_return_dismissed_total: Option<Amount>,
    /// Value of the units written off.
    pub write_off_total: Option<Amount>,
    /// Exact `write_off_total`.
    pub raw_write_off_total: Option<Amount>,
}
