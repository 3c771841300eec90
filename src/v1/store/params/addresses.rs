//! A new shipping address ([`AddressCreate`]) and a change to one ([`AddressUpdate`]).

use serde::Serialize;

use crate::v1::models::Metadata;

/// A new shipping address ([`Addresses::add_address`](crate::v1::store::addresses::Addresses::add_address)): six required fields, the rest optional.
///
/// `phone`, `address_2` and `province` are sent as `null` when unset: the server skips adding an
/// address equal to one the customer has, comparing those fields strictly, and an absent field
/// never equals a stored `null` (a real Medusa 1.20 would store the same address twice).
///
/// ```
/// use medusa_blocking::v1::store::params::AddressCreate;
/// let a = AddressCreate {
///     first_name: "Jane".into(),
///     last_name: "Doe".into(),
///     address_1: "1 Main St".into(),
///     city: "Springfield".into(),
///     country_code: "us".into(),
///     postal_code: "12345".into(),
///     ..Default::default()
/// };
/// let json = serde_json::to_value(&a).unwrap();
/// assert!(json.get("company").is_none());
/// assert!(json["phone"].is_null());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressCreate {
    /// First name (required).
    pub first_name: String,
    /// Last name (required).
    pub last_name: String,
    /// Street line (required).
    pub address_1: String,
    /// City (required).
    pub city: String,
    /// ISO 3166-1 alpha-2 country code of a country in a region (required; stored lower-cased).
    pub country_code: String,
    /// Postal code (required).
    pub postal_code: String,
    /// Phone (sent as `null` when unset, see below).
    pub phone: Option<String>,
    /// Company.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Second street line (sent as `null` when unset).
    pub address_2: Option<String>,
    /// Province or state (sent as `null` when unset).
    pub province: Option<String>,
    /// Free-form metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl AddressCreate {
    /// An address with its six required fields; the optional ones stay unset.
    ///
    /// ```
    /// use medusa_blocking::v1::store::params::AddressCreate;
    /// let a = AddressCreate {
    ///     phone: Some("+15550002222".into()),
    ///     ..AddressCreate::new("Jane", "Doe", "1 Main St", "Springfield", "us", "12345")
    /// };
    /// assert_eq!(a.city, "Springfield");
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
            first_name: first_name.into(),
            last_name: last_name.into(),
            address_1: address_1.into(),
            city: city.into(),
            country_code: country_code.into(),
            postal_code: postal_code.into(),
            ..AddressCreate::default()
        }
    }
}

/// A partial address ([`Addresses::update_address`](crate::v1::store::addresses::Addresses::update_address),
/// `BillingAddress::New`): only the fields
/// that are `Some` are sent.
///
/// ```
/// use medusa_blocking::v1::store::params::AddressUpdate;
/// let u = AddressUpdate { postal_code: Some("54321".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"postal_code":"54321"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AddressUpdate {
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
    /// Country code (stored lower-cased).
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
