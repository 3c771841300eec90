//! The store's regions (`/store/regions`): a page, all of them lazily, one by id. A region is a
//! currency and the countries sold to at its prices; the catalog's prices are asked for in one
//! ([`PriceContext`](super::params::PriceContext)).

use crate::core::error::Result;
use crate::core::page::{Page, PageIter, check_limit};
use crate::core::query::segment;
use crate::core::request::require;
use crate::v2::models::{Region, RegionPage};
use crate::v2::store::fields_query;
use crate::v2::store::params::ListRegions;

resource_handle! {
    /// The region calls, from [`Medusa::regions`](crate::v2::Medusa::regions): a page, every
    /// region lazily, one by id. Needs no login.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListRegions;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for region in medusa.regions().iter(&ListRegions::default()) {
    ///     let region = region?;
    ///     println!("{} {:?}", region.id, region.currency_code);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Regions { fields: Option<String> },
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let region = medusa.regions().header(\"x-request-id\", \"42\").retrieve(\"reg_01...\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Regions {
    /// Selects the fields of the regions this handle's calls return (`+automatic_taxes`,
    /// `*payment_providers`, or a plain list that replaces the defaults); a list's own
    /// [`ListRegions::fields`] wins.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let region = medusa.regions().fields("id,name,currency_code").retrieve("reg_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn fields(self, fields: &str) -> Self {
        Regions {
            fields: Some(fields.to_string()),
            ..self
        }
    }

    /// One page of the store's regions, with their countries (`GET /store/regions`).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListRegions;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let page = medusa.regions().list(&ListRegions { currency_code: vec!["eur".into()], ..Default::default() })?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self, params: &ListRegions) -> Result<RegionPage> {
        self.page(params).map(RegionPage::from)
    }

    fn page(&self, params: &ListRegions) -> Result<Page<Region>> {
        check_limit(params.limit)?;
        let query = match (&params.fields, &self.fields) {
            (None, Some(fields)) => ListRegions {
                fields: Some(fields.clone()),
                ..params.clone()
            }
            .query_string(),
            _ => params.query_string(),
        };
        self.h
            .get("/store/regions")
            .query_string(query)
            .page("regions")
    }

    /// Every region, a page at a time as the iterator is consumed; see [`PageIter`] for when it
    /// stops.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::store::params::ListRegions;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let regions: Vec<_> = medusa.regions().iter(&ListRegions::default()).collect::<Result<_, _>>()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn iter(&self, params: &ListRegions) -> PageIter<Region> {
        let regions = self.clone();
        PageIter::walk(
            "iter_regions",
            |r: &Region| &r.id,
            params,
            move |p| regions.page(p),
        )
    }

    /// One region by id (`GET /store/regions/{id}`); an unknown id is a 404 `not_found`.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let region = medusa.regions().retrieve("reg_01...")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn retrieve(&self, id: &str) -> Result<Region> {
        require("region id", id)?;
        self.h
            .get(format!("/store/regions/{}", segment(id)))
            .query_string(fields_query(&self.fields))
            .member("region")
    }
}
