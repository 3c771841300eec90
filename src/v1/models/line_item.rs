//! Line items, their tax lines and adjustments, and product variants.

use serde::{Deserialize, Serialize};

use super::{Discount, Metadata};

/// A line of an order (or cart): a product variant, a quantity and a unit price.
///
/// The computed totals (`subtotal`, `total`, …) are added by the server when it decorates the
/// order; they can be absent when the request narrows `fields`.
///
/// ```rust
/// use medusa_blocking::v1::models::LineItem;
///
/// let json = r#"{"id": "item_01", "title": "T-Shirt", "description": "M", "thumbnail": null,
///                "unit_price": 1950, "quantity": 2, "has_shipping": true,
///                "fulfilled_quantity": null, "total": 3900}"#;
/// let item: LineItem = serde_json::from_str(json).unwrap();
/// assert_eq!(item.unit_price, 1950);
/// assert_eq!(item.quantity, 2);
/// assert_eq!(item.fulfilled_quantity, None);
/// assert_eq!(item.total, Some(3900));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LineItem {
    /// Line item id (`item_…`).
    pub id: String,

    // Owners (at most a few are set).
    /// Cart id.
    pub cart_id: Option<String>,
    /// Order id.
    pub order_id: Option<String>,
    /// Swap id.
    pub swap_id: Option<String>,
    /// Claim id.
    pub claim_order_id: Option<String>,
    /// Original item, for an item created by an order edit.
    pub original_item_id: Option<String>,
    /// Order edit id.
    pub order_edit_id: Option<String>,

    // Description and flags.
    /// Title (usually the product title).
    pub title: String,
    /// Description (usually the variant title).
    pub description: Option<String>,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// Whether the line is a return line.
    pub is_return: bool,
    /// Whether the line is a gift card.
    pub is_giftcard: bool,
    /// Whether adding the same variant again merges into this line.
    pub should_merge: bool,
    /// Whether discounts may apply.
    pub allow_discounts: bool,
    /// Whether a shipping method covers the line.
    pub has_shipping: Option<bool>,
    /// Whether `unit_price` includes tax (sent only with the tax-inclusive pricing feature).
    pub includes_tax: Option<bool>,

    // Price and quantities.
    /// Unit price in minor units.
    pub unit_price: i64,
    /// Variant id.
    pub variant_id: Option<String>,
    /// Quantity ordered.
    pub quantity: i64,
    /// Quantity fulfilled.
    pub fulfilled_quantity: Option<i64>,
    /// Quantity returned.
    pub returned_quantity: Option<i64>,
    /// Quantity shipped.
    pub shipped_quantity: Option<i64>,

    // Modelled relations.
    /// Tax lines.
    pub tax_lines: Option<Vec<LineItemTaxLine>>,
    /// Discount adjustments.
    pub adjustments: Option<Vec<LineItemAdjustment>>,
    /// The product variant.
    pub variant: Option<ProductVariant>,

    // Relations not modelled in depth: raw JSON as sent.
    /// The cart (raw JSON, not modelled in depth).
    pub cart: Option<serde_json::Value>,
    /// The order (raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,
    /// The swap (raw JSON, not modelled in depth).
    pub swap: Option<serde_json::Value>,
    /// The claim (raw JSON, not modelled in depth).
    pub claim_order: Option<serde_json::Value>,
    /// The order edit (raw JSON, not modelled in depth).
    pub order_edit: Option<serde_json::Value>,

    // Computed totals (minor units).
    /// Amount that can be refunded for this line.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub refundable: Option<i64>,
    /// `unit_price * quantity` (net of included tax).
    #[serde(deserialize_with = "super::num::opt_total")]
    pub subtotal: Option<i64>,
    /// Tax on the line.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub tax_total: Option<i64>,
    /// Line total after discounts, with tax.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub total: Option<i64>,
    /// Line total before discounts, with tax.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub original_total: Option<i64>,
    /// Tax before discounts.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub original_tax_total: Option<i64>,
    /// Discount on the line.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub discount_total: Option<i64>,
    /// Discount before rounding; can be fractional.
    pub raw_discount_total: Option<f64>,
    /// Gift card amount allocated to the line.
    #[serde(deserialize_with = "super::num::opt_total")]
    pub gift_card_total: Option<i64>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A tax applied to a [`LineItem`].
///
/// ```rust
/// use medusa_blocking::v1::models::LineItemTaxLine;
///
/// let json = r#"{"id": "litl_01", "rate": 12.5, "name": "VAT", "code": null, "item_id": "item_01"}"#;
/// let line: LineItemTaxLine = serde_json::from_str(json).unwrap();
/// assert_eq!(line.rate, 12.5);
/// assert_eq!(line.code, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LineItemTaxLine {
    /// Tax line id (`litl_…`).
    pub id: String,
    /// Tax code.
    pub code: Option<String>,
    /// Tax name.
    pub name: String,
    /// Rate in percent (`12.5` means 12.5 %).
    pub rate: f64,
    /// The taxed line item.
    pub item_id: String,
    /// The line item (relation; raw JSON, not modelled in depth).
    pub item: Option<serde_json::Value>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A discount applied to a [`LineItem`].
///
/// `amount` is a float: the column is `numeric` and a discount spread over several items can
/// give fractional minor units.
///
/// ```rust
/// use medusa_blocking::v1::models::LineItemAdjustment;
///
/// let json = r#"{"id": "lia_01", "item_id": "item_01", "description": "discount",
///                "discount_id": "disc_01", "amount": 333.33, "metadata": null}"#;
/// let adj: LineItemAdjustment = serde_json::from_str(json).unwrap();
/// assert_eq!(adj.amount, 333.33);
/// assert_eq!(adj.discount_id.as_deref(), Some("disc_01"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LineItemAdjustment {
    /// Adjustment id (`lia_…`).
    pub id: String,
    /// The adjusted line item.
    pub item_id: String,
    /// The line item (relation; raw JSON, not modelled in depth).
    pub item: Option<serde_json::Value>,
    /// Description (`discount` for discount adjustments).
    pub description: String,
    /// The discount that produced the adjustment.
    pub discount_id: Option<String>,
    /// The discount (relation).
    pub discount: Option<Discount>,
    /// Amount taken off, in minor units (may be fractional).
    pub amount: f64,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A purchasable variant of a product (size, color, …), as embedded in a [`LineItem`].
///
/// ```rust
/// use medusa_blocking::v1::models::ProductVariant;
///
/// let json = r#"{"id": "variant_01", "title": "M", "product_id": "prod_01", "sku": "TS-M",
///                "inventory_quantity": 998, "allow_backorder": false, "manage_inventory": true,
///                "weight": null, "product": {"id": "prod_01", "title": "T-Shirt"}}"#;
/// let variant: ProductVariant = serde_json::from_str(json).unwrap();
/// assert_eq!(variant.sku.as_deref(), Some("TS-M"));
/// assert_eq!(variant.inventory_quantity, 998);
/// assert_eq!(variant.product.as_ref().map(|p| &p["title"]), Some(&"T-Shirt".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductVariant {
    /// Variant id (`variant_…`).
    pub id: String,
    /// Variant title.
    pub title: String,
    /// Product id.
    pub product_id: String,
    /// The product (relation; raw JSON, not modelled in depth).
    pub product: Option<serde_json::Value>,
    /// Prices (relation; raw JSON, not modelled in depth).
    pub prices: Option<Vec<serde_json::Value>>,
    /// Option values (relation; raw JSON, not modelled in depth).
    pub options: Option<Vec<serde_json::Value>>,
    /// Inventory items (relation; raw JSON, not modelled in depth).
    pub inventory_items: Option<Vec<serde_json::Value>>,

    // Identifiers.
    /// Stock keeping unit.
    pub sku: Option<String>,
    /// Barcode.
    pub barcode: Option<String>,
    /// EAN.
    pub ean: Option<String>,
    /// UPC.
    pub upc: Option<String>,
    /// Sort rank among the product's variants.
    pub variant_rank: Option<i64>,

    // Inventory.
    /// Stock on hand.
    pub inventory_quantity: i64,
    /// Whether it can be ordered when out of stock.
    pub allow_backorder: bool,
    /// Whether the inventory is tracked.
    pub manage_inventory: bool,
    /// Whether it can be bought now (computed; sent only by some routes).
    pub purchasable: Option<bool>,

    // Customs and dimensions.
    /// Harmonized System code.
    pub hs_code: Option<String>,
    /// Country of origin.
    pub origin_country: Option<String>,
    /// Manufacturer id code.
    pub mid_code: Option<String>,
    /// Material.
    pub material: Option<String>,
    /// Weight.
    pub weight: Option<f64>,
    /// Length.
    pub length: Option<f64>,
    /// Height.
    pub height: Option<f64>,
    /// Width.
    pub width: Option<f64>,

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
