//! Medusa v2 sessions against a mock server: the token is refreshed before it runs out, once for
//! all clones; session files belong to one API version; a v1 route on a v2 server says so.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use medusa_blocking::AccessToken;
#[cfg(feature = "v1")]
use medusa_blocking::Error;
use mockito::Matcher;

const KEY: &str = "pk_test";

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

pub(crate) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// A token shaped like Medusa 2.21's (HS256 header, customer claims), issued at `iat`, expiring
/// at `exp`; `tag` makes tokens with the same times differ.
pub(crate) fn jwt(iat: u64, exp: u64, tag: &str) -> String {
    let payload = format!(
        r#"{{"actor_id":"cus_01","actor_type":"customer","auth_identity_id":"authid_01","auth_provider":"emailpass","app_metadata":{{"customer_id":"cus_01"}},"user_metadata":{{}},"tag":"{tag}","iat":{iat},"exp":{exp}}}"#
    );
    format!(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.c2lnbmF0dXJl",
        base64url(payload.as_bytes())
    )
}

const CUSTOMER: &str = r#"{"customer":{"id":"cus_01","email":"jane@example.com","addresses":[]}}"#;

#[test]
fn a_token_about_to_run_out_is_refreshed_once_for_all_clones() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let t = now();
    // 24 h token with 2 minutes left: inside the refresh margin.
    let old = jwt(t - 86_400 + 120, t + 120, "old");
    let new = jwt(t, t + 86_400, "new");
    let refresh = server
        .mock("POST", "/auth/token/refresh")
        .match_header("authorization", format!("Bearer {old}").as_str())
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(format!(r#"{{"token":"{new}"}}"#))
        .expect(1)
        .create();
    let me = server
        .mock("GET", "/store/customers/me")
        .match_header("authorization", format!("Bearer {new}").as_str())
        .match_header("x-publishable-api-key", KEY)
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(CUSTOMER)
        .expect(8)
        .create();
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .bearer_token(old.as_str())
        .build()
        .unwrap();
    let medusa = Arc::new(medusa);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let m = medusa.as_ref().clone();
            std::thread::spawn(move || m.customers().retrieve().map(|c| c.id))
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap().unwrap(), "cus_01");
    }
    refresh.assert();
    me.assert();
    assert_eq!(medusa.bearer_token().unwrap().secret(), new);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn a_token_with_time_left_or_already_expired_is_not_refreshed() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let refresh = server
        .mock("POST", "/auth/token/refresh")
        .expect(0)
        .create();
    let me = server
        .mock("GET", "/store/customers/me")
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(2)
        .create();
    let t = now();
    for token in [
        jwt(t, t + 86_400, "fresh"),
        jwt(t - 86_400, t - 5, "expired"),
    ] {
        let medusa = medusa_blocking::v2::Medusa::builder(server.url())
            .publishable_api_key(KEY)
            .bearer_token(token.as_str())
            .build()
            .unwrap();
        medusa.customers().retrieve().unwrap();
        assert_eq!(medusa.bearer_token().unwrap().secret(), token);
    }
    refresh.assert();
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn a_failed_refresh_keeps_the_token_and_the_call_goes_on() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let t = now();
    let old = jwt(t - 86_000, t + 400, "old");
    let refresh = server
        .mock("POST", "/auth/token/refresh")
        .with_status(401)
        .with_header("content-type", "application/json")
        .with_body(r#"{"message":"Unauthorized"}"#)
        .expect(1)
        .create();
    let me = server
        .mock("GET", "/store/customers/me")
        .match_header("authorization", format!("Bearer {old}").as_str())
        .with_status(200)
        .with_body(CUSTOMER)
        .create();
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .bearer_token(old.as_str())
        .build()
        .unwrap();
    medusa.customers().retrieve().unwrap();
    refresh.assert();
    me.assert();
    assert_eq!(medusa.bearer_token().unwrap().secret(), old);
    catch_all.assert_nothing_unexpected();
}

#[cfg(feature = "v1")]
#[test]
fn v1_on_a_v2_server_says_the_server_looks_like_v2() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /store/auth</pre>\n</body>\n</html>\n";
    let m = server
        .mock("POST", "/store/auth")
        .with_status(404)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_body(page)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let e = medusa
        .auth()
        .authenticate("jane@example.com", "pw")
        .unwrap_err();
    m.assert();
    match &e {
        Error::WrongApi {
            status: 404,
            route,
            client_api: "v1",
            server_api: "v2",
        } => assert_eq!(route, "POST /store/auth"),
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string().contains("looks like a Medusa v2 server"),
        "{e}"
    );
    assert_eq!(e.status(), Some(404));
    // The escape hatch's 404 is the server's own, from one request of its own.
    let again = server
        .mock("POST", "/store/auth")
        .with_status(404)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_body(page)
        .expect(1)
        .create();
    let e = medusa
        .post::<serde_json::Value, _>("/store/auth", &serde_json::json!({}))
        .unwrap_err();
    match &e {
        Error::Http {
            status: 404, body, ..
        } => assert!(body.contains("Cannot POST /store/auth"), "{body}"),
        other => panic!("{other:?}"),
    }
    m.assert();
    again.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn detect_tells_the_versions_apart_with_one_request() {
    let (mut v1, catch_all_v1) = medusa_testkit::mock::server();
    let m1 = v1
        .mock("GET", "/store/auth")
        .match_header("x-publishable-api-key", Matcher::Missing)
        .with_status(401)
        .with_body("Unauthorized")
        .expect(1)
        .create();
    assert_eq!(
        medusa_blocking::detect(v1.url()).unwrap(),
        medusa_blocking::ApiVersion::V1
    );
    m1.assert();
    let (mut v2, catch_all_v2) = medusa_testkit::mock::server();
    let m2 = v2
        .mock("GET", "/store/auth")
        .with_status(400)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(r#"{"type":"not_allowed","message":"Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard."}"#)
        .expect(1)
        .create();
    assert_eq!(
        medusa_blocking::detect(v2.url()).unwrap(),
        medusa_blocking::ApiVersion::V2
    );
    m2.assert();
    let (mut other, catch_all_other) = medusa_testkit::mock::server();
    let m3 = other
        .mock("GET", "/store/auth")
        .with_status(204)
        .expect(1)
        .create();
    let e = medusa_blocking::detect(other.url()).unwrap_err();
    assert!(
        e.to_string().contains("does not look like a Medusa server"),
        "{e}"
    );
    // What the server answered, not a 500 of the catch-all's.
    assert!(e.to_string().contains("HTTP 204"), "{e}");
    m3.assert();
    catch_all_v1.assert_nothing_unexpected();
    catch_all_v2.assert_nothing_unexpected();
    catch_all_other.assert_nothing_unexpected();
}

#[test]
fn session_files_load_only_into_a_client_of_their_api() {
    let dir = std::env::temp_dir().join(format!(
        "medusa-blocking-v2-session-{}-{}",
        std::process::id(),
        now()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("session.json");
    let url = "http://127.0.0.1:9";
    let t = now();
    let token = jwt(t, t + 86_400, "saved");
    let v2 = medusa_blocking::v2::Medusa::builder(url)
        .publishable_api_key(KEY)
        .bearer_token(AccessToken::from(token.as_str()))
        .build()
        .unwrap();
    v2.save_session(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(r#""api": "v2""#), "{text}");
    let again = medusa_blocking::v2::Medusa::builder(url)
        .publishable_api_key(KEY)
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(again.bearer_token().unwrap().secret(), token);
    #[cfg(feature = "v1")]
    {
        let e = medusa_blocking::v1::Medusa::builder(url)
            .load_session(&path)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::SessionFile { .. }), "{e:?}");
        let shown = e.to_string();
        assert!(shown.contains("Medusa v2 client"), "{shown}");
        assert!(!shown.contains(&token));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_call_with_its_own_token_sends_no_session_cookie_and_login_drops_the_cookie_session() {
    let mut server = mockito::Server::new();
    let create = server
        .mock("POST", "/store/customers")
        .match_header("authorization", "Bearer reg-token")
        .match_header("cookie", Matcher::Missing)
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let t = now();
    let token = jwt(t, t + 86_400, "login");
    let login = server
        .mock("POST", "/auth/customer/emailpass")
        .with_status(200)
        .with_body(format!(r#"{{"token":"{token}"}}"#))
        .expect(1)
        .create();
    let me = server
        .mock("GET", "/store/customers/me")
        .match_header("authorization", format!("Bearer {token}").as_str())
        .match_header("cookie", Matcher::Missing)
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .build()
        .unwrap();
    // Another customer's cookie session in the jar.
    medusa
        .cookie_store()
        .insert("connect.sid=s%3Aother; Path=/; HttpOnly", &server.url())
        .unwrap();
    medusa
        .customers()
        .create_with_token(
            &medusa_blocking::v2::auth::RegistrationToken::from("reg-token"),
            &medusa_blocking::v2::store::params::CreateCustomer::new("jane@example.com", ""),
        )
        .unwrap();
    assert_eq!(medusa.cookie_store().len(), 1, "the jar itself is kept");
    medusa.auth().login("jane@example.com", "pw").unwrap();
    assert!(medusa.cookie_store().is_empty());
    medusa.customers().retrieve().unwrap();
    create.assert();
    login.assert();
    me.assert();
}

#[cfg(feature = "v1")]
#[test]
fn v1_on_a_v2_server_without_a_key_says_the_server_looks_like_v2() {
    let mut server = mockito::Server::new();
    let m = server
        .mock("POST", "/store/auth")
        .with_status(400)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(r#"{"type":"not_allowed","message":"Publishable API key required in the request header: x-publishable-api-key. You can manage your keys in settings in the dashboard."}"#)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let e = medusa
        .auth()
        .authenticate("jane@example.com", "pw")
        .unwrap_err();
    m.assert();
    assert!(
        matches!(
            &e,
            Error::WrongApi {
                status: 400,
                client_api: "v1",
                server_api: "v2",
                ..
            }
        ),
        "{e:?}"
    );
    // A v2 client that lacks nothing hears the server's own 400 as it is.
    let mut other = mockito::Server::new();
    let m2 = other
        .mock("GET", "/store/customers/me")
        .with_status(400)
        .with_body(r#"{"type":"not_allowed","message":"A valid publishable key is required to proceed with the request"}"#)
        .expect(1)
        .create();
    let v2 = medusa_blocking::v2::Medusa::builder(other.url())
        .publishable_api_key(KEY)
        .build()
        .unwrap();
    let e = v2.customers().retrieve().unwrap_err();
    m2.assert();
    assert!(matches!(e, Error::Api { status: 400, .. }), "{e:?}");
}

/// Issue 15: a cookie session scoped to a path (`Path=/auth`, not sent to `/`) is still ended on
/// the server by `logout` and forgotten here; another host's cookies in a shared jar stay.
#[test]
fn logout_ends_a_cookie_session_of_any_path_and_keeps_other_hosts_cookies() {
    let mut server = mockito::Server::new();
    let delete = server
        .mock("DELETE", "/auth/session")
        .match_header("cookie", "connect.sid=s%3Aauth")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(r#"{"success":true}"#)
        .expect(1)
        .create();
    let jar = medusa_blocking::CookieJar::default();
    jar.insert("theme=dark; Path=/", "http://other.example/")
        .unwrap();
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .cookie_store(jar.clone())
        .build()
        .unwrap();
    jar.insert(
        "connect.sid=s%3Aauth; Path=/auth; HttpOnly",
        &format!("{}/auth/session", server.url()),
    )
    .unwrap();
    medusa.auth().logout().unwrap();
    delete.assert();
    let left = jar.cookies();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].domain(), "other.example");
}

/// Issue 15: logging in drops the host's cookie session whatever its path, and only the host's.
#[test]
fn login_drops_a_cookie_session_of_any_path() {
    let mut server = mockito::Server::new();
    let t = now();
    let token = jwt(t, t + 86_400, "login");
    let login = server
        .mock("POST", "/auth/customer/emailpass")
        .with_status(200)
        .with_body(format!(r#"{{"token":"{token}"}}"#))
        .expect(1)
        .create();
    let jar = medusa_blocking::CookieJar::default();
    jar.insert("theme=dark; Path=/", "http://other.example/")
        .unwrap();
    let medusa = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .cookie_store(jar.clone())
        .build()
        .unwrap();
    for (cookie, at) in [
        (
            "connect.sid=s%3Aauth; Path=/auth; HttpOnly",
            "/auth/session",
        ),
        (
            "connect.sid=s%3Astore; Path=/store; HttpOnly",
            "/store/customers",
        ),
        ("connect.sid=s%3Aroot; Path=/; HttpOnly", "/"),
    ] {
        jar.insert(cookie, &format!("{}{at}", server.url()))
            .unwrap();
    }
    medusa.auth().login("jane@example.com", "pw").unwrap();
    login.assert();
    let left = jar.cookies();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].domain(), "other.example");
}
