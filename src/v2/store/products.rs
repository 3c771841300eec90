//! The catalog (`/store/products`): a page of products, all of them lazily, one by id or by
//! handle, each variant with its calculated price when a price context (a region) is given.
//!
//! Prices are exact decimals in **major units** of the region's currency (`19.99`, `1950` is
//! USD 1 950): see [`CalculatedPrice`](crate::v2::models::CalculatedPrice) for which figures
//! the server sends exactly and which as a plain JSON number.
//!
//! # In a build script
//!
//! A static storefront or a feed can take the catalog at build time: `build.rs` fetches the
//! products of a region with their prices into `OUT_DIR`, and the crate reads it with
//! `include_str!(concat!(env!("OUT_DIR"), "/catalog.json"))` into `Vec<Product>` (the models
//! serialize and deserialize to the same values, prices exact). What the recipe takes care of:
//!
//! - **One call, bounded time**: `products().iter(…).collect()` is the whole fetch; each attempt
//!   is bounded by the client's `timeout` (with `connect_timeout` for a store that does not
//!   answer at all), so the fetch takes at most pages × (1 + `max_retries`) × `timeout` (plus
//!   the backoff; [`Client::max_call_duration`](crate::Client::max_call_duration) gives the
//!   bound of one call). With `limit: 200` a catalog of 1 000 products is 5 calls.
//! - **A clear error when the store is down**: the error says what failed (`connection
//!   refused`, a timeout, the server's 4xx such as a wrong publishable key); the recipe then
//!   keeps the last good copy with a `cargo:warning`, and fails the build only when it has
//!   none.
//! - **No rebuild storm**: the script prints `rerun-if-changed=build.rs` and
//!   `rerun-if-env-changed` for its variables, so cargo runs it again only when they change,
//!   never on every build; to take a fresh catalog, change `CATALOG_REFRESH` (a CI job can set it
//!   to the date or the store's last deployment). Conditional requests are not worth it with
//!   Medusa 2.21: measured, it sends a weak `ETag` (a hash of the body, Express's) and answers
//!   `If-None-Match` with a 304, but no `Last-Modified` or `Cache-Control`, and it builds the
//!   whole answer before comparing, so a 304 saves the transfer only, not the store's work.
//!
//! ```no_run
//! // build.rs (with medusa-blocking and serde_json in [build-dependencies])
//! use std::{env, fs, path::PathBuf, time::Duration};
//!
//! use medusa_blocking::v2::Medusa;
//! use medusa_blocking::v2::models::Product;
//! use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     println!("cargo:rerun-if-changed=build.rs");
//!     for var in ["MEDUSA_V2_BACKEND_URL", "MEDUSA_V2_PUBLISHABLE_KEY", "CATALOG_REGION", "CATALOG_REFRESH"] {
//!         println!("cargo:rerun-if-env-changed={var}");
//!     }
//!     // OUT_DIR outlives the script's runs: the file is also the last good copy.
//!     let out = PathBuf::from(env::var("OUT_DIR")?).join("catalog.json");
//!     match fetch() {
//!         Ok(products) => fs::write(&out, serde_json::to_vec(&products)?)?,
//!         Err(e) if out.exists() => {
//!             println!("cargo:warning=catalog: the store did not answer ({e}); keeping the last copy")
//!         }
//!         Err(e) => return Err(format!("catalog: cannot fetch the catalog, and no copy yet: {e}").into()),
//!     }
//!     Ok(())
//! }
//!
//! fn fetch() -> Result<Vec<Product>, Box<dyn std::error::Error>> {
//!     let medusa = Medusa::builder(env::var("MEDUSA_V2_BACKEND_URL")?)
//!         .publishable_api_key(env::var("MEDUSA_V2_PUBLISHABLE_KEY")?)
//!         .connect_timeout(Duration::from_secs(3))
//!         .timeout(Duration::from_secs(15))
//!         .max_retries(1)
//!         .build()?;
//!     let params = ListProducts {
//!         price: PriceContext::region(env::var("CATALOG_REGION")?),
//!         limit: Some(200),
//!         ..Default::default()
//!     };
//!     Ok(medusa.products().iter(&params).collect::<Result<_, _>>()?)
//! }
//! ```
//!
//! The `catalog` example of the repository writes the same catalog as JSON Lines.

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::require;
use crate::v2::models::{Product, ProductPage};
use crate::v2::store::not_found;
use crate::v2::store::params::{ListProducts, PriceContext};

resource_handle! {
    /// The product calls, from [`Medusa::products`](crate::v2::Medusa::products): a page,
    /// every product lazily, one by id or by handle. Needs no login; the publishable key's
    /// sales channels decide which products are seen (published ones only).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let params = ListProducts { price: PriceContext::region("reg_01..."), ..Default::default() };
    /// for product in medusa.products().iter(&params) {
    ///     let product = product?;
    ///     for variant in product.variants.unwrap_or_default() {
    ///         let price = variant.calculated_price.and_then(|p| p.amount());
    ///         println!("{:?} {:?}", variant.sku, price.map(|a| a.to_string()));
    ///     }
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Products { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let product = medusa.products().header(\"x-request-id\", \"42\").retrieve(\"prod_01...\", &Default::default())?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Products {
    /// Selects the fields of the products this handle's calls return
    /// (`+variants.inventory_quantity`, `*categories`, or a plain list that replaces the
    /// defaults); a list's own [`ListProducts::fields`] wins. With a price context the server adds
    /// the variants' `calculated_price` to any selection.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::PriceContext;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let product = medusa
    ///     .products()
    ///     .fields("+variants.inventory_quantity,*categories")
    ///     .retrieve("prod_01...", &PriceContext::region("reg_01..."))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Products {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of products (`GET /store/products`): filters, search, price context and paging
    /// in [`ListProducts`].
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.products().list(&ListProducts {
    ///     q: Some("shirt".into()),
    ///     price: PriceContext::region("reg_01...").country("de"),
    ///     limit: Some(20),
    ///     ..Default::default()
    /// })?;
    /// println!("{} of {}", page.products.len(), page.count);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListProducts) -> Result<ProductPage> {
        self.page(params).map(ProductPage::from)
    }

    fn page(&self, params: &ListProducts) -> Result<Page<Product>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListProducts {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/store/products")
            .query_string(query)
            .page("products")
    }

    /// Every product the parameters select, a page at a time as the iterator is consumed
    /// (memory stays one page, whatever the size of the catalog); see [`PageIter`] for when it
    /// stops. For a large catalog, a `limit` of 100 to 200 makes fewer, larger calls.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let params = ListProducts { price: PriceContext::region("reg_01..."), limit: Some(100), ..Default::default() };
    /// let mut n = 0;
    /// for product in medusa.products().iter(&params) {
    ///     product?;
    ///     n += 1;
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListProducts) -> PageIter<Product> {
        let products = self.clone();
        PageIter::walk(
            "iter_products",
            |p: &Product| &p.id,
            params,
            move |p| products.page(p),
        )
    }

    /// One product by id (`GET /store/products/{id}`), its variants priced in `price` (nothing
    /// set: no prices). An unknown id, a draft, or a product of another sales channel is a 404
    /// `not_found`; an unknown region is a 400 `invalid_data`.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::PriceContext;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let product = medusa.products().retrieve("prod_01...", &PriceContext::region("reg_01..."))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str, price: &PriceContext) -> Result<Product> {
        require("product id", id)?;
        let mut q = Query::new();
        price.add_to(&mut q);
        q.opt("fields", self.fields.as_deref());
        self.h
            .get(format!("/store/products/{}", segment(id)))
            .query_string(q.finish())
            .member("product")
    }

    /// One product by its handle, its variants priced in `price`. The server has no route for
    /// it: this is `GET /store/products?handle[0]=<handle>&limit=1` (as js-sdk users write it),
    /// and a handle no product has is a 404 `not_found` made by the crate
    /// (`Product with handle: <handle> was not found`), as for an unknown id.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::PriceContext;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let shirt = medusa.products().retrieve_by_handle("t-shirt", &PriceContext::region("reg_01..."))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve_by_handle(&self, handle: &str, price: &PriceContext) -> Result<Product> {
        require("product handle", handle)?;
        let params = ListProducts {
            handle: vec![handle.to_string()],
            price: price.clone(),
            limit: Some(1),
            ..ListProducts::default()
        };
        self.page(&params)?
            .items
            .into_iter()
            .next()
            .ok_or_else(|| not_found(format!("Product with handle: {handle} was not found")))
    }
}
