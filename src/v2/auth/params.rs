//! What the v2 auth steps send: a verification request and an MFA enrolment. Plain structs with
//! public fields; fields left unset are not sent.

use serde::Serialize;

use crate::v2::models::{Metadata, MfaMethod};

/// A verification request (`POST /auth/verification/request`): what to verify (the e-mail) and
/// how. [`RequestVerification::email`] fills in the common case.
///
/// ```
/// use medusa_blocking::v2::auth::RequestVerification;
/// let request = RequestVerification::email("jane@example.com");
/// assert_eq!(
///     serde_json::to_value(&request).unwrap(),
///     serde_json::json!({"entity_id": "jane@example.com", "entity_type": "email"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct RequestVerification {
    /// What is verified: the e-mail address the identity logs in with.
    pub entity_id: String,
    /// Its kind, as the server's `authVerificationsPerActor` names it (`email`).
    pub entity_type: String,
    /// How the code is made (the server's default: `token`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_provider: Option<String>,
    /// Custom data, handed to the shop's backend with the code (e.g. a link to build).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl RequestVerification {
    /// A verification of the e-mail address `email`.
    ///
    /// ```
    /// use medusa_blocking::v2::auth::RequestVerification;
    /// let mut request = RequestVerification::email("jane@example.com");
    /// request.code_provider = Some("token".into());
    /// assert_eq!(request.entity_type, "email");
    /// ```
    pub fn email(email: &str) -> RequestVerification {
        RequestVerification {
            entity_id: email.to_string(),
            entity_type: "email".to_string(),
            ..Default::default()
        }
    }
}

/// An MFA enrolment (`POST /auth/mfa/factors`): the kind of factor and how the authenticator
/// app shows it. [`StartMfa::totp`] fills in the common case.
///
/// ```
/// use medusa_blocking::v2::auth::StartMfa;
/// let mut start = StartMfa::totp();
/// start.label = Some("Jane's phone".into());
/// assert_eq!(
///     serde_json::to_value(&start).unwrap(),
///     serde_json::json!({"provider": "totp", "label": "Jane's phone"})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StartMfa {
    /// The kind of factor (`totp`).
    pub provider: MfaMethod,
    /// A name for the factor (the account name in the authenticator app).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The issuer the authenticator app shows (the server's default: `Medusa`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Custom data kept with the factor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl StartMfa {
    /// A TOTP factor (an authenticator app), with the server's label and issuer.
    ///
    /// ```
    /// use medusa_blocking::v2::auth::StartMfa;
    /// assert_eq!(StartMfa::totp().provider.as_str(), "totp");
    /// ```
    pub fn totp() -> StartMfa {
        StartMfa {
            provider: MfaMethod::Totp,
            label: None,
            issuer: None,
            metadata: None,
        }
    }
}
