//! Requests that cannot be steered elsewhere: dot segments, keys on the wrong method, pages of
//! nothing, and a logout that always forgets the local session.

use medusa_blocking::Error;
use medusa_blocking::v1::store::params::{AddressUpdate, ListOrders};
use mockito::Matcher;

const CUSTOMER: &str = r#"{"customer":{"id":"cus_01","email":"jane@example.com"}}"#;

#[test]
fn dot_segments_are_encoded_so_no_proxy_resolves_them() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let dotdot = server
        .mock("POST", "/store/customers/me/addresses/%2E%2E")
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let dot = server
        .mock("DELETE", "/store/customers/me/addresses/%2E")
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let profile = server
        .mock("POST", "/store/customers/me")
        .expect(0)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let addresses = medusa.customers().addresses();
    addresses
        .update_address("..", &AddressUpdate::default())
        .unwrap();
    addresses.delete_address(".").unwrap();
    dotdot.assert();
    dot.assert();
    profile.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn a_client_level_idempotency_key_goes_only_on_posts() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let get = server
        .mock("GET", "/store/customers/me")
        .match_header("idempotency-key", Matcher::Missing)
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let delete = server
        .mock("DELETE", "/store/customers/me/addresses/addr_1")
        .match_header("idempotency-key", Matcher::Missing)
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let post = server
        .mock("POST", "/store/customers/me")
        .match_header("idempotency-key", "client-key")
        .with_status(200)
        .with_body(CUSTOMER)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::builder(server.url())
        .header("Idempotency-Key", "client-key")
        .build()
        .unwrap();
    medusa.customers().retrieve().unwrap();
    medusa
        .customers()
        .addresses()
        .delete_address("addr_1")
        .unwrap();
    medusa.customers().update(&Default::default()).unwrap();
    get.assert();
    delete.assert();
    post.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn a_page_of_zero_is_refused_before_sending() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let orders = server
        .mock("GET", Matcher::Any)
        .with_status(200)
        .with_body(r#"{"orders":[],"count":5,"offset":0,"limit":0}"#)
        .expect(0)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let zero = ListOrders {
        limit: Some(0),
        ..Default::default()
    };
    let e = medusa.customers().list_orders(&zero).unwrap_err();
    assert!(
        matches!(&e, Error::InvalidInput(m) if m.contains("limit")),
        "{e:?}"
    );
    let walked: Vec<_> = medusa.customers().iter_orders(&zero).collect();
    assert_eq!(walked.len(), 1);
    assert!(matches!(walked[0], Err(Error::InvalidInput(_))));
    orders.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn delete_session_forgets_the_local_session_even_when_the_server_fails() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let logout = server
        .mock("DELETE", "/store/auth")
        .with_status(503)
        .with_body("down")
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::builder(server.url())
        .bearer_token("eyJhbGciOiJIUzI1NiJ9.e30.c2ln")
        .build()
        .unwrap();
    medusa
        .cookie_store()
        .insert("connect.sid=s%3Aabc; Path=/", &server.url())
        .unwrap();
    let e = medusa.auth().delete_session().unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert!(medusa.bearer_token().is_none());
    assert!(medusa.cookie_store().is_empty());
    logout.assert();
    catch_all.assert_nothing_unexpected();
}

const TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJjdXN0b21lcl9pZCI6ImN1c18wMSJ9.s3cr3t-s1gnature";

fn shown(e: &Error) -> String {
    format!(
        "{e} | {e:?} | {:?}",
        std::error::Error::source(e).map(|s| s.to_string())
    )
}

#[test]
fn the_escape_hatch_never_quotes_a_token_whatever_the_type_asked_for() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let body = format!(r#"{{"access_token":"{TOKEN}"}}"#);
    // One answer per type asked for, each a request of its own.
    let token = server
        .mock("POST", "/store/auth/token")
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(&body)
        .expect(3)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let creds = serde_json::json!({"email": "jane@example.com", "password": "pw"});
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Wrong {
        access_token: u64,
    }
    let errors = [
        medusa
            .post::<Wrong, _>("/store/auth/token", &creds)
            .unwrap_err(),
        medusa
            .post::<Vec<String>, _>("/store/auth/token", &creds)
            .unwrap_err(),
        medusa
            .post::<std::collections::HashMap<String, u8>, _>("/store/auth/token", &creds)
            .unwrap_err(),
    ];
    for e in &errors {
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        let s = shown(e);
        assert!(!s.contains("s3cr3t"), "{s}");
    }
    // The error still says where: the field's path.
    assert!(matches!(&errors[0], Error::Decode { path, .. } if path == "access_token"));
    token.assert();
    catch_all.assert_nothing_unexpected();
}

#[test]
fn an_error_page_that_echoes_a_token_or_password_is_redacted() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let page = format!(
        r#"<html><pre>Bad request {{"email":"jane@example.com","password":"hunter2"}} with Authorization: Bearer {TOKEN} and connect.sid=s%3Asecretsid</pre></html>"#
    );
    let me = server
        .mock("GET", "/store/customers/me")
        .with_status(502)
        .with_header("content-type", "text/html")
        .with_body(&page)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let e = medusa.customers().retrieve().unwrap_err();
    let s = shown(&e);
    for secret in ["hunter2", "s3cr3t", "secretsid"] {
        assert!(!s.contains(secret), "{secret} in {s}");
    }
    assert!(
        s.contains("jane@example.com"),
        "what is not secret stays: {s}"
    );
    me.assert();
    catch_all.assert_nothing_unexpected();
}

/// Random bodies with secrets under secret-named keys at random depths, decoded into random
/// types: no error ever shows one.
#[test]
fn fuzzed_bodies_never_leak_a_secret_into_an_error() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    const KEYS: [&str; 6] = [
        "token",
        "access_token",
        "password",
        "api_key",
        "Cookie",
        "jwt",
    ];
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let mut bodies = Vec::new();
    for i in 0..60 {
        let secret = format!("Zq{i}x{}Secret", next(1_000_000));
        let key = KEYS[next(KEYS.len())];
        let mut value = format!(r#"{{"{key}":"{secret}","n":{}}}"#, next(100));
        for _ in 0..next(4) {
            value = match next(3) {
                0 => format!(r#"{{"data":{value},"ok":true}}"#),
                1 => format!(r#"[{value},{}]"#, next(9)),
                _ => format!(r#"{{"customer":{value}}}"#),
            };
        }
        if next(4) == 0 {
            value.truncate(value.len() - next(value.len() / 2 + 1));
        }
        bodies.push((secret, value));
    }
    // Body `i` answers `GET /b{i}` (the escape hatch, three types) and `GET /store/customers/me`
    // with `x-n: i` (a typed call).
    let mut mocks = Vec::new();
    for (i, (_, body)) in bodies.iter().enumerate() {
        let status = if i % 3 == 0 { 500 } else { 200 };
        mocks.push(
            server
                .mock("GET", format!("/b{i}").as_str())
                .with_status(status)
                .with_body(body)
                .expect(3)
                .create(),
        );
        mocks.push(
            server
                .mock("GET", "/store/customers/me")
                .match_header("x-n", i.to_string().as_str())
                .with_status(status)
                .with_body(body)
                .expect(1)
                .create(),
        );
    }
    let medusa = medusa_blocking::v1::Medusa::new(server.url()).unwrap();
    let mut typed_errors = 0;
    for (i, (secret, body)) in bodies.iter().enumerate() {
        let path = format!("/b{i}");
        // No body is a `u8`, a list of numbers or a map of numbers: the escape hatch fails on each.
        let mut errors: Vec<Error> = vec![
            medusa.get::<u8>(&path).expect_err(body),
            medusa.get::<Vec<u32>>(&path).expect_err(body),
            medusa
                .get::<std::collections::HashMap<String, u32>>(&path)
                .expect_err(body),
        ];
        // A `{"customer": {…}}` whose fields fit decodes (every field has a default): no error.
        if let Err(e) = medusa.customers().header("x-n", &i.to_string()).retrieve() {
            typed_errors += 1;
            errors.push(e);
        }
        for e in &errors {
            let s = shown(e);
            assert!(!s.contains(secret.as_str()), "{body} -> {s}");
        }
    }
    // More typed errors than the 20 bodies answered with a 500: the decoding errors of 200
    // bodies were looked into too.
    assert!(typed_errors > 20, "{typed_errors} typed errors");
    for mock in &mocks {
        mock.assert();
    }
    catch_all.assert_nothing_unexpected();
}

#[test]
fn the_escape_hatch_takes_a_query_headers_and_answers_text_or_nothing() {
    let (mut server, catch_all) = medusa_testkit::mock::server();
    let confirm = server
        .mock("POST", "/store/orders/customer/confirm")
        .match_header("x-request-id", "42")
        .match_header("x-tenant", "call")
        .match_header("content-type", "application/json")
        .match_body(Matcher::JsonString(r#"{"token":"t"}"#.into()))
        .with_status(200)
        .with_header("content-type", "text/plain; charset=utf-8")
        .with_body("OK")
        .expect(1)
        .create();
    let products = server
        .mock("GET", "/store/products")
        .match_query(Matcher::Exact(
            "q=t+shirt%26more&id%5B0%5D=prod_1&id%5B1%5D=prod%2F2".into(),
        ))
        .with_status(200)
        .with_body(r#"{"products":[],"count":0}"#)
        .expect(1)
        .create();
    let gone = server
        .mock("DELETE", "/store/carts/cart_1/line-items/item_1")
        .with_status(204)
        .expect(1)
        .create();
    let medusa = medusa_blocking::v1::Medusa::builder(server.url())
        .header("x-tenant", "client")
        .build()
        .unwrap();
    let text = medusa
        .request("POST", "/store/orders/customer/confirm")
        .header("x-request-id", "42")
        .header("x-tenant", "call")
        .json(&serde_json::json!({"token": "t"}))
        .text()
        .unwrap();
    assert_eq!(text, "OK");
    let page: serde_json::Value = medusa
        .request("get", "/store/products")
        .query("q", "t shirt&more")
        .query_list("id", &["prod_1", "prod/2"])
        .send()
        .unwrap();
    assert_eq!(page["count"], 0);
    medusa
        .request("DELETE", "/store/carts/cart_1/line-items/item_1")
        .empty()
        .unwrap();
    confirm.assert();
    products.assert();
    gone.assert();
    // A bad method or header is refused before anything is sent.
    let e = medusa
        .request("GE T", "/store/products")
        .empty()
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    let e = medusa
        .request("GET", "/store/products")
        .header("bad header", "x")
        .empty()
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    products.assert();
    // Debug shows neither the query nor the body.
    let shown = format!(
        "{:?}",
        medusa
            .request("POST", "/store/auth/token")
            .query("password", "hunter2")
            .json(&serde_json::json!({"password": "hunter2"}))
    );
    assert!(!shown.contains("hunter2"), "{shown}");
    catch_all.assert_nothing_unexpected();
}
