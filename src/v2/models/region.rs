//! Regions and their countries.

use serde::{Deserialize, Serialize};

use super::Metadata;

/// A region of the store (`GET /store/regions`, `GET /store/regions/{id}`): a currency and the
/// countries sold to at that currency's prices and taxes. A product's prices are asked for in a
/// region ([`PriceContext`](crate::v2::store::params::PriceContext)).
///
/// Every field but `id` is optional: a `fields=` selection returns a partial region.
///
/// ```rust
/// use medusa_blocking::v2::models::Region;
///
/// let json = r#"{"id": "reg_01", "name": "EU", "currency_code": "eur", "metadata": null,
///     "created_at": "2026-12-05T21:11:35.129Z", "deleted_at": null,
///     "countries": [{"iso_2": "de", "iso_3": "deu", "num_code": "276", "name": "GERMANY",
///                    "display_name": "Germany", "region_id": "reg_01"}]}"#;
/// let region: Region = serde_json::from_str(json).unwrap();
/// assert_eq!(region.currency_code.as_deref(), Some("eur"));
/// let countries = region.countries.unwrap_or_default();
/// assert_eq!(countries[0].iso_2, "de");
/// assert_eq!(countries[0].display_name.as_deref(), Some("Germany"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Region {
    /// Region id (`reg_…`). The only field always present.
    pub id: String,
    /// Name (`EU`).
    pub name: Option<String>,
    /// Lower-case ISO 4217 code of the region's currency (`eur`): every price in the region is
    /// in it, in major units.
    pub currency_code: Option<String>,
    /// Whether taxes are computed automatically on cart changes (not in the default fields).
    pub automatic_taxes: Option<bool>,
    /// The countries of the region (in the default fields).
    pub countries: Option<Vec<Country>>,
    /// Payment providers (only with `fields=*payment_providers`; raw JSON, not modelled in
    /// depth).
    pub payment_providers: Option<Vec<serde_json::Value>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A country of a region (`region.countries[]`). A country belongs to at most one region.
///
/// ```rust
/// use medusa_blocking::v2::models::Country;
/// let c: Country = serde_json::from_str(r#"{"iso_2": "us", "iso_3": "usa", "num_code": "840",
///     "name": "UNITED STATES", "display_name": "United States", "region_id": "reg_01"}"#).unwrap();
/// assert_eq!((c.iso_2.as_str(), c.num_code.as_deref()), ("us", Some("840")));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Country {
    /// Lower-case ISO 3166-1 alpha-2 code (`de`): what a price context's `country_code` takes.
    pub iso_2: String,
    /// Lower-case ISO 3166-1 alpha-3 code (`deu`).
    pub iso_3: Option<String>,
    /// ISO 3166-1 numeric code, as text (`"276"`).
    pub num_code: Option<String>,
    /// Upper-case name (`GERMANY`).
    pub name: Option<String>,
    /// Name for display (`Germany`).
    pub display_name: Option<String>,
    /// The region the country belongs to.
    pub region_id: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

page_type! {
    /// One page of regions: `{regions, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::RegionPage;
    /// let page: RegionPage = serde_json::from_str(
    ///     r#"{"regions":[{"id":"reg_01","currency_code":"usd"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.regions[0].currency_code.as_deref(), Some("usd"));
    /// ```
    RegionPage {
        /// The regions of this page.
        regions: Region
    }
}
