//! Admin auth of Medusa v2 (provider `emailpass`, actor `user`): log in with an admin user's
//! e-mail and password, refresh, the optional cookie session, log out, the user.
//!
//! The token is a 24-hour JWT kept and refreshed exactly as the customer's
//! ([`crate::v2::auth`]): sent on every call of every clone, saved with the session file,
//! refreshed shortly before it runs out. A client with a secret API key
//! ([`AdminBuilder::secret_api_key`](crate::v2::admin::AdminBuilder)) needs none of this.

use crate::core::error::{ApiError, Error, Result};
use crate::core::request::require;
use crate::core::secret::AccessToken;
use crate::v2::auth::Credentials;
use crate::v2::models::User;

/// The admin log-in route.
const LOGIN: &str = "/auth/user/emailpass";

resource_handle! {
    /// The admin auth calls, from [`Admin::auth`](crate::v2::admin::Admin::auth). A cheap handle;
    /// per-call headers set with [`Auth::header`] apply to its calls only.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::admin::Admin;
    /// let admin = Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// let me = admin.auth().get_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    Auth,
    header example: "# let admin = medusa_blocking::v2::admin::Admin::new(\"http://localhost:9000\")?;
admin.auth().header(\"x-request-id\", \"42\").refresh()?;
# Ok::<(), medusa_blocking::Error>(())"
}

impl Auth {
    /// Logs in as an admin user (`POST /auth/user/emailpass`) and keeps the token as the
    /// client's bearer token (and drops a cookie session the client held for the backend, as
    /// the customer's log-in does). Wrong e-mail or password: the server's 401 `unauthorized`
    /// "Invalid email or password". Returns the token too.
    ///
    /// The server answers 200 for the e-mail and password of **any** auth identity, a store
    /// customer's too, with a token that names no user (`actor_id` empty), which every admin
    /// route refuses. Such a token is not kept, and the call fails with the 401 the first admin
    /// call would meet: an [`Error::Api`] with status 401, type `unauthorized`, made by the
    /// crate, whose message says so ("… not an admin user's …"). Retries are safe: each log-in
    /// is a new token.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// match admin.auth().login("jane@example.com", "a customer's password") {
    ///     Err(e) if e.status() == Some(401) => println!("not an admin: {e}"),
    ///     other => { other?; }
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login(&self, email: &str, password: &str) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        let token = AccessToken::from(
            self.h
                .post(LOGIN, &Credentials { email, password })
                .idempotent()
                .secret("token")?,
        );
        if token.actor_id().is_none_or(|id| id.is_empty()) {
            return Err(not_an_admin());
        }
        self.h.session().set_issued_token(token.clone(), None)?;
        self.h.session().cookie_jar().remove_host(self.h.base_url());
        Ok(token)
    }

    /// Logs in and returns the user (`login`, then `GET /admin/users/me`).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let me = admin.auth().authenticate("admin@example.com", "supersecret")?;
    /// println!("logged in as {}", me.email);
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn authenticate(&self, email: &str, password: &str) -> Result<User> {
        self.login(email, password)?;
        self.get_session()
    }

    /// The logged-in admin user (`GET /admin/users/me`). Not logged in: a 401; with a secret API
    /// key, the server's 404 "User with id: apk_… was not found" (a key is no user).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// let me = admin.auth().get_session()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn get_session(&self) -> Result<User> {
        self.h.get("/admin/users/me").member("user")
    }

    /// A new token for the one the client holds (`POST /auth/token/refresh`), kept in its place,
    /// as [`crate::v2::auth::Auth::refresh`] (the client also does it by itself before the
    /// token runs out).
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// let fresh = admin.auth().refresh()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn refresh(&self) -> Result<AccessToken> {
        self.store_auth().refresh()
    }

    /// Turns the token into a cookie session (`POST /auth/session`): the server sets
    /// `connect.sid` (10 hours, held in the server's memory), which the client keeps and sends.
    /// Drop the token with `admin.set_bearer_token(None)` to go on with the cookie alone.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().login("admin@example.com", "supersecret")?;
    /// admin.auth().create_session()?;
    /// admin.set_bearer_token(None)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn create_session(&self) -> Result<()> {
        self.store_auth().create_session()
    }

    /// Logs out: ends the cookie session on the server if the client holds one
    /// (`DELETE /auth/session`) and forgets the token (a JWT cannot be revoked). A secret API
    /// key set on the builder stays: it is configuration, not session.
    ///
    /// ```no_run
    /// # let admin = medusa_blocking::v2::admin::Admin::new("http://localhost:9000")?;
    /// admin.auth().logout()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn logout(&self) -> Result<()> {
        self.store_auth().logout()
    }

    /// The customer's auth handle on the same door: refresh, session and log-out are the same
    /// routes for every actor.
    fn store_auth(&self) -> crate::v2::auth::Auth {
        crate::v2::auth::Auth::new(self.h.clone())
    }
}

/// The 401 the first admin call would meet with a token that names no user.
fn not_an_admin() -> Error {
    Error::Api {
        status: 401,
        error: ApiError {
            kind: "unauthorized".into(),
            code: None,
            message: "the e-mail and password are valid but not an admin user's (the server's \
                      token names no user: a store customer's credentials, or an identity \
                      without a user); the token was not kept"
                .into(),
        },
        retry_after: None,
    }
}
