//! The product categories (`/store/product-categories`): a page, all of them lazily, one by id,
//! with as much of the category tree as asked for.

use serde::Deserialize;

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::{Query, segment};
use crate::core::request::require;
use crate::v2::models::{CategoryPage, ProductCategory};
use crate::v2::store::not_found;
use crate::v2::store::params::{CategoryTree, ListCategories};

resource_handle! {
    /// The category calls, from [`Medusa::categories`](crate::v2::Medusa::categories): a page,
    /// every category lazily, one by id. Needs no login; internal and inactive categories are
    /// not shown.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCategories;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// // The whole tree, from its roots.
    /// let tree = medusa.categories().list(&ListCategories {
    ///     roots_only: true,
    ///     include_descendants_tree: Some(true),
    ///     ..Default::default()
    /// })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Categories { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let category = medusa.categories().header(\"x-request-id\", \"42\").retrieve(\"pcat_01...\", &Default::default())?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Categories {
    /// Selects the fields of the categories this handle's calls return (`*products`,
    /// `+is_active`, or a plain list that replaces the defaults); a list's own
    /// [`ListCategories::fields`] wins.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let category = medusa.categories().fields("id,name,*products").retrieve("pcat_01...", &Default::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Categories {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of categories (`GET /store/product-categories`).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCategories;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.categories().list(&ListCategories { handle: vec!["shirts".into()], ..Default::default() })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCategories) -> Result<CategoryPage> {
        self.page(params).map(CategoryPage::from)
    }

    fn page(&self, params: &ListCategories) -> Result<Page<ProductCategory>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListCategories {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/store/product-categories")
            .query_string(query)
            .page("product_categories")
    }

    /// Every category the parameters select, a page at a time as the iterator is consumed; see
    /// [`PageIter`] for when it stops.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCategories;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for category in medusa.categories().iter(&ListCategories::default()) {
    ///     println!("{:?}", category?.handle);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCategories) -> PageIter<ProductCategory> {
        let categories = self.clone();
        PageIter::walk(
            "iter_categories",
            |c: &ProductCategory| &c.id,
            params,
            move |p| categories.page(p),
        )
    }

    /// One category by id (`GET /store/product-categories/{id}`), with as much of the tree as
    /// `tree` asks for.
    ///
    /// The server answers **200 with the body `{}`** for an unknown id and for an internal or
    /// inactive category; the crate makes that a 404 `not_found` error
    /// (`Product category with id: <id> was not found`), as for the other resources.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::CategoryTree;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let shirts = medusa.categories().retrieve("pcat_01...", &CategoryTree { ancestors: true, ..Default::default() })?;
    /// let breadcrumb_parent = shirts.parent_category.map(|p| p.name);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str, tree: &CategoryTree) -> Result<ProductCategory> {
        require("category id", id)?;
        let mut q = Query::new();
        q.opt("fields", self.fields.as_deref());
        let answer: CategoryAnswer = self
            .h
            .get(format!("/store/product-categories/{}", segment(id)))
            .query_string(q.finish())
            .query_string(tree.query_string())
            .send()?;
        answer
            .product_category
            .ok_or_else(|| not_found(format!("Product category with id: {id} was not found")))
    }
}

/// `{"product_category": {…}}`, or the `{}` of a category the store does not show.
#[derive(Deserialize)]
struct CategoryAnswer {
    #[serde(default)]
    product_category: Option<ProductCategory>,
}
