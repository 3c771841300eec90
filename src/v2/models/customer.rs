//! Customers and their saved addresses.

use serde::{Deserialize, Deserializer, Serialize};

use super::{CustomerGroup, Metadata};

/// A customer account, as returned by `POST /store/customers`, `GET`/`POST
/// /store/customers/me`, the address routes (`{"customer"}`) and inside the address deletion
/// answer (`parent`); and, with the same type, by the Admin API (`/admin/customers…`,
/// [`crate::v2::admin`]), whose customer is the store's plus [`created_by`](Customer::created_by)
/// and whose e-mail may be `null` (read as `""`).
///
/// v2 has no password, `billing_address` or `shipping_addresses` here: saved addresses are
/// [`addresses`](Customer::addresses), each flagged as the default for shipping or billing.
/// A `fields=` selection returns a partial customer; what is not sent takes its default
/// (`""`, `false`, empty, `None`).
///
/// ```rust
/// use medusa_blocking::v2::models::Customer;
///
/// let json = r#"{
///     "id": "cus_01", "email": "jane@example.com", "company_name": "Acme",
///     "first_name": "Jane", "last_name": "Doe", "phone": null,
///     "metadata": {"source": "web"}, "has_account": true, "deleted_at": null,
///     "created_at": "2026-11-26T17:43:47.762Z", "updated_at": "2026-11-26T17:43:47.762Z",
///     "addresses": [{"id": "cuaddr_01", "city": "Springfield", "is_default_shipping": true}]
/// }"#;
/// let customer: Customer = serde_json::from_str(json).unwrap();
/// assert_eq!(customer.email, "jane@example.com");
/// assert_eq!(customer.company_name.as_deref(), Some("Acme"));
/// assert!(customer.has_account);
/// assert_eq!(customer.phone, None);
/// assert_eq!(customer.metadata.unwrap()["source"], "web");
/// assert!(customer.addresses[0].is_default_shipping);
/// assert!(!customer.addresses[0].is_default_billing);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Customer {
    /// Customer id (`cus_…`).
    pub id: String,
    /// Email address, as registered (login is case-sensitive in v2). An admin-made customer may
    /// have none: the server's `null` reads as `""` (the server never stores `""`, which is not
    /// an e-mail address).
    #[serde(deserialize_with = "null_as_empty")]
    pub email: String,
    /// Company name.
    pub company_name: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// `true` for a registered customer, `false` for a guest created at checkout or a record
    /// made through the Admin API.
    pub has_account: bool,
    /// Who made the record (Admin API only): the admin user's id (`user_…`), the secret API
    /// key's id (`apk_…`) for a record made with a key, `None` for a store sign-up.
    pub created_by: Option<String>,
    /// Id of the default billing address (in the v2 types; not sent by 2.21's store routes,
    /// which flag the address instead: [`CustomerAddress::is_default_billing`]).
    pub default_billing_address_id: Option<String>,
    /// Id of the default shipping address (see `default_billing_address_id`).
    pub default_shipping_address_id: Option<String>,
    /// Saved addresses (empty when there are none or when not selected).
    pub addresses: Vec<CustomerAddress>,
    /// Customer groups: sent (empty) in a cart's `customer`, and by the Admin API when asked
    /// for (`fields("+groups.id")`, `fields("*groups")`); `None` when not sent.
    pub groups: Option<Vec<CustomerGroup>>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data (`POST /store/customers/me` merges into it).
    pub metadata: Option<Metadata>,
}

/// A customer's saved address: an entry of [`Customer::addresses`], of
/// `GET /store/customers/me/addresses` (`addresses[]`) and of `GET …/addresses/{id}`
/// (`address`).
///
/// Every postal field is optional on creation (`{}` is a valid address), so all are `Option`s.
/// v1 had one `Address` type for customers and orders; v2 has this one and a separate
/// [`OrderAddress`](super::OrderAddress) for orders.
///
/// ```rust
/// use medusa_blocking::v2::models::CustomerAddress;
///
/// let json = r#"{
///     "id": "cuaddr_01", "address_name": "Home", "is_default_shipping": true,
///     "is_default_billing": false, "company": null, "first_name": "Jane",
///     "last_name": "Doe", "address_1": "1 Main St", "address_2": null, "city": "Springfield",
///     "country_code": "us", "province": "il", "postal_code": "62701", "phone": null,
///     "metadata": null, "customer_id": "cus_01",
///     "created_at": "2026-11-26T17:43:50.786Z", "updated_at": "2026-11-26T17:43:50.786Z"
/// }"#;
/// let address: CustomerAddress = serde_json::from_str(json).unwrap();
/// assert_eq!(address.address_name.as_deref(), Some("Home"));
/// assert!(address.is_default_shipping);
/// assert_eq!(address.country_code.as_deref(), Some("us"));
/// assert_eq!(address.company, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CustomerAddress {
    /// Address id (`cuaddr_…`).
    pub id: String,
    /// A name the customer gave the address ("Home").
    pub address_name: Option<String>,
    /// Whether this is the customer's default shipping address.
    pub is_default_shipping: bool,
    /// Whether this is the customer's default billing address.
    pub is_default_billing: bool,
    /// Owning customer.
    pub customer_id: Option<String>,

    // Postal fields (all nullable).
    /// Company name.
    pub company: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// First address line.
    pub address_1: Option<String>,
    /// Second address line.
    pub address_2: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Lowercase ISO 3166-1 alpha-2 country code (for example `us`).
    pub country_code: Option<String>,
    /// Province or state (lowercase code as sent, for example `il`).
    pub province: Option<String>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Phone number.
    pub phone: Option<String>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time (sent inside a customer, not by the address routes).
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// What `delete_address` answers: `{id, object: "address", deleted: true, parent: {customer}}`.
/// (Sic: from the store route, `id` is the **customer's** id, as the 2.21 server sends it; the
/// Admin API's `{id, object: "customer_address", deleted, parent}` has the address's id.)
///
/// ```
/// use medusa_blocking::v2::models::AddressDeleted;
/// let d: AddressDeleted = serde_json::from_str(
///     r#"{"id":"cus_01","object":"address","deleted":true,"parent":{"id":"cus_01","email":"a@b.c"}}"#,
/// ).unwrap();
/// assert!(d.deleted);
/// assert_eq!(d.parent.unwrap().email, "a@b.c");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AddressDeleted {
    /// The id the server sends: the customer's from the store route (not the address's), the
    /// address's from the Admin API.
    pub id: String,
    /// `address`.
    pub object: String,
    /// `true`.
    pub deleted: bool,
    /// The customer after the deletion.
    pub parent: Option<Customer>,
}

/// A `null` string as `""` (and a missing one, by the struct's `#[serde(default)]`).
fn null_as_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

page_type! {
    /// One page of customers (Admin API): `{customers, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::CustomerPage;
    /// let page: CustomerPage = serde_json::from_str(
    ///     r#"{"customers":[{"id":"cus_01","email":null}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.customers[0].email, "");
    /// ```
    CustomerPage {
        /// The customers of this page.
        customers: Customer
    }
}

page_type! {
    /// One page of addresses: `{addresses, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v2::models::AddressPage;
    /// let page: AddressPage = serde_json::from_str(
    ///     r#"{"addresses":[{"id":"caddr_01","city":"Toronto"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.addresses[0].city.as_deref(), Some("Toronto"));
    /// ```
    AddressPage {
        /// The addresses of this page.
        addresses: CustomerAddress
    }
}
