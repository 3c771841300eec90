//! Auth calls of Medusa v2 (actor `customer`): register an identity, log in (with `emailpass`
//! or any provider), the OAuth callback, the providers list, refresh, the optional cookie
//! session, log out, and the steps a log-in can ask for: a second factor ([`Mfa`]) and an
//! e-mail verification ([`Verifications`]).
//!
//! Logging in gives a 24-hour JWT that the client keeps as its bearer token, sends on every call
//! of every clone, saves with the session file, and refreshes by itself shortly before it runs
//! out ([`Auth::refresh`] does it on demand): one attempt within the call's time budget, once
//! for all clones, replacing only the token it started from, and judged by the token's own `iat`
//! rather than the local clock. A token that has run out (a job idle past its expiry) is not
//! refreshed (the server refuses to): the server's 401 to a call made with it is
//! [`Error::SessionExpired`], "session expired: log in again".
//! A v2 server cannot revoke a JWT: logging out forgets it here, and ends the cookie session on
//! the server if there is one.
//!
//! # Log-in outcomes
//!
//! A v2 log-in answers more than a token ([`LoginOutcome`]): a location to send the user to
//! (an OAuth provider), or a token *without an actor* and the step the server asks for first
//! (`verification_required`, `mfa_required`), or a token without an actor because the identity
//! has no customer. Only a token that names its actor is ever kept as the client's token.
//!
//! - A program that only wants a session calls [`Auth::login`]: every other outcome is
//!   [`Error::LoginIncomplete`] naming the step
//!   ([`LoginStep`](crate::LoginStep)), and the client stays as it was.
//! - A program that can do the steps calls [`Auth::login_outcome`] (or [`Auth::login_with`]
//!   for another provider, [`Auth::callback`] for the OAuth return) and matches.
//!
//! ```no_run
//! use medusa_blocking::{Error, LoginStep};
//! # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
//! match medusa.auth().login("jane@example.com", "supersecret") {
//!     Ok(_) => println!("logged in"),
//!     Err(Error::LoginIncomplete { step: LoginStep::SecondFactor }) => {
//!         println!("this account needs its authenticator: use login_outcome")
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok::<(), medusa_blocking::Error>(())
//! ```

mod mfa;
mod outcome;
mod params;
mod verification;

use serde::Serialize;

use crate::core::error::{Error, Result};
use crate::core::headers::bearer_header;
use crate::core::query::segment;
use crate::core::request::{Handle, require};
use crate::core::secret::AccessToken;
use crate::v2::models::{AuthProvider, Customer};

pub use mfa::{Mfa, MfaEnrolment, MfaSecret, RecoveryCode};
pub use outcome::{LoginOutcome, MfaRequired, VerificationRequired};
pub use params::{RequestVerification, StartMfa};
pub use verification::Verifications;

/// The actor of the Store wing's auth calls.
const CUSTOMER: &str = "customer";

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
    ///
    /// For a session or nothing: when the server asks for a step first (a verification, a
    /// second factor) or its token names no customer (an identity whose customer was never
    /// created), the error is [`Error::LoginIncomplete`] naming the step, no token is kept and
    /// the client stays as it was; [`login_outcome`](Self::login_outcome) gives what the step
    /// needs. Retries are safe: each log-in is a new token.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let token = medusa.auth().login("jane@example.com", "supersecret")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login(&self, email: &str, password: &str) -> Result<AccessToken> {
        self.login_outcome(email, password)?.into_token()
    }

    /// Logs in (`POST /auth/customer/emailpass`) and returns the whole [`LoginOutcome`]: logged
    /// in (the token is kept, as [`login`](Self::login) keeps it), or the step the server asks
    /// for first, with what it needs (the client stays as it was). Retries are safe.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// use medusa_blocking::v2::auth::RequestVerification;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// match medusa.auth().login_outcome("jane@example.com", "supersecret")? {
    ///     LoginOutcome::LoggedIn(_) => println!("logged in"),
    ///     LoginOutcome::VerificationRequired(pending) => {
    ///         // The shop's backend e-mails the code.
    ///         medusa.auth().verification().request_with(&pending, &RequestVerification::email("jane@example.com"))?;
    ///     }
    ///     other => println!("cannot go on: {:?}", other.step()),
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login_outcome(&self, email: &str, password: &str) -> Result<LoginOutcome> {
        require("email", email)?;
        require("password", password)?;
        login_as(
            &self.h,
            CUSTOMER,
            "emailpass",
            &Credentials { email, password },
        )
    }

    /// Logs in with any provider (`POST /auth/customer/{provider}` with `body` as JSON): what
    /// the provider reads (`emailpass`: `{email, password}`; an OAuth provider such as `google`
    /// reads nothing, `{}`, and answers [`LoginOutcome::Redirect`]). The outcome is kept as
    /// [`login_outcome`](Self::login_outcome) keeps it. A provider the server does not have is a
    /// 401 `unauthorized` "Unable to retrieve the auth provider with id: …"; one the actor may
    /// not use, a 400 `not_allowed`. Retries are safe.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// if let LoginOutcome::Redirect { location } = medusa.auth().login_with("google", &serde_json::json!({}))? {
    ///     println!("open {location} in the browser");
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn login_with<B: Serialize + ?Sized>(
        &self,
        provider: &str,
        body: &B,
    ) -> Result<LoginOutcome> {
        login_as(&self.h, CUSTOMER, provider, body)
    }

    /// Ends a third-party log-in: the provider sent the user back to the shop with a query
    /// (`code=…&state=…`), which goes to `GET /auth/customer/{provider}/callback` exactly as it
    /// came (a leading `?` is dropped). The outcome is kept as
    /// [`login_outcome`](Self::login_outcome) keeps it. The code in the query is single-use:
    /// after a lost response the outcome is
    /// [`Error::OutcomeUnknown`] (log in again). A query with a
    /// `#`, white space or a control character is refused before sending.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// # let query_received = "code=4%2F0Ab&state=af0ifjsldkj";
    /// let outcome = medusa.auth().callback("google", query_received)?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn callback(&self, provider: &str, query: &str) -> Result<LoginOutcome> {
        callback_as(&self.h, CUSTOMER, provider, query)
    }

    /// The providers a customer can log in with (`GET /auth/customer/providers`): `emailpass`
    /// on a default server, and what `authMethodsPerActor` allows.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// for provider in medusa.auth().providers()? {
    ///     println!("{} ({:?})", provider.id, provider.flow);
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn providers(&self) -> Result<Vec<AuthProvider>> {
        providers_as(&self.h, CUSTOMER)
    }

    /// Goes on with a log-in after its step was done elsewhere: a refresh
    /// (`POST /auth/token/refresh`) made with the token of an unfinished outcome (a verification
    /// confirmed since, a customer created since for an [`LoginOutcome::Unregistered`] token).
    /// The server checks again and answers an outcome, kept as
    /// [`login_outcome`](Self::login_outcome) keeps it. Retries are safe.
    ///
    /// ```no_run
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// # let code = "the code from the e-mail";
    /// if let LoginOutcome::VerificationRequired(pending) = medusa.auth().login_outcome("jane@example.com", "supersecret")? {
    ///     medusa.auth().verification().confirm(code)?;
    ///     let outcome = medusa.auth().continue_login(&pending.token)?; // LoggedIn
    /// }
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn continue_login(&self, token: &AccessToken) -> Result<LoginOutcome> {
        require("token", token.secret())?;
        let reply = self
            .h
            .post(crate::v2::layer::REFRESH_PATH, &Empty {})
            .bearer(bearer_header(token.secret())?)
            .idempotent()
            .sent()
            .into_result()?;
        keep_if_logged_in(&self.h, outcome::decode(reply.status, &reply.body)?)
    }

    /// The second-factor calls: answer a log-in's challenge, enrol and manage factors.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// let factors = medusa.auth().mfa().list()?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn mfa(&self) -> Mfa {
        Mfa::new(self.h.clone())
    }

    /// The verification calls: request an e-mail verification code, confirm it.
    ///
    /// ```no_run
    /// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
    /// medusa.auth().verification().confirm("the code from the e-mail")?;
    /// # Ok::<(), medusa_blocking::Error>(())
    /// ```
    pub fn verification(&self) -> Verifications {
        Verifications::new(self.h.clone())
    }

    /// Logs in without keeping anything (for the customer-creation steps): the whole outcome.
    pub(super) fn login_outcome_unkept(&self, email: &str, password: &str) -> Result<LoginOutcome> {
        require("email", email)?;
        require("password", password)?;
        outcome_of(
            &self.h,
            CUSTOMER,
            "emailpass",
            &Credentials { email, password },
        )
    }

    /// A log-in that keeps nothing, made on the side, for a check: as nobody, storing no
    /// cookie, so the client's session (on the server and here) stays as it was. The token of
    /// any outcome that has one.
    pub(super) fn login_token_on_the_side(
        &self,
        email: &str,
        password: &str,
    ) -> Result<AccessToken> {
        require("email", email)?;
        require("password", password)?;
        self.h
            .post(
                login_path(CUSTOMER, "emailpass")?,
                &Credentials { email, password },
            )
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

/// `/auth/{actor}/{provider}`, each a path segment; an empty one is refused.
fn login_path(actor: &str, provider: &str) -> Result<String> {
    require("actor", actor)?;
    require("provider", provider)?;
    Ok(format!("/auth/{}/{}", segment(actor), segment(provider)))
}

/// Logs `actor` in with `provider` (`POST /auth/{actor}/{provider}` with `body` as JSON), for
/// every client of the wing (the Store client's customer, the Admin client's user): the whole
/// [`LoginOutcome`]. A [`LoginOutcome::LoggedIn`] token is kept as the session's bearer token
/// and every cookie of the client's host is dropped (a cookie session would outrank the token
/// on the server); any other outcome changes nothing. Retries are safe: each log-in is new.
pub(crate) fn login_as<B: Serialize + ?Sized>(
    door: &Handle,
    actor: &str,
    provider: &str,
    body: &B,
) -> Result<LoginOutcome> {
    keep_if_logged_in(door, outcome_of(door, actor, provider, body)?)
}

/// [`login_as`] without keeping anything.
fn outcome_of<B: Serialize + ?Sized>(
    door: &Handle,
    actor: &str,
    provider: &str,
    body: &B,
) -> Result<LoginOutcome> {
    let reply = door
        .post(login_path(actor, provider)?, body)
        .idempotent()
        .sent()
        .into_result()?;
    outcome::decode(reply.status, &reply.body)
}

/// The OAuth return of `actor`'s log-in with `provider`
/// (`GET /auth/{actor}/{provider}/callback?{query}`, the query as the provider sent it), kept
/// as [`login_as`] keeps it. Single-use: a lost response is an unknown outcome.
pub(crate) fn callback_as(
    door: &Handle,
    actor: &str,
    provider: &str,
    query: &str,
) -> Result<LoginOutcome> {
    let query = query.strip_prefix('?').unwrap_or(query);
    if query
        .chars()
        .any(|c| c == '#' || c.is_whitespace() || c.is_control())
    {
        return Err(Error::InvalidInput(
            "the callback query has a '#', white space or a control character".into(),
        ));
    }
    let reply = door
        .get(format!("{}/callback", login_path(actor, provider)?))
        .query_string((!query.is_empty()).then(|| query.to_string()))
        .single_use()
        .named("log-in callback")
        .sent()
        .into_result()?;
    keep_if_logged_in(door, outcome::decode(reply.status, &reply.body)?)
}

/// The providers `actor` can log in with (`GET /auth/{actor}/providers`).
pub(crate) fn providers_as(door: &Handle, actor: &str) -> Result<Vec<AuthProvider>> {
    require("actor", actor)?;
    door.get(format!("/auth/{}/providers", segment(actor)))
        .member("providers")
}

/// Keeps a [`LoginOutcome::LoggedIn`] token as the session's bearer token (and drops every
/// cookie of the client's host); any other outcome changes nothing.
fn keep_if_logged_in(door: &Handle, outcome: LoginOutcome) -> Result<LoginOutcome> {
    if let LoginOutcome::LoggedIn(token) = &outcome {
        keep(door, token)?;
    }
    Ok(outcome)
}

/// Makes `token` the session's bearer token; the client is now its actor alone: a cookie
/// session (from `create_session`) would outrank the token on the server.
fn keep(door: &Handle, token: &AccessToken) -> Result<()> {
    door.session().set_issued_token(token.clone(), None)?;
    door.session().cookie_jar().remove_host(door.base_url());
    Ok(())
}
