//! What the Admin API answers about its operators and deletions: the admin [`User`] (with its
//! [`ApiToken`], a secret) and a deletion receipt ([`Deleted`]).

use serde::{Deserialize, Deserializer, Serialize};

use super::Metadata;

secret_type! {
    /// An admin user's API token (`api_token`), which authenticates Admin API calls sent as
    /// `x-medusa-access-token` ([`AdminBuilder::api_token`](crate::v1::admin::AdminBuilder::api_token)).
    /// Medusa 1.x echoes it in the user it returns; it never shows in `Debug` or `Display`.
    ///
    /// ```
    /// use medusa_blocking::v1::models::ApiToken;
    /// let token = ApiToken::from("tok_secret");
    /// assert_eq!(format!("{token:?}"), "ApiToken(***)");
    /// assert_eq!(token.secret(), "tok_secret");
    /// ```
    ApiToken, "medusa_blocking::v1::models::ApiToken"
}

impl<'de> Deserialize<'de> for ApiToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ApiToken, D::Error> {
        String::deserialize(d).map(ApiToken::from)
    }
}

/// An admin user, as `/admin/auth` answers it (Medusa 1.x). Its `api_token` is a secret: it
/// never shows in `Debug`, and it is not serialized.
///
/// ```
/// use medusa_blocking::v1::models::User;
/// let user: User = serde_json::from_str(
///     r#"{"id":"usr_01","email":"admin@example.com","role":"member","api_token":"tok_secret",
///         "first_name":null,"last_name":null,"metadata":null,"created_at":"2026-12-05T18:24:09.943Z"}"#,
/// ).unwrap();
/// assert_eq!(user.role.as_deref(), Some("member"));
/// assert_eq!(user.api_token.as_ref().map(|t| t.secret()), Some("tok_secret"));
/// assert!(!format!("{user:?}").contains("tok_secret"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct User {
    /// User id (`usr_…`).
    pub id: String,
    /// E-mail.
    pub email: String,
    /// `admin`, `member` or `developer` (kept as sent).
    pub role: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// The user's API token, when one is set (a secret: never printed, not serialized).
    #[serde(skip_serializing)]
    pub api_token: Option<ApiToken>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: String,
    /// Last update time (ISO-8601, as sent).
    pub updated_at: String,
    /// Soft-deletion time.
    pub deleted_at: Option<String>,
    /// Custom key-value data.
    pub metadata: Option<Metadata>,
}

/// What a deletion answers: `{"id", "object", "deleted": true}`.
///
/// ```
/// use medusa_blocking::v1::models::Deleted;
/// let d: Deleted =
///     serde_json::from_str(r#"{"id":"cgrp_01","object":"customer_group","deleted":true}"#).unwrap();
/// assert!(d.deleted);
/// assert_eq!(d.object, "customer_group");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Deleted {
    /// The id of what was deleted.
    pub id: String,
    /// What it was: `customer_group`.
    pub object: String,
    /// `true`.
    pub deleted: bool,
}
