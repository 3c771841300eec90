//! The v2 Admin API, the operator's side of the customer (`@medusajs/js-sdk`'s
//! `sdk.admin.customer`, `sdk.admin.customerGroup`): a client of its own, [`Admin`], with
//! [`auth`] (an admin user's e-mail and password: a JWT, refreshed as the customer's, or the cookie
//! session), or a **secret API key** for unattended jobs ([`AdminBuilder::secret_api_key`], HTTP
//! Basic); [`customers`] (list with every filter, a lazy iterator, retrieve, create without
//! password, update, delete, group membership, and a customer's [`addresses`]) and
//! [`customer_groups`] (with their members). What the calls send is in [`params`]; what they
//! answer, in [`crate::v2::models`] ([`Customer`](crate::v2::models::Customer) is the store's,
//! with the admin-only fields).
//!
//! ```no_run
//! use medusa_blocking::v2::admin::Admin;
//! use medusa_blocking::v2::admin::params::{CreateCustomer, ListCustomers};
//!
//! let admin = Admin::builder("http://localhost:9000")
//!     .secret_api_key(std::env::var("MEDUSA_SECRET_API_KEY").unwrap_or_default())
//!     .build()?;
//! let jane = admin.customers().create(&CreateCustomer {
//!     first_name: Some("Jane".into()),
//!     ..CreateCustomer::with_email("jane@example.com")
//! })?;
//! let vip = admin.customer_groups().create(&"VIP".into())?;
//! admin.customer_groups().add_customers(&vip.id, &[jane.id.as_str()])?;
//! for customer in admin.customers().iter(&ListCustomers { groups: vec![vip.id.clone()], ..Default::default() }) {
//!     println!("{}", customer?.email);
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! What the server does that the crate checks for you:
//! - the address routes ignore the customer in their path (a `DELETE` deletes another
//!   customer's address): [`addresses::Addresses`] reads the address as the customer's first
//!   and sends an update or a delete only for an address that is;
//! - deletes of an unknown id answer `deleted: true`: the crate's deletes look first and say
//!   404 `not_found`;
//! - a store customer's e-mail and password log in on the admin route too, with a token that is
//!   no admin's: [`auth::Auth::login`] refuses it and keeps nothing.
//!
//! A session saved from an admin client ([`Client::save_session`](crate::Client::save_session))
//! loads only into an admin client, and a store client's only into a store client.

pub mod addresses;
pub mod auth;
pub mod customer_groups;
pub mod customers;
pub mod params;

mod basic;
mod import;

use std::sync::Arc;

use crate::core::api::{Api, sealed::Sealed};
use crate::core::builder::ClientBuilder;
use crate::core::client::Client;
use crate::core::error::{ApiError, Error};
use crate::core::request::Layer;

/// The Medusa v2 Admin API (`/admin/…`): [`Admin`] is `Client<AdminApi>`. No publishable key;
/// an admin user's token or cookie session, or a secret API key. Its session files are its own
/// (`"v2-admin"`): they do not load into a store client, nor a store client's into it.
///
/// ```
/// use medusa_blocking::Api;
/// use medusa_blocking::v2::admin::AdminApi;
/// assert_eq!(AdminApi::NAME, "v2-admin");
/// assert!(!AdminApi::REQUIRES_PUBLISHABLE_KEY);
/// ```
#[derive(Debug)]
pub enum AdminApi {}

impl Api for AdminApi {
    const NAME: &'static str = "v2-admin";
    const REQUIRES_PUBLISHABLE_KEY: bool = false;
}

impl Sealed for AdminApi {
    /// v2's layer: the user's token is refreshed at `/auth/token/refresh` as a customer's is,
    /// and a v1 server's "Cannot GET" is [`Error::WrongApi`].
    fn layer() -> Arc<dyn Layer> {
        Arc::new(super::layer::V2Layer::default())
    }
}

/// A client of the Medusa v2 Admin API: [`Client`]`<`[`AdminApi`]`>`. Cheap to clone; clones
/// share the connection pool, the cookie jar, the token and the key.
///
/// ```no_run
/// use medusa_blocking::v2::admin::Admin;
/// let admin = Admin::new("http://localhost:9000")?;
/// admin.auth().login("admin@example.com", "supersecret")?;
/// let page = admin.customers().list(&Default::default())?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type Admin = Client<AdminApi>;

/// Builds an [`Admin`]: [`ClientBuilder`]`<`[`AdminApi`]`>`, with
/// [`secret_api_key`](ClientBuilder::secret_api_key).
///
/// ```
/// let admin = medusa_blocking::v2::admin::Admin::builder("http://localhost:9000")
///     .secret_api_key("sk_0123...")
///     .build()?;
/// assert!(!format!("{admin:?}").contains("sk_0123"));
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type AdminBuilder = ClientBuilder<AdminApi>;

impl ClientBuilder<AdminApi> {
    /// Authenticates every call with this secret API key (`sk_…`, made in the admin or with
    /// `POST /admin/api-keys {"type": "secret"}`), sent as HTTP Basic with the key as user name
    /// and no password, `Authorization: Basic base64("sk_…:")`, as the server wants it (it
    /// refuses a key sent as `Bearer`). The header is marked sensitive and the key never appears
    /// in `Debug`, errors or logs. Surrounding white space (a line read from a file) is dropped;
    /// an empty key, or one with a `:`, makes [`build`](ClientBuilder::build) fail with
    /// [`Error::Config`]. Records made with a key have the key's id (`apk_…`) as `created_by`.
    ///
    /// A log-in on the same client ([`auth::Auth::login`]) takes over: its token is sent instead
    /// of the key until it is dropped.
    ///
    /// ```
    /// use medusa_blocking::v2::admin::Admin;
    /// let admin = Admin::builder("http://localhost:9000").secret_api_key("sk_0123...").build()?;
    /// assert!(Admin::builder("http://localhost:9000").secret_api_key(" ").build().is_err());
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn secret_api_key(self, key: impl AsRef<str>) -> Self {
        let key = key.as_ref().trim();
        if key.is_empty() || key.contains(':') {
            return self.refuse(
                "the secret API key is empty or has a ':' (HTTP Basic sends it as the user name)"
                    .into(),
            );
        }
        self.header("authorization", basic::authorization(key))
    }
}

impl Client<AdminApi> {
    /// The admin auth calls: log in with an admin user's e-mail and password, refresh, cookie
    /// session, log out, the user.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> auth::Auth {
        auth::Auth::new(self.handle())
    }

    /// The customer calls (`/admin/customers…`).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let jane = admin.customers().retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The customer group calls (`/admin/customer-groups…`).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let vip = admin.customer_groups().retrieve("cusgroup_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customer_groups(&self) -> customer_groups::CustomerGroups {
        customer_groups::CustomerGroups::new(self.handle())
    }
}

/// A 404 `not_found` made by the crate where the server says nothing is wrong (a delete of an
/// unknown id answers `deleted: true`; an unknown or another customer's address reads as `{}`):
/// the error the server gives for an unknown id on its other routes.
pub(crate) fn not_found(message: String) -> Error {
    Error::Api {
        status: 404,
        error: ApiError {
            kind: "not_found".into(),
            code: None,
            message,
        },
        retry_after: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_admin_client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Admin>();
        check::<auth::Auth>();
        check::<customers::Customers>();
        check::<customer_groups::CustomerGroups>();
        check::<addresses::Addresses>();
    }

    #[test]
    fn a_bad_key_fails_at_build_and_is_never_shown() {
        for bad in ["", "  ", "sk_a:b"] {
            match Admin::builder("http://localhost:9000")
                .secret_api_key(bad)
                .build()
            {
                Err(Error::Config(message)) => assert!(message.contains("secret API key")),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
        let builder = Admin::builder("http://localhost:9000").secret_api_key("sk_SECRET\n");
        assert!(!format!("{builder:?}").contains("SECRET"));
        let admin = builder.build().unwrap();
        assert!(!format!("{admin:?}").contains("SECRET"));
    }

    #[test]
    fn a_made_not_found_reads_like_the_servers() {
        let e = not_found("Customer with id: cus_x was not found".into());
        assert_eq!(e.status(), Some(404));
        assert_eq!(
            e.api_error().map(|a| a.error_type()),
            Some(crate::ErrorType::NotFound)
        );
    }
}
