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
mod customers;
mod orders;

pub use addresses::{AddressCreate, AddressUpdate, ListAddresses};
pub(crate) use customers::CustomerBody;
pub use customers::{CreateCustomer, ResetPassword, UpdateCustomer};
pub use orders::{ListOrders, RequestTransfer};
