//! The catalog's products: their filters and paging ([`ListProducts`]) and the price context
//! that gives variants their calculated prices ([`PriceContext`]).

use crate::core::query::Query;

/// Where prices are calculated: a region (its currency and price rules), and a country (and
/// province) for the tax context, or a cart, whose region and shipping address give both. With
/// one, every variant of the answer carries its
/// [`calculated_price`](crate::v2::models::ProductVariant::calculated_price); with a country,
/// the price also has its amounts with and without tax.
///
/// The server refuses a `calculated_price` without a region (400 `Missing required pricing
/// context to calculate prices - region_id`, when the store has no default region) and an
/// unknown region (400, not 404).
///
/// ```
/// use medusa_blocking::v2::store::params::PriceContext;
/// let eu = PriceContext::region("reg_01").country("de");
/// assert_eq!(eu.query_string().as_deref(), Some("region_id=reg_01&country_code=de"));
/// assert_eq!(PriceContext::default().query_string(), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceContext {
    /// The region whose prices apply.
    pub region_id: Option<String>,
    /// The country (lower-case ISO 3166-1 alpha-2, `de`) whose taxes apply.
    pub country_code: Option<String>,
    /// The province whose taxes apply.
    pub province: Option<String>,
    /// A cart whose region and shipping address give the context.
    pub cart_id: Option<String>,
}

impl PriceContext {
    /// The prices of a region.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::PriceContext;
    /// let ctx = PriceContext::region("reg_01");
    /// assert_eq!(ctx.region_id.as_deref(), Some("reg_01"));
    /// ```
    pub fn region(region_id: impl Into<String>) -> PriceContext {
        PriceContext {
            region_id: Some(region_id.into()),
            ..PriceContext::default()
        }
    }

    /// The prices for a cart: its region, and the country and province of its shipping address.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::PriceContext;
    /// assert_eq!(PriceContext::cart("cart_01").query_string().as_deref(), Some("cart_id=cart_01"));
    /// ```
    pub fn cart(cart_id: impl Into<String>) -> PriceContext {
        PriceContext {
            cart_id: Some(cart_id.into()),
            ..PriceContext::default()
        }
    }

    /// With the taxes of a country (lower-case ISO 3166-1 alpha-2: `de`).
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::PriceContext;
    /// let ctx = PriceContext::region("reg_01").country("de");
    /// assert_eq!(ctx.country_code.as_deref(), Some("de"));
    /// ```
    pub fn country(self, country_code: impl Into<String>) -> PriceContext {
        PriceContext {
            country_code: Some(country_code.into()),
            ..self
        }
    }

    /// With the taxes of a province of the country.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::PriceContext;
    /// let ctx = PriceContext::region("reg_01").country("us").province("il");
    /// assert_eq!(ctx.query_string().as_deref(), Some("region_id=reg_01&country_code=us&province=il"));
    /// ```
    pub fn province(self, province: impl Into<String>) -> PriceContext {
        PriceContext {
            province: Some(province.into()),
            ..self
        }
    }

    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// # use medusa_blocking::v2::store::params::PriceContext;
    /// assert_eq!(PriceContext::region("r").query_string().as_deref(), Some("region_id=r"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        self.add_to(&mut q);
        q.finish()
    }

    pub(crate) fn add_to(&self, q: &mut Query) {
        q.opt("region_id", self.region_id.as_deref())
            .opt("country_code", self.country_code.as_deref())
            .opt("province", self.province.as_deref())
            .opt("cart_id", self.cart_id.as_deref());
    }
}

/// Filters, price context and paging of the catalog's products: what the v2 server's validator
/// accepts for a store list, and nothing else. Only published products of the publishable key's
/// sales channels are ever listed.
///
/// ```
/// use medusa_blocking::v2::store::params::{ListProducts, PriceContext};
/// let q = ListProducts {
///     category_id: vec!["pcat_01".into()],
///     price: PriceContext::region("reg_01"),
///     limit: Some(20),
///     ..Default::default()
/// };
/// assert_eq!(
///     q.query_string().as_deref(),
///     Some("category_id%5B0%5D=pcat_01&region_id=reg_01&limit=20"),
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListProducts {
    /// Search (case-insensitive) in the title, subtitle, description and the variants' title,
    /// SKU, barcode, EAN and UPC; **not** the handle.
    pub q: Option<String>,
    /// Any of these product ids.
    pub id: Vec<String>,
    /// Any of these handles.
    pub handle: Vec<String>,
    /// Any of these titles (exact).
    pub title: Vec<String>,
    /// In any of these categories (an internal category's products are found too).
    pub category_id: Vec<String>,
    /// In any of these collections.
    pub collection_id: Vec<String>,
    /// With any of these tags.
    pub tag_id: Vec<String>,
    /// Of any of these types.
    pub type_id: Vec<String>,
    /// Gift cards only (`true`) or none (`false`).
    pub is_giftcard: Option<bool>,
    /// Where the variants' prices are calculated (nothing set: no prices).
    pub price: PriceContext,
    /// Sort by one field, `-` for descending: `title`, `handle`, `-created_at`. The server's
    /// default is creation order.
    pub order: Option<String>,
    /// Fields to select: `a,b` replaces the defaults, `+field` adds one (`+variants.inventory_quantity`),
    /// `*relation` adds a relation with all its fields (`*categories`). With a price context,
    /// `calculated_price` is added to any selection.
    pub fields: Option<String>,
    /// The locale of the answer's translatable texts (`de-DE`); as a query parameter it wins
    /// over the `x-medusa-locale` header.
    pub locale: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Products to skip (server default 0).
    pub offset: Option<u32>,
}

paged!(ListProducts);

impl ListProducts {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListProducts;
    /// assert_eq!(ListProducts::default().query_string(), None);
    /// let q = ListProducts { handle: vec!["shirt".into()], ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("handle%5B0%5D=shirt"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("id", &self.id)
            .list("handle", &self.handle)
            .list("title", &self.title)
            .list("category_id", &self.category_id)
            .list("collection_id", &self.collection_id)
            .list("tag_id", &self.tag_id)
            .list("type_id", &self.type_id)
            .opt("is_giftcard", self.is_giftcard.map(bool_str));
        self.price.add_to(&mut q);
        q.opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt("locale", self.locale.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}

pub(super) fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_encoded_as_the_server_reads_it() {
        let q = ListProducts {
            q: Some("shirt & co".into()),
            id: vec!["prod_1".into(), "prod_2".into()],
            handle: vec!["a".into()],
            title: vec!["T".into()],
            category_id: vec!["pcat_1".into()],
            collection_id: vec!["pcol_1".into()],
            tag_id: vec!["ptag_1".into()],
            type_id: vec!["ptyp_1".into()],
            is_giftcard: Some(false),
            price: PriceContext::region("reg_1").country("de").province("be"),
            order: Some("-created_at".into()),
            fields: Some("+variants.inventory_quantity".into()),
            locale: Some("de-DE".into()),
            limit: Some(5),
            offset: Some(10),
        };
        assert_eq!(
            q.query_string().unwrap(),
            "q=shirt+%26+co&id%5B0%5D=prod_1&id%5B1%5D=prod_2&handle%5B0%5D=a&title%5B0%5D=T\
             &category_id%5B0%5D=pcat_1&collection_id%5B0%5D=pcol_1&tag_id%5B0%5D=ptag_1\
             &type_id%5B0%5D=ptyp_1&is_giftcard=false&region_id=reg_1&country_code=de\
             &province=be&order=-created_at&fields=%2Bvariants.inventory_quantity\
             &locale=de-DE&limit=5&offset=10"
        );
        let cart = ListProducts {
            price: PriceContext::cart("cart_1"),
            ..Default::default()
        };
        assert_eq!(cart.query_string().as_deref(), Some("cart_id=cart_1"));
    }
}
