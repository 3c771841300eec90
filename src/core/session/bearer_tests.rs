//! The bearer slot: a refresh replaces only the token it started from, and a token's time left
//! does not depend on the local calendar clock.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{CookieJar, Session};
use crate::core::secret::AccessToken;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn jwt(iat: u64, exp: u64) -> AccessToken {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let payload = format!(r#"{{"iat":{iat},"exp":{exp}}}"#);
    let mut encoded = String::new();
    for chunk in payload.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            encoded.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    AccessToken::from(format!("eyJhbGciOiJIUzI1NiJ9.{encoded}.c2ln"))
}

fn session() -> Session {
    Session::new(CookieJar::default(), None)
}

#[test]
fn a_refresh_replaces_only_the_token_it_started_from() {
    let s = session();
    s.set_token(jwt(1, 2)).unwrap();
    let started = s.bearer_snapshot().unwrap().1;
    // Nothing in between: replaced.
    assert!(s.set_issued_token(jwt(3, 4), Some(started)).unwrap());
    assert_eq!(s.bearer_token(), Some(jwt(3, 4)));
    // Whatever happens in between wins: a log-out, a token set, the same token set again.
    for between in [
        &|s: &Session| s.set_bearer(None),
        &|s: &Session| s.set_token(jwt(5, 6)).unwrap(),
        &|s: &Session| s.set_token(jwt(3, 4)).unwrap(),
        &|s: &Session| s.clear("http://shop.test"),
    ] as [&dyn Fn(&Session); 4]
    {
        let before = s.bearer_token();
        let started = s.bearer_snapshot().map_or(0, |(_, g)| g);
        between(&s);
        let after = s.bearer_token();
        assert!(!s.set_issued_token(jwt(7, 8), Some(started)).unwrap());
        assert_eq!(s.bearer_token(), after, "from {before:?}");
        s.set_token(jwt(3, 4)).unwrap();
    }
}

#[test]
fn time_left_counts_from_the_tokens_own_iat() {
    let t = now();
    let s = session();
    // Issued by a server whose clock is 20 minutes ahead: 24 h left, not 24 h 20 min.
    s.set_issued_token(jwt(t + 1_200, t + 1_200 + 86_400), None)
        .unwrap();
    let (left, lifetime) = s.bearer_time_left().unwrap();
    assert_eq!(lifetime, Some(86_400));
    assert!((86_399..=86_400).contains(&left), "{left}");
    // And by one 20 minutes behind: not 23 h 40 min.
    s.set_issued_token(jwt(t - 1_200, t - 1_200 + 86_400), None)
        .unwrap();
    let (left, _) = s.bearer_time_left().unwrap();
    assert!((86_399..=86_400).contains(&left), "{left}");
    assert!(!s.bearer_expired());
    // A token set by the program is judged by the local clock moved by the skew last seen
    // (the server 20 minutes behind): 10 minutes by the server's clock.
    s.set_token(jwt(t - 86_400, t - 1_200 + 600)).unwrap();
    let (left, _) = s.bearer_time_left().unwrap();
    assert!((599..=601).contains(&left), "{left}");
    // Run out.
    s.set_token(jwt(t - 86_400, t - 1_200 - 5)).unwrap();
    assert!(s.bearer_expired());
    // No `exp`: no time left known, never "expired".
    s.set_token(AccessToken::from("opaque")).unwrap();
    assert_eq!(s.bearer_time_left(), None);
    assert!(!s.bearer_expired());
}

#[test]
fn without_an_issued_token_the_local_clock_decides() {
    let t = now();
    let s = session();
    s.set_token(jwt(t - 100, t + 300)).unwrap();
    let (left, _) = s.bearer_time_left().unwrap();
    assert!((299..=300).contains(&left), "{left}");
}
