//! What a v2 log-in answers: [`LoginOutcome`], read from the body of
//! `POST /auth/{actor}/{provider}`, of its callback and of a refresh made with a token that has
//! no actor yet. The body holds a token: nothing here quotes it.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::core::error::{Error, LoginStep, Result};
use crate::core::secret::AccessToken;
use crate::v2::models::{MfaChallenge, Verification};

/// The answer to a log-in (`POST /auth/{actor}/{provider}`), to its OAuth callback and to
/// [`Auth::continue_login`](super::Auth::continue_login): a session, or the step the server
/// asks for first. Only [`LoginOutcome::LoggedIn`] is ever kept as the client's token; the
/// others leave the client as it was and carry what their step needs.
///
/// | the server answers | outcome |
/// |---|---|
/// | `{"token"}` naming the actor | [`LoggedIn`](LoginOutcome::LoggedIn) |
/// | `{"location"}` (OAuth provider) | [`Redirect`](LoginOutcome::Redirect) |
/// | `{"verification_required": true, "verification"?, "token"}` | [`VerificationRequired`](LoginOutcome::VerificationRequired) |
/// | `{"mfa_required": true, "mfa_challenge", "token"}` | [`MfaRequired`](LoginOutcome::MfaRequired) |
/// | `{"token"}` whose `actor_id` is `""` | [`Unregistered`](LoginOutcome::Unregistered) |
///
/// ```no_run
/// use medusa_blocking::v2::auth::LoginOutcome;
/// use medusa_blocking::v2::models::MfaMethod;
/// # let medusa = medusa_blocking::v2::Medusa::builder("http://localhost:9000").publishable_api_key("pk").build()?;
/// # let read_code = || String::from("123456");
/// match medusa.auth().login_outcome("jane@example.com", "supersecret")? {
///     LoginOutcome::LoggedIn(_) => {}
///     LoginOutcome::MfaRequired(pending) => {
///         medusa.auth().mfa().verify_challenge(&pending, MfaMethod::Totp, &read_code())?;
///     }
///     other => return Err(other.into_token().unwrap_err()),
/// }
/// let me = medusa.customers().retrieve()?;
/// # Ok::<(), medusa_blocking::Error>(())
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub enum LoginOutcome {
    /// Logged in: the token names the actor (`actor_id`). The client keeps it as its bearer
    /// token.
    LoggedIn(AccessToken),
    /// A third-party provider (OAuth): send the user to `location`; the provider sends them
    /// back to the shop, which hands the query it received to
    /// [`Auth::callback`](super::Auth::callback).
    Redirect {
        /// Where to send the user (the provider's authorization URL).
        location: String,
    },
    /// The identity must be verified (its e-mail) before it can log in.
    VerificationRequired(VerificationRequired),
    /// A second factor is required: answer the challenge.
    MfaRequired(MfaRequired),
    /// The credentials are good, but the identity has no account of the kind logged in as
    /// (`actor_id` is `""`): an identity whose customer was never created
    /// ([`Customers::create_with_token`](crate::v2::store::customers::Customers::create_with_token)
    /// takes this token, as a
    /// [`RegistrationToken`](super::RegistrationToken)), or a customer's credentials at the
    /// admin log-in.
    Unregistered {
        /// The token without an actor, good for creating the actor and nothing else.
        token: AccessToken,
    },
}

/// The answer `{"verification_required": true, …}`: the identity's e-mail must be verified
/// first. Request a code ([`Verifications::request_with`](super::Verifications::request_with)),
/// confirm it ([`Verifications::confirm`](super::Verifications::confirm)), then log in again
/// or [`continue_login`](super::Auth::continue_login) with `token`.
///
/// ```
/// use medusa_blocking::AccessToken;
/// use medusa_blocking::v2::auth::VerificationRequired;
/// let pending = VerificationRequired::new(None, AccessToken::from("eyJ..."));
/// assert_eq!(format!("{pending:?}"), "VerificationRequired { verification: None, token: AccessToken(***) }");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct VerificationRequired {
    /// The verification under way, once one was requested (`None` before).
    pub verification: Option<Verification>,
    /// A token without an actor, good for the verification calls and for
    /// [`continue_login`](super::Auth::continue_login) once verified.
    pub token: AccessToken,
}

impl VerificationRequired {
    /// Rebuilds a pending verification kept elsewhere (e.g. between two web requests).
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// use medusa_blocking::v2::auth::VerificationRequired;
    /// let pending = VerificationRequired::new(None, AccessToken::from("eyJ..."));
    /// assert!(pending.verification.is_none());
    /// ```
    pub fn new(verification: Option<Verification>, token: AccessToken) -> VerificationRequired {
        VerificationRequired {
            verification,
            token,
        }
    }
}

/// The answer `{"mfa_required": true, "mfa_challenge", "token"}`: answer the challenge with
/// [`Mfa::verify_challenge`](super::Mfa::verify_challenge), which logs in.
///
/// ```
/// use medusa_blocking::AccessToken;
/// use medusa_blocking::v2::auth::MfaRequired;
/// use medusa_blocking::v2::models::MfaChallenge;
/// let mut challenge = MfaChallenge::default();
/// challenge.id = "authmfachal_01".into();
/// let pending = MfaRequired::new(challenge, AccessToken::from("eyJ..."));
/// assert!(format!("{pending:?}").contains("AccessToken(***)"));
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MfaRequired {
    /// The challenge to answer.
    pub challenge: MfaChallenge,
    /// A token without an actor, good for answering the challenge.
    pub token: AccessToken,
}

impl MfaRequired {
    /// Rebuilds a pending challenge kept elsewhere (its id, and the token of the log-in).
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// use medusa_blocking::v2::auth::MfaRequired;
    /// let mut challenge = medusa_blocking::v2::models::MfaChallenge::default();
    /// challenge.id = "authmfachal_01".into();
    /// let pending = MfaRequired::new(challenge, AccessToken::from("eyJ..."));
    /// assert_eq!(pending.challenge.id, "authmfachal_01");
    /// ```
    pub fn new(challenge: MfaChallenge, token: AccessToken) -> MfaRequired {
        MfaRequired { challenge, token }
    }
}

impl LoginOutcome {
    /// The step the log-in still needs; `None` when logged in.
    ///
    /// ```
    /// use medusa_blocking::{AccessToken, LoginStep};
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// let outcome = LoginOutcome::Redirect { location: "https://accounts.example.com/auth".into() };
    /// assert_eq!(outcome.step(), Some(LoginStep::Redirect));
    /// assert_eq!(LoginOutcome::LoggedIn(AccessToken::from("t")).step(), None);
    /// ```
    pub fn step(&self) -> Option<LoginStep> {
        match self {
            LoginOutcome::LoggedIn(_) => None,
            LoginOutcome::Redirect { .. } => Some(LoginStep::Redirect),
            LoginOutcome::VerificationRequired(_) => Some(LoginStep::Verification),
            LoginOutcome::MfaRequired(_) => Some(LoginStep::SecondFactor),
            LoginOutcome::Unregistered { .. } => Some(LoginStep::NoActor),
        }
    }

    /// The session's token when logged in; any other outcome is
    /// [`Error::LoginIncomplete`] naming its step (what [`Auth::login`](super::Auth::login)
    /// returns).
    ///
    /// ```
    /// use medusa_blocking::{AccessToken, Error, LoginStep};
    /// use medusa_blocking::v2::auth::LoginOutcome;
    /// let token = LoginOutcome::LoggedIn(AccessToken::from("t")).into_token()?;
    /// let unregistered = LoginOutcome::Unregistered { token: AccessToken::from("u") };
    /// assert!(matches!(
    ///     unregistered.into_token(),
    ///     Err(Error::LoginIncomplete { step: LoginStep::NoActor })
    /// ));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn into_token(self) -> Result<AccessToken> {
        match self {
            LoginOutcome::LoggedIn(token) => Ok(token),
            other => Err(Error::LoginIncomplete {
                // Every other outcome has a step.
                step: other.step().unwrap_or(LoginStep::NoActor),
            }),
        }
    }
}

impl fmt::Debug for LoginOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginOutcome::LoggedIn(token) => f.debug_tuple("LoggedIn").field(token).finish(),
            // An authorization URL may carry secrets in its query (a `state`, at times a
            // token): shown redacted.
            LoginOutcome::Redirect { location } => f
                .debug_struct("Redirect")
                .field("location", &crate::core::redact::redact(location))
                .finish(),
            LoginOutcome::VerificationRequired(pending) => f
                .debug_tuple("VerificationRequired")
                .field(pending)
                .finish(),
            LoginOutcome::MfaRequired(pending) => {
                f.debug_tuple("MfaRequired").field(pending).finish()
            }
            LoginOutcome::Unregistered { token } => f
                .debug_struct("Unregistered")
                .field("token", token)
                .finish(),
        }
    }
}

/// Reads a log-in answer (a 2xx body). No error quotes the body, which holds a token.
pub(crate) fn decode(status: u16, body: &[u8]) -> Result<LoginOutcome> {
    let error = |path: &str, message: String| Error::Decode {
        status,
        path: path.into(),
        message,
        body: String::new(),
    };
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        error(
            ".",
            format!(
                "the body is not valid JSON (line {} column {})",
                e.line(),
                e.column()
            ),
        )
    })?;
    if let Some(location) = value.get("location").and_then(Value::as_str) {
        return Ok(LoginOutcome::Redirect {
            location: location.to_string(),
        });
    }
    let Some(token) = value.get("token").and_then(Value::as_str) else {
        return Err(error(
            "token",
            r#"expected {"token": "<string>"} or {"location": "<string>"}"#.into(),
        ));
    };
    let token = AccessToken::from(token);
    let flag = |key: &str| value.get(key).and_then(Value::as_bool) == Some(true);
    // The server checks the verification before the second factor, and sends one of them.
    if flag("verification_required") {
        return Ok(LoginOutcome::VerificationRequired(VerificationRequired {
            verification: member(&value, "verification", status)?,
            token,
        }));
    }
    let challenge: Option<MfaChallenge> = member(&value, "mfa_challenge", status)?;
    if flag("mfa_required") || challenge.is_some() {
        let Some(challenge) = challenge else {
            return Err(error(
                "mfa_challenge",
                r#"expected an object with "mfa_required": true"#.into(),
            ));
        };
        return Ok(LoginOutcome::MfaRequired(MfaRequired { challenge, token }));
    }
    if token.actor_id().is_some_and(|id| id.is_empty()) {
        return Ok(LoginOutcome::Unregistered { token });
    }
    Ok(LoginOutcome::LoggedIn(token))
}

/// The member `key` of a log-in answer (`null` or absent: `None`); an error names the member
/// and what serde said of it, never the body.
fn member<T: DeserializeOwned>(value: &Value, key: &'static str, status: u16) -> Result<Option<T>> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => T::deserialize(v).map(Some).map_err(|e| Error::Decode {
            status,
            path: key.into(),
            message: crate::core::redact::redact(&e.to_string()).into_owned(),
            body: String::new(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JWT whose payload is `payload` (base64url of it), signature "sig".
    fn jwt(payload: &str) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in payload.as_bytes().chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..=chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            }
        }
        format!("eyJhbGciOiJIUzI1NiJ9.{out}.c2ln")
    }

    fn decode_json(v: Value) -> Result<LoginOutcome> {
        decode(200, v.to_string().as_bytes())
    }

    #[test]
    fn a_token_naming_the_actor_is_logged_in_and_an_empty_actor_is_unregistered() {
        let with_actor = jwt(r#"{"actor_id":"cus_01","actor_type":"customer"}"#);
        match decode_json(serde_json::json!({ "token": with_actor })).unwrap() {
            LoginOutcome::LoggedIn(t) => assert_eq!(t.secret(), with_actor),
            other => panic!("{other:?}"),
        }
        let actorless = jwt(r#"{"actor_id":"","actor_type":"user"}"#);
        match decode_json(serde_json::json!({ "token": actorless })).unwrap() {
            LoginOutcome::Unregistered { token } => assert_eq!(token.secret(), actorless),
            other => panic!("{other:?}"),
        }
        // A token whose claims cannot be read is the server's word.
        assert!(matches!(
            decode_json(serde_json::json!({"token": "opaque"})).unwrap(),
            LoginOutcome::LoggedIn(_)
        ));
    }

    #[test]
    fn location_verification_and_mfa_are_told_apart_in_the_servers_order() {
        let t = jwt(r#"{"actor_id":""}"#);
        assert!(matches!(
            decode_json(serde_json::json!({"location": "https://idp/auth?state=s"})).unwrap(),
            LoginOutcome::Redirect { location } if location == "https://idp/auth?state=s"
        ));
        match decode_json(serde_json::json!({"verification_required": true, "token": t})).unwrap() {
            LoginOutcome::VerificationRequired(p) => assert!(p.verification.is_none()),
            other => panic!("{other:?}"),
        }
        let both = serde_json::json!({
            "verification_required": true,
            "verification": {"id": "authver_1", "entity_id": "j@x", "entity_type": "email"},
            "mfa_required": true, "mfa_challenge": {"id": "authmfachal_1"}, "token": t,
        });
        match decode_json(both).unwrap() {
            LoginOutcome::VerificationRequired(p) => {
                assert_eq!(p.verification.unwrap().id, "authver_1")
            }
            other => panic!("{other:?}"),
        }
        match decode_json(serde_json::json!({"mfa_challenge": {"id": "c", "methods": ["totp", "sms"]}, "token": t}))
            .unwrap()
        {
            LoginOutcome::MfaRequired(p) => {
                assert_eq!(p.challenge.id, "c");
                assert_eq!(p.challenge.methods[1].as_str(), "sms");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn broken_answers_are_decode_errors_that_quote_no_token() {
        let t = jwt(r#"{"actor_id":""}"#);
        for (body, path) in [
            ("not json".to_string(), "."),
            ("{}".to_string(), "token"),
            (r#"{"token": 7}"#.to_string(), "token"),
            (
                format!(r#"{{"mfa_required": true, "token": "{t}"}}"#),
                "mfa_challenge",
            ),
            (
                format!(r#"{{"mfa_challenge": "x", "token": "{t}"}}"#),
                "mfa_challenge",
            ),
            (
                format!(r#"{{"verification_required": true, "verification": 3, "token": "{t}"}}"#),
                "verification",
            ),
        ] {
            match decode(200, body.as_bytes()) {
                Err(e @ Error::Decode { .. }) => {
                    let shown = format!("{e} {e:?}");
                    assert!(!shown.contains(&t), "{shown}");
                    assert!(
                        matches!(&e, Error::Decode { path: p, .. } if p == path),
                        "{body}: {e:?}"
                    );
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn debug_shows_no_token_and_a_redacted_location() {
        let t = jwt(r#"{"actor_id":"cus_1"}"#);
        let shown = format!(
            "{:?}",
            decode_json(serde_json::json!({ "token": t })).unwrap()
        );
        assert_eq!(shown, "LoggedIn(AccessToken(***))");
        let redirect = LoginOutcome::Redirect {
            location: "https://idp/cb#access_token=abc&state=s".into(),
        };
        let shown = format!("{redirect:?}");
        assert!(!shown.contains("abc"), "{shown}");
        assert!(shown.contains("state=s"), "{shown}");
    }
}
