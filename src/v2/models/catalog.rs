//! Product categories (a tree) and collections.

use serde::{Deserialize, Serialize};

use super::{Metadata, Product};

/// A product category (`GET /store/product-categories`, `…/{id}`): a node of the category
/// tree. Internal and inactive categories are not listed by the store.
///
/// The tree comes in `category_children` (and upwards in `parent_category`): the list's default
/// fields give one level; `include_descendants_tree` / `include_ancestors_tree`
/// ([`ListCategories`](crate::v2::store::params::ListCategories),
/// [`CategoryTree`](crate::v2::store::params::CategoryTree)) give the whole tree below or above.
///
/// ```rust
/// use medusa_blocking::v2::models::ProductCategory;
///
/// let json = r#"{"id": "pcat_01", "name": "Apparel", "handle": "apparel", "rank": 0,
///     "parent_category_id": null, "description": "", "metadata": null,
///     "category_children": [{"id": "pcat_02", "name": "Shirts", "parent_category_id": "pcat_01",
///                            "category_children": []}]}"#;
/// let apparel: ProductCategory = serde_json::from_str(json).unwrap();
/// assert_eq!(apparel.parent_category_id, None);
/// let children = apparel.category_children.unwrap_or_default();
/// assert_eq!(children[0].name.as_deref(), Some("Shirts"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductCategory {
    /// Category id (`pcat_…`).
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// URL handle, unique in the store.
    pub handle: Option<String>,
    /// Rank among its siblings.
    pub rank: Option<i64>,
    /// The parent's id (`None` for a root).
    pub parent_category_id: Option<String>,
    /// The parent (with the ancestors tree, or in the list's default fields).
    pub parent_category: Option<Box<ProductCategory>>,
    /// The children (one level by default; the whole subtree with the descendants tree).
    pub category_children: Option<Vec<ProductCategory>>,
    /// Materialised path of ids from the root (`pcat_01.pcat_02`), in nested categories.
    pub mpath: Option<String>,
    /// Whether the category is active (not in the default fields).
    pub is_active: Option<bool>,
    /// Whether the category is internal (not in the default fields; internal ones show only in
    /// a product list's `categories`).
    pub is_internal: Option<bool>,
    /// An id in an external system.
    pub external_id: Option<String>,
    /// The products (only with `fields=*products`).
    pub products: Option<Vec<Product>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A product collection (`GET /store/collections`, `…/{id}`, and `product.collection`).
///
/// ```rust
/// use medusa_blocking::v2::models::ProductCollection;
/// let c: ProductCollection = serde_json::from_str(r#"{"id": "pcol_01", "title": "Summer",
///     "handle": "summer", "external_id": null, "created_at": "2026-12-05T21:11:35.213Z"}"#).unwrap();
/// assert_eq!(c.handle.as_deref(), Some("summer"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ProductCollection {
    /// Collection id (`pcol_…`).
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// URL handle, unique in the store.
    pub handle: Option<String>,
    /// An id in an external system.
    pub external_id: Option<String>,
    /// The products (only with `fields=*products`).
    pub products: Option<Vec<Product>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: Option<String>,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

page_type! {
    /// One page of categories: `{product_categories, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::CategoryPage;
    /// let page: CategoryPage = serde_json::from_str(
    ///     r#"{"product_categories":[{"id":"pcat_01"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.product_categories[0].id, "pcat_01");
    /// ```
    CategoryPage {
        /// The categories of this page.
        product_categories: ProductCategory
    }
}

page_type! {
    /// One page of collections: `{collections, count, offset, limit}` (the server's default
    /// page size is 10).
    ///
    /// ```
    /// use medusa_blocking::v2::models::CollectionPage;
    /// let page: CollectionPage = serde_json::from_str(
    ///     r#"{"collections":[{"id":"pcol_01"}],"count":1,"offset":0,"limit":10}"#,
    /// ).unwrap();
    /// assert_eq!(page.collections[0].id, "pcol_01");
    /// ```
    CollectionPage {
        /// The collections of this page.
        collections: ProductCollection
    }
}
