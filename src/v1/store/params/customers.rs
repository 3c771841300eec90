//! Registration ([`CreateCustomer`]), a profile update ([`UpdateCustomer`], with its
//! [`BillingAddress`]) and a password reset ([`ResetPassword`]).

use std::fmt;

use serde::{Serialize, Serializer};

use crate::v1::models::Metadata;
use crate::v1::store::params::AddressUpdate;

/// Registration (`POST /store/customers`).
///
/// ```
/// use medusa_blocking::v1::store::params::CreateCustomer;
/// let c = CreateCustomer {
///     email: "jane@example.com".into(),
///     password: "supersecret".into(),
///     last_name: Some("Doe".into()),
///     ..Default::default()
/// };
/// assert!(!format!("{c:?}").contains("supersecret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreateCustomer {
    /// E-mail; the server stores it lower-cased.
    pub email: String,
    /// Password; never printed by `Debug`.
    pub password: String,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl CreateCustomer {
    /// A registration with the two required fields; the optional ones stay unset.
    ///
    /// ```
    /// use medusa_blocking::v1::store::params::CreateCustomer;
    /// let c = CreateCustomer { first_name: Some("Jane".into()), ..CreateCustomer::new("jane@example.com", "pw") };
    /// assert_eq!(c.email, "jane@example.com");
    /// ```
    pub fn new(email: impl Into<String>, password: impl Into<String>) -> CreateCustomer {
        CreateCustomer {
            email: email.into(),
            password: password.into(),
            ..CreateCustomer::default()
        }
    }
}

impl fmt::Debug for CreateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CreateCustomer")
            .field("email", &self.email)
            .field("password", &"***")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("phone", &self.phone)
            .finish()
    }
}

/// A profile update (`POST /store/customers/me`): only the fields that are `Some` are sent.
///
/// ```
/// use medusa_blocking::v1::store::params::UpdateCustomer;
/// let mut metadata = serde_json::Map::new();
/// metadata.insert("newsletter".into(), true.into());
/// metadata.insert("old_key".into(), "".into()); // "" removes a key
/// let u = UpdateCustomer {
///     first_name: Some("Janet".into()),
///     metadata: Some(metadata),
///     ..Default::default()
/// };
/// let json = serde_json::to_value(&u).unwrap();
/// assert_eq!(json, serde_json::json!({
///     "first_name": "Janet",
///     "metadata": {"newsletter": true, "old_key": ""}
/// }));
/// ```
#[derive(Clone, Default, PartialEq, Serialize)]
pub struct UpdateCustomer {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// E-mail. Unlike registration, the server stores it exactly as given (not lower-cased),
    /// while log-in and `exists` lower-case theirs: an address with capitals makes the customer
    /// unable to log in with a password. Pass it lower-cased.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New password; never printed by `Debug`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Billing address: a new one, an existing one by id, or unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<BillingAddress>,
    /// Merged into the stored metadata key by key; a key set to `""` is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl fmt::Debug for UpdateCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UpdateCustomer")
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("phone", &self.phone)
            .field("email", &self.email)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("billing_address", &self.billing_address)
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// The three ways to set the billing address in [`UpdateCustomer`].
///
/// ```
/// use medusa_blocking::v1::store::params::{AddressUpdate, BillingAddress};
/// let new = BillingAddress::New(AddressUpdate { city: Some("Springfield".into()), ..Default::default() });
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#"{"city":"Springfield"}"#);
/// let existing = BillingAddress::Existing("addr_01".into());
/// assert_eq!(serde_json::to_string(&existing).unwrap(), r#""addr_01""#);
/// assert_eq!(serde_json::to_string(&BillingAddress::Unset).unwrap(), "null");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // a request value, built once per call: boxing buys nothing
pub enum BillingAddress {
    /// A new address, sent as an object. It is merged into the current billing address if there
    /// is one, else created.
    New(AddressUpdate),
    /// An existing address of the customer, by id (an unknown id is a 404 error).
    Existing(String),
    /// Sent as `null`: the customer has no billing address afterwards.
    Unset,
}

impl Serialize for BillingAddress {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            BillingAddress::New(address) => address.serialize(s),
            BillingAddress::Existing(id) => s.serialize_str(id),
            BillingAddress::Unset => s.serialize_none(),
        }
    }
}

/// A new password with the reset token ([`Customers::reset_password`](crate::v1::store::customers::Customers::reset_password)).
///
/// ```
/// use medusa_blocking::v1::store::params::ResetPassword;
/// let r = ResetPassword { email: "a@b.c".into(), token: "tkn".into(), password: "pw".into() };
/// let shown = format!("{r:?}");
/// assert!(!shown.contains("tkn") && !shown.contains("\"pw\""));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResetPassword {
    /// The customer's e-mail.
    pub email: String,
    /// The token from the reset e-mail; never printed by `Debug`.
    pub token: String,
    /// The new password; never printed by `Debug`.
    pub password: String,
}

impl ResetPassword {
    /// A reset with its three required fields.
    ///
    /// ```
    /// use medusa_blocking::v1::store::params::ResetPassword;
    /// let r = ResetPassword::new("jane@example.com", "eyJhbGciOi...", "new secret");
    /// assert_eq!(r.email, "jane@example.com");
    /// ```
    pub fn new(
        email: impl Into<String>,
        token: impl Into<String>,
        password: impl Into<String>,
    ) -> ResetPassword {
        ResetPassword {
            email: email.into(),
            token: token.into(),
            password: password.into(),
        }
    }
}

impl fmt::Debug for ResetPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResetPassword")
            .field("email", &self.email)
            .field("token", &"***")
            .field("password", &"***")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unset_fields_are_not_sent() {
        let create = CreateCustomer {
            email: "a@b.c".into(),
            password: "pw".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&create).unwrap(),
            r#"{"email":"a@b.c","password":"pw"}"#
        );
        assert_eq!(
            serde_json::to_string(&UpdateCustomer::default()).unwrap(),
            "{}"
        );
        let u = UpdateCustomer {
            billing_address: Some(BillingAddress::Unset),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&u).unwrap(),
            r#"{"billing_address":null}"#
        );
    }

    #[test]
    fn debug_hides_passwords_and_tokens() {
        let u = UpdateCustomer {
            password: Some("hunter2".into()),
            ..Default::default()
        };
        assert!(!format!("{u:?}").contains("hunter2"));
        let c = CreateCustomer {
            password: "hunter2".into(),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("hunter2"));
        let r = ResetPassword {
            email: "e".into(),
            token: "tok123".into(),
            password: "hunter2".into(),
        };
        let s = format!("{r:?}");
        assert!(!s.contains("hunter2") && !s.contains("tok123"));
    }
}
