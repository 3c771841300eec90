//! Response models of the Medusa v1 Store and Admin APIs: customers, addresses, orders and what
//! orders reference; customer groups and admin users.
//!
//! All types are plain serde structs checked against real Medusa 1.20 responses:
//!
//! - Every struct has `#[serde(default)]`: a missing field takes its default (`None`, `""`, `0`,
//!   `false`, empty). Unknown fields are ignored. Structs are `#[non_exhaustive]`; build them with
//!   `Default::default()` and field assignment.
//! - A field the server may send as `null` is an `Option`. [`Order`] goes further: every field
//!   except `id` is an `Option`, because the orders list returns partial objects.
//! - Money is in integer minor units (`i64`), in the currency of the enclosing object.
//!   Exceptions, because the server sends fractions there: [`LineItemAdjustment::amount`] and the
//!   `raw_discount_total` fields are `f64`. Tax rates are `f64` percentages. Computed totals are
//!   read exactly and rounded to whole minor units;
//!   [`Amount::from_minor_units`](crate::money::Amount::from_minor_units) makes an exact decimal
//!   of minor units, to compare with v2's money ([`money`](crate::money)).
//! - Timestamps are ISO-8601 `String`s exactly as sent. Ids are `String`s.
//! - `metadata` is a JSON object ([`Metadata`]) or `None`; provider-specific `data` is a raw
//!   [`serde_json::Value`]. Relations this crate does not model in depth (returns, claims, swaps,
//!   refunds, order edits, carts, products, …) are raw `serde_json::Value`s as well.
//! - String enums ([`OrderStatus`], …) keep values they do not know in an `Unknown(String)`
//!   variant, so a newer server never breaks deserialization.
//!
//! ```rust
//! use medusa_blocking::v1::models::{Order, PaymentStatus};
//!
//! #[derive(serde::Deserialize)]
//! struct OrdersPage {
//!     orders: Vec<Order>,
//!     count: u64,
//! }
//!
//! let page: OrdersPage = serde_json::from_str(
//!     r#"{"orders": [{"id": "order_01", "payment_status": "captured", "total": 4400,
//!                     "some_future_field": true}], "count": 1, "offset": 0, "limit": 10}"#,
//! ).unwrap();
//! assert_eq!(page.count, 1);
//! assert_eq!(page.orders[0].payment_status, Some(PaymentStatus::Captured));
//! assert_eq!(page.orders[0].email, None);
//! ```

mod customer;
mod discount;
mod enums;
mod line_item;
mod num;
mod order;
mod payment;
mod region;
mod shipping;
mod user;

pub use customer::{
    Address, Country, Customer, CustomerGroup, CustomerGroupPage, CustomerPage, PaymentMethod,
};
pub use discount::{Discount, DiscountRule, GiftCard, GiftCardTransaction};
pub use enums::{
    AllocationType, DiscountRuleType, FulfillmentStatus, OrderStatus, PaymentStatus,
    ShippingOptionPriceType,
};
pub use line_item::{LineItem, LineItemAdjustment, LineItemTaxLine, ProductVariant};
pub use order::{Order, OrderPage};
pub use payment::{Fulfillment, FulfillmentItem, Payment, TrackingLink};
pub use region::{Currency, Region, SalesChannel};
pub use shipping::{ShippingMethod, ShippingMethodTaxLine, ShippingOption};
pub use user::{ApiToken, Deleted, User};

/// Custom key-value data attached to most objects (`metadata`): a JSON object.
///
/// ```rust
/// use medusa_blocking::v1::models::{Customer, Metadata};
///
/// let customer: Customer =
///     serde_json::from_str(r#"{"id": "cus_01", "metadata": {"newsletter": true}}"#).unwrap();
/// let metadata: Metadata = customer.metadata.unwrap_or_default();
/// assert_eq!(metadata["newsletter"], true);
/// ```
pub type Metadata = serde_json::Map<String, serde_json::Value>;
