//! Secrets never leave the places they are meant for.
//!
//! Every public value that can hold a password, a bearer token, the publishable key, a cookie
//! value or a secret header is built with a known value, every one of which contains `S3CR3T`,
//! and is formatted with `{:?}`, `{:#?}` and (where it exists) `{}`: `S3CR3T` must not appear, in
//! any letter case. The same goes for the errors of calls that carried all those secrets, for
//! every kind of failure (plain-text 401, JSON 422, HTML 400, undecodable 200, token response of
//! the wrong shape, timeout, refused connection, redirect, body too large).
//!
//! The session file is where the token and cookies *are* written: it must be mode 0600, replaced
//! by a rename (a reader holding the old file keeps reading the old bytes), and a save that fails
//! must leave what was at the path byte for byte as it was, and no temporary file behind. The
//! failures are made in ways that still fail when the tests run as root (who ignores folder
//! permissions): a temporary name longer than the file system allows, a target that is a
//! non-empty folder, a parent that is a file.
//!
//! Cookies go back only to the host that set them: two mock servers, one addressed as
//! `127.0.0.1` and one as `localhost`, share one cookie store.
//!
//! Every mockito server gets a catch-all first (`medusa_testkit::mock::server`): a request no
//! other mock matches gets a 500 naming it, so a request that did not carry the secrets it should
//! have shows up as a wrong error kind, with the request described; and each test ends by checking
//! that no request reached a catch-all.

use std::error::Error as _;
use std::fmt::{Debug, Display};
use std::fs;
use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use medusa_blocking::AccessToken;
use medusa_blocking::v1::store::params::{
    CreateCustomer, ListOrders, ResetPassword, UpdateCustomer,
};
use medusa_blocking::{Error, v1::Medusa};
use medusa_testkit::captures;
use medusa_testkit::mock::{server, sid_cookie};
use medusa_testkit::tempdir::{TempDir, entries};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The secrets. Each contains `S3CR3T`; nothing else in these tests does.
// ---------------------------------------------------------------------------------------------

const PASSWORD: &str = "S3CR3T-PASSWORD-1";
const TOKEN: &str = "S3CR3T-TOKEN-2";
const KEY: &str = "S3CR3T-KEY-3";
const COOKIE: &str = "S3CR3T-COOKIE-4";
/// The value of a custom client header (`x-api-secret`).
const HEADER: &str = "S3CR3T-HEADER-5";
/// A custom client `authorization` header, sent until a bearer token replaces it.
const BASIC: &str = "Basic S3CR3T-BASIC-6";
const RESET_TOKEN: &str = "S3CR3T-RESET-7";
const NEW_PASSWORD: &str = "S3CR3T-NEWPASS-8";
/// The value of a per-call header set on a resource handle.
const CALL_HEADER: &str = "S3CR3T-CALL-9";
/// What every secret contains, lower-cased: searched for case-insensitively.
const MARK: &str = "s3cr3t";

const EMAIL: &str = "jane.doe.1795713015@example.com";
const JSON_UTF8: &str = "application/json; charset=utf-8";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Fails when `text` (a rendering of `what`) holds any part of a secret.
#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    assert!(
        !text.to_lowercase().contains(MARK),
        "{what} shows a secret:\n{text}"
    );
}

/// `{:?}` and `{:#?}` of a value.
#[track_caller]
fn assert_debug_clean<T: Debug + ?Sized>(what: &str, value: &T) {
    assert_no_secret(&format!("{what} {{:?}}"), &format!("{value:?}"));
    assert_no_secret(&format!("{what} {{:#?}}"), &format!("{value:#?}"));
}

/// `{}`, `{:?}` and `{:#?}` of a value.
#[track_caller]
fn assert_all_clean<T: Debug + Display + ?Sized>(what: &str, value: &T) {
    assert_debug_clean(what, value);
    assert_no_secret(&format!("{what} {{}}"), &format!("{value}"));
    assert_no_secret(&format!("{what} {{:#}}"), &format!("{value:#}"));
}

/// An error, its `source()` chain, each as `{}`, `{:?}` and `{:#?}`.
#[track_caller]
fn assert_error_clean(what: &str, err: &Error) {
    assert_all_clean(what, err);
    let mut source = err.source();
    let mut depth = 1;
    while let Some(s) = source {
        assert_all_clean(&format!("{what} source #{depth}"), s);
        source = s.source();
        depth += 1;
    }
}

/// `{"customer": …}` as `GET /store/customers/me` answers it (capture 20).
fn customer_body() -> String {
    captures::text("20-me-with-cookie.body")
}

/// Matches the request headers of a client made by [`logged_in`] after `get_token`.
fn with_client_secrets(mock: Mock) -> Mock {
    mock.match_header("x-publishable-api-key", KEY)
        .match_header("x-api-secret", HEADER)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_header("cookie", format!("connect.sid={COOKIE}").as_str())
}

/// A client of `server` with every secret: the publishable key, a custom secret header and a
/// custom `authorization`, then registered (with `PASSWORD`; the server sets the `COOKIE`
/// session cookie) and holding the bearer `TOKEN` from `get_token`.
fn logged_in(server: &mut ServerGuard) -> Medusa {
    let medusa = Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .header("x-api-secret", HEADER)
        .header("authorization", BASIC)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let register = server
        .mock("POST", "/store/customers")
        .match_header("x-publishable-api-key", KEY)
        .match_header("x-api-secret", HEADER)
        .match_header("authorization", BASIC)
        .match_body(Matcher::PartialJson(
            json!({ "email": EMAIL, "password": PASSWORD }),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie(COOKIE))
        .with_body(customer_body())
        .create();
    let token = server
        .mock("POST", "/store/auth/token")
        .match_header("x-publishable-api-key", KEY)
        .match_header("cookie", format!("connect.sid={COOKIE}").as_str())
        .match_body(Matcher::Json(
            json!({ "email": EMAIL, "password": PASSWORD }),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(json!({ "access_token": TOKEN }).to_string())
        .create();
    medusa
        .customers()
        .create(&CreateCustomer {
            email: EMAIL.into(),
            password: PASSWORD.into(),
            first_name: Some("Jane".into()),
            ..Default::default()
        })
        .unwrap();
    let got = medusa.auth().get_token(EMAIL, PASSWORD).unwrap();
    register.assert();
    token.assert();
    register.remove();
    token.remove();

    // The client really holds both, so that not seeing them below means something.
    assert_eq!(got.secret(), TOKEN);
    assert_eq!(medusa.bearer_token().unwrap().secret(), TOKEN);
    let url = url_of(&medusa, "/store/customers/me");
    let values: Vec<(String, String)> = medusa
        .cookie_store()
        .cookies_for(url.as_str())
        .unwrap()
        .iter()
        .map(|c| (c.name().to_string(), c.value().to_string()))
        .collect();
    assert_eq!(values, [("connect.sid".to_string(), COOKIE.to_string())]);
    medusa
}

fn url_of(medusa: &Medusa, path: &str) -> url::Url {
    url::Url::parse(&format!("{}{path}", medusa.base_url())).unwrap()
}

/// The kind of the I/O error behind a `SessionFile` error.
fn io_kind(err: &Error) -> Option<std::io::ErrorKind> {
    match err {
        Error::SessionFile {
            source: Some(e), ..
        } => Some(e.kind()),
        _ => None,
    }
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The `SessionFile` error of a save, checked to name `path` and to show no secret.
#[track_caller]
fn save_error(medusa: &Medusa, path: &Path) -> Error {
    match medusa.save_session(path) {
        Err(err @ Error::SessionFile { .. }) => {
            if let Error::SessionFile { path: p, .. } = &err {
                assert_eq!(p, path);
            }
            assert_error_clean("failed save_session", &err);
            err
        }
        other => panic!("expected a SessionFile error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Values that hold secrets
// ---------------------------------------------------------------------------------------------

#[test]
fn builder_debug_hides_key_token_and_header_values() {
    let builder = Medusa::builder("http://127.0.0.1:9000")
        .publishable_api_key(KEY)
        .bearer_token(TOKEN)
        .header("authorization", BASIC)
        .header("x-api-secret", HEADER)
        .header("cookie", format!("connect.sid={COOKIE}"))
        .header("x-medusa-access-token", CALL_HEADER)
        .sleeper(|_| {})
        .jitter(|| 0.5);
    assert_debug_clean("MedusaBuilder", &builder);
    // It still says what is configured, by name.
    let shown = format!("{builder:?}");
    for name in [
        "publishable_api_key",
        "bearer_token",
        "x-api-secret",
        "cookie",
    ] {
        assert!(shown.contains(name), "{name} missing from {shown}");
    }

    let medusa = builder.build().unwrap();
    assert_debug_clean("Medusa from a builder with secrets", &medusa);
    assert_eq!(medusa.bearer_token().unwrap().secret(), TOKEN);
}

#[test]
fn client_after_registration_and_get_token_hides_token_and_cookie() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);

    assert_debug_clean("Medusa", &medusa);
    assert_debug_clean("Medusa clone", &medusa.clone());
    let token = medusa.bearer_token();
    assert_debug_clean("bearer_token()", &token);
    assert_all_clean("bearer_token().unwrap()", &token.unwrap());

    // And the next call does send all of them (what the mock matches).
    let me = with_client_secrets(server.mock("GET", "/store/customers/me"))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    let customer = medusa.customers().retrieve().unwrap();
    me.assert();
    assert_debug_clean("Customer", &customer);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn request_types_hide_passwords_and_tokens() {
    let create = CreateCustomer {
        email: EMAIL.into(),
        password: PASSWORD.into(),
        first_name: Some("Jane".into()),
        last_name: Some("Doe".into()),
        phone: Some("+15550001111".into()),
    };
    assert_debug_clean("CreateCustomer", &create);
    assert!(format!("{create:?}").contains(EMAIL));

    let update = UpdateCustomer {
        password: Some(NEW_PASSWORD.into()),
        first_name: Some("Janet".into()),
        ..Default::default()
    };
    assert_debug_clean("UpdateCustomer", &update);
    assert!(format!("{update:?}").contains("Janet"));
    assert_debug_clean("Option<UpdateCustomer>", &Some(update.clone()));
    assert_debug_clean("[UpdateCustomer]", &[update]);

    let reset = ResetPassword {
        email: EMAIL.into(),
        token: RESET_TOKEN.into(),
        password: NEW_PASSWORD.into(),
    };
    assert_debug_clean("ResetPassword", &reset);
    assert!(format!("{reset:?}").contains(EMAIL));
}

#[test]
fn access_token_shows_its_value_only_through_secret() {
    for token in [
        AccessToken::from(TOKEN),
        AccessToken::from(TOKEN.to_string()),
    ] {
        assert_all_clean("AccessToken", &token);
        assert_debug_clean("Some(AccessToken)", &Some(token.clone()));
        assert_debug_clean("vec![AccessToken]", &vec![token.clone()]);
        assert_debug_clean(
            "Arc<Mutex<AccessToken>>",
            &Arc::new(Mutex::new(token.clone())),
        );
        assert_no_secret("AccessToken {:>40}", &format!("{token:>40}"));
        assert_eq!(token.secret(), TOKEN);
        assert_eq!(token.into_secret(), TOKEN);
    }
}

#[test]
fn resource_handles_hide_their_per_call_header_values() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);

    let auth = medusa
        .auth()
        .header("authorization", &format!("Bearer {CALL_HEADER}"))
        .header("x-medusa-access-token", CALL_HEADER)
        .header("x-call-secret", CALL_HEADER);
    assert_debug_clean("Auth", &auth);
    assert_debug_clean("Auth clone", &auth.clone());

    let customers = medusa
        .customers()
        .header("cookie", &format!("extra={CALL_HEADER}"))
        .header("x-call-secret", CALL_HEADER);
    assert_debug_clean("Customers", &customers);
    assert_debug_clean("Addresses", &customers.addresses());
    assert_debug_clean("PaymentMethods", &customers.payment_methods());
    assert_debug_clean("OrderIter", &customers.iter_orders(&ListOrders::default()));
    // The names are still there to see.
    assert!(format!("{customers:?}").contains("x-call-secret"));

    // The per-call values are sent (and the handle's `authorization` wins over the bearer).
    let session = server
        .mock("GET", "/store/auth")
        .match_header("authorization", format!("Bearer {CALL_HEADER}").as_str())
        .match_header("x-call-secret", CALL_HEADER)
        .match_header("cookie", format!("connect.sid={COOKIE}").as_str())
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    auth.get_session().unwrap();
    session.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn invalid_secret_values_are_refused_without_quoting_them() {
    let bad = |s: &str| format!("{s}\r\nx-injected: 1");
    let mut errors: Vec<(&str, Error)> = vec![
        (
            "builder publishable key",
            Medusa::builder("http://127.0.0.1:9000")
                .publishable_api_key(bad(KEY))
                .build()
                .unwrap_err(),
        ),
        (
            "builder bearer token",
            Medusa::builder("http://127.0.0.1:9000")
                .bearer_token(bad(TOKEN))
                .build()
                .unwrap_err(),
        ),
        (
            "builder header",
            Medusa::builder("http://127.0.0.1:9000")
                .header("authorization", bad(BASIC))
                .build()
                .unwrap_err(),
        ),
        (
            "builder custom header",
            Medusa::builder("http://127.0.0.1:9000")
                .header("x-api-secret", bad(HEADER))
                .build()
                .unwrap_err(),
        ),
    ];
    let medusa = Medusa::new("http://127.0.0.1:9").unwrap();
    errors.push((
        "set_bearer_token",
        medusa
            .set_bearer_token(Some(AccessToken::from(bad(TOKEN))))
            .unwrap_err(),
    ));
    errors.push((
        "customers().header",
        medusa
            .customers()
            .header("x-call-secret", &bad(CALL_HEADER))
            .retrieve()
            .unwrap_err(),
    ));
    errors.push((
        "auth().header",
        medusa
            .auth()
            .header("authorization", &bad(CALL_HEADER))
            .get_token(EMAIL, PASSWORD)
            .unwrap_err(),
    ));
    for (what, err) in &errors {
        assert!(
            matches!(err, Error::Config(_) | Error::InvalidInput(_)),
            "{what}: {err:?}"
        );
        assert_error_clean(what, err);
    }
    assert!(medusa.bearer_token().is_none());
}

// ---------------------------------------------------------------------------------------------
// Errors of calls that carried every secret
// ---------------------------------------------------------------------------------------------

#[test]
fn http_error_statuses_do_not_show_the_secrets_the_call_carried() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let customers = medusa.customers().header("x-call-secret", CALL_HEADER);

    // 401, plain text without a content type (capture 26), to a profile update with a password.
    let m = with_client_secrets(server.mock("POST", "/store/customers/me"))
        .match_header("x-call-secret", CALL_HEADER)
        .match_body(Matcher::Json(json!({ "password": NEW_PASSWORD })))
        .with_status(401)
        .with_header("set-cookie", &sid_cookie(COOKIE))
        .with_body(captures::text("26-me-update-no-cookie.body"))
        .create();
    let err = customers
        .update(&UpdateCustomer {
            password: Some(NEW_PASSWORD.into()),
            ..Default::default()
        })
        .unwrap_err();
    m.assert();
    assert!(matches!(err, Error::Http { status: 401, .. }), "{err:?}");
    assert_error_clean("401", &err);

    // 422, Medusa's JSON error (capture 06), to a registration.
    let m = with_client_secrets(server.mock("POST", "/store/customers"))
        .match_body(Matcher::PartialJson(json!({ "password": PASSWORD })))
        .with_status(422)
        .with_header("content-type", JSON_UTF8)
        .with_body(captures::text("06-customers-create-duplicate.body"))
        .create();
    let err = customers
        .create(&CreateCustomer {
            email: EMAIL.into(),
            password: PASSWORD.into(),
            ..Default::default()
        })
        .unwrap_err();
    m.assert();
    assert!(matches!(err, Error::Api { status: 422, .. }), "{err:?}");
    assert_error_clean("422", &err);

    // 400, Express's HTML error page (capture 18), to a password reset.
    let m = with_client_secrets(server.mock("POST", "/store/customers/password-reset"))
        .match_body(Matcher::Json(json!({
            "email": EMAIL, "token": RESET_TOKEN, "password": NEW_PASSWORD
        })))
        .with_status(400)
        .with_header("content-type", "text/html; charset=utf-8")
        .with_body(captures::text("18-customers-create-malformed-json.body"))
        .create();
    let err = customers
        .reset_password(&ResetPassword {
            email: EMAIL.into(),
            token: RESET_TOKEN.into(),
            password: NEW_PASSWORD.into(),
        })
        .unwrap_err();
    m.assert();
    match &err {
        Error::Http {
            status: 400, body, ..
        } => assert!(body.contains("SyntaxError"), "{body}"),
        other => panic!("{other:?}"),
    }
    assert_error_clean("400 HTML", &err);

    // 401 to a login with the password.
    let m = with_client_secrets(server.mock("POST", "/store/auth"))
        .match_body(Matcher::Json(
            json!({ "email": EMAIL, "password": PASSWORD }),
        ))
        .with_status(401)
        .with_body("Unauthorized")
        .create();
    let err = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_error_clean("401 login", &err);

    // 401 to get_token.
    let m = with_client_secrets(server.mock("POST", "/store/auth/token"))
        .match_body(Matcher::Json(
            json!({ "email": EMAIL, "password": PASSWORD }),
        ))
        .with_status(401)
        .with_body("Unauthorized")
        .create();
    let err = medusa.auth().get_token(EMAIL, PASSWORD).unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(401), "{err:?}");
    assert_error_clean("401 get_token", &err);

    // 503 with a Retry-After past the ceiling, on a client that retries.
    let retrying = Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .header("x-api-secret", HEADER)
        .bearer_token(TOKEN)
        .cookie_store(medusa.cookie_store())
        .max_retries(2)
        .retry_after_max(Duration::from_secs(1))
        .sleeper(|_| {})
        .build()
        .unwrap();
    let m = with_client_secrets(server.mock("POST", "/store/customers/me"))
        .match_body(Matcher::Json(json!({ "password": NEW_PASSWORD })))
        .with_status(503)
        .with_header("retry-after", "120")
        .with_body("Service Unavailable")
        .create();
    let err = retrying
        .customers()
        .update(&UpdateCustomer {
            password: Some(NEW_PASSWORD.into()),
            ..Default::default()
        })
        .unwrap_err();
    m.assert();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)), "{err:?}");
    assert_error_clean("503 Retry-After", &err);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn undecodable_success_bodies_do_not_show_the_secrets_the_call_carried() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);

    // A 200 whose customer has a number for a string, to a login with the password.
    let m = with_client_secrets(server.mock("POST", "/store/auth"))
        .match_body(Matcher::Json(
            json!({ "email": EMAIL, "password": PASSWORD }),
        ))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie(COOKIE))
        .with_body(r#"{"customer":{"id":7,"email":"jane.doe.1795713015@example.com"}}"#)
        .create();
    let err = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap_err();
    m.assert();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_error_clean("undecodable login", &err);

    // A 200 that is not JSON at all, to a profile update with a password.
    let m = with_client_secrets(server.mock("POST", "/store/customers/me"))
        .match_body(Matcher::Json(json!({ "password": NEW_PASSWORD })))
        .with_status(200)
        .with_header("content-type", "text/html")
        .with_body("<html><body>maintenance</body></html>")
        .create();
    let err = medusa
        .customers()
        .update(&UpdateCustomer {
            password: Some(NEW_PASSWORD.into()),
            ..Default::default()
        })
        .unwrap_err();
    m.assert();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_error_clean("undecodable update", &err);

    // A body over the size limit.
    let small = Medusa::builder(server.url())
        .publishable_api_key(KEY)
        .header("x-api-secret", HEADER)
        .bearer_token(TOKEN)
        .cookie_store(medusa.cookie_store())
        .max_body_size(64)
        .build()
        .unwrap();
    let m = with_client_secrets(server.mock("GET", "/store/customers/me"))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    let err = small.customers().retrieve().unwrap_err();
    m.assert();
    assert!(matches!(err, Error::BodyTooLarge { .. }), "{err:?}");
    assert_error_clean("body too large", &err);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn token_responses_of_the_wrong_shape_never_show_the_token() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let other = "S3CR3T-TOKEN-OTHER";
    let bodies = [
        json!({ "token": other }).to_string(),
        json!(other).to_string(),
        json!([other]).to_string(),
        json!({ "access_token": [other] }).to_string(),
        json!({ "access_token": { other: 1 } }).to_string(),
        json!({ "access_token": { "value": other } }).to_string(),
        json!({ "access_token": null, other: other }).to_string(),
        json!({ "data": { "access_token": other } }).to_string(),
        // Truncated, and broken in the middle of the token.
        format!(r#"{{"access_token":"{other}"#),
        format!(r#"{{"access_token":"{}\q"}}"#, &other[..9]),
        format!(r#"{{"access_token":{other}}}"#),
        format!(r#"{{"access_token":"{other}","#),
        // A token that cannot be a header value.
        json!({ "access_token": format!("{other}\n") }).to_string(),
    ];
    for body in bodies {
        let m = with_client_secrets(server.mock("POST", "/store/auth/token"))
            .match_body(Matcher::Json(
                json!({ "email": EMAIL, "password": PASSWORD }),
            ))
            .with_status(200)
            .with_header("content-type", JSON_UTF8)
            .with_body(&body)
            .create();
        let err = medusa.auth().get_token(EMAIL, PASSWORD).unwrap_err();
        m.assert();
        m.remove();
        assert!(
            matches!(err, Error::Decode { .. } | Error::InvalidInput(_)),
            "{body}: {err:?}"
        );
        assert_error_clean(&format!("get_token answered {body}"), &err);
        // The old token is kept.
        assert_eq!(medusa.bearer_token().unwrap().secret(), TOKEN, "{body}");
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn timeouts_refusals_and_redirects_do_not_show_the_secrets_the_call_carried() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);

    // A server that accepts and reads, but never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("http://{}", silent.local_addr().unwrap());
    let reader = std::thread::spawn(move || {
        let (mut stream, _) = silent.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        // Until the whole request (headers and the JSON body) is in, or the client gives up.
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if String::from_utf8_lossy(&seen).ends_with('}') {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(1500));
        String::from_utf8_lossy(&seen).into_owned()
    });
    let slow = Medusa::builder(&silent_url)
        .publishable_api_key(KEY)
        .header("x-api-secret", HEADER)
        .bearer_token(TOKEN)
        .cookie_store(medusa.cookie_store())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = slow.auth().get_token(EMAIL, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_error_clean("timeout", &err);
    // The request did carry the secrets (the cookie too: same host, another port).
    let request = reader.join().unwrap();
    for secret in [KEY, HEADER, TOKEN, PASSWORD, COOKIE] {
        assert!(request.contains(secret), "{secret} not sent:\n{request}");
    }

    // Nobody listening.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Medusa::builder(format!("http://127.0.0.1:{port}"))
        .publishable_api_key(KEY)
        .bearer_token(TOKEN)
        .cookie_store(medusa.cookie_store())
        .build()
        .unwrap();
    let err = refused.auth().authenticate(EMAIL, PASSWORD).unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_error_clean("connection refused", &err);

    // A redirect, not followed.
    let m = with_client_secrets(server.mock("POST", "/store/auth"))
        .with_status(302)
        .with_header("location", "http://localhost:1/store/auth")
        .create();
    let err = medusa.auth().authenticate(EMAIL, PASSWORD).unwrap_err();
    m.assert();
    assert!(
        matches!(err, Error::Redirect { status: 302, .. }),
        "{err:?}"
    );
    assert_error_clean("redirect", &err);
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// The session file
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn session_file_is_mode_0600_and_the_only_place_the_secrets_are_written() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("mode");
    let path = dir.join("session.json");

    medusa.save_session(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(dir.entries(), ["session.json"]);
    // The file is where the token and the cookie go (so its mode matters) ...
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(TOKEN) && text.contains(COOKIE), "{text}");
    // ... and the publishable key, the custom headers and the password do not.
    for secret in [KEY, HEADER, BASIC, PASSWORD] {
        assert!(
            !text.contains(secret),
            "{secret} in the session file:\n{text}"
        );
    }

    // Saving over a file that was readable by all makes it private again.
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    }
    medusa.save_session(&path).unwrap();
    assert_eq!(mode(&path), 0o600);

    // The client that loads it is as discreet as the one that saved it.
    let loaded = Medusa::builder(server.url())
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(loaded.bearer_token().unwrap().secret(), TOKEN);
    assert_debug_clean("Medusa loaded from a session file", &loaded);
    catch_all.assert_nothing_unexpected();
}

#[cfg(unix)]
#[test]
fn session_file_is_replaced_by_a_rename_never_rewritten_in_place() {
    use std::os::unix::fs::MetadataExt;

    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("rename");
    let path = dir.join("session.json");
    medusa.save_session(&path).unwrap();
    let old_bytes = fs::read(&path).unwrap();
    let old_inode = fs::metadata(&path).unwrap().ino();
    // A reader that opened the old file before the next save.
    let mut reader = fs::File::open(&path).unwrap();

    medusa
        .set_bearer_token(Some(AccessToken::from("S3CR3T-TOKEN-NEXT")))
        .unwrap();
    medusa.save_session(&path).unwrap();

    let mut seen = Vec::new();
    reader.read_to_end(&mut seen).unwrap();
    assert_eq!(
        seen, old_bytes,
        "the open old file changed under its reader"
    );
    assert_ne!(fs::metadata(&path).unwrap().ino(), old_inode);
    let new_text = fs::read_to_string(&path).unwrap();
    assert!(new_text.contains("S3CR3T-TOKEN-NEXT"), "{new_text}");
    serde_json::from_str::<Value>(&new_text).expect("one whole JSON document");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(dir.entries(), ["session.json"]);
    catch_all.assert_nothing_unexpected();
}

#[cfg(unix)]
#[test]
fn a_long_file_name_leaves_room_for_the_temporary_file() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("long-name");

    // The temporary file has a short name of its own, whatever the target's length.
    let long_name = format!("{}.json", "s".repeat(240));
    let path = dir.join(&long_name);
    medusa.save_session(&path).unwrap();
    medusa
        .set_bearer_token(Some(AccessToken::from("S3CR3T-TOKEN-NEXT")))
        .unwrap();
    medusa.save_session(&path).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(dir.entries(), [long_name], "a temporary file was left");
    let loaded = Medusa::builder(server.url())
        .load_session(&path)
        .build()
        .unwrap();
    assert_eq!(loaded.bearer_token().unwrap().secret(), "S3CR3T-TOKEN-NEXT");
    catch_all.assert_nothing_unexpected();
}

#[test]
fn failed_rename_over_a_non_empty_folder_keeps_it_and_leaves_no_temporary_file() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("onto-folder");

    // What is at the path is a folder holding an earlier session file: the temporary file is
    // written, then renaming it over the folder fails.
    let path = dir.join("session.json");
    fs::create_dir(&path).unwrap();
    let inner = path.join("old-session.json");
    medusa.save_session(&inner).unwrap();
    let old_bytes = fs::read(&inner).unwrap();

    medusa
        .set_bearer_token(Some(AccessToken::from("S3CR3T-TOKEN-NEXT")))
        .unwrap();
    let err = save_error(&medusa, &path);
    assert_eq!(
        io_kind(&err),
        Some(std::io::ErrorKind::IsADirectory),
        "{err:?}"
    );

    assert!(path.is_dir());
    assert_eq!(entries(&path), ["old-session.json"]);
    assert_eq!(fs::read(&inner).unwrap(), old_bytes);
    assert_eq!(dir.entries(), ["session.json"], "a temporary file was left");
    catch_all.assert_nothing_unexpected();
}

#[test]
fn save_under_a_parent_that_is_a_file_fails_and_touches_nothing() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("parent-file");
    let parent = dir.join("not-a-folder");
    fs::write(&parent, b"just a file").unwrap();

    let err = save_error(&medusa, &parent.join("session.json"));
    assert_eq!(
        io_kind(&err),
        Some(std::io::ErrorKind::NotADirectory),
        "{err:?}"
    );
    assert_eq!(fs::read(&parent).unwrap(), b"just a file");
    assert_eq!(dir.entries(), ["not-a-folder"]);
    catch_all.assert_nothing_unexpected();
}

#[test]
fn damaged_session_file_errors_do_not_quote_the_token() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("damaged-token");
    let path = dir.join("session.json");
    medusa.save_session(&path).unwrap();
    let good: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let text = serde_json::to_string_pretty(&good).unwrap();
    let at = text.find(TOKEN).unwrap();

    let mut damaged: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [at + 3, at + TOKEN.len(), at + TOKEN.len() + 1] {
        damaged.push((
            format!("truncated at {cut}"),
            text.as_bytes()[..cut].to_vec(),
        ));
    }
    for (what, token) in [
        ("token in an array", json!([TOKEN])),
        ("token in an object", json!({ "value": TOKEN })),
        ("token as an object key", json!({ TOKEN: true })),
        ("token with a newline", json!(format!("{TOKEN}\n"))),
    ] {
        let mut v = good.clone();
        v["bearer_token"] = token;
        damaged.push((what.to_string(), serde_json::to_vec(&v).unwrap()));
    }
    damaged.push((
        "token unquoted".to_string(),
        text.replace(&format!("\"{TOKEN}\""), TOKEN).into_bytes(),
    ));

    for (what, bytes) in damaged {
        fs::write(&path, &bytes).unwrap();
        let err = Medusa::builder(server.url())
            .load_session(&path)
            .build()
            .unwrap_err();
        assert!(
            matches!(err, Error::SessionFile { .. } | Error::Config(_)),
            "{what}: {err:?}"
        );
        assert_error_clean(&format!("load_session of a file with the {what}"), &err);
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn damaged_session_file_errors_do_not_quote_cookies_or_a_bare_token() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    let dir = TempDir::new("damaged-cookie");
    let path = dir.join("session.json");
    medusa.save_session(&path).unwrap();
    let good: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let first_cookie = good["cookies"][0].clone();
    assert!(first_cookie.to_string().contains(COOKIE), "{first_cookie}");
    let raw_key = first_cookie
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v.as_str().is_some_and(|s| s.contains(COOKIE)))
        .map(|(k, _)| k.clone())
        .expect("a field holding the cookie string");

    let mut damaged: Vec<(&str, Value)> = Vec::new();
    // The cookie string without its `name=`: not a cookie any more.
    let mut v = good.clone();
    v["cookies"][0][&raw_key] = json!(COOKIE);
    damaged.push(("a cookie string without its name", v));
    // The cookie list replaced by one string.
    let mut v = good.clone();
    v["cookies"] = json!(format!("connect.sid={COOKIE}"));
    damaged.push(("the cookie list as a string", v));
    // A cookie that is a bare string.
    let mut v = good.clone();
    v["cookies"][0] = json!(format!("connect.sid={COOKIE}"));
    damaged.push(("a cookie as a string", v));

    // Not a session file at all: a file holding only the token, as a JSON string.
    damaged.push(("only the token, as a JSON string", json!(TOKEN)));

    let mut leaks = Vec::new();
    for (what, v) in damaged {
        fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
        let err = Medusa::builder(server.url())
            .load_session(&path)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::SessionFile { .. }), "{what}: {err:?}");
        let shown = format!("{err}\n{err:?}");
        if shown.to_lowercase().contains(MARK) {
            leaks.push(format!("{what}:\n{shown}"));
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// Cookies go back only to the host that set them
// ---------------------------------------------------------------------------------------------

/// The `url` of a mockito server addressed by the name `localhost` instead of its IP.
fn localhost_url(server: &ServerGuard) -> String {
    format!("http://localhost:{}", server.socket_address().port())
}

#[test]
fn cookie_set_by_one_host_is_not_sent_to_another_through_a_shared_store() {
    let (mut a, catch_all_a) = server();
    let (mut b, catch_all_b) = server();
    assert!(a.url().starts_with("http://127.0.0.1:"), "{}", a.url());
    let client_a = Medusa::new(a.url()).unwrap();
    let client_b = Medusa::builder(localhost_url(&b))
        .cookie_store(client_a.cookie_store())
        .build()
        .unwrap();

    // Host A sets its session cookie, and tries to set cookies for host B's name too.
    let login_a = a
        .mock("POST", "/store/auth")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie(COOKIE))
        .with_header(
            "set-cookie",
            "wide=S3CR3T-COOKIE-WIDE; Domain=localhost; Path=/; HttpOnly",
        )
        .with_header(
            "set-cookie",
            "ip=S3CR3T-COOKIE-IP; Domain=127.0.0.1; Path=/; HttpOnly",
        )
        .with_body(customer_body())
        .create();
    client_a.auth().authenticate(EMAIL, PASSWORD).unwrap();
    login_a.assert();

    // A gets its cookie back ...
    let me_a = a
        .mock("GET", "/store/customers/me")
        .match_header("cookie", Matcher::Regex(format!("connect.sid={COOKIE}")))
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    client_a.customers().retrieve().unwrap();
    me_a.assert();

    // ... B, through the same store, gets no cookie at all.
    let me_b = b
        .mock("GET", "/store/customers/me")
        .match_header("cookie", Matcher::Missing)
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    let got = client_b.customers().retrieve();
    assert!(got.is_ok(), "{got:?}");
    me_b.assert();
    let b_url = url::Url::parse(&format!("{}/store/customers/me", localhost_url(&b))).unwrap();
    let for_b: Vec<String> = client_a
        .cookie_store()
        .cookies_for(b_url.as_str())
        .unwrap()
        .iter()
        .map(|c| format!("{}={}", c.name(), c.value()))
        .collect();
    assert!(for_b.is_empty(), "{for_b:?}");

    // B's own cookie goes to B only, and A keeps getting only its own.
    let login_b = b
        .mock("POST", "/store/auth")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie("b-session"))
        .with_body(customer_body())
        .create();
    client_b.auth().authenticate(EMAIL, PASSWORD).unwrap();
    login_b.assert();
    let me_b_again = b
        .mock("GET", "/store/auth")
        .match_header("cookie", "connect.sid=b-session")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    client_b.auth().get_session().unwrap();
    me_b_again.assert();
    let me_a_again = a
        .mock("GET", "/store/auth")
        .match_request(|req| {
            let cookie = req
                .header("cookie")
                .first()
                .map(|v| v.to_str().unwrap_or(""));
            cookie.is_some_and(|c| {
                c.contains(&format!("connect.sid={COOKIE}"))
                    && !c.contains("b-session")
                    && !c.contains("wide=")
            })
        })
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    client_a.auth().get_session().unwrap();
    me_a_again.assert();
    catch_all_a.assert_nothing_unexpected();
    catch_all_b.assert_nothing_unexpected();
}

#[test]
fn a_redirect_to_another_host_is_not_followed_so_no_cookie_goes_there() {
    let (mut a, catch_all_a) = server();
    let (mut b, catch_all_b) = server();
    let medusa = logged_in(&mut a);

    let to_b = format!("{}/store/customers/me", localhost_url(&b));
    let redirect = with_client_secrets(a.mock("GET", "/store/customers/me"))
        .with_status(302)
        .with_header("location", &to_b)
        .create();
    let nothing_at_b = b.mock("GET", Matcher::Any).expect(0).create();

    let err = medusa.customers().retrieve().unwrap_err();
    redirect.assert();
    nothing_at_b.assert();
    match &err {
        Error::Redirect {
            status: 302,
            location,
        } => assert_eq!(location.as_deref(), Some(to_b.as_str())),
        other => panic!("{other:?}"),
    }
    assert_error_clean("redirect to another host", &err);
    catch_all_a.assert_nothing_unexpected();
    catch_all_b.assert_nothing_unexpected();
}

/// Not a leak, but the rule the test above depends on: RFC 6265 cookies are per host, not per
/// port, so another server on `127.0.0.1` does get a cookie set by the first one. (Which is why
/// the test above addresses the other server as `localhost`.)
#[test]
fn cookies_are_per_host_not_per_port_as_rfc_6265_says() {
    let (mut a, catch_all_a) = server();
    let (mut c, catch_all_c) = server();
    assert_ne!(a.socket_address().port(), c.socket_address().port());
    let client_a = Medusa::new(a.url()).unwrap();
    let client_c = Medusa::builder(c.url())
        .cookie_store(client_a.cookie_store())
        .build()
        .unwrap();
    let login = a
        .mock("POST", "/store/auth")
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_header("set-cookie", &sid_cookie(COOKIE))
        .with_body(customer_body())
        .create();
    client_a.auth().authenticate(EMAIL, PASSWORD).unwrap();
    login.assert();
    let me_c = c
        .mock("GET", "/store/customers/me")
        .match_header("cookie", format!("connect.sid={COOKIE}").as_str())
        .with_status(200)
        .with_header("content-type", JSON_UTF8)
        .with_body(customer_body())
        .create();
    client_c.customers().retrieve().unwrap();
    me_c.assert();
    catch_all_a.assert_nothing_unexpected();
    catch_all_c.assert_nothing_unexpected();
}

/// `Medusa::cookie_store()` returns this crate's public `SharedCookieStore`, an
/// `Arc<Mutex<cookie_store::CookieStore>>` whose `Debug` is the cookie_store crate's: it prints
/// every cookie with its value.
#[test]
fn shared_cookie_store_debug_hides_cookie_values() {
    let (mut server, catch_all) = server();
    let medusa = logged_in(&mut server);
    assert_debug_clean("Medusa::cookie_store()", &medusa.cookie_store());
    catch_all.assert_nothing_unexpected();
}

// ---------------------------------------------------------------------------------------------
// Generated secrets in every place a server or a path controls (`secret_cases`)
// ---------------------------------------------------------------------------------------------

/// Every error built from a server's answer or an escape-hatch path, with generated secrets in
/// every such place (Medusa's JSON errors, other bodies, a redirect's `Location`, the
/// `Content-Type`, a 2xx that does not decode, the path, `detect()`, `WrongApi`, what ureq
/// refuses): no secret in `{}`, `{:#}`, `{:?}`, `{:#?}` of the error or any of its sources,
/// nor in the escape hatch's `Request` `Debug`.
#[cfg(feature = "v2")]
#[test]
fn generated_secrets_in_every_server_or_path_controlled_place_never_show() {
    use crate::secret_cases::{Secrets, run_all};
    for seed in 1..=5 {
        let s = Secrets::generate(seed);
        let mut errors = 0;
        run_all(&s, |what, err| {
            errors += 1;
            let mut shown = Some(err as &dyn std::error::Error);
            let mut depth = 0;
            while let Some(e) = shown {
                for (form, text) in [
                    ("{}", format!("{e}")),
                    ("{:#}", format!("{e:#}")),
                    ("{:?}", format!("{e:?}")),
                    ("{:#?}", format!("{e:#?}")),
                ] {
                    s.assert_hidden(&format!("{what} (source #{depth}) {form}"), &text);
                }
                shown = e.source();
                depth += 1;
            }
        });
        // 11 cases × (typed, escape hatch, detect) + a 2xx × 2, 4 + 2 paths, WrongApi, 3
        // refusals.
        assert_eq!(errors, 11 * 3 + 2 + 4 + 2 + 1 + 3, "seed {seed}");
    }
}

/// The same places keep what is not a secret: the server's message around the secret, the
/// redirect's host and other parameters.
#[cfg(feature = "v2")]
#[test]
fn redaction_keeps_the_rest_of_the_servers_words() {
    use crate::secret_cases::{Secrets, server_cases, v1_client};
    let s = Secrets::generate(99);
    let (mut server, _catch_all) = server();
    for case in server_cases(&s) {
        let mut m = server
            .mock("GET", "/store/customers/me")
            .with_status(case.status)
            .with_body(&case.body);
        for (name, value) in &case.headers {
            m = m.with_header(*name, value);
        }
        let m = m.create();
        let e = v1_client(&server.url()).customers().retrieve().unwrap_err();
        m.remove();
        let want = match case.name {
            "JSON error, JWT in the message" => "HTTP 401: Invalid token *** (unauthorized)",
            "JSON error, Authorization header echoed" => {
                "HTTP 400: Authorization: Bearer *** is not allowed here (invalid_data)"
            }
            "JSON error, cookie and password pairs" => {
                "HTTP 422: connect.sid=***; password=*** (invalid_data)"
            }
            "redirect, token in the fragment" => {
                "HTTP 302: redirect to https://shop.test/cb#access_token=***&token_type=***&state=1 not followed"
            }
            "redirect, token and password in the query" => {
                "HTTP 307: redirect to /login?token=***&password=***&next=/ not followed"
            }
            _ => continue,
        };
        assert_eq!(e.to_string(), want, "{}", case.name);
    }
}

/// Issue 15, 0: a 502 whose plain-text body holds a secret-like word and an unclosed quoted
/// string ending in a multi-byte character made `customers().retrieve()` panic while the
/// snippet was redacted. It is an `Error::Http` 502 with the body as sent, on both wings.
#[cfg(feature = "v2")]
#[test]
fn a_502_body_with_an_unclosed_quote_ending_in_a_multi_byte_char_is_an_error_not_a_panic() {
    let (mut server, catch_all) = server();
    let body = "bad gateway: token \"é";
    let m = server
        .mock("GET", "/store/customers/me")
        .with_status(502)
        .with_header("content-type", "text/plain")
        .with_body(body)
        .expect(2)
        .create();
    let v1 = crate::secret_cases::v1_client(&server.url());
    let v2 = medusa_blocking::v2::Medusa::builder(server.url())
        .publishable_api_key("pk_test")
        .max_retries(0)
        .build()
        .unwrap();
    for e in [
        v1.customers().retrieve().unwrap_err(),
        v2.customers().retrieve().unwrap_err(),
    ] {
        match &e {
            Error::Http {
                status: 502,
                body: shown,
                ..
            } => assert_eq!(shown, body),
            other => panic!("{other:?}"),
        }
        assert_eq!(e.to_string(), format!("HTTP 502: {body}"));
    }
    m.assert();
    catch_all.assert_nothing_unexpected();
}

/// A 401 for a token the client knows to have run out is `Error::SessionExpired`, for v1 and v2
/// alike, and it shows no more than the server's 401 does: the token the call carried, echoed in
/// the body, is not in its text.
#[test]
fn a_session_expired_error_shows_no_token() {
    // {"alg":"HS256"} . {"iat":1000000000,"exp":1000086400,"sub":"S3CR3T"} . S3CR3T signature
    let expired = "eyJhbGciOiJIUzI1NiJ9.\
                   eyJpYXQiOjEwMDAwMDAwMDAsImV4cCI6MTAwMDA4NjQwMCwic3ViIjoiUzNDUjNUIn0.\
                   UzNDUjNUX3NpZ25hdHVyZQ";
    let (mut server, catch_all) = server();
    let echo = format!("Unauthorized: Bearer {expired}");
    let me = server
        .mock("GET", "/store/customers/me")
        .match_header("authorization", format!("Bearer {expired}").as_str())
        .with_status(401)
        .with_header("content-type", "text/plain")
        .with_body(echo)
        .expect(2)
        .create();
    let v1 = Medusa::builder(server.url())
        .bearer_token(expired)
        .build()
        .unwrap();
    let err = v1.customers().retrieve().unwrap_err();
    assert!(matches!(err, Error::SessionExpired { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert!(
        err.to_string().starts_with("session expired: log in again"),
        "{err}"
    );
    let shown = |err: &Error| format!("{err} {err:?} {err:#?}");
    assert_error_clean("v1 SessionExpired", &err);
    assert!(!shown(&err).contains("eyJpYXQi"), "{}", shown(&err));
    #[cfg(feature = "v2")]
    {
        let v2 = medusa_blocking::v2::Medusa::builder(server.url())
            .publishable_api_key("pk_S3CR3T")
            .bearer_token(expired)
            .build()
            .unwrap();
        let err = v2.customers().retrieve().unwrap_err();
        assert!(matches!(err, Error::SessionExpired { .. }), "{err:?}");
        assert_error_clean("v2 SessionExpired", &err);
        assert!(!shown(&err).contains("eyJpYXQi"), "{}", shown(&err));
    }
    #[cfg(not(feature = "v2"))]
    v1.customers().retrieve().unwrap_err();
    me.assert();
    catch_all.assert_nothing_unexpected();
}
