//! Secrets the client holds: they never show their value in `Debug` or `Display`.

use std::fmt;

/// A bearer token (a JWT: valid 30 days from a Medusa v1 server). It never shows its value in `Debug` or
/// `Display`; [`AccessToken::secret`] gives it explicitly.
///
/// ```
/// use medusa_blocking::AccessToken;
/// let token = AccessToken::from("eyJhbGciOiJIUzI1NiJ9.e30.sig");
/// assert_eq!(format!("{token:?}"), "AccessToken(***)");
/// assert_eq!(token.to_string(), "***");
/// assert_eq!(token.secret(), "eyJhbGciOiJIUzI1NiJ9.e30.sig");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// The token itself, to keep it somewhere safe.
    ///
    /// ```
    /// # use medusa_blocking::AccessToken;
    /// let token = AccessToken::from(String::from("abc"));
    /// assert_eq!(token.secret(), "abc");
    /// ```
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The token as an owned string.
    ///
    /// ```
    /// # use medusa_blocking::AccessToken;
    /// assert_eq!(AccessToken::from("abc").into_secret(), "abc");
    /// ```
    pub fn into_secret(self) -> String {
        self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for AccessToken {
    fn from(s: String) -> Self {
        AccessToken(s)
    }
}

impl From<&str> for AccessToken {
    fn from(s: &str) -> Self {
        AccessToken(s.to_string())
    }
}
