//! The catalog (`/store/products`): a page of products, all of them lazily, one by id or by
//! handle, each variant with its calculated price when a price context (a region) is given.
//!
//! Prices are exact decimals in **major units** of the region's currency (`19.99`, `1950` is
//! USD 1 950): see [`CalculatedPrice`](crate::v2::models::CalculatedPrice) for which figures
//! the server sends exactly and which as a plain JSON number.

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
