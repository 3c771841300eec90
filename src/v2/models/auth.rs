//! What the v2 Auth API answers besides tokens: the providers an actor can log in with, an MFA
//! challenge and factor, an e-mail verification. (The log-in outcome itself, which holds tokens,
//! is [`LoginOutcome`](crate::v2::auth::LoginOutcome).)

use serde::{Deserialize, Serialize};

use super::Metadata;

wire_enum! {
    /// How a provider logs a user in ([`AuthProvider::flow`]).
    ///
    /// ```
    /// use medusa_blocking::v2::models::AuthFlow;
    /// assert_eq!(AuthFlow::from("redirect"), AuthFlow::Redirect);
    /// assert_eq!(AuthFlow::from("magic_link").as_str(), "magic_link");
    /// ```
    pub enum AuthFlow {
        /// The credentials go to the server (`emailpass`): the log-in answers at once.
        Credentials = "credentials",
        /// A third party (OAuth, e.g. `google`): the log-in answers with a location to send the
        /// user to, and ends with the provider's callback.
        Redirect = "redirect",
    }
}

/// One provider an actor can log in with (`GET /auth/{actor}/providers`).
///
/// ```
/// use medusa_blocking::v2::models::{AuthFlow, AuthProvider};
/// let p: AuthProvider = serde_json::from_str(
///     r#"{"id":"emailpass","identifier":"emailpass","display_name":"Email/Password Authentication","flow":"credentials"}"#,
/// ).unwrap();
/// assert_eq!(p.flow, Some(AuthFlow::Credentials));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct AuthProvider {
    /// The provider's id in the routes (`emailpass`, `google`).
    pub id: String,
    /// The provider's identifier (the same as `id` for the built-in ones).
    pub identifier: String,
    /// A name to show (`Email/Password Authentication`).
    pub display_name: Option<String>,
    /// How it logs in.
    pub flow: Option<AuthFlow>,
}

wire_enum! {
    /// A way to answer an MFA challenge ([`MfaChallenge::methods`]), or an MFA factor's
    /// provider ([`MfaFactor::provider`]).
    ///
    /// ```
    /// use medusa_blocking::v2::models::MfaMethod;
    /// assert_eq!(MfaMethod::from("recovery_code"), MfaMethod::RecoveryCode);
    /// assert_eq!(MfaMethod::Totp.as_str(), "totp");
    /// ```
    pub enum MfaMethod {
        /// A time-based one-time password from an authenticator app.
        Totp = "totp",
        /// One of the identity's recovery codes.
        RecoveryCode = "recovery_code",
    }
}

wire_enum! {
    /// The status of an MFA factor ([`MfaFactor::status`]).
    ///
    /// ```
    /// use medusa_blocking::v2::models::MfaStatus;
    /// assert_eq!(MfaStatus::from("enabled"), MfaStatus::Enabled);
    /// ```
    pub enum MfaStatus {
        /// Started, not yet confirmed with a code.
        Pending = "pending",
        /// Confirmed: the log-in asks for it.
        Enabled = "enabled",
        /// Turned off.
        Disabled = "disabled",
    }
}

/// The second factor a log-in asks for (`mfa_challenge` of an `mfa_required` answer). Answer it
/// with [`Mfa::verify_challenge`](crate::v2::auth::Mfa::verify_challenge) before `expires_at`,
/// within `max_attempts`, on the same server instance (challenges live in its process).
///
/// ```
/// use medusa_blocking::v2::models::{MfaChallenge, MfaMethod};
/// let c: MfaChallenge = serde_json::from_str(
///     r#"{"id":"authmfachal_01","auth_identity_id":"authid_01","auth_provider":"emailpass","methods":["totp"],
///         "expires_at":"2026-12-05T17:24:08.430Z","attempts":0,"max_attempts":5,"completed_at":null,"metadata":null}"#,
/// ).unwrap();
/// assert_eq!(c.methods, vec![MfaMethod::Totp]);
/// assert_eq!(c.max_attempts, Some(5));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct MfaChallenge {
    /// The challenge id (`authmfachal_…`).
    pub id: String,
    /// The auth identity that passed the first factor.
    pub auth_identity_id: Option<String>,
    /// The provider of the first factor (`emailpass`).
    pub auth_provider: Option<String>,
    /// The ways to answer it (`totp`; `recovery_code` once the identity has recovery codes).
    pub methods: Vec<MfaMethod>,
    /// When it runs out (ISO-8601, as sent; 300 s after the log-in by default).
    pub expires_at: Option<String>,
    /// Wrong answers so far.
    pub attempts: Option<u32>,
    /// Wrong answers allowed (5 by default).
    pub max_attempts: Option<u32>,
    /// When it was answered.
    pub completed_at: Option<String>,
    /// Custom data.
    pub metadata: Option<Metadata>,
}

/// An MFA factor of an auth identity (`mfa_factor`, `mfa_factors`): a TOTP authenticator.
/// Its secret is never part of it (see [`MfaEnrolment`](crate::v2::auth::MfaEnrolment)).
///
/// ```
/// use medusa_blocking::v2::models::{MfaFactor, MfaMethod, MfaStatus};
/// let f: MfaFactor = serde_json::from_str(
///     r#"{"id":"authmfa_01","provider":"totp","status":"pending","metadata":{"label":"phone"}}"#,
/// ).unwrap();
/// assert_eq!(f.provider, Some(MfaMethod::Totp));
/// assert_eq!(f.status, Some(MfaStatus::Pending));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct MfaFactor {
    /// The factor id (`authmfa_…`).
    pub id: String,
    /// The auth identity it belongs to.
    pub auth_identity_id: Option<String>,
    /// Its kind (`totp`).
    pub provider: Option<MfaMethod>,
    /// Pending, enabled or disabled.
    pub status: Option<MfaStatus>,
    /// Custom data (the `label` given at enrolment is kept here).
    pub metadata: Option<Metadata>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Deletion time.
    pub deleted_at: Option<String>,
}

/// An e-mail (or other entity) verification of an auth identity (`verification`). The code is
/// never part of it: the server hands it to the shop's backend (event
/// `auth.verification_requested`), which delivers it.
///
/// ```
/// use medusa_blocking::v2::models::Verification;
/// let v: Verification = serde_json::from_str(
///     r#"{"id":"authver_01","auth_identity_id":"authid_01","entity_id":"jane@example.com","entity_type":"email",
///         "code_provider":"token","verified_at":null,"requested_at":"2026-12-05T17:18:40.000Z","metadata":{}}"#,
/// ).unwrap();
/// assert_eq!(v.entity_id, "jane@example.com");
/// assert_eq!(v.verified_at, None);
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Verification {
    /// The verification id (`authver_…`).
    pub id: String,
    /// The auth identity being verified.
    pub auth_identity_id: Option<String>,
    /// What is verified: the e-mail address.
    pub entity_id: String,
    /// Its kind (`email`).
    pub entity_type: String,
    /// How the code is made (`token`).
    pub code_provider: Option<String>,
    /// When it was confirmed; `None` while it is not.
    pub verified_at: Option<String>,
    /// When the latest code was requested.
    pub requested_at: Option<String>,
    /// Custom data given with the request.
    pub metadata: Option<Metadata>,
    /// Creation time (ISO-8601, as sent).
    pub created_at: Option<String>,
    /// Last update time.
    pub updated_at: Option<String>,
    /// Deletion time.
    pub deleted_at: Option<String>,
}

/// What a confirmed verification code verified (`POST /auth/verification/confirm`).
///
/// ```
/// use medusa_blocking::v2::models::VerificationConfirmed;
/// let v: VerificationConfirmed = serde_json::from_str(
///     r#"{"entity_id":"jane@example.com","entity_type":"email","code_provider":"token","verified_at":"2026-12-05T17:18:54.925Z"}"#,
/// ).unwrap();
/// assert!(v.verified_at.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct VerificationConfirmed {
    /// The e-mail address (or other entity) now verified.
    pub entity_id: String,
    /// Its kind (`email`).
    pub entity_type: String,
    /// How the code was made (`token`).
    pub code_provider: Option<String>,
    /// When it was confirmed (ISO-8601, as sent).
    pub verified_at: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every known variant parses from and serializes to its wire value, and the table names
    /// them all.
    fn check<T>(table: &[(T, &str)], wire_values: &[&str])
    where
        T: PartialEq
            + std::fmt::Debug
            + Serialize
            + serde::de::DeserializeOwned
            + for<'a> From<&'a str>,
    {
        let listed: Vec<&str> = table.iter().map(|(_, w)| *w).collect();
        assert_eq!(listed, wire_values);
        for (variant, wire) in table {
            assert_eq!(&T::from(wire), variant);
            assert_eq!(
                serde_json::to_string(variant).unwrap(),
                format!("\"{wire}\"")
            );
        }
    }

    #[test]
    fn auth_enums_keep_their_wire_values() {
        check(
            &[
                (AuthFlow::Credentials, "credentials"),
                (AuthFlow::Redirect, "redirect"),
            ],
            AuthFlow::WIRE_VALUES,
        );
        check(
            &[
                (MfaMethod::Totp, "totp"),
                (MfaMethod::RecoveryCode, "recovery_code"),
            ],
            MfaMethod::WIRE_VALUES,
        );
        check(
            &[
                (MfaStatus::Pending, "pending"),
                (MfaStatus::Enabled, "enabled"),
                (MfaStatus::Disabled, "disabled"),
            ],
            MfaStatus::WIRE_VALUES,
        );
        assert_eq!(MfaMethod::from("sms"), MfaMethod::Unknown("sms".into()));
    }
}
