//! Customers, their addresses and groups, and saved payment methods.

use serde::{Deserialize, Serialize};

use super::{Metadata, Order, Region};

/// A customer, as returned by `/store/customers`, `/store/customers/me` and `/store/auth`, and by
/// the Admin API's `/admin/customers` (the same shape: the operator sees no other field).
///
/// Relations are present only when the route loads them: `shipping_addresses` and
/// `billing_address` on the `/store/customers*` routes, `orders` on `/store/auth`, `groups` never
/// on store routes; on admin routes `orders` and `shipping_addresses` by default, or what
/// `expand` names (`groups`). A customer embedded in an order has none of them. The store never
/// sends `password_hash`; the admin create answers with it, and it is dropped (never kept).
///
/// ```rust
/// use medusa_blocking::v1::models::Customer;
///
/// let json = r#"{
///     "id": "cus_01", "email": "jane@example.com", "first_name": "Jane", "last_name": null,
///     "billing_address_id": null, "phone": null, "has_account": true,
///     "created_at": "2024-01-01T00:00:00.000Z", "updated_at": "2024-01-01T00:00:00.000Z",
///     "deleted_at": null, "metadata": null, "billing_address": null, "shipping_addresses": []
/// }"#;
/// let customer: Customer = serde_json::from_str(json).unwrap();
/// assert_eq!(customer.email, "jane@example.com");
/// assert_eq!(customer.first_name.as_deref(), Some("Jane"));
/// assert!(customer.has_account);
/// assert_eq!(customer.billing_address, None);
/// assert_eq!(customer.shipping_addresses, Some(vec![]));
/// assert_eq!(customer.orders, None); // not loaded by this route
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Customer {
    /// Customer id (`cus_…`).
    pub id: String,
    /// Email address. Lowercased by registration; profile updates store it as sent.
    pub email: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Id of the billing address, if one is set.
    pub billing_address_id: Option<String>,
    /// The billing address (relation; `null` when unset, absent when not loaded).
    pub billing_address: Option<Address>,
    /// Saved shipping addresses (relation; absent when not loaded).
    pub shipping_addresses: Option<Vec<Address>>,
    /// Phone number.
    pub phone: Option<String>,
    /// `true` for a registered customer, `false` for a guest created at checkout.
    pub has_account: bool,
    /// The customer's orders (relation; sent, usually empty, by `/store/auth`).
    pub orders: Option<Vec<Order>>,
    /// Customer groups (relation; not loaded by store routes; admin routes with
    /// `expand=groups`, and every customer of a list filtered by groups).
    pub groups: Option<Vec<CustomerGroup>>,

    // Timestamps and custom data.
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A postal address: a customer's saved shipping address, a billing address, or an order's
/// shipping or billing address. Every column is nullable.
///
/// ```rust
/// use medusa_blocking::v1::models::Address;
///
/// let json = r#"{
///     "id": "addr_01", "customer_id": null, "company": null, "first_name": "Jane",
///     "last_name": "Doe", "address_1": "1 Main St", "address_2": null, "city": "Springfield",
///     "country_code": "us", "province": null, "postal_code": "12345", "phone": null,
///     "metadata": null, "created_at": "2024-01-01T00:00:00.000Z",
///     "updated_at": "2024-01-01T00:00:00.000Z", "deleted_at": null
/// }"#;
/// let address: Address = serde_json::from_str(json).unwrap();
/// assert_eq!(address.city.as_deref(), Some("Springfield"));
/// assert_eq!(address.country_code.as_deref(), Some("us"));
/// assert_eq!(address.company, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Address {
    /// Address id (`addr_…`).
    pub id: String,
    /// Owning customer, for a customer's saved address; `null` for order and cart addresses.
    pub customer_id: Option<String>,
    /// The owning customer (relation; rarely loaded). Boxed because a customer holds addresses.
    pub customer: Option<Box<Customer>>,

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
    /// The country (relation).
    pub country: Option<Country>,
    /// Province or state.
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
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// A country, as listed in a [`Region`]'s `countries`.
///
/// `id` and `num_code` are integers on the wire (the API spec says strings).
///
/// ```rust
/// use medusa_blocking::v1::models::Country;
///
/// let json = r#"{"id": 236, "iso_2": "us", "iso_3": "usa", "num_code": 840,
///                "name": "UNITED STATES", "display_name": "United States", "region_id": null}"#;
/// let country: Country = serde_json::from_str(json).unwrap();
/// assert_eq!(country.id, 236);
/// assert_eq!(country.num_code, 840);
/// assert_eq!(country.display_name, "United States");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Country {
    /// Database id (an integer).
    pub id: i64,
    /// Lowercase ISO 3166-1 alpha-2 code (`us`).
    pub iso_2: String,
    /// Lowercase ISO 3166-1 alpha-3 code (`usa`).
    pub iso_3: String,
    /// ISO 3166-1 numeric code (`840`).
    pub num_code: i64,
    /// Upper-case name (`UNITED STATES`).
    pub name: String,
    /// Display name (`United States`).
    pub display_name: String,
    /// Region the country belongs to.
    pub region_id: Option<String>,
    /// The region (relation).
    pub region: Option<Region>,
}

/// A customer group, as the Admin API's `/admin/customer-groups` answers it (store routes never
/// load groups).
///
/// ```rust
/// use medusa_blocking::v1::models::CustomerGroup;
///
/// let group: CustomerGroup = serde_json::from_str(r#"{"id": "cgrp_01", "name": "VIP"}"#).unwrap();
/// assert_eq!(group.name, "VIP");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct CustomerGroup {
    /// Group id (`cgrp_…`).
    pub id: String,
    /// Group name.
    pub name: String,
    /// Members (relation, with `expand=customers`; raw JSON, not modelled in depth: page them
    /// with [`CustomerGroups::list_customers`](crate::v1::admin::customer_groups::CustomerGroups::list_customers)).
    pub customers: Option<Vec<serde_json::Value>>,
    /// Price lists (relation; raw JSON, not modelled in depth).
    pub price_lists: Option<Vec<serde_json::Value>>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

page_type! {
    /// One page of customers (Admin API): `{customers, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v1::models::CustomerPage;
    /// let page: CustomerPage = serde_json::from_str(
    ///     r#"{"customers":[{"id":"cus_01","email":"a@b.c"}],"count":1,"offset":0,"limit":50}"#,
    /// ).unwrap();
    /// assert_eq!(page.customers[0].email, "a@b.c");
    /// ```
    CustomerPage {
        /// The customers of this page.
        customers: Customer
    }
}

page_type! {
    /// One page of customer groups (Admin API): `{customer_groups, count, offset, limit}`.
    ///
    /// ```
    /// use medusa_blocking::v1::models::CustomerGroupPage;
    /// let page: CustomerGroupPage = serde_json::from_str(
    ///     r#"{"count":1,"customer_groups":[{"id":"cgrp_01","name":"VIP"}],"offset":0,"limit":10}"#,
    /// ).unwrap();
    /// assert_eq!(page.customer_groups[0].name, "VIP");
    /// ```
    CustomerGroupPage {
        /// The groups of this page.
        customer_groups: CustomerGroup
    }
}

/// A saved payment method: an entry of `GET /store/customers/me/payment-methods`.
///
/// `data` is whatever the payment provider returns (for Stripe, a payment method object).
///
/// ```rust
/// use medusa_blocking::v1::models::PaymentMethod;
///
/// let json = r#"{"provider_id": "stripe", "data": {"id": "pm_123", "card": {"last4": "4242"}}}"#;
/// let method: PaymentMethod = serde_json::from_str(json).unwrap();
/// assert_eq!(method.provider_id, "stripe");
/// assert_eq!(method.data["card"]["last4"], "4242");
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PaymentMethod {
    /// Payment provider id (for example `stripe`).
    pub provider_id: String,
    /// Provider-specific data, as sent.
    pub data: serde_json::Value,
}
