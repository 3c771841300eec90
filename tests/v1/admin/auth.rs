//! `admin.auth()` and the admin client's credentials, against a mock server.

use medusa_blocking::v1::Medusa;
use medusa_blocking::v1::admin::Admin;
use medusa_blocking::{Error, ErrorType};
use medusa_testkit::mock::Reply;
use medusa_testkit::tempdir::TempDir;
use mockito::Matcher;

use super::{Harness, MockExt, TOKEN, expect_invalid_input, json, user_body};

const CREDENTIALS: &str = r#"{"email":"admin@example.com","password":"supersecret-PW"}"#;
const SID: &str = "s%3Aadmin-session.sig";
/// `{"user_id":"usr_01","domain":"admin","iat":1796504912,"exp":1796591312}`, as 1.20.11 signs
/// it (signature made up).
const JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2lkIjoidXNyXzAxIiwiZG9tYWluIjoiYWRtaW4iLCJpYXQiOjE3OTY1MDQ5MTIsImV4cCI6MTc5NjU5MTMxMn0.c2lnbmF0dXJl";

/// The plain-text 401 of a log-in route (passport's).
fn unauthorized() -> Reply {
    Reply::text(401, "text/plain; charset=utf-8", "Unauthorized")
}

#[test]
fn login_posts_the_credentials_and_the_session_cookie_is_sent_next() {
    let mut h = Harness::new();
    let login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .match_header("x-medusa-access-token", Matcher::Missing)
        .match_header("cookie", Matcher::Missing)
        .json_body(CREDENTIALS)
        .reply(json(200, &user_body("tok-echoed-SECRET")).header(
            "set-cookie",
            &format!("connect.sid={SID}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly"),
        ))
        .create();
    let me = h
        .expect_anonymous("GET", "/admin/auth", None)
        .match_header("cookie", format!("connect.sid={SID}").as_str())
        .match_header("authorization", Matcher::Missing)
        .no_body()
        .reply(json(200, &user_body("tok-echoed-SECRET")))
        .create();

    let admin = h.anonymous();
    let user = admin
        .auth()
        .login("admin@example.com", "supersecret-PW")
        .unwrap();
    assert_eq!(user.id, "usr_01M93Q61AZANXDK0VXMNNE2XNE");
    assert_eq!(user.email, "admin@example.com");
    assert_eq!(user.role.as_deref(), Some("member"));
    assert_eq!(
        user.api_token.as_ref().map(|t| t.secret()),
        Some("tok-echoed-SECRET")
    );
    let shown = format!("{user:?}");
    assert!(!shown.contains("tok-echoed-SECRET"), "{shown}");
    assert!(
        !serde_json::to_string(&user)
            .unwrap()
            .contains("tok-echoed-SECRET")
    );
    assert_eq!(admin.auth().get_session().unwrap().id, user.id);
    login.assert();
    me.assert();
}

#[test]
fn wrong_credentials_are_a_typed_401_in_the_servers_word_without_the_password() {
    let mut h = Harness::new();
    let login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .json_body(CREDENTIALS)
        .reply(unauthorized())
        .create();
    let token = h
        .expect_anonymous("POST", "/admin/auth/token", None)
        .json_body(CREDENTIALS)
        .reply(unauthorized())
        .create();
    let admin = h.anonymous();
    for result in [
        admin
            .auth()
            .login("admin@example.com", "supersecret-PW")
            .map(|_| ()),
        admin
            .auth()
            .get_token("admin@example.com", "supersecret-PW")
            .map(|_| ()),
    ] {
        let err = result.unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("supersecret-PW"), "{shown}");
        let api = err.api_error().expect("typed");
        assert_eq!(api.error_type(), ErrorType::Unauthorized);
        assert_eq!(api.message, "Unauthorized");
        assert_eq!(err.status(), Some(401));
    }
    assert!(admin.bearer_token().is_none());
    login.assert();
    token.assert();
}

#[test]
fn a_401_of_another_call_stays_the_servers_plain_answer() {
    let mut h = Harness::new();
    // Guarded routes answer `Unauthorized` without any content type.
    let me = h
        .expect("GET", "/admin/auth", None)
        .with_status(401)
        .with_body("Unauthorized")
        .create();
    match h.admin().auth().get_session() {
        Err(Error::Http {
            status: 401, body, ..
        }) => assert_eq!(body, "Unauthorized"),
        other => panic!("{other:?}"),
    }
    me.assert();
}

#[test]
fn get_token_keeps_the_bearer_token_for_every_later_call() {
    let mut h = Harness::new();
    let token = h
        .expect_anonymous("POST", "/admin/auth/token", None)
        .match_header("authorization", Matcher::Missing)
        .json_body(CREDENTIALS)
        .reply(json(200, &format!(r#"{{"access_token":"{JWT}"}}"#)))
        .create();
    let me = h
        .expect_anonymous("GET", "/admin/auth", None)
        .match_header("authorization", format!("Bearer {JWT}").as_str())
        .reply(json(200, &user_body("t")))
        .create();
    let admin = h.anonymous();
    let got = admin
        .auth()
        .get_token("admin@example.com", "supersecret-PW")
        .unwrap();
    assert_eq!(got.secret(), JWT);
    assert_eq!(got.lifetime(), Some(86_400));
    assert_eq!(admin.bearer_token().unwrap().secret(), JWT);
    assert!(!format!("{admin:?} {got:?}").contains(JWT));
    admin.auth().get_session().unwrap();
    token.assert();
    me.assert();
}

#[test]
fn the_api_token_is_sent_on_every_call_and_shown_nowhere() {
    let mut h = Harness::new();
    let me = h
        .expect("GET", "/admin/auth", None)
        .match_header("authorization", Matcher::Missing)
        .match_header("cookie", Matcher::Missing)
        .no_body()
        .reply(json(200, &user_body(TOKEN)))
        .expect(2)
        .create();
    let admin = h.admin();
    let user = admin.auth().get_session().unwrap();
    assert!(!format!("{user:?} {admin:?}").contains(TOKEN));
    admin.auth().get_session().unwrap();
    me.assert();
}

#[test]
fn logout_deletes_the_session_and_forgets_it_here() {
    let mut h = Harness::new();
    let login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .reply(json(200, &user_body("t")).header(
            "set-cookie",
            &format!("connect.sid={SID}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly"),
        ))
        .create();
    let logout = h
        .expect_anonymous("DELETE", "/admin/auth", None)
        .match_header("cookie", format!("connect.sid={SID}").as_str())
        .no_body()
        .reply(Reply::text(200, "text/plain; charset=utf-8", "OK"))
        .create();
    let admin = h.anonymous();
    admin
        .auth()
        .login("admin@example.com", "supersecret-PW")
        .unwrap();
    admin
        .set_bearer_token(Some(medusa_blocking::AccessToken::from(JWT)))
        .unwrap();
    assert_eq!(admin.cookie_store().len(), 1);
    admin.auth().logout().unwrap();
    assert!(admin.cookie_store().is_empty());
    assert!(admin.bearer_token().is_none());
    login.assert();
    logout.assert();
}

#[test]
fn logout_forgets_the_session_even_when_the_server_refuses() {
    let mut h = Harness::new();
    let logout = h
        .expect_anonymous("DELETE", "/admin/auth", None)
        .with_status(401)
        .with_body("Unauthorized")
        .create();
    let admin = h.anonymous();
    admin
        .set_bearer_token(Some(medusa_blocking::AccessToken::from(JWT)))
        .unwrap();
    assert_eq!(admin.auth().logout().unwrap_err().status(), Some(401));
    assert!(admin.bearer_token().is_none());
    logout.assert();
}

#[test]
fn empty_credentials_are_refused_before_sending() {
    let h = Harness::new();
    let admin = h.anonymous();
    expect_invalid_input(admin.auth().login(" ", "pw"), "email");
    expect_invalid_input(admin.auth().login("a@b.c", ""), "password");
    expect_invalid_input(admin.auth().get_token("", "pw"), "email");
    expect_invalid_input(admin.auth().get_token("a@b.c", " "), "password");
}

#[test]
fn a_v2_server_is_named_as_such() {
    let mut h = Harness::new();
    let login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .reply(Reply::text(
            404,
            "text/html; charset=utf-8",
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /admin/auth</pre>\n</body>\n</html>\n",
        ))
        .create();
    match h.anonymous().auth().login("a@b.c", "pw") {
        Err(Error::WrongApi {
            client_api,
            server_api,
            ..
        }) => assert_eq!((client_api, server_api), ("v1", "v2")),
        other => panic!("{other:?}"),
    }
    login.assert();
}

#[test]
fn an_admin_session_file_loads_only_into_an_admin_client_and_a_store_one_only_into_a_store_client()
{
    let mut h = Harness::new();
    let set_cookie =
        format!("connect.sid={SID}; Path=/; Expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly");
    let _admin_login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .reply(json(200, &user_body("t")).header("set-cookie", &set_cookie))
        .create();
    let _store_login = h
        .expect_anonymous("POST", "/store/auth", None)
        .reply(json(200, r#"{"customer":{"id":"cus_01"}}"#).header("set-cookie", &set_cookie))
        .create();
    let dir = TempDir::new("v1-admin-session-files");
    let admin_file = dir.join("admin.json");
    let store_file = dir.join("store.json");

    let admin = h.anonymous();
    admin.auth().login("a@b.c", "pw").unwrap();
    admin.save_session(&admin_file).unwrap();
    let store = Medusa::new(h.url()).unwrap();
    store.auth().authenticate("a@b.c", "pw").unwrap();
    store.save_session(&store_file).unwrap();

    // Each loads into its own kind of client…
    let again = Admin::builder(h.url())
        .load_session(&admin_file)
        .build()
        .unwrap();
    assert_eq!(again.cookie_store().len(), 1);
    Medusa::builder(h.url())
        .load_session(&store_file)
        .build()
        .unwrap();
    // …and into no other.
    for err in [
        Medusa::builder(h.url())
            .load_session(&admin_file)
            .build()
            .unwrap_err(),
        Admin::builder(h.url())
            .load_session(&store_file)
            .build()
            .unwrap_err(),
    ] {
        assert!(matches!(err, Error::SessionFile { .. }), "{err}");
        let shown = err.to_string();
        assert!(shown.contains("v1-admin"), "{shown}");
        assert!(!shown.contains(SID), "{shown}");
    }
    // The API token is configuration: never written to the file.
    let with_token = Admin::builder(h.url()).api_token(TOKEN).build().unwrap();
    let token_file = dir.join("token.json");
    with_token.save_session(&token_file).unwrap();
    let saved = std::fs::read_to_string(&token_file).unwrap();
    assert!(!saved.contains(TOKEN), "{saved}");
}

#[test]
fn a_user_that_does_not_decode_shows_no_token_in_the_error() {
    let mut h = Harness::new();
    let me = h
        .expect("GET", "/admin/auth", None)
        .reply(json(
            200,
            r#"{"user":{"id":7,"email":"admin@example.com","api_token":"tok-echoed-SECRET"}}"#,
        ))
        .create();
    let err = h.admin().auth().get_session().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("user.id"), "{shown}");
    assert!(!shown.contains("tok-echoed-SECRET"), "{shown}");
    me.assert();
}

#[test]
fn authenticate_is_login_under_the_other_wings_name() {
    let mut h = Harness::new();
    let login = h
        .expect_anonymous("POST", "/admin/auth", None)
        .json_body(CREDENTIALS)
        .reply(json(200, &user_body("t")))
        .create();
    let user = h
        .anonymous()
        .auth()
        .authenticate("admin@example.com", "supersecret-PW")
        .unwrap();
    assert_eq!(user.email, "admin@example.com");
    login.assert();
}
