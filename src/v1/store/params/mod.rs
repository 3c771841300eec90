//! What the v1 Store calls send: bodies, and the filters and paging of lists, apart from the
//! response models ([`crate::v1::models`]). Plain structs with public fields and `Default`;
//! fields left unset are not sent. The v2 wing has the same names in `v2::store::params`.
//!
//! ```
//! use medusa_blocking::v1::store::params::{CreateCustomer, ListOrders};
//! use medusa_blocking::v1::models::OrderStatus;
//! let jane = CreateCustomer { first_name: Some("Jane".into()), ..CreateCustomer::new("jane@example.com", "pw") };
//! let completed = ListOrders { status: vec![OrderStatus::Completed], limit: Some(5), ..Default::default() };
//! # let _ = (jane, completed);
//! ```

mod addresses;
mod customers;
mod orders;

pub use addresses::{AddressCreate, AddressUpdate};
pub use customers::{BillingAddress, CreateCustomer, ResetPassword, UpdateCustomer};
pub use orders::{DateFilter, ListOrders};
