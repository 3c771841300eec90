//! Carts: a new cart ([`CreateCart`]), a change ([`UpdateCart`]), a line ([`LineItem`],
//! [`UpdateLineItem`]), an address ([`CartAddressInput`]), a shipping method
//! ([`AddShippingMethod`]), a payment session ([`InitiatePaymentSession`]), and the whole
//! checkout of [`Carts::place_order`](crate::v2::store::carts::Carts::place_order)
//! ([`Checkout`], [`ShippingChoice`]).

use serde::Serialize;

use crate::v2::models::Metadata;

/// The payment provider every Medusa 2 store has: it authorizes at once, without a payment
/// (for tests and for orders paid otherwise).
pub const SYSTEM_PAYMENT_PROVIDER: &str = "pp_system_default";

/// A new cart ([`Carts::create`](crate::v2::store::carts::Carts::create)). Unset fields are not
/// sent. The sales channel comes from the publishable key; the region's currency is the cart's.
///
/// **Whose cart**: made by a logged-in client, the customer's; made without a login but with an
/// `email`, the guest customer of that e-mail — **or the registered customer of that e-mail**,
/// whose order history then shows the order (the server does so; the crate does not prevent it).
///
/// ```
/// use medusa_blocking::v2::store::params::{CreateCart, LineItem};
/// let cart = CreateCart {
///     email: Some("jane@example.com".into()),
///     items: vec![LineItem::new("variant_01", 2)],
///     ..CreateCart::in_region("reg_01")
/// };
/// assert_eq!(
///     serde_json::to_string(&cart).unwrap(),
///     r#"{"region_id":"reg_01","email":"jane@example.com","items":[{"variant_id":"variant_01","quantity":2}]}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CreateCart {
    /// The region (its currency, prices and taxes). Unset: the store's default region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    /// The e-mail of the order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The currency; must be the region's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency_code: Option<String>,
    /// Lines to start with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<LineItem>,
    /// Shipping address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<CartAddressInput>,
    /// Billing address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<CartAddressInput>,
    /// A sales channel of the publishable key (else 400).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_channel_id: Option<String>,
    /// Promotion codes to apply.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub promo_codes: Vec<String>,
    /// The cart's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Custom key-value data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl CreateCart {
    /// A cart in a region.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::CreateCart;
    /// assert_eq!(CreateCart::in_region("reg_01").region_id.as_deref(), Some("reg_01"));
    /// ```
    pub fn in_region(region_id: impl Into<String>) -> CreateCart {
        CreateCart {
            region_id: Some(region_id.into()),
            ..CreateCart::default()
        }
    }
}

/// A change of a cart ([`Carts::update`](crate::v2::store::carts::Carts::update)): only the
/// fields set are sent. A new region re-prices every line in its currency; a shipping address
/// outside the region is refused (400).
///
/// ```
/// use medusa_blocking::v2::store::params::{CartAddressInput, UpdateCart};
/// let address = CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701");
/// let update = UpdateCart { billing_address: Some(address.clone()), ..UpdateCart::shipping_to(address) };
/// assert!(serde_json::to_string(&update).unwrap().starts_with(r#"{"shipping_address":{"first_name":"Jane""#));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateCart {
    /// Move the cart to this region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    /// The e-mail of the order (the cart then belongs to that e-mail's customer, when no one is
    /// logged in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Shipping address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<CartAddressInput>,
    /// Billing address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<CartAddressInput>,
    /// A sales channel of the publishable key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_channel_id: Option<String>,
    /// Promotion codes to apply (in addition to those applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promo_codes: Option<Vec<String>>,
    /// The cart's locale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Custom key-value data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl UpdateCart {
    /// A change that sets the shipping address.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::{CartAddressInput, UpdateCart};
    /// let u = UpdateCart::shipping_to(CartAddressInput { country_code: Some("us".into()), ..Default::default() });
    /// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"shipping_address":{"country_code":"us"}}"#);
    /// ```
    pub fn shipping_to(address: CartAddressInput) -> UpdateCart {
        UpdateCart {
            shipping_address: Some(address),
            ..UpdateCart::default()
        }
    }
}

/// An address of a cart: every field optional, unset ones not sent.
///
/// ```
/// use medusa_blocking::v2::store::params::CartAddressInput;
/// let a = CartAddressInput { province: Some("il".into()), ..CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701") };
/// assert_eq!(
///     serde_json::to_string(&a).unwrap(),
///     r#"{"first_name":"Jane","last_name":"Doe","address_1":"1 Main St","city":"Springfield","country_code":"us","province":"il","postal_code":"62701"}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CartAddressInput {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Lower-case ISO 3166-1 alpha-2 country code: a country of the cart's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Province or state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Custom key-value data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl CartAddressInput {
    /// An address with the usual six fields.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::CartAddressInput;
    /// let a = CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701");
    /// assert_eq!(a.country_code.as_deref(), Some("us"));
    /// ```
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        address_1: impl Into<String>,
        city: impl Into<String>,
        country_code: impl Into<String>,
        postal_code: impl Into<String>,
    ) -> CartAddressInput {
        CartAddressInput {
            first_name: Some(first_name.into()),
            last_name: Some(last_name.into()),
            address_1: Some(address_1.into()),
            city: Some(city.into()),
            country_code: Some(country_code.into()),
            postal_code: Some(postal_code.into()),
            ..CartAddressInput::default()
        }
    }
}

/// A line to add: a variant and a quantity (at least 1).
///
/// ```
/// use medusa_blocking::v2::store::params::LineItem;
/// assert_eq!(serde_json::to_string(&LineItem::new("variant_01", 3)).unwrap(), r#"{"variant_id":"variant_01","quantity":3}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LineItem {
    /// The variant.
    pub variant_id: String,
    /// How many (at least 1; 0 is refused before anything is sent).
    pub quantity: u32,
    /// Custom key-value data: a variant added again with the same metadata adds to its line,
    /// with other metadata makes a line of its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl LineItem {
    /// `quantity` of a variant.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::LineItem;
    /// assert_eq!(LineItem::new("variant_01", 2).quantity, 2);
    /// ```
    pub fn new(variant_id: impl Into<String>, quantity: u32) -> LineItem {
        LineItem {
            variant_id: variant_id.into(),
            quantity,
            metadata: None,
        }
    }
}

/// A new quantity (and metadata) of a line; quantity 0 removes it.
///
/// ```
/// use medusa_blocking::v2::store::params::UpdateLineItem;
/// assert_eq!(serde_json::to_string(&UpdateLineItem::quantity(4)).unwrap(), r#"{"quantity":4}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UpdateLineItem {
    /// The new quantity (0: remove the line).
    pub quantity: u32,
    /// Custom key-value data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl UpdateLineItem {
    /// A new quantity.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::UpdateLineItem;
    /// assert_eq!(UpdateLineItem::quantity(0).quantity, 0);
    /// ```
    pub fn quantity(quantity: u32) -> UpdateLineItem {
        UpdateLineItem {
            quantity,
            metadata: None,
        }
    }
}

/// A shipping method to add: a [`ShippingOption`](crate::v2::models::ShippingOption)'s id, and
/// data for its provider.
///
/// ```
/// use medusa_blocking::v2::store::params::AddShippingMethod;
/// assert_eq!(serde_json::to_string(&AddShippingMethod::option("so_01")).unwrap(), r#"{"option_id":"so_01"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddShippingMethod {
    /// The shipping option.
    pub option_id: String,
    /// Data for the fulfillment provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Metadata>,
}

impl AddShippingMethod {
    /// The shipping option `option_id`.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::AddShippingMethod;
    /// assert_eq!(AddShippingMethod::option("so_01").option_id, "so_01");
    /// ```
    pub fn option(option_id: impl Into<String>) -> AddShippingMethod {
        AddShippingMethod {
            option_id: option_id.into(),
            data: None,
        }
    }
}

/// A payment session to open: a provider of the cart's region, and data for it.
///
/// ```
/// use medusa_blocking::v2::store::params::InitiatePaymentSession;
/// let s = InitiatePaymentSession::system();
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"provider_id":"pp_system_default"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct InitiatePaymentSession {
    /// The provider (`pp_system_default`, `pp_stripe_stripe`).
    pub provider_id: String,
    /// Data for the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<Metadata>,
}

impl InitiatePaymentSession {
    /// A session of `provider_id`.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::InitiatePaymentSession;
    /// assert_eq!(InitiatePaymentSession::provider("pp_stripe_stripe").provider_id, "pp_stripe_stripe");
    /// ```
    pub fn provider(provider_id: impl Into<String>) -> InitiatePaymentSession {
        InitiatePaymentSession {
            provider_id: provider_id.into(),
            data: None,
        }
    }

    /// A session of the system provider ([`SYSTEM_PAYMENT_PROVIDER`]).
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::InitiatePaymentSession;
    /// assert_eq!(InitiatePaymentSession::system().provider_id, "pp_system_default");
    /// ```
    pub fn system() -> InitiatePaymentSession {
        InitiatePaymentSession::provider(SYSTEM_PAYMENT_PROVIDER)
    }
}

/// Which shipping option a checkout takes among those the cart can use.
///
/// ```
/// use medusa_blocking::v2::store::params::ShippingChoice;
/// let by_name = ShippingChoice::Named("Standard Shipping".into());
/// # let _ = (by_name, ShippingChoice::Cheapest, ShippingChoice::Option("so_01".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShippingChoice {
    /// This option (its id), whether listed or not.
    Option(String),
    /// The listed option of this name.
    Named(String),
    /// The listed option with the lowest price (options without a price in the cart's currency
    /// are left out; the first of equal prices).
    Cheapest,
}

/// Everything a checkout needs
/// ([`Carts::place_order`](crate::v2::store::carts::Carts::place_order)): a region, lines, the
/// addresses and e-mail, the shipping choice, and the payment provider.
///
/// ```
/// use medusa_blocking::v2::store::params::{CartAddressInput, Checkout, LineItem, ShippingChoice};
/// let checkout = Checkout {
///     email: Some("jane@example.com".into()),
///     ..Checkout::new(
///         "reg_01",
///         vec![LineItem::new("variant_01", 2)],
///         CartAddressInput::new("Jane", "Doe", "1 Main St", "Springfield", "us", "62701"),
///         ShippingChoice::Cheapest,
///     )
/// };
/// assert_eq!(checkout.provider_id, "pp_system_default");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Checkout {
    /// The region.
    pub region_id: String,
    /// The lines (at least one).
    pub items: Vec<LineItem>,
    /// The e-mail of the order; `None` for a logged-in client (the customer's is taken), required
    /// for a guest.
    pub email: Option<String>,
    /// Where to ship.
    pub shipping_address: CartAddressInput,
    /// Where to bill; `None`: the shipping address.
    pub billing_address: Option<CartAddressInput>,
    /// Which shipping option.
    pub shipping: ShippingChoice,
    /// Promotion codes to apply.
    pub promo_codes: Vec<String>,
    /// The payment provider (default [`SYSTEM_PAYMENT_PROVIDER`]).
    pub provider_id: String,
    /// Custom key-value data of the cart.
    pub metadata: Option<Metadata>,
}

impl Checkout {
    /// A checkout of `items` in a region, shipped to `shipping_address` (billed there too), with
    /// the system payment provider.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::{CartAddressInput, Checkout, LineItem, ShippingChoice};
    /// let c = Checkout::new("reg_01", vec![LineItem::new("variant_01", 1)], CartAddressInput::default(), ShippingChoice::Cheapest);
    /// assert_eq!(c.billing_address, None);
    /// ```
    pub fn new(
        region_id: impl Into<String>,
        items: Vec<LineItem>,
        shipping_address: CartAddressInput,
        shipping: ShippingChoice,
    ) -> Checkout {
        Checkout {
            region_id: region_id.into(),
            items,
            email: None,
            shipping_address,
            billing_address: None,
            shipping,
            promo_codes: Vec::new(),
            provider_id: SYSTEM_PAYMENT_PROVIDER.to_string(),
            metadata: None,
        }
    }

    /// The cart this checkout starts with: region, e-mail, lines, addresses, promotions.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::{CartAddressInput, Checkout, LineItem, ShippingChoice};
    /// let c = Checkout::new("reg_01", vec![LineItem::new("variant_01", 1)], CartAddressInput::default(), ShippingChoice::Cheapest);
    /// assert_eq!(c.cart().billing_address, c.cart().shipping_address);
    /// ```
    pub fn cart(&self) -> CreateCart {
        CreateCart {
            region_id: Some(self.region_id.clone()),
            email: self.email.clone(),
            items: self.items.clone(),
            shipping_address: Some(self.shipping_address.clone()),
            billing_address: Some(
                self.billing_address
                    .clone()
                    .unwrap_or_else(|| self.shipping_address.clone()),
            ),
            promo_codes: self.promo_codes.clone(),
            metadata: self.metadata.clone(),
            ..CreateCart::default()
        }
    }
}

/// The `{"promo_codes": […]}` of the promotion calls.
#[derive(Serialize)]
pub(crate) struct PromoCodes<'a> {
    pub(crate) promo_codes: &'a [String],
}

/// The `{"cart_id"}` of `POST /store/payment-collections`.
#[derive(Serialize)]
pub(crate) struct CollectionFor<'a> {
    pub(crate) cart_id: &'a str,
}
