//! Admin auth and credentials against a mock server: the secret key as HTTP Basic on every call,
//! the user's log-in kept as the bearer token, a token with no user refused and not kept, the
//! user, the cookie session, log-out; secrets never in `Debug` or errors; session files that do
//! not cross between the admin and the store client.

use super::*;
use medusa_blocking::v2::Medusa;
use medusa_blocking::v2::admin::params::ListCustomers;
use medusa_blocking::{Error, ErrorType};
use serde_json::json;

const LOGIN: &str = "/auth/user/emailpass";

fn empty_page() -> Value {
    json!({"customers": [], "count": 0, "offset": 0, "limit": 50})
}

#[test]
fn the_secret_key_is_sent_as_http_basic_on_every_call_and_never_shown() {
    let mut server = Server::new();
    let list = server
        .call("GET", "/admin/customers", Who::Key, None, 200, empty_page())
        .expect(2)
        .create();
    let admin = server.with_key();
    admin.customers().list(&ListCustomers::default()).unwrap();
    admin
        .clone()
        .customers()
        .list(&ListCustomers::default())
        .unwrap();
    list.assert();
    assert!(!format!("{admin:?}").contains("sk_650c"));
    assert!(!format!("{admin:?}").contains("c2tf"));
    server.assert_nothing_unexpected();
}

#[test]
fn a_refused_key_is_the_servers_401_and_names_no_secret() {
    let mut server = Server::new();
    server
        .call(
            "GET",
            "/admin/customers",
            Who::Key,
            None,
            401,
            json!({"message": "Unauthorized"}),
        )
        .create();
    let err = server
        .with_key()
        .customers()
        .list(&ListCustomers::default())
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("sk_") && !shown.contains("c2tf"), "{shown}");
    server.assert_nothing_unexpected();
}

#[test]
fn login_keeps_the_users_token_and_later_calls_send_it() {
    let mut server = Server::new();
    let login = server
        .call(
            "POST",
            LOGIN,
            Who::Nobody,
            Some(json!({"email": "admin@example.com", "password": "supersecret"})),
            200,
            json!({"token": USER_TOKEN}),
        )
        .create();
    let me = server
        .call(
            "GET",
            "/admin/users/me",
            Who::Bearer(USER_TOKEN),
            None,
            200,
            json!({"user": {"id": "user_01", "email": "admin@example.com", "first_name": null,
                            "last_name": null, "avatar_url": null, "metadata": null,
                            "created_at": "2026-12-05T17:03:23.000Z", "updated_at": "2026-12-05T17:03:23.000Z",
                            "deleted_at": null}}),
        )
        .create();
    let admin = Admin::new(server.url()).unwrap();
    let user = admin
        .auth()
        .authenticate("admin@example.com", "supersecret")
        .unwrap();
    assert_eq!(user.id, "user_01");
    assert_eq!(user.email, "admin@example.com");
    assert_eq!(
        admin
            .bearer_token()
            .map(|t| t.secret().to_string())
            .as_deref(),
        Some(USER_TOKEN)
    );
    login.assert();
    me.assert();
    assert_eq!(
        server.lines_seen(),
        ["POST /auth/user/emailpass", "GET /admin/users/me"]
    );
    server.assert_nothing_unexpected();
}

#[test]
fn a_token_that_names_no_user_is_refused_and_not_kept() {
    let mut server = Server::new();
    server
        .call(
            "POST",
            LOGIN,
            Who::Nobody,
            Some(json!({"email": "jane@example.com", "password": "shopper"})),
            200,
            json!({"token": NO_ACTOR_TOKEN}),
        )
        .create();
    let list = server
        .call(
            "GET",
            "/admin/customers",
            Who::Nobody,
            None,
            401,
            json!({"message": "Unauthorized"}),
        )
        .create();
    let admin = Admin::new(server.url()).unwrap();
    let err = admin
        .auth()
        .login("jane@example.com", "shopper")
        .unwrap_err();
    match &err {
        Error::Api {
            status: 401, error, ..
        } => {
            assert_eq!(error.error_type(), ErrorType::Unauthorized);
            assert!(error.message.contains("not an admin user's"), "{err}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!format!("{err} {err:?}").contains("eyJ"));
    assert!(admin.bearer_token().is_none());
    // The next call is made as nobody.
    assert_eq!(
        admin
            .customers()
            .list(&ListCustomers::default())
            .unwrap_err()
            .status(),
        Some(401)
    );
    list.assert();
    server.assert_nothing_unexpected();
}

#[test]
fn wrong_credentials_are_the_servers_401_and_empty_ones_are_refused_before_sending() {
    let mut server = Server::new();
    server
        .call(
            "POST",
            LOGIN,
            Who::Nobody,
            Some(json!({"email": "admin@example.com", "password": "nope"})),
            401,
            json!({"type": "unauthorized", "message": "Invalid email or password"}),
        )
        .create();
    let admin = Admin::new(server.url()).unwrap();
    let err = admin.auth().login("admin@example.com", "nope").unwrap_err();
    assert_eq!(
        err.api_error().unwrap().message,
        "Invalid email or password"
    );
    assert!(!format!("{err:?}").contains("nope"));
    for (email, password) in [("", "x"), ("a@b.c", " ")] {
        assert!(matches!(
            admin.auth().login(email, password),
            Err(Error::InvalidInput(_))
        ));
    }
    assert_eq!(server.lines_seen(), ["POST /auth/user/emailpass"]);
    server.assert_nothing_unexpected();
}

#[test]
fn refresh_session_and_logout_use_the_auth_routes_with_the_users_token() {
    let mut server = Server::new();
    let refreshed = "eyJhbGciOiJIUzI1NiJ9.eyJhY3Rvcl9pZCI6InVzZXJfMDEifQ.c2ln";
    server
        .call(
            "POST",
            "/auth/token/refresh",
            Who::Bearer(USER_TOKEN),
            Some(json!({})),
            200,
            json!({"token": refreshed}),
        )
        .create();
    server
        .call(
            "POST",
            "/auth/session",
            Who::Bearer(refreshed),
            Some(json!({})),
            200,
            json!({"user": {}}),
        )
        .with_header("set-cookie", "connect.sid=s%3Aabc; Path=/; HttpOnly")
        .create();
    let admin = server.with_token();
    let token = admin.auth().refresh().unwrap();
    assert_eq!(token.secret(), refreshed);
    admin.auth().create_session().unwrap();
    assert!(admin.cookie_store().holds_host(&server.url()));
    assert_eq!(
        server.lines_seen(),
        ["POST /auth/token/refresh", "POST /auth/session"]
    );
    server.assert_nothing_unexpected();
}

#[test]
fn an_admin_session_file_does_not_load_into_a_store_client_nor_the_reverse() {
    let dir = std::env::temp_dir().join(format!(
        "medusa-blocking-admin-session-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = "http://127.0.0.1:9";
    let admin_file = dir.join("admin.json");
    let admin = Admin::builder(url)
        .bearer_token(USER_TOKEN)
        .build()
        .unwrap();
    admin.save_session(&admin_file).unwrap();
    let saved = std::fs::read_to_string(&admin_file).unwrap();
    assert!(saved.contains("v2-admin"), "{saved}");
    match Medusa::builder(url)
        .publishable_api_key("pk_1")
        .load_session(&admin_file)
        .build()
    {
        Err(Error::SessionFile { reason, .. }) => {
            assert!(reason.contains("v2-admin"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // It loads into an admin client.
    let again = Admin::builder(url)
        .load_session(&admin_file)
        .build()
        .unwrap();
    assert_eq!(
        again
            .bearer_token()
            .map(|t| t.secret().to_string())
            .as_deref(),
        Some(USER_TOKEN)
    );

    let store_file = dir.join("store.json");
    let store = Medusa::builder(url)
        .publishable_api_key("pk_1")
        .bearer_token(USER_TOKEN)
        .build()
        .unwrap();
    store.save_session(&store_file).unwrap();
    assert!(matches!(
        Admin::builder(url).load_session(&store_file).build(),
        Err(Error::SessionFile { .. })
    ));
    // The key is configuration, never saved.
    let keyed = Admin::builder(url).secret_api_key(KEY).build().unwrap();
    let keyed_file = dir.join("keyed.json");
    keyed.save_session(&keyed_file).unwrap();
    assert!(
        !std::fs::read_to_string(&keyed_file)
            .unwrap()
            .contains("sk_")
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
