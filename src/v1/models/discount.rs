//! Discounts and gift cards.

use serde::{Deserialize, Serialize};

use super::{AllocationType, DiscountRuleType, Metadata, Region};

/// A discount code applied to an order.
///
/// ```rust
/// use medusa_blocking::v1::models::{Discount, DiscountRuleType};
///
/// let json = r#"{"id": "disc_01", "code": "SUMMER10", "is_dynamic": false, "is_disabled": false,
///                "starts_at": "2024-01-01T00:00:00.000Z", "ends_at": null, "usage_count": 3,
///                "rule": {"id": "dru_01", "type": "percentage", "value": 10,
///                         "allocation": "total", "description": null}}"#;
/// let discount: Discount = serde_json::from_str(json).unwrap();
/// assert_eq!(discount.code, "SUMMER10");
/// let rule = discount.rule.unwrap_or_default();
/// assert_eq!(rule.r#type, Some(DiscountRuleType::Percentage));
/// assert_eq!(rule.value, 10);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Discount {
    /// Discount id (`disc_…`).
    pub id: String,
    /// The code customers enter.
    pub code: String,
    /// Whether it is a dynamic (template) discount.
    pub is_dynamic: bool,
    /// Rule id.
    pub rule_id: Option<String>,
    /// The rule (relation).
    pub rule: Option<DiscountRule>,
    /// Whether the discount is disabled.
    pub is_disabled: bool,
    /// Parent discount, for a discount generated from a dynamic one.
    pub parent_discount_id: Option<String>,
    /// The parent discount (relation; raw JSON, not modelled in depth).
    pub parent_discount: Option<serde_json::Value>,
    /// Regions where it applies (relation).
    pub regions: Option<Vec<Region>>,

    // Validity.
    /// Start of validity.
    pub starts_at: String,
    /// End of validity.
    pub ends_at: Option<String>,
    /// ISO-8601 duration of validity for dynamic discounts (`P3D`).
    pub valid_duration: Option<String>,
    /// Maximum number of uses.
    pub usage_limit: Option<i64>,
    /// Number of uses so far.
    pub usage_count: i64,

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

/// What a [`Discount`] does.
///
/// `type` (a Rust keyword, hence `r#type`) is an `Option` only so that a missing field does not
/// fail; the server always sends it.
///
/// ```rust
/// use medusa_blocking::v1::models::{AllocationType, DiscountRule, DiscountRuleType};
///
/// let json = r#"{"id": "dru_01", "type": "fixed", "value": 500, "allocation": "item"}"#;
/// let rule: DiscountRule = serde_json::from_str(json).unwrap();
/// assert_eq!(rule.r#type, Some(DiscountRuleType::Fixed));
/// assert_eq!(rule.allocation, Some(AllocationType::Item));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct DiscountRule {
    /// Rule id (`dru_…`).
    pub id: String,
    /// Kind of discount.
    pub r#type: Option<DiscountRuleType>,
    /// Description.
    pub description: Option<String>,
    /// Amount in minor units (`fixed`) or percent (`percentage`); unused for `free_shipping`.
    pub value: i64,
    /// How the discount is spread.
    pub allocation: Option<AllocationType>,
    /// Conditions (relation; raw JSON, not modelled in depth).
    pub conditions: Option<Vec<serde_json::Value>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A gift card applied to an order.
///
/// ```rust
/// use medusa_blocking::v1::models::GiftCard;
///
/// let json = r#"{"id": "gift_01", "code": "ABCD-EFGH", "value": 5000, "balance": 1200,
///                "region_id": "reg_01", "is_disabled": false, "tax_rate": null}"#;
/// let card: GiftCard = serde_json::from_str(json).unwrap();
/// assert_eq!(card.balance, 1200);
/// assert_eq!(card.tax_rate, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GiftCard {
    /// Gift card id (`gift_…`).
    pub id: String,
    /// Redemption code.
    pub code: String,
    /// Original value in minor units.
    pub value: i64,
    /// Remaining balance in minor units.
    pub balance: i64,
    /// Region id.
    pub region_id: String,
    /// The region (relation).
    pub region: Option<Region>,
    /// Order that bought the card.
    pub order_id: Option<String>,
    /// The order (relation; raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,
    /// Whether the card is disabled.
    pub is_disabled: bool,
    /// Expiry time.
    pub ends_at: Option<String>,
    /// Tax rate in percent applied when the card is used.
    pub tax_rate: Option<f64>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// Use of a [`GiftCard`] on an order.
///
/// ```rust
/// use medusa_blocking::v1::models::GiftCardTransaction;
///
/// let json = r#"{"id": "gct_01", "gift_card_id": "gift_01", "order_id": "order_01",
///                "amount": 3800, "is_taxable": null, "tax_rate": null}"#;
/// let tx: GiftCardTransaction = serde_json::from_str(json).unwrap();
/// assert_eq!(tx.amount, 3800);
/// assert_eq!(tx.is_taxable, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct GiftCardTransaction {
    /// Transaction id (`gct_…`).
    pub id: String,
    /// Gift card id.
    pub gift_card_id: String,
    /// The gift card (relation).
    pub gift_card: Option<GiftCard>,
    /// Order id.
    pub order_id: String,
    /// The order (relation; raw JSON, not modelled in depth).
    pub order: Option<serde_json::Value>,
    /// Amount used, in minor units.
    pub amount: i64,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Whether the amount is taxed (`null` for transactions from older versions).
    pub is_taxable: Option<bool>,
    /// Tax rate in percent.
    pub tax_rate: Option<f64>,
}
