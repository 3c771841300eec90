//! What the v2 Store calls send: bodies, and the filters and paging of lists, apart from the
//! response models ([`crate::v2::models`]). Plain structs with public fields and `Default`;
//! fields left unset are not sent. The names are the v1 wing's, so a v1 program ports by
//! changing `v1::store::params` to `v2::store::params`.
//!
//! ```
//! use medusa_blocking::v2::store::params::{CreateCustomer, ListOrders};
//! let jane = CreateCustomer { first_name: Some("Jane".into()), ..CreateCustomer::new("jane@example.com", "pw") };
//! let recent = ListOrders { order: Some("-created_at".into()), limit: Some(5), ..Default::default() };
//! # let _ = (jane, recent);
//! ```

mod addresses;
mod carts;
mod categories;
mod customers;
mod orders;
mod products;
mod regions;

/// The `metadata` key under which a call that may be retried marks what it creates with an id
/// of its own (a random UUID, one per call), so that after a lost response it finds its own
/// copies and nothing else: [`Customers::create`](crate::v2::store::customers::Customers::create)
/// marks the customer, [`Addresses::add_address`](crate::v2::store::addresses::Addresses::add_address)
/// the address. Sent only when the client retries (`max_retries > 0`), and kept: the server
/// holds it with the record (about 60 bytes) and returns it in `metadata`; a caller's value
/// under this key is replaced.
///
/// ```
/// use medusa_blocking::v2::store::params::CALL_ID_KEY;
/// # let address: medusa_blocking::v2::models::CustomerAddress = serde_json::from_value(serde_json::json!({
/// #     "id": "cuaddr_1", "metadata": {"medusa_blocking_call_id": "0b8c…"}})).unwrap();
/// let made_by_a_retried_call = address.metadata.as_ref().is_some_and(|m| m.contains_key(CALL_ID_KEY));
/// # assert!(made_by_a_retried_call);
/// ```
pub const CALL_ID_KEY: &str = "medusa_blocking_call_id";

pub use addresses::{AddressCreate, AddressUpdate, ListAddresses};
pub use carts::{
    AddShippingMethod, CartAddressInput, Checkout, CreateCart, InitiatePaymentSession, LineItem,
    SYSTEM_PAYMENT_PROVIDER, ShippingChoice, UpdateCart, UpdateLineItem,
};
pub(crate) use carts::{CollectionFor, PromoCodes};
pub use categories::{CategoryTree, ListCategories, ListCollections};
pub(crate) use customers::CustomerBody;
pub use customers::{CreateCustomer, ResetPassword, UpdateCustomer};
pub use orders::{ListOrders, RequestTransfer};
pub use products::{ListProducts, PriceContext};
pub use regions::ListRegions;
