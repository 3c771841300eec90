//! The v2 Store API (`/store/…`), one module per resource: [`customers`] (register, profile,
//! password reset), [`addresses`] (the customer's addresses), [`orders`] (the customer's orders
//! and order transfers), and the catalog: [`regions`], [`products`] (with their calculated
//! prices), [`categories`] and [`collections`]; and [`carts`], to a placed order. What the calls send is in [`params`]; what they
//! answer, in [`crate::v2::models`].
//!
//! Each resource is a cheap handle from the client:
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::ListOrders;
//!
//! let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
//! medusa.auth().login("jane@example.com", "supersecret")?;
//! let me = medusa.customers().retrieve()?;
//! let page = medusa.orders().list(&ListOrders::default())?;
//! let addresses = medusa.customers().addresses().list(&Default::default())?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
//! # Locale
//!
//! As js-sdk's `setLocale`, a locale (`de-DE`) asks the server for the translated texts of
//! what it answers: sent as the `x-medusa-locale` header by every call of a client built with
//! [`locale`](crate::v2::MedusaBuilder::locale), or of a handle given one (`.locale("de-DE")`,
//! which wins over the client's), or as the `locale` query parameter of a list
//! ([`params::ListProducts::locale`], which wins over the header). The server reads it on
//! every `/store` route; without the translation feature of the shop, texts stay as stored.
//!
//! ```no_run
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
//!
//! let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").locale("de-DE").build()?;
//! let params = ListProducts { price: PriceContext::region("reg_01..."), ..Default::default() };
//! let german = medusa.products().list(&params)?;
//! let french = medusa.products().locale("fr-FR").list(&params)?;
//! # Ok::<(), medusa_blocking::Error>(())
//! ```
//!
pub mod addresses;
pub mod carts;
pub mod categories;
pub mod collections;
pub mod customers;
pub mod orders;
pub mod params;
pub mod products;
pub mod regions;

use crate::core::client::Client;
use crate::core::error::{ApiError, Error};
use crate::core::query::Query;
use crate::v2::V2;

/// The header of a locale: what js-sdk's `setLocale` sends.
pub(crate) const LOCALE_HEADER: &str = "x-medusa-locale";

/// The 404 `not_found` the server gives for an unknown id, made by the crate where the server
/// answers otherwise (an empty `{}`, an empty list).
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

/// Gives each handle a `locale(…)`: the `x-medusa-locale` header of its calls.
macro_rules! locale_setting {
    ($($handle:ident: $call:literal),+ $(,)?) => {$(
        impl $handle {
            /// Asks for the texts of this handle's answers in `locale` (`de-DE`): the
            /// `x-medusa-locale` header of its calls, over the client's
            /// ([`MedusaBuilder::locale`](crate::v2::MedusaBuilder::locale)). A list's `locale`
            /// parameter wins over both.
            ///
            #[doc = concat!(
                "```no_run\n",
                "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;\n",
                "let answer = medusa.", $call, ";\n",
                "# Ok::<(), medusa_blocking::Error>(())\n",
                "```"
            )]
            pub fn locale(self, locale: &str) -> $handle {
                self.header(LOCALE_HEADER, locale)
            }
        }
    )+};
}

use addresses::Addresses;
use carts::Carts;
use categories::Categories;
use collections::Collections;
use customers::Customers;
use orders::Orders;
use products::Products;
use regions::Regions;

locale_setting! {
    Customers: "customers().locale(\"de-DE\").retrieve()?",
    Addresses: "customers().addresses().locale(\"de-DE\").list(&Default::default())?",
    Orders: "orders().locale(\"de-DE\").retrieve(\"order_01...\")?",
    Regions: "regions().locale(\"de-DE\").retrieve(\"reg_01...\")?",
    Products: "products().locale(\"de-DE\").retrieve(\"prod_01...\", &Default::default())?",
    Categories: "categories().locale(\"de-DE\").retrieve(\"pcat_01...\", &Default::default())?",
    Collections: "collections().locale(\"de-DE\").retrieve(\"pcol_01...\")?",
    Carts: "carts().locale(\"de-DE\").retrieve(\"cart_01...\")?",
}

/// The query of a handle's field selection (`fields=…`), if it has one: v2's handles select the
/// fields of what their calls return with `fields()`.
pub(crate) fn fields_query(fields: &Option<String>) -> Option<String> {
    let mut q = Query::new();
    q.opt("fields", fields.as_deref());
    q.finish()
}

impl Client<V2> {
    /// The customer calls: register, profile, orders, password reset, addresses.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn customers(&self) -> customers::Customers {
        customers::Customers::new(self.handle())
    }

    /// The order calls: the customer's orders, one order, order transfers.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let order = medusa.orders().retrieve("order_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn orders(&self) -> orders::Orders {
        orders::Orders::new(self.handle())
    }

    /// The region calls: the store's regions with their countries and currency.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let regions = medusa.regions().list(&Default::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn regions(&self) -> regions::Regions {
        regions::Regions::new(self.handle())
    }

    /// The product calls: the catalog, with the variants' prices in a region.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::PriceContext;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let shirt = medusa.products().retrieve_by_handle("t-shirt", &PriceContext::region("reg_01..."))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn products(&self) -> products::Products {
        products::Products::new(self.handle())
    }

    /// The product category calls: the category tree.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let categories = medusa.categories().list(&Default::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn categories(&self) -> categories::Categories {
        categories::Categories::new(self.handle())
    }

    /// The product collection calls.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let collections = medusa.collections().list(&Default::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn collections(&self) -> collections::Collections {
        collections::Collections::new(self.handle())
    }

    /// The cart calls: a cart to a placed order, and the whole checkout in one call
    /// ([`Carts::place_order`]).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let cart = medusa.carts().retrieve("cart_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn carts(&self) -> Carts {
        Carts::new(self.handle())
    }
}
