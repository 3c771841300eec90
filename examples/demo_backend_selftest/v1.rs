//! The Medusa 1.20 demo backend (`medusa_testkit::demo::v1`), against the recorded exchanges of
//! `tests/fixtures/captures`.

use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use medusa_testkit::demo::v1::DemoBackend;
use serde_json::{Value, json};

use super::{Checks, Conn, JSON_UTF8};

pub(crate) fn run(t: &mut Checks) {
    let backend = DemoBackend::start().expect("start the demo backend");
    let url = backend.url();
    let addr = url
        .strip_prefix("http://")
        .expect("url starts with http://")
        .to_string();
    t.ok(
        url.starts_with("http://127.0.0.1:") && !url.ends_with('/'),
        "url shape",
    );

    // One keep-alive connection carries most of the flow.
    let mut c = Conn::open(&addr);

    let health = c.send("GET", "/health", &[], None);
    t.status(&health, 200, "health");
    t.eq(health.body.as_str(), "OK", "health body");
    t.ok(
        health.header("vary").is_none(),
        "health has no CORS headers",
    );
    t.eq(
        health.header("connection"),
        Some("keep-alive"),
        "keep-alive",
    );
    t.eq(
        health.header("keep-alive"),
        Some("timeout=5"),
        "keep-alive timeout",
    );

    // ---- registration ----
    let register = c.send(
        "POST",
        "/store/customers",
        &[],
        Some(r#"{"first_name":"Jane","last_name":"Doe","email":"Jane.Doe@Example.com","password":"supersecret1"}"#),
    );
    t.status(&register, 200, "register");
    t.eq(
        register.header("content-type"),
        Some(JSON_UTF8),
        "register content type",
    );
    t.eq(register.header("vary"), Some("Origin"), "Vary: Origin");
    t.eq(
        register.header("access-control-allow-credentials"),
        Some("true"),
        "ACAC",
    );
    let set_cookie = register
        .header("set-cookie")
        .unwrap_or_default()
        .to_string();
    t.ok(
        set_cookie.starts_with("connect.sid=s%3A")
            && set_cookie.contains("; Path=/; Expires=")
            && set_cookie.ends_with(" GMT; HttpOnly"),
        "register Set-Cookie shape",
    );
    let cookie = register.cookie().expect("session cookie");
    t.ok(
        register.body.starts_with(r#"{"customer":{"id":"cus_"#)
            && register.body.ends_with(r#""has_account":true,"metadata":null,"billing_address":null,"shipping_addresses":[]}}"#),
        "register body shape and key order",
    );
    let me = register.json()["customer"].clone();
    let customer_id = me["id"].as_str().unwrap_or_default().to_string();
    t.eq(
        me["email"].as_str(),
        Some("jane.doe@example.com"),
        "email lower-cased",
    );
    t.eq(
        me["created_at"].clone(),
        me["updated_at"].clone(),
        "created_at == updated_at",
    );

    let dup = c.send(
        "POST",
        "/store/customers",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"x"}"#),
    );
    t.status(&dup, 422, "duplicate");
    t.eq(
        dup.body.as_str(),
        r#"{"code":"invalid_request_error","type":"duplicate_error","message":"A customer with the given email already has an account. Log in instead"}"#,
        "duplicate body",
    );
    let empty = c.send("POST", "/store/customers", &[], Some("{}"));
    t.status(&empty, 400, "empty register");
    t.eq(
        empty.body.as_str(),
        r#"{"type":"invalid_data","message":"email must be an email, password must be a string"}"#,
        "empty register body",
    );
    let extra = c.send(
        "POST",
        "/store/customers",
        &[],
        Some(r#"{"email":"x@example.com","password":"p","metadata":{"a":1}}"#),
    );
    t.eq(
        extra.body.as_str(),
        r#"{"type":"invalid_data","message":"property metadata should not exist"}"#,
        "unknown property",
    );
    let malformed = c.send(
        "POST",
        "/store/customers",
        &[],
        Some(r#"{"email": "x@example.com", "#),
    );
    t.status(&malformed, 400, "malformed JSON");
    t.eq(
        malformed.header("content-type"),
        Some("text/html; charset=utf-8"),
        "malformed JSON is HTML",
    );
    t.ok(
        malformed.body.contains(
            "<pre>SyntaxError: Expected double-quoted property name in JSON at position 27<br> &nbsp; &nbsp;at parse (&lt;anonymous&gt;)",
        ),
        "malformed JSON message",
    );
    t.eq(
        malformed.header("content-security-policy"),
        Some("default-src 'none'"),
        "CSP on error page",
    );
    let guest = c.send(
        "POST",
        "/store/customers",
        &[],
        Some(r#"{"email":"guest@example.com","password":""}"#),
    );
    t.eq(
        guest.json()["customer"]["has_account"].clone(),
        json!(false),
        "guest",
    );

    // ---- me ----
    let with_cookie = [("Cookie", cookie.as_str())];
    let me_res = c.send("GET", "/store/customers/me", &with_cookie, None);
    t.status(&me_res, 200, "me with cookie");
    t.ok(
        me_res.header("set-cookie").is_none(),
        "no Set-Cookie with a valid cookie",
    );
    t.eq(
        me_res.json()["customer"]["id"].as_str(),
        Some(customer_id.as_str()),
        "me id",
    );

    let mut anon = Conn::open(&addr);
    let unauthorized = anon.send("GET", "/store/customers/me", &[], None);
    t.status(&unauthorized, 401, "me without cookie");
    t.ok(
        unauthorized.header("content-type").is_none(),
        "401 has no Content-Type",
    );
    t.eq(
        unauthorized.header("transfer-encoding"),
        Some("chunked"),
        "401 is chunked",
    );
    t.eq(unauthorized.body.as_str(), "Unauthorized", "401 body");
    t.ok(
        unauthorized.header("set-cookie").is_some(),
        "anonymous gets a cookie",
    );
    let bogus = anon.send(
        "GET",
        "/store/customers/me",
        &[("Cookie", "connect.sid=s%3Abogus.bogus")],
        None,
    );
    t.status(&bogus, 401, "bogus cookie");
    t.ok(
        bogus.header("set-cookie").is_some(),
        "bogus cookie gets a new one",
    );

    // ---- update ----
    let update = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"first_name":"Janet","phone":"+15550001111","metadata":{"newsletter":true,"source":"acceptance"}}"#),
    );
    t.status(&update, 200, "update");
    t.ok(
        update
            .body
            .contains(r#""first_name":"Janet","last_name":"Doe","billing_address_id":null,"phone":"+15550001111","has_account":true,"metadata":{"source":"acceptance","newsletter":true}"#),
        "update applied, metadata in jsonb key order",
    );
    let unset = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"metadata":{"source":"","tier":"gold"}}"#),
    );
    t.eq(
        unset.json()["customer"]["metadata"].clone(),
        json!({"tier": "gold", "newsletter": true}),
        "metadata merged, \"\" deletes a key",
    );
    let bad_field = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"first_name":123}"#),
    );
    t.eq(
        bad_field.body.as_str(),
        r#"{"type":"invalid_data","message":"first_name must be a string"}"#,
        "update bad field",
    );
    let unknown_field = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"nickname":"jd"}"#),
    );
    t.status(&unknown_field, 400, "update unknown field");
    t.eq(
        unknown_field.body.as_str(),
        r#"{"type":"invalid_data","message":"property nickname should not exist"}"#,
        "update unknown field body",
    );
    let update_anon = anon.send(
        "POST",
        "/store/customers/me",
        &[],
        Some(r#"{"first_name":"X"}"#),
    );
    t.status(&update_anon, 401, "update without cookie");

    // ---- orders ----
    let orders = c.send("GET", "/store/customers/me/orders", &with_cookie, None);
    t.status(&orders, 200, "orders");
    t.ok(
        orders
            .body
            .starts_with(r#"{"orders":[{"object":"order","id":"order_"#)
            && orders
                .body
                .ends_with(r#"],"count":12,"offset":0,"limit":10}"#),
        "orders envelope and key order",
    );
    let list = orders.json();
    let page = list["orders"].as_array().cloned().unwrap_or_default();
    t.eq(page.len(), 10, "default limit 10");
    let created: Vec<String> = page
        .iter()
        .map(|o| o["created_at"].as_str().unwrap_or_default().to_string())
        .collect();
    t.ok(created.windows(2).all(|w| w[0] > w[1]), "newest first");
    t.eq(
        page[0]["customer"]["first_name"].as_str(),
        Some("Janet"),
        "order.customer is current",
    );
    t.eq(
        page[0]["customer_id"].as_str(),
        Some(customer_id.as_str()),
        "order customer_id",
    );
    let totals_ok = page.iter().all(|o| {
        let sub = o["subtotal"].as_i64().unwrap_or(-1);
        let total = o["total"].as_i64().unwrap_or(-1);
        let item = &o["items"][0];
        total == sub + o["shipping_total"].as_i64().unwrap_or(0)
            && sub
                == item["unit_price"].as_i64().unwrap_or(0) * item["quantity"].as_i64().unwrap_or(0)
            && o["payments"][0]["amount"].as_i64() == Some(total)
    });
    t.ok(totals_ok, "order totals are consistent");

    let page1 = c
        .send(
            "GET",
            "/store/customers/me/orders?limit=5",
            &with_cookie,
            None,
        )
        .json();
    let page2 = c
        .send(
            "GET",
            "/store/customers/me/orders?limit=5&offset=5",
            &with_cookie,
            None,
        )
        .json();
    let page3 = c
        .send(
            "GET",
            "/store/customers/me/orders?limit=5&offset=10",
            &with_cookie,
            None,
        )
        .json();
    let ids = |v: &Value| -> Vec<String> {
        v["orders"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|o| o["id"].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    t.eq(
        (ids(&page1).len(), ids(&page2).len(), ids(&page3).len()),
        (5, 5, 2),
        "paging sizes",
    );
    t.ok(
        ids(&page1).iter().all(|id| !ids(&page2).contains(id)),
        "pages do not overlap",
    );
    t.eq(
        (
            page2["count"].clone(),
            page2["offset"].clone(),
            page2["limit"].clone(),
        ),
        (json!(12), json!(5), json!(5)),
        "page 2 envelope",
    );
    let display_ids: Vec<i64> = ids(&page1)
        .iter()
        .zip(page1["orders"].as_array().into_iter().flatten())
        .map(|(_, o)| o["display_id"].as_i64().unwrap_or(0))
        .collect();
    t.ok(
        display_ids.windows(2).all(|w| w[0] > w[1]),
        "display_id descending",
    );

    let completed = c
        .send(
            "GET",
            "/store/customers/me/orders?status%5B0%5D=completed",
            &with_cookie,
            None,
        )
        .json();
    let all_completed = completed["orders"]
        .as_array()
        .is_some_and(|a| a.iter().all(|o| o["status"] == "completed"));
    t.ok(all_completed, "status%5B0%5D=completed filters");
    t.eq(completed["count"].clone(), json!(6), "6 completed orders");
    let two = c
        .send(
            "GET",
            "/store/customers/me/orders?status[]=completed&status[]=canceled&limit=20",
            &with_cookie,
            None,
        )
        .json();
    t.eq(two["count"].clone(), json!(8), "status[]=a&status[]=b");
    let plain = c
        .send(
            "GET",
            "/store/customers/me/orders?status=pending",
            &with_cookie,
            None,
        )
        .json();
    t.eq(plain["count"].clone(), json!(4), "status=pending");
    let comma = c
        .send(
            "GET",
            "/store/customers/me/orders?status%5B%5D=pending,canceled",
            &with_cookie,
            None,
        )
        .json();
    t.eq(
        comma["count"].clone(),
        json!(6),
        "one-element array split on commas",
    );
    let by_payment = c
        .send(
            "GET",
            "/store/customers/me/orders?payment_status[0]=captured&fields=id,status&expand=items",
            &with_cookie,
            None,
        )
        .json();
    t.eq(
        by_payment["count"].clone(),
        json!(7),
        "payment_status filter, fields/expand accepted",
    );
    let invalid = c.send(
        "GET",
        "/store/customers/me/orders?status[]=bogus",
        &with_cookie,
        None,
    );
    t.eq(
        invalid.body.as_str(),
        r#"{"type":"invalid_data","message":"each value in status must be one of the following values: pending, completed, archived, canceled, requires_action"}"#,
        "invalid status",
    );
    let nan = c.send(
        "GET",
        "/store/customers/me/orders?limit=abc",
        &with_cookie,
        None,
    );
    t.eq(
        nan.body.as_str(),
        r#"{"type":"invalid_data","message":"limit must be a number conforming to the specified constraints"}"#,
        "limit not a number",
    );
    let unknown_param = c.send(
        "GET",
        "/store/customers/me/orders?order=-created_at",
        &with_cookie,
        None,
    );
    t.eq(
        unknown_param.body.as_str(),
        r#"{"type":"invalid_data","message":"property order should not exist"}"#,
        "unknown query parameter",
    );
    let negative = c.send(
        "GET",
        "/store/customers/me/orders?offset=-1",
        &with_cookie,
        None,
    );
    t.status(&negative, 500, "negative offset");
    let orders_anon = anon.send("GET", "/store/customers/me/orders", &[], None);
    t.status(&orders_anon, 401, "orders without cookie");

    // ---- addresses ----
    let address = r#"{"address":{"first_name":"Jane","last_name":"Doe","address_1":"1 Main St","address_2":null,"city":"Springfield","country_code":"US","postal_code":"12345","province":"IL","phone":"+15550002222","company":"ACME","metadata":{"kind":"home"}}}"#;
    let added = c.send(
        "POST",
        "/store/customers/me/addresses",
        &with_cookie,
        Some(address),
    );
    t.status(&added, 200, "add address");
    let addresses = added.json()["customer"]["shipping_addresses"].clone();
    t.eq(addresses.as_array().map(Vec::len), Some(1), "one address");
    t.eq(
        addresses[0]["country_code"].as_str(),
        Some("us"),
        "country_code lower-cased",
    );
    t.eq(
        addresses[0]["customer_id"].as_str(),
        Some(customer_id.as_str()),
        "address customer_id",
    );
    let address_id = addresses[0]["id"].as_str().unwrap_or_default().to_string();
    t.ok(
        added.body.contains(r#""customer_id":"cus_"#) && added.body.contains(r#""company":"ACME","first_name":"Jane","last_name":"Doe","address_1":"1 Main St","address_2":null,"city":"Springfield","country_code":"us","province":"IL","postal_code":"12345","phone":"+15550002222","metadata":{"kind":"home"}}]"#),
        "address key order",
    );
    let again = c.send(
        "POST",
        "/store/customers/me/addresses",
        &with_cookie,
        Some(address),
    );
    t.eq(
        again.json()["customer"]["shipping_addresses"]
            .as_array()
            .map(Vec::len),
        Some(1),
        "equal address is not added twice",
    );
    let missing = c.send(
        "POST",
        "/store/customers/me/addresses",
        &with_cookie,
        Some(r#"{"address":{"first_name":"Jane"}}"#),
    );
    t.eq(
        missing.body.as_str(),
        r#"{"type":"invalid_data","message":"last_name must be a string, address_1 must be a string, city must be a string, country_code must be a string, postal_code must be a string"}"#,
        "address missing fields",
    );
    let no_wrapper = c.send(
        "POST",
        "/store/customers/me/addresses",
        &with_cookie,
        Some(r#"{"first_name":"Jane","last_name":"Doe","address_1":"x","city":"y","country_code":"us","postal_code":"1"}"#),
    );
    t.eq(
        no_wrapper.body.as_str(),
        r#"{"type":"invalid_data","message":"property first_name should not exist, property last_name should not exist, property address_1 should not exist, property city should not exist, property country_code should not exist, property postal_code should not exist"}"#,
        "address without wrapper",
    );
    let updated = c.send(
        "POST",
        &format!("/store/customers/me/addresses/{address_id}"),
        &with_cookie,
        Some(r#"{"address_2":"Apt 4","city":"Shelbyville"}"#),
    );
    t.status(&updated, 200, "update address");
    let updated_address = updated.json()["customer"]["shipping_addresses"][0].clone();
    t.eq(
        (
            updated_address["address_2"].as_str(),
            updated_address["city"].as_str(),
        ),
        (Some("Apt 4"), Some("Shelbyville")),
        "address updated",
    );
    t.ok(
        updated_address["updated_at"] != updated_address["created_at"]
            || updated_address["updated_at"].is_string(),
        "address updated_at present",
    );
    let encoded_id = address_id.replace('_', "%5F");
    let updated_encoded = c.send(
        "POST",
        &format!("/store/customers/me/addresses/{encoded_id}"),
        &with_cookie,
        Some(r#"{"company":"ACME Corp"}"#),
    );
    t.eq(
        updated_encoded.json()["customer"]["shipping_addresses"][0]["company"].as_str(),
        Some("ACME Corp"),
        "percent-encoded address id is decoded",
    );
    let unknown_address = c.send(
        "POST",
        "/store/customers/me/addresses/addr_does_not_exist",
        &with_cookie,
        Some(r#"{"city":"X"}"#),
    );
    t.eq(
        unknown_address.body.as_str(),
        r#"{"type":"invalid_data","message":"Could not find address for customer"}"#,
        "update unknown address",
    );
    let billing = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(&format!(r#"{{"billing_address":"{address_id}"}}"#)),
    );
    let billing_json = billing.json();
    t.eq(
        billing_json["customer"]["billing_address_id"].as_str(),
        Some(address_id.as_str()),
        "billing address by id",
    );
    t.eq(
        billing_json["customer"]["billing_address"]["id"].as_str(),
        Some(address_id.as_str()),
        "billing address relation",
    );
    let billing_missing = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"billing_address":"addr_nope"}"#),
    );
    t.eq(
        billing_missing.body.as_str(),
        r#"{"type":"not_found","message":"Address with id addr_nope was not found"}"#,
        "billing address id must exist",
    );
    let billing_null = c.send(
        "POST",
        "/store/customers/me",
        &with_cookie,
        Some(r#"{"billing_address":null}"#),
    );
    t.eq(
        billing_null.json()["customer"]["billing_address_id"].clone(),
        Value::Null,
        "billing_address null unsets",
    );
    let deleted = c.send(
        "DELETE",
        &format!("/store/customers/me/addresses/{address_id}"),
        &with_cookie,
        Some("{}"),
    );
    t.status(&deleted, 200, "delete address");
    t.eq(
        deleted.json()["customer"]["shipping_addresses"].clone(),
        json!([]),
        "address deleted",
    );
    let deleted_again = c.send(
        "DELETE",
        &format!("/store/customers/me/addresses/{address_id}"),
        &with_cookie,
        Some("{}"),
    );
    t.status(&deleted_again, 200, "delete is idempotent");

    let methods = c.send(
        "GET",
        "/store/customers/me/payment-methods",
        &with_cookie,
        None,
    );
    t.eq(
        methods.body.as_str(),
        r#"{"payment_methods":[]}"#,
        "payment methods",
    );

    // ---- login / exists / token ----
    let mut fresh = Conn::open(&addr);
    let wrong = fresh.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"wrong"}"#),
    );
    t.status(&wrong, 401, "login wrong password");
    t.eq(
        (wrong.header("content-type"), wrong.body.as_str()),
        (Some("text/plain; charset=utf-8"), "Unauthorized"),
        "login 401 is text/plain",
    );
    let no_password = fresh.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"jane.doe@example.com"}"#),
    );
    t.eq(
        no_password.body.as_str(),
        r#"{"type":"invalid_data","message":"password should not be empty"}"#,
        "login without password",
    );
    let guest_login = fresh.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"guest@example.com","password":""}"#),
    );
    t.status(&guest_login, 400, "guest login validation");
    let login = fresh.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"JANE.DOE@example.com","password":"supersecret1"}"#),
    );
    t.status(&login, 200, "login");
    let login_cookie = login.cookie().expect("login cookie");
    let login_json = login.json();
    t.eq(
        login_json["customer"]["orders"].as_array().map(Vec::len),
        Some(12),
        "login has orders",
    );
    t.ok(
        login_json["customer"].get("billing_address").is_none()
            && login_json["customer"]["shipping_addresses"].is_array()
            && login.body.contains(
                r#""metadata":{"tier":"gold","newsletter":true},"orders":[{"object":"order""#,
            ),
        "login customer shape",
    );
    let session = fresh.send(
        "GET",
        "/store/auth",
        &[("Cookie", login_cookie.as_str())],
        None,
    );
    t.status(&session, 200, "GET /store/auth with cookie");
    t.ok(
        session.body == login.body,
        "GET /store/auth has the POST shape",
    );
    let session_anon = anon.send("GET", "/store/auth", &[], None);
    t.status(&session_anon, 401, "GET /store/auth without cookie");
    t.ok(
        session_anon.header("content-type").is_none(),
        "GET /store/auth 401 plain",
    );

    for (path, expected) in [
        ("/store/auth/jane.doe@example.com", true),
        ("/store/auth/JANE.DOE%40Example.com", true),
        ("/store/auth/guest@example.com", false),
        ("/store/auth/nobody@example.com", false),
        ("/store/auth/not-an-email", false),
    ] {
        let res = anon.send("GET", path, &[], None);
        t.status(&res, 200, path);
        t.eq(res.json(), json!({ "exists": expected }), path);
    }

    let token_res = anon.send(
        "POST",
        "/store/auth/token",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"supersecret1"}"#),
    );
    t.status(&token_res, 200, "token");
    let token = token_res.json()["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    t.ok(
        token.starts_with("eyJ") && token.split('.').count() == 3,
        "JWT-looking token",
    );
    let token_wrong = anon.send(
        "POST",
        "/store/auth/token",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"nope"}"#),
    );
    t.eq(
        token_wrong.body.as_str(),
        "Unauthorized",
        "token wrong password",
    );
    let bearer = format!("Bearer {token}");
    let mut bearer_conn = Conn::open(&addr);
    let me_bearer = bearer_conn.send(
        "GET",
        "/store/customers/me",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.status(&me_bearer, 200, "me with bearer");
    t.ok(
        me_bearer.header("set-cookie").is_some(),
        "bearer request still gets a session cookie",
    );
    let orders_bearer = bearer_conn.send(
        "GET",
        "/store/customers/me/orders?limit=1",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.eq(
        orders_bearer.json()["count"].clone(),
        json!(12),
        "orders with bearer",
    );
    let bad_bearer = bearer_conn.send(
        "GET",
        "/store/customers/me",
        &[("Authorization", "Bearer not.a.jwt")],
        None,
    );
    t.status(&bad_bearer, 401, "bad bearer");

    // ---- password reset ----
    let token_known = anon.send(
        "POST",
        "/store/customers/password-token",
        &[],
        Some(r#"{"email":"Jane.Doe@example.com"}"#),
    );
    t.status(&token_known, 204, "password-token known");
    t.ok(
        token_known.header("content-length").is_none() && token_known.body.is_empty(),
        "204 has no body",
    );
    let token_unknown = anon.send(
        "POST",
        "/store/customers/password-token",
        &[],
        Some(r#"{"email":"nobody@example.com"}"#),
    );
    t.status(&token_unknown, 204, "password-token unknown");
    let token_bad = anon.send(
        "POST",
        "/store/customers/password-token",
        &[],
        Some(r#"{"email":"nope"}"#),
    );
    t.eq(
        token_bad.body.as_str(),
        r#"{"type":"invalid_data","message":"email must be an email"}"#,
        "password-token bad email",
    );
    let hook = anon.send(
        "GET",
        "/test-hooks/password-reset-token?email=jane.doe%40example.com",
        &[],
        None,
    );
    t.status(&hook, 200, "reset hook");
    let hook_json = hook.json();
    t.eq(
        hook_json["customer_id"].as_str(),
        Some(customer_id.as_str()),
        "hook customer_id",
    );
    t.ok(
        hook.body
            .starts_with(r#"{"email":"jane.doe@example.com","customer_id":""#),
        "hook shape",
    );
    let reset_token = hook_json["token"].as_str().unwrap_or_default().to_string();
    let hook_missing = anon.send(
        "GET",
        "/test-hooks/password-reset-token?email=nobody%40example.com",
        &[],
        None,
    );
    t.status(&hook_missing, 404, "hook unknown");
    t.eq(
        hook_missing.body.as_str(),
        r#"{"message":"no reset token recorded for nobody@example.com"}"#,
        "hook unknown body",
    );
    let reset_bad = anon.send(
        "POST",
        "/store/customers/password-reset",
        &[],
        Some(r#"{"email":"jane.doe@example.com","token":"not-a-jwt","password":"newsecret1"}"#),
    );
    t.status(&reset_bad, 500, "reset bad token");
    t.eq(
        reset_bad.body.as_str(),
        r#"{"code":"unknown_error","type":"unknown_error","message":"An unknown error occurred."}"#,
        "reset bad token body",
    );
    let reset_unknown = anon.send(
        "POST",
        "/store/customers/password-reset",
        &[],
        Some(r#"{"email":"nobody@example.com","token":"x","password":"newsecret1"}"#),
    );
    t.eq(
        (reset_unknown.status, reset_unknown.body.as_str()),
        (
            401,
            r#"{"type":"unauthorized","message":"Invalid or expired password reset token"}"#,
        ),
        "reset unknown email",
    );
    let reset_missing = anon.send(
        "POST",
        "/store/customers/password-reset",
        &[],
        Some(r#"{"email":"jane.doe@example.com"}"#),
    );
    t.eq(
        reset_missing.body.as_str(),
        r#"{"type":"invalid_data","message":"token must be a string, password must be a string"}"#,
        "reset missing fields",
    );
    let reset_body = format!(
        r#"{{"email":"jane.doe@example.com","token":"{reset_token}","password":"supersecret2"}}"#
    );
    let mut reset_conn = Conn::open(&addr);
    let reset = reset_conn.send(
        "POST",
        "/store/customers/password-reset",
        &[],
        Some(&reset_body),
    );
    t.status(&reset, 200, "reset");
    let reset_customer = reset.json()["customer"].clone();
    t.ok(
        reset_customer.get("shipping_addresses").is_none()
            && reset_customer.get("billing_address").is_none()
            && reset
                .body
                .ends_with(r#""has_account":true,"metadata":{"tier":"gold","newsletter":true}}}"#),
        "reset customer has no relations",
    );
    let me_after_reset = reset_conn.send(
        "GET",
        "/store/customers/me",
        &[("Cookie", reset.cookie().unwrap_or_default().as_str())],
        None,
    );
    t.status(&me_after_reset, 401, "reset does not log in");
    let reused = anon.send(
        "POST",
        "/store/customers/password-reset",
        &[],
        Some(&reset_body),
    );
    t.status(&reused, 500, "reset token is single-use");
    let old_password = anon.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"supersecret1"}"#),
    );
    t.status(&old_password, 401, "old password rejected");
    let new_password = anon.send(
        "POST",
        "/store/auth",
        &[],
        Some(r#"{"email":"jane.doe@example.com","password":"supersecret2"}"#),
    );
    t.status(&new_password, 200, "new password accepted");
    let me_bearer_after = bearer_conn.send(
        "GET",
        "/store/auth",
        &[("Authorization", bearer.as_str())],
        None,
    );
    t.status(&me_bearer_after, 200, "JWT survives the reset");

    // ---- logout ----
    let logout = fresh.send(
        "DELETE",
        "/store/auth",
        &[("Cookie", login_cookie.as_str())],
        Some("{}"),
    );
    t.status(&logout, 200, "logout");
    t.eq(
        (logout.header("content-type"), logout.body.as_str()),
        (Some("text/plain; charset=utf-8"), "OK"),
        "logout body",
    );
    t.ok(
        logout.header("set-cookie").is_none(),
        "logout sets no cookie",
    );
    let after_logout = fresh.send(
        "GET",
        "/store/auth",
        &[("Cookie", login_cookie.as_str())],
        None,
    );
    t.status(&after_logout, 401, "session destroyed");
    t.ok(
        after_logout.header("set-cookie").is_some(),
        "destroyed session gets a new cookie",
    );
    let logout_anon = anon.send("DELETE", "/store/auth", &[], None);
    t.status(&logout_anon, 200, "logout without a cookie");
    t.ok(
        logout_anon.header("set-cookie").is_none(),
        "anonymous logout sets no cookie",
    );
    let still = c.send("GET", "/store/customers/me", &with_cookie, None);
    t.status(&still, 200, "the registration session is independent");

    // ---- the rest ----
    let missing_route = anon.send("GET", "/store/does-not-exist", &[], None);
    t.status(&missing_route, 404, "unknown route");
    t.ok(
        missing_route
            .body
            .contains("<pre>Cannot GET /store/does-not-exist</pre>")
            && missing_route.header("vary") == Some("Origin"),
        "unknown route page",
    );
    let preflight = anon.send(
        "OPTIONS",
        "/store/customers/me",
        &[
            ("Origin", "http://localhost:8000"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "content-type"),
        ],
        None,
    );
    t.status(&preflight, 204, "CORS preflight");
    t.eq(
        preflight.header("access-control-allow-origin"),
        Some("http://localhost:8000"),
        "preflight origin",
    );

    // Keep-alive: everything above on `c` went over one socket.
    let keepalive = c.send("GET", "/health", &[], None);
    t.eq(keepalive.body.as_str(), "OK", "connection reused all along");

    // Garbage is answered with 400 and the connection closed; the server keeps serving.
    let mut garbage = Conn::open(&addr);
    let bad_request = garbage.raw(b"NOT A REQUEST\r\n\r\n");
    t.eq(bad_request.status, 400, "garbage request");
    let mut rest = Vec::new();
    let _ = garbage.reader.read_to_end(&mut rest);
    t.ok(rest.is_empty(), "garbage connection closed");
    let huge = Conn::open(&addr)
        .raw(b"POST /store/customers HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n");
    t.eq(huge.status, 413, "oversized body rejected");
    let chunked = Conn::open(&addr).raw(
        b"POST /store/auth/token HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
          1b\r\n{\"email\":\"jane.doe@example.\r\n1f\r\ncom\",\"password\":\"supersecret2\"}\r\n0\r\n\r\n",
    );
    t.status(&chunked, 200, "chunked request body");

    // Dropping the handle stops the server promptly, even with idle keep-alive connections open.
    let started = Instant::now();
    drop(backend);
    t.ok(
        started.elapsed() < Duration::from_secs(3),
        "drop does not hang",
    );
    let mut buf = [0u8; 1];
    let closed = matches!(c.reader.read(&mut buf), Ok(0) | Err(_));
    t.ok(closed, "open connections are closed on drop");
    t.ok(TcpStream::connect(&addr).is_err(), "listener is closed");
}
