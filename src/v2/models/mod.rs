//! Response models of the Medusa v2 Store API (2.21): customers, their addresses, orders with
//! their items, shipping methods, addresses and payment summary, and the catalog: regions,
//! products with their variants and calculated prices, categories and collections, carts with
//! their lines, shipping options, payment collections and what completing a cart answers; and of the
//! Admin API's customer side ([`crate::v2::admin`]): the same [`Customer`], [`CustomerGroup`],
//! [`User`], [`Deleted`].
//!
//! The conventions are those of the v1 models, with v2's money:
//!
//! - Every struct has `#[serde(default)]`: a missing field takes its default (`None`, `""`,
//!   `0`, `false`, empty). Unknown fields are ignored. Structs are `#[non_exhaustive]`; build
//!   them with `Default::default()` and field assignment.
//! - A field the server may send as `null` is an `Option`. [`Order`] and the catalog models
//!   ([`Region`], [`Product`], [`ProductVariant`], [`ProductCategory`], …) go further: nearly
//!   every field except `id` is an `Option`, because `fields=` selections return partial
//!   objects.
//! - **Money is an exact decimal [`Amount`](crate::money::Amount) in major units** of the
//!   order's `currency_code` (`19.99`, where v1 had `1999` cents as an `i64`). The server sends
//!   most totals twice, as a JSON number and as an exact `raw_*` object
//!   `{"value": "19.99", "precision": 20}`; both read as `Amount`s (`raw_*` fields are
//!   `Option<Amount>`), so they compare with `==`. The [`money`](crate::money) module explains
//!   how a JSON number is read exactly and what that costs.
//! - Timestamps are ISO-8601 `String`s exactly as sent. Ids are `String`s.
//! - `metadata` is a JSON object ([`Metadata`]) or `None`. Relations this crate does not model
//!   in depth (item `detail`, `tax_lines`, `adjustments`, `variant`, `product`, payment
//!   collections, fulfillments, …) are raw [`serde_json::Value`]s.
//! - String enums ([`OrderStatus`], [`PaymentStatus`], [`FulfillmentStatus`]) keep values they
//!   do not know in an `Unknown(String)` variant, so a newer server never breaks
//!   deserialization.
//!
//! Same names as v1 where the concept is the same (`Customer`, `Order`, `OrderStatus`,
//! `PaymentStatus`, `FulfillmentStatus`, `Metadata`); new names where v2 differs
//! ([`CustomerAddress`] and [`OrderAddress`] for v1's `Address`, [`OrderItem`] for `LineItem`,
//! [`OrderShippingMethod`] for `ShippingMethod`).
//!
//! ```rust
//! use medusa_blocking::money::Amount;
//! use medusa_blocking::v2::models::{Order, PaymentStatus};
//!
//! #[derive(serde::Deserialize)]
//! struct OrdersPage {
//!     orders: Vec<Order>,
//!     count: u64,
//! }
//!
//! let page: OrdersPage = serde_json::from_str(
//!     r#"{"orders": [{"id": "order_01", "payment_status": "authorized", "total": 44,
//!                     "some_future_field": true}], "count": 1, "offset": 0, "limit": 50}"#,
//! ).unwrap();
//! assert_eq!(page.count, 1);
//! assert_eq!(page.orders[0].payment_status, Some(PaymentStatus::Authorized));
//! assert_eq!(page.orders[0].total, Some(Amount::from(44)));
//! assert_eq!(page.orders[0].email, None);
//! ```

mod auth;
mod cart;
mod catalog;
mod customer;
mod customer_group;
mod enums;
mod line_item;
mod order;
mod payment;
mod product;
mod region;
mod shipping;

pub use auth::{
    AuthFlow, AuthProvider, MfaChallenge, MfaFactor, MfaMethod, MfaStatus, Verification,
    VerificationConfirmed,
};
pub use cart::{
    Cart, CartAddress, CartLineItem, CartPromotion, CartShippingMethod, Completion,
    CompletionError, LineItemDeleted, PromotionApplicationMethod,
};
pub use catalog::{CategoryPage, CollectionPage, ProductCategory, ProductCollection};
pub use customer::{AddressDeleted, AddressPage, Customer, CustomerAddress, CustomerPage};
pub use customer_group::{CustomerGroup, CustomerGroupPage, Deleted, User};
pub use enums::{FulfillmentStatus, OrderStatus, PaymentStatus};
pub use line_item::OrderItem;
pub use order::{Order, OrderAddress, OrderPage, OrderSummary};
pub use payment::{PaymentCollection, PaymentProvider, PaymentProviderPage, PaymentSession};
pub use product::{
    CalculatedPrice, PriceRecord, Product, ProductImage, ProductOption, ProductOptionValue,
    ProductPage, ProductTag, ProductType, ProductVariant,
};
pub use region::{Country, Region, RegionPage};
pub use shipping::{OrderShippingMethod, ShippingOption, ShippingOptionType};

/// Custom key-value data attached to most objects (`metadata`): a JSON object.
///
/// ```rust
/// use medusa_blocking::v2::models::{Customer, Metadata};
///
/// let customer: Customer =
///     serde_json::from_str(r#"{"id": "cus_01", "metadata": {"vip": true}}"#).unwrap();
/// let metadata: Metadata = customer.metadata.unwrap_or_default();
/// assert_eq!(metadata["vip"], true);
/// ```
pub type Metadata = serde_json::Map<String, serde_json::Value>;
