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

/// A shipping option a cart can use (`GET /store/shipping-options?cart_id=…`): what
/// [`Carts::add_shipping_method`](crate::v2::store::carts::Carts::add_shipping_method) takes.
///
/// The options are those of the cart's shipping address (its country's service zones); **a cart
/// without a shipping address gets the options of every zone**, and those without a price in the
/// cart's currency have `amount: None`. The price is exact: `amount` and its
/// [`calculated_price`](Self::calculated_price) (with the raw twin).
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::ShippingOption;
/// let o: ShippingOption = serde_json::from_str(r#"{"id": "so_01", "name": "Standard Shipping",
///     "price_type": "flat", "provider_id": "manual_manual", "amount": 500, "is_tax_inclusive": false,
///     "type": {"id": "sotype_01", "label": "Standard", "description": "Ship in 2-3 days.", "code": "standard"},
///     "calculated_price": {"calculated_amount": 500, "raw_calculated_amount": {"value": "500", "precision": 20}},
///     "insufficient_inventory": false}"#).unwrap();
/// assert_eq!(o.price(), Some(Amount::from(500)));
/// assert_eq!(o.option_type.unwrap().code.as_deref(), Some("standard"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ShippingOption {
    /// Id (`so_…`).
    pub id: String,
    /// Name (`Standard Shipping`).
    pub name: Option<String>,
    /// `flat` or `calculated`.
    pub price_type: Option<String>,
    /// The price in the cart's currency; `None` when the option has none.
    pub amount: Option<Amount>,
    /// Whether `amount` includes tax.
    pub is_tax_inclusive: Option<bool>,
    /// Whether some line of the cart lacks stock at the option's location.
    pub insufficient_inventory: Option<bool>,
    /// The price with its context, exact (`raw_calculated_amount`).
    pub calculated_price: Option<super::CalculatedPrice>,
    /// The option's type (`label`, `description`, `code`).
    #[serde(rename = "type")]
    pub option_type: Option<ShippingOptionType>,
    /// The fulfillment provider (`manual_manual`).
    pub provider_id: Option<String>,
    /// The service zone.
    pub service_zone_id: Option<String>,
    /// The shipping profile.
    pub shipping_profile_id: Option<String>,
    /// Data for the provider (raw JSON, as sent).
    pub data: Option<serde_json::Value>,
    /// The prices (raw JSON, not modelled in depth).
    pub prices: Option<Vec<serde_json::Value>>,
    /// The rules (raw JSON, not modelled in depth).
    pub rules: Option<Vec<serde_json::Value>>,
    /// The service zone, with its fulfillment set and location (raw JSON, not modelled in depth).
    pub service_zone: Option<serde_json::Value>,
    /// The provider (raw JSON, not modelled in depth).
    pub provider: Option<serde_json::Value>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

impl ShippingOption {
    /// The exact price: `calculated_price.raw_calculated_amount`, else `amount`.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::ShippingOption;
    /// let o: ShippingOption = serde_json::from_str(r#"{"id": "so_01", "amount": 4.95}"#).unwrap();
    /// assert_eq!(o.price().unwrap().to_string(), "4.95");
    /// ```
    pub fn price(&self) -> Option<Amount> {
        self.calculated_price
            .as_ref()
            .and_then(|p| p.amount())
            .or(self.amount)
    }
}

/// The type of a shipping option (`shipping_option.type`).
///
/// ```rust
/// use medusa_blocking::v2::models::ShippingOptionType;
/// let t: ShippingOptionType = serde_json::from_str(r#"{"id": "sotype_01", "label": "Express", "code": "express"}"#).unwrap();
/// assert_eq!(t.label.as_deref(), Some("Express"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ShippingOptionType {
    /// Id (`sotype_…`).
    pub id: String,
    /// Label (`Standard`).
    pub label: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Code (`standard`).
    pub code: Option<String>,
}
