//! Shipping methods and options.

use serde::{Deserialize, Serialize};

use super::{Metadata, Region, ShippingOptionPriceType};

/// A shipping method chosen for an order: a [`ShippingOption`] with its price and tax lines.
///
/// ```rust
/// use medusa_blocking::v1::models::ShippingMethod;
///
/// let json = r#"{"id": "sm_01", "shipping_option_id": "so_01", "price": 500, "data": {},
///                "return_id": null, "tax_lines": [], "total": 500}"#;
/// let method: ShippingMethod = serde_json::from_str(json).unwrap();
/// assert_eq!(method.price, 500);
/// assert_eq!(method.total, Some(500));
/// assert_eq!(method.shipping_option, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ShippingMethod {
    /// Shipping method id (`sm_…`).
    pub id: String,
    /// The shipping option this method uses.
    pub shipping_option_id: String,

    // Owners (at most a few are set).
    /// Order id.
    pub order_id: Option<String>,
    /// Claim id.
    pub claim_order_id: Option<String>,
    /// Cart id.
    pub cart_id: Option<String>,
    /// Swap id.
    pub swap_id: Option<String>,
    /// Return id.
    pub return_id: Option<String>,

    // Price and provider data.
    /// Price in minor units.
    pub price: i64,
    /// Provider-specific data, as sent.
    pub data: serde_json::Value,
    /// Whether `price` includes tax (sent only with the tax-inclusive pricing feature).
    pub includes_tax: Option<bool>,

    // Modelled relations.
    /// The shipping option.
    pub shipping_option: Option<ShippingOption>,
    /// Tax lines.
    pub tax_lines: Option<Vec<ShippingMethodTaxLine>>,

    // Relations not modelled in depth: raw JSON as sent.
    /// The order (raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,
    /// The claim (raw JSON, not modelled in depth).
    pub claim_order: Option<serde_json::Value>,
    /// The cart (raw JSON, not modelled in depth).
    pub cart: Option<serde_json::Value>,
    /// The swap (raw JSON, not modelled in depth).
    pub swap: Option<serde_json::Value>,
    /// The return (raw JSON, not modelled in depth).
    pub return_order: Option<serde_json::Value>,

    // Computed totals (minor units).
    /// Price net of included tax.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub subtotal: Option<i64>,
    /// Total with tax, after discounts (free shipping).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub total: Option<i64>,
    /// Tax.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub tax_total: Option<i64>,
    /// Total before discounts (sent by the server; not in the API spec).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub original_total: Option<i64>,
    /// Tax before discounts (sent by the server; not in the API spec).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub original_tax_total: Option<i64>,
}

/// A tax applied to a [`ShippingMethod`].
///
/// ```rust
/// use medusa_blocking::v1::models::ShippingMethodTaxLine;
///
/// let json = r#"{"id": "smtl_01", "rate": 0, "name": "default", "code": "default",
///                "shipping_method_id": "sm_01"}"#;
/// let line: ShippingMethodTaxLine = serde_json::from_str(json).unwrap();
/// assert_eq!(line.rate, 0.0);
/// assert_eq!(line.shipping_method_id, "sm_01");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ShippingMethodTaxLine {
    /// Tax line id (`smtl_…`).
    pub id: String,
    /// Tax code.
    pub code: Option<String>,
    /// Tax name.
    pub name: String,
    /// Rate in percent.
    pub rate: f64,
    /// The taxed shipping method.
    pub shipping_method_id: String,
    /// The shipping method (relation; raw JSON, not modelled in depth).
    pub shipping_method: Option<serde_json::Value>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A way to ship in a region (for example "Standard, 5.00").
///
/// `price_type` is an `Option` only so that a missing field does not fail; the server always
/// sends it. The store shipping-options route adds `price_incl_tax`, `tax_rates` and
/// `tax_amount`, which are not part of this type and are ignored.
///
/// ```rust
/// use medusa_blocking::v1::models::{ShippingOption, ShippingOptionPriceType};
///
/// let json = r#"{"id": "so_01", "name": "Standard", "region_id": "reg_01", "profile_id": "sp_01",
///                "provider_id": "manual", "price_type": "flat_rate", "amount": 500,
///                "is_return": false, "admin_only": false, "data": {}}"#;
/// let option: ShippingOption = serde_json::from_str(json).unwrap();
/// assert_eq!(option.price_type, Some(ShippingOptionPriceType::FlatRate));
/// assert_eq!(option.amount, Some(500));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ShippingOption {
    /// Shipping option id (`so_…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Region id.
    pub region_id: String,
    /// The region (relation).
    pub region: Option<Region>,
    /// Shipping profile id.
    pub profile_id: String,
    /// The shipping profile (relation; raw JSON, not modelled in depth).
    pub profile: Option<serde_json::Value>,
    /// Fulfillment provider id.
    pub provider_id: String,
    /// The fulfillment provider (relation; raw JSON, not modelled in depth).
    pub provider: Option<serde_json::Value>,

    // Pricing.
    /// How the price is determined.
    pub price_type: Option<ShippingOptionPriceType>,
    /// Flat price in minor units (`null` for calculated options).
    pub amount: Option<i64>,
    /// Whether `amount` includes tax (sent only with the tax-inclusive pricing feature).
    pub includes_tax: Option<bool>,

    // Flags and provider data.
    /// Whether the option is for returns.
    pub is_return: bool,
    /// Whether only admins may use it.
    pub admin_only: bool,
    /// Requirements such as a minimum subtotal (relation; raw JSON, not modelled in depth).
    pub requirements: Option<Vec<serde_json::Value>>,
    /// Provider-specific data, as sent.
    pub data: serde_json::Value,

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
