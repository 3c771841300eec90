//! The product collections (`/store/collections`): a page, all of them lazily, one by id.

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::models::{CollectionPage, ProductCollection};
use crate::v2::store::fields_query;
use crate::v2::store::params::ListCollections;

resource_handle! {
    /// The collection calls, from [`Medusa::collections`](crate::v2::Medusa::collections): a
    /// page, every collection lazily, one by id. Needs no login.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCollections;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for collection in medusa.collections().iter(&ListCollections::default()) {
    ///     println!("{:?}", collection?.title);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Collections { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let collection = medusa.collections().header(\"x-request-id\", \"42\").retrieve(\"pcol_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Collections {
    /// Selects the fields of the collections this handle's calls return (`*products`,
    /// `+metadata`, or a plain list that replaces the defaults); a list's own
    /// [`ListCollections::fields`] wins.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let collection = medusa.collections().fields("+metadata").retrieve("pcol_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Collections {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of collections (`GET /store/collections`; the server's default page is 10).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCollections;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.collections().list(&ListCollections::default())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListCollections) -> Result<CollectionPage> {
        self.page(params).map(CollectionPage::from)
    }

    fn page(&self, params: &ListCollections) -> Result<Page<ProductCollection>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListCollections {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/store/collections")
            .query_string(query)
            .page("collections")
    }

    /// Every collection the parameters select, a page at a time as the iterator is consumed;
    /// see [`PageIter`] for when it stops.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListCollections;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let all: Vec<_> = medusa.collections().iter(&ListCollections::default()).collect::<Result<_, _>>()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListCollections) -> PageIter<ProductCollection> {
        let collections = self.clone();
        PageIter::walk(
            "iter_collections",
            |c: &ProductCollection| &c.id,
            params,
            move |p| collections.page(p),
        )
    }

    /// One collection by id (`GET /store/collections/{id}`); an unknown id is a 404
    /// `not_found`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let collection = medusa.collections().retrieve("pcol_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<ProductCollection> {
        require("collection id", id)?;
        self.h
            .get(format!("/store/collections/{}", segment(id)))
            .query_string(fields_query(&self.fields))
            .member("collection")
    }
}
