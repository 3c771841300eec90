//! Product categories and collections: their filters and paging ([`ListCategories`],
//! [`ListCollections`]) and the tree options of one category ([`CategoryTree`]).

use super::products::bool_str;
use crate::core::query::Query;

/// Filters, tree options and paging of the product categories: what the v2 server's validator
/// accepts, and nothing else. Internal and inactive categories are never listed.
///
/// The whole tree in one call: `roots_only` with `include_descendants_tree`.
///
/// ```
/// use medusa_blocking::v2::store::params::ListCategories;
/// let tree = ListCategories { roots_only: true, include_descendants_tree: Some(true), ..Default::default() };
/// assert_eq!(
///     tree.query_string().as_deref(),
///     Some("parent_category_id=null&include_descendants_tree=true"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListCategories {
    /// Search in the name, handle and description.
    pub q: Option<String>,
    /// Any of these category ids.
    pub id: Vec<String>,
    /// Any of these names (exact).
    pub name: Vec<String>,
    /// Any of these handles.
    pub handle: Vec<String>,
    /// Children of any of these categories.
    pub parent_category_id: Vec<String>,
    /// Only the roots of the tree (`parent_category_id=null`; the server reads the `null` only in
    /// this plain form, not as a list element). Sent instead of `parent_category_id`.
    pub roots_only: bool,
    /// Each category with its whole subtree in `category_children` (else one level).
    pub include_descendants_tree: Option<bool>,
    /// Each category with its ancestors up to the root in `parent_category`.
    pub include_ancestors_tree: Option<bool>,
    /// Sort by one field, `-` for descending: `rank`, `name`, `-created_at`.
    pub order: Option<String>,
    /// Fields to select (`*products` adds the products).
    pub fields: Option<String>,
    /// The locale of the answer's translatable texts (`de-DE`); as a query parameter it wins
    /// over the `x-medusa-locale` header.
    pub locale: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Categories to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListCategories);

impl ListCategories {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListCategories;
    /// assert_eq!(ListCategories::default().query_string(), None);
    /// let q = ListCategories { handle: vec!["shirts".into()], ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("handle%5B0%5D=shirts"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("name", &self.name)
            .list("handle", &self.handle);
        if self.roots_only {
            q.pair("parent_category_id", "null");
        } else {
            q.list("parent_category_id", &self.parent_category_id);
        }
        q.opt(
            "include_descendants_tree",
            self.include_descendants_tree.map(bool_str),
        )
        .opt(
            "include_ancestors_tree",
            self.include_ancestors_tree.map(bool_str),
        )
        .opt("order", self.order.as_deref())
        .opt("fields", self.fields.as_deref())
        .opt("locale", self.locale.as_deref())
        .opt_num("limit", self.limit.map(u64::from))
        .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

/// How much of the tree around one category
/// [`Categories::retrieve`](crate::v2::store::categories::Categories::retrieve) returns: by
/// default (both `false`) its parent id and one level of children.
///
/// ```
/// use medusa_blocking::v2::store::params::CategoryTree;
/// let all = CategoryTree { ancestors: true, descendants: true };
/// assert_eq!(
///     all.query_string().as_deref(),
///     Some("include_ancestors_tree=true&include_descendants_tree=true"),
/// );
/// assert_eq!(CategoryTree::default().query_string(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CategoryTree {
    /// Its ancestors up to the root, in `parent_category`.
    pub ancestors: bool,
    /// Its whole subtree, in `category_children`.
    pub descendants: bool,
}

impl CategoryTree {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::CategoryTree;
    /// let below = CategoryTree { descendants: true, ..Default::default() };
    /// assert_eq!(below.query_string().as_deref(), Some("include_descendants_tree=true"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        if self.ancestors {
            q.pair("include_ancestors_tree", "true");
        }
        if self.descendants {
            q.pair("include_descendants_tree", "true");
        }
        q.finish()
    }
}

/// Filters and paging of the product collections: what the v2 server's validator accepts, and
/// nothing else. The server's default page is **10** collections, newest first.
///
/// ```
/// use medusa_blocking::v2::store::params::ListCollections;
/// let q = ListCollections { handle: vec!["summer".into()], ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("handle%5B0%5D=summer"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListCollections {
    /// Search in the title and handle.
    pub q: Option<String>,
    /// Any of these collection ids.
    pub id: Vec<String>,
    /// Any of these titles (exact).
    pub title: Vec<String>,
    /// Any of these handles.
    pub handle: Vec<String>,
    /// Sort by one field, `-` for descending (server default `-created_at`).
    pub order: Option<String>,
    /// Fields to select (`*products` adds the products).
    pub fields: Option<String>,
    /// The locale of the answer's translatable texts (`de-DE`); as a query parameter it wins
    /// over the `x-medusa-locale` header.
    pub locale: Option<String>,
    /// Page size (server default 10).
    pub limit: Option<u32>,
    /// Collections to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListCollections);

impl ListCollections {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListCollections;
    /// assert_eq!(ListCollections::default().query_string(), None);
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("title", &self.title)
            .list("handle", &self.handle)
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt("locale", self.locale.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListCategories {
            q: Some("shirt".into()),
            id: vec!["pcat_1".into()],
            name: vec!["Shirts".into()],
            handle: vec!["shirts".into()],
            parent_category_id: vec!["pcat_0".into()],
            roots_only: false,
            include_descendants_tree: Some(true),
            include_ancestors_tree: Some(false),
            order: Some("rank".into()),
            fields: Some("*products".into()),
            locale: Some("fr-FR".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=shirt&id%5B0%5D=pcat_1&name%5B0%5D=Shirts&handle%5B0%5D=shirts\
             &parent_category_id%5B0%5D=pcat_0&include_descendants_tree=true\
             &include_ancestors_tree=false&order=rank&fields=*products&locale=fr-FR\
             &limit=5&offset=10"
        );
        let roots = ListCategories {
            parent_category_id: vec!["ignored".into()],
            roots_only: true,
            ..Default::default()
        };
        assert_eq!(
            roots.query_string().as_deref(),
            Some("parent_category_id=null")
        );
        let c = ListCollections {
            q: Some("s".into()),
            id: vec!["pcol_1".into()],
            title: vec!["Summer".into()],
            handle: vec!["summer".into()],
            order: Some("title".into()),
            fields: Some("id".into()),
            locale: Some("de".into()),
            limit: Some(1),
            offset: Some(2),
        };
        assert_eq!(
            c.query_string().unwrap(),
            "q=s&id%5B0%5D=pcol_1&title%5B0%5D=Summer&handle%5B0%5D=summer&order=title\
             &fields=id&locale=de&limit=1&offset=2"
        );
    }
}
