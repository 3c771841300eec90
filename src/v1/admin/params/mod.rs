//! What the v1 Admin calls send: bodies, and the filters and paging of lists, apart from the
//! response models ([`crate::v1::models`]). Plain structs with public fields and `Default`;
//! fields left unset are not sent. The v2 wing has the same names in `v2::admin::params`.
//!
//! ```
//! use medusa_blocking::v1::admin::params::{CreateCustomer, ListCustomers};
//! let jane = CreateCustomer::new("jane@example.com", "Jane", "Doe"); // no account
//! let first_page = ListCustomers { order: Some("created_at".into()), limit: Some(100), ..Default::default() };
//! # let _ = (jane, first_page);
//! ```

mod customer_groups;
mod customers;

pub use crate::v1::store::params::DateFilter;
pub use customer_groups::{CreateCustomerGroup, ListCustomerGroups, UpdateCustomerGroup};
pub use customers::{CreateCustomer, ListCustomers, UpdateCustomer};

pub(crate) use customers::{IdRef, ids_as_objects};
