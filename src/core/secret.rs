//! Secrets the client holds: they never show their value in `Debug` or `Display`; `secret()`
//! gives it explicitly.
//!
//! - [`AccessToken`]: a bearer token the session sends on every call (v1's 30-day JWT, v2's
//!   24-hour JWT, which the client refreshes before it runs out).
//!
//! [`secret_type!`] makes such a type; the v2 wing makes its registration token with it.

/// Generates a secret string type: `secret()`, `into_secret()`, `From<String>`, `From<&str>`,
/// and `Debug`/`Display` that never show the value. `$path` is the type's public path, for the
/// doc examples.
macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident, $path:literal) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The secret itself, to keep it somewhere safe.
            ///
            /// ```
            #[doc = concat!("let token = ", $path, "::from(\"abc\");")]
            /// assert_eq!(token.secret(), "abc");
            /// ```
            pub fn secret(&self) -> &str {
                &self.0
            }

            /// The secret as an owned string.
            ///
            /// ```
            #[doc = concat!("let token = ", $path, "::from(\"abc\");")]
            /// assert_eq!(token.into_secret(), "abc");
            /// ```
            pub fn into_secret(self) -> String {
                self.0
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("***")
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

secret_type! {
    /// A bearer token (a JWT: valid 30 days from a Medusa v1 server, 24 hours from a v2 one). It
    /// never shows its value in `Debug` or `Display`; [`AccessToken::secret`] gives it explicitly.
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// let token = AccessToken::from("eyJhbGciOiJIUzI1NiJ9.e30.sig");
    /// assert_eq!(format!("{token:?}"), "AccessToken(***)");
    /// assert_eq!(token.to_string(), "***");
    /// assert_eq!(token.secret(), "eyJhbGciOiJIUzI1NiJ9.e30.sig");
    /// ```
    AccessToken, "medusa_blocking::AccessToken"
}

impl AccessToken {
    /// When the token runs out, as unix seconds: the `exp` claim of a JWT (read without
    /// checking the signature, which only the server can). `None` when the token is not a JWT
    /// with an `exp`.
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// // {"alg":"HS256"} . {"exp":1893456000} . signature
    /// let token = AccessToken::from("eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE4OTM0NTYwMDB9.c2ln");
    /// assert_eq!(token.expires_at(), Some(1_893_456_000));
    /// assert_eq!(AccessToken::from("opaque").expires_at(), None);
    /// ```
    pub fn expires_at(&self) -> Option<u64> {
        jwt_claims(&self.0).and_then(|c| c.exp)
    }

    /// The token's lifetime as it was issued (`exp − iat`, seconds), when both claims are there.
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// // {"alg":"HS256"} . {"iat":1893369600,"exp":1893456000} . signature
    /// let token = AccessToken::from(
    ///     "eyJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE4OTMzNjk2MDAsImV4cCI6MTg5MzQ1NjAwMH0.c2ln",
    /// );
    /// assert_eq!(token.lifetime(), Some(86_400));
    /// ```
    pub fn lifetime(&self) -> Option<u64> {
        let claims = jwt_claims(&self.0)?;
        claims.exp?.checked_sub(claims.iat?)
    }

    /// The `actor_id` claim of a Medusa v2 token: the customer's id, `""` for an auth identity
    /// that has no customer yet (a log-in of an identity whose customer was never created);
    /// `None` when the token has no such claim (a v1 token).
    ///
    /// ```
    /// use medusa_blocking::AccessToken;
    /// // {"alg":"HS256"} . {"actor_id":"cus_01"} . signature
    /// let token = AccessToken::from("eyJhbGciOiJIUzI1NiJ9.eyJhY3Rvcl9pZCI6ImN1c18wMSJ9.c2ln");
    /// assert_eq!(token.actor_id().as_deref(), Some("cus_01"));
    /// assert_eq!(AccessToken::from("opaque").actor_id(), None);
    /// ```
    pub fn actor_id(&self) -> Option<String> {
        jwt_claims(&self.0)?.actor_id
    }
}

/// The claims of a JWT payload this crate reads.
#[derive(serde::Deserialize)]
struct Claims {
    #[serde(default, deserialize_with = "lenient_seconds")]
    exp: Option<u64>,
    #[serde(default, deserialize_with = "lenient_seconds")]
    iat: Option<u64>,
    #[serde(default, deserialize_with = "lenient_string")]
    actor_id: Option<String>,
}

/// A string claim; anything else is no value.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value: serde_json::Value = serde::Deserialize::deserialize(d)?;
    Ok(match value {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    })
}

/// A NumericDate: seconds, possibly fractional (RFC 7519 §2); anything else is no date.
fn lenient_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let value: serde_json::Value = serde::Deserialize::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0 && *f < 1.0e18)
                // In range and finite: the cast is exact after flooring.
                .map(|f| f.floor() as u64)
        }),
        _ => None,
    })
}

/// The `exp`/`iat` claims of a JWT's payload (the second dot-separated part, base64url).
fn jwt_claims(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = base64url_decode(payload)?;
    serde_json::from_slice(&bytes).ok()
}

/// Decodes unpadded (or padded) base64url; `None` on any other character.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // The shift leaves the byte in the low 8 bits; the mask makes the cast exact.
            out.push(((acc >> bits) & 0xff) as u8);
        }
        acc &= (1 << bits) - 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real Medusa 2.21 login token's payload (from the recorded captures), re-encoded.
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
        format!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{out}.c2lnbmF0dXJl")
    }

    #[test]
    fn reads_exp_and_lifetime_of_a_v2_token() {
        let t = AccessToken::from(jwt(
            r#"{"actor_id":"cus_01","actor_type":"customer","auth_identity_id":"authid_01","app_metadata":{"customer_id":"cus_01"},"iat":1764126000,"exp":1764212400}"#,
        ));
        assert_eq!(t.expires_at(), Some(1_764_212_400));
        assert_eq!(t.lifetime(), Some(86_400));
        assert_eq!(t.actor_id().as_deref(), Some("cus_01"));
        let registration = AccessToken::from(jwt(r#"{"actor_id":"","exp":1}"#));
        assert_eq!(registration.actor_id().as_deref(), Some(""));
        assert_eq!(AccessToken::from(jwt(r#"{"actor_id":7}"#)).actor_id(), None);
        let fractional = AccessToken::from(jwt(r#"{"exp":1764212400.7}"#));
        assert_eq!(fractional.expires_at(), Some(1_764_212_400));
    }

    #[test]
    fn anything_else_has_no_expiry_and_never_panics() {
        for token in [
            "",
            "a.b",
            "a.b.c.d",
            "x.!!!.y",
            "x.e30.y",
            "x.bnVsbA.y",
            "x.eyJleHAiOiJzb29uIn0.y",
            "x.eyJleHAiOi0xfQ.y",
            "x.eyJleHAiOjFlOTl9.y",
        ] {
            assert_eq!(AccessToken::from(token).expires_at(), None, "{token}");
        }
        for len in 0..12 {
            let _ = base64url_decode(&"A".repeat(len));
        }
        assert_eq!(base64url_decode("YWJj").as_deref(), Some(&b"abc"[..]));
        assert_eq!(base64url_decode("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(base64url_decode("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
    }
}
