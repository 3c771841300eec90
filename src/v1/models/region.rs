//! Regions, currencies and sales channels.

use serde::{Deserialize, Serialize};

use super::{Country, Metadata};

/// A region: a set of countries sharing a currency, tax settings and providers.
///
/// ```rust
/// use medusa_blocking::v1::models::Region;
///
/// let json = r#"{"id": "reg_01", "name": "US", "currency_code": "usd", "tax_rate": 0,
///                "tax_code": null, "gift_cards_taxable": true, "automatic_taxes": true,
///                "countries": [{"id": 236, "iso_2": "us", "num_code": 840}]}"#;
/// let region: Region = serde_json::from_str(json).unwrap();
/// assert_eq!(region.name, "US");
/// assert_eq!(region.tax_rate, 0.0);
/// assert_eq!(region.countries.unwrap_or_default()[0].iso_2, "us");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Region {
    /// Region id (`reg_…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Lowercase ISO 4217 currency code.
    pub currency_code: String,
    /// The currency (relation).
    pub currency: Option<Currency>,

    // Taxes.
    /// Default tax rate in percent.
    pub tax_rate: f64,
    /// Tax code.
    pub tax_code: Option<String>,
    /// Whether gift cards are taxed.
    pub gift_cards_taxable: bool,
    /// Whether taxes are computed automatically on carts.
    pub automatic_taxes: bool,
    /// Tax provider id (`null` for the system provider).
    pub tax_provider_id: Option<String>,
    /// Whether prices include tax (sent only with the tax-inclusive pricing feature).
    pub includes_tax: Option<bool>,

    // Modelled relations.
    /// Countries (relation).
    pub countries: Option<Vec<Country>>,

    // Relations not modelled in depth: raw JSON as sent.
    /// Tax rates (raw JSON, not modelled in depth).
    pub tax_rates: Option<Vec<serde_json::Value>>,
    /// The tax provider (raw JSON, not modelled in depth).
    pub tax_provider: Option<serde_json::Value>,
    /// Payment providers, `{id, is_installed}` (raw JSON, not modelled in depth).
    pub payment_providers: Option<Vec<serde_json::Value>>,
    /// Fulfillment providers, `{id, is_installed}` (raw JSON, not modelled in depth).
    pub fulfillment_providers: Option<Vec<serde_json::Value>>,

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

/// A currency.
///
/// ```rust
/// use medusa_blocking::v1::models::Currency;
///
/// let json = r#"{"code": "usd", "symbol": "$", "symbol_native": "$", "name": "US Dollar"}"#;
/// let currency: Currency = serde_json::from_str(json).unwrap();
/// assert_eq!(currency.name, "US Dollar");
/// assert_eq!(currency.includes_tax, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Currency {
    /// Lowercase ISO 4217 code (`usd`).
    pub code: String,
    /// Symbol (`$`).
    pub symbol: String,
    /// Native symbol (`$`, `kr`, …).
    pub symbol_native: String,
    /// Name (`US Dollar`).
    pub name: String,
    /// Whether prices include tax (sent only with the tax-inclusive pricing feature).
    pub includes_tax: Option<bool>,
}

/// A sales channel (web shop, app, …).
///
/// ```rust
/// use medusa_blocking::v1::models::SalesChannel;
///
/// let json = r#"{"id": "sc_01", "name": "Default Sales Channel", "description": null,
///                "is_disabled": false}"#;
/// let channel: SalesChannel = serde_json::from_str(json).unwrap();
/// assert_eq!(channel.name, "Default Sales Channel");
/// assert!(!channel.is_disabled);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SalesChannel {
    /// Sales channel id (`sc_…`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Whether the channel is disabled.
    pub is_disabled: bool,
    /// Stock locations (relation; raw JSON, not modelled in depth).
    pub locations: Option<Vec<serde_json::Value>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}
