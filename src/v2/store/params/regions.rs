//! The store's regions: their filters and paging ([`ListRegions`]).

use crate::core::query::Query;

/// Filters and paging of the store's regions: what the v2 server's validator accepts (`id`,
/// `name`, `currency_code`, `q`, `limit`, `offset`, `order`, `fields`, and `locale`), and nothing
/// else.
///
/// ```
/// use medusa_blocking::v2::store::params::ListRegions;
/// let q = ListRegions { currency_code: vec!["eur".into()], limit: Some(10), ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("currency_code%5B0%5D=eur&limit=10"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListRegions {
    /// Any of these region ids.
    pub id: Vec<String>,
    /// Any of these names (exact).
    pub name: Vec<String>,
    /// Any of these currencies (lower-case ISO 4217: `eur`).
    pub currency_code: Vec<String>,
    /// Search in the name.
    pub q: Option<String>,
    /// Sort by one field, `-` for descending: `name`, `-created_at`.
    pub order: Option<String>,
    /// Fields to select: `a,b` replaces the defaults, `+field` adds one, `*relation` adds a
    /// relation with all its fields.
    pub fields: Option<String>,
    /// The locale of the answer's translatable texts (`de-DE`); as a query parameter it wins
    /// over the `x-medusa-locale` header.
    pub locale: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Regions to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListRegions);

impl ListRegions {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListRegions;
    /// assert_eq!(ListRegions::default().query_string(), None);
    /// let q = ListRegions { q: Some("eu".into()), ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("q=eu"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("name", &self.name)
            .list("currency_code", &self.currency_code)
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
        let q = ListRegions {
            id: vec!["reg_1".into(), "reg_2".into()],
            name: vec!["EU".into()],
            currency_code: vec!["eur".into()],
            q: Some("e u".into()),
            order: Some("-name".into()),
            fields: Some("id,*countries".into()),
            locale: Some("de-DE".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=e+u&id%5B0%5D=reg_1&id%5B1%5D=reg_2&name%5B0%5D=EU&currency_code%5B0%5D=eur\
             &order=-name&fields=id%2C*countries&locale=de-DE&limit=5&offset=10"
        );
    }
}
