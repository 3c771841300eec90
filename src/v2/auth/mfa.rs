//! The second factor (`/auth/mfa/…`, js-sdk's `auth.mfa`): answer a log-in's challenge, and
//! enrol, confirm, list and turn off the identity's factors, generate recovery codes.
//!
//! A server needs the auth module's `mfa.encryption_key` (the `AUTH_MFA_ENCRYPTION_KEY`
//! environment variable of a 2.21 server) for every MFA call but the list; without it they are
//! a 400 `invalid_data` "MFA encryption key is required to use MFA methods".

use serde::{Deserialize, Serialize};

use crate::core::error::{Error, Result};
use crate::core::headers::bearer_header;
use crate::core::query::segment;
use crate::core::request::require;
use crate::core::secret::AccessToken;
use crate::v2::models::{MfaFactor, MfaMethod};

use super::outcome::{self, MfaRequired};
use super::params::StartMfa;

secret_type! {
    /// The secret of a TOTP factor, or its `otpauth://` URL (which holds the secret): shown to
    /// the user once, at enrolment, for their authenticator app. Never printed.
    ///
    /// ```
    /// use medusa_blocking::v2::auth::MfaSecret;
    /// let secret = MfaSecret::from("JBSWY3DPEHPK3PXP");
    /// assert_eq!(format!("{secret:?}"), "MfaSecret(***)");
    /// ```
    MfaSecret, "medusa_blocking::v2::auth::MfaSecret"
}

secret_type! {
    /// A recovery code: answers an MFA challenge once, when the authenticator is lost. Never
    /// printed.
    ///
    /// ```
    /// use medusa_blocking::v2::auth::RecoveryCode;
    /// let code = RecoveryCode::from("a1b2-c3d4");
    /// assert_eq!(code.to_string(), "***");
    /// ```
    RecoveryCode, "medusa_blocking::v2::auth::RecoveryCode"
}

/// A factor just enrolled ([`Mfa::start`]): pending until confirmed with a code from the
/// authenticator app ([`Mfa::verify`]). The secret and URL come this once.
///
/// ```no_run
/// use medusa_blocking::v2::auth::StartMfa;
/// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
/// let enrolment = medusa.auth().mfa().start(&StartMfa::totp())?;
/// if let Some(url) = &enrolment.otpauth_url {
///     println!("show this as a QR code: {}", url.secret());
/// }
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MfaEnrolment {
    /// The factor, pending.
    pub factor: MfaFactor,
    /// The TOTP secret (base32), to type into an authenticator app.
    pub secret: Option<MfaSecret>,
    /// The `otpauth://totp/…` URL, to show as a QR code (it holds the secret).
    pub otpauth_url: Option<MfaSecret>,
}

/// `{"mfa_factor", "secret", "otpauth_url"}`.
#[derive(Deserialize)]
struct EnrolmentBody {
    mfa_factor: MfaFactor,
    #[serde(default)]
    secret: Option<String>,
    #[serde(default)]
    otpauth_url: Option<String>,
}

/// `{"recovery_codes": […]}`.
#[derive(Deserialize)]
struct RecoveryCodesBody {
    recovery_codes: Vec<String>,
}

resource_handle! {
    /// The second-factor calls, from [`Auth::mfa`](super::Auth::mfa). The challenge of a log-in
    /// is answered with the log-in's own token; the other calls are made as the client's
    /// session (the logged-in customer).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// use medusa_blocking::v2::models::MfaMethod;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// if let LoginOutcome::MfaRequired(pending) = medusa.auth().login_outcome("jane@example.com", "supersecret")? {
    ///     medusa.auth().mfa().verify_challenge(&pending, MfaMethod::Totp, "123456")?;
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Mfa,
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
let factors = medusa.auth().mfa().header(\"x-request-id\", \"42\").list()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Mfa {
    /// Answers a log-in's challenge (`POST /auth/mfa/challenges/{id}/verify` with
    /// `{method, code}`, made with the log-in's token) and logs in: the token the server answers
    /// names the customer, and the client keeps it as [`Auth::login`](super::Auth::login) does.
    /// A token that names no customer (an identity without one) is
    /// [`Error::LoginIncomplete`] and is not kept.
    ///
    /// Errors: a wrong code is a 400 `not_allowed` "Invalid MFA challenge code" (after the last
    /// attempt, "MFA challenge has too many failed attempts"); a used, expired or unknown
    /// challenge a 400 or 404 (log in again). A challenge is answered once: after a lost
    /// response the outcome is [`Error::OutcomeUnknown`] (log in again).
    ///
    /// ```no_run
    /// # use medusa_blocking::v2::auth::MfaRequired;
    /// # use medusa_blocking::v2::models::MfaMethod;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// # let pending: MfaRequired = unimplemented!();
    /// let token = medusa.auth().mfa().verify_challenge(&pending, MfaMethod::Totp, "123456")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn verify_challenge(
        &self,
        pending: &MfaRequired,
        method: MfaMethod,
        code: &str,
    ) -> Result<AccessToken> {
        require("challenge id", &pending.challenge.id)?;
        require("code", code)?;
        #[derive(Serialize)]
        struct Body<'a> {
            method: &'a MfaMethod,
            code: &'a str,
        }
        let reply = self
            .h
            .post(
                format!(
                    "/auth/mfa/challenges/{}/verify",
                    segment(&pending.challenge.id)
                ),
                &Body {
                    method: &method,
                    code,
                },
            )
            .bearer(bearer_header(pending.token.secret())?)
            .named("verify MFA challenge")
            .sent()
            .into_result()?;
        let token = outcome::decode(reply.status, &reply.body)?.into_token()?;
        super::keep(&self.h, &token)?;
        Ok(token)
    }

    /// The identity's factors (`GET /auth/mfa/factors`), whatever their status.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let factors = medusa.auth().mfa().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn list(&self) -> Result<Vec<MfaFactor>> {
        self.h.get("/auth/mfa/factors").member("mfa_factors")
    }

    /// Enrols a factor (`POST /auth/mfa/factors`): pending, with its secret, until confirmed
    /// with [`verify`](Self::verify). An identity with an active factor of that kind already
    /// is a 400 `not_allowed`. Not repeated after a lost response (the secret would be lost):
    /// the outcome is then [`Error::OutcomeUnknown`] (list the factors, disable a pending one,
    /// start again).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::StartMfa;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let enrolment = medusa.auth().mfa().start(&StartMfa::totp())?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn start(&self, start: &StartMfa) -> Result<MfaEnrolment> {
        let reply = self
            .h
            .post("/auth/mfa/factors", start)
            .named("start MFA")
            .sent()
            .into_result()?;
        // The body holds the secret: no error quotes it.
        let body: EnrolmentBody = serde_json::from_slice(&reply.body).map_err(|e| {
            Error::Decode {
                status: reply.status,
                path: ".".into(),
                message: format!(
                    r#"expected {{"mfa_factor": {{…}}, "secret", "otpauth_url"}} (line {} column {})"#,
                    e.line(),
                    e.column()
                ),
                body: String::new(),
            }
        })?;
        Ok(MfaEnrolment {
            factor: body.mfa_factor,
            secret: body.secret.map(MfaSecret::from),
            otpauth_url: body.otpauth_url.map(MfaSecret::from),
        })
    }

    /// Confirms an enrolled factor with a code from the authenticator app
    /// (`POST /auth/mfa/factors/{id}/verify` with `{code}`): it is enabled, and the next log-in
    /// asks for it. A wrong code is a 400 `not_allowed` "Invalid TOTP code". Retries are safe
    /// (an enabled factor stays enabled).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let factor = medusa.auth().mfa().verify("authmfa_01...", "123456")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn verify(&self, factor_id: &str, code: &str) -> Result<MfaFactor> {
        require("factor id", factor_id)?;
        require("code", code)?;
        #[derive(Serialize)]
        struct Body<'a> {
            code: &'a str,
        }
        self.h
            .post(
                format!("/auth/mfa/factors/{}/verify", segment(factor_id)),
                &Body { code },
            )
            .idempotent()
            .member("mfa_factor")
    }

    /// Turns a factor off (`DELETE /auth/mfa/factors/{id}`, with `{method, code}` when the
    /// server's disable policy asks for a code, else `{}`): it is `disabled`.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::models::MfaMethod;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let factor = medusa.auth().mfa().disable("authmfa_01...", None)?;
    /// let factor = medusa.auth().mfa().disable("authmfa_01...", Some((MfaMethod::Totp, "123456")))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn disable(&self, factor_id: &str, proof: Option<(MfaMethod, &str)>) -> Result<MfaFactor> {
        require("factor id", factor_id)?;
        #[derive(Serialize)]
        struct Body<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            method: Option<&'a MfaMethod>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<&'a str>,
        }
        if let Some((_, code)) = &proof {
            require("code", code)?;
        }
        self.h
            .delete(format!("/auth/mfa/factors/{}", segment(factor_id)))
            .json(&Body {
                method: proof.as_ref().map(|(m, _)| m),
                code: proof.as_ref().map(|(_, c)| *c),
            })
            .member("mfa_factor")
    }

    /// New recovery codes for the identity (`POST /auth/mfa/recovery-codes` with `{count}` when
    /// given, else `{}`; the server's default is 10, at most 50). They come this once. An
    /// identity without an enabled factor is a 400 `not_allowed`. Not repeated after a lost
    /// response: the outcome is then [`Error::OutcomeUnknown`] (generate again).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let codes = medusa.auth().mfa().generate_recovery_codes(None)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn generate_recovery_codes(&self, count: Option<u32>) -> Result<Vec<RecoveryCode>> {
        #[derive(Serialize)]
        struct Body {
            #[serde(skip_serializing_if = "Option::is_none")]
            count: Option<u32>,
        }
        let reply = self
            .h
            .post("/auth/mfa/recovery-codes", &Body { count })
            .named("generate recovery codes")
            .sent()
            .into_result()?;
        let body: RecoveryCodesBody =
            serde_json::from_slice(&reply.body).map_err(|e| Error::Decode {
                status: reply.status,
                path: "recovery_codes".into(),
                message: format!(
                    r#"expected {{"recovery_codes": ["<string>", …]}} (line {} column {})"#,
                    e.line(),
                    e.column()
                ),
                body: String::new(),
            })?;
        Ok(body
            .recovery_codes
            .into_iter()
            .map(RecoveryCode::from)
            .collect())
    }
}
