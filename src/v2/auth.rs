//! Auth calls of Medusa v2 (provider `emailpass`, actor `customer`): register an identity, log
//! in, refresh, the optional cookie session, log out.
//!
//! Logging in gives a 24-hour JWT that the client keeps as its bearer token, sends on every call
//! of every clone, saves with the session file, and refreshes by itself shortly before it runs
//! out ([`Auth::refresh`] does it on demand): one attempt within the call's time budget, once
//! for all clones, replacing only the token it started from, and judged by the token's own `iat`
//! rather than the local clock. A token that has run out (a job idle past its expiry) is not
//! refreshed (the server refuses to): the server's 401 to a call made with it is
//! [`Error::SessionExpired`](crate::Error::SessionExpired), "session expired: log in again".
//! A v2 server cannot revoke a JWT: logging out forgets it here, and ends the cookie session on
//! the server if there is one.

use serde::Serialize;

use crate::core::error::Result;
use crate::core::request::require;
use crate::core::secret::AccessToken;
use crate::v2::models::Customer;

secret_type! {
    /// A registration token: proof of a new auth identity, good for creating its customer and
    /// nothing else ([`Customers::create_with_token`](crate::v2::store::customers::Customers::create_with_token)).
    /// Never printed, and never made the session's bearer token.
    ///
    /// ```
    /// use medusa_blocking::v2::auth::RegistrationToken;
    /// let token = RegistrationToken::from("eyJhbGciOi...");
    /// assert_eq!(format!("{token:?}"), "RegistrationToken(***)");
    /// ```
    RegistrationToken, "medusa_blocking::v2::auth::RegistrationToken"
}

/// `{email, password}`; never printed.
#[derive(Serialize)]
pub(super) struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
}

resource_handle! {
    /// The auth calls, from [`Medusa::auth`](crate::v2::Medusa::auth). A cheap handle; per-call
    /// headers set with [`Auth::header`] apply to its calls only.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::Medusa;
    /// let medusa = Medusa::builder("http://localhost:9000").publishable_api_key("pk_01...").build()?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// let me = medusa.customers().retrieve()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Auth,
    header example: "# let medusa = medusa_blocking::v2::Medusa::builder(\"http://localhost:9000\").publishable_api_key(\"pk\").build()?;
medusa.auth().header(\"x-request-id\", \"42\").refresh()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Auth {
    /// Registers an auth identity (`POST /auth/customer/emailpass/register`) and returns its
    /// registration token, which is good for creating its customer
    /// ([`Customers::create_with_token`](crate::v2::store::customers::Customers::create_with_token))
    /// and is never made the client's bearer token. (Most programs call
    /// [`Customers::create`](crate::v2::store::customers::Customers::create), which does all three
    /// steps.) An e-mail that has an identity with another password, or a customer already, is a
    /// 401 `unauthorized` "Identity with email already exists".
    /// Retries are safe while the identity has no customer: the same password answers again.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let registration = medusa.auth().register("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn register(&self, email: &str, password: &str) -> Result<RegistrationToken> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post(
                "/auth/customer/emailpass/register",
                &Credentials { email, password },
            )
            .named("register")
            .secret("token")
            .map(RegistrationToken::from)
    }

    /// Logs in (`POST /auth/customer/emailpass`) and keeps the token as the client's bearer
    /// token: every later call of this client and its clones is made as this customer. Wrong
    /// e-mail or password: a 401 `unauthorized` "Invalid email or password" (the e-mail is
    /// case-sensitive in v2). Returns the token too, to keep elsewhere. A cookie session the
    /// client held for this backend ([`create_session`](Self::create_session)) is dropped, since
    /// the server would go on answering as its customer: every cookie of the client's host,
    /// whatever its path (another host's cookies in a shared jar stay).
    /// Retries are safe: each log-in is a new token.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let token = medusa.auth().login("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login(&self, email: &str, password: &str) -> Result<AccessToken> {
        let token = self.login_token(email, password)?;
        self.h.session().set_issued_token(token.clone(), None)?;
        // A cookie session (from `create_session`) would outrank the new token on the server:
        // the client is now this customer alone.
        self.h.session().cookie_jar().remove_host(self.h.base_url());
        Ok(token)
    }

    /// Logs in without keeping the token (for the customer-creation steps).
    pub(super) fn login_token(&self, email: &str, password: &str) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/auth/customer/emailpass", &Credentials { email, password })
            .idempotent()
            .secret("token")
            .map(AccessToken::from)
    }

    /// [`login_token`](Self::login_token) made on the side, for a check: as nobody, storing no
    /// cookie, so the client's session (on the server and here) stays as it was.
    pub(super) fn login_token_on_the_side(
        &self,
        email: &str,
        password: &str,
    ) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/auth/customer/emailpass", &Credentials { email, password })
            .idempotent()
            .anonymous()
            .side()
            .secret("token")
            .map(AccessToken::from)
    }

    /// The v1 name of [`Auth::login`]: logs in and keeps the token.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let token = medusa.auth().get_token("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_token(&self, email: &str, password: &str) -> Result<AccessToken> {
        self.login(email, password)
    }

    /// Logs in and returns the customer, as v1's `authenticate` does (`login`, then
    /// `GET /store/customers/me`).
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let customer = medusa.auth().authenticate("jane@example.com", "supersecret")?;
    /// println!("logged in as {}", customer.email);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn authenticate(&self, email: &str, password: &str) -> Result<Customer> {
        self.login(email, password)?;
        self.get_session()
    }

    /// The logged-in customer (`GET /store/customers/me`), as v1's `get_session`. Not logged in:
    /// a 401.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let customer = medusa.auth().get_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_session(&self) -> Result<Customer> {
        self.h.get("/store/customers/me").member("customer")
    }

    /// A new token for the one the client holds (`POST /auth/token/refresh`), kept in its place.
    /// The client also does this by itself when its token has less than 10 minutes left (a
    /// quarter of its lifetime for a short one), once for all clones.
    ///
    /// The new token replaces only the token the refresh started from: when the client's token
    /// was dropped or replaced while the refresh was under way (a [`logout`](Self::logout), a
    /// [`login`](Self::login), `set_bearer_token`), the client keeps that, and the new token is
    /// only returned.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// let fresh = medusa.auth().refresh()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn refresh(&self) -> Result<AccessToken> {
        let session = self.h.session();
        let generation = session.bearer_snapshot().map_or(0, |(_, g)| g);
        let token = AccessToken::from(
            self.h
                .post("/auth/token/refresh", &Empty {})
                .idempotent()
                .secret("token")?,
        );
        if !session.set_issued_token(token.clone(), Some(generation))? {
            log::debug!("the bearer token changed while it was refreshed; the new one is not kept");
        }
        Ok(token)
    }

    /// Turns the token into a cookie session (`POST /auth/session`): the server sets
    /// `connect.sid`, which the client keeps and sends from then on (js-sdk's `session` mode). The
    /// token is kept too; drop it with `medusa.set_bearer_token(None)` to go on with the cookie
    /// alone.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().login("jane@example.com", "supersecret")?;
    /// medusa.auth().create_session()?;
    /// medusa.set_bearer_token(None)?; // the cookie alone from here on
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create_session(&self) -> Result<()> {
        self.h.post("/auth/session", &Empty {}).idempotent().empty()
    }

    /// Logs out: ends the cookie session on the server if the client holds one
    /// (`DELETE /auth/session`) and forgets the token either way (a JWT cannot be revoked; it
    /// stays valid on the server until it expires). Every cookie of the client's host is
    /// cleared, whatever its path (another host's cookies in a shared jar stay).
    /// Retries are safe: a 401 from a second `DELETE /auth/session` (no session left) counts as
    /// logged out.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().logout()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn logout(&self) -> Result<()> {
        let session = self.h.session();
        // Any cookie of the host, whatever its path (a `connect.sid` with `Path=/auth` is not
        // sent to `/`, but is to `/auth/session`).
        let has_session_cookie = session.cookie_jar().holds_host(self.h.base_url());
        let outcome = if has_session_cookie {
            match self.h.delete("/auth/session").empty() {
                // No session on the server (already ended, e.g. by a lost first attempt): the
                // goal is reached.
                Err(e) if e.status() == Some(401) => Ok(()),
                other => other,
            }
        } else {
            Ok(())
        };
        session.clear(self.h.base_url());
        outcome
    }

    /// The v1 name of [`Auth::logout`].
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().delete_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_session(&self) -> Result<()> {
        self.logout()
    }
}

/// `{}`.
#[derive(Serialize)]
struct Empty {}
