//! E-mail verification (`/auth/verification/…`, js-sdk's `auth.verification`): request a code,
//! confirm it. A server that lists the provider in `http.authVerificationsPerActor` answers a
//! log-in of an unverified identity with
//! [`LoginOutcome::VerificationRequired`](super::LoginOutcome::VerificationRequired); the calls
//! themselves work on any server.

use serde::Serialize;

use crate::core::error::Result;
use crate::core::headers::bearer_header;
use crate::core::request::{Request, require};
use crate::v2::models::{Verification, VerificationConfirmed};

use super::outcome::VerificationRequired;
use super::params::RequestVerification;

resource_handle! {
    /// The verification calls, from [`Auth::verification`](super::Auth::verification).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::{LoginOutcome, RequestVerification};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// # let read_code = || String::from("the code");
    /// if let LoginOutcome::VerificationRequired(pending) = medusa.auth().login_outcome("jane@example.com", "supersecret")? {
    ///     let verifications = medusa.auth().verification();
    ///     verifications.request_with(&pending, &RequestVerification::email("jane@example.com"))?;
    ///     verifications.confirm(&read_code())?; // the code the shop e-mailed
    ///     medusa.auth().continue_login(&pending.token)?; // logged in
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Verifications,
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
medusa.auth().verification().header(\"x-request-id\", \"42\").confirm(\"the code\")?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Verifications {
    /// Requests a verification code for the logged-in customer's identity
    /// (`POST /auth/verification/request`, made as the client's session): the server makes a
    /// code and hands it to the shop's backend (event `auth.verification_requested`), which
    /// delivers it; the answer never holds it. Not logged in: a 401. Each request makes a new
    /// code; a retry after a lost response makes one more (the user gets two e-mails), so
    /// retries are allowed.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::RequestVerification;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let verification = medusa.auth().verification().request(&RequestVerification::email("jane@example.com"))?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn request(&self, request: &RequestVerification) -> Result<Verification> {
        self.request_call(request)?.member("verification")
    }

    /// [`request`](Self::request) for a log-in that asked for a verification, made with the
    /// log-in's token (the client holds none for this identity).
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::{LoginOutcome, RequestVerification};
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// if let LoginOutcome::VerificationRequired(pending) = medusa.auth().login_outcome("jane@example.com", "supersecret")? {
    ///     medusa.auth().verification().request_with(&pending, &RequestVerification::email("jane@example.com"))?;
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn request_with(
        &self,
        pending: &VerificationRequired,
        request: &RequestVerification,
    ) -> Result<Verification> {
        self.request_call(request)?
            .bearer(bearer_header(pending.token.secret())?)
            .member("verification")
    }

    fn request_call(&self, request: &RequestVerification) -> Result<Request> {
        require("entity_id", &request.entity_id)?;
        require("entity_type", &request.entity_type)?;
        Ok(self
            .h
            .post("/auth/verification/request", request)
            .idempotent())
    }

    /// Confirms a verification code (`POST /auth/verification/confirm` with `{code}`), made as
    /// nobody (no log-in needed, and none is changed). Then log in again, or
    /// [`continue_login`](super::Auth::continue_login) with the pending log-in's token. A wrong
    /// or used code is a 400 `not_allowed` "Verification code is invalid or already used"; an
    /// expired one "Verification code has expired". A code is good once: after a lost response
    /// the outcome is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown) (log in: a
    /// verified identity logs in).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let confirmed = medusa.auth().verification().confirm("the code from the e-mail")?;
    /// println!("{} verified at {:?}", confirmed.entity_id, confirmed.verified_at);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn confirm(&self, code: &str) -> Result<VerificationConfirmed> {
        require("code", code)?;
        #[derive(Serialize)]
        struct Body<'a> {
            code: &'a str,
        }
        self.h
            .post("/auth/verification/confirm", &Body { code })
            .anonymous()
            .side()
            .named("confirm verification")
            .send()
    }
}
