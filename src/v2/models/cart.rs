//! Carts, their lines, shipping methods, addresses and promotions, and what completing one
//! answers.

use serde::{Deserialize, Serialize};

use super::{Customer, Metadata, Order, PaymentCollection, Region};
use crate::money::Amount;

/// A cart (`{"cart": …}` of every `/store/carts` call): lines, addresses, shipping methods,
/// promotions, its payment collection, and the totals the server computes on every change.
///
/// Every field but `id` is optional: `fields=` selections return partial carts, and the server
/// leaves out what a cart does not have yet (`payment_collection` before the first
/// [`payment_collection`](crate::v2::store::carts::Carts::payment_collection) call).
///
/// **Money**: exact [`Amount`]s in major units of `currency_code`, never rounded to cents by
/// the server (`53.973` after a 10 % discount on 3 × 19.99). The cart's own totals come as JSON
/// numbers only (the server sends no `raw_*` twin for them, or `null`); they are read from their
/// digits, exactly as the server wrote them. The lines and shipping methods carry exact `raw_*`
/// twins when asked for with `fields=+items.*,+shipping_methods.*`.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::Cart;
///
/// let json = r#"{"id": "cart_01", "currency_code": "usd", "email": "jane@example.com",
///     "region_id": "reg_01", "completed_at": null, "total": 559.97, "subtotal": 559.97,
///     "shipping_total": 500, "item_total": 59.97, "discount_total": 0,
///     "items": [{"id": "cali_01", "variant_id": "variant_01", "title": "Sticker",
///                "quantity": 3, "unit_price": 19.99, "is_tax_inclusive": false}],
///     "shipping_methods": [{"id": "casm_01", "amount": 500, "shipping_option_id": "so_01"}],
///     "some_future_field": true}"#;
/// let cart: Cart = serde_json::from_str(json).unwrap();
/// assert_eq!(cart.total, Some("559.97".parse::<Amount>().unwrap()));
/// let line = &cart.items.as_ref().unwrap()[0];
/// assert_eq!((line.unit_price.unwrap() * line.quantity).unwrap(), cart.item_total.unwrap());
/// assert!(!cart.is_completed());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Cart {
    /// Cart id (`cart_…`). The only field always present.
    pub id: String,
    /// Lower-case ISO 4217 code of every amount of the cart (the region's currency).
    pub currency_code: Option<String>,
    /// The e-mail the order will be placed with.
    pub email: Option<String>,
    /// The locale of the cart, when set.
    pub locale: Option<String>,
    /// The region: its prices, taxes and the countries shipped to.
    pub region_id: Option<String>,
    /// The customer the cart belongs to: the logged-in customer, the (guest or registered!)
    /// customer of its e-mail, or `None`.
    pub customer_id: Option<String>,
    /// The sales channel (the publishable key's).
    pub sales_channel_id: Option<String>,
    /// Completion time: set once the cart became an order.
    pub completed_at: Option<String>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,

    // Relations.
    /// The lines.
    pub items: Option<Vec<CartLineItem>>,
    /// The shipping methods chosen.
    pub shipping_methods: Option<Vec<CartShippingMethod>>,
    /// Shipping address.
    pub shipping_address: Option<CartAddress>,
    /// Billing address.
    pub billing_address: Option<CartAddress>,
    /// Applied promotions.
    pub promotions: Option<Vec<CartPromotion>>,
    /// The payment collection, with its sessions, once there is one.
    pub payment_collection: Option<PaymentCollection>,
    /// The customer (`id`, `email`, `groups` by default).
    pub customer: Option<Customer>,
    /// The region, with its countries.
    pub region: Option<Region>,
    /// Credit lines (raw JSON, not modelled in depth).
    pub credit_lines: Option<Vec<serde_json::Value>>,

    // Computed totals (JSON numbers only: the server sends no raw twin for a cart's totals).
    /// Grand total: items and shipping, after discounts, with tax.
    pub total: Option<Amount>,
    /// Before taxes (after discounts).
    pub subtotal: Option<Amount>,
    /// Total tax.
    pub tax_total: Option<Amount>,
    /// Discount total, tax included.
    pub discount_total: Option<Amount>,
    /// Discount total, tax excluded.
    pub discount_subtotal: Option<Amount>,
    /// Tax part of the discounts.
    pub discount_tax_total: Option<Amount>,
    /// Grand total before discounts.
    pub original_total: Option<Amount>,
    /// Subtotal before discounts.
    pub original_subtotal: Option<Amount>,
    /// Tax before discounts.
    pub original_tax_total: Option<Amount>,
    /// Items total.
    pub item_total: Option<Amount>,
    /// Items subtotal.
    pub item_subtotal: Option<Amount>,
    /// Tax on items.
    pub item_tax_total: Option<Amount>,
    /// Discount on items.
    pub item_discount_total: Option<Amount>,
    /// Items total before discounts.
    pub original_item_total: Option<Amount>,
    /// Items subtotal before discounts.
    pub original_item_subtotal: Option<Amount>,
    /// Tax on items before discounts.
    pub original_item_tax_total: Option<Amount>,
    /// Shipping total.
    pub shipping_total: Option<Amount>,
    /// Shipping subtotal.
    pub shipping_subtotal: Option<Amount>,
    /// Tax on shipping.
    pub shipping_tax_total: Option<Amount>,
    /// Discount on shipping.
    pub shipping_discount_total: Option<Amount>,
    /// Shipping total before discounts.
    pub original_shipping_total: Option<Amount>,
    /// Shipping subtotal before discounts.
    pub original_shipping_subtotal: Option<Amount>,
    /// Tax on shipping before discounts.
    pub original_shipping_tax_total: Option<Amount>,
    /// Credit lines total.
    pub credit_line_total: Option<Amount>,
    /// Credit lines subtotal.
    pub credit_line_subtotal: Option<Amount>,
    /// Tax on credit lines.
    pub credit_line_tax_total: Option<Amount>,
    /// Gift card total (only when asked for).
    pub gift_card_total: Option<Amount>,
    /// Tax on gift cards (only when asked for).
    pub gift_card_tax_total: Option<Amount>,
}

impl Cart {
    /// Whether the cart was completed (`completed_at` is set): it is an order now, and every
    /// change is refused.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::Cart;
    /// let cart: Cart = serde_json::from_str(r#"{"id": "cart_01", "completed_at": "2026-12-05T21:40:36.738Z"}"#).unwrap();
    /// assert!(cart.is_completed());
    /// ```
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }

    /// The quantity of a variant over all the cart's lines (a variant added with different
    /// `metadata` makes lines of its own).
    ///
    /// ```
    /// # use medusa_blocking::v2::models::Cart;
    /// let cart: Cart = serde_json::from_str(r#"{"id": "cart_01", "items": [
    ///     {"id": "cali_1", "variant_id": "variant_1", "quantity": 2},
    ///     {"id": "cali_2", "variant_id": "variant_1", "quantity": 1, "metadata": {"gift": true}}]}"#).unwrap();
    /// assert_eq!(cart.quantity_of("variant_1"), 3);
    /// assert_eq!(cart.quantity_of("variant_2"), 0);
    /// ```
    pub fn quantity_of(&self, variant_id: &str) -> i64 {
        self.items
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter(|l| l.variant_id.as_deref() == Some(variant_id))
            .map(|l| l.quantity)
            .sum()
    }
}

/// A line of a cart (`cart.items[]`): a variant, a quantity and its unit price in the cart's
/// currency.
///
/// The default fields have no per-line totals and no `raw_*` twins: ask for them with
/// `fields=+items.*` (and `+items.tax_lines.*`, `+items.adjustments.*`). For a tax-inclusive
/// price the exact `raw_subtotal` and `raw_tax_total` have 20 significant digits while their
/// JSON numbers are rounded doubles; their sum differs from `raw_total` in the 19th decimal.
///
/// ```rust
/// use medusa_blocking::v2::models::CartLineItem;
/// let line: CartLineItem = serde_json::from_str(r#"{"id": "cali_01", "variant_id": "variant_01",
///     "quantity": 2, "unit_price": 24.9, "raw_unit_price": {"value": "24.9", "precision": 20},
///     "is_tax_inclusive": true, "raw_subtotal": {"value": "41.848739495798319328", "precision": 20},
///     "total": 49.8}"#).unwrap();
/// assert_eq!(line.raw_subtotal.unwrap().to_string(), "41.848739495798319328");
/// assert_eq!(line.total.unwrap().to_string(), "49.8");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CartLineItem {
    /// Line id (`cali_…`).
    pub id: String,
    /// The cart's id (with `+items.*`).
    pub cart_id: Option<String>,
    /// Title (the product title).
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Thumbnail URL.
    pub thumbnail: Option<String>,
    /// The variant bought.
    pub variant_id: Option<String>,
    /// Its product.
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
    /// Whether the line needs shipping.
    pub requires_shipping: Option<bool>,
    /// Whether it is a gift card.
    pub is_giftcard: Option<bool>,
    /// Whether discounts may apply.
    pub is_discountable: Option<bool>,
    /// Whether `unit_price` includes tax.
    pub is_tax_inclusive: Option<bool>,
    /// Whether the price was set by hand.
    pub is_custom_price: Option<bool>,
    /// Quantity (a whole number: the server rounds a fraction).
    pub quantity: i64,
    /// Unit price.
    pub unit_price: Option<Amount>,
    /// Exact `unit_price` (with `+items.*`).
    pub raw_unit_price: Option<Amount>,
    /// "Was" price, if any.
    pub compare_at_unit_price: Option<Amount>,
    /// Exact `compare_at_unit_price`.
    pub raw_compare_at_unit_price: Option<Amount>,
    /// Tax lines (raw JSON, not modelled in depth; `rate` is a percentage).
    pub tax_lines: Option<Vec<serde_json::Value>>,
    /// Promotion adjustments (raw JSON, not modelled in depth: `code`, `amount`, …).
    pub adjustments: Option<Vec<serde_json::Value>>,
    /// The product (raw JSON, not modelled in depth).
    pub product: Option<serde_json::Value>,
    /// The variant (raw JSON, not modelled in depth).
    pub variant: Option<serde_json::Value>,
    /// Custom key-value data (lines of the same variant merge only when it is equal).
    pub metadata: Option<Metadata>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,

    // Computed totals (with `+items.*`).
    /// Total of the line (after discounts, with tax).
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

/// A shipping method of a cart (`cart.shipping_methods[]`): the chosen
/// [`ShippingOption`](super::ShippingOption) and its price.
///
/// ```rust
/// use medusa_blocking::money::Amount;
/// use medusa_blocking::v2::models::CartShippingMethod;
/// let m: CartShippingMethod = serde_json::from_str(r#"{"id": "casm_01", "amount": 4.95,
///     "raw_amount": {"value": "4.95", "precision": 20}, "is_tax_inclusive": false,
///     "shipping_option_id": "so_01", "total": 5.8905, "tax_total": 0.9405}"#).unwrap();
/// assert_eq!(m.total.unwrap().to_string(), "5.8905");
/// assert_eq!(m.raw_amount, m.amount);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CartShippingMethod {
    /// Shipping method id (`casm_…`).
    pub id: String,
    /// The cart's id (with `+shipping_methods.*`).
    pub cart_id: Option<String>,
    /// Name (the option's; with `+shipping_methods.*`).
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Price.
    pub amount: Option<Amount>,
    /// Exact `amount` (with `+shipping_methods.*`).
    pub raw_amount: Option<Amount>,
    /// Whether `amount` includes tax.
    pub is_tax_inclusive: Option<bool>,
    /// The shipping option chosen.
    pub shipping_option_id: Option<String>,
    /// Data for the fulfillment provider (raw JSON, as sent).
    pub data: Option<serde_json::Value>,
    /// Tax lines (raw JSON, not modelled in depth).
    pub tax_lines: Option<Vec<serde_json::Value>>,
    /// Promotion adjustments (raw JSON, not modelled in depth).
    pub adjustments: Option<Vec<serde_json::Value>>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,

    // Computed totals (with `+shipping_methods.*`).
    /// Total (after discounts, with tax).
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

/// A cart's shipping or billing address (`cart.shipping_address`, `cart.billing_address`).
///
/// ```rust
/// use medusa_blocking::v2::models::CartAddress;
/// let a: CartAddress = serde_json::from_str(r#"{"id": "caaddr_01", "first_name": "Jane",
///     "address_1": "1 Main St", "city": "Springfield", "country_code": "us", "phone": null}"#).unwrap();
/// assert_eq!(a.country_code.as_deref(), Some("us"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CartAddress {
    /// Address id (`caaddr_…`).
    pub id: String,
    /// Company name.
    pub company: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// First address line.
    pub address_1: Option<String>,
    /// Second address line.
    pub address_2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Lower-case ISO 3166-1 alpha-2 country code.
    pub country_code: Option<String>,
    /// Province or state.
    pub province: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A promotion applied to a cart (`cart.promotions[]`).
///
/// ```rust
/// use medusa_blocking::v2::models::CartPromotion;
/// let p: CartPromotion = serde_json::from_str(r#"{"id": "promo_01", "code": "SAVE10",
///     "is_automatic": false, "application_method": {"value": 10, "type": "percentage",
///     "currency_code": null, "id": "proappmet_01"}}"#).unwrap();
/// let method = p.application_method.unwrap();
/// assert_eq!((method.kind.as_deref(), method.value.unwrap().to_string()), (Some("percentage"), "10".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CartPromotion {
    /// Promotion id (`promo_…`).
    pub id: String,
    /// The code (`SAVE10`).
    pub code: Option<String>,
    /// Whether it applies by itself, without a code.
    pub is_automatic: Option<bool>,
    /// Whether its value includes tax.
    pub is_tax_inclusive: Option<bool>,
    /// How it applies: a percentage or a fixed amount.
    pub application_method: Option<PromotionApplicationMethod>,
}

/// How a promotion applies (`promotion.application_method`).
///
/// ```rust
/// use medusa_blocking::v2::models::PromotionApplicationMethod;
/// let m: PromotionApplicationMethod = serde_json::from_str(
///     r#"{"id": "proappmet_01", "type": "fixed", "value": 5, "currency_code": "usd"}"#).unwrap();
/// assert_eq!(m.kind.as_deref(), Some("fixed"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PromotionApplicationMethod {
    /// Id (`proappmet_…`).
    pub id: String,
    /// `percentage` or `fixed`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The percentage, or the amount in major units of `currency_code`.
    pub value: Option<Amount>,
    /// The currency of a fixed amount.
    pub currency_code: Option<String>,
}

/// The answer of deleting a line
/// ([`Carts::delete_line_item`](crate::v2::store::carts::Carts::delete_line_item)):
/// `{id, object: "line-item", deleted: true, parent: <cart>}`.
///
/// ```rust
/// use medusa_blocking::v2::models::LineItemDeleted;
/// let d: LineItemDeleted = serde_json::from_str(r#"{"id": "cali_01", "object": "line-item",
///     "deleted": true, "parent": {"id": "cart_01", "items": []}}"#).unwrap();
/// assert!(d.deleted);
/// assert_eq!(d.parent.unwrap().id, "cart_01");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LineItemDeleted {
    /// The line's id.
    pub id: String,
    /// `line-item`.
    pub object: String,
    /// `true` (also for a line that did not exist).
    pub deleted: bool,
    /// The cart without the line.
    pub parent: Option<Cart>,
}

/// What completing a cart answers (`POST /store/carts/{id}/complete`, status 200 either way):
/// the placed order, or the cart with the payment error that stopped it.
///
/// Every other reason not to complete (no items, no payment session, no shipping method) is an
/// error status (400), not this type. Completing a cart that is already completed answers the
/// **same order** again.
///
/// ```rust
/// use medusa_blocking::v2::models::Completion;
///
/// let done: Completion = serde_json::from_str(
///     r#"{"type": "order", "order": {"id": "order_01", "display_id": 31, "total": 559.97}}"#).unwrap();
/// assert_eq!(done.order().map(|o| o.id.as_str()), Some("order_01"));
///
/// let refused: Completion = serde_json::from_str(r#"{"type": "cart", "cart": {"id": "cart_01"},
///     "error": {"message": "Payment authorization failed", "name": "Error",
///               "type": "payment_authorization_error"}}"#).unwrap();
/// match refused {
///     Completion::Cart { cart, error } => {
///         assert_eq!(cart.id, "cart_01");
///         assert_eq!(error.kind, "payment_authorization_error");
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Completion {
    /// `{"type": "order", "order": …}`: the order placed (or placed before, for a completed
    /// cart).
    Order(Box<Order>),
    /// `{"type": "cart", "cart": …, "error": …}`: not placed, for a payment error
    /// (`payment_authorization_error`, `payment_requires_more_error`); the cart stays open.
    Cart {
        /// The cart, as it is.
        cart: Box<Cart>,
        /// Why it was not completed.
        error: CompletionError,
    },
}

impl Completion {
    /// The order, when one was placed.
    ///
    /// ```
    /// # use medusa_blocking::v2::models::Completion;
    /// let done: Completion = serde_json::from_str(r#"{"type": "order", "order": {"id": "order_01"}}"#).unwrap();
    /// assert!(done.order().is_some());
    /// ```
    pub fn order(&self) -> Option<&Order> {
        match self {
            Completion::Order(order) => Some(order),
            Completion::Cart { .. } => None,
        }
    }
}

/// The error of a cart that was not completed (`error` of [`Completion::Cart`]).
///
/// ```rust
/// use medusa_blocking::v2::models::CompletionError;
/// let e: CompletionError = serde_json::from_str(
///     r#"{"message": "declined", "name": "Error", "type": "payment_authorization_error"}"#).unwrap();
/// assert_eq!(e.kind, "payment_authorization_error");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CompletionError {
    /// What went wrong.
    pub message: String,
    /// The JavaScript error's name.
    pub name: Option<String>,
    /// Medusa's error type: `payment_authorization_error`, `payment_requires_more_error`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl<'de> Deserialize<'de> for Completion {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "type", default)]
            kind: Option<String>,
            #[serde(default)]
            order: Option<Box<Order>>,
            #[serde(default)]
            cart: Option<Box<Cart>>,
            #[serde(default)]
            error: Option<CompletionError>,
        }
        let wire = Wire::deserialize(d)?;
        // An order is an order, whatever `type` says; a cart is a cart.
        match (wire.order, wire.cart) {
            (Some(order), _) => Ok(Completion::Order(order)),
            (None, Some(cart)) => Ok(Completion::Cart {
                cart,
                error: wire.error.unwrap_or_default(),
            }),
            (None, None) => Err(serde::de::Error::custom(format_args!(
                "a cart completion with neither `order` nor `cart` (type {:?})",
                wire.kind.as_deref().unwrap_or("")
            ))),
        }
    }
}

impl Serialize for Completion {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        match self {
            Completion::Order(order) => {
                map.serialize_entry("type", "order")?;
                map.serialize_entry("order", order)?;
            }
            Completion::Cart { cart, error } => {
                map.serialize_entry("type", "cart")?;
                map.serialize_entry("cart", cart)?;
                map.serialize_entry("error", error)?;
            }
        }
        map.end()
    }
}
