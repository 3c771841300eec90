//! Auth calls: log in, session, log out, exists, bearer token.
//!
//! Two ways to stay logged in, both kept by the client and shared by its clones:
//! - the `connect.sid` session cookie, set by [`Auth::authenticate`] and by registration
//!   ([`Customers::create`](crate::v1::store::customers::Customers::create)), valid 10 hours on a default
//!   server and lost when it restarts;
//! - a bearer token from [`Auth::get_token`], valid 30 days, sent as `Authorization: Bearer …`
//!   by every later call of the client, in any program (medusa-js only does this in browsers).

use serde::Serialize;

use crate::core::decode;
use crate::core::error::Result;
use crate::core::query::segment;
use crate::core::request::require;
use crate::core::secret::AccessToken;
use crate::v1::models::Customer;

#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    password: &'a str,
}

impl Auth {
    /// A bearer token for these credentials, kept nowhere.
    pub(super) fn token_for(&self, email: &str, password: &str) -> Result<String> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/store/auth/token", &Credentials { email, password })
            .harmless()
            .secret("access_token")
    }

    /// [`token_for`](Self::token_for) made on the side, for a check: as nobody, storing no
    /// cookie, so the client's session (on the server and here) stays as it was.
    pub(super) fn token_on_the_side(&self, email: &str, password: &str) -> Result<String> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/store/auth/token", &Credentials { email, password })
            .harmless()
            .anonymous()
            .side()
            .secret("access_token")
    }

    /// Logs in on the side, for a check: as nobody, storing no cookie, so the client's session
    /// (on the server and here) stays as it was. The customer, and the server's clock when it
    /// answered.
    pub(super) fn customer_for(
        &self,
        email: &str,
        password: &str,
    ) -> Result<(Customer, Option<std::time::SystemTime>)> {
        self.h
            .post("/store/auth", &Credentials { email, password })
            .harmless()
            .anonymous()
            .side()
            .sent()
            .into_result()
            .and_then(|reply| {
                let customer = decode::member(reply.status, &reply.body, "customer")?;
                Ok((customer, reply.date()))
            })
    }
}

resource_handle! {
    /// The auth calls, from [`Medusa::auth`](crate::v1::Medusa::auth). A cheap handle; per-call headers set with
    /// [`Auth::header`] apply to its calls only.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// if medusa.auth().exists("jane@example.com")? {
    ///     medusa.auth().authenticate("jane@example.com", "secret")?;
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Auth,
    header example: "let medusa = medusa_blocking::v1::Medusa::new(\"http://localhost:9000\")?;
medusa.auth().header(\"x-request-id\", \"42\").get_session()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Auth {
    /// Logs in with e-mail and password (`POST /store/auth`); the session cookie is stored and
    /// sent by every later call. Wrong credentials are an [`Error::Http`](crate::Error::Http) with status 401 (the
    /// server answers with the plain text `Unauthorized`).
    /// Retries are safe: logging in twice is one session.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.auth().authenticate("jane@example.com", "secret")?;
    /// println!("logged in as {}", customer.email);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn authenticate(&self, email: &str, password: &str) -> Result<Customer> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/store/auth", &Credentials { email, password })
            .harmless()
            .member("customer")
    }

    /// The logged-in customer (`GET /store/auth`), with their orders and shipping addresses.
    /// Not logged in: an error with status 401.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let customer = medusa.auth().get_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_session(&self) -> Result<Customer> {
        self.h.get("/store/auth").member("customer")
    }

    /// Logs out (`DELETE /store/auth`; the server answers 200 with the text `OK`) and forgets the
    /// local session, whatever the server answered (an error is still returned): the bearer
    /// token and every cookie of the client's host, whatever its path (another host's cookies in
    /// a shared jar stay; see [`Medusa::clear_session`](crate::Client::clear_session)). A bearer
    /// token stays valid on the server until it expires; the server cannot revoke it.
    /// Retries are safe: the server answers `OK` to a second logout too.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// medusa.auth().delete_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn delete_session(&self) -> Result<()> {
        let outcome = self.h.delete("/store/auth").empty();
        self.h.session().clear(self.h.base_url());
        outcome
    }

    /// Whether a registered customer has this e-mail (`GET /store/auth/{email}`, case-insensitive
    /// on the server). The e-mail is percent-encoded as one path segment.
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let taken = medusa.auth().exists("Jane+shop@Example.com")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn exists(&self, email: &str) -> Result<bool> {
        require("email", email)?;
        self.h
            .get(format!("/store/auth/{}", segment(email)))
            .member("exists")
    }

    /// Gets a bearer token (`POST /store/auth/token`, valid 30 days) and from then on sends it as
    /// `Authorization: Bearer …` on every call of this client and its clones. Keep it with
    /// [`AccessToken::secret`] and start a later client with
    /// [`MedusaBuilder::bearer_token`](crate::ClientBuilder::bearer_token), or save the whole
    /// session with [`Medusa::save_session`](crate::Client::save_session).
    ///
    /// The server tries the session cookie before the bearer token: a client that also holds a
    /// cookie session of another customer acts as that customer until its cookies are cleared
    /// ([`Medusa::clear_session`](crate::Client::clear_session)).
    ///
    /// ```no_run
    /// let medusa = medusa_blocking::v1::Medusa::new("http://localhost:9000")?;
    /// let token = medusa.auth().get_token("jane@example.com", "secret")?;
    /// let me = medusa.customers().retrieve()?; // sent with the bearer token
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_token(&self, email: &str, password: &str) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        let token = AccessToken::from(self.token_for(email, password)?);
        self.h.session().set_issued_token(token.clone(), None)?;
        Ok(token)
    }
}
