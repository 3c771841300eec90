//! Admin auth calls of Medusa v1 (`/admin/auth`): log in with the cookie session ([`Auth::login`],
//! also named [`Auth::authenticate`] as in the other wings), get a bearer token, the logged-in
//! user ([`Auth::get_session`], v2's admin name too), log out.
//!
//! Wrong credentials (a wrong password or an unknown e-mail alike) are, in the server's own word,
//! an [`Error::Api`] with status 401, type `unauthorized` and the message `Unauthorized`: Medusa
//! 1.x answers them with the plain text `Unauthorized`, made the typed error v2's admin log-in
//! gives too, so one check serves both:
//!
//! ```no_run
//! use medusa_blocking::{Error, ErrorType};
//! let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
//! match admin.auth().login("admin@example.com", "wrong") {
//!     Err(Error::Api { status: 401, error, .. }) if error.error_type() == ErrorType::Unauthorized => {
//!         eprintln!("wrong e-mail or password ({})", error.message)
//!     }
//!     other => { other?; }
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

use serde::Serialize;

use crate::core::error::{ApiError, Error, Result};
use crate::core::request::require;
use crate::core::secret::AccessToken;
use crate::v1::models::User;

/// `{email, password}`; never printed.
#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    password: &'a str,
}

/// A log-in's 401, Medusa 1.x's plain text `Unauthorized` (passport's), as the typed error it
/// means: wrong credentials, in the server's own word. Any other error stands.
fn wrong_credentials(error: Error) -> Error {
    match error {
        Error::Http {
            status: 401,
            content_type,
            body,
            retry_after,
        } if content_type
            .as_deref()
            .is_none_or(|t| t.starts_with("text/plain"))
            && !body.is_empty() =>
        {
            Error::Api {
                status: 401,
                error: ApiError {
                    kind: "unauthorized".into(),
                    code: None,
                    message: body,
                },
                retry_after,
            }
        }
        other => other,
    }
}

resource_handle! {
    /// The admin auth calls, from [`Admin::auth`](crate::v1::admin::Admin::auth). A cheap handle;
    /// headers set with [`Auth::header`] apply to its calls only.
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// let me = admin.auth().get_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Auth,
    header example: "let admin = medusa_blocking::v1::admin::Admin::new(\"http://localhost:9000\")?;
let me = admin.auth().header(\"x-request-id\", \"42\").get_session()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Auth {
    /// Logs in as an admin user (`POST /admin/auth`): the session cookie the server sets is kept
    /// by the client's cookie jar and sent by every later call of this client and its clones
    /// (10 hours on a default server; lost when it restarts). Returns the user, whose
    /// `api_token` (if set) never shows in `Debug`. Wrong credentials: an [`Error::Api`] 401
    /// `unauthorized` (see the [module](self)). Retries are safe: each log-in is a new session.
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// let user = admin.auth().login("admin@example.com", "supersecret")?;
    /// println!("logged in as {} ({:?})", user.email, user.role);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login(&self, email: &str, password: &str) -> Result<User> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post("/admin/auth", &Credentials { email, password })
            .harmless()
            .member("user")
            .map_err(wrong_credentials)
    }

    /// [`login`](Self::login) under the name v1's store wing and v2's admin wing give the call
    /// that logs in and returns who logged in (`POST /admin/auth`, the cookie session kept).
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// let user = admin.auth().authenticate("admin@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn authenticate(&self, email: &str, password: &str) -> Result<User> {
        self.login(email, password)
    }

    /// Gets a bearer token for an admin user (`POST /admin/auth/token`, a JWT valid 24 hours)
    /// and from then on sends it as `Authorization: Bearer …` on every call of this client and
    /// its clones; returns it too, to keep ([`AccessToken::secret`]) for a later client
    /// ([`AdminBuilder::bearer_token`](crate::ClientBuilder::bearer_token)) or save with the
    /// session. When it runs out, a refused call is
    /// [`Error::SessionExpired`]: get a new one (v1 has no
    /// refresh). Wrong credentials: an [`Error::Api`] 401 `unauthorized`. Retries are safe:
    /// each call is a new token.
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// let token = admin.auth().get_token("admin@example.com", "supersecret")?;
    /// let me = admin.auth().get_session()?; // sent with the bearer token
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_token(&self, email: &str, password: &str) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        let token = self
            .h
            .post("/admin/auth/token", &Credentials { email, password })
            .harmless()
            .secret("access_token")
            .map_err(wrong_credentials)?;
        let token = AccessToken::from(token);
        self.h.session().set_issued_token(token.clone(), None)?;
        Ok(token)
    }

    /// The admin user the client acts as (`GET /admin/auth`), by whichever credential it holds
    /// (session cookie, bearer token or API token). None of them: a 401.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v1::admin::Admin::builder("http://localhost:9000").api_token("t").build()?;
    /// let me = admin.auth().get_session()?;
    /// println!("{}", me.email);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_session(&self) -> Result<User> {
        self.h.get("/admin/auth").member("user")
    }

    /// Logs out (`DELETE /admin/auth`: the server ends the cookie session and answers `OK`) and
    /// forgets the local session whatever the server answered (an error is still returned): the
    /// bearer token and every cookie of the client's host. A bearer token stays valid on the
    /// server until it runs out (v1 cannot revoke one); an API token given to the builder is
    /// configuration and is still sent (replace it on the server to revoke it). Without a
    /// session the server answers 401. Retries are safe.
    ///
    /// ```no_run
    /// let admin = medusa_blocking::v1::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// admin.auth().logout()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn logout(&self) -> Result<()> {
        let outcome = self.h.delete("/admin/auth").empty();
        self.h.session().clear(self.h.base_url());
        outcome
    }
}
