//! Products, their variants, options, images, tags and type, and a variant's calculated price.

use serde::{Deserialize, Serialize};

use super::{Metadata, ProductCategory, ProductCollection};
use crate::money::Amount;

/// A product of the catalog (`GET /store/products`, `GET /store/products/{id}`): only published
/// products of the publishable key's sales channels are seen.
///
/// Every field but `id` is optional: which ones come depends on `fields=` (a list with `fields`
/// returns only what was asked for). The defaults include the title, handle, description,
/// `variants` (with their `options`), `options`, `images`, `tags`, `type` and `collection`; ask
/// for `*categories` and `+variants.inventory_quantity` to get those. Variants carry a
/// [`CalculatedPrice`] when the call has a price context (a region).
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::Product;
///
/// let json = r#"{"id": "prod_01", "title": "Acceptance T-Shirt", "handle": "acceptance-tshirt",
///     "subtitle": null, "collection_id": "pcol_01", "tags": [], "images": [], "type": null,
///     "options": [{"id": "opt_01", "title": "Size", "values": [{"id": "optval_01", "value": "M"}]}],
///     "variants": [{"id": "variant_01", "title": "M", "sku": "ACC-TSHIRT-M",
///         "options": [{"id": "optval_01", "value": "M", "option": {"id": "opt_01", "title": "Size"}}],
///         "calculated_price": {"calculated_amount": 45.5,
///             "raw_calculated_amount": {"value": "45.5", "precision": 20},
///             "currency_code": "eur", "calculated_amount_with_tax": 54.145}}],
///     "some_future_field": 1}"#;
/// let product: Product = serde_json::from_str(json).unwrap();
/// assert_eq!(product.handle.as_deref(), Some("acceptance-tshirt"));
/// let variant = &product.variants.as_ref().unwrap()[0];
/// let price = variant.calculated_price.as_ref().unwrap();
/// assert_eq!(price.amount(), Some("45.5".parse::<Amount>().unwrap()));
/// assert_eq!(price.calculated_amount_with_tax.unwrap().to_string(), "54.145");
/// assert_eq!(product.options.unwrap()[0].values.as_ref().unwrap()[0].value, "M");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Product {
    /// Product id (`prod_…`). The only field always present.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// URL handle (`acceptance-tshirt`), unique in the store.
    pub handle: Option<String>,
    /// Whether the product is a gift card.
    pub is_giftcard: Option<bool>,
    /// Whether discounts may apply.
    pub discountable: Option<bool>,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// The collection the product is in.
    pub collection_id: Option<String>,
    /// The product type's id.
    pub type_id: Option<String>,
    /// Status (`published`; not in the store's default fields: the store shows published ones
    /// only).
    pub status: Option<String>,
    /// An id in an external system.
    pub external_id: Option<String>,
    /// Weight (unit as the shop chose).
    pub weight: Option<f64>,
    /// Length.
    pub length: Option<f64>,
    /// Height.
    pub height: Option<f64>,
    /// Width.
    pub width: Option<f64>,
    /// Harmonized System code.
    pub hs_code: Option<String>,
    /// Country of origin.
    pub origin_country: Option<String>,
    /// Manufacturer identification code.
    pub mid_code: Option<String>,
    /// Material.
    pub material: Option<String>,
    /// The variants (default fields), each with its price when a price context was given.
    pub variants: Option<Vec<ProductVariant>>,
    /// The options (`Size`) and their values.
    pub options: Option<Vec<ProductOption>>,
    /// Images.
    pub images: Option<Vec<ProductImage>>,
    /// Tags.
    pub tags: Option<Vec<ProductTag>>,
    /// The product type.
    #[serde(rename = "type")]
    pub product_type: Option<ProductType>,
    /// The collection.
    pub collection: Option<ProductCollection>,
    /// The categories (only with `fields=*categories`). A list shows internal categories here
    /// too (`is_internal: true`), a retrieve does not; a retrieve with a narrow `fields`
    /// selection gets entries holding only `is_internal` (no `id`: read as `""`).
    pub categories: Option<Vec<ProductCategory>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A variant of a product (`product.variants[]`): what a cart line buys.
///
/// ```rust
/// use medusa_blocking::v2::models::ProductVariant;
/// let v: ProductVariant = serde_json::from_str(r#"{"id": "variant_01", "sku": "ACC-STICKER",
///     "manage_inventory": true, "allow_backorder": false, "inventory_quantity": 1000,
///     "calculated_price": {"calculated_amount": 19.99, "currency_code": "usd"}}"#).unwrap();
/// assert_eq!(v.inventory_quantity, Some(1000));
/// assert_eq!(v.calculated_price.unwrap().amount().unwrap().to_string(), "19.99");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductVariant {
    /// Variant id (`variant_…`).
    pub id: String,
    /// Title (`M`).
    pub title: Option<String>,
    /// SKU.
    pub sku: Option<String>,
    /// Barcode.
    pub barcode: Option<String>,
    /// EAN.
    pub ean: Option<String>,
    /// UPC.
    pub upc: Option<String>,
    /// Whether it may be ordered when out of stock.
    pub allow_backorder: Option<bool>,
    /// Whether the stock is tracked.
    pub manage_inventory: Option<bool>,
    /// Stock available to the key's sales channels (only with
    /// `fields=+variants.inventory_quantity`; `0` when sold out).
    pub inventory_quantity: Option<i64>,
    /// Rank among the product's variants.
    pub variant_rank: Option<i64>,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// The product's id.
    pub product_id: Option<String>,
    /// Harmonized System code.
    pub hs_code: Option<String>,
    /// Country of origin.
    pub origin_country: Option<String>,
    /// Manufacturer identification code.
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
    /// The option values of the variant (`M` of `Size`), each with its `option`.
    pub options: Option<Vec<ProductOptionValue>>,
    /// The price in the call's price context (region, country): present whenever the call
    /// gave one.
    pub calculated_price: Option<CalculatedPrice>,
    /// The product (only when selected; raw JSON, not modelled in depth).
    pub product: Option<serde_json::Value>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A variant's price in a price context (`variant.calculated_price`): the price that applies
/// (`calculated_*`, e.g. from a price list) and the regular one (`original_*`), in major units of
/// `currency_code`.
///
/// **What is exact**: `raw_calculated_amount` and `raw_original_amount` are the server's exact
/// decimals; [`amount`](Self::amount) and [`original`](Self::original) return them (or the JSON
/// number when the raw twin was not sent). The tax-context figures
/// (`*_with_tax`, `*_without_tax`, sent only when the call names a country) have **no raw
/// twin**: they are read exactly as the server wrote them, which is the JavaScript double of the
/// server's decimal result, e.g. `54.145` for 45.5 + 19 % but `20.92436974789916` for a
/// 24.9 tax-inclusive price without its 19 %, whose exact value has more digits. Nothing is
/// rounded to cents by the server, nor by this crate.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::CalculatedPrice;
///
/// let p: CalculatedPrice = serde_json::from_str(r#"{"id": "pset_01",
///     "is_calculated_price_tax_inclusive": false, "calculated_amount": 45.5,
///     "raw_calculated_amount": {"value": "45.5", "precision": 20},
///     "original_amount": 45.5, "raw_original_amount": {"value": "45.5", "precision": 20},
///     "currency_code": "eur",
///     "calculated_price": {"id": "price_01", "price_list_id": null, "min_quantity": null},
///     "calculated_amount_with_tax": 54.145, "calculated_amount_without_tax": 45.5}"#).unwrap();
/// assert_eq!(p.amount(), Some("45.5".parse::<Amount>().unwrap()));
/// assert_eq!(p.original(), p.amount());
/// assert_eq!(p.calculated_amount_with_tax.unwrap().to_string(), "54.145");
/// assert!(!p.is_on_sale());
/// assert_eq!(p.calculated_price.unwrap().id, "price_01");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CalculatedPrice {
    /// The price set's id (`pset_…`).
    pub id: Option<String>,
    /// Lower-case ISO 4217 currency code of every amount here.
    pub currency_code: Option<String>,
    /// The price that applies, as a JSON number.
    pub calculated_amount: Option<Amount>,
    /// Exact `calculated_amount`.
    pub raw_calculated_amount: Option<Amount>,
    /// Whether the price that applies comes from a price list (a sale).
    pub is_calculated_price_price_list: Option<bool>,
    /// Whether the price that applies includes tax.
    pub is_calculated_price_tax_inclusive: Option<bool>,
    /// The regular price, as a JSON number.
    pub original_amount: Option<Amount>,
    /// Exact `original_amount`.
    pub raw_original_amount: Option<Amount>,
    /// Whether the regular price comes from a price list.
    pub is_original_price_price_list: Option<bool>,
    /// Whether the regular price includes tax.
    pub is_original_price_tax_inclusive: Option<bool>,
    /// The price that applies, with tax (only with a country; no raw twin).
    pub calculated_amount_with_tax: Option<Amount>,
    /// The price that applies, without tax (only with a country; no raw twin).
    pub calculated_amount_without_tax: Option<Amount>,
    /// The regular price, with tax (only with a country; no raw twin).
    pub original_amount_with_tax: Option<Amount>,
    /// The regular price, without tax (only with a country; no raw twin).
    pub original_amount_without_tax: Option<Amount>,
    /// The price record that applies: its id, price list and quantity bounds.
    pub calculated_price: Option<PriceRecord>,
    /// The regular price record.
    pub original_price: Option<PriceRecord>,
}

impl CalculatedPrice {
    /// The price that applies, exactly: `raw_calculated_amount`, else `calculated_amount`.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::CalculatedPrice;
    /// let p: CalculatedPrice = serde_json::from_str(r#"{"calculated_amount": 19.99}"#).unwrap();
    /// assert_eq!(p.amount().unwrap().to_string(), "19.99");
    /// ```
    pub fn amount(&self) -> Option<Amount> {
        self.raw_calculated_amount.or(self.calculated_amount)
    }

    /// The regular price, exactly: `raw_original_amount`, else `original_amount`.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::CalculatedPrice;
    /// let p: CalculatedPrice = serde_json::from_str(
    ///     r#"{"original_amount": 25, "raw_original_amount": {"value": "25", "precision": 20}}"#).unwrap();
    /// assert_eq!(p.original().unwrap().to_string(), "25");
    /// ```
    pub fn original(&self) -> Option<Amount> {
        self.raw_original_amount.or(self.original_amount)
    }

    /// Whether the price that applies is below the regular one (a price list's sale).
    ///
    /// ```
    /// # use medusa_blocking::v2::models::CalculatedPrice;
    /// let p: CalculatedPrice =
    ///     serde_json::from_str(r#"{"calculated_amount": 15, "original_amount": 20}"#).unwrap();
    /// assert!(p.is_on_sale());
    /// ```
    pub fn is_on_sale(&self) -> bool {
        matches!((self.amount(), self.original()), (Some(a), Some(o)) if a < o)
    }
}

/// A price record behind a [`CalculatedPrice`] (`calculated_price.calculated_price`,
/// `.original_price`).
///
/// ```rust
/// use medusa_blocking::v2::models::PriceRecord;
/// let r: PriceRecord = serde_json::from_str(r#"{"id": "price_01", "price_list_id": "plist_01",
///     "price_list_type": "sale", "min_quantity": 2, "max_quantity": null}"#).unwrap();
/// assert_eq!(r.min_quantity, Some(2));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PriceRecord {
    /// Price id (`price_…`).
    pub id: String,
    /// The price list it comes from, if any.
    pub price_list_id: Option<String>,
    /// The price list's type (`sale`, `override`).
    pub price_list_type: Option<String>,
    /// Smallest quantity the price applies to.
    pub min_quantity: Option<i64>,
    /// Largest quantity the price applies to.
    pub max_quantity: Option<i64>,
}

/// An option of a product (`product.options[]`: `Size`) with its values.
///
/// ```rust
/// use medusa_blocking::v2::models::ProductOption;
/// let o: ProductOption = serde_json::from_str(
///     r#"{"id": "opt_01", "title": "Size", "values": [{"id": "optval_01", "value": "M"}]}"#).unwrap();
/// assert_eq!(o.title.as_deref(), Some("Size"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductOption {
    /// Option id (`opt_…`).
    pub id: String,
    /// Title (`Size`).
    pub title: Option<String>,
    /// The product's id.
    pub product_id: Option<String>,
    /// Whether the option is the product's own (not shared).
    pub is_exclusive: Option<bool>,
    /// The values (`S`, `M`, `L`).
    pub values: Option<Vec<ProductOptionValue>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A value of a product option (`M`): in `option.values[]` and `variant.options[]` (there with
/// its `option`).
///
/// ```rust
/// use medusa_blocking::v2::models::ProductOptionValue;
/// let v: ProductOptionValue = serde_json::from_str(
///     r#"{"id": "optval_01", "value": "M", "option_id": "opt_01", "option": {"id": "opt_01", "title": "Size"}}"#).unwrap();
/// assert_eq!(v.option.unwrap().title.as_deref(), Some("Size"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductOptionValue {
    /// Value id (`optval_…`).
    pub id: String,
    /// The value (`M`).
    pub value: String,
    /// The option's id.
    pub option_id: Option<String>,
    /// The option (in a variant's `options`).
    pub option: Option<Box<ProductOption>>,
    /// Rank among the option's values.
    pub rank: Option<i64>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// An image of a product (`product.images[]`).
///
/// ```rust
/// use medusa_blocking::v2::models::ProductImage;
/// let i: ProductImage = serde_json::from_str(r#"{"id": "img_01", "url": "https://x/y.png", "rank": 0}"#).unwrap();
/// assert_eq!(i.url, "https://x/y.png");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductImage {
    /// Image id (`img_…`).
    pub id: String,
    /// URL.
    pub url: String,
    /// Rank among the product's images.
    pub rank: Option<i64>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A tag of a product (`product.tags[]`).
///
/// ```rust
/// use medusa_blocking::v2::models::ProductTag;
/// let t: ProductTag = serde_json::from_str(r#"{"id": "ptag_01", "value": "summer"}"#).unwrap();
/// assert_eq!(t.value, "summer");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductTag {
    /// Tag id (`ptag_…`).
    pub id: String,
    /// The tag.
    pub value: String,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// The type of a product (`product.type`).
///
/// ```rust
/// use medusa_blocking::v2::models::ProductType;
/// let t: ProductType = serde_json::from_str(r#"{"id": "ptyp_01", "value": "Apparel"}"#).unwrap();
/// assert_eq!(t.value, "Apparel");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductType {
    /// Type id (`ptyp_…`).
    pub id: String,
    /// The type.
    pub value: String,
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
    /// One page of products: `{products, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::ProductPage;
    /// let page: ProductPage = serde_json::from_str(
    ///     r#"{"products":[{"id":"prod_01","handle":"shirt"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.products[0].handle.as_deref(), Some("shirt"));
    /// ```
    ProductPage {
        /// The products of this page.
        products: Product
    }
}
