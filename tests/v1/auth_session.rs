//! Auth calls, the session (cookies and bearer token), session files and the escape hatch,
//! against a mockito server answering with the exchanges recorded from a real Medusa 1.20.11
//! (`tests/fixtures/captures`).
//!
//! Every test starts its server with a catch-all (`medusa_testkit::mock`): any request no other
//! mock takes gets a 500 whose body names it, and `assert_nothing_unexpected` fails the test
//! listing them.
//! The captured `Set-Cookie` headers expire in 2026, so the tests use the same cookie values with an
//! `Expires` in 2099.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::sync::{Arc, Mutex};

use medusa_blocking::AccessToken;
use medusa_blocking::cookie_store::CookieStore;
use medusa_blocking::{Error, v1::Medusa};
use medusa_testkit::captures;
use medusa_testkit::mock::{CatchAll, server, sid_cookie};
use medusa_testkit::tempdir::TempDir;
use mockito::{Matcher, Mock, Request, ServerGuard};
use serde_json::{Value, json};

/// The `connect.sid` value the server set on login in capture 48 (and expected back in 52, 57).
const SID: &str =
    "s%3AT-vlddtDs7wAB_TOks8bscEem61LGf79.F6KGRJP4KvEdz0mrolQNUYJ74bSYu7aKFKpcW3Io6FY";
const EMAIL: &str = "jane.doe.1795713015@example.com";
const PASSWORD: &str = "supersecret1";
const JSON_UTF8: &str = "application/json; charset=utf-8";
const TEXT_UTF8: &str = "text/plain; charset=utf-8";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The bearer token of capture 61.
fn token_61() -> String {
    let body: Value = serde_json::from_str(&captures::text("61-auth-token.body")).unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// The cookies of a request, as a set of `name=value`.
fn cookies(req: &Request) -> BTreeSet<String> {
    req.header("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

fn set_of(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `POST /store/auth` with exactly these credentials, answered as capture 48 with these
/// `Set-Cookie` headers.
fn mock_login(server: &mut ServerGuard, set_cookies: &[String]) -> Mock {
    let mut mock = server
        .mock("POST", "/store/auth")
        .match_header("content-type", "application/json")
        .match_body(Matcher::JsonString(
            json!({ "email": EMAIL, "password": PASSWORD }).to_string(),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8);
    for c in set_cookies {
        mock = mock.with_header("set-cookie", c);
    }
    mock.with_body(captures::text("48-auth-login.body"))
        .create()
}

/// `POST /store/auth/token` with exactly these credentials, answered as capture 61.
fn mock_token(server: &mut ServerGuard) -> Mock {
    server
        .mock("POST", "/store/auth/token")
        .match_header("content-type", "application/json")
        .match_body(Matcher::JsonString(
            json!({ "email": EMAIL, "password": PASSWORD }).to_string(),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("61-auth-token.body"))
        .create()
}

/// `GET /store/auth` answered as capture 52, when the request carries exactly `cookie` (or no
/// cookie for `None`) and exactly `authorization` (or none).
fn mock_session(
    server: &mut ServerGuard,
    cookie: Option<&str>,
    authorization: Option<&str>,
    hits: usize,
) -> Mock {
    let header = |v: Option<&str>| v.map_or(Matcher::Missing, |v| Matcher::Exact(v.into()));
    server
        .mock("GET", "/store/auth")
        .match_header("cookie", header(cookie))
        .match_header("authorization", header(authorization))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("52-auth-get-session.body"))
        .expect(hits)
        .create()
}

/// A client of `server` logged in (cookie `SID`) and holding the token of capture 61.
fn logged_in_with_token(server: &mut ServerGuard, set_cookies: &[String]) -> Medusa {
    let login = mock_login(server, set_cookies);
    let token = mock_token(server);
    let medusa = Medusa::new(server.url()).unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    medusa.auth().get_token(EMAIL, PASSWORD).unwrap();
    login.assert();
    token.assert();
    medusa
}

#[track_caller]
fn assert_session_file_error(result: Result<Medusa, Error>, path: &Path) -> String {
    match result {
        Err(err @ Error::SessionFile { .. }) => {
            if let Error::SessionFile { path: p, .. } = &err {
                assert_eq!(p, path, "{err}");
            }
            err.to_string()
        }
        Err(other) => panic!(
            "expected a SessionFile error for {}, got {other:?}",
            path.display()
        ),
        Ok(m) => panic!(
            "expected a SessionFile error for {}, got a client {m:?}",
            path.display()
        ),
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------------------------
// The catch-all itself
// ---------------------------------------------------------------------------------------------

#[test]
fn catch_all_answers_only_unmatched_requests_naming_them() {
    let (mut server, catch_all) = server();
    let session = mock_session(&mut server, None, None, 1);
    let medusa = Medusa::new(server.url()).unwrap();

    // A request a mock matches goes to that mock, though the catch-all was created first.
    medusa.auth().get_session().unwrap();
    session.assert();

    // One nobody expects gets the 500 naming it.
    let err = medusa.auth().exists("nobody@example.com").unwrap_err();
    match &err {
        Error::Http {
            status: 500, body, ..
        } => {
            assert!(
                body.contains("no mock for GET /store/auth/nobody%40example.com"),
                "{body}"
            );
        }
        other => panic!("{other:?}"),
    }
    let seen = catch_all.take_unexpected();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(
        seen[0]
            .describe()
            .starts_with("GET /store/auth/nobody%40example.com"),
        "{seen:?}"
    );
    // Taken: nothing is left for the check on drop.
    catch_all.assert_nothing_unexpected();
}

#[test]
#[should_panic(expected = "requests no mock expected:\nGET /store/auth/nobody%40example.com")]
fn catch_all_fails_the_test_when_dropped_with_an_unexpected_request() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.auth().exists("nobody@example.com").unwrap_err();
    assert_eq!(err.status(), Some(500), "{err:?}");
    // No assert_nothing_unexpected: the drop checks.
    drop(catch_all);
}

// ---------------------------------------------------------------------------------------------
// authenticate
// ---------------------------------------------------------------------------------------------

#[test]
fn authenticate_posts_credentials_maps_customer_and_keeps_the_cookie() {
    let (mut server, catch_all) = server();
    let login = server
        .mock("POST", "/store/auth")
        .match_header("content-type", "application/json")
        .match_header("accept", "application/json")
        .match_header("cookie", Matcher::Missing)
        .match_header("authorization", Matcher::Missing)
        .match_body(Matcher::JsonString(
            json!({ "email": EMAIL, "password": PASSWORD }).to_string(),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie(SID))
        .with_body(captures::text("48-auth-login.body"))
        .create();
    let session = mock_session(&mut server, Some(&format!("connect.sid={SID}")), None, 1);

    let medusa = Medusa::new(server.url()).unwrap();
    let customer = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    assert_eq!(customer.id, "cus_01M8CDC7ME2M4FA2STAMMQJR5H");
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.first_name.as_deref(), Some("Janet"));
    assert_eq!(customer.last_name.as_deref(), Some("Doe"));
    assert_eq!(customer.phone.as_deref(), Some("+15550001111"));
    assert!(customer.has_account);
    assert_eq!(customer.billing_address_id, None);
    assert_eq!(customer.created_at, "2026-11-26T17:10:15.424Z");
    assert_eq!(
        customer.metadata.as_ref().and_then(|m| m.get("newsletter")),
        Some(&json!(true))
    );
    // The login route loads these relations; both are present and empty, not "not loaded".
    assert_eq!(customer.orders, Some(vec![]));
    assert_eq!(customer.shipping_addresses, Some(vec![]));

    // The next call carries the cookie the login set.
    let again = medusa.auth().get_session().unwrap();
    assert_eq!(again.id, customer.id);
    login.assert();
    session.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn authenticate_maps_loaded_orders_and_shipping_addresses() {
    let (mut server, catch_all) = server();
    // Capture 48 with the address of capture 72 and the order of capture 84 spliced in.
    let mut body: Value = serde_json::from_str(&captures::text("48-auth-login.body")).unwrap();
    let with_address: Value =
        serde_json::from_str(&captures::text("72-me-with-address.body")).unwrap();
    let orders: Value = serde_json::from_str(&captures::text("84-orders-one.body")).unwrap();
    body["customer"]["shipping_addresses"] = with_address["customer"]["shipping_addresses"].clone();
    body["customer"]["orders"] = orders["orders"].clone();
    let login = server
        .mock("POST", "/store/auth")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(body.to_string())
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    let customer = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    let addresses = customer.shipping_addresses.expect("shipping_addresses");
    assert_eq!(addresses.len(), 1);
    assert_eq!(addresses[0].id, "addr_01M8CDCAN37E9HF9Z5XZKCSTWM");
    assert_eq!(addresses[0].city.as_deref(), Some("Shelbyville"));
    assert_eq!(addresses[0].address_1.as_deref(), Some("1 Main St"));
    let orders = customer.orders.expect("orders");
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].id, "order_01M8CDCBX58KP8GRVKZKDKH194");
    assert_eq!(orders[0].display_id, Some(1));
    login.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn authenticate_with_wrong_password_is_a_plain_401_and_not_retried() {
    let (mut server, catch_all) = server();
    // Capture 49: text/plain `Unauthorized`, with an anonymous session cookie.
    let login = server
        .mock("POST", "/store/auth")
        .match_body(Matcher::JsonString(
            json!({ "email": EMAIL, "password": "wrong-password-x" }).to_string(),
        ))
        .with_status(401)
        .with_header("content-type", TEXT_UTF8)
        .with_header(
            "set-cookie",
            &sid_cookie(
                "s%3AG3yaSkBMIom93AWYNgwRQKLdlOvj69oE.9uaG0yhu6ckJpqxrMrdFhVrnfy0hpTo8UkRVgMV7dPg",
            ),
        )
        .with_body(captures::text("49-auth-login-wrong-password.body"))
        .expect(1)
        .create();

    // Retries allowed: a 401 must still be tried once only.
    let medusa = Medusa::builder(server.url())
        .max_retries(3)
        .sleeper(|_| {})
        .build()
        .unwrap();
    let err = medusa
        .auth()
        .authenticate(EMAIL, "wrong-password-x")
        .unwrap_err();
    match &err {
        Error::Http {
            status,
            content_type,
            body,
            retry_after,
        } => {
            assert_eq!(*status, 401);
            assert_eq!(content_type.as_deref(), Some(TEXT_UTF8));
            assert_eq!(body, "Unauthorized");
            assert_eq!(*retry_after, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(401));
    assert!(!err.is_retryable());
    assert!(err.api_error().is_none());
    assert_eq!(err.to_string(), "HTTP 401: Unauthorized");
    assert!(!format!("{err:?}").contains("wrong-password-x"));
    login.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn authenticate_validation_error_is_an_api_error() {
    let (mut server, catch_all) = server();
    // Capture 51: the server's JSON validation error.
    let login = server
        .mock("POST", "/store/auth")
        .with_status(400)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("51-auth-login-missing-password.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.auth().authenticate(EMAIL, "x").unwrap_err();
    match &err {
        Error::Api { status, error, .. } => {
            assert_eq!(*status, 400);
            assert_eq!(error.kind, "invalid_data");
            assert_eq!(error.code, None);
            assert_eq!(error.message, "password should not be empty");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    login.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn authenticate_with_empty_email_or_password_sends_nothing() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    for (email, password) in [("", PASSWORD), ("   ", PASSWORD), (EMAIL, ""), ("", "")] {
        let err = medusa.auth().authenticate(email, password).unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(_)),
            "{email:?}/{password:?}: {err:?}"
        );
        assert_eq!(err.status(), None);
    }
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// get_session
// ---------------------------------------------------------------------------------------------

#[test]
fn get_session_returns_the_logged_in_customer() {
    let (mut server, catch_all) = server();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let session = mock_session(&mut server, Some(&format!("connect.sid={SID}")), None, 1);

    let medusa = Medusa::new(server.url()).unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    let customer = medusa.auth().get_session().unwrap();
    assert_eq!(customer.id, "cus_01M8CDC7ME2M4FA2STAMMQJR5H");
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.orders, Some(vec![]));
    login.assert();
    session.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn get_session_without_a_session_is_a_401_without_content_type() {
    let (mut server, catch_all) = server();
    // Capture 53: passport's 401, no Content-Type, chunked.
    let anonymous = server
        .mock("GET", "/store/auth")
        .match_header("cookie", Matcher::Missing)
        .with_status(401)
        .with_header(
            "set-cookie",
            &sid_cookie("s%3Aebdg8J_wDa3IcxDJEHYfy6ECgGt9f0_-.1eBKI1Gv88JAWbPe2%2BCRfaz%2FUjMz71m2ILAzkKfxPq0"),
        )
        .with_body(captures::text("53-auth-get-no-cookie.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.auth().get_session().unwrap_err();
    match &err {
        Error::Http {
            status: 401,
            content_type: None,
            body,
            ..
        } => assert_eq!(body, "Unauthorized"),
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());
    anonymous.assert();
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// delete_session
// ---------------------------------------------------------------------------------------------

#[test]
fn delete_session_logs_out_and_forgets_cookie_and_token() {
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    let bearer = format!("Bearer {}", token_61());
    // Capture 57: 200 text/plain `OK`.
    let logout = server
        .mock("DELETE", "/store/auth")
        .match_header("cookie", format!("connect.sid={SID}").as_str())
        .match_header("authorization", bearer.as_str())
        .with_status(200)
        .with_header("content-type", TEXT_UTF8)
        .with_body(captures::text("57-auth-delete-session.body"))
        .create();
    // Afterwards: neither the cookie nor the token, from this client or a clone.
    let after = server
        .mock("GET", "/store/auth")
        .match_header("cookie", Matcher::Missing)
        .match_header("authorization", Matcher::Missing)
        .with_status(401)
        .with_body(captures::text("58-auth-get-after-delete.body"))
        .expect(2)
        .create();

    let clone = medusa.clone();
    medusa.auth().delete_session().unwrap();
    assert!(medusa.bearer_token().is_none());
    assert!(clone.bearer_token().is_none());
    for client in [&medusa, &clone] {
        let err = client.auth().get_session().unwrap_err();
        assert_eq!(err.status(), Some(401), "{err:?}");
    }
    logout.assert();
    after.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn delete_session_failure_is_returned_and_the_local_session_forgotten() {
    let (mut server, catch_all) = server();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let logout = server
        .mock("DELETE", "/store/auth")
        .with_status(503)
        .with_header("content-type", "text/html")
        .with_body("<html><body>503 Service Unavailable</body></html>")
        .expect(1)
        .create();
    let session = mock_session(&mut server, Some(&format!("connect.sid={SID}")), None, 0);

    let medusa = Medusa::builder(server.url())
        .max_retries(0)
        .build()
        .unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    assert!(!medusa.cookie_store().is_empty());
    let err = medusa.auth().delete_session().unwrap_err();
    assert!(matches!(err, Error::Http { status: 503, .. }), "{err:?}");
    assert!(err.is_retryable());
    // A logout that failed on the server still ends the session here: the caller asked to be
    // logged out, and the cookie is not sent again by this client.
    assert!(medusa.cookie_store().is_empty());
    assert!(medusa.bearer_token().is_none());
    login.assert();
    logout.assert();
    session.assert();
    catch_all.assert_nothing_unexpected();
}

/// Issue 15: the session's cookies are gone whatever their path; a shared jar keeps another
/// host's cookies, for `delete_session` and `clear_session` alike.
#[test]
fn delete_session_clears_the_hosts_cookies_of_every_path_and_keeps_other_hosts() {
    let (mut server, catch_all) = server();
    let login = server
        .mock("POST", "/store/auth")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header(
            "set-cookie",
            &format!("connect.sid={SID}; Path=/store; HttpOnly"),
        )
        .with_header("set-cookie", "cart_id=cart_01; Path=/store/carts")
        .with_header("set-cookie", "theme=dark; Path=/")
        .with_body(captures::text("48-auth-login.body"))
        .expect(2)
        .create();
    let logout = server
        .mock("DELETE", "/store/auth")
        .match_header("cookie", Matcher::Regex(format!("connect.sid={SID}")))
        .with_status(200)
        .with_header("content-type", TEXT_UTF8)
        .with_body("OK")
        .expect(1)
        .create();
    let jar = medusa_blocking::CookieJar::default();
    jar.insert("other=1; Path=/", "http://other.example/")
        .unwrap();
    let medusa = Medusa::builder(server.url())
        .cookie_store(jar.clone())
        .build()
        .unwrap();

    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    assert_eq!(jar.len(), 4);
    medusa.auth().delete_session().unwrap();
    let left = jar.cookies();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].domain(), "other.example");

    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    medusa.clear_session();
    let left = jar.cookies();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].domain(), "other.example");
    login.assert();
    logout.assert();
    catch_all.assert_nothing_unexpected();
}

/// Issue 15: a server that sets many short-lived cookies fills the jar's bound for a moment only:
/// once they ran out, logging in keeps and sends the session cookie.
#[test]
fn short_lived_cookies_never_lock_the_client_out_of_its_session() {
    let (mut server, catch_all) = server();
    let noise: Vec<Mock> = (0..6)
        .map(|r| {
            let mut mock = server
                .mock("GET", format!("/store/noise/{r}").as_str())
                .with_status(200)
                .with_header("content-type", JSON_UTF8)
                .with_body("{}");
            for i in 0..50 {
                mock = mock.with_header("set-cookie", &format!("r{r}x{i}=1; Path=/; Max-Age=1"));
            }
            mock.expect(1).create()
        })
        .collect();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let session = mock_session(&mut server, Some(&format!("connect.sid={SID}")), None, 1);
    let medusa = Medusa::builder(server.url()).build().unwrap();
    for r in 0..6 {
        let _: Value = medusa.get(&format!("/store/noise/{r}")).unwrap();
    }
    assert_eq!(medusa.cookie_store().len(), 300);
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    assert!(medusa.cookie_store().is_empty());
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    medusa.auth().get_session().unwrap();
    for mock in noise {
        mock.assert();
    }
    login.assert();
    session.assert();
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// exists
// ---------------------------------------------------------------------------------------------

#[test]
fn exists_percent_encodes_the_email_as_one_segment() {
    let (mut server, catch_all) = server();
    // mockito compares the path and query exactly as received.
    let known = server
        .mock("GET", "/store/auth/Jane%2BShop%40Example.COM")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("54-auth-exists.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    assert!(medusa.auth().exists("Jane+Shop@Example.COM").unwrap());
    known.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn exists_is_false_for_an_unknown_email() {
    let (mut server, catch_all) = server();
    let unknown = server
        .mock("GET", "/store/auth/nobody.1795713015%40example.com")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("55-auth-exists-unknown.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    assert!(
        !medusa
            .auth()
            .exists("nobody.1795713015@example.com")
            .unwrap()
    );
    unknown.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn exists_keeps_slash_question_mark_hash_and_percent_in_the_segment() {
    let (mut server, catch_all) = server();
    let cases = [
        ("a/b@example.com", "/store/auth/a%2Fb%40example.com"),
        ("a?b=c@example.com", "/store/auth/a%3Fb%3Dc%40example.com"),
        ("a#b@example.com", "/store/auth/a%23b%40example.com"),
        ("100%@example.com", "/store/auth/100%25%40example.com"),
        (
            "../admin@example.com",
            "/store/auth/..%2Fadmin%40example.com",
        ),
        ("jané@example.com", "/store/auth/jan%C3%A9%40example.com"),
    ];
    let mocks: Vec<Mock> = cases
        .iter()
        .map(|(_, path)| {
            server
                .mock("GET", *path)
                .with_status(200)
                .with_header("content-type", JSON_UTF8)
                .with_body(captures::text("55-auth-exists-unknown.body"))
                .create()
        })
        .collect();

    let medusa = Medusa::new(server.url()).unwrap();
    for (email, _) in cases {
        assert!(!medusa.auth().exists(email).unwrap(), "{email}");
    }
    for mock in &mocks {
        mock.assert();
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn exists_with_an_empty_email_sends_nothing() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    for email in ["", "  "] {
        let err = medusa.auth().exists(email).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{email:?}: {err:?}");
    }
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// get_token and the bearer token
// ---------------------------------------------------------------------------------------------

#[test]
fn get_token_is_sent_by_the_client_its_clones_and_other_threads() {
    let (mut server, catch_all) = server();
    let token_mock = mock_token(&mut server);
    let token = token_61();
    let bearer = format!("Bearer {token}");
    let me = mock_session(&mut server, None, Some(&bearer), 3);

    let medusa = Medusa::new(server.url()).unwrap();
    let early_clone = medusa.clone(); // made before the token existed
    let got = medusa.auth().get_token(EMAIL, PASSWORD).unwrap();
    assert_eq!(got.secret(), token);
    assert_eq!(medusa.bearer_token().as_ref(), Some(&got));
    assert_eq!(early_clone.bearer_token().as_ref(), Some(&got));

    medusa.auth().get_session().unwrap();
    early_clone.auth().get_session().unwrap();
    let in_thread = medusa.clone();
    std::thread::spawn(move || in_thread.auth().get_session())
        .join()
        .unwrap()
        .unwrap();

    // The client's Debug says a token is held, never what it is.
    let debug = format!("{medusa:?}");
    assert!(!debug.contains(&token), "{debug}");
    token_mock.assert();
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn builder_bearer_token_from_str_string_and_access_token() {
    let (mut server, catch_all) = server();
    let token = token_61();
    let bearer = format!("Bearer {token}");
    let me = mock_session(&mut server, None, Some(&bearer), 3);

    let from_str = Medusa::builder(server.url())
        .bearer_token(token.as_str())
        .build()
        .unwrap();
    let from_string = Medusa::builder(server.url())
        .bearer_token(token.clone())
        .build()
        .unwrap();
    let from_token = Medusa::builder(server.url())
        .bearer_token(AccessToken::from(token.as_str()))
        .build()
        .unwrap();
    for client in [&from_str, &from_string, &from_token] {
        client.auth().get_session().unwrap();
        assert_eq!(client.bearer_token().unwrap().secret(), token);
    }
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn token_returned_by_get_token_starts_another_client() {
    let (mut server, catch_all) = server();
    let token_mock = mock_token(&mut server);
    let bearer = format!("Bearer {}", token_61());
    let me = mock_session(&mut server, None, Some(&bearer), 1);

    let first = Medusa::new(server.url()).unwrap();
    let token = first.auth().get_token(EMAIL, PASSWORD).unwrap();
    // A separate client (no shared state) started from the returned value.
    let second = Medusa::builder(server.url())
        .bearer_token(token)
        .build()
        .unwrap();
    second.auth().get_session().unwrap();
    token_mock.assert();
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn access_token_never_shows_its_value_except_through_secret() {
    let token = AccessToken::from(token_61());
    let debug = format!("{token:?}");
    let display = format!("{token}");
    assert!(!debug.contains("eyJ"), "{debug}");
    assert!(!display.contains("eyJ"), "{display}");
    assert_eq!(debug, "AccessToken(***)");
    assert_eq!(display, "***");
    assert_eq!(token.secret(), token_61());
    assert_eq!(token.clone().into_secret(), token_61());
    // Nor inside a builder's or client's Debug.
    let builder = Medusa::builder("http://127.0.0.1:9").bearer_token(token.clone());
    assert!(!format!("{builder:?}").contains("eyJ"));
    let medusa = builder.build().unwrap();
    assert!(!format!("{medusa:?}").contains("eyJ"));
    assert!(!format!("{:?}", medusa.bearer_token()).contains("eyJ"));
}

#[test]
fn get_token_with_wrong_password_is_a_401_and_sets_no_token() {
    let (mut server, catch_all) = server();
    // Capture 62.
    let token_mock = server
        .mock("POST", "/store/auth/token")
        .with_status(401)
        .with_header("content-type", TEXT_UTF8)
        .with_body(captures::text("62-auth-token-wrong-password.body"))
        .create();
    let me = mock_session(&mut server, None, None, 1);

    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.auth().get_token(EMAIL, "wrong").unwrap_err();
    match &err {
        Error::Http {
            status: 401, body, ..
        } => assert_eq!(body, "Unauthorized"),
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());
    assert!(medusa.bearer_token().is_none());
    medusa.auth().get_session().unwrap(); // no authorization header
    token_mock.assert();
    me.assert();
    catch_all.assert_nothing_unexpected();
}

/// The secret in a token response of the wrong shape must not end up in the error.
fn token_shape_error(body: &str) -> (Error, Medusa, ServerGuard, CatchAll, Mock) {
    let (mut server, catch_all) = server();
    let token_mock = server
        .mock("POST", "/store/auth/token")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(body)
        .create();
    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.auth().get_token(EMAIL, PASSWORD).unwrap_err();
    (err, medusa, server, catch_all, token_mock)
}

#[track_caller]
fn assert_decode_without_secret(err: &Error, secret: &str) {
    assert!(
        matches!(err, Error::Decode { status: 200, .. }),
        "expected a Decode error, got {err:?}"
    );
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains(secret),
        "the error shows the token: {shown}"
    );
}

#[test]
fn get_token_response_with_another_key_is_a_decode_error_without_the_token() {
    let secret = "eyJhbGciOiJIUzI1NiJ9.SECRETPAYLOAD.SECRETSIG";
    let (err, medusa, mut server, catch_all, token_mock) =
        token_shape_error(&json!({ "token": secret }).to_string());
    assert_decode_without_secret(&err, secret);
    assert!(medusa.bearer_token().is_none());
    let me = mock_session(&mut server, None, None, 1);
    medusa.auth().get_session().unwrap();
    token_mock.assert();
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn get_token_response_that_is_a_bare_string_is_a_decode_error_without_the_token() {
    let secret = "eyJhbGciOiJIUzI1NiJ9.SECRETPAYLOAD.SECRETSIG";
    let (err, medusa, _server, catch_all, token_mock) =
        token_shape_error(&json!(secret).to_string());
    assert_decode_without_secret(&err, secret);
    assert!(medusa.bearer_token().is_none());
    token_mock.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn get_token_response_with_a_non_string_token_is_a_decode_error_without_it() {
    let (err, medusa, _server, catch_all, token_mock) =
        token_shape_error(r#"{"access_token":{"jwt":"eyJSECRETVALUE"}}"#);
    assert_decode_without_secret(&err, "eyJSECRETVALUE");
    assert!(medusa.bearer_token().is_none());
    token_mock.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn get_token_with_empty_email_or_password_sends_nothing() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    for (email, password) in [("", PASSWORD), (EMAIL, "")] {
        let err = medusa.auth().get_token(email, password).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// Per-call headers on auth()
// ---------------------------------------------------------------------------------------------

#[test]
fn auth_handle_header_is_sent_and_overrides_the_clients() {
    let (mut server, catch_all) = server();
    // mockito requires every value of the header to match: a duplicate would fail.
    let per_call = server
        .mock("GET", "/store/auth/jane%40example.com")
        .match_header("x-a", "1")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("54-auth-exists.body"))
        .create();
    let client_wide = server
        .mock("GET", "/store/auth/jane%40example.com")
        .match_header("x-a", "client")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("54-auth-exists.body"))
        .create();

    let medusa = Medusa::builder(server.url())
        .header("x-a", "client")
        .build()
        .unwrap();
    assert!(
        medusa
            .auth()
            .header("x-a", "1")
            .exists("jane@example.com")
            .unwrap()
    );
    // The handle's header stays on that handle.
    assert!(medusa.auth().exists("jane@example.com").unwrap());
    per_call.assert();
    client_wide.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn auth_handle_invalid_header_is_invalid_input_before_sending() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    for (name, value) in [("bad name", "1"), ("x-a", "line\nbreak"), ("", "1")] {
        let auth = medusa.auth().header(name, value);
        let results = [
            auth.authenticate(EMAIL, PASSWORD).map(|_| ()),
            auth.get_session().map(|_| ()),
            auth.delete_session(),
            auth.exists(EMAIL).map(|_| ()),
            auth.get_token(EMAIL, PASSWORD).map(|_| ()),
        ];
        for result in results {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{name:?}: {err:?}");
            assert!(!err.to_string().contains("line\nbreak"));
        }
    }
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// Sessions that outlive the process
// ---------------------------------------------------------------------------------------------

/// A session cookie (no Expires, no Max-Age) set beside `connect.sid`.
const CART_COOKIE: &str = "cart_id=cart_01M8CDCB16X15338JNS0RTRHQ8; Path=/; HttpOnly";

#[test]
fn saved_session_is_restored_by_a_new_client() {
    let dir = TempDir::new("restore");
    let path = dir.join("session.json");
    let token = token_61();
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID), CART_COOKIE.to_string()]);

    medusa.save_session(&path).unwrap();

    // Only the file: the temporary file was renamed, not left behind.
    assert_eq!(dir.entries(), ["session.json"]);
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);
    let saved: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["format"], "medusa-blocking-session");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["base_url"], server.url());
    assert_eq!(saved["bearer_token"], token.as_str());
    let text = saved.to_string();
    assert!(text.contains(SID), "{text}");
    assert!(text.contains("cart_01M8CDCB16X15338JNS0RTRHQ8"), "{text}");

    // A new client in a "later run": the same cookies and bearer on its first call.
    let bearer = format!("Bearer {token}");
    let want = set_of(&[
        &format!("connect.sid={SID}"),
        "cart_id=cart_01M8CDCB16X15338JNS0RTRHQ8",
    ]);
    let restored_call = server
        .mock("GET", "/store/auth")
        .match_header("authorization", bearer.as_str())
        .match_request(move |req| cookies(req) == want)
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("65-auth-get-bearer.body"))
        .create();
    let later = Medusa::builder(server.url())
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(later.bearer_token().unwrap().secret(), token);
    let customer = later.auth().get_session().unwrap();
    assert_eq!(customer.email, EMAIL);
    restored_call.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn load_session_from_a_missing_file_is_an_empty_session() {
    let dir = TempDir::new("missing");
    let path = dir.join("never-saved.json");
    let (mut server, catch_all) = server();
    let me = mock_session(&mut server, None, None, 1);

    let medusa = Medusa::builder(server.url())
        .load_session(&path)
        .build()
        .unwrap();
    assert!(medusa.bearer_token().is_none());
    medusa.auth().get_session().unwrap();
    // Loading does not create the file.
    assert!(dir.entries().is_empty());
    me.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn load_session_from_a_truncated_file_fails_naming_the_file() {
    let dir = TempDir::new("truncated");
    let path = dir.join("session.json");
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    medusa.save_session(&path).unwrap();
    let bytes = fs::read(&path).unwrap();
    fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();

    let result = Medusa::builder(server.url()).load_session(&path).build();
    let message = assert_session_file_error(result, &path);
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(!message.contains(&token_61()), "{message}");
    catch_all.assert_nothing_unexpected();
}

#[test]
fn load_session_from_a_foreign_json_file_fails() {
    let dir = TempDir::new("foreign");
    let (server, catch_all) = server();
    let future = json!({
        "format": "medusa-blocking-session",
        "version": 99,
        "base_url": server.url(),
        "cookies": []
    });
    for (i, content) in [
        r#"{"hello":1}"#.to_string(),
        "[]".to_string(),
        String::new(),
        future.to_string(),
    ]
    .iter()
    .enumerate()
    {
        let path = dir.join(&format!("foreign-{i}.json"));
        fs::write(&path, content).unwrap();
        let result = Medusa::builder(server.url()).load_session(&path).build();
        assert_session_file_error(result, &path);
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn load_session_saved_for_another_server_fails_and_keeps_the_token_home() {
    let dir = TempDir::new("other-base");
    let path = dir.join("session.json");
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    medusa.save_session(&path).unwrap();

    let (other, other_catch_all) = self::server();
    assert_ne!(other.url(), server.url());
    let result = Medusa::builder(other.url()).load_session(&path).build();
    let message = assert_session_file_error(result, &path);
    assert!(!message.contains(&token_61()), "{message}");
    assert!(!message.contains(SID), "{message}");
    catch_all.assert_nothing_unexpected();
    other_catch_all.assert_nothing_unexpected();
}

#[test]
fn save_session_replaces_an_existing_file_entirely() {
    let dir = TempDir::new("replace");
    let path = dir.join("session.json");
    // An old file, larger than the new one and readable by all.
    let old = format!("{{\"old\": \"{}\"}}\n", "STALE".repeat(20_000));
    fs::write(&path, &old).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }

    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    medusa.save_session(&path).unwrap();

    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains("STALE"), "old content left in the file");
    let saved: Value = serde_json::from_str(&text).expect("one whole JSON document");
    assert_eq!(saved["format"], "medusa-blocking-session");
    assert_eq!(dir.entries(), ["session.json"]);
    #[cfg(unix)]
    assert_eq!(mode(&path), 0o600);

    // And it loads.
    let later = Medusa::builder(server.url()).load_session(&path).build();
    assert!(later.is_ok(), "{later:?}");
    catch_all.assert_nothing_unexpected();
}

#[test]
fn save_session_into_a_missing_folder_fails_and_writes_nothing() {
    let dir = TempDir::new("no-folder");
    let path = dir.join("not-there").join("session.json");
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);

    match medusa.save_session(&path) {
        Err(Error::SessionFile { path: p, .. }) => assert_eq!(p, path),
        other => panic!("{other:?}"),
    }
    assert!(!dir.join("not-there").exists());
    assert!(dir.entries().is_empty(), "{:?}", dir.entries());
    catch_all.assert_nothing_unexpected();
}

#[test]
fn save_session_that_cannot_be_renamed_leaves_no_temporary_file() {
    let dir = TempDir::new("onto-dir");
    // The target is a folder: the temporary file is written, then the rename fails.
    let path = dir.join("session.json");
    fs::create_dir(&path).unwrap();
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);

    match medusa.save_session(&path) {
        Err(Error::SessionFile { path: p, .. }) => assert_eq!(p, path),
        other => panic!("{other:?}"),
    }
    assert_eq!(dir.entries(), ["session.json"]);
    assert!(path.is_dir());
    assert_eq!(fs::read_dir(&path).unwrap().count(), 0);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn load_session_merges_into_a_shared_cookie_store() {
    let dir = TempDir::new("merge");
    let path = dir.join("session.json");
    let (mut server, catch_all) = server();
    let saver = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    saver.save_session(&path).unwrap();

    // A shared store that already holds a stale session cookie and another cookie.
    let shared = Arc::new(Mutex::new(CookieStore::default()));
    let first = Medusa::builder(server.url())
        .cookie_store(Arc::clone(&shared))
        .build()
        .unwrap();
    let anonymous = server
        .mock("GET", "/store/auth")
        .match_header("cookie", Matcher::Missing)
        .with_status(401)
        .with_header("set-cookie", &sid_cookie("s%3Astale.sig"))
        .with_header("set-cookie", "theme=dark; Path=/")
        .with_body("Unauthorized")
        .create();
    assert_eq!(first.auth().get_session().unwrap_err().status(), Some(401));
    anonymous.assert();

    let second = Medusa::builder(server.url())
        .cookie_store(Arc::clone(&shared))
        .load_session(&path)
        .build()
        .unwrap();
    // The saved cookie replaces the stale one; the other cookie stays; both clients see it.
    let want = set_of(&[&format!("connect.sid={SID}"), "theme=dark"]);
    let merged = server
        .mock("GET", "/store/auth")
        .match_request(move |req| cookies(req) == want)
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("52-auth-get-session.body"))
        .expect(2)
        .create();
    second.auth().get_session().unwrap();
    first.auth().get_session().unwrap();
    {
        let store = shared.lock().unwrap();
        let sid = store
            .get("127.0.0.1", "/", "connect.sid")
            .expect("connect.sid");
        assert_eq!(sid.value(), SID);
        assert!(store.get("127.0.0.1", "/", "theme").is_some());
    }
    merged.assert();
    catch_all.assert_nothing_unexpected();
}

/// A session file as `save_session` writes it, for `base` with these cookies (JSON of
/// cookie_store's cookies).
fn session_file_with(base: &str, cookies: &[String]) -> String {
    format!(
        r#"{{"format":"medusa-blocking-session","version":1,"api":"v1","base_url":"{base}","cookies":[{}]}}"#,
        cookies.join(",")
    )
}

fn cookie_json(raw: &str, domain: &str) -> String {
    format!(
        r#"{{"raw_cookie":"{raw}","path":["/",true],"domain":{domain},"expires":"SessionEnd"}}"#
    )
}

/// Issue 15: loading into a shared jar follows the rules of a response: another host's cookie
/// in the file is dropped, and a full jar takes no new cookie.
#[test]
fn load_session_into_a_shared_jar_keeps_the_host_only_rule_and_the_bound() {
    let dir = TempDir::new("merge-rules");
    let (server, catch_all) = server();
    let path = dir.join("session.json");
    fs::write(
        &path,
        session_file_with(
            &server.url(),
            &[
                cookie_json(
                    &format!("connect.sid={SID}; Path=/"),
                    r#"{"HostOnly":"127.0.0.1"}"#,
                ),
                cookie_json("planted=1; Path=/", r#"{"HostOnly":"shop.example"}"#),
            ],
        ),
    )
    .unwrap();
    // Private whatever the umask (a file its group may write is refused).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    }
    let jar = medusa_blocking::CookieJar::default();
    jar.insert("mine=1; Path=/", "http://shop.example/")
        .unwrap();
    Medusa::builder(server.url())
        .cookie_store(jar.clone())
        .load_session(&path)
        .build()
        .unwrap();
    // The saved session is in; the cookie planted for another host is not.
    assert_eq!(jar.cookies_for(&server.url()).unwrap().len(), 1);
    let theirs = jar.cookies_for("http://shop.example/").unwrap();
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0].name(), "mine");

    // A jar at its bound (300 live cookies) takes no new cookie from a file either.
    let full = medusa_blocking::CookieJar::default();
    for i in 0..300 {
        full.insert(&format!("c{i}=1; Path=/"), "http://shop.example/")
            .unwrap();
    }
    Medusa::builder(server.url())
        .cookie_store(full.clone())
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(full.len(), 300);
    catch_all.assert_nothing_unexpected();
}

/// Issue 15: a session file is read as ssh reads a key: no link, nothing others may write,
/// nothing another user owns.
#[cfg(unix)]
#[test]
fn load_session_refuses_a_link_and_a_file_others_can_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("planted");
    let path = dir.join("session.json");
    let (mut server, catch_all) = server();
    let medusa = logged_in_with_token(&mut server, &[sid_cookie(SID)]);
    medusa.save_session(&path).unwrap();
    assert!(
        Medusa::builder(server.url())
            .load_session(&path)
            .build()
            .is_ok()
    );

    let link = dir.join("link.json");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    let message = assert_session_file_error(
        Medusa::builder(server.url()).load_session(&link).build(),
        &link,
    );
    assert!(message.contains("symbolic link"), "{message}");

    fs::set_permissions(&path, fs::Permissions::from_mode(0o666)).unwrap();
    let message = assert_session_file_error(
        Medusa::builder(server.url()).load_session(&path).build(),
        &path,
    );
    assert!(message.contains("chmod 600"), "{message}");
    assert!(!message.contains(SID), "{message}");
    assert!(!message.contains(&token_61()), "{message}");

    // Saving replaces the file with a private one again.
    medusa.save_session(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert!(
        Medusa::builder(server.url())
            .load_session(&path)
            .build()
            .is_ok()
    );
    catch_all.assert_nothing_unexpected();
}

/// Issue 15: a file labelled with one base URL holds that host's cookies only.
#[test]
fn save_session_saves_the_clients_host_only() {
    let dir = TempDir::new("own-host");
    let path = dir.join("session.json");
    let (mut server, catch_all) = server();
    let jar = medusa_blocking::CookieJar::default();
    jar.insert(
        "theirs=other-backend-secret; Path=/",
        "http://shop.example/",
    )
    .unwrap();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let medusa = Medusa::builder(server.url())
        .cookie_store(jar.clone())
        .build()
        .unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    medusa.save_session(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(SID), "{text}");
    assert!(!text.contains("other-backend-secret"), "{text}");
    assert!(!text.contains("shop.example"), "{text}");
    login.assert();
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// The escape hatch: get, post, delete on any Store path
// ---------------------------------------------------------------------------------------------

#[test]
fn escape_get_sends_path_query_cookie_and_client_headers() {
    let (mut server, catch_all) = server();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let regions = server
        .mock("GET", "/store/regions?limit=5")
        .match_header("cookie", format!("connect.sid={SID}").as_str())
        .match_header("x-tenant", "eu")
        .match_header("x-publishable-api-key", "pk_01TEST")
        .match_header("accept", "application/json")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("74-regions-list.body"))
        .create();

    let medusa = Medusa::builder(server.url())
        .header("x-tenant", "eu")
        .publishable_api_key("pk_01TEST")
        .build()
        .unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    let body: Value = medusa.get("/store/regions?limit=5").unwrap();
    assert_eq!(body["regions"][0]["id"], "reg_01M8CDC0K1F5DVKQWHGQ7XR930");
    login.assert();
    regions.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn escape_post_sends_the_json_body_with_content_type() {
    let (mut server, catch_all) = server();
    let token = token_61();
    let bearer = format!("Bearer {token}");
    let cart = server
        .mock("POST", "/store/carts")
        .match_header("content-type", "application/json")
        .match_header("authorization", bearer.as_str())
        .match_body(Matcher::JsonString(
            r#"{"region_id":"reg_01M8CDC0K1F5DVKQWHGQ7XR930"}"#.into(),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("76-cart-create.body"))
        .create();

    let medusa = Medusa::builder(server.url())
        .bearer_token(token)
        .build()
        .unwrap();
    let body: Value = medusa
        .post(
            "/store/carts",
            &json!({ "region_id": "reg_01M8CDC0K1F5DVKQWHGQ7XR930" }),
        )
        .unwrap();
    assert_eq!(body["cart"]["id"], "cart_01M8CDCB16X15338JNS0RTRHQ8");
    cart.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn escape_delete_sends_a_delete() {
    let (mut server, catch_all) = server();
    let login = mock_login(&mut server, &[sid_cookie(SID)]);
    let delete = server
        .mock(
            "DELETE",
            "/store/customers/me/addresses/addr_01M8CDCAN37E9HF9Z5XZKCSTWM",
        )
        .match_header("cookie", format!("connect.sid={SID}").as_str())
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("101-addresses-delete.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    medusa.auth().authenticate(EMAIL, PASSWORD).unwrap();
    let body: Value = medusa
        .delete("/store/customers/me/addresses/addr_01M8CDCAN37E9HF9Z5XZKCSTWM")
        .unwrap();
    assert!(body["customer"].is_object(), "{body}");
    login.assert();
    delete.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn escape_paths_without_a_single_leading_slash_send_nothing() {
    let (server, catch_all) = server();
    let medusa = Medusa::new(server.url()).unwrap();
    for path in [
        "store/regions",
        "//evil.example/store/regions",
        "",
        "http://evil.example/store/regions",
    ] {
        let results = [
            medusa.get::<Value>(path).map(|_| ()),
            medusa.post::<Value, _>(path, &json!({})).map(|_| ()),
            medusa.delete::<Value>(path).map(|_| ()),
        ];
        for result in results {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{path:?}: {err:?}");
        }
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn escape_errors_are_mapped_as_for_typed_calls() {
    let (mut server, catch_all) = server();
    // Capture 99: Express's HTML 404 for an unknown route.
    let html = server
        .mock("GET", "/store/does-not-exist")
        .with_status(404)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_header("content-security-policy", "default-src 'none'")
        .with_body(captures::text("99-unknown-route.body"))
        .create();
    // Capture 98: Medusa's JSON not_found.
    let json_404 = server
        .mock("GET", "/store/orders/order_does_not_exist")
        .with_status(404)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("98-orders-retrieve-unknown.body"))
        .create();

    let medusa = Medusa::new(server.url()).unwrap();
    let err = medusa.get::<Value>("/store/does-not-exist").unwrap_err();
    match &err {
        Error::Http {
            status: 404,
            content_type,
            body,
            ..
        } => {
            assert_eq!(content_type.as_deref(), Some("text/html; charset=utf-8"));
            assert!(body.contains("Cannot GET /store/does-not-exist"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.is_retryable());

    let err = medusa
        .get::<Value>("/store/orders/order_does_not_exist")
        .unwrap_err();
    match &err {
        Error::Api {
            status: 404, error, ..
        } => {
            assert_eq!(error.kind, "not_found");
            assert_eq!(
                error.message,
                "Order with id order_does_not_exist was not found"
            );
        }
        other => panic!("{other:?}"),
    }
    html.assert();
    json_404.assert();
    catch_all.assert_nothing_unexpected();
}
