//! The Medusa v1 Admin API, the operator's side of the customer: an admin client of its own
//! ([`Admin`], `Client<AdminApi>`) with [`auth`] (log in, bearer token, session, log out),
//! [`customers`] (list with every filter, a lazy iterator, retrieve, create, update, groups) and
//! [`customer_groups`] (list, retrieve, create, update, delete, members in batches). What the
//! calls send is in [`params`]; what they answer, in [`crate::v1::models`].
//!
//! Three ways to be an operator, as Medusa 1.x has them:
//! - a user's **API token**, sent as `x-medusa-access-token` on every call: set with
//!   [`AdminBuilder::api_token`], for unattended jobs (an admin sets one with
//!   `POST /admin/users/{id}` `{"api_token": …}`; a new one replaces the old at once);
//! - the admin **cookie session** of [`Auth::login`](auth::Auth::login), kept by the client's
//!   cookie jar (10 hours on a default server, lost when it restarts);
//! - a **bearer token** from [`Auth::get_token`](auth::Auth::get_token) (a JWT valid 24 hours).
//!
//! An admin client is a client of its own kind: its session file (saved with
//! [`Client::save_session`]) names the API `v1-admin`, and loads only into an admin client, never
//! into a store client (nor a store session into an admin client).
//!
//! ```no_run
//! use medusa_blocking::v1::admin::Admin;
//! use medusa_blocking::v1::admin::params::ListCustomers;
//!
//! let admin = Admin::builder("http://localhost:9000")
//!     .api_token(std::env::var("MEDUSA_ADMIN_API_TOKEN").unwrap_or_default())
//!     .max_retries(3)
//!     .build()?;
//! for customer in admin.customers().iter(&ListCustomers {
//!     order: Some("created_at".into()),
//!     limit: Some(200),
//!     ..Default::default()
//! }) {
//!     let customer = customer?;
//!     println!("{} {}", customer.id, customer.email);
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

pub mod auth;
pub mod customer_groups;
pub mod customers;
pub mod params;

mod import;

use std::sync::Arc;

use crate::core::api::{Api, sealed::Sealed};
use crate::core::builder::ClientBuilder;
use crate::core::client::Client;
use crate::core::request::Layer;

/// The Medusa v1 Admin API (`/admin/…` of a Medusa 1.x server): [`Admin`] is
/// `Client<AdminApi>`. Its [`NAME`](Api::NAME), recorded in session files, is `v1-admin`: an
/// admin session never loads into a store client, nor the reverse.
///
/// ```
/// use medusa_blocking::Api;
/// use medusa_blocking::v1::admin::AdminApi;
/// assert_eq!(AdminApi::NAME, "v1-admin");
/// assert!(!AdminApi::REQUIRES_PUBLISHABLE_KEY);
/// ```
#[derive(Debug)]
pub enum AdminApi {}

impl Api for AdminApi {
    const NAME: &'static str = "v1-admin";
}

impl Sealed for AdminApi {
    fn layer() -> Arc<dyn Layer> {
        // As the store's: a v2 server has no `/admin/auth`, and says so with a 404.
        Arc::new(crate::v1::layer::V1Layer)
    }
}

/// A client of the Medusa v1 Admin API: [`Client`]`<`[`AdminApi`]`>`.
///
/// Cheap to clone: clones share the connection pool, the cookie session and the bearer token,
/// and the client is `Send + Sync`, so a batch job can log in once and fan out over threads.
///
/// ```no_run
/// use medusa_blocking::v1::admin::Admin;
///
/// let admin = Admin::new("http://localhost:9000")?;
/// admin.auth().login("admin@example.com", "supersecret")?;
/// let jane = admin.customers().retrieve("cus_01...")?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type Admin = Client<AdminApi>;

/// Builds a v1 [`Admin`] client: [`ClientBuilder`]`<`[`AdminApi`]`>`, with
/// [`api_token`](ClientBuilder::api_token) besides the common settings.
///
/// ```
/// let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000")
///     .api_token("a-users-api-token")
///     .max_retries(2)
///     .build()?;
/// # let _ = admin;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
pub type AdminBuilder = ClientBuilder<AdminApi>;

impl ClientBuilder<AdminApi> {
    /// Authenticates every call with this admin user's API token, sent as
    /// `x-medusa-access-token` (Medusa 1.x's `admin-api-token` strategy; the same token as a
    /// bearer token is refused). The token is a secret: it never appears in `Debug`, errors or
    /// logs, and it is not written to session files (it is configuration: give it again to the
    /// next client). A token with characters a header cannot carry makes
    /// [`build`](ClientBuilder::build) fail with [`Error::Config`](crate::Error::Config), which
    /// does not quote it.
    ///
    /// The server tries the cookie session, then a bearer token, then the API token: a client
    /// that also logged in acts as the user it logged in as.
    ///
    /// ```
    /// let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000")
    ///     .api_token("a-users-api-token")
    ///     .build()?;
    /// assert!(!format!("{admin:?}").contains("a-users-api-token"));
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn api_token(self, token: impl AsRef<str>) -> Self {
        self.header("x-medusa-access-token", token.as_ref())
    }
}

impl Client<AdminApi> {
    /// The admin auth calls: log in (cookie session), bearer token, the logged-in user, log out.
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// let user = admin.auth().login("admin@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn auth(&self) -> auth::Auth {
        auth::Auth::new(self.handle())
    }

    /// The customer calls of the Admin API: list, iterate, retrieve, create, update, groups.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let jane = admin.customers().expand("groups").retrieve("cus_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The customer group calls: list, iterate, retrieve, create, update, delete, members.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let vip = admin.customer_groups().retrieve("cgrp_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customer_groups(&self) -> customer_groups::CustomerGroups {
        customer_groups::CustomerGroups::new(self.handle())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_and_handles_are_clone_send_sync() {
        fn check<T: Clone + Send + Sync + 'static>() {}
        check::<Admin>();
        check::<customers::Customers>();
        check::<customer_groups::CustomerGroups>();
        check::<auth::Auth>();
        fn send<T: Send>() {}
        send::<crate::PageIter<crate::v1::models::Customer>>();
        send::<crate::PageIter<crate::v1::models::CustomerGroup>>();
    }

    #[test]
    fn the_api_token_is_never_shown() {
        let builder = Admin::builder("http://h").api_token("SECRET_TOKEN");
        assert!(!format!("{builder:?}").contains("SECRET_TOKEN"));
        let admin = builder.build().unwrap();
        assert!(!format!("{admin:?}").contains("SECRET_TOKEN"));
        let err = Admin::builder("http://h")
            .api_token("SECRET\nTOKEN")
            .build()
            .unwrap_err();
        assert!(matches!(err, crate::Error::Config(_)), "{err}");
        assert!(!err.to_string().contains("SECRET"), "{err}");
    }
}
