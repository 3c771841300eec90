//! Order shipping methods.

use serde::{Deserialize, Serialize};

use super::Metadata;
use crate::money::Amount;

/// A shipping method of an order (`order.shipping_methods[]`): the chosen shipping option, its
/// price and the computed totals.
///
/// v1's `ShippingMethod` had a `price` in cents; v2 calls it `amount`, an exact [`Amount`] in
/// major units, with its exact `raw_amount` beside it.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::OrderShippingMethod;
///
/// let json = r#"{"id": "ordsm_01", "name": "Standard Shipping", "description": null,
///                "amount": 500, "raw_amount": {"value": "500", "precision": 20},
///                "is_tax_inclusive": false, "shipping_option_id": "so_01", "data": {},
///                "total": 500, "tax_total": 0}"#;
/// let method: OrderShippingMethod = serde_json::from_str(json).unwrap();
/// assert_eq!(method.name, "Standard Shipping");
/// assert_eq!(method.amount, Amount::from(500));
/// assert_eq!(method.raw_amount, Some(method.amount));
/// assert_eq!(method.tax_total, Some(Amount::ZERO));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct OrderShippingMethod {
    /// Shipping method id (`ordsm_…`).
    pub id: String,
    /// Owning order.
    pub order_id: Option<String>,
    /// Name (the shipping option's name).
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Price of the method.
    pub amount: Amount,
    /// Exact `amount`.
    pub raw_amount: Option<Amount>,
    /// Whether `amount` includes tax.
    pub is_tax_inclusive: bool,
    /// Whether the amount was set by hand rather than by the shipping option.
    pub is_custom_amount: bool,
    /// Shipping option chosen.
    pub shipping_option_id: Option<String>,
    /// Data of the fulfillment provider (raw JSON, as sent).
    pub data: Option<serde_json::Value>,

    // Relations not modelled in depth: raw JSON as sent.
    /// Per-method order detail (raw JSON, not modelled in depth).
    pub detail: Option<serde_json::Value>,
    /// Tax lines (raw JSON, not modelled in depth).
    pub tax_lines: Option<Vec<serde_json::Value>>,
    /// Adjustments (promotions; raw JSON, not modelled in depth).
    pub adjustments: Option<Vec<serde_json::Value>>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,

    // Computed totals.
    /// Total of the method (after discounts, with tax).
    pub total: Option<Amount>,
    /// Exact `total`.
    pub raw_total: Option<Amount>,
    /// Before discounts and taxes.
    pub subtotal: Option<Amount>,
    /// Exact `subtotal`.
    pub raw_subtotal: Option<Amount>,
    /// Tax.
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
}
