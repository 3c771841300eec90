//! The customer's addresses: a new one ([`AddressCreate`]), a change ([`AddressUpdate`]), and
//! the filters and paging of the list ([`ListAddresses`]).

use serde::Serialize;

use crate::core::query::Query;
use crate::v2::models::Metadata;

/// A new address ([`Addresses::add_address`](crate::v2::store::addresses::Addresses::add_address)). Every field is optional in v2 (`{}` is
/// accepted); unset fields are not sent.
///
/// ```
/// use medusa_blocking::v2::store::params::AddressCreate;
/// let a = AddressCreate { address_name: Some("Home".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&a).unwrap(), r#"{"address_name":"Home"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressCreate {
    /// A name for the address ("Home").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_name: Option<String>,
    /// Make it the customer's default shipping address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default_shipping: Option<bool>,
    /// Make it the customer's default billing address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default_billing: Option<bool>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_1: Option<String>,
    /// Second street line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_2: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Province or state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl AddressCreate {
    /// An address with the six fields v1 requires (optional in v2), for ported programs.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::AddressCreate;
    /// let a = AddressCreate::new("Jane", "Doe", "1 Main St", "Toronto", "ca", "M5V 2T6");
    /// assert_eq!(a.city.as_deref(), Some("Toronto"));
    /// ```
    pub fn new(
        first_name: impl Into<String>,
        last_name: impl Into<String>,
        address_1: impl Into<String>,
        city: impl Into<String>,
        country_code: impl Into<String>,
        postal_code: impl Into<String>,
    ) -> AddressCreate {
        AddressCreate {
            first_name: Some(first_name.into()),
            last_name: Some(last_name.into()),
            address_1: Some(address_1.into()),
            city: Some(city.into()),
            country_code: Some(country_code.into()),
            postal_code: Some(postal_code.into()),
            ..AddressCreate::default()
        }
    }
}

/// A partial address ([`Addresses::update_address`](crate::v2::store::addresses::Addresses::update_address)): the same fields as [`AddressCreate`]
/// (the server validates both alike); only the ones set are sent.
///
/// ```
/// use medusa_blocking::v2::store::params::AddressUpdate;
/// let u = AddressUpdate { city: Some("Ottawa".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"city":"Ottawa"}"#);
/// ```
pub type AddressUpdate = AddressCreate;

/// Filters and paging of [`Addresses::list`](crate::v2::store::addresses::Addresses::list): what the server's validator accepts.
///
/// ```
/// use medusa_blocking::v2::store::params::ListAddresses;
/// let q = ListAddresses { q: Some("Main".into()), limit: Some(10), ..Default::default() };
/// assert_eq!(q.query_string().as_deref(), Some("q=Main&limit=10"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListAddresses {
    /// Free text over the address fields.
    pub q: Option<String>,
    /// Any of these cities.
    pub city: Vec<String>,
    /// Any of these country codes.
    pub country_code: Vec<String>,
    /// Any of these postal codes.
    pub postal_code: Vec<String>,
    /// Sort by one field, `-` for descending.
    pub order: Option<String>,
    /// Fields to select (see [`ListOrders::fields`](crate::v2::store::params::ListOrders::fields)).
    pub fields: Option<String>,
    /// Page size (server default 50).
    pub limit: Option<u32>,
    /// Addresses to skip.
    pub offset: Option<u32>,
}

paged!(ListAddresses);

impl ListAddresses {
    /// The query string as sent (without `?`), `None` when nothing is set.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ListAddresses;
    /// let q = ListAddresses { city: vec!["Toronto".into(), "Ottawa".into()], ..Default::default() };
    /// assert_eq!(q.query_string().as_deref(), Some("city%5B0%5D=Toronto&city%5B1%5D=Ottawa"));
    /// ```
    pub fn query_string(&self) -> Option<String> {
        let mut q = Query::new();
        q.opt("q", self.q.as_deref())
            .list("city", &self.city)
            .list("country_code", &self.country_code)
            .list("postal_code", &self.postal_code)
            .opt("order", self.order.as_deref())
            .opt("fields", self.fields.as_deref())
            .opt_num("limit", self.limit.map(u64::from))
            .opt_num("offset", self.offset.map(u64::from));
        q.finish()
    }
}
