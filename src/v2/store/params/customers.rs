//! Registration ([`CreateCustomer`]), a profile update ([`UpdateCustomer`]) and a password
//! reset ([`ResetPassword`]).

use std::fmt;

use serde::Serialize;

use crate::v2::models::Metadata;

/// Registration ([`Customers::create`](crate::v2::store::customers::Customers::create)): the identity's e-mail and password, and the
/// customer's fields (v1's names; v2 adds `company_name` and `metadata`).
///
/// ```
/// use medusa_blocking::v2::store::params::CreateCustomer;
/// let c = CreateCustomer { company_name: Some("Acme".into()), ..CreateCustomer::new("jane@example.com", "pw") };
/// assert!(!format!("{c:?}").contains("\"pw\""));
/// ```
#[derive(Clone, Default, PartialEq)]
pub struct CreateCustomer {
    /// E-mail (case-sensitive in v2: log in with exactly this).
    pub email: String,
    /// Password of the auth identity; never printed by `Debug`, never sent to `/store`.
    pub password: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Company name.
    pub company_name: Option<String>,
    /// Free-form metadata.
    pub metadata: Option<Metadata>,
}

impl CreateCustomer {
    /// A registration with the two required fields; the optional ones stay unset.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::CreateCustomer;
    /// assert_eq!(CreateCustomer::new("jane@example.com", "pw").email, "jane@example.com");
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
            .field("company_name", &self.company_name)
            .field("metadata", &self.metadata)
            .finish()
    }
}

/// The body of `POST /store/customers`: the customer's fields, no password.
#[derive(Serialize)]
pub(crate) struct CustomerBody<'a> {
    email: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    company_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<std::borrow::Cow<'a, Metadata>>,
}

impl CustomerBody<'_> {
    /// The body with `call_id` under [`CALL_ID_KEY`](super::CALL_ID_KEY) in its metadata.
    pub(crate) fn marked(mut self, call_id: &str) -> Self {
        let mut metadata = self
            .metadata
            .take()
            .map(|m| m.into_owned())
            .unwrap_or_default();
        metadata.insert(super::CALL_ID_KEY.into(), call_id.into());
        self.metadata = Some(std::borrow::Cow::Owned(metadata));
        self
    }
}

impl<'a> From<&'a CreateCustomer> for CustomerBody<'a> {
    fn from(c: &'a CreateCustomer) -> Self {
        CustomerBody {
            email: &c.email,
            first_name: c.first_name.as_deref(),
            last_name: c.last_name.as_deref(),
            phone: c.phone.as_deref(),
            company_name: c.company_name.as_deref(),
            metadata: c.metadata.as_ref().map(std::borrow::Cow::Borrowed),
        }
    }
}

/// A profile update ([`Customers::update`](crate::v2::store::customers::Customers::update)): only the fields set are sent. No e-mail or
/// password: v2 refuses them here.
///
/// ```
/// use medusa_blocking::v2::store::params::UpdateCustomer;
/// let u = UpdateCustomer { phone: Some("+15550001111".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"phone":"+15550001111"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
    /// Company name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    /// Merged into the stored metadata key by key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

/// A new password with the reset token ([`Customers::reset_password`](crate::v2::store::customers::Customers::reset_password)). `email` is kept for
/// ported v1 programs; v2 does not send it.
///
/// ```
/// use medusa_blocking::v2::store::params::ResetPassword;
/// let r = ResetPassword::new("a@b.c", "tkn", "pw");
/// let shown = format!("{r:?}");
/// assert!(!shown.contains("tkn") && !shown.contains("\"pw\""));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ResetPassword {
    /// The customer's e-mail (not sent in v2).
    pub email: String,
    /// The reset token; never printed by `Debug`.
    pub token: String,
    /// The new password; never printed by `Debug`.
    pub password: String,
}

impl ResetPassword {
    /// A reset with its three fields.
    ///
    /// ```
    /// use medusa_blocking::v2::store::params::ResetPassword;
    /// assert_eq!(ResetPassword::new("a@b.c", "t", "p").token, "t");
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
    fn the_customer_body_never_carries_the_password() {
        let c = CreateCustomer {
            phone: Some("+1".into()),
            ..CreateCustomer::new("a@b.c", "hunter2")
        };
        let json = serde_json::to_string(&CustomerBody::from(&c)).unwrap();
        assert_eq!(json, r#"{"email":"a@b.c","phone":"+1"}"#);
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
