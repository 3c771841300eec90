//! The crate root of 0.1, where v1's names stood: `medusa_blocking::Medusa`,
//! `medusa_blocking::customers::CreateCustomer`, `medusa_blocking::auth::Auth`,
//! `medusa_blocking::models::Order`. Programs written against it keep compiling; each name is
//! deprecated, its note saying where it lives now, and hidden from the docs, so that every type
//! has one documented path and the root holds only what is version-neutral.

/// `v1::Medusa`.
#[deprecated(since = "0.2.0", note = "use medusa_blocking::v1::Medusa")]
pub type Medusa = crate::v1::Medusa;

/// `v1::MedusaBuilder`.
#[deprecated(since = "0.2.0", note = "use medusa_blocking::v1::MedusaBuilder")]
pub type MedusaBuilder = crate::v1::MedusaBuilder;

/// 0.1's `customers` module: the v1 customer handles and their request types.
#[deprecated(
    since = "0.2.0",
    note = "use medusa_blocking::v1::store::params for the request types, and v1::models"
)]
pub mod customers {
    pub use crate::v1::models::{Metadata, OrderPage};
    pub use crate::v1::store::addresses::Addresses;
    pub use crate::v1::store::customers::Customers;
    pub use crate::v1::store::params::{
        AddressCreate, AddressUpdate, BillingAddress, CreateCustomer, DateFilter, ListOrders,
        ResetPassword, UpdateCustomer,
    };
    pub use crate::v1::store::payment_methods::PaymentMethods;

    /// 0.1's order iterator: every order of the customer, lazily.
    #[deprecated(
        since = "0.2.0",
        note = "use medusa_blocking::PageIter<v1::models::Order>"
    )]
    pub type OrderIter = crate::core::page::PageIter<crate::v1::models::Order>;
}

/// 0.1's `auth` module.
#[deprecated(
    since = "0.2.0",
    note = "use medusa_blocking::v1::store::auth, and medusa_blocking::AccessToken"
)]
pub mod auth {
    pub use crate::core::secret::AccessToken;
    pub use crate::v1::store::auth::Auth;
}

/// 0.1's `models` module: the v1 models.
#[deprecated(since = "0.2.0", note = "use medusa_blocking::v1::models")]
pub mod models {
    pub use crate::v1::models::*;
}
