//! `medusa.auth()` of the v2 wing against a mock server answering with the exchanges recorded
//! from a real Medusa 2.21.2: for every call, the exact request (method, path, headers, body)
//! and what the client keeps of the answer (the token, the `connect.sid` cookie), and the
//! errors as a user reads them. Token refresh before expiry, detection and session files are in
//! `tests/v2/session.rs`.

use crate::support::v2::*;
use medusa_blocking::ErrorType;
use serde_json::json;

fn credentials(email: &str, password: &str) -> Body {
    Body::Json(json!({"email": email, "password": password}))
}

// ---------------------------------------------------------------------------------------------
// register

#[test]
fn register_posts_the_credentials_and_returns_a_registration_token_it_does_not_keep() {
    let mut api = Api::new();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            Body::Json(captured_request_json("008-auth-register")),
            &capture("008-auth-register"),
        )
        .create();
    // The registration token is good for creating the customer only: never the session's.
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("014-customers-me-with-registration-token"),
        )
        .create();
    let medusa = api.medusa();

    let token = medusa.auth().register(EMAIL, PASSWORD).expect("register");

    assert_eq!(token.secret(), registration_token());
    assert_eq!(medusa.bearer_token(), None);
    assert_eq!(medusa.auth().get_session().unwrap_err().status(), Some(401));
    register.assert();
    me.assert();
}

#[test]
fn register_for_an_email_with_another_password_is_the_auth_routes_401_with_a_type() {
    let mut api = Api::new();
    let register = api
        .call(
            "POST",
            REGISTER,
            As::Anonymous,
            Body::Json(captured_request_json(
                "010-auth-register-again-other-password",
            )),
            &capture("010-auth-register-again-other-password"),
        )
        .create();

    expect_api_error(
        api.medusa().auth().register(EMAIL, "other-password"),
        401,
        ErrorType::Unauthorized,
        "Identity with email already exists",
    );
    register.assert();
}

#[test]
fn register_login_and_authenticate_refuse_an_empty_email_or_password_without_sending() {
    let api = Api::new();
    let auth = api.medusa().auth();

    expect_invalid_input(auth.register("", PASSWORD), "email");
    expect_invalid_input(auth.register(EMAIL, ""), "password");
    expect_invalid_input(auth.register(" \t", PASSWORD), "email");
    expect_invalid_input(auth.login("", PASSWORD), "email");
    expect_invalid_input(auth.login(EMAIL, "  "), "password");
    expect_invalid_input(auth.get_token("", PASSWORD), "email");
    expect_invalid_input(auth.authenticate(EMAIL, ""), "password");

    api.assert_nothing_sent();
}

// ---------------------------------------------------------------------------------------------
// login, get_token, authenticate, get_session

#[test]
fn login_keeps_the_token_and_every_later_call_of_every_clone_sends_it() {
    let mut api = Api::new();
    let token = login_token();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            Body::Json(captured_request_json("024-auth-login")),
            &capture("024-auth-login"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .expect(2)
        .create();
    let update = api
        .call(
            "POST",
            ME,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("038-customers-me-update"),
        )
        .create();
    let orders = api
        .call(
            "GET",
            ORDERS,
            As::Bearer(&token),
            Body::None,
            &capture("084-orders-list"),
        )
        .create();
    let delete = api
        .call(
            "DELETE",
            &format!("{ADDRESSES}/{TORONTO_ID}"),
            As::Bearer(&token),
            Body::None,
            &capture("071-addresses-delete"),
        )
        .create();
    let medusa = api.medusa();
    let clone = medusa.clone();

    let returned = medusa.auth().login(EMAIL, PASSWORD).expect("login");

    assert_eq!(returned.secret(), token);
    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token.clone())
    );
    medusa.customers().retrieve().expect("retrieve");
    clone.customers().retrieve().expect("retrieve by a clone");
    medusa
        .customers()
        .update(&Default::default())
        .expect("update");
    clone
        .orders()
        .list(&Default::default())
        .expect("orders of a clone");
    medusa
        .customers()
        .addresses()
        .delete_address(TORONTO_ID)
        .expect("delete address");
    for mock in [&login, &me, &update, &orders, &delete] {
        mock.assert();
    }
}

#[test]
fn login_with_a_wrong_password_is_a_401_and_keeps_no_token() {
    let mut api = Api::new();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            Body::Json(captured_request_json("025-auth-login-wrong-password")),
            &capture("025-auth-login-wrong-password"),
        )
        .create();
    let medusa = api.medusa();

    expect_api_error(
        medusa.auth().login(EMAIL, "wrong"),
        401,
        ErrorType::Unauthorized,
        "Invalid email or password",
    );

    assert_eq!(medusa.bearer_token(), None);
    login.assert();
}

#[test]
fn get_token_logs_in_and_keeps_the_token() {
    let mut api = Api::new();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(EMAIL, PASSWORD),
            &capture("024-auth-login"),
        )
        .create();
    let medusa = api.medusa();

    let token = medusa.auth().get_token(EMAIL, PASSWORD).expect("get_token");

    assert_eq!(token.secret(), login_token());
    assert_eq!(medusa.bearer_token(), Some(token));
    login.assert();
}

#[test]
fn authenticate_logs_in_then_gets_the_customer_with_the_new_token() {
    let mut api = Api::new();
    let token = login_token();
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(EMAIL, PASSWORD),
            &capture("024-auth-login"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();

    let customer = api
        .medusa()
        .auth()
        .authenticate(EMAIL, PASSWORD)
        .expect("authenticate");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.email, EMAIL);
    assert_eq!(customer.first_name.as_deref(), Some("Jane"));
    assert_eq!(customer.company_name.as_deref(), Some("Acme"));
    assert_eq!(
        api.lines_seen(),
        [format!("POST {LOGIN}"), format!("GET {ME}")]
    );
    login.assert();
    me.assert();
}

#[test]
fn get_session_gets_me_with_the_sessions_token() {
    let mut api = Api::new();
    let token = login_token();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&token),
            Body::None,
            &capture("031-customers-me"),
        )
        .create();

    let customer = api.logged_in().auth().get_session().expect("get_session");

    assert_eq!(customer.id, CUSTOMER_ID);
    assert_eq!(customer.phone.as_deref(), Some("+15555550100"));
    me.assert();
}

#[test]
fn get_session_when_not_logged_in_is_the_json_401_without_a_type() {
    let mut api = Api::new();
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("032-customers-me-no-auth"),
        )
        .create();

    // The body is `{"message":"Unauthorized"}`: the type is inferred from the status.
    expect_api_error(
        api.medusa().auth().get_session(),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );
    me.assert();
}

// ---------------------------------------------------------------------------------------------
// refresh

#[test]
fn refresh_posts_with_the_token_and_replaces_it_with_the_new_one() {
    let mut api = Api::new();
    let old = login_token();
    let new = refreshed_token();
    assert_ne!(old, new);
    let refresh = api
        .call(
            "POST",
            REFRESH,
            As::Bearer(&old),
            Body::Json(json!({})),
            &capture("053-auth-token-refresh"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Bearer(&new),
            Body::None,
            &capture("056-customers-me-with-refreshed"),
        )
        .create();
    let medusa = api.logged_in();

    let returned = medusa.auth().refresh().expect("refresh");

    assert_eq!(returned.secret(), new);
    assert_eq!(medusa.bearer_token(), Some(returned));
    medusa
        .customers()
        .retrieve()
        .expect("retrieve with the new token");
    refresh.assert();
    me.assert();
}

#[test]
fn a_refused_refresh_is_the_json_401_and_keeps_the_token() {
    let mut api = Api::new();
    let token = login_token();
    let refresh = api
        .call(
            "POST",
            REFRESH,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("054-auth-token-refresh-no-auth"),
        )
        .create();
    let medusa = api.logged_in();

    // The captured token ran out long ago: the 401 says to log in again, with the server's words.
    let refused = medusa.auth().refresh();
    let Err(medusa_blocking::Error::SessionExpired { error }) = refused else {
        panic!("not Error::SessionExpired: {refused:?}");
    };
    expect_api_error(
        Err::<(), _>(*error),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );

    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    refresh.assert();
}

#[test]
fn refresh_without_a_token_sends_no_authorization_and_gets_no_token() {
    let mut api = Api::new();
    let refresh = api
        .call(
            "POST",
            REFRESH,
            As::Anonymous,
            Body::Json(json!({})),
            &capture("054-auth-token-refresh-no-auth"),
        )
        .create();
    let medusa = api.medusa();

    let err = medusa.auth().refresh().unwrap_err();

    assert_eq!(err.status(), Some(401));
    assert_eq!(medusa.bearer_token(), None);
    refresh.assert();
}

// ---------------------------------------------------------------------------------------------
// create_session, logout

/// A logged-in client that has also made a cookie session (044), with the mock of that call.
fn with_cookie_session(api: &mut Api) -> medusa_blocking::v2::Medusa {
    let token = login_token();
    let session = api
        .call(
            "POST",
            SESSION,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("044-auth-session-create"),
        )
        .create();
    let medusa = api.logged_in();
    medusa.auth().create_session().expect("create_session");
    session.assert();
    medusa
}

#[test]
fn create_session_keeps_the_recorded_connect_sid_and_sends_it_from_then_on() {
    let mut api = Api::new();
    let token = login_token();
    let with_both = api
        .call(
            "GET",
            ME,
            As::BearerAndCookie(&token, SID),
            Body::None,
            &capture("046-customers-me-with-cookie"),
        )
        .create();
    let cookie_alone = api
        .call(
            "GET",
            ME,
            As::Cookie(SID),
            Body::None,
            &capture("046-customers-me-with-cookie"),
        )
        .create();

    let medusa = with_cookie_session(&mut api);

    let cookies = medusa.cookie_store().cookies();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    assert_eq!(
        (cookies[0].name(), cookies[0].value(), cookies[0].path()),
        ("connect.sid", SID, "/")
    );
    // The token is kept too.
    assert_eq!(
        medusa.bearer_token().map(|t| t.secret().to_string()),
        Some(token)
    );
    medusa
        .customers()
        .retrieve()
        .expect("with token and cookie");
    medusa.set_bearer_token(None).unwrap();
    let me = medusa
        .customers()
        .retrieve()
        .expect("with the cookie alone");
    assert_eq!(me.first_name.as_deref(), Some("Janet"));
    with_both.assert();
    cookie_alone.assert();
}

#[test]
fn create_session_without_a_token_is_a_401_and_stores_no_cookie() {
    let mut api = Api::new();
    let session = api
        .call(
            "POST",
            SESSION,
            As::Anonymous,
            Body::Json(json!({})),
            &capture("045-auth-session-create-no-bearer"),
        )
        .create();
    let medusa = api.medusa();

    expect_api_error(
        medusa.auth().create_session(),
        401,
        ErrorType::Unauthorized,
        "Unauthorized",
    );

    assert!(medusa.cookie_store().is_empty());
    session.assert();
}

#[test]
fn logout_with_a_cookie_session_deletes_it_and_forgets_token_and_cookies() {
    let mut api = Api::new();
    let token = login_token();
    let delete = api
        .call(
            "DELETE",
            SESSION,
            As::BearerAndCookie(&token, SID),
            Body::None,
            &capture("048-auth-session-delete"),
        )
        .create();
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("032-customers-me-no-auth"),
        )
        .create();
    let medusa = with_cookie_session(&mut api);

    medusa.auth().logout().expect("logout");

    assert_eq!(medusa.bearer_token(), None);
    assert!(medusa.cookie_store().is_empty());
    assert_eq!(
        medusa.customers().retrieve().unwrap_err().status(),
        Some(401)
    );
    delete.assert();
    me.assert();
}

#[test]
fn logout_without_a_cookie_sends_nothing_and_forgets_the_token() {
    let mut api = Api::new();
    let me = api
        .call(
            "GET",
            ME,
            As::Anonymous,
            Body::None,
            &capture("032-customers-me-no-auth"),
        )
        .create();
    let medusa = api.logged_in();

    medusa.auth().logout().expect("logout");

    assert_eq!(api.lines_seen(), Vec::<String>::new());
    assert_eq!(medusa.bearer_token(), None);
    assert_eq!(
        medusa.customers().retrieve().unwrap_err().status(),
        Some(401)
    );
    me.assert();
}

#[test]
fn a_logout_whose_session_the_server_no_longer_knows_is_done_and_forgets_the_session() {
    let mut api = Api::new();
    let token = login_token();
    // The server no longer knows the session (it answers as to a request without a cookie).
    let delete = api
        .call(
            "DELETE",
            SESSION,
            As::BearerAndCookie(&token, SID),
            Body::None,
            &capture("050-auth-session-delete-no-cookie"),
        )
        .create();
    let medusa = with_cookie_session(&mut api);

    // No session on the server is what a logout wants (a lost first attempt ends that way):
    // the 401 counts as done.
    medusa.auth().logout().expect("logout");

    assert_eq!(medusa.bearer_token(), None);
    assert!(medusa.cookie_store().is_empty());
    delete.assert();
}

#[test]
fn delete_session_is_logout() {
    let mut api = Api::new();
    let token = login_token();
    let delete = api
        .call(
            "DELETE",
            SESSION,
            As::BearerAndCookie(&token, SID),
            Body::None,
            &capture("048-auth-session-delete"),
        )
        .create();
    let medusa = with_cookie_session(&mut api);

    medusa.auth().delete_session().expect("delete_session");

    assert_eq!(medusa.bearer_token(), None);
    assert!(medusa.cookie_store().is_empty());
    delete.assert();
}

// ---------------------------------------------------------------------------------------------
// headers

#[test]
fn an_auth_handle_header_overrides_the_clients_on_that_handle_only() {
    let mut api = Api::new();
    let token = login_token();
    // Exact matchers: a request carrying both values would match neither.
    let login = api
        .call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(EMAIL, PASSWORD),
            &capture("024-auth-login"),
        )
        .match_header("x-tenant", "us")
        .create();
    let refresh = api
        .call(
            "POST",
            REFRESH,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("053-auth-token-refresh"),
        )
        .match_header("x-tenant", "eu")
        .create();
    let medusa = api
        .builder()
        .header("x-tenant", "eu")
        .build()
        .expect("client");

    medusa
        .auth()
        .header("x-tenant", "us")
        .login(EMAIL, PASSWORD)
        .expect("login with the handle's header");
    medusa.auth().refresh().expect("refresh with the client's");

    login.assert();
    refresh.assert();
}

#[test]
fn every_auth_call_sends_the_publishable_key_once_and_a_content_type_only_with_a_body() {
    let mut api = Api::new();
    let token = login_token();
    let fresh = refreshed_token();
    let mocks = [
        api.call(
            "POST",
            REGISTER,
            As::Anonymous,
            credentials(EMAIL, PASSWORD),
            &capture("008-auth-register"),
        )
        .create(),
        api.call(
            "POST",
            LOGIN,
            As::Anonymous,
            credentials(EMAIL, PASSWORD),
            &capture("024-auth-login"),
        )
        .create(),
        api.call(
            "POST",
            REFRESH,
            As::Bearer(&token),
            Body::Json(json!({})),
            &capture("053-auth-token-refresh"),
        )
        .create(),
        api.call(
            "POST",
            SESSION,
            As::Bearer(&fresh),
            Body::Json(json!({})),
            &capture("044-auth-session-create"),
        )
        .create(),
        api.call(
            "DELETE",
            SESSION,
            As::BearerAndCookie(&fresh, SID),
            Body::None,
            &capture("048-auth-session-delete"),
        )
        .create(),
    ];
    let auth = api.medusa().auth();

    auth.register(EMAIL, PASSWORD).expect("register");
    auth.login(EMAIL, PASSWORD).expect("login");
    auth.refresh().expect("refresh");
    auth.create_session().expect("create_session");
    auth.logout().expect("logout");

    for mock in &mocks {
        mock.assert();
    }
    let seen = api.seen();
    assert_eq!(seen.len(), 5);
    for request in &seen {
        assert_eq!(
            request.header_values("x-publishable-api-key"),
            [KEY],
            "{}",
            request.line()
        );
        let content_types = request.header_values("content-type");
        if request.body.is_empty() {
            assert!(content_types.is_empty(), "{}", request.line());
        } else {
            assert_eq!(content_types, ["application/json"], "{}", request.line());
        }
    }
}
